/** The best add (`r = -1`) or swap (open u, close r) move, and its profit. */
export interface Move {
  u: number;
  r: number;
  profit: number;
}

/**
 * Picks the most profitable move from fast-interchange arrays: adding closed site u gains
 * `gain[u]`; swapping u in for open site r (at position k of `openList`) gains
 * `gain[u] − loss[r] + extra[u·P + k]`. Since extra[u, r] ≤ loss[r] in both p-median and MCLP,
 * a site with gain ≤ 0 cannot improve and is skipped. Existing sites never leave; a move must keep
 * the new-site cost within `room` (the unspent budget), and an add needs `canAdd`.
 */
export function bestMove(
  open: Uint8Array,
  openList: ArrayLike<number>,
  P: number,
  gain: Float64Array,
  loss: Float64Array,
  extra: Float64Array,
  cost: Float64Array,
  existing: Uint8Array,
  room: number,
  canAdd: boolean,
): Move {
  const best: Move = { u: -1, r: -1, profit: 0 };
  const m = open.length;
  for (let u = 0; u < m; u++) {
    if (open[u]) continue;
    const g = gain[u];
    if (g <= 0) continue;
    if (canAdd && cost[u] <= room && g > best.profit) {
      best.profit = g;
      best.u = u;
      best.r = -1;
    }
    const base = u * P;
    for (let k = 0; k < P; k++) {
      const r = openList[k];
      if (existing[r] || cost[u] - cost[r] > room) continue;
      const profit = g - loss[r] + extra[base + k];
      if (profit > best.profit) {
        best.profit = profit;
        best.u = u;
        best.r = r;
      }
    }
  }
  return best;
}

/** The best add (`r = -1`) or swap (open u, close r) move, and its profit. */
export interface Move {
  u: number;
  r: number;
  profit: number;
}

/** Restrictions for {@link bestMove}: path relinking moves only towards a target solution. */
export interface MoveFilter {
  /** Only closed sites u with `inMask[u]` may open. */
  inMask?: Uint8Array;
  /** Only open sites r with `outMask[r]` may close. */
  outMask?: Uint8Array;
  /**
   * A move must gain strictly more than this (default 0: improving moves only). `-Infinity` picks
   * the least bad move when none improves, as a relinking step must.
   */
  floor?: number;
}

/**
 * Picks the most profitable move from fast-interchange arrays: adding closed site u gains
 * `gain[u]`; swapping u in for open site r (at position k of `openList`) gains
 * `gain[u] − loss[r] + extra[u·P + k]`. Since extra[u, r] ≤ loss[r] in both p-median and MCLP,
 * a site whose gain does not exceed the floor (0 by default) cannot improve and is skipped.
 * Existing sites never leave; a move must keep the new-site cost within `room` (the unspent
 * budget), and an add needs `canAdd`. Ties go to the first (u, then k) found.
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
  filter?: MoveFilter,
): Move {
  const floor = filter?.floor ?? 0;
  const best: Move = { u: -1, r: -1, profit: floor };
  const inMask = filter?.inMask;
  const outMask = filter?.outMask;
  const m = open.length;
  // the loss of closing the site at each position; Infinity where it may not close
  const lossAt = new Float64Array(P);
  for (let k = 0; k < P; k++) {
    const r = openList[k];
    lossAt[k] = existing[r] || (outMask !== undefined && !outMask[r]) ? Infinity : loss[r];
  }
  const budgeted = room !== Infinity;
  for (let u = 0; u < m; u++) {
    if (open[u] || (inMask !== undefined && !inMask[u])) continue;
    const g = gain[u];
    if (g <= floor) continue;
    if (canAdd && cost[u] <= room && g > best.profit) {
      best.profit = g;
      best.u = u;
      best.r = -1;
    }
    const base = u * P;
    for (let k = 0; k < P; k++) {
      if (budgeted && cost[u] - cost[openList[k]] > room) continue;
      const profit = g - lossAt[k] + extra[base + k];
      if (profit > best.profit) {
        best.profit = profit;
        best.u = u;
        best.r = openList[k];
      }
    }
  }
  return best;
}

/**
 * Adds demand point i's share to the p-median swap arrays (Resende–Werneck bookkeeping): i is
 * served at distance `c1` by the open site at position `rp` of the open list, and at `c2` by the
 * next one. Every closed site u closer than c2 (in i's sorted row `site`/`dc`, from `ptr[i]`)
 * gains `w·(c1 − d)` when opened (if d < c1), and `w·(c2 − max(d, c1))` of the loss of closing that
 * nearest site is saved when u replaces it (`extra[u·P + rp]`). A negative `w` takes a share back
 * out, term for term. Sites with `allowed[u] = 0` are left out. The loss itself, `w·(c2 − c1)` on
 * the nearest site, is the caller's. Returns how many row entries lie closer than c2.
 */
export function pmedianShare(
  ptr: Uint32Array,
  site: Uint32Array,
  dc: Float64Array,
  open: Uint8Array,
  allowed: Uint8Array | null,
  i: number,
  w: number,
  c1: number,
  c2: number,
  rp: number,
  P: number,
  gain: Float64Array,
  extra: Float64Array,
): number {
  const e = ptr[i + 1];
  let k = ptr[i];
  for (; k < e; k++) {
    const d = dc[k];
    if (d >= c2) break;
    const u = site[k];
    if (open[u] || (allowed !== null && !allowed[u])) continue;
    if (d < c1) gain[u] += w * (c1 - d);
    extra[u * P + rp] += w * (c2 - (d > c1 ? d : c1));
  }
  return k - ptr[i];
}

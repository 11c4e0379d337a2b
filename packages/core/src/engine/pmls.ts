import { bestMove, pmedianShare } from "../heuristics/swap.js";

/**
 * Swap local search for p-median incumbents inside the engine (best improvement, Resende–Werneck
 * gain/loss/extra bookkeeping and move choice shared with the p-median heuristic, in
 * heuristics/swap.ts), restricted to an allowed set of sites. Lists are sorted neighbour lists in
 * CSR form (possibly with some sites removed). Only used to improve incumbents: every result is
 * re-evaluated exactly by the caller.
 */
export interface Lists {
  ptr: Uint32Array;
  site: Uint32Array;
  cost: Float64Array;
}

/**
 * Improves `open` in place by swaps (u in, r out) among sites with `allowed[u]` true; `fixed[r]`
 * sites (existing) never leave. Respects a budget on Σ cost of non-fixed open sites when finite.
 * Demand points whose list holds fewer than two open sites get the list's last cost + 1 as a
 * stand-in second distance (exact for complete lists, where every site is listed).
 */
export function swapLocalSearch(
  lists: Lists,
  act: Int32Array,
  weight: Float64Array,
  m: number,
  open: Uint8Array,
  allowed: Uint8Array,
  fixed: Uint8Array,
  cost: Float64Array,
  budget: number,
  maxMoves: number,
  stop: () => boolean,
): void {
  const { ptr, site, cost: dc } = lists;
  const n = act.length;
  const a1 = new Int32Array(n);
  const c1 = new Float64Array(n);
  const c2 = new Float64Array(n);
  const gain = new Float64Array(m);
  const loss = new Float64Array(m);
  const pos = new Int32Array(m).fill(-1);
  const openList = new Int32Array(m);
  let extra = new Float64Array(0);
  let spent = 0;
  for (let j = 0; j < m; j++) if (open[j] && !fixed[j]) spent += cost[j];
  for (let move = 0; move < maxMoves; move++) {
    if ((move & 3) === 3 && stop()) return;
    let P = 0;
    for (let j = 0; j < m; j++) if (open[j]) {
      pos[j] = P;
      openList[P++] = j;
    } else pos[j] = -1;
    if (P === 0) return;
    for (let a = 0; a < n; a++) {
      const i = act[a];
      let f = -1;
      let d1 = Infinity, d2 = Infinity;
      const e = ptr[i + 1];
      for (let k = ptr[i]; k < e; k++) if (open[site[k]]) {
        if (f < 0) {
          f = site[k];
          d1 = dc[k];
        } else {
          d2 = dc[k];
          break;
        }
      }
      if (f < 0) {
        // nearest open site beyond the list: leave this point out of the move evaluation
        a1[a] = -1;
        continue;
      }
      if (d2 === Infinity) d2 = (e > ptr[i] ? dc[e - 1] : d1) + 1;
      a1[a] = f;
      c1[a] = d1;
      c2[a] = d2;
    }
    if (extra.length < m * P) extra = new Float64Array(m * P);
    else extra.fill(0, 0, m * P);
    gain.fill(0);
    loss.fill(0);
    for (let a = 0; a < n; a++) {
      const r = a1[a];
      if (r < 0) continue;
      const i = act[a];
      const w = weight[i];
      const d1 = c1[a], d2 = c2[a];
      loss[r] += w * (d2 - d1);
      pmedianShare(ptr, site, dc, open, allowed, i, w, d1, d2, pos[r], P, gain, extra);
    }
    const { u: bestU, r: bestR, profit: bestProfit } = bestMove(open, openList, P, gain, loss, extra, cost, fixed, budget - spent, false, { inMask: allowed });
    if (bestU < 0 || bestProfit <= 1e-9) return;
    open[bestU] = 1;
    open[bestR] = 0;
    spent += cost[bestU] - cost[bestR];
  }
}

/**
 * Backup coverage (Hogan–ReVelle): from a cover of every demand point with weight > 0 (an LSCP
 * answer), a best-improvement local search of adds and swaps that keep every point covered and
 * the limits (at most p sites, new-site cost ≤ budget) met, maximising the weight of the points
 * covered by two or more open sites. Bound: the weight of the points that two sites can cover.
 */
import type { Coverage } from "../coverage.js";
import type { RunContext } from "../heuristics/context.js";
import type { SiteLimits } from "../heuristics/pmedian.js";
import type { Instance } from "../instance.js";

export interface BackupResult {
  open: Uint8Array;
  objective: number;
  bound: number;
}

export function backupSearch(inst: Instance, cov: Coverage, limits: SiteLimits, start: Uint8Array, closed: Uint8Array, ctx: RunContext): BackupResult {
  const { n, m, weight, existing, cost } = inst;
  const { ptr, idx } = cov.bySite;
  const { ptr: dptr } = cov.byDemand;
  const open = start.slice();
  const cnt = new Int32Array(n);
  let count = 0;
  let spent = 0;
  const toggle = (j: number, on: boolean) => {
    open[j] = on ? 1 : 0;
    count += on ? 1 : -1;
    if (!existing[j]) spent += on ? cost[j] : -cost[j];
    for (let k = ptr[j]; k < ptr[j + 1]; k++) cnt[idx[k]] += on ? 1 : -1;
  };
  for (let j = 0; j < m; j++) if (open[j]) {
    open[j] = 0;
    toggle(j, true);
  }
  let value = 0;
  for (let i = 0; i < n; i++) if (weight[i] > 0 && cnt[i] >= 2) value += weight[i];
  const fits = (extra: number) => spent + extra <= limits.budget * (1 + 1e-12) + 1e-9;
  /** Weight that becomes doubly covered when u opens. */
  const gainOf = (u: number) => {
    let g = 0;
    for (let k = ptr[u]; k < ptr[u + 1]; k++) if (cnt[idx[k]] === 1 && weight[idx[k]] > 0) g += weight[idx[k]];
    return g;
  };
  /** Weight that loses its second cover when r closes, or -1 when a point would lose its only cover. */
  const lossOf = (r: number) => {
    let l = 0;
    for (let k = ptr[r]; k < ptr[r + 1]; k++) {
      const i = idx[k];
      if (!(weight[i] > 0)) continue;
      if (cnt[i] === 1) return -1;
      if (cnt[i] === 2) l += weight[i];
    }
    return l;
  };
  const tolOf = () => 1e-10 * Math.max(1, value);
  for (;;) {
    if (ctx.shouldStop()) break;
    let bu = -1;
    let br = -1;
    let best = tolOf();
    for (let u = 0; u < m; u++) {
      if (open[u] || closed[u]) continue;
      const g = gainOf(u);
      if (count < limits.p && fits(cost[u]) && g > best) {
        best = g;
        bu = u;
        br = -1;
      }
      // swaps: open u, then the best site to close
      toggle(u, true);
      for (let r = 0; r < m; r++) {
        if (!open[r] || existing[r] || r === u || !fits(-cost[r])) continue;
        const l = lossOf(r);
        if (l < 0) continue;
        if (g - l > best) {
          best = g - l;
          bu = u;
          br = r;
        }
      }
      toggle(u, false);
    }
    if (bu < 0) break;
    toggle(bu, true);
    if (br >= 0) toggle(br, false);
    value += best;
    ctx.report("local search", value, undefined, false, open);
  }
  let bound = 0;
  for (let i = 0; i < n; i++) if (weight[i] > 0 && dptr[i + 1] - dptr[i] >= 2) bound += weight[i];
  value = 0;
  for (let i = 0; i < n; i++) if (weight[i] > 0 && cnt[i] >= 2) value += weight[i];
  return { open, objective: value, bound };
}

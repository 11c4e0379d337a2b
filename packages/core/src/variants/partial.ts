/**
 * Target coverage (partial set covering): the fewest sites (or the least cost of new sites) whose
 * coverage holds at least `share` of the total demand weight. A greedy cover (best newly covered
 * weight per unit cost) with redundant sites dropped, then a descent through the MCLP machinery:
 * "can p − 1 sites (or cost C − δ) still meet the target?" asked of `mclpHeuristic` (heuristic) or
 * of the exact `mclpExact` (engine) — a no from the exact engine proves the incumbent optimal.
 */
import type { Coverage } from "../coverage.js";
import type { EngineResult } from "../engine/common.js";
import { mclpExact } from "../engine/mclp.js";
import type { RunContext } from "../heuristics/context.js";
import { mclpHeuristic } from "../heuristics/cover.js";
import type { Instance } from "../instance.js";
import { meetsTarget } from "./evaluate.js";

export interface PartialResult {
  open: Uint8Array;
  objective: number;
  /** A proven lower bound on the optimum. */
  bound: number;
  status: "optimal" | "feasible" | "time_limit" | "infeasible";
}

export function partialCover(inst: Instance, cov: Coverage, share: number, ctx: RunContext, o: { countSites: boolean; exact: boolean; shakes: number }): PartialResult {
  const { n, m, weight, existing } = inst;
  const unit = Float64Array.from(inst.cost, (c) => (o.countSites ? 1 : c));
  const { ptr: dptr, idx: didx } = cov.byDemand;
  const { ptr, idx } = cov.bySite;
  let total = 0;
  let coverable = 0;
  for (let i = 0; i < n; i++) {
    total += weight[i];
    if (dptr[i + 1] > dptr[i]) coverable += weight[i];
  }
  const meets = (w: number) => meetsTarget(w, share, total);
  const objOf = (open: Uint8Array) => {
    let s = 0;
    for (let j = 0; j < m; j++) if (open[j]) s += o.countSites ? 1 : existing[j] ? 0 : inst.cost[j];
    return s;
  };
  const coveredOf = (open: Uint8Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let k = dptr[i]; k < dptr[i + 1]; k++) if (open[didx[k]]) {
      s += weight[i];
      break;
    }
    return s;
  };
  if (!meets(coverable)) return { open: existing.slice(), objective: Infinity, bound: Infinity, status: "infeasible" };

  // greedy: existing sites, then the best newly covered weight per unit cost until the target is met
  const open = existing.slice();
  const cnt = new Int32Array(n);
  let covered = 0;
  const add = (u: number) => {
    open[u] = 1;
    for (let k = ptr[u]; k < ptr[u + 1]; k++) if (cnt[idx[k]]++ === 0) covered += weight[idx[k]];
  };
  for (let j = 0; j < m; j++) if (existing[j]) add(j);
  const gain = new Float64Array(m);
  for (let u = 0; u < m; u++) if (!open[u]) for (let k = ptr[u]; k < ptr[u + 1]; k++) if (cnt[idx[k]] === 0) gain[u] += weight[idx[k]];
  let count = 0;
  for (let j = 0; j < m; j++) count += open[j];
  while (!meets(covered) || count === 0) {
    let best = -1;
    let score = -1;
    for (let u = 0; u < m; u++) {
      if (open[u] || (gain[u] <= 0 && count > 0)) continue;
      const sc = unit[u] > 0 ? gain[u] / unit[u] : Infinity;
      if (sc > score || (sc === score && gain[u] > gain[best])) {
        score = sc;
        best = u;
      }
    }
    if (best < 0) break;
    for (let k = ptr[best]; k < ptr[best + 1]; k++) {
      const i = idx[k];
      if (cnt[i] === 0) for (let t = dptr[i]; t < dptr[i + 1]; t++) gain[didx[t]] -= weight[i];
    }
    add(best);
    count++;
  }
  // drop redundant sites, the most expensive first, while the target still holds
  const order: number[] = [];
  for (let j = 0; j < m; j++) if (open[j] && !existing[j]) order.push(j);
  order.sort((a, b) => unit[b] - unit[a] || b - a);
  for (const j of order) {
    if (count === 1) break;
    let loss = 0;
    for (let k = ptr[j]; k < ptr[j + 1]; k++) if (cnt[idx[k]] === 1) loss += weight[idx[k]];
    if (!meets(covered - loss)) continue;
    open[j] = 0;
    count--;
    covered -= loss;
    for (let k = ptr[j]; k < ptr[j + 1]; k++) cnt[idx[k]]--;
  }
  let inc = open;
  let obj = objOf(inc);
  ctx.report("greedy", obj, undefined, false, inc);
  let bound = lowerBound(inst, cov, unit, share * total - 1e-9 * Math.max(1, total), o.countSites);
  const integral = o.countSites || allInt(inst.cost);
  let proven = obj <= bound;
  // descent: ask for the target at one site less (or a strictly smaller cost)
  while (!proven && !ctx.shouldStop()) {
    const limits = o.countSites ? { p: obj - 1, budget: Infinity } : { p: Infinity, budget: integral ? obj - 1 : obj * (1 - 1e-9) - 2e-9 };
    let E = 0;
    for (let j = 0; j < m; j++) E += existing[j];
    if (limits.p < Math.max(1, E) || limits.budget < 0) {
      proven = true;
      break;
    }
    const r = o.exact ? mclpExact(inst, cov, limits, ctx) : mclpHeuristic(inst, cov, limits, ctx, o.shakes);
    const c = coveredOf(r.open);
    if (meets(c) && objOf(r.open) < obj) {
      inc = r.open.slice();
      obj = objOf(inc);
      ctx.report("descent", obj, undefined, false, inc);
      continue;
    }
    // the exact engine's upper bound on the coverage at the smaller size: below the target proves it
    if (o.exact && ((r as EngineResult).status === "optimal" || !meets((r as EngineResult).bound))) proven = true;
    break;
  }
  if (proven) bound = obj;
  return { open: inc, objective: obj, bound, status: proven ? "optimal" : ctx.timedOut ? "time_limit" : "feasible" };
}

const allInt = (a: Float64Array) => a.every((v) => Number.isInteger(v));

/**
 * A lower bound: each site covers at most its own weight, so the fewest sites (count) or the least
 * cost (fractional knapsack on weight per cost) whose weights add up to the target.
 */
function lowerBound(inst: Instance, cov: Coverage, unit: Float64Array, target: number, count: boolean): number {
  const { m, weight, existing } = inst;
  const { ptr, idx } = cov.bySite;
  const w = new Float64Array(m);
  for (let j = 0; j < m; j++) for (let k = ptr[j]; k < ptr[j + 1]; k++) w[j] += weight[idx[k]];
  const c = Float64Array.from(unit, (u, j) => (count ? 1 : existing[j] ? 0 : u));
  const ratio = Float64Array.from(w, (v, j) => (c[j] > 0 ? v / c[j] : Infinity));
  const order = Array.from({ length: m }, (_, j) => j).sort((a, b) => (ratio[b] > ratio[a] ? 1 : ratio[b] < ratio[a] ? -1 : w[b] - w[a]));
  let got = 0;
  let lb = 0;
  for (const j of order) {
    if (got >= target) break;
    const take = Math.min(1, (target - got) / Math.max(w[j], 1e-300));
    got += w[j] * take;
    lb += c[j] * (count ? 1 : take);
  }
  let E = 0;
  for (let j = 0; j < m; j++) E += existing[j];
  if (count) return Math.max(lb, E, 1);
  return Math.max(0, lb * (1 - 1e-9));
}

import type { Coverage } from "../coverage.js";
import type { Instance } from "../instance.js";
import { mulberry32, randInt } from "../rng.js";
import type { RunContext } from "./context.js";
import type { HeuristicResult, SiteLimits } from "./pmedian.js";
import { bestMove } from "./swap.js";

/** What the MCLP heuristic reads of an instance (a cflp model can supply it too). */
export type CoverInstance = Pick<Instance, "n" | "m" | "weight" | "cost" | "existing">;

/** Open sites and, per demand point, how many open sites cover it. */
class CoverState {
  readonly open: Uint8Array;
  readonly cnt: Int32Array;
  count = 0;
  spent = 0;
  covered = 0;
  constructor(readonly inst: CoverInstance, readonly cov: Coverage) {
    this.open = new Uint8Array(inst.m);
    this.cnt = new Int32Array(inst.n);
  }
  add(u: number): void {
    const { ptr, idx } = this.cov.bySite;
    this.open[u] = 1;
    this.count++;
    this.spent += this.inst.cost[u];
    for (let k = ptr[u]; k < ptr[u + 1]; k++) if (this.cnt[idx[k]]++ === 0) this.covered += this.inst.weight[idx[k]];
  }
  remove(r: number): void {
    const { ptr, idx } = this.cov.bySite;
    this.open[r] = 0;
    this.count--;
    this.spent -= this.inst.cost[r];
    for (let k = ptr[r]; k < ptr[r + 1]; k++) if (--this.cnt[idx[k]] === 0) this.covered -= this.inst.weight[idx[k]];
  }
  openExisting(): void {
    for (let j = 0; j < this.inst.m; j++) if (this.inst.existing[j]) this.add(j);
  }
}

/**
 * MCLP (count and/or budget): greedy by marginal covered weight (per unit cost under a budget),
 * then best-improvement swap/add local search with gain/loss/extra arrays, then seeded
 * perturbation rounds. Bound: the weight of demand points that some site can cover.
 */
export function mclpHeuristic(inst: CoverInstance, cov: Coverage, limits: SiteLimits, ctx: RunContext, shakes = 30): HeuristicResult {
  const st = new CoverState(inst, cov);
  st.openExisting();
  mclpGreedy(st, limits, ctx);
  mclpLocalSearch(st, limits, ctx);
  let best = st.open.slice();
  let bestObj = st.covered;
  const rand = mulberry32(ctx.seed);
  const { m, existing, cost } = inst;
  for (let round = 0; round < shakes && !ctx.shouldStop(); round++) {
    const mov: number[] = [];
    const closed: number[] = [];
    for (let j = 0; j < m; j++) (st.open[j] ? (existing[j] ? null : mov) : closed)?.push(j);
    if (mov.length === 0 || closed.length === 0) break;
    const k = 1 + (round % Math.min(3, mov.length, closed.length));
    for (let t = 0; t < k; t++) {
      const r = mov.splice(randInt(rand, mov.length), 1)[0];
      const u = closed.splice(randInt(rand, closed.length), 1)[0];
      if (st.spent - cost[r] + cost[u] > limits.budget) continue;
      st.add(u);
      st.remove(r);
    }
    mclpLocalSearch(st, limits, ctx);
    const improved = st.covered > bestObj + 1e-9 * Math.max(1, bestObj);
    if (improved) {
      bestObj = st.covered;
      best = st.open.slice();
    } else {
      for (let j = 0; j < m; j++) if (st.open[j] && !best[j]) st.remove(j);
      for (let j = 0; j < m; j++) if (!st.open[j] && best[j]) st.add(j);
    }
    ctx.report("perturbation", bestObj, (round + 1) / shakes, false, improved ? best : undefined);
  }
  let reachable = 0;
  const { ptr } = cov.byDemand;
  for (let i = 0; i < inst.n; i++) if (ptr[i + 1] > ptr[i]) reachable += inst.weight[i];
  return { open: best, objective: bestObj, bound: reachable };
}

function mclpGreedy(st: CoverState, limits: SiteLimits, ctx: RunContext): void {
  const { inst, cov } = st;
  const { m, weight, cost } = inst;
  const { ptr, idx } = cov.bySite;
  const dptr = cov.byDemand.ptr;
  const didx = cov.byDemand.idx;
  const gain = new Float64Array(m);
  for (let u = 0; u < m; u++) {
    if (st.open[u]) continue;
    for (let k = ptr[u]; k < ptr[u + 1]; k++) if (st.cnt[idx[k]] === 0) gain[u] += weight[idx[k]];
  }
  const useRatio = Number.isFinite(limits.budget);
  while (st.count < limits.p) {
    if (ctx.shouldStop()) break;
    const room = limits.budget - st.spent;
    let best = -1;
    let bestScore = 0;
    for (let u = 0; u < m; u++) {
      if (st.open[u] || cost[u] > room || gain[u] <= 0) continue;
      const score = useRatio ? (cost[u] > 0 ? gain[u] / cost[u] : Infinity) : gain[u];
      if (score > bestScore || (score === bestScore && best >= 0 && gain[u] > gain[best])) {
        bestScore = score;
        best = u;
      }
    }
    if (best < 0) break;
    // newly covered demand points no longer add gain to the other sites covering them
    for (let k = ptr[best]; k < ptr[best + 1]; k++) {
      const i = idx[k];
      if (st.cnt[i] !== 0) continue;
      for (let t = dptr[i]; t < dptr[i + 1]; t++) gain[didx[t]] -= weight[i];
    }
    st.add(best);
    gain[best] = 0;
    ctx.report("greedy", st.covered, undefined, false, st.open);
  }
}

/**
 * The MCLP local search (best-improvement swap/add) from a given feasible open set (existing sites
 * open); returns the local optimum and its covered weight. The exact engine polishes its
 * Lagrangian solutions with it. Reports nothing: the caller decides what is a new best.
 */
export function mclpImprove(inst: CoverInstance, cov: Coverage, limits: SiteLimits, ctx: RunContext, open: Uint8Array): { open: Uint8Array; objective: number } {
  const st = new CoverState(inst, cov);
  for (let j = 0; j < inst.m; j++) if (open[j]) st.add(j);
  mclpLocalSearch(st, limits, ctx, false);
  return { open: st.open, objective: st.covered };
}

function mclpLocalSearch(st: CoverState, limits: SiteLimits, ctx: RunContext, report = true): void {
  const { inst, cov } = st;
  const { n, m, weight, cost, existing } = inst;
  const dptr = cov.byDemand.ptr;
  const didx = cov.byDemand.idx;
  const gain = new Float64Array(m);
  const loss = new Float64Array(m);
  const pos = new Int32Array(m);
  const openList: number[] = [];
  let extra = new Float64Array(0);
  for (;;) {
    if (ctx.shouldStop()) return;
    openList.length = 0;
    for (let j = 0; j < m; j++) if (st.open[j] && !existing[j]) {
      pos[j] = openList.length;
      openList.push(j);
    }
    const P = openList.length;
    if (extra.length < m * P) extra = new Float64Array(m * P);
    else extra.fill(0, 0, m * P);
    gain.fill(0);
    loss.fill(0);
    for (let i = 0; i < n; i++) {
      const w = weight[i];
      if (w <= 0) continue;
      const c = st.cnt[i];
      if (c === 0) {
        for (let t = dptr[i]; t < dptr[i + 1]; t++) gain[didx[t]] += w;
      } else if (c === 1) {
        let r = -1;
        for (let t = dptr[i]; t < dptr[i + 1]; t++) if (st.open[didx[t]]) { r = didx[t]; break; }
        if (existing[r]) continue;
        loss[r] += w;
        const rp = pos[r];
        for (let t = dptr[i]; t < dptr[i + 1]; t++) {
          const u = didx[t];
          if (!st.open[u]) extra[u * P + rp] += w;
        }
      }
    }
    const mv = bestMove(st.open, openList, P, gain, loss, extra, cost, existing, limits.budget - st.spent, st.count < limits.p);
    if (mv.u < 0 || mv.profit <= 1e-10 * Math.max(1, st.covered)) return;
    st.add(mv.u);
    if (mv.r >= 0) st.remove(mv.r);
    if (report) ctx.report("local search", st.covered, undefined, false, st.open);
  }
}

/**
 * LSCP: every demand point with weight > 0 covered by the fewest sites (or least cost of new
 * sites). Existing sites first, then greedy by newly covered points per unit cost, then removal
 * of redundant sites (most expensive first). Returns null `open` when some point cannot be covered.
 */
export function lscpHeuristic(inst: Instance, cov: Coverage, ctx: RunContext, opts: { countSites?: boolean; /** Report the answer as an incumbent (default true; off for p-center's probes). */ reportIncumbent?: boolean } = {}): HeuristicResult & { uncoverable: number[] } {
  const st = new CoverState(inst, cov);
  const { n, m, weight, existing } = inst;
  const dptr = cov.byDemand.ptr;
  const didx = cov.byDemand.idx;
  const { ptr, idx } = cov.bySite;
  const need = positive(weight);
  const byCount = opts.countSites || !inst.hasCosts;
  const uncoverable: number[] = [];
  for (let i = 0; i < n; i++) if (need[i] && dptr[i + 1] === dptr[i]) uncoverable.push(i);
  if (uncoverable.length) return { open: st.open, objective: Infinity, bound: null, uncoverable };
  st.openExisting();
  const unitCost = new Float64Array(m);
  for (let j = 0; j < m; j++) unitCost[j] = byCount ? 1 : inst.cost[j];
  const gain = new Int32Array(m);
  let left = 0;
  for (let i = 0; i < n; i++) {
    if (!need[i] || st.cnt[i] > 0) continue;
    left++;
    for (let t = dptr[i]; t < dptr[i + 1]; t++) gain[didx[t]]++;
  }
  while (left > 0) {
    if (ctx.signal?.aborted) ctx.shouldStop();
    let best = -1;
    let bestScore = -1;
    for (let u = 0; u < m; u++) {
      if (st.open[u] || gain[u] === 0) continue;
      const score = unitCost[u] > 0 ? gain[u] / unitCost[u] : Infinity;
      if (score > bestScore || (score === bestScore && gain[u] > gain[best])) {
        bestScore = score;
        best = u;
      }
    }
    for (let k = ptr[best]; k < ptr[best + 1]; k++) {
      const i = idx[k];
      if (!need[i] || st.cnt[i] !== 0) continue;
      left--;
      for (let t = dptr[i]; t < dptr[i + 1]; t++) gain[didx[t]]--;
    }
    st.add(best);
  }
  // redundancy removal: drop the most expensive sites whose every needed point is covered twice
  const order: number[] = [];
  for (let j = 0; j < m; j++) if (st.open[j] && !existing[j]) order.push(j);
  order.sort((a, b) => unitCost[b] - unitCost[a] || (ptr[a + 1] - ptr[a]) - (ptr[b + 1] - ptr[b]) || b - a);
  for (const j of order) {
    let redundant = true;
    for (let k = ptr[j]; k < ptr[j + 1]; k++) if (need[idx[k]] && st.cnt[idx[k]] < 2) { redundant = false; break; }
    if (redundant) st.remove(j);
  }
  if (st.count === 0) {
    // nothing needs covering (every weight is 0) and nothing exists: a solution still opens a
    // site (evaluate rejects an empty one), so open the cheapest, the lowest index on ties
    let cheapest = 0;
    for (let j = 1; j < m; j++) if (unitCost[j] < unitCost[cheapest]) cheapest = j;
    st.add(cheapest);
  }
  let objective = 0;
  for (let j = 0; j < m; j++) if (st.open[j]) objective += byCount ? 1 : inst.cost[j];
  if (opts.reportIncumbent !== false) ctx.report("greedy", objective, 1, false, st.open);
  return { open: st.open, objective, bound: null, uncoverable };
}

function positive(w: Float64Array): Uint8Array {
  const out = new Uint8Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = w[i] > 0 ? 1 : 0;
  return out;
}

import type { Instance } from "../instance.js";
import type { Neighbors } from "../neighbors.js";
import { mulberry32, randInt } from "../rng.js";
import type { RunContext } from "./context.js";
import { bestMove } from "./swap.js";

/** How many sites may be open: `p` (count, existing included) and `budget` (cost of new sites). */
export interface SiteLimits {
  p: number;
  budget: number;
}

export interface HeuristicResult {
  open: Uint8Array;
  objective: number;
  /** A proven lower bound (minimisation) or upper bound (maximisation), when one is known. */
  bound: number | null;
}

/**
 * p-median state with Resende–Werneck bookkeeping: for every demand point its nearest and
 * second-nearest open site (`a1`/`c1`, `a2`/`c2`).
 */
class PMedianState {
  readonly open: Uint8Array;
  readonly openList: Int32Array;
  readonly pos: Int32Array;
  count = 0;
  spent = 0;
  readonly c1: Float64Array;
  readonly c2: Float64Array;
  readonly a1: Int32Array;
  readonly a2: Int32Array;

  constructor(readonly inst: Instance, readonly nb: Neighbors) {
    const { n, m } = inst;
    this.open = new Uint8Array(m);
    this.openList = new Int32Array(m);
    this.pos = new Int32Array(m).fill(-1);
    this.c1 = new Float64Array(n).fill(Infinity);
    this.c2 = new Float64Array(n).fill(Infinity);
    this.a1 = new Int32Array(n).fill(-1);
    this.a2 = new Int32Array(n).fill(-1);
  }

  objective(): number {
    const w = this.inst.weight;
    let s = 0;
    for (let i = 0; i < this.inst.n; i++) if (w[i] > 0) s += w[i] * this.c1[i];
    return s;
  }

  private mark(u: number): void {
    this.open[u] = 1;
    this.pos[u] = this.count;
    this.openList[this.count++] = u;
    this.spent += this.inst.cost[u];
  }

  private unmark(r: number): void {
    const k = this.pos[r];
    const last = this.openList[--this.count];
    this.openList[k] = last;
    this.pos[last] = k;
    this.pos[r] = -1;
    this.open[r] = 0;
    this.spent -= this.inst.cost[r];
  }

  /** Recomputes a1/a2 of demand i from its sorted list (falling back to all open sites). */
  nearestTwo(i: number): void {
    const { ptr, site, cost, complete } = this.nb;
    let f1 = -1, f2 = -1, d1 = Infinity, d2 = Infinity;
    for (let k = ptr[i], e = ptr[i + 1]; k < e; k++) {
      const j = site[k];
      if (!this.open[j]) continue;
      if (f1 < 0) {
        f1 = j;
        d1 = cost[k];
      } else {
        f2 = j;
        d2 = cost[k];
        break;
      }
    }
    if (f2 < 0 && !complete) {
      f1 = f2 = -1;
      d1 = d2 = Infinity;
      for (let k = 0; k < this.count; k++) {
        const j = this.openList[k];
        const d = this.inst.dist(i, j);
        if (d < d1 || (d === d1 && j < f1)) {
          f2 = f1; d2 = d1; f1 = j; d1 = d;
        } else if (d < d2 || (d === d2 && j < f2)) {
          f2 = j; d2 = d;
        }
      }
    }
    this.a1[i] = f1; this.c1[i] = d1; this.a2[i] = f2; this.c2[i] = d2;
  }

  recomputeAll(): void {
    for (let i = 0; i < this.inst.n; i++) this.nearestTwo(i);
  }

  add(u: number): void {
    this.mark(u);
    const { n } = this.inst;
    const { c1, c2, a1, a2 } = this;
    for (let i = 0; i < n; i++) {
      const d = this.inst.dist(i, u);
      if (d < c1[i] || (d === c1[i] && u < a1[i])) {
        c2[i] = c1[i]; a2[i] = a1[i]; c1[i] = d; a1[i] = u;
      } else if (d < c2[i] || (d === c2[i] && u < a2[i])) {
        c2[i] = d; a2[i] = u;
      }
    }
  }

  remove(r: number): void {
    this.unmark(r);
    for (let i = 0; i < this.inst.n; i++) if (this.a1[i] === r || this.a2[i] === r) this.nearestTwo(i);
  }

  setOpen(flags: Uint8Array): void {
    while (this.count > 0) this.unmark(this.openList[this.count - 1]);
    for (let j = 0; j < flags.length; j++) if (flags[j]) this.mark(j);
    this.recomputeAll();
  }
}

/**
 * p-median (and budgeted p-median) heuristic: greedy add, then best-improvement swap local
 * search with fast-interchange gain/loss/extra arrays, then seeded perturbation rounds
 * (random k-swaps followed by local search; the best solution is kept).
 */
export function pmedianHeuristic(inst: Instance, nb: Neighbors, limits: SiteLimits, ctx: RunContext, shakes = 30): HeuristicResult {
  const st = new PMedianState(inst, nb);
  for (let j = 0; j < inst.m; j++) if (inst.existing[j]) st.add(j);
  greedy(st, limits, ctx);
  localSearch(st, limits, ctx);
  let best = st.open.slice();
  let bestObj = st.objective();
  ctx.report("local search", bestObj, undefined, true);

  const rand = mulberry32(ctx.seed);
  const movable = () => {
    const out: number[] = [];
    for (let k = 0; k < st.count; k++) if (!inst.existing[st.openList[k]]) out.push(st.openList[k]);
    return out;
  };
  for (let round = 0; round < shakes && !ctx.shouldStop(); round++) {
    const mov = movable();
    const closed: number[] = [];
    for (let j = 0; j < inst.m; j++) if (!st.open[j]) closed.push(j);
    if (mov.length === 0 || closed.length === 0) break;
    const k = 1 + (round % Math.min(3, mov.length, closed.length));
    for (let t = 0; t < k; t++) {
      const r = mov.splice(randInt(rand, mov.length), 1)[0];
      const u = closed.splice(randInt(rand, closed.length), 1)[0];
      if (st.spent - inst.cost[r] + inst.cost[u] > limits.budget) continue;
      st.add(u);
      st.remove(r);
    }
    localSearch(st, limits, ctx);
    const obj = st.objective();
    if (obj < bestObj - 1e-9 * Math.max(1, Math.abs(bestObj))) {
      bestObj = obj;
      best = st.open.slice();
    } else st.setOpen(best);
    ctx.report("perturbation", bestObj, (round + 1) / shakes);
  }
  // the all-open bound is reported only when it says something (it is 0 when every demand point is a site)
  const lb = allOpenBound(inst, nb);
  return { open: best, objective: bestObj, bound: lb > 0 || bestObj === 0 ? lb : null };
}

/** Σ w_i · min_j d(i, j): every site open. A valid (weak) lower bound for any p or budget. */
function allOpenBound(inst: Instance, nb: Neighbors): number {
  let s = 0;
  for (let i = 0; i < inst.n; i++) if (inst.weight[i] > 0) s += inst.weight[i] * (nb.ptr[i + 1] > nb.ptr[i] ? nb.cost[nb.ptr[i]] : Infinity);
  return s;
}

function greedy(st: PMedianState, limits: SiteLimits, ctx: RunContext): void {
  const { inst, nb } = st;
  const { n, m, weight, cost } = inst;
  const gain = new Float64Array(m);
  while (st.count < limits.p) {
    if (ctx.shouldStop() && st.count > 0) break;
    let best = -1;
    let bestScore = -Infinity;
    if (st.count === 0) {
      // nothing open yet: the first site is the best 1-median (least Σ w·d)
      for (let u = 0; u < m; u++) {
        if (cost[u] > limits.budget) continue;
        let s = 0;
        for (let i = 0; i < n; i++) if (weight[i] > 0) s += weight[i] * inst.dist(i, u);
        if (-s > bestScore) {
          bestScore = -s;
          best = u;
        }
      }
      if (best < 0) return;
      st.add(best);
      continue;
    }
    gain.fill(0);
    const { ptr, site, cost: dc } = nb;
    for (let i = 0; i < n; i++) {
      const w = weight[i];
      if (w <= 0) continue;
      const c1 = st.c1[i];
      for (let k = ptr[i], e = ptr[i + 1]; k < e && dc[k] < c1; k++) gain[site[k]] += w * (c1 - dc[k]);
    }
    const room = limits.budget - st.spent;
    const useRatio = Number.isFinite(limits.budget);
    for (let u = 0; u < m; u++) {
      if (st.open[u] || cost[u] > room) continue;
      const score = useRatio ? (cost[u] > 0 ? gain[u] / cost[u] : gain[u] > 0 ? Infinity : 0) : gain[u];
      if (score > bestScore || (score === bestScore && useRatio && gain[u] > gain[best])) {
        bestScore = score;
        best = u;
      }
    }
    if (best < 0) return;
    // with only a budget, stop when nothing improves; with p, pad to exactly p (never worse)
    if (gain[best] <= 0 && !Number.isFinite(limits.p)) return;
    st.add(best);
    ctx.report("greedy", st.objective(), st.count / limits.p);
  }
}

function localSearch(st: PMedianState, limits: SiteLimits, ctx: RunContext): void {
  const { inst, nb } = st;
  const { n, m, weight, cost, existing } = inst;
  const { ptr, site, cost: dc } = nb;
  const gain = new Float64Array(m);
  const loss = new Float64Array(m);
  let extra = new Float64Array(0);
  for (;;) {
    if (ctx.shouldStop() || st.count === 0) return;
    const P = st.count;
    if (extra.length < m * P) extra = new Float64Array(m * P);
    else extra.fill(0, 0, m * P);
    gain.fill(0);
    loss.fill(0);
    for (let i = 0; i < n; i++) {
      const w = weight[i];
      if (w <= 0) continue;
      const r = st.a1[i];
      const c1 = st.c1[i];
      const e = ptr[i + 1];
      // beyond the second-nearest nothing changes; with a single open site use the row's end
      const c2 = Number.isFinite(st.c2[i]) ? st.c2[i] : (e > ptr[i] ? dc[e - 1] : c1) + 1;
      if (!existing[r]) loss[r] += w * (c2 - c1);
      const rp = st.pos[r];
      for (let k = ptr[i]; k < e; k++) {
        const d = dc[k];
        if (d >= c2) break;
        const u = site[k];
        if (st.open[u]) continue;
        if (d < c1) gain[u] += w * (c1 - d);
        extra[u * P + rp] += w * (c2 - (d > c1 ? d : c1));
      }
    }
    const mv = bestMove(st.open, st.openList, P, gain, loss, extra, cost, existing, limits.budget - st.spent, st.count < limits.p);
    const obj = st.objective();
    if (mv.u < 0 || mv.profit <= 1e-10 * Math.max(1, Math.abs(obj))) return;
    st.add(mv.u);
    if (mv.r >= 0) st.remove(mv.r);
    ctx.report("local search", obj - mv.profit);
  }
}

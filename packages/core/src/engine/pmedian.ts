import { now, type RunContext } from "../heuristics/context.js";
import { pmedianHeuristic, pmedianLocalSearch, type SiteLimits } from "../heuristics/pmedian.js";
import type { Instance } from "../instance.js";
import type { Neighbors } from "../neighbors.js";
import { swapLocalSearch, type Lists } from "./pmls.js";
import { countInPrefixes, listHeads, siteColumns, MAX_HEAD, type ListHeads, type SiteColumns } from "./columns.js";
import { allIntegers, minOf, quickselect, roundLower, tol, type EngineResult } from "./common.js";
import { depthFirst, openBound } from "./tree.js";
import { PolyakRule } from "./polyak.js";

/** Tuning knobs of the p-median engine (exported for tests and benchmarks). */
export interface PMedianEngineOptions {
  /** Perturbation rounds of the heuristic used for the first incumbent (default 10). */
  shakes?: number;
  /** Subgradient iterations at the root / at other nodes. */
  rootIterations?: number;
  nodeIterations?: number;
  /**
   * The root's Lagrangian heuristic (rounded ergodic average + swap local search, time-shared):
   * from this subgradient iteration on (default 100), once the root has run this many ms (default
   * 1000; short roots prove without it).
   */
  rootHeuristic?: { fromIteration?: number; afterMs?: number };
}

/**
 * Exact uncapacitated p-median (and budgeted p-median) by Lagrangian branch-and-bound.
 *
 * Relaxing the assignment constraints Σ_j x_ij = 1 with multipliers λ_i (and, with a budget, the
 * budget constraint with μ ≥ 0) leaves, for fixed λ, one value per site
 *   ρ_j = Σ_i min(0, w_i·d_ij − λ_i) + μ·c_j,
 * and the subproblem opens the (at most) p most negative ones. Only pairs with w_i·d_ij < λ_i
 * contribute, so one pass over the prefixes of the sorted neighbour lists costs O(active pairs): the
 * pass reads a dense copy of the lists' heads, the subgradient the open sites' columns (columns.ts),
 * and a node that closes many sites reads lists without them (`focus`).
 * The multipliers are improved by subgradient optimisation with a Polyak step aimed at the
 * incumbent (at a long root, time-shared with a Lagrangian heuristic: the rounded ergodic average
 * of the subproblem's open sites, improved by swaps); the bound is used for reduced-cost fixing (a
 * site whose forced opening / closing lifts the bound to the incumbent is fixed closed / open) and
 * for pruning in a depth-first branch-and-bound on single sites, children warm-started from the
 * parent's multipliers.
 *
 * Sparse neighbour lists (k nearest): λ_i is capped at w_i times the last listed distance, which
 * keeps every unlisted site's term non-negative, so the bound stays valid (but may be weaker).
 * Distances to open sites beyond a list are recomputed with `inst.dist`.
 *
 * Semantics: existing sites are fixed open and count toward p; their cost is sunk; `budget`
 * bounds the cost of new sites; with p alone exactly p sites are opened (more never hurts);
 * demand points with weight ≤ 0 are ignored.
 */
export function pmedianExact(
  inst: Instance,
  nb: Neighbors,
  limits: SiteLimits,
  ctx: RunContext,
  incumbent?: Uint8Array,
  options: PMedianEngineOptions = {},
): EngineResult {
  const engine = new PMedianEngine(inst, nb, limits, ctx, options);
  return engine.run(incumbent);
}

interface Node {
  st: Int8Array;
  lam: Float64Array;
  mu: number;
  lb: number;
  depth: number;
  /** The lists its parent's Lagrangian read (valid here: a child closes a superset), when small enough to keep. */
  base?: WorkLists;
}

/** Lists without the sites closed at some node, and how many sites that node had closed. */
type WorkLists = Lists & { closed: number };

class PMedianEngine {
  readonly n: number;
  readonly m: number;
  /** Demand points with weight > 0. */
  readonly act: Int32Array;
  readonly cap: Float64Array;
  readonly pMax: number;
  /** p ≤ 0.1·m: near-substitute sites, ~1 % gaps; strong branching and longer node subgradients. */
  readonly smallP: boolean;
  readonly budget: number;
  readonly hasBudget: boolean;
  /** Objective is an integer for every solution: all weights and all (listed) distances integral. */
  readonly integral: boolean;

  readonly rho: Float64Array;
  readonly val: Float64Array;
  readonly inY: Uint8Array;
  readonly g: Float64Array;
  readonly scratch: Float64Array;
  readonly yAvg: Float64Array;
  /** Per demand, the length of the prefix with w_i·d_ij < λ_i at the last evaluation. */
  readonly kLen: Uint32Array;
  /** Per demand, how many of the subproblem's open sites lie in that prefix (subgradient scratch). */
  readonly inPrefix: Int32Array;
  /**
   * The working lists' heads and their transpose (built on first use, dropped when the lists
   * change); the heads double when more than a tenth of the pairs lie beyond them.
   */
  heads: ListHeads | null = null;
  cols: SiteColumns | null = null;
  headH = KNOB.head;
  /** Longest row of the working lists (over the demand points with weight > 0). */
  maxRow = 0;
  private overPairs = 0;
  private allPairs = 0;
  private headEvals = 0;
  /** Pairs the last evaluation read (Σ of the prefix lengths). */
  private lastPairs = 0;
  // selection statistics of the last evaluation
  vLast = 0;
  vNext = 0;
  gMu = 0;

  ubObj = Infinity;
  ubOpen: Uint8Array;
  nodes = 0;
  readonly openFlags: Uint8Array;
  /** Sorted lists: `nb`'s, or after root fixing the same without closed sites. */
  lists: WorkLists;
  /** The lists the Lagrangian reads: `lists`, or at a node that closes many more sites, those without them (`focus`). */
  work: WorkLists;
  /** Scratch for the average heuristic: a site order, and the last rounding it improved. */
  readonly order: Int32Array;
  readonly lastRounding: Uint8Array;
  /** Sites not fixed closed at the root (the only ones local search may open). */
  readonly allowed: Uint8Array;
  /** Trace counters (only kept when `ctx.debug` is set): Lagrangian evaluations and the pairs they scanned. */
  evals = 0;
  pairs = 0;

  constructor(
    readonly inst: Instance,
    readonly nb: Neighbors,
    limits: SiteLimits,
    readonly ctx: RunContext,
    readonly opts: PMedianEngineOptions,
  ) {
    const { n, m, weight } = inst;
    this.n = n;
    this.m = m;
    let cnt = 0;
    for (let i = 0; i < n; i++) if (weight[i] > 0) cnt++;
    this.act = new Int32Array(cnt);
    cnt = 0;
    for (let i = 0; i < n; i++) if (weight[i] > 0) this.act[cnt++] = i;
    this.cap = new Float64Array(n).fill(Infinity);
    if (!nb.complete) {
      for (let i = 0; i < n; i++) {
        const e = nb.ptr[i + 1];
        this.cap[i] = e > nb.ptr[i] ? weight[i] * nb.cost[e - 1] : 0;
      }
    }
    this.pMax = Math.min(limits.p, m);
    this.smallP = this.pMax <= KNOB.sbMaxP * m;
    this.budget = limits.budget;
    this.hasBudget = Number.isFinite(limits.budget);
    // Integral objective: Σ w_i·d(i, j) is an integer when all weights and all distances are. With
    // complete lists every distance is listed and checked; with sparse lists we also need the
    // distances beyond the lists, which we only know for an explicit matrix.
    let integral = allIntegers(weight);
    if (integral) {
      if (nb.complete) integral = allIntegers(nb.cost);
      else integral = inst.matrix !== null && allIntegers(inst.matrix);
    }
    this.integral = integral;
    this.rho = new Float64Array(m);
    this.val = new Float64Array(m);
    this.inY = new Uint8Array(m);
    this.g = new Float64Array(n);
    this.scratch = new Float64Array(m);
    this.yAvg = new Float64Array(m);
    this.kLen = new Uint32Array(n);
    this.inPrefix = new Int32Array(n);
    this.ubOpen = new Uint8Array(m);
    this.openFlags = new Uint8Array(m);
    this.lists = this.work = { ptr: nb.ptr, site: nb.site, cost: nb.cost, closed: 0 };
    this.maxRow = maxRow(nb.ptr, this.act);
    this.allowed = new Uint8Array(m).fill(1);
    this.order = new Int32Array(m);
    this.lastRounding = new Uint8Array(m);
  }

  /** Drops the sites closed at the root from the working lists (they stay closed in every node). */
  compact(st: Int8Array): void {
    let closed = 0;
    for (let j = 0; j < this.m; j++) if (st[j] === 0) closed++;
    this.lists = Object.assign(withoutClosed(this.lists, st, this.n), { closed });
    this.setWork(this.lists);
    for (let j = 0; j < this.m; j++) this.allowed[j] = st[j] !== 0 ? 1 : 0;
  }

  /** Points the Lagrangian at `lists` (dropping the heads and columns built for other lists). */
  setWork(lists: WorkLists): void {
    if (this.work === lists) return;
    this.work = lists;
    this.heads = this.cols = null;
    this.maxRow = maxRow(lists.ptr, this.act);
  }

  /**
   * The lists for a node's Lagrangian: the pairs of a site closed at the node add to that site's
   * value only, which is never selected, so a node that closes many more sites than the lists it
   * inherits (its parent's, or the root's) reads lists without them (reduced-cost fixing closes
   * most sites at small p: pmed36 keeps ≈ 40 of 800). Valid for its strong-branching children and
   * its children too, which close supersets.
   */
  focus(node: Node): void {
    const st = node.st;
    const base = node.base ?? this.lists;
    let closed = 0;
    for (let j = 0; j < this.m; j++) if (st[j] === 0) closed++;
    const listed = this.m - base.closed;
    if (closed - base.closed >= KNOB.focus * listed) this.setWork(Object.assign(withoutClosed(base, st, this.n), { closed }));
    else this.setWork(base);
  }

  /** The working lists for a child to inherit, unless they are large (then children start from `lists`). */
  keepable(): WorkLists | undefined {
    return this.work !== this.lists && this.work.ptr[this.n] <= KNOB.keepPairs ? this.work : undefined;
  }

  /** The subproblem's open set at the node's best multipliers, improved by swaps, as incumbent. */
  lagrangianHeuristic(node: Node, pRem: number, bRem: number): void {
    this.evaluate(node.lam, node.mu, node.st, pRem, bRem);
    const Y = this.openFlags;
    let cnt = 0;
    for (let j = 0; j < this.m; j++) {
      Y[j] = this.inY[j];
      cnt += Y[j];
    }
    if (cnt === 0 || !this.feasible(Y)) return;
    swapLocalSearch(this.lists, this.act, this.inst.weight, this.m, Y, this.allowed, this.inst.existing, this.inst.cost, this.budget, 10 * this.m, () => this.ctx.shouldStop());
    if (this.feasible(Y)) this.offer(Y);
  }

  /**
   * Lagrangian heuristic from the ergodic average of the subproblem's open sites (a smoothed primal
   * of the relaxation, much better than any single subproblem solution): the fixed-open sites, then
   * the free ones by decreasing average while p and the budget allow, improved by the heuristic's
   * swap local search and offered as incumbent. Skipped when the rounding repeats the last one.
   */
  averageHeuristic(st: Int8Array): void {
    const { m, yAvg, inst } = this;
    const order = this.order;
    for (let j = 0; j < m; j++) order[j] = j;
    order.sort((a, b) => yAvg[b] - yAvg[a] || a - b);
    const Y = this.openFlags;
    Y.fill(0);
    let count = 0;
    let spent = 0;
    for (let j = 0; j < m; j++) if (st[j] === 1) {
      Y[j] = 1;
      count++;
      if (!inst.existing[j]) spent += inst.cost[j];
    }
    for (let t = 0; t < m && count < this.pMax; t++) {
      const j = order[t];
      if (st[j] !== -1) continue;
      if (this.hasBudget && spent + inst.cost[j] > this.budget) continue;
      Y[j] = 1;
      count++;
      spent += inst.cost[j];
    }
    if (!this.feasible(Y)) return;
    let same = true;
    for (let j = 0; j < m && same; j++) if (Y[j] !== this.lastRounding[j]) same = false;
    if (same) return;
    this.lastRounding.set(Y);
    const r = pmedianLocalSearch(inst, this.nb, { p: this.pMax, budget: this.budget }, this.ctx, Y);
    this.ctx.debug?.(`pmedian average heuristic: ${r.objective} (incumbent ${this.ubObj}) t=${this.ctx.elapsed().toFixed(2)}`);
    if (this.feasible(r.open)) this.offer(r.open);
  }

  /**
   * Objective of an open set: Σ w_i · distance to the nearest open site. Stops early, returning
   * the partial sum (≥ cutoff), once it reaches `cutoff`. A point whose list holds no open site is
   * measured against the open sites alone (with sparse lists).
   */
  objectiveOf(open: Uint8Array, cutoff = Infinity, lists: Lists = this.lists): number {
    const { act, inst, nb } = this;
    const { ptr, site, cost } = lists;
    const w = inst.weight;
    let openList: Int32Array | null = null;
    let s = 0;
    for (let a = 0; a < act.length; a++) {
      const i = act[a];
      let d = -1;
      for (let k = ptr[i], e = ptr[i + 1]; k < e; k++) {
        if (open[site[k]]) {
          d = cost[k];
          break;
        }
      }
      if (d < 0) {
        if (nb.complete) return Infinity;
        if (openList === null) {
          let cnt = 0;
          for (let j = 0; j < this.m; j++) cnt += open[j];
          openList = new Int32Array(cnt);
          cnt = 0;
          for (let j = 0; j < this.m; j++) if (open[j]) openList[cnt++] = j;
        }
        d = Infinity;
        for (let t = 0; t < openList.length; t++) {
          const x = inst.dist(i, openList[t]);
          if (x < d) d = x;
        }
        if (!Number.isFinite(d)) return Infinity;
      }
      s += w[i] * d;
      if (s >= cutoff) return s;
    }
    return s;
  }

  /**
   * Offers an open set as incumbent (must satisfy p and budget). Measured on `lists`: an open site
   * missing from them counts as closed (an overestimate, never an underestimate).
   */
  offer(open: Uint8Array, lists: Lists = this.lists): boolean {
    const obj = this.objectiveOf(open, this.ubObj, lists);
    if (obj < this.ubObj - 1e-12 * Math.max(1, Math.abs(obj))) {
      this.ubObj = obj;
      this.ubOpen.set(open);
      this.ctx.report("engine", obj, undefined, false, open);
      return true;
    }
    return false;
  }

  feasible(open: Uint8Array): boolean {
    const { m, inst } = this;
    let count = 0;
    let spent = 0;
    for (let j = 0; j < m; j++) {
      if (inst.existing[j] && !open[j]) return false;
      if (open[j]) {
        count++;
        spent += inst.cost[j];
      }
    }
    if (count === 0 || count > this.pMax) return false;
    return !this.hasBudget || spent <= this.budget * (1 + 1e-12) + 1e-9;
  }

  /** Prune test: can the subtree hold a solution strictly better than the incumbent? */
  beats(lb: number): boolean {
    return roundLower(lb, this.integral) < this.ubObj - tol(this.ubObj);
  }

  /**
   * Lagrangian value at (λ, μ) for node state `st` (−1 free, 0 closed, 1 open). Fills ρ, val
   * (free sites' ρ + μc), inY (the subproblem's open sites), vLast (largest value selected among
   * free sites, 0 when there was room) and vNext (best value not selected, capped at 0).
   */
  evaluate(lam: Float64Array, mu: number, st: Int8Array, pRem: number, bRem: number): number {
    const { act, rho, val, inY, scratch, m, kLen } = this;
    const { ptr, cost, site } = this.work;
    const heads = (this.heads ??= listHeads(this.work, act, this.n, this.m, this.headH));
    const { ptr: hp, site: hs, cost: hc, H } = heads;
    const w = this.inst.weight;
    const c = this.inst.cost;
    const trace = this.ctx.debug !== undefined;
    rho.fill(0);
    let L = 0;
    let over = 0;
    let all = 0;
    for (let a = 0; a < act.length; a++) {
      const i = act[a];
      const li = lam[i];
      L += li;
      const wi = w[i];
      const h0 = hp[i];
      const he = hp[i + 1];
      let k = h0;
      for (; k < he; k++) {
        const v = wi * hc[k] - li;
        if (v >= 0) break;
        rho[hs[k]] += v;
      }
      let len = k - h0;
      if (len === H) {
        // the prefix runs past the head: go on in the full row
        const s0 = ptr[i];
        const e = ptr[i + 1];
        let q = s0 + H;
        for (; q < e; q++) {
          const v = wi * cost[q] - li;
          if (v >= 0) break;
          rho[site[q]] += v;
        }
        len = q - s0;
        over += len - H;
      }
      kLen[i] = len;
      all += len;
    }
    if (trace) this.pairs += all;
    this.lastPairs = all;
    // heads too short: more than a tenth of the pairs read beyond them, over 32 evaluations
    this.overPairs += over;
    this.allPairs += all;
    if (++this.headEvals === 32) {
      if (10 * this.overPairs > this.allPairs && H < Math.min(this.maxRow, MAX_HEAD)) {
        this.headH = Math.min(2 * H, this.maxRow, MAX_HEAD);
        this.heads = this.cols = null;
        this.ctx.debug?.(`pmedian: ${this.overPairs} of ${this.allPairs} pairs past the lists' heads of ${H}: heads of ${this.headH}`);
      }
      this.overPairs = this.allPairs = this.headEvals = 0;
    }
    this.evals++;
    let K = 0;
    for (let j = 0; j < m; j++) {
      const s = st[j];
      if (s === 1) {
        inY[j] = 1;
        L += rho[j];
        continue;
      }
      inY[j] = 0;
      if (s === 0) continue;
      const v = rho[j] + mu * c[j];
      val[j] = v;
      if (v < 0) scratch[K++] = v;
    }
    if (this.hasBudget) L -= mu * bRem;
    if (K <= pRem) {
      for (let j = 0; j < m; j++) if (st[j] === -1 && val[j] < 0) {
        inY[j] = 1;
        L += val[j];
      }
      this.vLast = 0;
      this.vNext = 0;
      return L;
    }
    if (pRem === 0) {
      this.vLast = 0;
      this.vNext = minOf(scratch, 0, K);
      return L;
    }
    const T = quickselect(scratch, K, pRem - 1);
    const next = minOf(scratch, pRem, K);
    let taken = 0;
    for (let j = 0; j < m; j++) if (st[j] === -1 && val[j] < T) {
      inY[j] = 1;
      L += val[j];
      taken++;
    }
    for (let j = 0; j < m && taken < pRem; j++) if (st[j] === -1 && val[j] === T) {
      inY[j] = 1;
      L += T;
      taken++;
    }
    this.vLast = T;
    this.vNext = next;
    return L;
  }

  /** Subgradient g_i = 1 − Σ_{j∈Y} [w_i d_ij < λ_i]; returns ‖g‖² (μ part included, stored in gMu). */
  subgradient(lam: Float64Array, mu: number, bRem: number): number {
    const { act, inY, g, kLen, inPrefix } = this;
    // the pairs with w_i·d_ij < λ_i, as found by the last `evaluate` at these multipliers, counted
    // over the open sites' columns
    const heads = (this.heads ??= listHeads(this.work, act, this.n, this.m, this.headH));
    countInPrefixes(this.work, heads, () => (this.cols ??= siteColumns(heads, this.m)), act, inY, kLen, inPrefix, this.lastPairs);
    let norm = 0;
    for (let a = 0; a < act.length; a++) {
      const i = act[a];
      const gi = 1 - inPrefix[i];
      // at the cap λ_i cannot rise further: drop the positive component
      g[i] = gi > 0 && lam[i] >= this.cap[i] ? 0 : gi;
      norm += g[i] * g[i];
    }
    this.gMu = 0;
    if (this.hasBudget) {
      const c = this.inst.cost;
      let spent = 0;
      for (let j = 0; j < this.m; j++) if (inY[j] && !this.inst.existing[j]) spent += c[j];
      let gm = spent - bRem;
      if (gm < 0 && mu <= 0) gm = 0;
      this.gMu = gm;
      norm += gm * gm;
    }
    return norm;
  }

  /** Initial multipliers: each demand's weighted distance to its nearest incumbent site (capped). */
  initialLambda(): Float64Array {
    const { n, act, ubOpen, cap } = this;
    const lam = new Float64Array(n);
    const { ptr, site, cost } = this.nb;
    const w = this.inst.weight;
    const hasInc = Number.isFinite(this.ubObj);
    for (let a = 0; a < act.length; a++) {
      const i = act[a];
      let d = -1;
      const e = ptr[i + 1];
      if (hasInc) {
        for (let k = ptr[i]; k < e; k++) if (ubOpen[site[k]]) {
          d = cost[k];
          break;
        }
      }
      if (d < 0) d = e > ptr[i] ? cost[Math.min(e - 1, ptr[i] + 1)] : 0;
      lam[i] = Math.min(cap[i], w[i] * d);
    }
    return lam;
  }

  /** Remaining count and budget of a node; null when the fixed-open sites already break them. */
  remaining(st: Int8Array): { pRem: number; bRem: number; openCount: number } | null {
    const { m, inst } = this;
    let count = 0;
    let spent = 0;
    for (let j = 0; j < m; j++) if (st[j] === 1) {
      count++;
      if (!inst.existing[j]) spent += inst.cost[j];
    }
    const pRem = this.pMax - count;
    const bRem = this.budget - spent;
    if (pRem < 0 || bRem < -1e-9 * Math.max(1, Math.abs(this.budget))) return null;
    return { pRem, bRem, openCount: count };
  }

  run(incumbent?: Uint8Array): EngineResult {
    const { inst, ctx, m } = this;
    const rootSt = new Int8Array(m).fill(-1);
    let existingCount = 0;
    for (let j = 0; j < m; j++) if (inst.existing[j]) {
      rootSt[j] = 1;
      existingCount++;
    }
    const none = (): EngineResult => ({ open: new Uint8Array(m), objective: Infinity, bound: Infinity, status: "infeasible", nodes: 0 });
    if (existingCount > this.pMax) return none();
    let affordable = false;
    for (let j = 0; j < m; j++) if (!inst.existing[j] && (!this.hasBudget || inst.cost[j] <= this.budget)) affordable = true;
    if (existingCount === 0 && (!affordable || this.pMax < 1)) return none();
    if (this.act.length === 0) {
      // no demand: any feasible set is optimal with objective 0
      const open = new Uint8Array(m);
      for (let j = 0; j < m; j++) if (inst.existing[j]) open[j] = 1;
      if (existingCount === 0) {
        let best = -1;
        for (let j = 0; j < m; j++) if (!this.hasBudget || inst.cost[j] <= this.budget) if (best < 0 || inst.cost[j] < inst.cost[best]) best = j;
        open[best] = 1;
      }
      return { open, objective: 0, bound: 0, status: "optimal", nodes: 0 };
    }

    if (incumbent && this.feasible(incumbent)) this.offer(incumbent);
    if (!Number.isFinite(this.ubObj) || !incumbent) {
      const h = pmedianHeuristic(inst, this.nb, { p: this.pMax, budget: this.budget }, ctx, this.opts.shakes ?? 10);
      if (this.feasible(h.open)) this.offer(h.open);
    }
    if (!Number.isFinite(this.ubObj)) return none();

    const root: Node = { st: rootSt, lam: this.initialLambda(), mu: 0, lb: -Infinity, depth: 0 };
    const search = {
      bound: (node: Node) => node.lb,
      beats: (lb: number) => this.beats(lb),
      shouldStop: () => ctx.shouldStop(),
      process: (node: Node) => {
        const children = this.processNode(node);
        return this.timedOutInNode ? ("stopped" as const) : children;
      },
      after: (node: Node, processed: number, open: number) => {
        const debug = ctx.debug;
        if (debug && (node.depth === 0 || processed % 20 === 0)) {
          let fo = 0, fc = 0;
          for (let j = 0; j < m; j++) if (node.st[j] === 1) fo++; else if (node.st[j] === 0) fc++;
          if (node.depth === 0) debug(`pmedian root lb=${node.lb} ub=${this.ubObj} open=${fo} closed=${fc} of ${m} t=${ctx.elapsed().toFixed(2)}`);
          else debug(`pmedian node ${processed} depth ${node.depth} lb ${node.lb.toFixed(2)} open ${fo} closed ${fc} evals ${this.evals} pairs/eval ${(this.pairs / this.evals).toFixed(0)} stack ${open}`);
        }
        ctx.report("branch and bound", this.ubObj);
      },
    };
    const t = depthFirst(root, search);
    this.nodes = t.nodes;
    const timedOut = t.stopped;
    let bound = this.ubObj;
    if (timedOut) bound = Math.min(this.ubObj, roundLower(openBound(t.open, search, this.ubObj, "min"), this.integral));
    const status = !timedOut || !this.beats(bound) ? "optimal" : "time_limit";
    return { open: this.ubOpen.slice(), objective: this.ubObj, bound: status === "optimal" ? this.ubObj : bound, status, nodes: this.nodes };
  }

  timedOutInNode = false;

  /**
   * Bounds a node (subgradient + reduced-cost fixing, repeated while fixing succeeds). Returns
   * its two children, or null when the node is pruned or solved. On return `node.lb` holds the
   * node's proven bound (valid for its children) and `node.lam` its best multipliers.
   */
  processNode(node: Node): [Node, Node] | null {
    const { m, inst, ctx } = this;
    const st = node.st;
    const isRoot = node.depth === 0;
    for (let round = 0; ; round++) {
      const rem = this.remaining(st);
      if (!rem) return null;
      const { pRem, bRem } = rem;
      // sites that cannot fit any more
      let free = 0;
      for (let j = 0; j < m; j++) if (st[j] === -1) {
        if (pRem === 0 || (this.hasBudget && inst.cost[j] > bRem + 1e-9 * Math.max(1, Math.abs(bRem)))) st[j] = 0;
        else free++;
      }
      if (free === 0) {
        // leaf: the fixed-open sites are the solution
        if (rem.openCount === 0) return null;
        const open = this.openFlags;
        for (let j = 0; j < m; j++) open[j] = st[j] === 1 ? 1 : 0;
        this.offer(open);
        return null;
      }
      if (rem.openCount === 0) {
        // something must open: fine, the subproblem handles it (λ would grow without bound
        // only when no free site exists, excluded above)
      }
      this.focus(node);
      const res = this.subgradient_opt(node, pRem, bRem, isRoot && round === 0, round > 0);
      if (res === "stop") {
        this.timedOutInNode = true;
        return null;
      }
      if (!this.beats(node.lb)) return null;
      if (node.depth <= 2 && round === 0) {
        this.lagrangianHeuristic(node, pRem, bRem);
        if (!this.beats(node.lb)) return null;
      }
      // reduced-cost fixing at the best multipliers
      const L = this.evaluate(node.lam, node.mu, st, pRem, bRem);
      let fixed = 0;
      const { val, inY } = this;
      for (let j = 0; j < m; j++) {
        if (st[j] !== -1) continue;
        if (inY[j]) {
          if (!this.beats(L - val[j] + this.vNext)) {
            st[j] = 1;
            fixed++;
          }
        } else if (!this.beats(L + val[j] - this.vLast)) {
          st[j] = 0;
          fixed++;
        }
      }
      if (fixed === 0 || round >= 1) break;
      if (ctx.shouldStop()) {
        this.timedOutInNode = true;
        return null;
      }
    }
    // branch: the free site in the Lagrangian solution with the most negative value
    const rem = this.remaining(st);
    if (!rem) return null;
    if (isRoot) {
      let closed = 0;
      for (let j = 0; j < m; j++) if (st[j] === 0) closed++;
      if (closed > 0) this.compact(st);
    }
    const L = this.evaluate(node.lam, node.mu, st, rem.pRem, rem.bRem);
    void L;
    // strong branching pays where sites are near-substitutes (small p, ~1 % gaps); with many
    // medians the trees are small and cheap nodes win
    if (KNOB.sb > 0 && this.smallP) {
      const kids = this.strongBranch(node);
      if (kids) return kids;
      if (this.timedOutInNode) return null;
    }
    let bj = -1;
    let bv = Infinity;
    let openFirst = true;
    // the free site whose averaged subproblem value is the most fractional
    let best = -1;
    for (let j = 0; j < m; j++) if (st[j] === -1) {
      const y = this.yAvg[j];
      const f = y < 1 - y ? y : 1 - y;
      if (f > best) {
        best = f;
        bj = j;
      }
    }
    if (best < 0.01) bj = -1;
    else openFirst = this.yAvg[bj] >= 0.5;
    if (bj < 0) for (let j = 0; j < m; j++) if (st[j] === -1) {
      const v = this.inY[j] ? this.val[j] : Infinity;
      if (v < bv) {
        bv = v;
        bj = j;
      }
    }
    if (bj < 0) {
      // no free site is selected: the most negative free site
      for (let j = 0; j < m; j++) if (st[j] === -1 && (bj < 0 || this.val[j] < this.val[bj])) bj = j;
    }
    const mk = (s: number): Node => {
      const cst = st.slice();
      cst[bj] = s;
      return { st: cst, lam: node.lam.slice(), mu: node.mu, lb: node.lb, depth: node.depth + 1, base: this.keepable() };
    };
    return openFirst ? [mk(1), mk(0)] : [mk(0), mk(1)];
  }

  /**
   * Strong branching on single sites: the most fractional free sites (by the ergodic average of the
   * subproblem's open sets) each get both children bounded by a short subgradient run from the
   * parent's multipliers; the site whose weaker child has the highest bound wins, and its children
   * keep those bounds and multipliers.
   */
  strongBranch(node: Node): [Node, Node] | null {
    const { m, yAvg } = this;
    const st = node.st;
    const K = KNOB.sb;
    const cand: number[] = [];
    const frac: number[] = [];
    for (let j = 0; j < m; j++) if (st[j] === -1) {
      const y = yAvg[j];
      const f = y < 1 - y ? y : 1 - y;
      if (f < 0.01) continue;
      let t = cand.length;
      if (t === K && f <= frac[K - 1]) continue;
      if (t === K) t--;
      while (t > 0 && frac[t - 1] < f) {
        if (t < K) {
          cand[t] = cand[t - 1];
          frac[t] = frac[t - 1];
        }
        t--;
      }
      cand[t] = j;
      frac[t] = f;
      if (cand.length > K) cand.length = frac.length = K;
    }
    if (cand.length === 0) return null;
    const yc = cand.map((j) => yAvg[j]);
    let best: [Node, Node] | null = null;
    let bestMin = -Infinity;
    let bestMax = -Infinity;
    for (let c = 0; c < cand.length; c++) {
      const j = cand[c];
      const kids: Node[] = [];
      for (const s of [1, 0]) {
        const cst = st.slice();
        cst[j] = s;
        const kid: Node = { st: cst, lam: node.lam.slice(), mu: node.mu, lb: node.lb, depth: node.depth + 1, base: this.keepable() };
        const r = this.remaining(cst);
        if (!r) kid.lb = Infinity;
        else if (this.subgradient_opt(kid, r.pRem, r.bRem, false, false, KNOB.sbIt) === "stop") {
          this.timedOutInNode = true;
          return null;
        }
        kids.push(kid);
      }
      let lo = Math.min(kids[0].lb, kids[1].lb);
      let hi = Math.max(kids[0].lb, kids[1].lb);
      if (!this.beats(lo)) {
        best = yc[c] >= 0.5 ? [kids[0], kids[1]] : [kids[1], kids[0]];
        break;
      }
      // score: the product of the gains (capped at the incumbent)
      const cap = this.ubObj;
      lo = (Math.min(lo, cap) - node.lb + 1e-6) * (Math.min(hi, cap) - node.lb + 1e-6);
      hi = 0;
      if (lo > bestMin || (lo === bestMin && hi > bestMax)) {
        bestMin = lo;
        bestMax = hi;
        best = yc[c] >= 0.5 ? [kids[0], kids[1]] : [kids[1], kids[0]];
      }
      if (!this.beats(lo)) break;
    }
    return best;
  }

  /** Subgradient optimisation at a node; updates node.lam / node.mu / node.lb and this.yAvg. */
  subgradient_opt(node: Node, pRem: number, bRem: number, root: boolean, short: boolean, iters?: number): "stop" | "ok" {
    const { act, g, inY, cap, yAvg, m } = this;
    const lam = new Float64Array(node.lam);
    let mu = node.mu;
    const maxIter = iters ?? (root ? (this.opts.rootIterations ?? 3000) : short ? 60 : (this.opts.nodeIterations ?? 400));
    // small p: trees are deep and a tighter node bound saves more nodes than it costs
    const rule = new PolyakRule("max", root ? 2 : KNOB.theta, root ? 40 : this.smallP ? KNOB.stallSmallP : KNOB.stall, root ? 1e-4 : KNOB.thetaMin);
    const Y = this.openFlags;
    yAvg.fill(0);
    let first = true;
    const rootStart = now();
    const lhFrom = this.opts.rootHeuristic?.fromIteration ?? KNOB.lhFirst;
    const lhAfter = this.opts.rootHeuristic?.afterMs ?? KNOB.lhAfter;
    let lhEnd = rootStart;
    let lhCost = 0;
    for (let it = 0; it < maxIter; it++) {
      if ((it & 15) === 15 && this.ctx.shouldStop()) {
        if (rule.best > node.lb) node.lb = rule.best;
        return "stop";
      }
      const L = this.evaluate(lam, mu, node.st, pRem, bRem);
      // ergodic average of the subproblem's sites: approximates the LP's y for branching
      if (first) {
        for (let j = 0; j < m; j++) yAvg[j] = inY[j];
        first = false;
      } else for (let j = 0; j < m; j++) yAvg[j] += KNOB.alpha * (inY[j] - yAvg[j]);
      if (rule.record(L)) {
        node.lam.set(lam);
        node.mu = mu;
      }
      if (!this.beats(rule.best)) break;
      // primal: the subproblem's open set, when it respects the budget
      if ((it & 7) === 0) {
        let cnt = 0;
        for (let j = 0; j < m; j++) {
          Y[j] = inY[j];
          cnt += inY[j];
        }
        if (cnt > 0 && this.feasible(Y)) {
          // Y opens only sites the node leaves open or free, all in the working lists
          this.offer(Y, this.work);
          if (!this.beats(rule.best)) break;
        }
      }
      // time-shared Lagrangian heuristic at a long root (the subgradient keeps lhShare × its time)
      if (root && it >= lhFrom && now() - rootStart >= lhAfter && now() - lhEnd >= KNOB.lhShare * lhCost) {
        const t0 = now();
        this.averageHeuristic(node.st);
        lhEnd = now();
        lhCost = lhEnd - t0;
        if (!this.beats(rule.best)) break;
      }
      const norm = this.subgradient(lam, mu, bRem);
      if (root && it % 100 === 0) this.ctx.debug?.(`pmedian root iteration ${it}: L ${L} best ${rule.best} theta ${rule.theta} t=${this.ctx.elapsed().toFixed(2)}`);
      if (norm === 0) break;
      if (rule.exhausted) break;
      const step = rule.step(this.ubObj - L, norm);
      if (!(step > 0)) break;
      for (let a = 0; a < act.length; a++) {
        const i = act[a];
        const gi = g[i];
        if (gi === 0) continue;
        let v = lam[i] + step * gi;
        if (v > cap[i]) v = cap[i];
        if (v < 0) v = 0;
        lam[i] = v;
      }
      if (this.hasBudget) {
        mu += step * this.gMu;
        if (mu < 0) mu = 0;
      }
    }
    if (rule.best > node.lb) node.lb = rule.best;
    return "ok";
  }
}

/** The lists without the sites with st[j] = 0 (every row of 0..n-1). */
function withoutClosed(lists: Lists, st: Int8Array, n: number): Lists {
  const { ptr, site, cost } = lists;
  const nptr = new Uint32Array(n + 1);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    for (let k = ptr[i], e = ptr[i + 1]; k < e; k++) if (st[site[k]] !== 0) nnz++;
    nptr[i + 1] = nnz;
  }
  const nsite = new Uint32Array(nnz);
  const ncost = new Float64Array(nnz);
  let t = 0;
  for (let i = 0; i < n; i++) {
    for (let k = ptr[i], e = ptr[i + 1]; k < e; k++) if (st[site[k]] !== 0) {
      nsite[t] = site[k];
      ncost[t++] = cost[k];
    }
  }
  return { ptr: nptr, site: nsite, cost: ncost };
}

/** Longest row of the lists over the given rows. */
function maxRow(ptr: Uint32Array, rows: Int32Array): number {
  let r = 0;
  for (let a = 0; a < rows.length; a++) r = Math.max(r, ptr[rows[a] + 1] - ptr[rows[a]]);
  return r;
}

/** Subgradient and branching settings, tuned on pmed1–40 (see the commit history for the measurements). */
const KNOB = {
  /** First head length of the lists' dense copy (see columns.ts). */
  head: 64,
  /** A node reads lists without its closed sites when they are this share of the sites in the lists it inherits. */
  focus: 0.25,
  /** Children keep their parent's working lists up to this many pairs (≈ 12 B each). */
  keepPairs: 1 << 20,
  /** Node subgradient: first step factor and the one it stops at (re-tuned 2026-12-03 once nodes got cheaper: pmed1–40 engine CPU 31.2 → 16.6 s, pmed36 15.6 → 6.1 s). */
  theta: 2,
  stall: 10,
  stallSmallP: 20,
  thetaMin: 4e-3,
  /** Weight of the newest subproblem in the averaged open sites that branching reads. */
  alpha: 0.1,
  /** Strong branching: candidates, subgradient steps per child, and only where p ≤ sbMaxP × m. */
  sb: 4,
  sbIt: 40,
  sbMaxP: 0.1,
  /**
   * Root Lagrangian heuristic: from this iteration on, once the root has taken lhAfter ms (short
   * roots prove without it), then whenever the subgradient has had lhShare × its time.
   */
  lhFirst: 100,
  lhAfter: 1000,
  lhShare: 2,
};

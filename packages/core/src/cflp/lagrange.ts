import { PolyakRule } from "../engine/polyak.js";
import type { CflpModel } from "./model.js";

/**
 * Fixings of a branch-and-bound node: per site, -2 free, -1 closed (new sites; existing: base only),
 * or the option index it must open at; per pair, -1 free, 0 excluded, 1 forced.
 */
export interface Fixing {
  site: Int32Array;
  pair: Int8Array;
}

export function rootFixing(md: CflpModel): Fixing {
  const site = new Int32Array(md.m).fill(-2);
  for (let j = 0; j < md.m; j++) if (md.closed[j] && !md.existing[j]) site[j] = -1;
  return { site, pair: new Int8Array(md.pairSite.length).fill(-1) };
}

/**
 * A valid lower bound in milliseconds (least-cost form, no budget; null otherwise): the Lagrangian
 * relaxation at zero multipliers (the aggregate capacity row alone: the cheapest sizes that hold
 * the whole need) and at its starting multipliers (each point's fair share of the cheapest size per
 * unit), the larger. A floor under a MIP backend's bound when that one is missing or weak (a
 * backend stopped before its LP relaxation reports none, or 0).
 */
export function quickBound(md: CflpModel): number | null {
  if (md.budget !== null) return null;
  const lr = new CflpLagrangian(md);
  const fix = rootFixing(md);
  let b = lr.solve(fix);
  lr.initialise();
  b = Math.max(b, lr.solve(fix));
  return Number.isFinite(b) ? b : null;
}

/**
 * A Lagrangian bound from subgradient steps at the root (least-cost form; null with a budget or when
 * none is found), toward a plan of value `target` found elsewhere (a MIP backend's; null: none): the engine's root
 * bound without its search — at least the LP bound of the strong formulation, and above HiGHS's
 * root bound on large models it cannot finish (the whole area's kindergartens of 南汇新城, 378 cells:
 * 565 against HiGHS's 422 after 6 s). `stop` ends it (a deadline).
 */
export function lagrangianBound(md: CflpModel, target: number | null, stop: () => boolean, steps = 1500, count = 0): number | null {
  if (md.budget !== null) return null;
  // (from each point's fair share of the cheapest size per unit: in the short time this bound gets
  // it climbs faster than from zero, where the engine's long root starts — 南汇新城's kindergartens
  // after 0.55 s: 539.8 against 477.0)
  const lr = new CflpLagrangian(md, count);
  lr.initialise();
  // (no plan: a target a tenth above the best bound, as the engine's before its first incumbent)
  const t = (best: number) => (target !== null && Number.isFinite(target) ? target : Math.abs(best) * 1.1 + 1);
  const b = cflpSubgradient(md, lr, rootFixing(md), lr.subgradientScratch(), { steps, stop, target: t });
  return Number.isFinite(b) ? b : null;
}

/** What `cflpSubgradient` asks of its caller. */
export interface CflpSubgradientOptions {
  steps: number;
  /** True ends the optimisation (limits, deadlines). */
  stop: () => boolean;
  /** The Polyak step's target (an incumbent's value), given the best bound so far. */
  target: (best: number) => number;
  /** After each iterate (its index, the best bound so far): true ends it (e.g. a pruned node). */
  visit?: (it: number, best: number) => boolean;
}

/**
 * Subgradient optimisation of the multipliers of `lr` (λ, μ or ν, and κ) at a fixing, from their
 * current values, with the engines' step rule (`PolyakRule`); leaves `lr` at the best multipliers
 * and returns the best bound (+Infinity when the fixing is infeasible). `sub` is scratch (`subgradientScratch`).
 * The coverage (budget) row is one row standing for many: its subgradient is scaled so that it
 * weighs like √n assignment rows (measured at 20 s: random-1 2,000×400 bound 4,513 → 4,906 over
 * scaling it like one row; 15, 30 and 60 × one row within 1.1 % of each other on random-2).
 */
export function cflpSubgradient(md: CflpModel, lr: CflpLagrangian, fix: Fixing, sub: Float64Array, o: CflpSubgradientOptions): number {
  const wScale = lr.coverScale;
  const rule = new PolyakRule("max", 2, 20, 1e-4, 1e-9);
  const lambdaBest = lr.lambda.slice();
  let muBest = lr.mu;
  let kappaBest = lr.kappa;
  for (let it = 0; it < o.steps; it++) {
    if (o.stop()) break;
    const L = lr.solve(fix);
    if (L === Infinity) return Infinity;
    if (rule.record(L)) {
      lambdaBest.set(lr.lambda);
      muBest = lr.mu;
      kappaBest = lr.kappa;
    } else if (rule.exhausted) break;
    if (o.visit?.(it, rule.best)) break;
    const norm = lr.subgradient(sub);
    // the relaxed solution is feasible for the relaxed rows: complementary slackness may still fail, keep the bound
    if (norm <= 1e-18) break;
    const ub = o.target(rule.best);
    // the μ (or ν) component is scaled so that its row counts like one assignment row
    const sN = sub[md.n] / wScale;
    const norm2 = norm - sub[md.n] * sub[md.n] + sN * sN;
    const step = rule.step(Math.max(ub - L, 1e-6 * Math.max(1, Math.abs(ub))), norm2);
    for (let i = 0; i < md.n; i++) lr.lambda[i] += step * sub[i];
    lr.mu = Math.max(0, lr.mu + (step * sN) / wScale);
    lr.kappa = Math.max(0, lr.kappa + step * sub[md.n + 1]);
  }
  lr.lambda.set(lambdaBest);
  lr.mu = muBest;
  lr.kappa = kappaBest;
  return rule.best;
}

/** The scale of the coverage (budget) row's subgradient component (see `cflpSubgradient`). */
function coverageScale(md: CflpModel): number {
  if (md.budget !== null) {
    let s = 0;
    let k = 0;
    for (const v of md.optCost) if (v > 0) {
      s += v;
      k++;
    }
    return Math.max(1e-9, k ? s / k : 1);
  }
  let served = 0;
  for (let i = 0; i < md.n; i++) served += md.served[i];
  return Math.max(1e-9, md.totalWeight / Math.sqrt(Math.max(1, served)));
}

/**
 * The Lagrangian relaxation of a cflp: the assignment rows (multipliers λ_i, free) and the coverage
 * target (μ ≥ 0) — or, with a budget, the budget row (ν ≥ 0) — are priced into the objective, and
 * what remains splits by site: choose a size (or none) and a fractional load between its minimum
 * and its capacity, a continuous knapsack with bounds solved by one sort of the site's pairs by
 * reduced cost per unit. Every λ, μ, ν gives a valid lower bound (minimisation form; with a budget
 * the objective is −covered weight). The sizes stay integral, so the bound is at least the LP bound.
 * With `count` K > 0 the row Σ_j y_j ≥ K over new sites (`newSiteCount`) is priced too (κ ≥ 0: each
 * new site's sizes cost κ less, the bound gains κK).
 */
export class CflpLagrangian {
  readonly lambda: Float64Array;
  mu = 0;
  /** The multiplier κ ≥ 0 of the new-site count row (0 without one). */
  kappa = 0;
  /** Solution of the last subproblem: chosen option per site (-1 none), x per pair. */
  readonly option: Int32Array;
  readonly x: Float64Array;
  /** Per site: the value (cost + reduced costs) of its choice in the last subproblem. */
  readonly value: Float64Array;
  private readonly red: Float64Array;
  private readonly order: Int32Array;
  private readonly key: Float64Array;
  private readonly g: Float64Array;
  readonly budgetMode: boolean;
  /** Per site: free items sorted in the last subproblem; per option and per site: the choice values. */
  private readonly len: Int32Array;
  private readonly optVal: Float64Array;
  private readonly noneVal: Float64Array;
  /** The aggregate capacity row: demand in capacity units and each option's units (null: not used). */
  private readonly agg: { need: number; w: Int32Array } | null;
  private readonly dpA: Float64Array;
  private readonly dpB: Float64Array;
  private readonly dpChoice: Int8Array;
  private readonly dpPred: Int32Array;
  /** The scale of the coverage (budget) row's subgradient component (see `cflpSubgradient`). */
  readonly coverScale: number;

  constructor(
    readonly md: CflpModel,
    /** The new-site count row's right-hand side (0: no row). */
    readonly count = 0,
  ) {
    const P = md.pairSite.length;
    this.lambda = new Float64Array(md.n);
    this.option = new Int32Array(md.m);
    this.x = new Float64Array(P);
    this.value = new Float64Array(md.m);
    this.red = new Float64Array(P);
    this.order = new Int32Array(P);
    this.key = new Float64Array(P);
    this.budgetMode = md.budget !== null;
    this.len = new Int32Array(md.m);
    this.optVal = new Float64Array(md.optCost.length);
    this.noneVal = new Float64Array(md.m);
    this.agg = aggregateRow(md);
    const D = this.agg ? this.agg.need : 0;
    this.dpA = new Float64Array(D + 1);
    this.dpB = new Float64Array(D + 1);
    this.dpChoice = new Int8Array(this.agg ? md.m * (D + 1) : 0);
    this.dpPred = new Int32Array(this.agg ? md.m * (D + 1) : 0);
    // the pair's own cost in the minimisation form
    this.g = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      const i = md.pairDemand[p];
      this.g[p] = this.budgetMode ? -(md.pairCov[p] ? md.weight[i] : 0) : md.distanceCost * md.weight[i] * md.pairDist[p] + (md.counted[i] && !md.pairCov[p] ? md.outsideCost * md.weight[i] : 0);
    }
    this.coverScale = coverageScale(md);
  }

  /** Starts λ at each point's cheapest way to be served (a fair share of the cheapest size per unit). */
  initialise(): void {
    const md = this.md;
    let best = Infinity;
    for (let o = 0; o < md.optCost.length; o++) if (md.optCap[o] > 0 && Number.isFinite(md.optCap[o])) best = Math.min(best, md.optCost[o] / md.optCap[o]);
    if (!Number.isFinite(best)) best = 0;
    for (let i = 0; i < md.n; i++) {
      let gmin = Infinity;
      for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) gmin = Math.min(gmin, this.g[p]);
      this.lambda[i] = (Number.isFinite(gmin) ? gmin : 0) + (this.budgetMode ? 0 : best * md.units[i]);
    }
    this.mu = 0;
    this.kappa = 0;
  }

  /** Solves the subproblem under the fixings; returns the bound (−Infinity is never returned; +Infinity when the node is infeasible). */
  solve(fix: Fixing): number {
    const md = this.md;
    const { m, optPtr, optCost, optCap, optMin, sitePairPtr, sitePair, pairDemand, pairCov, units, weight } = md;
    const { lambda, red, order, key, x, g } = this;
    const mu = this.mu;
    const costScale = this.budgetMode ? mu : 1;
    let bound = 0;
    for (let i = 0; i < md.n; i++) if (md.served[i]) bound += lambda[i];
    if (this.budgetMode) bound -= mu * (md.budget as number);
    else bound += mu * md.coverTarget;
    const kappa = this.kappa;
    bound += kappa * this.count;
    x.fill(0);
    for (let j = 0; j < m; j++) {
      const s = sitePairPtr[j];
      const e = sitePairPtr[j + 1];
      // reduced costs; forced items first (always taken), excluded items dropped
      let forcedUnits = 0;
      let forcedVal = 0;
      let forcedAny = false;
      let len = 0;
      for (let t = s; t < e; t++) {
        const p = sitePair[t];
        const i = pairDemand[p];
        const r = g[p] - lambda[i] - (!this.budgetMode && pairCov[p] ? mu * weight[i] : 0);
        red[p] = r;
        const f = fix.pair[p];
        if (f === 0) continue;
        if (f === 1) {
          forcedUnits += units[i];
          forcedVal += r;
          forcedAny = true;
          continue;
        }
        order[s + len] = p;
        key[s + len] = units[i] > 0 ? r / units[i] : r < 0 ? -Infinity : Infinity;
        len++;
      }
      sortByKey(order, key, s, s + len);
      this.len[j] = len;
      const st = fix.site[j];
      const optVal = this.optVal;
      // the value of each choice at this site: none (new: closed; existing: its own capacity) and each size
      if (md.existing[j]) {
        this.noneVal[j] = st === -2 || st === -1 ? this.choice(s, len, 0, md.baseCap[j], 0, forcedUnits, forcedVal) : Infinity;
        for (let o = optPtr[j]; o < optPtr[j + 1]; o++) optVal[o] = st === -2 || st === o - optPtr[j] ? this.choice(s, len, 0, md.baseCap[j] + optCap[o], costScale * optCost[o], forcedUnits, forcedVal) : Infinity;
      } else {
        if (st === -1 && forcedAny) return Infinity;
        this.noneVal[j] = st === -1 || (st === -2 && !forcedAny) ? 0 : Infinity;
        for (let o = optPtr[j]; o < optPtr[j + 1]; o++) optVal[o] = st !== -1 && (st === -2 || st === o - optPtr[j]) ? this.choice(s, len, optMin[o], optCap[o], costScale * optCost[o] - kappa, forcedUnits, forcedVal) : Infinity;
      }
    }
    // each site's best choice, or — when the sizes must hold all the demand together — the best
    // choices under that one knapsack row (a multiple-choice knapsack over capacity units)
    const picked = this.agg ? this.aggregate() : this.independent();
    if (picked === Infinity) return Infinity;
    bound += picked;
    for (let j = 0; j < m; j++) {
      const opt = this.option[j];
      if (opt >= 0 || (md.existing[j] && opt === -1)) this.fillX(j, fix, sitePairPtr[j], this.len[j], opt);
    }
    return bound;
  }

  /** Σ over sites of the best choice's value; sets `option`. */
  private independent(): number {
    const { m, optPtr } = this.md;
    let total = 0;
    for (let j = 0; j < m; j++) {
      let best = this.noneVal[j];
      let pick = -1;
      for (let o = optPtr[j]; o < optPtr[j + 1]; o++) {
        if (this.optVal[o] < best) {
          best = this.optVal[o];
          pick = o - optPtr[j];
        }
      }
      if (best === Infinity) return Infinity;
      this.option[j] = pick;
      this.value[j] = best;
      total += best;
    }
    return total;
  }

  /**
   * min Σ value of one choice per site such that the chosen sizes' capacity (in units of the
   * capacities' common divisor) reaches the demand not held by existing sites — a valid row of the
   * model kept in the relaxation: it forces a whole number of sites where the continuous
   * relaxation would open a fraction. Dynamic programme over capacity units; sets `option`.
   */
  private aggregate(): number {
    const { m, optPtr } = this.md;
    const agg = this.agg as { need: number; w: Int32Array };
    const D = agg.need;
    let dp = this.dpA;
    let nx = this.dpB;
    dp.fill(Infinity);
    dp[0] = 0;
    const choice = this.dpChoice;
    const pred = this.dpPred;
    for (let j = 0; j < m; j++) {
      nx.fill(Infinity);
      const none = this.noneVal[j];
      const base = j * (D + 1);
      for (let c = 0; c <= D; c++) {
        const v = dp[c];
        if (v === Infinity) continue;
        if (none < Infinity && v + none < nx[c]) {
          nx[c] = v + none;
          choice[base + c] = -1;
          pred[base + c] = c;
        }
        for (let o = optPtr[j]; o < optPtr[j + 1]; o++) {
          const ov = this.optVal[o];
          if (ov === Infinity) continue;
          const c2 = Math.min(D, c + agg.w[o]);
          if (v + ov < nx[c2]) {
            nx[c2] = v + ov;
            choice[base + c2] = o - optPtr[j];
            pred[base + c2] = c;
          }
        }
      }
      const t = dp;
      dp = nx;
      nx = t;
    }
    const total = dp[D];
    if (total === Infinity) return Infinity;
    let c = D;
    for (let j = m - 1; j >= 0; j--) {
      const k = choice[j * (D + 1) + c];
      this.option[j] = k;
      this.value[j] = k >= 0 ? this.optVal[optPtr[j] + k] : this.noneVal[j];
      c = pred[j * (D + 1) + c];
    }
    return total;
  }

  /** The value of one choice at a site: its cost, the forced items, and the knapsack between `lo` and `hi`. */
  private choice(s: number, len: number, lo: number, hi: number, c: number, forcedUnits: number, forcedVal: number): number {
    if (forcedUnits > hi * (1 + 1e-12) + 1e-9) return Infinity;
    const v = this.knapsack(s, len, lo, hi, forcedUnits, false);
    return v === Infinity ? Infinity : c + forcedVal + v;
  }

  /**
   * Continuous knapsack over the site's free items order[s .. s+len) (sorted by reduced cost per
   * unit): take items while below capacity and either profitable (r < 0) or below the minimum;
   * the last one fractionally. Returns the reduced cost taken (Infinity if the minimum cannot be
   * reached); with `write`, records x.
   */
  private knapsack(s: number, len: number, lo: number, hi: number, load0: number, write: boolean): number {
    const { units, pairDemand } = this.md;
    const { red, order, x } = this;
    let load = load0;
    let val = 0;
    const end = s + len;
    for (let t = s; t < end; t++) {
      const p = order[t];
      const a = units[pairDemand[p]];
      const r = red[p];
      if (a === 0) {
        if (r < 0) {
          val += r;
          if (write) x[p] = 1;
        }
        continue;
      }
      if (r >= 0 && load >= lo - 1e-9) break;
      if (load >= hi) break;
      const q = Math.min(a, hi - load, r >= 0 ? lo - load : a);
      if (q <= 0) continue;
      val += (r * q) / a;
      if (write) x[p] = q / a;
      load += q;
    }
    return load < lo - 1e-9 ? Infinity : val;
  }

  private fillX(j: number, fix: Fixing, s: number, len: number, opt: number): void {
    const md = this.md;
    const { units, pairDemand, sitePairPtr, sitePair } = md;
    let lo: number, hi: number;
    if (md.existing[j]) {
      lo = 0;
      hi = md.baseCap[j] + (opt >= 0 ? md.optCap[md.optPtr[j] + opt] : 0);
    } else {
      lo = md.optMin[md.optPtr[j] + opt];
      hi = md.optCap[md.optPtr[j] + opt];
    }
    let load = 0;
    for (let t = sitePairPtr[j]; t < sitePairPtr[j + 1]; t++) {
      const p = sitePair[t];
      if (fix.pair[p] === 1) {
        this.x[p] = 1;
        load += units[pairDemand[p]];
      }
    }
    this.knapsack(s, len, lo, hi, load, true);
  }

  /** Scratch for `subgradient` (and `cflpSubgradient`'s `sub`). */
  subgradientScratch(): Float64Array {
    return new Float64Array(this.md.n + 2);
  }

  /** The subgradient of the last subproblem into `s` (length n + 2: entry n for μ/ν of the coverage or budget row, n + 1 for the count row); returns its squared norm. */
  subgradient(s: Float64Array): number {
    const md = this.md;
    let norm = 0;
    for (let i = 0; i < md.n; i++) {
      if (!md.served[i]) {
        s[i] = 0;
        continue;
      }
      let sum = 0;
      for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) sum += this.x[p];
      s[i] = 1 - sum;
      norm += s[i] * s[i];
    }
    let last = 0;
    if (this.budgetMode) {
      let cost = 0;
      for (let j = 0; j < md.m; j++) if (this.option[j] >= 0) cost += md.optCost[md.optPtr[j] + this.option[j]];
      last = cost - (md.budget as number);
    } else if (md.coverTarget > 0) {
      let cov = 0;
      for (let p = 0; p < this.x.length; p++) if (md.pairCov[p]) cov += md.weight[md.pairDemand[p]] * this.x[p];
      last = md.coverTarget - cov;
    }
    s[md.n] = last;
    let short = 0;
    if (this.count > 0) {
      short = this.count;
      for (let j = 0; j < md.m; j++) if (!md.existing[j] && this.option[j] >= 0) short--;
    }
    s[md.n + 1] = short;
    return norm + last * last + short * short;
  }
}

/** Largest DP the aggregate row may take (sites × capacity units). */
const AGG_MAX_CELLS = 4_000_000;

/**
 * The aggregate capacity row Σ capacity of the chosen sizes ≥ demand − existing capacity, in units
 * of the capacities' greatest common divisor (capacities scaled by up to 10³ to integers); null when
 * it cannot bind (an existing site without capacity, nothing to hold) or the DP would be too large.
 */
function aggregateRow(md: CflpModel): { need: number; w: Int32Array } | null {
  let rest = md.totalUnits;
  for (let j = 0; j < md.m; j++) if (md.existing[j]) rest -= md.baseCap[j];
  if (!(rest > 1e-9) || !Number.isFinite(rest)) return null;
  for (let scale = 1; scale <= 1000; scale *= 10) {
    let g = 0;
    let ok = true;
    for (let o = 0; o < md.optCap.length && ok; o++) {
      const c = md.optCap[o];
      if (!Number.isFinite(c)) continue;
      const v = c * scale;
      const r = Math.round(v);
      if (Math.abs(v - r) > 1e-9 * Math.max(1, v)) ok = false;
      else g = gcdInt(g, r);
    }
    if (!ok || g === 0) continue;
    const u = g / scale;
    const need = Math.ceil(rest / u - 1e-9);
    if (need <= 0 || md.m * (need + 1) > AGG_MAX_CELLS) return null;
    const w = new Int32Array(md.optCap.length);
    for (let o = 0; o < w.length; o++) w[o] = Number.isFinite(md.optCap[o]) ? Math.min(need, Math.round(md.optCap[o] / u)) : need;
    return { need, w };
  }
  return null;
}

function gcdInt(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Sorts order[lo..hi) by key ascending (insertion sort for short runs, else a quicksort). */
function sortByKey(order: Int32Array, key: Float64Array, lo: number, hi: number): void {
  if (hi - lo < 24) {
    for (let a = lo + 1; a < hi; a++) {
      const k = key[a];
      const v = order[a];
      let b = a - 1;
      while (b >= lo && key[b] > k) {
        key[b + 1] = key[b];
        order[b + 1] = order[b];
        b--;
      }
      key[b + 1] = k;
      order[b + 1] = v;
    }
    return;
  }
  const mid = key[(lo + hi) >> 1];
  let i = lo;
  let j = hi - 1;
  while (i <= j) {
    while (key[i] < mid) i++;
    while (key[j] > mid) j--;
    if (i <= j) {
      const tk = key[i];
      key[i] = key[j];
      key[j] = tk;
      const to = order[i];
      order[i] = order[j];
      order[j] = to;
      i++;
      j--;
    }
  }
  if (lo < j) sortByKey(order, key, lo, j + 1);
  if (i < hi - 1) sortByKey(order, key, i, hi);
}

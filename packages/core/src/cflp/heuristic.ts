import { now, type RunContext } from "../heuristics/context.js";
import { mulberry32 } from "../rng.js";
import { Assigner } from "./assign.js";
import { packable, SizePacker } from "./repack.js";
import { SplitFlow } from "./flow.js";
import { priced, type CflpModel } from "./model.js";
import type { CflpSolution } from "./types.js";

const EPS = 1e-9;

/**
 * Local search over size choices: a configuration (a size or none per site) is judged by running
 * the assignment (`Assigner`) on it. `construct` opens sizes greedily — most unserved (or, for the
 * coverage target, uncovered) demand per unit of cost — until the assignment succeeds, downsizing
 * or closing sites that cannot reach their minimum; `improve` then tries, per open new site, to
 * close it, to resize it, and to move it to a nearby closed candidate, keeping any change that
 * lowers the objective (with a budget: raises the weight within the radius at cost ≤ budget).
 */
export class CflpSearch {
  readonly asg: Assigner;
  best: Int32Array | null = null;
  bestValue = Infinity;
  bestPairs: Int32Array | null = null;
  private readonly acc: Float64Array;
  /** Scratch of `openWherePriced`: per closed candidate, the units its radius would take, its saving and the order. */
  private openScratch: { units: Float64Array; saving: Float64Array; order: Int32Array } | null = null;
  /** The ejection chains of `repack` (built at its first use). */
  private packer: SizePacker | null = null;
  /** Per site: candidate sites near it (sharing demand in reach), for swap moves. */
  private near: Int32Array[] | null = null;

  /** Split demand: the best plan judged by the fractional assignment (`polishSplit`), its value and shares. */
  splitBest: Int32Array | null = null;
  splitValue = Infinity;
  /** The polished plan's assignment: flow per pair (units) and, for points without units, their pair. */
  private splitFlow: Float64Array | null = null;
  private splitZero: Int32Array | null = null;
  private flowSolver: SplitFlow | null = null;
  /** Fractional assignments solved (`polishSplit`). */
  flows = 0;

  /** A soft deadline (ms, `now()` clock) for the current phase, on top of the run's limits. */
  stopAt = Infinity;

  /** True when the run's limits or the phase's deadline are reached. */
  stop(): boolean {
    return this.ctx.shouldStop() || (this.stopAt < Infinity && now() > this.stopAt);
  }

  constructor(readonly md: CflpModel, readonly ctx: RunContext) {
    this.asg = new Assigner(md, () => this.stop());
    this.acc = new Float64Array(md.m);
  }

  private costOK(option: Int32Array): boolean {
    return this.md.budget === null || this.asg.optionCost(option) <= this.md.budget * (1 + 1e-12) + EPS;
  }

  /** Runs the assignment; on success shrinks sizes to fit and records the best. Returns the value or Infinity. */
  evaluate(option: Int32Array): number {
    if (!this.asg.run(option)) return Infinity;
    if (!this.asg.shrink(option)) {
      return Infinity;
    }
    for (let round = 0; round < 3 && this.asg.tighten(option); round++);
    if (!this.costOK(option)) return Infinity;
    const md = this.md;
    const value = md.budget !== null ? -this.asg.covered : this.asg.optionCost(option) + md.distanceCost * this.sumWD() + md.outsideCost * (md.coverTotal - this.asg.covered);
    if (value < this.bestValue - EPS * Math.max(1, Math.abs(value))) {
      this.bestValue = value;
      this.best = option.slice();
      this.bestPairs = this.asg.pairOf.slice();
    }
    return value;
  }

  private sumWD(): number {
    const md = this.md;
    if (md.distanceCost === 0) return 0;
    let s = 0;
    for (let i = 0; i < md.n; i++) if (this.asg.pairOf[i] >= 0) s += md.weight[i] * md.pairDist[this.asg.pairOf[i]];
    return s;
  }

  /** Greedy repair from a starting configuration until the assignment succeeds; returns the value (Infinity on failure). */
  construct(start: Int32Array, maxRounds = 4 * this.md.m + 10): number {
    const md = this.md;
    const { m, optPtr, optCost, optCap, pairPtr, pairSite, pairCov, units, weight } = md;
    const option = start.slice();
    const asg = this.asg;
    // sites closed for missing their minimum are not reopened in this construction
    const banned = new Uint8Array(m);
    for (let round = 0; round < maxRounds; round++) {
      if (this.stop()) return Infinity;
      // capacity, reach and coverage first, minimums aside
      asg.ignoreMin = true;
      const ok = asg.run(option);
      asg.ignoreMin = false;
      if (ok) {
        // then the minimums (points pulled in from neighbours that can spare them); where that
        // fails, drop the least used site still below (its demand moves to neighbours)
        const v = this.evaluate(option);
        if (v < Infinity) return v;
        let drop = -1;
        for (const j of asg.belowMin) if (drop < 0 || asg.load[j] < asg.load[drop]) drop = j;
        if (drop >= 0) {
          // or close an open neighbour instead, so that its demand fills the site (a relocation)
          const near = this.nearSites()[drop];
          let best = drop;
          let bestMissing = Infinity;
          let tried = 0;
          for (let t = -1; t < near.length && tried < 6 && !this.stop(); t++) {
            const c = t < 0 ? drop : near[t];
            if (option[c] < 0) continue;
            tried++;
            const trial = option.slice();
            trial[c] = -1;
            const v2 = this.evaluate(trial);
            if (v2 < Infinity) return v2;
            const miss = this.missing();
            if (miss < bestMissing) {
              bestMissing = miss;
              best = c;
            }
          }
          drop = best;
          option[drop] = -1;
          banned[drop] = 1;
          continue;
        }
        // else the minimums cost coverage (or a size fit): add from this run's shortfall
      }
      // what is missing: unserved units, or weight not covered
      const acc = this.acc;
      acc.fill(0);
      const coverMode = asg.unserved.length === 0;
      if (!coverMode) {
        for (const i of asg.unserved) for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) acc[pairSite[p]] += units[i];
      } else {
        if (asg.coverShort <= 0) return Infinity;
        for (let i = 0; i < md.n; i++) {
          const cur = asg.pairOf[i];
          if (cur < 0 || pairCov[cur] || weight[i] === 0) continue;
          for (let p = pairPtr[i]; p < pairPtr[i + 1] && pairCov[p]; p++) acc[pairSite[p]] += weight[i];
        }
      }
      let bestJ = -1;
      let bestScore = Infinity;
      let bestReach = -1;
      for (let pass = 0; pass < 2 && bestJ < 0; pass++) {
        for (let j = 0; j < m; j++) {
          if (acc[j] <= 0 || option[j] >= 0 || md.closed[j] || md.unfillable[j] || optPtr[j + 1] === optPtr[j]) continue;
          if (pass === 0 && banned[j]) continue;
          let cheap = Infinity;
          let big = 0;
          for (let o = optPtr[j]; o < optPtr[j + 1]; o++) {
            cheap = Math.min(cheap, optCost[o]);
            big = Math.max(big, optCap[o]);
          }
          const gain = coverMode ? acc[j] : Math.min(acc[j], big);
          const score = (cheap + EPS) / gain;
          // ties: the site with the most demand in reach (the easiest minimum)
          const reach = md.sitePairPtr[j + 1] - md.sitePairPtr[j];
          if (score < bestScore * (1 - 1e-9) || (score <= bestScore * (1 + 1e-9) && reach > bestReach)) {
            bestScore = score;
            bestJ = j;
            bestReach = reach;
          }
        }
        if (bestJ < 0) banned.fill(0);
      }
      if (bestJ < 0) return Infinity;
      option[bestJ] = 0;
    }
    return Infinity;
  }

  /** How far the last assignment run was from feasible (unserved points, sites below minimum, coverage short). */
  private missing(): number {
    const a = this.asg;
    const wbar = this.md.totalWeight / Math.max(1, this.md.n);
    return a.unserved.length * 1000 + a.belowMin.length * 100 + a.coverShort / Math.max(wbar, 1e-9);
  }

  private nearSites(): Int32Array[] {
    if (this.near) return this.near;
    const md = this.md;
    // candidates sharing demand in reach, the most shared first, at most 12
    const out: Int32Array[] = [];
    const count = new Int32Array(md.m);
    const touched: number[] = [];
    for (let j = 0; j < md.m; j++) {
      touched.length = 0;
      for (let t = md.sitePairPtr[j]; t < md.sitePairPtr[j + 1]; t += Math.max(1, ((md.sitePairPtr[j + 1] - md.sitePairPtr[j]) / 40) | 0)) {
        const i = md.pairDemand[md.sitePair[t]];
        for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1] && p < md.pairPtr[i] + 24; p++) {
          const k = md.pairSite[p];
          if (k === j || md.existing[k] || md.closed[k] || md.optPtr[k + 1] === md.optPtr[k]) continue;
          if (count[k]++ === 0) touched.push(k);
        }
      }
      touched.sort((a, b) => count[b] - count[a] || a - b);
      out.push(Int32Array.from(touched.slice(0, 12)));
      for (const k of touched) count[k] = 0;
    }
    this.near = out;
    return out;
  }

  /** Close / resize / move each open new site while that improves the best; repeats until no move helps. */
  improve(): void {
    const md = this.md;
    if (!this.best) return;
    const near = this.nearSites();
    let improved = true;
    while (improved) {
      improved = false;
      // priced models: first the sites whose radius pays for them, one at a time
      while (!this.stop() && this.openWherePriced());
      const base = this.best.slice();
      const open: number[] = [];
      for (let j = 0; j < md.m; j++) if (base[j] >= 0 && !md.existing[j]) open.push(j);
      // least used first
      for (const j of open) {
        if (this.stop()) return;
        const cur = this.best.slice();
        if (cur[j] < 0) continue;
        const before = this.bestValue;
        // close
        const a = cur.slice();
        a[j] = -1;
        this.evaluate(a);
        if (this.bestValue < before) {
          improved = true;
          continue;
        }
        // other sizes
        for (let o = md.optPtr[j]; o < md.optPtr[j + 1] && !this.stop(); o++) {
          if (o - md.optPtr[j] === cur[j]) continue;
          const b = cur.slice();
          b[j] = o - md.optPtr[j];
          this.evaluate(b);
        }
        if (this.bestValue < before) {
          improved = true;
          continue;
        }
        // move to a nearby closed candidate, at the same or the next size
        for (const k of near[j]) {
          if (this.stop()) return;
          if (cur[k] >= 0) continue;
          const c = cur.slice();
          c[j] = -1;
          const nk = md.optPtr[k + 1] - md.optPtr[k];
          c[k] = Math.min(cur[j], nk - 1);
          if (this.evaluate(c) < before) break;
        }
        if (this.bestValue < before) improved = true;
      }
      if (!improved && !this.stop() && this.absorb()) improved = true;
      if (!improved && !this.stop() && this.repack()) improved = true;
      if (md.budget !== null && !this.stop()) {
        // with a budget: open one more site (smallest size) where money remains
        const cur = this.best.slice();
        const before = this.bestValue;
        for (let j = 0; j < md.m && !this.stop(); j++) {
          if (cur[j] >= 0 || md.existing[j] || md.closed[j] || md.optPtr[j + 1] === md.optPtr[j]) continue;
          const c = cur.slice();
          c[j] = 0;
          this.evaluate(c);
        }
        if (this.bestValue < before) improved = true;
      }
    }
  }

  /**
   * Priced models (a cost per unit of counted weight served beyond the radius, no budget): opens a
   * closed candidate whose radius holds weight the best plan serves beyond it — the candidates
   * whose saved price most exceeds their cheapest size's cost first, `OPEN_TRIES` of them — and
   * keeps the first that makes the plan cheaper. Close, resize and move never add a site, and a
   * construction stops at the first plan that serves everyone, so without this a plan kept every
   * resident its construction left beyond the radius (the whole area's 2035 kindergartens of the
   * Fengxian parts, 1 s: 2,492 with bound 605). Returns whether the best improved.
   */
  private openWherePriced(): boolean {
    const md = this.md;
    const best = this.best;
    const pairs = this.bestPairs;
    if (!best || !pairs || !priced(md)) return false;
    const { m, optPtr, optCost, optCap, pairPtr, pairSite, pairCov, units, weight } = md;
    const sc = (this.openScratch ??= { units: new Float64Array(m), saving: new Float64Array(m), order: new Int32Array(m) });
    // per closed candidate: the weight (and its units) served beyond the radius that its radius
    // holds (pairCov marks counted points only; a point's pairs run nearest first, those within the
    // radius lead)
    const w = this.acc;
    w.fill(0);
    const u = sc.units;
    u.fill(0);
    for (let i = 0; i < md.n; i++) {
      const cur = pairs[i];
      if (cur < 0 || pairCov[cur] || weight[i] === 0) continue;
      for (let p = pairPtr[i]; p < pairPtr[i + 1] && pairCov[p]; p++) {
        const j = pairSite[p];
        if (best[j] >= 0 || md.existing[j]) continue;
        w[j] += weight[i];
        u[j] += units[i];
      }
    }
    // the price saved at the largest size's capacity, less the cheapest size's cost
    const { saving, order } = sc;
    let k = 0;
    for (let j = 0; j < m; j++) {
      if (w[j] <= 0 || md.closed[j] || md.unfillable[j] || optPtr[j + 1] === optPtr[j]) continue;
      let cheap = Infinity;
      let big = 0;
      for (let o = optPtr[j]; o < optPtr[j + 1]; o++) {
        cheap = Math.min(cheap, optCost[o]);
        big = Math.max(big, optCap[o]);
      }
      saving[j] = md.outsideCost * w[j] * (u[j] > big ? big / u[j] : 1) - cheap;
      if (saving[j] > 0) order[k++] = j;
    }
    const cands = order.subarray(0, k).sort((a, b) => saving[b] - saving[a] || a - b);
    const before = this.bestValue;
    for (let t = 0; t < Math.min(OPEN_TRIES, k) && !this.stop(); t++) {
      const c = best.slice();
      // the largest size: `evaluate` shrinks it to the cheapest that holds its load
      c[cands[t]] = largestSize(md, cands[t]);
      if (this.evaluate(c) < before) return true;
    }
    return false;
  }

  /**
   * One site a size up, its neighbours down: the best plan's site j takes a larger size and
   * `Assigner.tighten` moves load into it wherever that lets another site drop a size or close
   * (three 300-place sites → two 450-place ones). Kept when the plan gets cheaper. Only where the
   * sizes are the whole objective (as `tighten`). Returns whether the best improved.
   */
  private absorb(): boolean {
    const md = this.md;
    if (!this.best || md.budget !== null || md.outsideCost > 0 || md.distanceCost > 0) return false;
    const asg = this.asg;
    const opt0 = this.best.slice();
    if (this.evaluate(opt0) === Infinity) return false;
    let pairs0 = asg.pairOf.slice();
    let load0 = asg.load.slice();
    let open0 = asg.open.slice();
    let cov0 = asg.covered;
    let improved = false;
    const { optPtr, optCap, optCost } = md;
    for (let j = 0; j < md.m; j++) {
      if (opt0[j] < 0 || md.existing[j]) continue;
      const cur = optPtr[j] + opt0[j];
      for (let o = optPtr[j]; o < optPtr[j + 1]; o++) {
        if (optCap[o] <= optCap[cur] || this.stop()) continue;
        const opt = opt0.slice();
        opt[j] = o - optPtr[j];
        let changed = false;
        for (let round = 0; round < 3 && asg.tighten(opt); round++) changed = true;
        const value = changed && asg.shrink(opt) ? asg.optionCost(opt) : Infinity;
        if (value < this.bestValue - EPS * Math.max(1, Math.abs(value))) {
          this.bestValue = value;
          this.best = opt.slice();
          this.bestPairs = asg.pairOf.slice();
          opt0.set(opt);
          pairs0 = asg.pairOf.slice();
          load0 = asg.load.slice();
          open0 = asg.open.slice();
          cov0 = asg.covered;
          improved = true;
          break;
        }
        asg.pairOf.set(pairs0);
        asg.load.set(load0);
        asg.open.set(open0);
        asg.covered = cov0;
      }
    }
    return improved;
  }

  /**
   * Sizes down by ejection chains on the best plan's own assignment (`SizePacker`): the moves
   * above re-run the assignment, whose loads decide the sizes, and miss plans that pack tighter.
   * With `flowVariant` ≥ 0, by the split flow in that variant's site order (`packByFlow`) where the
   * chains find nothing (the chains only with variant 0). Returns whether the best improved.
   */
  private repack(stop: () => boolean = () => this.stop(), flowVariant = -1): boolean {
    if (!this.best || !this.bestPairs) return false;
    const packer = (this.packer ??= new SizePacker(this.md));
    // the chains once per plan (they are deterministic: a later flow variant would find them failing again)
    let r = flowVariant <= 0 ? packer.run(this.best, this.bestPairs, stop) : null;
    if (!r && flowVariant >= 0 && !stop()) r = packer.packByFlow(this.best, this.bestPairs, stop, flowVariant);
    if (!r || !(r.value < this.bestValue - EPS * Math.max(1, Math.abs(r.value)))) return false;
    this.best = r.option;
    this.bestPairs = r.pairs;
    this.bestValue = r.value;
    return true;
  }

  /**
   * The final plan's sizes down while any goes down (`repack`): by ejection chains, and where they
   * find nothing by the split flow (`SizePacker.packByFlow`) in up to `PACK_VARIANTS` site orders,
   * until the run's deadline but at least `ms` milliseconds, even past it (a pass takes 10–40 ms by
   * the chains and 120–700 ms by the flow on 2,000 × 400; the engine keeps `packReserve` for it):
   * the search's last plan comes from the assignment, which packs loosely. Returns the times a plan
   * improved.
   */
  packSizes(ms = PACK_MS): number {
    const deadline = this.ctx.deadline;
    const until = Number.isFinite(deadline) ? Math.max(now() + ms, deadline) : Infinity;
    let k = 0;
    const stop = () => now() > until;
    // the flow's site orders in turn (`packByFlow`'s variants) until one improves, then from the first again
    for (let variant = 0; variant < PACK_VARIANTS && !stop(); ) {
      if (this.repack(stop, variant)) {
        k++;
        variant = 0;
      } else variant++;
    }
    return k;
  }

  /**
   * Time (ms) to keep for `packSizes` at the end of a time-limited run: a twentieth of what is
   * left, at most a second, for the models the packing applies to (0 for the others).
   */
  packReserve(): number {
    const deadline = this.ctx.deadline;
    if (!Number.isFinite(deadline) || !packable(this.md)) return 0;
    return Math.min(PACK_RESERVE_MS, PACK_RESERVE_SHARE * Math.max(0, deadline - now()));
  }

  /**
   * Iterated local search: from the best configuration, close two to four random open new sites,
   * rebuild what is missing (`construct`) and improve; keep the result when it is better. Stops at
   * `until` (ms), at the run's limits, or after 25 rounds without improvement.
   */
  iterate(until: number, seed: number): void {
    const md = this.md;
    if (!this.best) return;
    const rng = mulberry32(seed);
    let best: Int32Array = this.best;
    let stale = 0;
    const saved = this.stopAt;
    this.stopAt = Math.min(saved, until);
    while (stale < 25 && !this.stop()) {
      const before = this.bestValue;
      best = this.best ?? best;
      const base = best.slice();
      const open: number[] = [];
      for (let j = 0; j < md.m; j++) if (base[j] >= 0 && !md.existing[j]) open.push(j);
      if (open.length === 0) break;
      const k = Math.min(open.length, 2 + Math.floor(rng() * 3));
      for (let t = 0; t < k; t++) {
        const r = t + Math.floor(rng() * (open.length - t));
        const tmp = open[t];
        open[t] = open[r];
        open[r] = tmp;
        base[open[t]] = -1;
      }
      this.explore(base, 60);
      stale = this.bestValue < before ? 0 : stale + 1;
    }
    this.stopAt = saved;
  }

  /**
   * Construction and local search from `start` as if nothing were known (the moves work on the
   * plan built from it); the best so far is restored if nothing better comes out. Returns the
   * value reached from `start` (Infinity when no plan was built).
   */
  explore(start: Int32Array, maxRounds = 60): number {
    const saveBest: Int32Array | null = this.best;
    const saveValue = this.bestValue;
    const savePairs = this.bestPairs;
    this.best = null;
    this.bestValue = Infinity;
    this.construct(start, maxRounds);
    if (this.best) this.improve();
    const reached = this.bestValue;
    if (this.best && reached < Infinity && splitPolishable(this.md)) this.keepOptimum(this.best, reached);
    if (!(this.bestValue < saveValue - EPS * Math.max(1, Math.abs(saveValue)))) {
      this.best = saveBest;
      this.bestValue = saveValue;
      this.bestPairs = savePairs;
    }
    return reached;
  }

  /** Split demand: the best distinct local optima the explorations reached (single-source value), starts for `polishSplitAll`. */
  private readonly optima: { option: Int32Array; value: number }[] = [];

  private keepOptimum(option: Int32Array, value: number): void {
    const o = this.optima;
    for (const q of o) if (q.value === value && q.option.every((v, j) => v === option[j])) return;
    o.push({ option: option.slice(), value });
    o.sort((a, b) => a.value - b.value);
    if (o.length > POLISH_STARTS) o.length = POLISH_STARTS;
  }

  /**
   * Split demand: `polishSplit` from the best plan, then from the other local optima the
   * explorations reached (best first) while time remains — a plan a little dearer single-source
   * may polish to a cheaper split one. Returns the best polished value.
   */
  polishSplitAll(): number {
    let v = this.polishSplit();
    for (const q of this.optima.slice()) {
      if (this.stop()) break;
      if (this.best && q.option.every((x, j) => x === (this.best as Int32Array)[j])) continue;
      v = Math.min(v, this.polishSplit(q.option));
    }
    return v;
  }

  /** The least value found: the single-source runs' or, split, the polished plan's. */
  get value(): number {
    return Math.min(this.bestValue, this.splitValue);
  }

  /**
   * Split demand: the best plan's sizes judged by the least-cost fractional assignment
   * (`SplitFlow`) instead of the single-source one, then each open site a size down or closed — the
   * largest saving first — while the flow still serves every point within capacities and
   * minimums, until no such move lowers the value. Without a coverage target or a budget only (the
   * flow has no side row). The sizes down and closes reroute only the site's excess on the flow of
   * the current plan (`SplitFlow.resize`, stopped once the move cannot pay): on the first-start
   * zone's 2024 elder-care model 1,848 flows in a 3 s engine run instead of 967, the same plans.
   * Returns the polished value (Infinity when it does not apply).
   */
  polishSplit(from: Int32Array | null = this.best): number {
    const md = this.md;
    if (!splitPolishable(md) || !from) return Infinity;
    const flow = (this.flowSolver ??= new SplitFlow(md));
    const stop = () => this.stop();
    const valueOf = (opt: Int32Array, stoppable = true) => {
      this.flows++;
      const a = flow.solve(opt, stoppable ? stop : undefined);
      return a === Infinity ? Infinity : this.asg.optionCost(opt) + a;
    };
    const cur = from.slice();
    // (the plan's own sizes even past the limits: one flow, milliseconds)
    let value = valueOf(cur, false);
    if (value === Infinity) return Infinity;
    this.recordSplit(cur, value, flow);
    /** Judges `cur` as it stands: true (and kept) when it lowers the value, false (caller restores) otherwise. */
    const accept = (): boolean => {
      const v = valueOf(cur);
      if (!(v < value - EPS * Math.max(1, Math.abs(value)))) return false;
      value = v;
      this.recordSplit(cur, v, flow);
      return true;
    };
    const moves: { j: number; from: number; to: number; saving: number }[] = [];
    let improved = true;
    while (improved && !this.stop()) {
      improved = false;
      moves.length = 0;
      for (let j = 0; j < md.m; j++) {
        const o = cur[j];
        if (o < 0) continue;
        const c = md.optCost[md.optPtr[j] + o];
        moves.push({ j, from: o, to: -1, saving: c });
        for (let k = 0; k < md.optPtr[j + 1] - md.optPtr[j]; k++) {
          const ck = md.optCost[md.optPtr[j] + k];
          if (ck < c) moves.push({ j, from: o, to: k, saving: c - ck });
        }
      }
      moves.sort((a, b) => b.saving - a.saving || a.j - b.j);
      // a size down or a close changes one site's arcs: the flow for `cur` (the last solve may have
      // been a rejected move's) reroutes that site's excess (`SplitFlow.resize`, undone by
      // `restore`) instead of a new flow per move
      this.flows++;
      const current = flow.solve(cur, stop) !== Infinity;
      for (const mv of moves) {
        if (!current || this.stop()) break;
        if (cur[mv.j] !== mv.from) continue;
        cur[mv.j] = mv.to;
        const fixedPart = this.asg.optionCost(cur);
        const limit = value - EPS * Math.max(1, Math.abs(value)) - fixedPart;
        flow.save();
        this.flows++;
        if (flow.resize(mv.j, mv.to, stop, limit) && flow.value < limit) {
          value = fixedPart + flow.value;
          flow.read();
          this.recordSplit(cur, value, flow);
          improved = true;
        } else {
          flow.restore();
          cur[mv.j] = mv.from;
        }
      }
      if (improved) continue;
      // merges: a new site closed, a nearby open site one size up (cheaper together)
      const near = this.nearSites();
      for (let k = 0; k < md.m && !improved && !this.stop(); k++) {
        const ok = cur[k];
        if (ok < 0 || md.existing[k]) continue;
        const ck = md.optCost[md.optPtr[k] + ok];
        for (const j of near[k]) {
          if (!(cur[j] >= 0 || md.existing[j])) continue;
          const oj = cur[j];
          const up = nextSize(md, j, oj);
          if (up < 0) continue;
          const delta = md.optCost[md.optPtr[j] + up] - (oj >= 0 ? md.optCost[md.optPtr[j] + oj] : 0) - ck;
          if (delta >= 0) continue;
          cur[k] = -1;
          cur[j] = up;
          if (accept()) {
            improved = true;
            break;
          }
          cur[k] = ok;
          cur[j] = oj;
          if (this.stop()) break;
        }
      }
      if (improved) continue;
      // splits: a site a size down (or closed) and a nearby closed candidate opened, cheaper together
      for (let k = 0; k < md.m && !improved && !this.stop(); k++) {
        const ok = cur[k];
        if (ok < 0) continue;
        const ck = md.optCost[md.optPtr[k] + ok];
        const downs: number[] = [-1];
        for (let t = 0; t < md.optPtr[k + 1] - md.optPtr[k]; t++) if (md.optCost[md.optPtr[k] + t] < ck) downs.push(t);
        for (const c of near[k]) {
          if (cur[c] >= 0 || md.existing[c] || md.closed[c] || md.unfillable[c]) continue;
          for (const b of downs) {
            const cb = b >= 0 ? md.optCost[md.optPtr[k] + b] : 0;
            for (let d = 0; d < md.optPtr[c + 1] - md.optPtr[c] && !improved; d++) {
              if (cb + md.optCost[md.optPtr[c] + d] >= ck) continue;
              cur[k] = b;
              cur[c] = d;
              if (accept()) improved = true;
              else {
                cur[k] = ok;
                cur[c] = -1;
              }
            }
            if (improved || this.stop()) break;
          }
          if (improved || this.stop()) break;
        }
      }
    }
    return value;
  }

  /** Keeps the flow's current plan when it is the best polished one (its assignment copied; shares are built by `solution`). */
  private recordSplit(option: Int32Array, value: number, flow: SplitFlow): void {
    if (!(value < this.splitValue)) return;
    this.splitValue = value;
    this.splitBest = option.slice();
    if (this.splitFlow) this.splitFlow.set(flow.flow);
    else this.splitFlow = flow.flow.slice();
    if (this.splitZero) this.splitZero.set(flow.zeroPair);
    else this.splitZero = flow.zeroPair.slice();
  }

  /** The best configuration as a solution (single-source assignment from the best run, or the polished split plan). */
  solution(): CflpSolution | null {
    const md = this.md;
    const flow = this.splitFlow;
    const zero = this.splitZero;
    if (this.splitBest && flow && zero && (this.bestValue === Infinity || this.splitValue < this.bestValue - EPS * Math.max(1, Math.abs(this.bestValue)))) {
      // shares from the kept flow; each point's main site is the one serving most of it
      const site = new Int32Array(md.n).fill(-1);
      const share: { site: number; fraction: number }[][] = [];
      for (let i = 0; i < md.n; i++) {
        const list: { site: number; fraction: number }[] = [];
        if (md.served[i]) {
          if (zero[i] >= 0) list.push({ site: md.pairSite[zero[i]], fraction: 1 });
          else {
            let sum = 0;
            for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) if (flow[p] > 0) sum += flow[p];
            for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) if (flow[p] > 0) list.push({ site: md.pairSite[p], fraction: flow[p] / sum });
          }
          let f = 0;
          for (const x of list) if (x.fraction > f) {
            f = x.fraction;
            site[i] = x.site;
          }
        }
        share.push(list);
      }
      return { option: this.splitBest.slice(), site, share };
    }
    if (!this.best || !this.bestPairs) return null;
    const site = new Int32Array(md.n).fill(-1);
    for (let i = 0; i < md.n; i++) if (this.bestPairs[i] >= 0) site[i] = md.pairSite[this.bestPairs[i]];
    const sol: CflpSolution = { option: this.best.slice(), site };
    if (!md.singleSource) sol.share = Array.from(site, (j) => (j >= 0 ? [{ site: j, fraction: 1 }] : []));
    return sol;
  }

  /** Records a complete solution found elsewhere (a branch-and-bound leaf) when it is the best. */
  offer(option: Int32Array, site: Int32Array, value: number): void {
    if (!(value < this.bestValue - EPS * Math.max(1, Math.abs(value)))) return;
    const md = this.md;
    const pairs = new Int32Array(md.n).fill(-1);
    for (let i = 0; i < md.n; i++) {
      for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) if (md.pairSite[p] === site[i]) pairs[i] = p;
    }
    this.bestValue = value;
    this.best = option.slice();
    this.bestPairs = pairs;
  }

  /** Adopts a known solution's sizes as a starting point. */
  seed(sol: CflpSolution): void {
    this.construct(sol.option);
  }
}

/** Shortest final `packSizes` (ms), past the run's limits if need be. */
const PACK_MS = 200;
/** `packByFlow` variants `packSizes` tries (site orders: dearest, emptiest, shuffled; from the fourth on, closing too). */
const PACK_VARIANTS = 9;
/** The end of a time-limited run kept for `packSizes`: this share of the time left, at most `PACK_RESERVE_MS`. */
const PACK_RESERVE_SHARE = 0.05;
const PACK_RESERVE_MS = 1000;

/** Split demand: local optima kept as polish starts (`polishSplitAll`). */
const POLISH_STARTS = 8;
/** Candidates `openWherePriced` evaluates per call (the most promising first). */
const OPEN_TRIES = 8;

/** The heuristic on split demand: the share of the time left for the iterated local search before the polish. */
const SPLIT_ITERATE_SHARE = 0.6;

/** Split demand without a coverage row or a budget: plans `CflpSearch.polishSplit` can polish. */
export function splitPolishable(md: CflpModel): boolean {
  return !md.singleSource && md.budget === null && md.coverTarget === 0;
}

/**
 * A plan found elsewhere (a MIP backend's, unproven) polished by `CflpSearch.polishSplit`: its
 * sizes with the least-cost fractional assignment, then sizes down, closes, merges and splits
 * while they lower the value. Null when nothing applies.
 */
export function polishSplitPlan(md: CflpModel, ctx: RunContext, sol: CflpSolution): CflpSolution | null {
  const s = new CflpSearch(md, ctx);
  if (s.polishSplit(sol.option) === Infinity) return null;
  return s.solution();
}

/** The index of site j's largest size (the first of equal ones; -1 without sizes). */
function largestSize(md: CflpModel, j: number): number {
  let best = -1;
  for (let t = 0; t < md.optPtr[j + 1] - md.optPtr[j]; t++) if (best < 0 || md.optCap[md.optPtr[j] + t] > md.optCap[md.optPtr[j] + best]) best = t;
  return best;
}

/** Site j's next size up from its option `k` (local index; −1: closed, or an existing site's base): the least capacity above it, −1 when none. */
function nextSize(md: CflpModel, j: number, k: number): number {
  const from = k >= 0 ? md.optCap[md.optPtr[j] + k] : 0;
  let best = -1;
  for (let t = 0; t < md.optPtr[j + 1] - md.optPtr[j]; t++) {
    const c = md.optCap[md.optPtr[j] + t];
    if (c > from && (best < 0 || c < md.optCap[md.optPtr[j] + best])) best = t;
  }
  return best;
}

/** The heuristic alone: greedy construction from the existing sites (and a start, if given), then local search. */
export function cflpHeuristic(md: CflpModel, ctx: RunContext, start?: CflpSolution): CflpSolution | null {
  const s = new CflpSearch(md, ctx);
  if (start) s.seed(start);
  s.construct(new Int32Array(md.m).fill(-1));
  s.improve();
  if (splitPolishable(md)) {
    // split demand: the iterated local search (part of the time left; it stops by itself after
    // stale rounds), then the fractional polish — on the first-start zone's kindergartens 600 → 518
    s.iterate(Number.isFinite(ctx.deadline) ? now() + SPLIT_ITERATE_SHARE * (ctx.deadline - now()) : Infinity, ctx.seed);
    s.polishSplitAll();
  }
  s.packSizes();
  return s.solution();
}

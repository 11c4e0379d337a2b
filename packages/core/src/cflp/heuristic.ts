import type { RunContext } from "../heuristics/context.js";
import { Assigner } from "./assign.js";
import type { CflpModel } from "./model.js";
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
  /** Per site: candidate sites near it (sharing demand in reach), for swap moves. */
  private near: Int32Array[] | null = null;

  constructor(readonly md: CflpModel, readonly ctx: RunContext) {
    this.asg = new Assigner(md);
    this.acc = new Float64Array(md.m);
  }

  private costOK(option: Int32Array): boolean {
    return this.md.budget === null || this.asg.optionCost(option) <= this.md.budget * (1 + 1e-12) + EPS;
  }

  /** Runs the assignment; on success shrinks sizes to fit and records the best. Returns the value or Infinity. */
  evaluate(option: Int32Array): number {
    if (!this.asg.run(option)) return Infinity;
    this.asg.shrink(option);
    if (!this.costOK(option)) return Infinity;
    const value = this.md.budget !== null ? -this.asg.covered : this.asg.optionCost(option) + this.md.distanceCost * this.sumWD();
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
  construct(start: Int32Array): number {
    const md = this.md;
    const { m, optPtr, optCost, optCap, optMin, pairPtr, pairSite, pairCov, units, weight } = md;
    const option = start.slice();
    for (let round = 0; round < 4 * m + 10; round++) {
      if (this.ctx.shouldStop()) return Infinity;
      const v = this.evaluate(option);
      if (v < Infinity) return v;
      const asg = this.asg;
      if (asg.unserved.length === 0 && asg.belowMin.length > 0) {
        // a smaller size whose minimum the site's load meets, else close it
        for (const j of asg.belowMin) {
          let pick = -1;
          for (let o = optPtr[j]; o < optPtr[j + 1]; o++) if (optMin[o] <= asg.load[j] + EPS && (pick < 0 || optCap[o] > optCap[pick])) pick = o;
          option[j] = pick >= 0 ? pick - optPtr[j] : -1;
        }
        continue;
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
      let bestO = -1;
      let bestScore = Infinity;
      for (let j = 0; j < m; j++) {
        if (acc[j] <= 0 || (md.closed[j] && !md.existing[j])) continue;
        const cur = option[j];
        const curCap = cur >= 0 ? optCap[optPtr[j] + cur] : 0;
        const curCost = cur >= 0 ? optCost[optPtr[j] + cur] : 0;
        for (let o = optPtr[j]; o < optPtr[j + 1]; o++) {
          if (cur >= 0 && optCap[o] <= curCap) continue;
          // gain in the units (or weight) the new size can take on
          const gain = coverMode ? acc[j] : Math.min(acc[j], optCap[o] - (md.existing[j] || cur >= 0 ? Math.max(0, asg.load[j] - curCap - (md.existing[j] ? md.baseCap[j] : 0)) + curCap : 0));
          if (gain <= 0) continue;
          const score = (optCost[o] - curCost + EPS) / gain;
          if (score < bestScore) {
            bestScore = score;
            bestJ = j;
            bestO = o - optPtr[j];
          }
        }
      }
      if (bestJ < 0) return Infinity;
      option[bestJ] = bestO;
    }
    return Infinity;
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
      const base = this.best.slice();
      const open: number[] = [];
      for (let j = 0; j < md.m; j++) if (base[j] >= 0 && !md.existing[j]) open.push(j);
      // least used first
      for (const j of open) {
        if (this.ctx.shouldStop()) return;
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
        for (let o = md.optPtr[j]; o < md.optPtr[j + 1]; o++) {
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
          if (cur[k] >= 0) continue;
          const c = cur.slice();
          c[j] = -1;
          const nk = md.optPtr[k + 1] - md.optPtr[k];
          c[k] = Math.min(cur[j], nk - 1);
          if (this.evaluate(c) < before) break;
        }
        if (this.bestValue < before) improved = true;
      }
      if (md.budget !== null && !this.ctx.shouldStop()) {
        // with a budget: open one more site (smallest size) where money remains
        const cur = this.best.slice();
        const before = this.bestValue;
        for (let j = 0; j < md.m && !this.ctx.shouldStop(); j++) {
          if (cur[j] >= 0 || md.existing[j] || md.closed[j] || md.optPtr[j + 1] === md.optPtr[j]) continue;
          const c = cur.slice();
          c[j] = 0;
          this.evaluate(c);
        }
        if (this.bestValue < before) improved = true;
      }
    }
  }

  /** The best configuration as a solution (single-source assignment from the best run). */
  solution(): CflpSolution | null {
    if (!this.best || !this.bestPairs) return null;
    const md = this.md;
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

/** The heuristic alone: greedy construction from the existing sites (and a start, if given), then local search. */
export function cflpHeuristic(md: CflpModel, ctx: RunContext, start?: CflpSolution): CflpSolution | null {
  const s = new CflpSearch(md, ctx);
  if (start) s.seed(start);
  s.construct(new Int32Array(md.m).fill(-1));
  s.improve();
  return s.solution();
}

import { cheapestSize, chosenSizes, NO_SIZE, type CflpModel } from "./model.js";

/**
 * Single-source assignment for a fixed choice of sizes: each point with demand, largest first,
 * goes to its nearest open site with room (one ejection step when none has room); then sites below
 * their minimum pull points from sites that can spare them, the coverage target pulls uncovered
 * points to open sites within the radius, and a last pass moves points to nearer sites where every
 * rule still holds. Built once per solve, run many times; the result is checked rule by rule
 * (`feasible`), never assumed.
 */
export class Assigner {
  readonly cap: Float64Array;
  readonly open: Uint8Array;
  /** Per point: the assigned pair (-1 none). */
  readonly pairOf: Int32Array;
  readonly load: Float64Array;
  covered = 0;
  feasible = false;
  /** Why the last run failed: points left unserved, sites below minimum, coverage short (weight). */
  unserved: number[] = [];
  belowMin: number[] = [];
  coverShort = 0;
  private readonly orderByUnits: Int32Array;
  private readonly locked: Uint8Array;
  /** Scratch lists of `tighten`, kept between calls (it runs after every evaluation). */
  private readonly sites: number[] = [];
  private readonly cands: number[] = [];
  private readonly choices: number[] = [];
  private readonly moved: number[] = [];
  /** When set, minimums are not enforced (construction: first find where capacity and coverage can be met). */
  ignoreMin = false;
  /** Optional preferred pair per point (e.g. from the Lagrangian solution), tried before the nearest site. */
  hint: Int32Array | null = null;

  /** `stop()` is polled between sites in the repairs; when it says so the run gives up (not feasible). */
  constructor(readonly md: CflpModel, private readonly stop: () => boolean = () => false) {
    this.cap = new Float64Array(md.m);
    this.open = new Uint8Array(md.m);
    this.pairOf = new Int32Array(md.n);
    this.load = new Float64Array(md.m);
    this.locked = new Uint8Array(md.m);
    const served: number[] = [];
    for (let i = 0; i < md.n; i++) if (md.served[i]) served.push(i);
    served.sort((a, b) => md.units[b] - md.units[a] || md.weight[b] - md.weight[a] || a - b);
    this.orderByUnits = Int32Array.from(served);
  }

  /** Opening cost of a size choice (−1: closed / existing base only). */
  optionCost(option: Int32Array): number {
    const md = this.md;
    let c = 0;
    for (let j = 0; j < md.m; j++) if (option[j] >= 0) c += md.optCost[md.optPtr[j] + option[j]];
    return c;
  }

  run(option: Int32Array): boolean {
    const md = this.md;
    const { m, optPtr, optCap, optMin, pairPtr, pairSite, pairCov, units, weight, pairDemand, sitePairPtr, sitePair } = md;
    const { cap, open, pairOf, load } = this;
    // sizes are flexible here: an open site may take up to its largest size's capacity and its load
    // must fall within one of its sizes (`sizeOK`); `shrink` then picks the cheapest that fits
    for (let j = 0; j < m; j++) {
      const k = option[j];
      if (md.existing[j]) {
        open[j] = 1;
        let big = 0;
        if (k >= 0) for (let o = optPtr[j]; o < optPtr[j + 1]; o++) big = Math.max(big, optCap[o]);
        cap[j] = md.baseCap[j] + big;
      } else if (k >= 0) {
        open[j] = 1;
        let big = 0;
        for (let o = optPtr[j]; o < optPtr[j + 1]; o++) big = Math.max(big, optCap[o]);
        cap[j] = big;
      } else {
        open[j] = 0;
        cap[j] = 0;
      }
    }
    pairOf.fill(-1);
    load.fill(0);
    this.unserved = [];
    this.belowMin = [];
    this.coverShort = 0;
    const room = (j: number) => cap[j] - load[j];
    const fits = (a: number, j: number) => a <= room(j) * (1 + 1e-12) + 1e-9;
    const put = (i: number, p: number) => {
      const old = pairOf[i];
      if (old >= 0) load[pairSite[old]] -= units[i];
      pairOf[i] = p;
      load[pairSite[p]] += units[i];
    };
    // 1. largest first, nearest open site with room
    const hint = this.hint;
    for (const i of this.orderByUnits) {
      const a = units[i];
      let done = false;
      if (hint && hint[i] >= 0 && open[pairSite[hint[i]]] && fits(a, pairSite[hint[i]])) {
        put(i, hint[i]);
        continue;
      }
      for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) {
        const j = pairSite[p];
        if (open[j] && fits(a, j)) {
          put(i, p);
          done = true;
          break;
        }
      }
      if (done) continue;
      // one ejection: a point k at a site j in reach moves elsewhere to make room for i
      for (let p = pairPtr[i]; p < pairPtr[i + 1] && !done; p++) {
        const j = pairSite[p];
        if (!open[j] || cap[j] < a) continue;
        for (let t = sitePairPtr[j]; t < sitePairPtr[j + 1] && !done; t++) {
          const k = pairDemand[sitePair[t]];
          if (pairOf[k] !== sitePair[t] || units[k] < a - room(j) - 1e-9) continue;
          for (let q = pairPtr[k]; q < pairPtr[k + 1]; q++) {
            const j2 = pairSite[q];
            if (j2 !== j && open[j2] && fits(units[k], j2)) {
              put(k, q);
              put(i, p);
              done = true;
              break;
            }
          }
        }
      }
      if (!done) this.unserved.push(i);
    }
    if (this.unserved.length) return (this.feasible = false);
    // 2. minimum use: pull points from sites that can spare them (prefer keeping coverage)
    let covered = 0;
    for (let i = 0; i < md.n; i++) if (pairOf[i] >= 0 && pairCov[pairOf[i]]) covered += weight[i];
    // with a budget (or a cost per point beyond the radius) the weight within the radius is in the objective: raise it as far as the moves allow
    const budgetMode = md.budget !== null || md.outsideCost > 0;
    const target = budgetMode ? md.totalWeight : md.coverTarget * (1 - 1e-12);
    // a load a site may end with: within one of its sizes (a new site's size has a minimum and a capacity)
    const sizeOK = (j: number, L: number): boolean => {
      if (md.existing[j] || this.ignoreMin) return true;
      for (let o = optPtr[j]; o < optPtr[j + 1]; o++) if (L >= optMin[o] - 1e-9 && L <= optCap[o] * (1 + 1e-12) + 1e-9) return true;
      return false;
    };
    const spare = (j2: number, a: number) => sizeOK(j2, load[j2] - a);
    // pull points into j until it reaches its minimum; a donor that would fall below its own
    // minimum may refill itself the same way (one level deeper), or the moves are undone
    const moves: number[] = [];
    const locked = this.locked;
    const pull = (j: number, depth: number): boolean => {
      locked[j] = 1;
      for (let pass = 0; pass < 2 && !sizeOK(j, load[j]); pass++) {
        for (let t = sitePairPtr[j]; t < sitePairPtr[j + 1] && !sizeOK(j, load[j]); t++) {
          const p = sitePair[t];
          const k = pairDemand[p];
          const cur = pairOf[k];
          if (cur < 0 || cur === p) continue;
          const j2 = pairSite[cur];
          if (locked[j2] || !fits(units[k], j)) continue;
          const dCov = (pairCov[p] - pairCov[cur]) * weight[k];
          // first without losing weight within the radius; then at any cost (the coverage repair follows)
          if (pass === 0 && dCov < 0) continue;
          if (spare(j2, units[k])) {
            moves.push(k, cur);
            put(k, p);
            covered += dCov;
            continue;
          }
          if (depth === 0) continue;
          const mark = moves.length;
          const cov0 = covered;
          moves.push(k, cur);
          put(k, p);
          covered += dCov;
          if (!pull(j2, depth - 1)) {
            // undo everything since the mark
            while (moves.length > mark) {
              const q = moves.pop() as number;
              const kk = moves.pop() as number;
              put(kk, q);
            }
            covered = cov0;
          }
        }
      }
      locked[j] = 0;
      return sizeOK(j, load[j]);
    };
    for (let j = 0; j < m; j++) {
      if (!open[j] || sizeOK(j, load[j])) continue;
      if (this.stop()) return (this.feasible = false);
      moves.length = 0;
      if (!pull(j, 1)) {
        this.belowMin.push(j);
      }
    }
    if (this.belowMin.length) return (this.feasible = false);
    // 3. coverage: move uncovered points to covering sites with room, else swap with a covered point
    if (covered < target) {
      for (const i of this.orderByUnits) {
        if (covered >= target) break;
        const cur = pairOf[i];
        if (cur < 0 || pairCov[cur] || weight[i] === 0) continue;
        const j0 = pairSite[cur];
        if (!spare(j0, units[i])) continue;
        for (let p = pairPtr[i]; p < pairPtr[i + 1] && pairCov[p]; p++) {
          const j = pairSite[p];
          if (open[j] && fits(units[i], j) && sizeOK(j, load[j] + units[i])) {
            put(i, p);
            covered += weight[i];
            break;
          }
        }
      }
    }
    if (covered < target) {
      // swap: i (uncovered at j0) takes the place of k at a covering site j; k moves to j0 or elsewhere
      for (const i of this.orderByUnits) {
        if (covered >= target) break;
        const cur = pairOf[i];
        if (cur < 0 || pairCov[cur] || weight[i] === 0) continue;
        let done = false;
        for (let p = pairPtr[i]; p < pairPtr[i + 1] && pairCov[p] && !done; p++) {
          const j = pairSite[p];
          if (!open[j]) continue;
          for (let t = sitePairPtr[j]; t < sitePairPtr[j + 1] && !done; t++) {
            const pk = sitePair[t];
            const k = pairDemand[pk];
            if (pairOf[k] !== pk || weight[k] >= weight[i]) continue;
            // j's load after the exchange and k's new place
            if (units[i] - units[k] > room(j) + 1e-9) continue;
            if (!sizeOK(j, load[j] - units[k] + units[i])) continue;
            for (let q = pairPtr[k]; q < pairPtr[k + 1]; q++) {
              const j2 = pairSite[q];
              if (j2 === j || !open[j2]) continue;
              const extra = j2 === pairSite[cur] ? units[k] - units[i] : units[k];
              if (extra > room(j2) + 1e-9 || !sizeOK(j2, load[j2] + extra)) continue;
              const j0 = pairSite[cur];
              if (j2 !== j0 && !spare(j0, units[i])) continue;
              if (j2 === j0 && !sizeOK(j0, load[j0] - units[i] + units[k])) continue;
              const gain = weight[i] - (pairCov[q] ? 0 : weight[k]);
              if (gain <= 0) continue;
              put(i, p);
              put(k, q);
              covered += gain;
              done = true;
              break;
            }
          }
        }
      }
    }
    if (!budgetMode && covered < target) {
      this.coverShort = md.coverTarget - covered;
      return (this.feasible = false);
    }
    // 4. nearer sites where every rule still holds (distance tie-break and distance cost)
    for (const i of this.orderByUnits) {
      const cur = pairOf[i];
      const j0 = pairSite[cur];
      for (let p = pairPtr[i]; p < cur; p++) {
        const j = pairSite[p];
        if (!open[j] || !fits(units[i], j) || !spare(j0, units[i]) || !sizeOK(j, load[j] + units[i])) continue;
        const dCov = (pairCov[p] - pairCov[cur]) * weight[i];
        if (dCov < 0 && (budgetMode || covered + dCov < target)) continue;
        put(i, p);
        covered += dCov;
        break;
      }
    }
    this.covered = covered;
    return (this.feasible = true);
  }

  /**
   * Takes sites down to cheaper sizes by pushing load to open sites with room at their chosen sizes
   * (after `run` and `shrink`): a run lets each site take what its surroundings bring, so loads
   * land just above a size's capacity (a 300-place site with 160 children) where moving a few
   * points to neighbours with room would let it drop a size, or close. Per site (the largest
   * saving first) and per cheaper size (or closing, for a new site), its points move — the ones
   * whose move keeps them within the radius first, then the nearest alternatives — to open sites
   * with room, never below the coverage target, until the load fits the size and meets its
   * minimum; otherwise the moves are undone. Only where the sizes are the whole objective (no budget,
   * no distance or outside cost).
   * Updates `option`, the assignment, the loads and `covered`; returns whether anything changed.
   */
  tighten(option: Int32Array): boolean {
    const md = this.md;
    if (md.budget !== null || md.outsideCost > 0 || md.distanceCost > 0) return false;
    const { m, optPtr, optCap, optMin, optCost, pairPtr, pairSite, pairCov, pairDist, units, weight, sitePairPtr, sitePair, pairDemand } = md;
    const { pairOf, load, open } = this;
    const capOf = (j: number, k: number) => (md.existing[j] ? md.baseCap[j] + (k >= 0 ? optCap[optPtr[j] + k] : 0) : k >= 0 ? optCap[optPtr[j] + k] : 0);
    const minOf = (j: number, k: number) => (md.existing[j] || k < 0 ? 0 : optMin[optPtr[j] + k]);
    const costOf = (j: number, k: number) => (k >= 0 ? optCost[optPtr[j] + k] : 0);
    // (the run's capacity array, free after the run, holds each site's capacity at its chosen size)
    const hi = this.cap;
    for (let j = 0; j < m; j++) hi[j] = open[j] ? capOf(j, option[j]) : 0;
    const target = md.coverTarget * (1 - 1e-12);
    let covered = this.covered;
    let changed = false;
    const moved = this.moved;
    // the sites, dearest size first
    const sites = this.sites;
    sites.length = 0;
    for (let j = 0; j < m; j++) if (open[j] && option[j] >= 0 && load[j] > 0) sites.push(j);
    sites.sort((a, b) => costOf(b, option[b]) - costOf(a, option[a]) || a - b);
    const cands = this.cands;
    const choices = this.choices;
    for (const j of sites) {
      if (this.stop()) break;
      // cheaper choices, cheapest first: closing (a new site), then the sizes below
      choices.length = 0;
      choices.push(-1);
      for (let o = optPtr[j]; o < optPtr[j + 1]; o++) if (optCost[o] < costOf(j, option[j]) - 1e-12 && capOf(j, o - optPtr[j]) < hi[j]) choices.push(o - optPtr[j]);
      choices.sort((a, b) => costOf(j, a) - costOf(j, b));
      for (const k of choices) {
        const cap = capOf(j, k);
        const lo = minOf(j, k);
        if (load[j] <= cap * (1 + 1e-12) + 1e-9) continue; // shrink has settled these
        // closing a new site: every point it serves must go, those without demand units too
        const closing = k < 0 && !md.existing[j];
        // j's points, its farthest first
        cands.length = 0;
        for (let t = sitePairPtr[j]; t < sitePairPtr[j + 1]; t++) {
          const p = sitePair[t];
          if (pairOf[pairDemand[p]] === p && (closing || units[pairDemand[p]] > 0)) cands.push(p);
        }
        cands.sort((a, b) => pairDist[b] - pairDist[a]);
        moved.length = 0;
        const cov0 = covered;
        let left = cands.length;
        for (const p of cands) {
          if (!closing && load[j] <= cap * (1 + 1e-12) + 1e-9) break;
          const i = pairDemand[p];
          const a = units[i];
          if (load[j] - a < lo - 1e-9) continue;
          // the nearest other open site with room (a point's pairs run by distance, those within
          // the radius first), leaving the radius only while the coverage target holds
          let best = -1;
          for (let q = pairPtr[i]; q < pairPtr[i + 1] && best < 0; q++) {
            const k2 = pairSite[q];
            if (k2 === j || !open[k2] || load[k2] + a > hi[k2] * (1 + 1e-12) + 1e-9) continue;
            if (pairCov[p] > pairCov[q] && covered - weight[i] < target) break;
            best = q;
          }
          if (best < 0) continue;
          covered += (pairCov[best] - pairCov[p]) * weight[i];
          load[j] -= a;
          load[pairSite[best]] += a;
          pairOf[i] = best;
          moved.push(i, p);
          left--;
        }
        if (load[j] <= cap * (1 + 1e-12) + 1e-9 && load[j] >= lo - 1e-9 && (!closing || left === 0)) {
          option[j] = k;
          hi[j] = cap;
          if (k < 0 && !md.existing[j]) open[j] = 0;
          changed = true;
          break;
        }
        // undo
        for (let t = moved.length - 2; t >= 0; t -= 2) {
          const i = moved[t];
          const p = moved[t + 1];
          load[pairSite[pairOf[i]]] -= units[i];
          load[pairSite[p]] += units[i];
          pairOf[i] = p;
        }
        covered = cov0;
      }
    }
    this.covered = covered;
    return changed;
  }

  /**
   * Gives each open site the cheapest size that holds its load and whose minimum the load meets
   * (`cheapestSize`: existing sites the cheapest expansion, or none when their own capacity
   * suffices; a new site left without load closes, and points it served without demand units move
   * to the nearest site that stays open). Returns false when some site has no such size or such a
   * point has nowhere to go.
   */
  shrink(option: Int32Array): boolean {
    const md = this.md;
    const { pairOf, open } = this;
    let ok = true;
    let closing = false;
    for (let j = 0; j < md.m; j++) {
      if (option[j] < 0 && !md.existing[j]) continue;
      const k = cheapestSize(md, j, this.load[j]);
      if (k === NO_SIZE) ok = false;
      else {
        option[j] = k;
        if (k === -1 && !md.existing[j]) {
          open[j] = 0;
          closing = true;
        }
      }
    }
    if (!ok || !closing) return ok;
    // a new site left without load may still serve points without demand units: they move to the
    // nearest site that stays open (within the radius while the coverage target needs it)
    const { pairPtr, pairSite, pairCov, weight } = md;
    const target = md.budget !== null || md.outsideCost > 0 ? -Infinity : md.coverTarget * (1 - 1e-12);
    for (let i = 0; i < md.n; i++) {
      const cur = pairOf[i];
      if (cur < 0 || open[pairSite[cur]]) continue;
      let to = -1;
      for (let q = pairPtr[i]; q < pairPtr[i + 1] && to < 0; q++) {
        if (!open[pairSite[q]]) continue;
        if (pairCov[cur] > pairCov[q] && this.covered - weight[i] < target) continue;
        to = q;
      }
      if (to < 0) return false;
      this.covered += (pairCov[to] - pairCov[cur]) * weight[i];
      pairOf[i] = to;
    }
    return true;
  }

}

/**
 * Moves single-source points to nearer open sites where every rule still holds with the sizes as
 * chosen (each site's load stays within its size's minimum and capacity, no point leaves the
 * radius when the coverage target would then be missed): the "among equal costs, shorter
 * assignments" rule, applied to any solver's answer (a MIP backend is indifferent among them).
 * `site` is updated in place; returns the number of points moved.
 */
export function polishAssignment(md: CflpModel, option: Int32Array, site: Int32Array): number {
  const { n, m, pairPtr, pairSite, pairCov, units, weight } = md;
  const lo = new Float64Array(m);
  const hi = new Float64Array(m);
  const open = new Uint8Array(m);
  chosenSizes(md, option, open, lo, hi);
  const pairOf = new Int32Array(n).fill(-1);
  const load = new Float64Array(m);
  let covered = 0;
  for (let i = 0; i < n; i++) {
    if (site[i] < 0) continue;
    for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) if (pairSite[p] === site[i]) pairOf[i] = p;
    if (pairOf[i] < 0) return 0; // not a pair of the model: leave the answer as it is
    load[site[i]] += units[i];
    if (pairCov[pairOf[i]]) covered += weight[i];
  }
  const target = md.budget !== null ? covered : md.coverTarget * (1 - 1e-12);
  let moved = 0;
  // passes until no point moves (a move frees room that an earlier point may use); each move
  // shortens a distance, so this ends
  for (let pass = 0, before = -1; moved !== before && pass < 100; pass++) {
    before = moved;
    for (let i = 0; i < n; i++) {
      const cur = pairOf[i];
      if (cur < 0) continue;
      const j0 = pairSite[cur];
      if (load[j0] - units[i] < lo[j0] - 1e-9) continue;
      for (let p = pairPtr[i]; p < cur; p++) {
        const j = pairSite[p];
        if (!open[j] || load[j] + units[i] > hi[j] * (1 + 1e-12) + 1e-9) continue;
        if (md.pairDist[p] >= md.pairDist[cur]) break;
        const dCov = (pairCov[p] - pairCov[cur]) * weight[i];
        if (dCov < 0 && covered + dCov < target) continue;
        load[j0] -= units[i];
        load[j] += units[i];
        covered += dCov;
        pairOf[i] = p;
        site[i] = j;
        moved++;
        break;
      }
    }
  }
  return moved;
}

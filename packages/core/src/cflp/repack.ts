import { mulberry32, randInt } from "../rng.js";
import { SplitFlow } from "./flow.js";
import { chosenSizes, type CflpModel } from "./model.js";

/** Least-cost single-source models without an outside price or a budget: the ones `SizePacker` packs. */
export function packable(md: CflpModel): boolean {
  return md.budget === null && md.outsideCost === 0 && md.singleSource;
}

/** The open new sites of `opt`, the dearest size first (ties: index). */
function dearestFirst(md: CflpModel, opt: Int32Array): number[] {
  const { optPtr, optCost } = md;
  const order: number[] = [];
  for (let j = 0; j < md.m; j++) if (opt[j] >= 0 && !md.existing[j]) order.push(j);
  return order.sort((x, y) => optCost[optPtr[y] + opt[y]] - optCost[optPtr[x] + opt[x]] || x - y);
}

/** Site s's options (global indices) smaller and cheaper than option `cur` (global), the largest first. */
function smallerSizes(md: CflpModel, s: number, cur: number): number[] {
  const { optPtr, optCap, optCost } = md;
  const smaller: number[] = [];
  for (let o = optPtr[s]; o < optPtr[s + 1]; o++) if (optCap[o] < optCap[cur] && optCost[o] < optCost[cur]) smaller.push(o);
  return smaller.sort((x, y) => optCap[y] - optCap[x]);
}

/**
 * One size down by ejection chains, single-source, sizes as chosen: a site of the plan takes a
 * smaller size, and the units beyond its new capacity leave by chains of point moves — a point
 * from the site to another open site in its reach, which, when it lacks the room, passes one of
 * its own points on, and so on (breadth-first over the open sites, the shortest chain first) —
 * every site staying within its chosen size's capacity and minimum, no point leaving its reach,
 * the weight within the radius never below the coverage target. Where the assignment (`Assigner`)
 * loads each open site from its surroundings and sizes follow the loads, this packs to given
 * sizes: on random-1 (2,000 × 400 × 3) the engine's own 33 sites hold a plan 2.6 % cheaper (8 ×
 * 150 + 23 × 300 + 2 × 450 places for 8,787 units, where the loads came to 6 × 150 + 25 × 300 + 2 ×
 * 450), found by HiGHS on those sites and missed by every move that re-runs the assignment.
 *
 * First, for slack on the coverage target (plans sit at it), points beyond the radius move within
 * it, to a site with room or one a chain makes room at. Then each new site is tried once, dearest
 * size first, at its smaller sizes (largest first), every success kept. Least-cost models without
 * an outside price or a budget, single-source. `option` and `pairs` (per point its pair, −1 none)
 * are the plan, left unchanged. `run` returns the new plan and its value (size costs and the
 * distance cost) when that value is lower, else null; the scratch is built once per model.
 */
export class SizePacker {
  // per site: load, capacity and minimum at the chosen size, open; breadth-first scratch: its
  // visit stamp, parent site, the point moved in and its pair, the units moved in, the coverage
  // change so far, and the queue
  private readonly load: Float64Array;
  private readonly cap: Float64Array;
  private readonly min: Float64Array;
  private readonly open: Uint8Array;
  private readonly seen: Int32Array;
  private stamp = 0;
  private readonly parent: Int32Array;
  private readonly inPoint: Int32Array;
  private readonly inPair: Int32Array;
  private readonly inUnits: Float64Array;
  private readonly delta: Float64Array;
  private readonly queue: Int32Array;
  /** Moves applied (point, its pair before), for undoing an attempt. */
  private readonly moves: number[] = [];
  /** The split flow of `packByFlow` (built on first use). */
  private flow: SplitFlow | null = null;

  constructor(readonly md: CflpModel) {
    const m = md.m;
    this.load = new Float64Array(m);
    this.cap = new Float64Array(m);
    this.min = new Float64Array(m);
    this.open = new Uint8Array(m);
    this.seen = new Int32Array(m);
    this.parent = new Int32Array(m);
    this.inPoint = new Int32Array(m);
    this.inPair = new Int32Array(m);
    this.inUnits = new Float64Array(m);
    this.delta = new Float64Array(m);
    this.queue = new Int32Array(m);
  }

  /**
   * The plan (`option`, `pairs`: per point its pair, −1 none; both left unchanged) packed; null when
   * its value does not fall or the model is not one the chains apply to. With `sizes` (other sizes
   * for the same open sites; `pairs` may then overload some of them) the chains first bring every
   * site within its capacity and the weight within the radius back to the target — null when they
   * cannot, or a site is below its minimum.
   */
  run(option: Int32Array, pairs: Int32Array, stop: () => boolean, sizes?: Int32Array): { option: Int32Array; pairs: Int32Array; value: number } | null {
    const md = this.md;
    if (!packable(md)) return null;
    const { n, m, optPtr, optCap, optMin, optCost, pairPtr, pairSite, pairCov, pairDist, sitePairPtr, sitePair, pairDemand, units, weight } = md;
    const { load, cap, min, open, seen, parent, inPoint, inPair, inUnits, delta, queue, moves } = this;
    const opt = (sizes ?? option).slice();
    const pairOf = pairs.slice();
    chosenSizes(md, opt, open, min, cap);
    load.fill(0);
    moves.length = 0;
    let covered = 0;
    for (let i = 0; i < n; i++) {
      const p = pairOf[i];
      if (p < 0) continue;
      load[pairSite[p]] += units[i];
      if (pairCov[p]) covered += weight[i];
    }
    const target = md.coverTarget * (1 - 1e-12);
    const eps = 1e-9;
    // the value to beat: the plan as given
    let value = 0;
    for (let j = 0; j < m; j++) if (option[j] >= 0) value += optCost[optPtr[j] + option[j]];
    if (md.distanceCost > 0) for (let i = 0; i < n; i++) if (pairs[i] >= 0) value += md.distanceCost * weight[i] * pairDist[pairs[i]];
    // spare room over the open sites: a size down needs at least its excess there
    let spare = 0;
    for (let j = 0; j < m; j++) if (open[j]) spare += Math.max(0, cap[j] - load[j]);

    /**
     * One chain out of site s, applied: with `inU` < 0, s gives a point while it stays at or above its
     * minimum (s going down a size); otherwise s is about to take `inU` units and gives a point so
     * that they fit. Each site keeps its size (capacity and minimum after what it takes and gives);
     * the weight within the radius changes by at least `floor` along the chain; point `locked`
     * stays. Returns false when no chain exists.
     */
    const chain = (s: number, inU: number, floor: number, locked: number): boolean => {
      const stamp = ++this.stamp;
      let head = 0;
      let tail = 0;
      queue[tail++] = s;
      seen[s] = stamp;
      delta[s] = 0;
      inUnits[s] = inU;
      while (head < tail) {
        const a = queue[head++];
        for (let t = sitePairPtr[a]; t < sitePairPtr[a + 1]; t++) {
          const p = sitePair[t];
          const i = pairDemand[p];
          const v = units[i];
          if (pairOf[i] !== p || !(v > 0) || i === locked) continue;
          if (a === s && inU < 0) {
            if (load[a] - v < min[a] - eps) continue;
          } else if (load[a] + inUnits[a] - v > cap[a] + eps || load[a] + inUnits[a] - v < min[a] - eps) continue;
          for (let q = pairPtr[i]; q < pairPtr[i + 1]; q++) {
            const b = pairSite[q];
            if (b === a || !open[b] || seen[b] === stamp) continue;
            const d = delta[a] + (pairCov[q] - pairCov[p]) * weight[i];
            if (d < floor) continue;
            if (load[b] + v <= cap[b] + eps && load[b] + v >= min[b] - eps) {
              // the chain ends at b: apply it from b back to s
              let point = i;
              let pair = q;
              let from = a;
              for (;;) {
                move(point, pair);
                if (from === s) break;
                point = inPoint[from];
                pair = inPair[from];
                from = parent[from];
              }
              return true;
            }
            seen[b] = stamp;
            parent[b] = a;
            inPoint[b] = i;
            inPair[b] = q;
            inUnits[b] = v;
            delta[b] = d;
            queue[tail++] = b;
          }
        }
      }
      return false;
    };
    const move = (i: number, q: number) => {
      const old = pairOf[i];
      moves.push(i, old);
      pairOf[i] = q;
      load[pairSite[old]] -= units[i];
      load[pairSite[q]] += units[i];
      covered += (pairCov[q] - pairCov[old]) * weight[i];
    };
    const undo = (mark: number) => {
      while (moves.length > mark) {
        const back = moves.pop() as number;
        const i = moves.pop() as number;
        load[pairSite[pairOf[i]]] -= units[i];
        load[pairSite[back]] += units[i];
        covered += (pairCov[back] - pairCov[pairOf[i]]) * weight[i];
        pairOf[i] = back;
      }
    };

    // 0. other sizes: overloaded sites relieved by chains (the weight within the radius may fall to
    // the target, or must rise to it); no site below its minimum
    if (sizes) {
      for (let j = 0; j < m; j++) if (open[j] && load[j] < min[j] - eps) return null;
      for (let j = 0; j < m; j++) {
        while (open[j] && load[j] > cap[j] + eps) if (stop() || !chain(j, -1, target - covered, -1)) return null;
      }
    }

    // 1. slack for the coverage target: points beyond the radius moved within it, to a site with
    // room or one a chain makes room at (each such move raises the weight within the radius)
    for (let i = 0; i < n && !stop(); i++) {
      const cur = pairOf[i];
      const v = units[i];
      if (cur < 0 || pairCov[cur] || !(v > 0) || !(weight[i] > 0)) continue;
      const a = pairSite[cur];
      if (load[a] - v < min[a] - eps) continue;
      for (let q = pairPtr[i]; q < pairPtr[i + 1] && pairCov[q]; q++) {
        const b = pairSite[q];
        if (b === a || !open[b]) continue;
        const mark = moves.length;
        if (load[b] + v <= cap[b] + eps || chain(b, v, -weight[i] + eps, i)) {
          if (load[a] - v >= min[a] - eps && load[b] + v <= cap[b] + eps) {
            move(i, q);
            break;
          }
          undo(mark);
        }
      }
    }

    if (covered < target) return null;

    for (const s of dearestFirst(md, opt)) {
      if (stop()) break;
      for (const o of smallerSizes(md, s, optPtr[s] + opt[s])) {
        const excess = load[s] - optCap[o];
        if (load[s] < optMin[o] - eps) continue;
        if (excess > 0 && excess > spare - Math.max(0, cap[s] - load[s]) + eps) continue;
        const cap0 = cap[s];
        const min0 = min[s];
        cap[s] = optCap[o];
        min[s] = optMin[o];
        const mark = moves.length;
        let ok = true;
        while (load[s] > cap[s] + eps) {
          if (stop() || !chain(s, -1, target - covered, -1)) {
            ok = false;
            break;
          }
        }
        if (ok) {
          opt[s] = o - optPtr[s];
          spare -= cap0 - optCap[o];
          break;
        }
        undo(mark);
        cap[s] = cap0;
        min[s] = min0;
      }
    }
    // the plan's value after every move kept
    let after = 0;
    for (let j = 0; j < m; j++) if (opt[j] >= 0) after += optCost[optPtr[j] + opt[j]];
    if (md.distanceCost > 0) for (let i = 0; i < n; i++) if (pairOf[i] >= 0) after += md.distanceCost * weight[i] * pairDist[pairOf[i]];
    const improved = after < value - eps * Math.max(1, Math.abs(value));
    return improved ? { option: opt, pairs: pairOf, value: after } : null;
  }

  /**
   * Sizes down where a split assignment still fits, then packed single-source: the split flow
   * that keeps the most weight within the radius (`SplitFlow`, objective "coverage") for the
   * plan's sizes, each new site (dearest first) taken to its largest smaller size whose excess the
   * flow can reroute with the coverage target still met; then every point to the site that carries
   * most of it and `run` with those sizes (chains relieve the sites the rounding overloads). Where
   * the chains move one whole point at a time along a path of sites with room, the flow reroutes
   * parts of points along any paths at once: on random-1 (2,000 × 400 × 3) from the engine's 5,310
   * plan, 5,180 (split) where the chains alone reach 5,250. Null when nothing goes down or the
   * rounded plan cannot be repaired (or is no cheaper).
   */
  packByFlow(option: Int32Array, pairs: Int32Array, stop: () => boolean, variant = 0): { option: Int32Array; pairs: Int32Array; value: number } | null {
    const md = this.md;
    if (!packable(md)) return null;
    const { n, optPtr, optCap, pairPtr, pairSite } = md;
    const flow = (this.flow ??= new SplitFlow(md, "coverage"));
    const target = md.coverTarget * (1 - 1e-12);
    const opt = option.slice();
    if (flow.solve(opt, stop) === Infinity || flow.covered < target) return null;
    const order = dearestFirst(md, opt);
    if (variant % 3 === 1) {
      // the emptiest first (the flow's load over the capacity)
      flow.read();
      const fill = (j: number) => flow.load[j] / optCap[optPtr[j] + opt[j]];
      order.sort((x, y) => fill(x) - fill(y) || x - y);
    } else if (variant % 3 === 2) {
      // a shuffled order (the variant seeds it)
      const rand = mulberry32(variant);
      for (let k = order.length - 1; k > 0; k--) {
        const t = randInt(rand, k + 1);
        [order[k], order[t]] = [order[t], order[k]];
      }
    }
    // from the third round of variants on, a site may also close
    const mayClose = variant >= 3;
    let down = 0;
    for (const s of order) {
      if (stop()) break;
      const sizes = smallerSizes(md, s, optPtr[s] + opt[s]).map((o) => o - optPtr[s]);
      if (mayClose) sizes.push(-1);
      for (const k of sizes) {
        flow.save();
        if (flow.resize(s, k, stop, md.coverTotal - target) && flow.covered >= target) {
          opt[s] = k;
          down++;
          break;
        }
        flow.restore();
      }
    }
    if (down === 0) return null;
    flow.read();
    // each point wholly to the site that carries most of it; points without units as they were,
    // or, when that site closed, where the flow put them (their cheapest open site)
    const rounded = pairs.slice();
    for (let i = 0; i < n; i++) {
      let best = -1;
      for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) if (flow.flow[p] > 1e-9 && (best < 0 || flow.flow[p] > flow.flow[best])) best = p;
      if (best < 0 && rounded[i] >= 0 && opt[pairSite[rounded[i]]] < 0 && !md.existing[pairSite[rounded[i]]]) best = flow.zeroPair[i];
      if (best >= 0) rounded[i] = best;
    }
    return this.run(option, rounded, stop, opt);
  }
}

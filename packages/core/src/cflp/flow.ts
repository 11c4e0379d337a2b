import { IndexedMinHeap } from "../heap.js";
import { ResidualGraph } from "../residual.js";
import type { CflpModel } from "./model.js";

/**
 * Split demand (`singleSource: false`) for given sizes: the least-cost fractional assignment as a
 * min-cost flow, demand point (its units) → site in reach (per unit: the point's distance cost
 * and, beyond the radius, its outside cost, over its units) → sink. A new site's arc to the sink
 * is split at its minimum: the first `min` units carry a large negative cost, so the flow fills
 * every minimum before anything else and a minimum left short means none can be met. Solved by
 * successive shortest paths, each point's units sent from the point itself (Dijkstra on reduced
 * costs with the shared `IndexedMinHeap`, stopped as soon as the sink is reached, resetting only
 * the nodes it touched; potentials from the layered graph) on the shared `ResidualGraph`, every
 * structure on typed arrays and rebuilt per call from the open sites' pairs only.
 *
 * The single-source assignment (`Assigner`) must put a point wholly on one site, so a point's
 * units often push a site into a larger size; split, the same plan fits smaller sizes (elder care
 * on the first-start zone: 33 sites at 145.7 single-source against HiGHS's 31 at 124.7).
 *
 * With `objective: "coverage"` the flow instead maximises the counted weight served within the
 * radius (a unit beyond it costs its point's weight per unit; `covered` after a solve): the oracle
 * of `SizePacker.packByFlow`, which takes one site's size down at a time with `resize` — the
 * excess units rerouted from that site by shortest paths on the kept residual graph (`save` and
 * `restore` undo an attempt) instead of a new flow from scratch.
 */
export class SplitFlow {
  /** Per pair: flow in units after a successful `solve`. */
  readonly flow: Float64Array;
  /** Per site: load in units after a successful `solve`. */
  readonly load: Float64Array;
  /** Per point without units (served, weight only): its pair (the cheapest open one), -1 none. */
  readonly zeroPair: Int32Array;
  private readonly unitCost: Float64Array;
  private readonly big: number;
  /** The residual graph, rebuilt per `solve` (arc tags: the pair, −1 for source and sink arcs). */
  private readonly g: ResidualGraph;
  private readonly pot: Float64Array;
  private readonly dist: Float64Array;
  private readonly prevEdge: Int32Array;
  /** The nodes the last Dijkstra reached. */
  private readonly touched: Int32Array;
  private readonly heap: IndexedMinHeap;
  /** Per site open in the last `solve`: its arc to the sink for the minimum and for the rest of the capacity (−1: closed). */
  private readonly minArc: Int32Array;
  private readonly restArc: Int32Array;
  /** Σ flow × unit cost of the current flow (the point arcs' costs; minimums' big costs excluded). */
  private cost = 0;
  /** Σ the cost of the points without units (each at its cheapest open site) in the last `solve`. */
  private fixed = 0;
  /** The sizes of the current flow (`solve`'s option, changed by `resize`). */
  private readonly opt: Int32Array;
  /** A copy of the residual capacities, potentials, costs, sizes and zero-unit pairs (`save`, `restore`). */
  private savedCap = new Float64Array(0);
  private readonly savedPot: Float64Array;
  private savedCost = 0;
  private savedFixed = 0;
  private readonly savedOpt: Int32Array;
  private readonly savedZero: Int32Array;

  constructor(
    readonly md: CflpModel,
    readonly objective: "cost" | "coverage" = "cost",
  ) {
    const { n, m, pairDemand, pairDist, pairCov } = md;
    const P = pairDemand.length;
    this.flow = new Float64Array(P);
    this.load = new Float64Array(m);
    this.zeroPair = new Int32Array(n).fill(-1);
    this.unitCost = new Float64Array(P);
    let max = 0;
    for (let p = 0; p < P; p++) {
      const i = pairDemand[p];
      const outside = md.counted[i] && !pairCov[p] ? md.weight[i] : 0;
      const c = objective === "coverage" ? outside : md.distanceCost * md.weight[i] * pairDist[p] + md.outsideCost * outside;
      this.unitCost[p] = md.units[i] > 0 ? c / md.units[i] : c;
      if (this.unitCost[p] > max) max = this.unitCost[p];
    }
    // larger than any path's cost: a unit on a minimum arc is worth more than any detour
    this.big = 4 * (max + 1) * (n + 2);
    const V = n + m + 2;
    this.g = new ResidualGraph(V, 64, true);
    this.pot = new Float64Array(V);
    this.dist = new Float64Array(V);
    this.prevEdge = new Int32Array(V);
    this.touched = new Int32Array(V);
    this.heap = new IndexedMinHeap(V);
    this.minArc = new Int32Array(m);
    this.restArc = new Int32Array(m);
    this.savedPot = new Float64Array(V);
    this.opt = new Int32Array(m);
    this.savedOpt = new Int32Array(m);
    this.savedZero = new Int32Array(n);
  }

  /** With `objective: "coverage"`, the counted weight within the radius of the current flow. */
  get covered(): number {
    return this.md.coverTotal - this.cost;
  }

  /** Capacity and minimum (units) of site j at its option `k` (local index; −1: closed for a new site, base only for an existing one). */
  private capOf(j: number, k: number): { cap: number; min: number } {
    const md = this.md;
    const o = md.optPtr[j] + k;
    if (md.existing[j]) {
      const base = Number.isFinite(md.baseCap[j]) ? md.baseCap[j] : md.totalUnits;
      return { cap: base + (k >= 0 ? md.optCap[o] : 0), min: 0 };
    }
    if (k < 0) return { cap: 0, min: 0 };
    return { cap: Number.isFinite(md.optCap[o]) ? md.optCap[o] : md.totalUnits, min: md.optMin[o] };
  }

  /**
   * The least assignment cost (distance and outside costs) for the sizes `option`, or Infinity when
   * no fractional assignment serves every point within capacities and minimums (or `stop()` says so).
   * `option` as `CflpSolution.option` (local option indices). The sizes' own cost is not included.
   */
  solve(option: Int32Array, stop: () => boolean = () => false): number {
    const md = this.md;
    const { n, m, pairPtr, pairSite, units } = md;
    const T = n + m + 1;
    const g = this.g;
    g.reset();
    this.flow.fill(0);
    this.load.fill(0);
    this.zeroPair.fill(-1);
    this.minArc.fill(-1);
    this.restArc.fill(-1);
    this.cost = 0;
    this.opt.set(option);
    const isOpen = (j: number) => md.existing[j] === 1 || option[j] >= 0;
    let supply = 0;
    let fixedCost = 0;
    const pot = this.pot;
    pot.fill(Infinity);
    for (let i = 0; i < n; i++) {
      if (!md.served[i]) continue;
      if (units[i] > 0) {
        let any = false;
        for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) {
          const j = pairSite[p];
          if (!isOpen(j)) continue;
          g.addArc(i, n + j, units[i], this.unitCost[p], p);
          any = true;
          if (this.unitCost[p] < pot[n + j]) pot[n + j] = this.unitCost[p];
        }
        if (!any) return Infinity;
        pot[i] = 0;
        supply += units[i];
      } else {
        // no units: no load anywhere; the cheapest open site in reach
        const best = this.cheapestOpen(i);
        if (best < 0) return Infinity;
        this.zeroPair[i] = best;
        fixedCost += this.unitCost[best];
      }
    }
    let minTotal = 0;
    for (let j = 0; j < m; j++) {
      if (!isOpen(j)) continue;
      const { cap, min } = this.capOf(j, option[j]);
      // both arcs for every open site, even one no point with units reaches (a `resize` changes
      // their capacities)
      this.minArc[j] = g.addArc(n + j, T, min, -this.big, -1);
      this.restArc[j] = g.addArc(n + j, T, Math.max(0, cap - min), 0, -1);
      if (pot[n + j] === Infinity) continue;
      if (min > 0) {
        minTotal += min;
        if (pot[n + j] - this.big < pot[T]) pot[T] = pot[n + j] - this.big;
      }
      if (cap > min && pot[n + j] < pot[T]) pot[T] = pot[n + j];
    }
    // a new open site with no point in reach cannot meet a minimum
    for (let j = 0; j < m; j++) if (!md.existing[j] && option[j] >= 0 && md.optMin[md.optPtr[j] + option[j]] > 0 && pot[n + j] === Infinity) return Infinity;
    this.fixed = fixedCost;
    if (supply === 0) return minTotal > 0 ? Infinity : fixedCost;
    for (let v = 0; v < pot.length; v++) if (pot[v] === Infinity) pot[v] = 0;
    // each point's units sent from the point itself by shortest paths (the source's arcs, all but
    // the current point's saturated, are never scanned)
    for (let i = 0; i < n; i++) {
      if (!md.served[i] || !(units[i] > 0)) continue;
      if (!this.send(i, units[i], stop)) return Infinity;
    }
    // minimums met? (their arcs saturated); then the flows read back
    const { cap } = g;
    for (let j = 0; j < m; j++) {
      const e = this.minArc[j];
      if (e >= 0 && cap[e] > 1e-9 * Math.max(1, cap[e] + cap[e ^ 1])) return Infinity;
    }
    this.read();
    return fixedCost + this.cost;
  }

  /** The current flow's assignment cost: what `solve` returned, kept up to date by `resize`. */
  get value(): number {
    return this.fixed + this.cost;
  }

  /** `flow`, `load` and the flow's cost read back from the residual graph. */
  read(): void {
    const { n } = this.md;
    const { head, next, cap, tag } = this.g;
    this.flow.fill(0);
    this.load.fill(0);
    let total = 0;
    for (let i = 0; i < n; i++) {
      // (rerouting by `resize` can leave a rounding residue of a unit's 10⁻¹⁶ on a closed site's arc)
      const tiny = 1e-9 * Math.max(1, this.md.units[i]);
      for (let e = head[i]; e >= 0; e = next[e]) {
        const p = tag[e];
        if (e & 1 || p < 0) continue;
        const f = cap[e ^ 1];
        if (f <= tiny) continue;
        this.flow[p] = f;
        this.load[this.md.pairSite[p]] += f;
        total += f * this.unitCost[p];
      }
    }
    this.cost = total;
  }

  /** Keeps the current flow (residual capacities, potentials, cost) for `restore`. */
  save(): void {
    const k = this.g.arcs;
    if (this.savedCap.length < k) this.savedCap = new Float64Array(k);
    this.savedCap.set(this.g.cap.subarray(0, k));
    this.savedPot.set(this.pot);
    this.savedCost = this.cost;
    this.savedFixed = this.fixed;
    this.savedOpt.set(this.opt);
    this.savedZero.set(this.zeroPair);
  }

  /** Back to the flow of the last `save` (no arc added since). */
  restore(): void {
    this.g.cap.set(this.savedCap.subarray(0, this.g.arcs));
    this.pot.set(this.savedPot);
    this.cost = this.savedCost;
    this.fixed = this.savedFixed;
    this.opt.set(this.savedOpt);
    this.zeroPair.set(this.savedZero);
  }

  /**
   * Open site j (open in the last `solve`) at its option `k` (local index) instead, at most as
   * large as before: the units beyond its new capacity or minimum arc are sent on from j by shortest
   * paths on the residual graph (other points moved off the sites they share with j, and so on).
   * Returns false when they cannot all be rerouted, or the flow's cost would pass `costLimit` (the
   * flow is then partly changed: `restore`).
   * `flow`/`load` are not updated (`read`); `covered` is.
   */
  resize(j: number, k: number, stop: () => boolean = () => false, costLimit = Infinity): boolean {
    const eMin = this.minArc[j];
    if (eMin < 0) return false;
    const { cap: C, min: M } = this.capOf(j, k);
    // the minimum arc: room left below a new minimum would have to be filled (never, going down)
    const excess = this.setCapacity(eMin, M) + this.setCapacity(this.restArc[j], Math.max(0, C - M));
    if (this.g.cap[eMin] > 1e-9) return false;
    if (!this.send(this.md.n + j, excess, stop, costLimit)) return false;
    this.opt[j] = k;
    // a new site closed: the points without units it served go to their cheapest open site
    if (!this.md.existing[j] && k < 0) return this.rehome(j);
    return true;
  }

  /** Arc e's capacity set to `total`: the flow beyond it taken off (returned, to be sent on), the rest its room. */
  private setCapacity(e: number, total: number): number {
    const cap = this.g.cap;
    const f = cap[e ^ 1];
    if (f <= total) {
      cap[e] = total - f;
      return 0;
    }
    cap[e ^ 1] = total;
    cap[e] = 0;
    return f - total;
  }

  /** Point i's cheapest pair at a site open in the current sizes (−1 none). */
  private cheapestOpen(i: number): number {
    const { pairPtr, pairSite, existing } = this.md;
    let best = -1;
    for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) {
      const s = pairSite[p];
      if ((existing[s] === 1 || this.opt[s] >= 0) && (best < 0 || this.unitCost[p] < this.unitCost[best])) best = p;
    }
    return best;
  }

  /** Points without units whose pair is at site j (now closed) to their cheapest open site; false when one has none. */
  private rehome(j: number): boolean {
    const md = this.md;
    for (let i = 0; i < md.n; i++) {
      const q = this.zeroPair[i];
      if (q < 0 || md.pairSite[q] !== j) continue;
      const best = this.cheapestOpen(i);
      if (best < 0) return false;
      this.zeroPair[i] = best;
      this.fixed += this.unitCost[best] - this.unitCost[q];
    }
    return true;
  }

  /**
   * `amount` units of excess at node s sent to the sink by successive shortest paths (reduced costs
   * stay ≥ 0, so the flow stays least-cost); `cost` follows the point arcs used. False when no path
   * is left (or `stop()`).
   */
  private send(s: number, amount: number, stop: () => boolean, costLimit = Infinity): boolean {
    const g = this.g;
    const { cap, tag } = g;
    const T = this.md.n + this.md.m + 1;
    const tol = 1e-9 * Math.max(1, amount);
    let left = amount;
    while (left > tol) {
      if (stop()) return false;
      if (this.dijkstra(s, T) === Infinity) return false;
      let push = left;
      for (let v = T; v !== s; v = g.to[this.prevEdge[v] ^ 1]) push = Math.min(push, cap[this.prevEdge[v]]);
      let pathCost = 0;
      for (let v = T; v !== s; v = g.to[this.prevEdge[v] ^ 1]) {
        const e = this.prevEdge[v];
        g.push(e, push);
        // a point arc's cost (its reverse: minus it) counts; the sink arcs' own costs do not
        if (tag[e] >= 0) pathCost += this.unitCost[tag[e]];
        else if (tag[e ^ 1] >= 0) pathCost -= this.unitCost[tag[e ^ 1]];
      }
      this.cost += push * pathCost;
      left -= push;
      // shortest paths only get longer: past the limit on a path of positive cost, it stays past
      if (pathCost > 0 && this.cost > costLimit) return false;
    }
    return true;
  }

  /**
   * Dijkstra on reduced costs from s, stopping when t is settled; returns the distance to t
   * (Infinity when unreachable) and updates the potentials of the settled nodes (by their distance
   * less t's: the reduced costs stay ≥ 0). Only the nodes it reached are reset afterwards.
   */
  private dijkstra(s: number, t: number): number {
    const { dist, pot, prevEdge, touched } = this;
    const { head, next, to, cap, cost } = this.g;
    const heap = this.heap;
    const pos = heap.pos;
    const OUT = IndexedMinHeap.OUT;
    const POPPED = IndexedMinHeap.POPPED;
    let tc = 0;
    dist[s] = 0;
    touched[tc++] = s;
    heap.push(s, 0);
    let dT = Infinity;
    while (heap.size > 0 && dT === Infinity) {
      const u = heap.pop();
      if (u === t) {
        dT = dist[t];
        break;
      }
      const du = dist[u];
      for (let e = head[u]; e >= 0; e = next[e]) {
        if (cap[e] <= 1e-12) continue;
        const v = to[e];
        const pv = pos[v];
        if (pv === POPPED) continue;
        // reduced costs are ≥ 0 up to rounding
        const nd = du + Math.max(0, cost[e] + pot[u] - pot[v]);
        if (v === t && nd <= du) {
          // no node left in the heap is nearer: t is reached by a shortest path
          if (pv === OUT) touched[tc++] = v;
          dist[t] = nd;
          prevEdge[t] = e;
          dT = nd;
          break;
        }
        if (pv === OUT) {
          touched[tc++] = v;
          dist[v] = nd;
          prevEdge[v] = e;
          heap.push(v, nd);
        } else if (nd < dist[v]) {
          dist[v] = nd;
          prevEdge[v] = e;
          heap.push(v, nd);
        }
      }
    }
    if (dT !== Infinity) for (let k = 0; k < tc; k++) {
      const v = touched[k];
      if (pos[v] === POPPED) pot[v] += dist[v] - dT;
    }
    heap.size = 0;
    for (let k = 0; k < tc; k++) heap.forget(touched[k]);
    return dT;
  }
}

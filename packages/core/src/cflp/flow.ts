import { IndexedMinHeap } from "../heap.js";
import { ResidualGraph } from "../residual.js";
import type { CflpModel } from "./model.js";

/**
 * Split demand (`singleSource: false`) for given sizes: the least-cost fractional assignment as a
 * min-cost flow, source → demand point (its units) → site in reach (per unit: the point's distance
 * cost and, beyond the radius, its outside cost, over its units) → sink. A new site's arc to the
 * sink is split at its minimum: the first `min` units carry a large negative cost, so the flow
 * fills every minimum before anything else and a minimum left short means none can be met. Solved
 * by successive shortest paths (Dijkstra on reduced costs with the shared `IndexedMinHeap`, potentials from the layered graph) on the shared `ResidualGraph`,
 * every structure on typed arrays and rebuilt per call from the open sites' pairs only.
 *
 * The single-source assignment (`Assigner`) must put a point wholly on one site, so a point's
 * units often push a site into a larger size; split, the same plan fits smaller sizes (elder care
 * on the first-start zone: 33 sites at 145.7 single-source against HiGHS's 31 at 124.7).
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
  private readonly heap: IndexedMinHeap;

  constructor(readonly md: CflpModel) {
    const { n, m, pairDemand, pairDist, pairCov } = md;
    const P = pairDemand.length;
    this.flow = new Float64Array(P);
    this.load = new Float64Array(m);
    this.zeroPair = new Int32Array(n).fill(-1);
    this.unitCost = new Float64Array(P);
    let max = 0;
    for (let p = 0; p < P; p++) {
      const i = pairDemand[p];
      const c = md.distanceCost * md.weight[i] * pairDist[p] + (md.counted[i] && !pairCov[p] ? md.outsideCost * md.weight[i] : 0);
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
    this.heap = new IndexedMinHeap(V);
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
    const S = n + m;
    const T = n + m + 1;
    const g = this.g;
    g.reset();
    this.flow.fill(0);
    this.load.fill(0);
    this.zeroPair.fill(-1);
    const isOpen = (j: number) => md.existing[j] === 1 || option[j] >= 0;
    let supply = 0;
    let fixedCost = 0;
    const pot = this.pot;
    pot.fill(Infinity);
    pot[S] = 0;
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
        g.addArc(S, i, units[i], 0, -1);
        pot[i] = 0;
        supply += units[i];
      } else {
        // no units: no load anywhere; the cheapest open site in reach
        let best = -1;
        for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) if (isOpen(pairSite[p]) && (best < 0 || this.unitCost[p] < this.unitCost[best])) best = p;
        if (best < 0) return Infinity;
        this.zeroPair[i] = best;
        fixedCost += this.unitCost[best];
      }
    }
    let minTotal = 0;
    for (let j = 0; j < m; j++) {
      if (!isOpen(j) || pot[n + j] === Infinity) continue;
      const { cap, min } = this.capOf(j, option[j]);
      if (min > 0) {
        g.addArc(n + j, T, min, -this.big, -1);
        minTotal += min;
        if (pot[n + j] - this.big < pot[T]) pot[T] = pot[n + j] - this.big;
      }
      if (cap > min) {
        g.addArc(n + j, T, cap - min, 0, -1);
        if (pot[n + j] < pot[T]) pot[T] = pot[n + j];
      }
    }
    // a new open site with no point in reach cannot meet a minimum
    for (let j = 0; j < m; j++) if (!md.existing[j] && option[j] >= 0 && md.optMin[md.optPtr[j] + option[j]] > 0 && pot[n + j] === Infinity) return Infinity;
    if (supply === 0) return minTotal > 0 ? Infinity : fixedCost;
    for (let v = 0; v < pot.length; v++) if (pot[v] === Infinity) pot[v] = 0;
    let sent = 0;
    const tol = 1e-9 * Math.max(1, supply);
    while (sent < supply - tol) {
      if (stop()) return Infinity;
      const dT = this.dijkstra(S, T);
      if (dT === Infinity) break;
      // bottleneck along the path, then push
      let push = supply - sent;
      for (let v = T; v !== S; v = g.to[this.prevEdge[v] ^ 1]) push = Math.min(push, g.cap[this.prevEdge[v]]);
      for (let v = T; v !== S; v = g.to[this.prevEdge[v] ^ 1]) g.push(this.prevEdge[v], push);
      sent += push;
    }
    if (sent < supply - tol) return Infinity;
    // minimums met? (their arcs saturated); then the flows read back
    const { head, next, to, cap, cost, tag } = g;
    for (let j = 0; j < m; j++) {
      for (let e = head[n + j]; e >= 0; e = next[e]) {
        if (e & 1 || to[e] !== T || cost[e] >= 0) continue;
        const min = cap[e] + cap[e ^ 1];
        if (cap[e] > 1e-9 * Math.max(1, min)) return Infinity;
      }
    }
    let total = fixedCost;
    for (let i = 0; i < n; i++) {
      for (let e = head[i]; e >= 0; e = next[e]) {
        const p = tag[e];
        if (e & 1 || p < 0) continue;
        const f = cap[e ^ 1];
        if (f <= 0) continue;
        this.flow[p] = f;
        this.load[pairSite[p]] += f;
        total += f * this.unitCost[p];
      }
    }
    return total;
  }

  /** Dijkstra on reduced costs from s; returns the distance to t (Infinity when unreachable) and updates the potentials. */
  private dijkstra(s: number, t: number): number {
    const { dist, pot, prevEdge } = this;
    const { head, next, to, cap, cost } = this.g;
    dist.fill(Infinity);
    dist[s] = 0;
    const heap = this.heap;
    heap.clear();
    // settled: popped from the heap
    const pos = heap.pos;
    const POPPED = IndexedMinHeap.POPPED;
    heap.push(s, 0);
    let dT = Infinity;
    while (heap.size > 0) {
      const u = heap.pop();
      if (u === t) {
        dT = dist[t];
        break;
      }
      const du = dist[u];
      for (let e = head[u]; e >= 0; e = next[e]) {
        if (cap[e] <= 1e-12) continue;
        const v = to[e];
        if (pos[v] === POPPED) continue;
        // reduced costs are ≥ 0 up to rounding
        const nd = du + Math.max(0, cost[e] + pot[u] - pot[v]);
        if (nd < dist[v]) {
          dist[v] = nd;
          prevEdge[v] = e;
          heap.push(v, nd);
        }
      }
    }
    if (dT === Infinity) return Infinity;
    // potentials: settled nodes by their distance, the rest by t's (keeps reduced costs ≥ 0)
    for (let v = 0; v < pot.length; v++) pot[v] += pos[v] === POPPED ? dist[v] : dT;
    return dT;
  }
}

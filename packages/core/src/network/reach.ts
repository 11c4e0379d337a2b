import { along, type Access } from "./access.js";
import type { RoadNetwork } from "./roads.js";
import type { Snaps } from "./snap.js";
import type { RowFiller } from "./sparse.js";

/** A search reaching more than 1 / SCAN_SHARE of the nodes has its demand found by a scan of all demand segments. */
const SCAN_SHARE = 8;
const EMIT = 0;
const TALLY = 1;
const FILL = 2;
type Mode = typeof EMIT | typeof TALLY | typeof FILL;

/**
 * Turns a site's node distances into demand costs: a demand point costs the cheaper of (node a's
 * distance + its way to a) and (node b's + its way to b); on the site's own segment also the
 * direct path along it. After `evaluate`, `emit[0 .. count)` lists the demand points within the
 * cutoff (positions k in `Access.order`, which holds their original indices) and `value[k]` their
 * costs; `tally` only counts them per demand point, and `fill` hands them straight to a
 * `RowFiller` (no list in between).
 *
 * Two ways, by how much of the network the site reached: through the reached nodes and the
 * demand segments at each (work in proportion to the reach), or one pass over the demand
 * segments in order, taking the runs of them with a reached end and their points in one loop
 * each (cheaper once a site reaches more than about an eighth of the nodes; that order follows
 * the nodes', so node distances are read nearly in memory order).
 */
export class DemandReach {
  readonly emit: Int32Array;
  readonly value: Float64Array;
  private readonly limit: number;
  /** Per demand segment: its end nodes. */
  private readonly groupA: Int32Array;
  private readonly groupB: Int32Array;
  private readonly nodeCount: number;
  /** Per node u: the first demand segment whose lower end is u or above (segments go by lower end). */
  private readonly fromNode: Int32Array;
  /** The largest difference between the two end nodes of a demand segment. */
  private readonly maxGap: number;
  /** Per demand position k: its segment's end nodes. */
  private readonly nodeA: Int32Array;
  private readonly nodeB: Int32Array;
  /** Where `tally` counts and where `fill` sends its pairs (their rows by demand position). */
  private tallyTo: Int32Array = new Int32Array(0);
  private filler: RowFiller | null = null;
  private rows: Int32Array = new Int32Array(0);

  constructor(
    private readonly acc: Access,
    private readonly net: RoadNetwork,
    private readonly sites: Snaps,
    private readonly segCost: Float64Array,
    cutoff: number,
  ) {
    const D = acc.order.length;
    this.emit = new Int32Array(D);
    this.value = new Float64Array(D);
    this.limit = cutoff < Infinity ? cutoff : Number.MAX_VALUE;
    this.nodeCount = net.nodeCount;
    const G = acc.segOf.length;
    this.groupA = new Int32Array(G);
    this.groupB = new Int32Array(G);
    this.nodeA = new Int32Array(D);
    this.nodeB = new Int32Array(D);
    const N = net.nodeCount;
    this.fromNode = new Int32Array(N + 1);
    let maxGap = 0;
    for (let g = 0; g < G; g++) {
      const a = net.segA[acc.segOf[g]];
      const b = net.segB[acc.segOf[g]];
      this.groupA[g] = a;
      this.groupB[g] = b;
      this.fromNode[Math.min(a, b) + 1]++;
      maxGap = Math.max(maxGap, Math.abs(a - b));
      this.nodeA.fill(a, acc.segPtr[g], acc.segPtr[g + 1]);
      this.nodeB.fill(b, acc.segPtr[g], acc.segPtr[g + 1]);
    }
    for (let u = 0; u < N; u++) this.fromNode[u + 1] += this.fromNode[u];
    this.maxGap = maxGap;
  }

  /**
   * Site j, node distances `dist` (by node, Infinity where not reached) and `nodes[0 .. len)`
   * distinct nodes, in any order, among them every reached node that carries demand (others may
   * be listed too: a search's settled nodes will do). Returns how many demand points are within
   * the cutoff, listed in `emit` with their costs in `value`. `lo .. hi`, when given, bound the
   * reached nodes' numbers (the scan then looks only at the demand segments that may end there).
   */
  evaluate(j: number, nodes: Int32Array, len: number, dist: Float64Array, lo = 0, hi = this.nodeCount - 1): number {
    return this.run(EMIT, j, nodes, len, dist, lo, hi);
  }

  /** As `evaluate`, but only counting: adds 1 to `tally[k]` for each demand point k within the cutoff (`emit` and `value` are not kept). */
  tally(j: number, nodes: Int32Array, len: number, dist: Float64Array, tally: Int32Array, lo = 0, hi = this.nodeCount - 1): number {
    this.tallyTo = tally;
    return this.run(TALLY, j, nodes, len, dist, lo, hi);
  }

  /** As `evaluate`, but handing each pair to `filler` as (row `rows[k]`, site j, cost) (`emit` and `value` are not kept). */
  fill(j: number, nodes: Int32Array, len: number, dist: Float64Array, filler: RowFiller, rows: Int32Array, lo = 0, hi = this.nodeCount - 1): number {
    this.filler = filler;
    this.rows = rows;
    return this.run(FILL, j, nodes, len, dist, lo, hi);
  }

  private run(mode: Mode, j: number, nodes: Int32Array, len: number, dist: Float64Array, lo: number, hi: number): number {
    const own = this.acc.groupOf[this.sites.segment[j]];
    // the site's own segment (and, for a small reach, all) through emit / value first
    const first = this.ownSegment(j, own, dist);
    if (len * SCAN_SHARE > this.nodeCount) {
      this.hand(mode, j, 0, first);
      // a demand segment with a reached end has its lower end in lo − maxGap .. hi
      const { fromNode } = this;
      const from = fromNode[Math.max(0, lo - this.maxGap)];
      const to = fromNode[Math.min(this.nodeCount, Math.max(0, hi + 1))];
      return first + this.scan(mode, j, dist, own, first, from, to);
    }
    const count = this.throughNodes(nodes, len, dist, own, first);
    this.hand(mode, j, 0, count);
    return count;
  }

  /** Hands emitted pairs `emit[from .. to)` on, for tally and fill. */
  private hand(mode: Mode, j: number, from: number, to: number): void {
    const { emit, value } = this;
    if (mode === TALLY) {
      const tally = this.tallyTo;
      for (let t = from; t < to; t++) tally[emit[t]]++;
    } else if (mode === FILL) {
      const filler = this.filler as RowFiller;
      const rows = this.rows;
      for (let t = from; t < to; t++) filler.push(rows[emit[t]], j, value[emit[t]]);
    }
  }

  /**
   * The demand segments `from .. to` in order (skipping the site's own): runs of segments with a
   * reached end, their points in one pass each. Returns how many were within the cutoff (in EMIT
   * mode listed in `emit` from `base` on).
   */
  private scan(mode: Mode, j: number, dist: Float64Array, own: number, base: number, from: number, to: number): number {
    const { groupA, groupB } = this;
    const { segPtr } = this.acc;
    const G = to;
    let count = 0;
    let g = from;
    while (g < G) {
      // the next run [g0, g) of segments with a reached end
      while (g < G && dist[groupA[g]] === Infinity && dist[groupB[g]] === Infinity) g++;
      const g0 = g;
      while (g < G && (dist[groupA[g]] !== Infinity || dist[groupB[g]] !== Infinity)) g++;
      if (own >= g0 && own < g) {
        count += this.points(mode, j, dist, segPtr[g0], segPtr[own], base + count);
        count += this.points(mode, j, dist, segPtr[own + 1], segPtr[g], base + count);
      } else count += this.points(mode, j, dist, segPtr[g0], segPtr[g], base + count);
    }
    return count;
  }

  /** Demand points `from .. to` in `Access.order`; returns how many are within the cutoff (listed in `emit` from `at` on, in EMIT mode). */
  private points(mode: Mode, j: number, dist: Float64Array, from: number, to: number, at: number): number {
    const { limit, nodeA, nodeB } = this;
    const { toA, toB } = this.acc;
    let count = 0;
    if (mode === TALLY) {
      const tally = this.tallyTo;
      for (let k = from; k < to; k++) {
        const viaA = dist[nodeA[k]] + toA[k];
        const viaB = dist[nodeB[k]] + toB[k];
        if ((viaA < viaB ? viaA : viaB) <= limit) {
          tally[k]++;
          count++;
        }
      }
    } else if (mode === FILL) {
      const filler = this.filler as RowFiller;
      const rows = this.rows;
      for (let k = from; k < to; k++) {
        const viaA = dist[nodeA[k]] + toA[k];
        const viaB = dist[nodeB[k]] + toB[k];
        const v = viaA < viaB ? viaA : viaB;
        if (v <= limit) {
          filler.push(rows[k], j, v);
          count++;
        }
      }
    } else {
      const { emit, value } = this;
      for (let k = from; k < to; k++) {
        const viaA = dist[nodeA[k]] + toA[k];
        const viaB = dist[nodeB[k]] + toB[k];
        const v = viaA < viaB ? viaA : viaB;
        if (v <= limit) {
          emit[at + count++] = k;
          value[k] = v;
        }
      }
    }
    return count;
  }

  /** Each demand segment at a reached node, once: from its a end when reached, else its b end (skipping the site's own). */
  private throughNodes(nodes: Int32Array, len: number, dist: Float64Array, own: number, count: number): number {
    const { emit, value, limit, groupA, groupB } = this;
    const { segPtr, toA, toB, nodeSegPtr, nodeSeg } = this.acc;
    for (let q = 0; q < len; q++) {
      const u = nodes[q];
      for (let e = nodeSegPtr[u], end = nodeSegPtr[u + 1]; e < end; e++) {
        const code = nodeSeg[e];
        const g = code >> 1;
        if (g === own) continue;
        const da = dist[groupA[g]];
        if ((code & 1) === 1 && da !== Infinity) continue;
        const db = dist[groupB[g]];
        for (let k = segPtr[g], kend = segPtr[g + 1]; k < kend; k++) {
          const viaA = da + toA[k];
          const viaB = db + toB[k];
          const v = viaA < viaB ? viaA : viaB;
          if (v <= limit) {
            emit[count++] = k;
            value[k] = v;
          }
        }
      }
    }
    return count;
  }

  /** The demand points on site j's own segment (demand segment g, or none when -1): via its ends or directly along it. */
  private ownSegment(j: number, g: number, dist: Float64Array): number {
    if (g < 0) return 0;
    const { emit, value, limit } = this;
    const { segPtr, toA, toB, t, access, demandOut, segOf, siteAccess } = this.acc;
    const s = segOf[g];
    const da = dist[this.groupA[g]];
    const db = dist[this.groupB[g]];
    const c = this.segCost[s];
    const dir = this.net.segDir[s];
    const tj = this.sites.t[j];
    const aj = siteAccess[j];
    let count = 0;
    for (let k = segPtr[g], end = segPtr[g + 1]; k < end; k++) {
      const direct = access[k] + along(dir, demandOut ? t[k] : tj, demandOut ? tj : t[k], c) + aj;
      const v = Math.min(da + toA[k], db + toB[k], direct);
      if (v <= limit) {
        emit[count++] = k;
        value[k] = v;
      }
    }
    return count;
  }
}

import { along, type Access } from "./access.js";
import type { RoadNetwork } from "./roads.js";
import type { Snaps } from "./snap.js";

/**
 * Turns a site's node distances into demand costs: a demand point costs the cheaper of (node a's
 * distance + its way to a) and (node b's + its way to b); on the site's own segment also the
 * direct path along it. After `evaluate`, `emit[0 .. count)` lists the demand points within the
 * cutoff (positions k in `Access.order`, which holds their original indices) and `value[k]` their
 * costs.
 *
 * Two ways, by how much of the network the site reached: through the reached nodes and the
 * demand segments at each (work in proportion to the reach), or one branch-light pass over all
 * demand points in `Access.order` (cheaper once a site reaches more than about an eighth of the
 * nodes; that order follows the nodes', so node distances are read nearly in memory order).
 */
export class DemandReach {
  readonly emit: Int32Array;
  readonly value: Float64Array;
  private readonly limit: number;
  /** Per demand segment: its end nodes. */
  private readonly groupA: Int32Array;
  private readonly groupB: Int32Array;
  /** Per demand position k: its segment's end nodes. */
  private readonly nodeA: Int32Array;
  private readonly nodeB: Int32Array;
  private readonly nodeCount: number;

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
    for (let g = 0; g < G; g++) {
      const a = net.segA[acc.segOf[g]];
      const b = net.segB[acc.segOf[g]];
      this.groupA[g] = a;
      this.groupB[g] = b;
      this.nodeA.fill(a, acc.segPtr[g], acc.segPtr[g + 1]);
      this.nodeB.fill(b, acc.segPtr[g], acc.segPtr[g + 1]);
    }
  }

  /**
   * Site j, node distances `dist` (by node, Infinity where not reached) and `nodes[0 .. len)` the
   * reached nodes that carry demand (ascending). Returns how many demand points are within the
   * cutoff.
   */
  evaluate(j: number, nodes: Int32Array, len: number, dist: Float64Array): number {
    const own = this.acc.groupOf[this.sites.segment[j]];
    if (len * 8 > this.nodeCount) return this.ownSegment(j, own, dist, this.scan(dist), true);
    return this.throughNodes(nodes, len, dist, own, this.ownSegment(j, own, dist, 0, false));
  }

  /** Every demand point, in `Access.order`; writes `value` for all of them. */
  private scan(dist: Float64Array): number {
    const { emit, value, limit, nodeA, nodeB } = this;
    const { toA, toB } = this.acc;
    const D = value.length;
    let count = 0;
    for (let k = 0; k < D; k++) {
      const viaA = dist[nodeA[k]] + toA[k];
      const viaB = dist[nodeB[k]] + toB[k];
      const v = viaA < viaB ? viaA : viaB;
      value[k] = v;
      if (v <= limit) emit[count++] = k;
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

  /**
   * The demand points on site j's own segment (demand segment g, or none when -1): via its ends
   * or directly along it. After a scan (`scanned`) their values are set and some already listed.
   */
  private ownSegment(j: number, g: number, dist: Float64Array, count: number, scanned: boolean): number {
    if (g < 0) return count;
    const { emit, value, limit } = this;
    const { segPtr, toA, toB, t, access, demandOut, segOf, siteAccess } = this.acc;
    const s = segOf[g];
    const da = dist[this.groupA[g]];
    const db = dist[this.groupB[g]];
    const c = this.segCost[s];
    const dir = this.net.segDir[s];
    const tj = this.sites.t[j];
    const aj = siteAccess[j];
    for (let k = segPtr[g], end = segPtr[g + 1]; k < end; k++) {
      const direct = access[k] + along(dir, demandOut ? t[k] : tj, demandOut ? tj : t[k], c) + aj;
      if (scanned) {
        const listed = value[k] <= limit;
        if (direct < value[k]) value[k] = direct;
        if (!listed && value[k] <= limit) emit[count++] = k;
        continue;
      }
      const v = Math.min(da + toA[k], db + toB[k], direct);
      if (v <= limit) {
        emit[count++] = k;
        value[k] = v;
      }
    }
    return count;
  }
}

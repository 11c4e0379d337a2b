import type { RoadNetwork } from "./roads.js";
import type { Snaps } from "./snap.js";

/**
 * How snapped points get on and off the network, in cost units (metres or minutes). A point on
 * segment (a, b) at fraction t reaches node a at t·c and node b at (1 − t)·c (c: the segment's
 * length or time) where the segment's direction allows it — or always when it sits on the node —
 * plus its straight access leg. As an origin it leaves towards a against the segment's direction
 * of travel and towards b along it; as a destination the other way round.
 *
 * Demand points are grouped by segment, and the segments holding demand ("demand segments") are
 * numbered in the order of their lower node, so that going through nodes in order goes through
 * the demand arrays in order: `order` lists the snapped demand points (original indices) by demand
 * segment, `segPtr[g] .. segPtr[g + 1]` are demand segment g's, `segOf[g]` is its segment and
 * `groupOf[s]` the demand segment of segment s (-1: none). Per position in `order`: the cost
 * between the point and node a / node b of its segment (Infinity where not allowed). Every node
 * lists the demand segments ending at it (`nodeSegPtr/nodeSeg`: g times 2, plus 1 at the b end).
 * Each site gets up to two seeds for its search.
 */
export interface Access {
  /** True when demand points are origins (travel demand → site). */
  readonly demandOut: boolean;
  readonly order: Int32Array;
  readonly segPtr: Int32Array;
  readonly segOf: Int32Array;
  readonly groupOf: Int32Array;
  readonly toA: Float64Array;
  readonly toB: Float64Array;
  /** Per position in `order`: the access leg alone (cost units), and the fraction along the segment. */
  readonly access: Float64Array;
  readonly t: Float64Array;
  /** The cheapest way onto a node (a lower bound on what a demand point adds to a node's distance). */
  readonly minAttach: number;
  readonly nodeSegPtr: Int32Array;
  readonly nodeSeg: Int32Array;
  /** Per site: up to two seeds (node, starting cost), node -1 for none. */
  readonly seedNode: Int32Array;
  readonly seedCost: Float64Array;
  /** Per site: its access leg in cost units. */
  readonly siteAccess: Float64Array;
}

/** Whether a point at fraction t may go between itself and node a / node b (`out`: as the origin). */
const okA = (dir: number, t: number, out: boolean) => t === 0 || (out ? dir <= 0 : dir >= 0);
const okB = (dir: number, t: number, out: boolean) => t === 1 || (out ? dir >= 0 : dir <= 0);

export function buildAccess(net: RoadNetwork, ds: Snaps, ss: Snaps, segCost: Float64Array, accessCost: (metres: number) => number, demandOut: boolean): Access {
  const N = net.nodeCount;
  const S = net.segmentCount;
  const { segA, segB, segDir } = net;
  const n = ds.count;
  const m = ss.count;

  // demand per segment, then demand segments in order of their lower node
  const perSeg = new Int32Array(S);
  for (let i = 0; i < n; i++) if (ds.segment[i] >= 0) perSeg[ds.segment[i]]++;
  const byNode = new Int32Array(N + 1);
  let G = 0;
  for (let s = 0; s < S; s++) {
    if (perSeg[s] === 0) continue;
    byNode[Math.min(segA[s], segB[s]) + 1]++;
    G++;
  }
  for (let u = 0; u < N; u++) byNode[u + 1] += byNode[u];
  const segOf = new Int32Array(G);
  const groupOf = new Int32Array(S).fill(-1);
  for (let s = 0; s < S; s++) {
    if (perSeg[s] === 0) continue;
    const g = byNode[Math.min(segA[s], segB[s])]++;
    segOf[g] = s;
    groupOf[s] = g;
  }
  const segPtr = new Int32Array(G + 1);
  for (let g = 0; g < G; g++) segPtr[g + 1] = segPtr[g] + perSeg[segOf[g]];
  const count = segPtr[G];
  const order = new Int32Array(count);
  const fill = segPtr.slice(0, G);
  for (let i = 0; i < n; i++) if (ds.segment[i] >= 0) order[fill[groupOf[ds.segment[i]]]++] = i;
  const toA = new Float64Array(count);
  const toB = new Float64Array(count);
  const access = new Float64Array(count);
  const t = new Float64Array(count);
  let minAttach = Infinity;
  for (let k = 0; k < count; k++) {
    const i = order[k];
    const s = ds.segment[i];
    const f = ds.t[i];
    const acc = accessCost(ds.access[i]);
    access[k] = acc;
    t[k] = f;
    toA[k] = okA(segDir[s], f, demandOut) ? acc + f * segCost[s] : Infinity;
    toB[k] = okB(segDir[s], f, demandOut) ? acc + (1 - f) * segCost[s] : Infinity;
    minAttach = Math.min(minAttach, toA[k], toB[k]);
  }

  const nodeSegPtr = new Int32Array(N + 1);
  for (let g = 0; g < G; g++) {
    nodeSegPtr[segA[segOf[g]] + 1]++;
    nodeSegPtr[segB[segOf[g]] + 1]++;
  }
  for (let u = 0; u < N; u++) nodeSegPtr[u + 1] += nodeSegPtr[u];
  const nodeSeg = new Int32Array(nodeSegPtr[N]);
  const nfill = nodeSegPtr.slice(0, N);
  for (let g = 0; g < G; g++) {
    nodeSeg[nfill[segA[segOf[g]]]++] = 2 * g;
    nodeSeg[nfill[segB[segOf[g]]]++] = 2 * g + 1;
  }

  const seedNode = new Int32Array(2 * m).fill(-1);
  const seedCost = new Float64Array(2 * m);
  const siteAccess = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const s = ss.segment[j];
    if (s < 0) continue;
    const f = ss.t[j];
    const acc = accessCost(ss.access[j]);
    siteAccess[j] = acc;
    // the site plays the other role
    if (okA(segDir[s], f, !demandOut)) {
      seedNode[2 * j] = segA[s];
      seedCost[2 * j] = acc + f * segCost[s];
    }
    if (okB(segDir[s], f, !demandOut)) {
      seedNode[2 * j + 1] = segB[s];
      seedCost[2 * j + 1] = acc + (1 - f) * segCost[s];
    }
  }
  return { demandOut, order, segPtr, segOf, groupOf, toA, toB, access, t, minAttach, nodeSegPtr, nodeSeg, seedNode, seedCost, siteAccess };
}

/** Cost along one segment of cost c from fraction `from` to `to`, or Infinity when its direction forbids it. */
export function along(dir: number, from: number, to: number, c: number): number {
  if (to === from) return 0;
  if (to > from) return dir >= 0 ? (to - from) * c : Infinity;
  return dir <= 0 ? (from - to) * c : Infinity;
}

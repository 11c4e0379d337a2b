import KDBush from "kdbush";
import { haversine } from "../geo.js";
import type { RoadNetwork } from "./roads.js";

/** Where points join the network: per point, a segment, the fraction along it and the access leg. */
export interface Snaps {
  readonly count: number;
  /** The segment each point joins; -1 when none lies within `maxAccess`. */
  readonly segment: Int32Array;
  /** Fraction along the segment, from `segA` (0) to `segB` (1). */
  readonly t: Float64Array;
  /** Access distance in metres, point to its snap point (Infinity when not snapped). */
  readonly access: Float64Array;
}

export interface SnapOptions {
  /** Points farther than this (metres) from every road are not snapped (default Infinity). */
  maxAccess?: number;
}

/**
 * A spatial index of the network's segments: every segment is cut into pieces no longer than
 * `h` (the mean segment length) and the pieces' midpoints go into a kd-tree. The nearest segment
 * to a point at distance d has a piece midpoint within d + h/2, so a radius search that grows
 * until it finds a candidate, then widens once to (best distance + h/2), is exact.
 */
export class SegmentIndex {
  private readonly tree: KDBush;
  private readonly pieceSeg: Int32Array;
  /** Longest piece; half of it bounds how far a piece's midpoint lies from any point on it. */
  readonly piece: number;
  private readonly net: RoadNetwork;

  constructor(net: RoadNetwork) {
    this.net = net;
    const { segA, segB, planeX, planeY, segmentCount: S } = net;
    let total = 0;
    const plen = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      plen[s] = Math.hypot(planeX[segB[s]] - planeX[segA[s]], planeY[segB[s]] - planeY[segA[s]]);
      total += plen[s];
    }
    const h = Math.max(total / S, 1e-9);
    let pieces = 0;
    for (let s = 0; s < S; s++) pieces += Math.max(1, Math.ceil(plen[s] / h));
    const tree = new KDBush(pieces, 64, Float64Array);
    const pieceSeg = new Int32Array(pieces);
    let longest = 0;
    for (let s = 0; s < S; s++) {
      const k = Math.max(1, Math.ceil(plen[s] / h));
      const ax = planeX[segA[s]];
      const ay = planeY[segA[s]];
      const dx = planeX[segB[s]] - ax;
      const dy = planeY[segB[s]] - ay;
      for (let q = 0; q < k; q++) {
        const f = (q + 0.5) / k;
        pieceSeg[tree.add(ax + f * dx, ay + f * dy)] = s;
      }
      if (plen[s] / k > longest) longest = plen[s] / k;
    }
    tree.finish();
    this.tree = tree;
    this.pieceSeg = pieceSeg;
    this.piece = longest;
  }

  /**
   * The nearest segment to planar point (px, py) within planar distance `limit` (ties: lowest
   * segment index): writes into `out` = [segment, t, planar distance]; segment -1 when none.
   */
  nearest(px: number, py: number, limit: number, out: Float64Array): void {
    const slack = this.piece / 2;
    const cap = limit + slack;
    let r = Math.min(Math.max(this.piece, 1e-9), cap);
    out[0] = -1;
    out[1] = 0;
    out[2] = Infinity;
    for (;;) {
      const found = this.tree.within(px, py, r);
      if (found.length > 0) {
        this.best(found, px, py, out);
        // every segment nearer than the best found has a piece midpoint within best + h/2
        const need = Math.min(out[2] + slack, cap) * (1 + 1e-12) + 1e-9;
        if (need > r) this.best(this.tree.within(px, py, need), px, py, out);
        if (out[2] > limit) {
          out[0] = -1;
          out[2] = Infinity;
        }
        return;
      }
      if (r >= cap) return;
      r = Math.min(r * 2, cap);
    }
  }

  private best(found: number[], px: number, py: number, out: Float64Array): void {
    const { segA, segB, planeX, planeY } = this.net;
    let bs = out[0];
    let bt = out[1];
    let bd = out[2];
    for (let k = 0; k < found.length; k++) {
      const s = this.pieceSeg[found[k]];
      if (s === bs) continue;
      const ax = planeX[segA[s]];
      const ay = planeY[segA[s]];
      const dx = planeX[segB[s]] - ax;
      const dy = planeY[segB[s]] - ay;
      const L2 = dx * dx + dy * dy;
      let t = L2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / L2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const d = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
      if (d < bd || (d === bd && s < bs)) {
        bd = d;
        bs = s;
        bt = t;
      }
    }
    out[0] = bs;
    out[1] = bt;
    out[2] = bd;
  }
}

/**
 * Joins points ({x, y}: lon/lat degrees or x/y metres, as the network) to the nearest point of
 * the nearest segment. On lon/lat the nearest segment is found in the network's local planar
 * projection (exact on x/y; at city scale the difference is negligible) and the access leg is
 * the haversine distance to the snap point.
 */
export function snapPoints(net: RoadNetwork, points: ArrayLike<{ x: number; y: number }>, options: SnapOptions = {}, index?: SegmentIndex): Snaps {
  const maxAccess = options.maxAccess ?? Infinity;
  const idx = index ?? new SegmentIndex(net);
  const count = points.length;
  const segment = new Int32Array(count);
  const t = new Float64Array(count);
  const access = new Float64Array(count);
  const proj = net.projection;
  // planar distances understate true ones by at most the projection's inflation
  const limit = proj ? maxAccess * proj.inflation : maxAccess;
  const out = new Float64Array(3);
  const { segA, segB, nodeX, nodeY } = net;
  for (let i = 0; i < count; i++) {
    const p = points[i];
    const px = proj ? (p.x - proj.lon0) * proj.kx : p.x;
    const py = proj ? (p.y - proj.lat0) * proj.ky : p.y;
    idx.nearest(px, py, limit, out);
    const s = out[0];
    segment[i] = s;
    t[i] = out[1];
    if (s < 0) {
      access[i] = Infinity;
      continue;
    }
    if (proj) {
      const f = out[1];
      const a = segA[s];
      const b = segB[s];
      const d = haversine(p.x, p.y, nodeX[a] + f * (nodeX[b] - nodeX[a]), nodeY[a] + f * (nodeY[b] - nodeY[a]));
      if (d > maxAccess) {
        segment[i] = -1;
        access[i] = Infinity;
      } else access[i] = d;
    } else access[i] = out[2];
  }
  return { count, segment, t, access };
}

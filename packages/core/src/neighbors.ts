import KDBush from "kdbush";
import { siteIndex } from "./coverage.js";
import type { Instance } from "./instance.js";

/**
 * Each demand point's sites sorted by distance (ties by site index), in compressed rows.
 * `complete` when every row lists all m sites; otherwise rows hold the k nearest and engines fall
 * back to `Instance.dist` for sites beyond the list.
 */
export interface Neighbors {
  readonly ptr: Uint32Array;
  readonly site: Uint32Array;
  readonly cost: Float64Array;
  readonly complete: boolean;
}

/** n·m up to this many entries get complete lists (≈ 200 MB at the limit). */
export const COMPLETE_LIMIT = 1 << 24;

export function buildNeighbors(inst: Instance, k?: number): Neighbors {
  const { n, m } = inst;
  const kk = Math.min(m, k ?? (n * m <= COMPLETE_LIMIT || inst.matrix ? m : Math.max(32, Math.floor(COMPLETE_LIMIT / n))));
  const complete = kk === m;
  const ptr = new Uint32Array(n + 1);
  const site = new Uint32Array(n * kk);
  const cost = new Float64Array(n * kk);
  const order = new Uint32Array(m);
  const d = new Float64Array(m);
  const cmp = (a: number, b: number) => d[a] - d[b] || a - b;
  let tree: KDBush | null = null;
  for (let i = 0; i < n; i++) {
    const base = ptr[i];
    let cand: ArrayLike<number>;
    let len: number;
    if (complete) {
      for (let j = 0; j < m; j++) {
        order[j] = j;
        d[j] = inst.dist(i, j);
      }
      order.sort(cmp);
      cand = order;
      len = m;
    } else {
      tree ??= siteIndex(inst);
      const found = nearestCandidates(tree, inst, i, kk);
      for (const j of found) d[j] = inst.dist(i, j);
      found.sort(cmp);
      cand = found;
      len = Math.min(kk, found.length);
    }
    for (let t = 0; t < len; t++) {
      const j = cand[t];
      site[base + t] = j;
      cost[base + t] = d[j];
    }
    ptr[i + 1] = base + len;
  }
  return { ptr, site, cost, complete };
}

/** At least k site indices, the k nearest among them, found by growing a kd-tree range query. */
function nearestCandidates(tree: KDBush, inst: Instance, i: number, k: number): number[] {
  const x = inst.dpx[i];
  const y = inst.dpy[i];
  let r = 1;
  // start with the radius that would hold k sites at the sites' mean density
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let j = 0; j < Math.min(inst.m, 64); j++) {
    const sx = inst.spx[j], sy = inst.spy[j];
    if (sx < minX) minX = sx;
    if (sx > maxX) maxX = sx;
    if (sy < minY) minY = sy;
    if (sy > maxY) maxY = sy;
  }
  r = Math.max(1e-9, Math.sqrt(((maxX - minX + 1) * (maxY - minY + 1) * k) / Math.min(inst.m, 64)));
  for (;;) {
    const found = tree.within(x, y, r);
    if (found.length >= k) {
      // k sites lie within planar distance r; under the exact metric they are within r·grow, so a
      // query of radius r·grow holds the k nearest (manhattan ≤ √2·euclidean; haversine vs the
      // local projection differs by at most the inflation factor, applied both ways)
      const grow = inst.metric === "manhattan" ? Math.SQRT2 : inst.queryInflation * inst.queryInflation;
      return grow > 1 ? tree.within(x, y, r * grow) : found;
    }
    r *= 2;
  }
}

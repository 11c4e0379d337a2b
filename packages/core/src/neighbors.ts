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
  const d = new Float64Array(m);
  let tree: KDBush | null = null;
  // sparse rows: the candidates (often more than k) are sorted in a scratch row, then the k nearest
  // copied into the list, so a row never writes past its own k slots
  let scratch = new Uint32Array(complete ? 0 : Math.min(m, 2 * kk));
  let keys = new Float64Array(complete ? m : scratch.length);
  for (let i = 0; i < n; i++) {
    const base = ptr[i];
    let len: number;
    if (complete) {
      for (let j = 0; j < m; j++) d[j] = inst.dist(i, j);
      len = sortByDistance(d, null, m, keys, site, base);
    } else {
      tree ??= siteIndex(inst);
      const found = nearestCandidates(tree, inst, i, kk);
      for (const j of found) d[j] = inst.dist(i, j);
      if (scratch.length < found.length) {
        scratch = new Uint32Array(found.length);
        keys = new Float64Array(found.length);
      }
      const sorted = sortByDistance(d, found, found.length, keys, scratch, 0);
      len = Math.min(kk, sorted);
      site.set(scratch.subarray(0, len), base);
    }
    for (let t = base; t < base + len; t++) cost[t] = d[site[t]];
    ptr[i + 1] = base + len;
  }
  return { ptr, site, cost, complete };
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const INDEX_SPACE = 2 ** 21;

/**
 * Writes candidate site indices (all 0..len-1 when `cand` is null) into `out[base..]` sorted by
 * d (ties by index). A native sort on packed keys (float32 bits of d · 2^21 + index) does the bulk;
 * an insertion pass then fixes the few pairs float32 rounding put out of exact float64 order.
 */
function sortByDistance(d: Float64Array, cand: ArrayLike<number> | null, len: number, keys: Float64Array, out: Uint32Array, base: number): number {
  if (keys.length < len) keys = new Float64Array(len);
  if (out.length < base + len) throw new Error(`internal error: a neighbour row of ${len} sites does not fit at ${base} of ${out.length}`);
  const packed = len <= INDEX_SPACE;
  if (packed) {
    for (let t = 0; t < len; t++) {
      const j = cand ? cand[t] : t;
      F32[0] = d[j];
      keys[t] = U32[0] * INDEX_SPACE + j;
    }
    const k = keys.subarray(0, len).sort();
    for (let t = 0; t < len; t++) out[base + t] = k[t] % INDEX_SPACE;
  } else {
    const idx = Array.from({ length: len }, (_, t) => (cand ? cand[t] : t));
    idx.sort((a, b) => d[a] - d[b] || a - b);
    for (let t = 0; t < len; t++) out[base + t] = idx[t];
  }
  for (let t = base + 1; t < base + len; t++) {
    const j = out[t];
    const dj = d[j];
    let u = t - 1;
    while (u >= base && (d[out[u]] > dj || (d[out[u]] === dj && out[u] > j))) {
      out[u + 1] = out[u];
      u--;
    }
    out[u + 1] = j;
  }
  return len;
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

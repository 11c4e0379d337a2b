import KDBush from "kdbush";
import { siteIndex } from "./coverage.js";
import type { Instance } from "./instance.js";
import type { SparseCosts } from "./sparse-costs.js";

/**
 * Each demand point's sites sorted by distance (ties by site index), in compressed rows.
 * `complete` when every row lists all m sites — or, with sparse costs, every reachable site when
 * the rest cost Infinity; otherwise rows hold the k nearest and engines fall back to
 * `Instance.dist` for sites beyond the list.
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
  if (inst.sparse) return sparseNeighbors(inst, inst.sparse, k);
  const kk = Math.min(m, k ?? (n * m <= COMPLETE_LIMIT || inst.matrix ? m : Math.max(32, Math.floor(COMPLETE_LIMIT / n))));
  const complete = kk === m;
  const ptr = new Uint32Array(n + 1);
  const site = new Uint32Array(n * kk);
  const cost = new Float64Array(n * kk);
  const d = new Float64Array(m);
  let tree: KDBush | null = null;
  let r0 = 0;
  // a matrix's costs need not follow the coordinates the kd-tree reads: its rows are sorted whole
  // (k nearest of a matrix taken from the kd-tree's candidates were not the k cheapest: invalid
  // bounds with explicit k)
  const whole = complete || inst.matrix !== null;
  // sparse rows: the candidates (often more than k) are sorted in a scratch row, then the k nearest
  // copied into the list, so a row never writes past its own k slots
  let scratch = new Uint32Array(complete ? 0 : whole ? m : Math.min(m, 2 * kk));
  let keys = new Float64Array(whole ? m : scratch.length);
  for (let i = 0; i < n; i++) {
    const base = ptr[i];
    let len: number;
    if (whole) {
      const row = inst.matrix ? inst.matrix.subarray(i * m, i * m + m) : d;
      if (!inst.matrix) for (let j = 0; j < m; j++) d[j] = inst.dist(i, j);
      if (complete) sortByDistance(row, null, m, keys, site, base);
      else {
        sortByDistance(row, null, m, keys, scratch, 0);
        site.set(scratch.subarray(0, kk), base);
      }
      len = kk;
      for (let t = base; t < base + len; t++) cost[t] = row[site[t]];
    } else {
      tree ??= siteIndex(inst);
      r0 ||= startRadius(inst, kk);
      const found = nearestCandidates(tree, inst, i, kk, r0);
      for (const j of found) d[j] = inst.dist(i, j);
      if (scratch.length < found.length) {
        scratch = new Uint32Array(found.length);
        keys = new Float64Array(found.length);
      }
      const sorted = sortByDistance(d, found, found.length, keys, scratch, 0);
      len = Math.min(kk, sorted);
      site.set(scratch.subarray(0, len), base);
      for (let t = base; t < base + len; t++) cost[t] = d[site[t]];
    }
    ptr[i + 1] = base + len;
  }
  return { ptr, site, cost, complete };
}

/**
 * Neighbour lists straight from cost-sorted sparse rows (the k first of each, all by default). With
 * a finite cost for the pairs not listed (a penalty), the lists are complete only when asked for
 * all m sites: the unlisted sites then follow the listed ones, in site order.
 */
function sparseNeighbors(inst: Instance, c: SparseCosts, k: number | undefined): Neighbors {
  const { n, m } = inst;
  const { ptr: rp, site: rs, cost: rc } = c;
  const fill = k !== undefined && k >= m && inst.unreachable < Infinity;
  const kk = k === undefined ? m : Math.min(k, m);
  const ptr = new Uint32Array(n + 1);
  let full = true;
  let cut = false;
  for (let i = 0; i < n; i++) {
    const len = rp[i + 1] - rp[i];
    if (len < m) full = false;
    if (len > kk) cut = true;
    ptr[i + 1] = ptr[i] + (fill ? m : Math.min(kk, len));
  }
  const site = new Uint32Array(ptr[n]);
  const cost = new Float64Array(ptr[n]);
  const listed = fill ? new Int32Array(m).fill(-1) : null;
  for (let i = 0; i < n; i++) {
    const len = Math.min(kk, rp[i + 1] - rp[i]);
    site.set(rs.subarray(rp[i], rp[i] + len), ptr[i]);
    cost.set(rc.subarray(rp[i], rp[i] + len), ptr[i]);
    if (!listed) continue;
    let at = ptr[i] + len;
    for (let t = rp[i]; t < rp[i] + len; t++) listed[rs[t]] = i;
    for (let j = 0; j < m; j++) {
      if (listed[j] === i) continue;
      site[at] = j;
      cost[at++] = inst.unreachable;
    }
  }
  // every site listed, or every reachable one when the rest cost Infinity (nothing to fall back to)
  const complete = fill || (full && !cut) || (inst.unreachable === Infinity && !cut);
  return { ptr, site, cost, complete };
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const INDEX_SPACE = 2 ** 21;
const INV_INDEX_SPACE = 2 ** -21;

/**
 * Writes candidate site indices (all 0..len-1 when `cand` is null) into `out[base..]` sorted by
 * d (ties by index). The bulk is ordered by the float32 bits of d (order-preserving for d ≥ 0): a
 * stable radix sort of (bits, index) for a complete row, whose indices come in ascending order
 * (pmed40's complete lists 53 → ≈ 15 ms), else a native sort on packed keys (bits · 2^21 + index).
 * An insertion pass then fixes the few pairs float32 rounding put out of exact float64 order
 * (skipped when every d is a float32 exactly).
 */
export function sortByDistance(d: Float64Array, cand: ArrayLike<number> | null, len: number, keys: Float64Array, out: Uint32Array, base: number): number {
  if (keys.length < len) keys = new Float64Array(len);
  if (out.length < base + len) throw new Error(`internal error: a neighbour row of ${len} sites does not fit at ${base} of ${out.length}`);
  if (cand === null) {
    const exact = radixRow(d, len, out, base);
    if (!exact) fixOrder(d, out, base, len);
    return len;
  }
  const packed = len <= INDEX_SPACE;
  // whether every distance is a float32 exactly (integer costs, most matrices): then the packed
  // order is the exact one and the fixing pass below is skipped
  let exact = true;
  if (packed) {
    for (let t = 0; t < len; t++) {
      const j = cand ? cand[t] : t;
      const dj = d[j];
      F32[0] = dj;
      if (F32[0] !== dj) exact = false;
      keys[t] = U32[0] * INDEX_SPACE + j;
    }
    const k = keys.subarray(0, len).sort();
    // the low 21 bits: k − ⌊k / 2^21⌋·2^21 (exact in float64; cheaper than a float %)
    for (let t = 0; t < len; t++) {
      const v = k[t];
      out[base + t] = v - Math.floor(v * INV_INDEX_SPACE) * INDEX_SPACE;
    }
  } else {
    const idx = Array.from({ length: len }, (_, t) => (cand ? cand[t] : t));
    idx.sort((a, b) => d[a] - d[b] || a - b);
    for (let t = 0; t < len; t++) out[base + t] = idx[t];
  }
  if (!packed || exact) return len;
  fixOrder(d, out, base, len);
  return len;
}

/** Insertion pass over out[base..base+len): exact order by d, ties by index (the input is nearly sorted). */
function fixOrder(d: Float64Array, out: Uint32Array, base: number, len: number): void {
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
}

let RK = new Uint32Array(0);
let RK2 = new Uint32Array(0);
let RI = new Uint32Array(0);
let RI2 = new Uint32Array(0);
const RCOUNT = new Uint32Array(256);

/**
 * Sites 0..len-1 into out[base..] by the float32 bits of d[j], stable (ties by index): LSD radix
 * sort on bytes, skipping the bytes every key shares. Returns whether every d is a float32 exactly
 * (then the order is exact).
 */
function radixRow(d: Float64Array, len: number, out: Uint32Array, base: number): boolean {
  if (RK.length < len) {
    RK = new Uint32Array(len);
    RK2 = new Uint32Array(len);
    RI = new Uint32Array(len);
    RI2 = new Uint32Array(len);
  }
  let sk = RK, si = RI, dk = RK2, di = RI2;
  let exact = true;
  let or = 0;
  let and = -1;
  for (let j = 0; j < len; j++) {
    const dj = d[j] + 0; // −0 as +0 (its float32 bits would sort last)
    F32[0] = dj;
    if (F32[0] !== dj) exact = false;
    const u = U32[0];
    sk[j] = u;
    si[j] = j;
    or |= u;
    and &= u;
  }
  const diff = (or ^ and) >>> 0;
  for (let shift = 0; shift < 32; shift += 8) {
    if (((diff >>> shift) & 255) === 0) continue;
    RCOUNT.fill(0);
    for (let t = 0; t < len; t++) RCOUNT[(sk[t] >>> shift) & 255]++;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = RCOUNT[b];
      RCOUNT[b] = sum;
      sum += c;
    }
    for (let t = 0; t < len; t++) {
      const u = sk[t];
      const q = RCOUNT[(u >>> shift) & 255]++;
      dk[q] = u;
      di[q] = si[t];
    }
    let x = sk;
    sk = dk;
    dk = x;
    x = si;
    si = di;
    di = x;
  }
  out.set(si.subarray(0, len), base);
  return exact;
}

/**
 * The query radius that holds about 1.5·k sites at the sites' mean density (their bounding box's
 * area over m) — one estimate per solve. Too small only costs a doubling; too large (the old
 * estimate from 64 sites' box, taken as if it held 64 sites, returned every site on uniform
 * instances and made 100,000 × 2,000 lists take 30 s) costs a sort of all m per point.
 */
function startRadius(inst: Instance, k: number): number {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let j = 0; j < inst.m; j++) {
    const sx = inst.spx[j], sy = inst.spy[j];
    if (sx < minX) minX = sx;
    if (sx > maxX) maxX = sx;
    if (sy < minY) minY = sy;
    if (sy > maxY) maxY = sy;
  }
  const w = maxX - minX, h = maxY - minY;
  // a degenerate box (collinear or coincident sites): fall back to the longer side as a strip
  const area = w > 0 && h > 0 ? w * h : Math.max(w, h, 1e-9) ** 2;
  return Math.max(1e-9, Math.sqrt((1.5 * area * k) / (Math.PI * inst.m)));
}

/** At least k site indices, the k nearest among them, found by growing a kd-tree range query from r. */
function nearestCandidates(tree: KDBush, inst: Instance, i: number, k: number, r: number): number[] {
  const x = inst.dpx[i];
  const y = inst.dpy[i];
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

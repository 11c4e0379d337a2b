import KDBush from "kdbush";
import type { Instance } from "./instance.js";
import type { SparseCosts } from "./sparse-costs.js";

/** Sparse 0/1 matrix in compressed rows: row r holds `idx[ptr[r] .. ptr[r+1])`, ascending. */
export interface CSR {
  readonly rows: number;
  readonly cols: number;
  readonly ptr: Uint32Array;
  readonly idx: Uint32Array;
}

/** Coverage at a radius: demand → covering sites, and its transpose site → covered demand. */
export interface Coverage {
  readonly radius: number;
  readonly byDemand: CSR;
  readonly bySite: CSR;
}

/** A kd-tree over the sites' planar coordinates (built once per instance). */
export function siteIndex(inst: Instance): KDBush {
  const index = new KDBush(inst.m, 64, Float64Array);
  for (let j = 0; j < inst.m; j++) index.add(inst.spx[j], inst.spy[j]);
  index.finish();
  return index;
}

/**
 * Builds coverage (distance ≤ radius, inclusive) with a kd-tree range query per demand point,
 * filtered by the exact metric; with an explicit cost matrix, by reading each row; with sparse
 * costs, from each row's prefix within the radius (rows are sorted by cost; a pair not listed
 * never covers, whatever the radius). With `radii`, point i's radius is min(radius, radii[i]) and a
 * negative one gives it no sites (per-point reach: each query as small as its point's own).
 */
export function buildCoverage(inst: Instance, radius: number, index?: KDBush, radii?: ArrayLike<number>): Coverage {
  const { n, m } = inst;
  // a point's own radius (at most `radius`; negative: no row) where `radii` is given
  const rOf = radii ? (i: number) => Math.min(radius, radii[i]) : () => radius;
  if (inst.sparse) {
    const byDemand = sparseCoverage(inst.sparse, rOf);
    return { radius, byDemand, bySite: transpose(byDemand) };
  }
  const ptr = new Uint32Array(n + 1);
  let idx = new Uint32Array(Math.max(16, n * 4));
  let nnz = 0;
  const push = (j: number) => {
    if (nnz === idx.length) {
      const bigger = new Uint32Array(idx.length * 2);
      bigger.set(idx);
      idx = bigger;
    }
    idx[nnz++] = j;
  };
  if (inst.matrix) {
    const M = inst.matrix;
    for (let i = 0; i < n; i++) {
      const base = i * m;
      const r = rOf(i);
      for (let j = 0; j < m; j++) if (M[base + j] <= r) push(j);
      ptr[i + 1] = nnz;
    }
  } else {
    const tree = index ?? siteIndex(inst);
    // kdbush compares squared distances (d² ≤ q²), which can drop a point at exactly the radius
    // (fl(√65)² < 65); a hair of slack keeps it, and the exact filter below decides
    for (let i = 0; i < n; i++) {
      const r = rOf(i);
      if (r >= 0) {
        const found = tree.within(inst.dpx[i], inst.dpy[i], r * inst.queryInflation * (1 + 1e-9));
        found.sort((a, b) => a - b);
        for (let k = 0; k < found.length; k++) {
          const j = found[k];
          if (inst.dist(i, j) <= r) push(j);
        }
      }
      ptr[i + 1] = nnz;
    }
  }
  const byDemand: CSR = { rows: n, cols: m, ptr, idx: idx.slice(0, nnz) };
  return { radius, byDemand, bySite: transpose(byDemand) };
}

/** The sites within `radius` of each demand point, read off cost-sorted sparse rows: each row's prefix, put in site order. */
function sparseCoverage(c: SparseCosts, rOf: (i: number) => number): CSR {
  const { n, m, ptr: rp, site, cost } = c;
  const ptr = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    // the prefix of costs ≤ the point's radius, by bisection
    const radius = rOf(i);
    let lo = rp[i];
    let hi = rp[i + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cost[mid] <= radius) lo = mid + 1;
      else hi = mid;
    }
    ptr[i + 1] = ptr[i] + (lo - rp[i]);
  }
  const idx = new Uint32Array(ptr[n]);
  for (let i = 0; i < n; i++) {
    const a = ptr[i];
    const b = ptr[i + 1];
    idx.set(site.subarray(rp[i], rp[i] + (b - a)), a);
    idx.subarray(a, b).sort();
  }
  return { rows: n, cols: m, ptr, idx };
}

export function transpose(a: CSR): CSR {
  const ptr = new Uint32Array(a.cols + 1);
  const nnz = a.ptr[a.rows];
  for (let k = 0; k < nnz; k++) ptr[a.idx[k] + 1]++;
  for (let c = 0; c < a.cols; c++) ptr[c + 1] += ptr[c];
  const fill = ptr.slice(0, a.cols);
  const idx = new Uint32Array(nnz);
  for (let r = 0; r < a.rows; r++) {
    for (let k = a.ptr[r]; k < a.ptr[r + 1]; k++) idx[fill[a.idx[k]]++] = r;
  }
  return { rows: a.cols, cols: a.rows, ptr, idx };
}

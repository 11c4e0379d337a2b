import type { CSR } from "../coverage.js";

/**
 * Rows of a 0/1 matrix grouped by equal column sets: one row per group, carrying the summed
 * weight. Covering models only see a demand point through its set of covering sites, so two
 * points with the same set are interchangeable — one point of summed weight (MCLP), or one row
 * (set covering) — and the merged model has the same optimum and the same optimal site sets.
 */
export interface MergedRows {
  /** One row per group (columns as in the input, ascending), in order of each group's first row. */
  readonly csr: CSR;
  /** Per group: the summed weight of its rows (1 per row without input weights). */
  readonly weight: Float64Array;
  /** Per input row: its group, or −1 when the row was not selected. */
  readonly groupOf: Int32Array;
  /** Per group: its first input row. */
  readonly first: Uint32Array;
}

/** Options of the covering engines (MCLP, LSCP, set covering). */
export interface CoverEngineOptions {
  /**
   * Merge demand points covered by the same set of sites into one point of summed weight (MCLP) or
   * one row (set covering) before the search (default true). Exact either way; `false` is for
   * comparison runs.
   */
  merge?: boolean;
  /**
   * MCLP: after the root, search regions around the incumbent's sites exactly (`mclpRegions`) for a
   * share of the time left (default true with a time limit). Off in the regions' own solves.
   */
  regions?: boolean;
}

/**
 * Groups the selected rows of `a` (every row when `select` is omitted) whose column lists are
 * equal; rows must list their columns ascending (as `buildCoverage` does). `weight` gives the
 * input rows' weights. With `merge: false` every selected row is its own group (the same output
 * shape, for comparison runs). Linear time apart from comparing rows whose hashes collide.
 */
export function mergeRows(a: CSR, select?: ArrayLike<number>, weight?: ArrayLike<number>, merge = true): MergedRows {
  const { ptr, idx } = a;
  const count = select ? select.length : a.rows;
  const rowAt = select ? (q: number) => select[q] : (q: number) => q;
  const groupOf = new Int32Array(a.rows).fill(-1);
  const firstAll = new Uint32Array(count);
  const w = new Float64Array(count);
  let G = 0;
  let nnz = 0;
  // open addressing over groups, keyed by the hash of the column list
  let size = 16;
  while (size < 2 * count) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  const hashOf = new Int32Array(count);
  for (let q = 0; q < count; q++) {
    const i = rowAt(q);
    const s = ptr[i];
    const e = ptr[i + 1];
    let g = -1;
    let slot = 0;
    let h = 0;
    if (merge) {
      h = 0x811c9dc5 ^ (e - s);
      for (let k = s; k < e; k++) h = Math.imul(h ^ idx[k], 0x01000193);
      h ^= h >>> 15;
      slot = h & mask;
      for (;;) {
        const c = table[slot];
        if (c < 0) break;
        if (hashOf[c] === h && sameRow(idx, ptr[firstAll[c]], ptr[firstAll[c] + 1], s, e)) {
          g = c;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    if (g < 0) {
      g = G++;
      firstAll[g] = i;
      hashOf[g] = h;
      nnz += e - s;
      if (merge) table[slot] = g;
    }
    groupOf[i] = g;
    w[g] += weight ? weight[i] : 1;
  }
  const gptr = new Uint32Array(G + 1);
  const gidx = new Uint32Array(nnz);
  let t = 0;
  for (let g = 0; g < G; g++) {
    const i = firstAll[g];
    gidx.set(idx.subarray(ptr[i], ptr[i + 1]), t);
    t += ptr[i + 1] - ptr[i];
    gptr[g + 1] = t;
  }
  return { csr: { rows: G, cols: a.cols, ptr: gptr, idx: gidx }, weight: w.slice(0, G), groupOf, first: firstAll.slice(0, G) };
}

/** The column lists idx[as, ae) and idx[bs, be) are equal. */
function sameRow(idx: Uint32Array, as: number, ae: number, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let k = 0; k < ae - as; k++) if (idx[as + k] !== idx[bs + k]) return false;
  return true;
}

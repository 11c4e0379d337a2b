import type { Lists } from "./pmls.js";

/**
 * Fast access to the prefixes of sorted neighbour lists, which is all a p-median Lagrangian reads
 * (the pairs with w_i·d_ij < λ_i). `ListHeads`: the first H entries of each row copied into one
 * dense array, so that a pass over every row's prefix streams through memory instead of jumping
 * from row to row of the full lists (a synthetic 100,000 rows of 167: 23–30 → 10 ms a pass); a
 * prefix longer than H goes on in the full lists. `SiteColumns`: the heads' transpose, so that a question about
 * a few sites ("how many of them lie in row i's prefix?") costs their columns, not every prefix.
 */
export interface ListHeads {
  readonly ptr: Uint32Array;
  readonly site: Uint32Array;
  readonly cost: Float64Array;
  /** Each row's head holds min(H, row length) entries. */
  readonly H: number;
  /** How many distinct sites the heads hold. */
  readonly sites: number;
}

export interface SiteColumns {
  /** Per site j, entries ptr[j]..ptr[j+1]: the demand point and the rank of j in its row. */
  readonly ptr: Uint32Array;
  readonly dem: Uint32Array;
  readonly rank: Uint16Array;
}

/** Largest head a column's Uint16 rank can index. */
export const MAX_HEAD = 0xffff;

/** The first min(H, row length) entries of each of `rows` (other rows empty), H ≤ 65,535; sites 0..m-1. */
export function listHeads(lists: Lists, rows: Int32Array, n: number, m: number, H: number): ListHeads {
  const { ptr, site, cost } = lists;
  const h = Math.max(1, Math.min(H, MAX_HEAD));
  const hptr = new Uint32Array(n + 1);
  for (let a = 0; a < rows.length; a++) {
    const i = rows[a];
    hptr[i + 1] = Math.min(h, ptr[i + 1] - ptr[i]);
  }
  for (let i = 0; i < n; i++) hptr[i + 1] += hptr[i];
  const hsite = new Uint32Array(hptr[n]);
  const hcost = new Float64Array(hptr[n]);
  for (let a = 0; a < rows.length; a++) {
    const i = rows[a];
    for (let t = hptr[i], e = hptr[i + 1], k = ptr[i]; t < e; t++, k++) {
      hsite[t] = site[k];
      hcost[t] = cost[k];
    }
  }
  const seen = new Uint8Array(m);
  let sites = 0;
  for (let t = 0; t < hsite.length; t++) if (!seen[hsite[t]]) {
    seen[hsite[t]] = 1;
    sites++;
  }
  return { ptr: hptr, site: hsite, cost: hcost, H: h, sites };
}

/** The transpose of the heads over the sites 0..m-1. */
export function siteColumns(heads: ListHeads, m: number): SiteColumns {
  const { ptr, site } = heads;
  const n = ptr.length - 1;
  const nnz = ptr[n];
  const cptr = new Uint32Array(m + 1);
  for (let k = 0; k < nnz; k++) cptr[site[k] + 1]++;
  for (let j = 0; j < m; j++) cptr[j + 1] += cptr[j];
  const fill = cptr.slice(0, m);
  const dem = new Uint32Array(nnz);
  const rank = new Uint16Array(nnz);
  for (let i = 0; i < n; i++) {
    const s = ptr[i];
    for (let k = s, e = ptr[i + 1]; k < e; k++) {
      const t = fill[site[k]]++;
      dem[t] = i;
      rank[t] = k - s;
    }
  }
  return { ptr: cptr, dem, rank };
}

/**
 * For each row i of `rows`, how many sites with `flag[j]` set lie among the first `len[i]` entries
 * of its list, into `count[i]` (other entries of `count` are left alone). `pairs` is Σ len[i]. When
 * the flagged sites' columns are shorter than that (about nnz(heads) · flagged / sites), reads them
 * (`columns()` builds them on first use), then, in the full lists, the part of a prefix beyond the
 * head; otherwise reads the prefixes row by row.
 */
export function countInPrefixes(
  lists: Lists,
  heads: ListHeads,
  columns: () => SiteColumns,
  rows: Int32Array,
  flag: Uint8Array,
  len: Uint32Array,
  count: Int32Array,
  pairs: number,
): void {
  const { ptr, site } = lists;
  const m = flag.length;
  let flagged = 0;
  for (let j = 0; j < m; j++) flagged += flag[j];
  const n = heads.ptr.length - 1;
  if ((heads.ptr[n] / Math.max(1, heads.sites)) * flagged >= pairs) {
    for (let a = 0; a < rows.length; a++) {
      const i = rows[a];
      let x = 0;
      for (let k = ptr[i], e = ptr[i] + len[i]; k < e; k++) x += flag[site[k]];
      count[i] = x;
    }
    return;
  }
  const { ptr: cptr, dem, rank } = columns();
  for (let a = 0; a < rows.length; a++) count[rows[a]] = 0;
  for (let j = 0; j < m; j++) {
    if (!flag[j]) continue;
    for (let t = cptr[j], e = cptr[j + 1]; t < e; t++) {
      const i = dem[t];
      if (rank[t] < len[i]) count[i]++;
    }
  }
  const H = heads.H;
  for (let a = 0; a < rows.length; a++) {
    const i = rows[a];
    const l = len[i];
    if (l <= H) continue;
    let x = 0;
    for (let k = ptr[i] + H, e = ptr[i] + l; k < e; k++) x += flag[site[k]];
    count[i] += x;
  }
}

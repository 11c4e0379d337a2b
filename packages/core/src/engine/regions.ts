import { now, type RunContext } from "../heuristics/context.js";
import { mulberry32 } from "../rng.js";

/** Columns (sites) a region frees at most: the open centre's neighbours, then theirs. */
export const REGION_SITES = 120;

/** A region: its columns (global indices) and the rows it must settle, over local column indices (ascending per row). */
export interface Region {
  cols: number[];
  /** Global row indices. */
  rows: number[];
  ptr: Uint32Array;
  idx: Uint32Array;
}

/**
 * Regions of a covering problem for exact large-neighbourhood search (MCLP, set covering): around
 * an open column, the columns within two steps in the shares-a-row graph (columns covering a
 * common row — for sites, within twice the radius of each other), at most `REGION_SITES`, nearest
 * steps first; and the rows of those columns that no open column outside the region covers.
 * Scratch on typed arrays, built once per search.
 */
export class RegionGraph {
  private readonly local: Int32Array;
  private readonly colStamp: Int32Array;
  private readonly rowStamp: Int32Array;
  private stamp = 0;

  /**
   * `ptr`/`idx`: row → columns; `cptr`/`cidx`: column → rows (its transpose); `fixed[c]` = 1 for
   * columns a region never frees (existing sites, columns forced in).
   */
  constructor(
    readonly rows: number, readonly cols: number,
    private readonly ptr: ArrayLike<number>, private readonly idx: ArrayLike<number>,
    private readonly cptr: ArrayLike<number>, private readonly cidx: ArrayLike<number>,
    private readonly fixed: ArrayLike<number> | null,
  ) {
    this.local = new Int32Array(cols).fill(-1);
    this.colStamp = new Int32Array(cols);
    this.rowStamp = new Int32Array(rows);
  }

  /** The region around open column `c` under the selection `open` (1 = open). */
  around(c: number, open: ArrayLike<number>, max = REGION_SITES): Region {
    const { ptr, idx, cptr, cidx, fixed, local, colStamp, rowStamp } = this;
    const stamp = ++this.stamp;
    const F: number[] = [c];
    colStamp[c] = stamp;
    const expand = (s: number) => {
      for (let k = cptr[s]; k < cptr[s + 1] && F.length < max; k++) {
        const i = cidx[k];
        for (let q = ptr[i]; q < ptr[i + 1] && F.length < max; q++) {
          const j = idx[q];
          if (colStamp[j] === stamp || (fixed && fixed[j])) continue;
          colStamp[j] = stamp;
          F.push(j);
        }
      }
    };
    expand(c);
    const ring = F.length;
    for (let h = 1; h < ring && F.length < max; h++) expand(F[h]);
    for (let a = 0; a < F.length; a++) local[F[a]] = a;
    const rows: number[] = [];
    const rp: number[] = [0];
    const ri: number[] = [];
    const row: number[] = [];
    for (const s of F) {
      for (let k = cptr[s]; k < cptr[s + 1]; k++) {
        const i = cidx[k];
        if (rowStamp[i] === stamp) continue;
        rowStamp[i] = stamp;
        let outside = false;
        for (let q = ptr[i]; q < ptr[i + 1]; q++) if (open[idx[q]] && local[idx[q]] < 0) {
          outside = true;
          break;
        }
        if (outside) continue;
        row.length = 0;
        for (let q = ptr[i]; q < ptr[i + 1]; q++) if (local[idx[q]] >= 0) row.push(local[idx[q]]);
        row.sort((a, b) => a - b);
        for (const a of row) ri.push(a);
        rows.push(i);
        rp.push(ri.length);
      }
    }
    for (const s of F) local[s] = -1;
    return { cols: F, rows, ptr: Uint32Array.from(rp), idx: Uint32Array.from(ri) };
  }
}

/**
 * The region search's loop: centres are the open columns (not `fixed`), in a seeded random order;
 * `attempt(c)` solves the region around c and returns whether it improved (and updated `open`),
 * after which every open column is a centre again. Stops when every open column has been a centre
 * since the last improvement, at `until` (ms, `now()`) or at the run's limits.
 */
export function searchRegions(
  open: ArrayLike<number>, fixed: ArrayLike<number> | null, ctx: RunContext, until: number, attempt: (c: number) => boolean,
): { regions: number; improved: number } {
  const rand = mulberry32(ctx.seed + 7);
  const centres: number[] = [];
  const refill = () => {
    centres.length = 0;
    for (let j = 0; j < open.length; j++) if (open[j] && !(fixed && fixed[j])) centres.push(j);
    for (let a = centres.length - 1; a > 0; a--) {
      const b = Math.floor(rand() * (a + 1));
      [centres[a], centres[b]] = [centres[b], centres[a]];
    }
  };
  refill();
  let regions = 0;
  let improved = 0;
  while (centres.length > 0 && now() < until && !ctx.shouldStop()) {
    const c = centres.pop() as number;
    if (!open[c]) continue;
    regions++;
    if (attempt(c)) {
      improved++;
      refill();
    }
  }
  return { regions, improved };
}

/**
 * Sparse demand × site costs in compressed rows: demand i's sites are
 * `site[ptr[i] .. ptr[i + 1])` with costs `cost[...]`, sorted by cost (ties by site index).
 * A missing pair means "not reachable within the cutoff".
 */
export interface SparseCosts {
  readonly n: number;
  readonly m: number;
  readonly ptr: Int32Array;
  readonly site: Int32Array;
  readonly cost: Float64Array;
}

/**
 * Fills the rows of preallocated sparse costs from pairs that arrive in any row order (site by
 * site). Pairs are buffered, grouped by row in the buffer (a counting sort), and copied into the
 * rows in row order, each row's share in one run: the output is written nearly in memory order
 * instead of one scattered entry at a time. Within a row, pairs keep their arrival order.
 */
export class RowFiller {
  private readonly next: Int32Array;
  private readonly rowOf: Int32Array;
  private readonly siteOf: Int32Array;
  private readonly costOf: Float64Array;
  private readonly groupSite: Int32Array;
  private readonly groupCost: Float64Array;
  private readonly count: Int32Array;
  private size = 0;

  constructor(
    private readonly out: SparseCosts,
    capacity: number,
  ) {
    this.next = out.ptr.slice(0, out.n);
    this.rowOf = new Int32Array(capacity);
    this.siteOf = new Int32Array(capacity);
    this.costOf = new Float64Array(capacity);
    this.groupSite = new Int32Array(capacity);
    this.groupCost = new Float64Array(capacity);
    this.count = new Int32Array(out.n + 1);
  }

  /** Room for `k` more pairs before a flush is needed. */
  room(k: number): boolean {
    return this.size + k <= this.rowOf.length;
  }

  push(row: number, site: number, cost: number): void {
    const k = this.size++;
    this.rowOf[k] = row;
    this.siteOf[k] = site;
    this.costOf[k] = cost;
  }

  flush(): void {
    const { rowOf, siteOf, costOf, groupSite, groupCost, count, next, size } = this;
    const { site, cost } = this.out;
    const n = this.out.n;
    if (size === 0) return;
    count.fill(0);
    for (let k = 0; k < size; k++) count[rowOf[k] + 1]++;
    for (let i = 0; i < n; i++) count[i + 1] += count[i];
    for (let k = 0; k < size; k++) {
      const at = count[rowOf[k]]++;
      groupSite[at] = siteOf[k];
      groupCost[at] = costOf[k];
    }
    // count[i] is now the end of row i's group (its start: count[i - 1], or 0)
    let start = 0;
    for (let i = 0; i < n; i++) {
      const end = count[i];
      if (end > start) {
        let at = next[i];
        for (let k = start; k < end; k++, at++) {
          site[at] = groupSite[k];
          cost[at] = groupCost[k];
        }
        next[i] = at;
      }
      start = end;
    }
    this.size = 0;
  }
}

const SMALL = 24;
const CROWDED = 64;

/**
 * Sorts each row by (cost, site), costs finite. A bucket sort per row (as many buckets as
 * entries, over the row's cost range; stable, so entries of one bucket keep their order) and an
 * insertion pass that puts each bucket in exact order: linear time on spread-out costs. Rows
 * where many costs crowd into one bucket (clusters, repeated values) go to a comparison sort.
 */
export function sortRows(ptr: Int32Array, site: Int32Array, cost: Float64Array): void {
  const n = ptr.length - 1;
  let longest = 0;
  for (let i = 0; i < n; i++) longest = Math.max(longest, ptr[i + 1] - ptr[i]);
  const rs = new Int32Array(longest);
  const rc = new Float64Array(longest);
  const head = new Int32Array(longest + 1);
  const bucket = new Int32Array(longest);
  for (let i = 0; i < n; i++) {
    const a = ptr[i];
    const b = ptr[i + 1];
    const len = b - a;
    if (len < 2) continue;
    if (len <= SMALL) {
      insertion(site, cost, a, b);
      continue;
    }
    let lo = cost[a];
    let hi = lo;
    let sorted = true;
    for (let t = a + 1; t < b; t++) {
      const c = cost[t];
      if (c < lo) lo = c;
      if (c > hi) hi = c;
      if (c < cost[t - 1] || (c === cost[t - 1] && site[t] < site[t - 1])) sorted = false;
    }
    if (sorted) continue;
    const scale = len / (hi - lo);
    if (!(scale < Infinity)) {
      comparisonSort(site, cost, a, b, rs, rc);
      continue;
    }
    const top = len - 1;
    head.fill(0, 0, len + 1);
    for (let t = a; t < b; t++) {
      let q = ((cost[t] - lo) * scale) | 0;
      if (q > top) q = top;
      bucket[t - a] = q;
      head[q + 1]++;
    }
    let crowded = false;
    for (let q = 0; q < len; q++) {
      if (head[q + 1] > CROWDED) crowded = true;
      head[q + 1] += head[q];
    }
    if (crowded) {
      comparisonSort(site, cost, a, b, rs, rc);
      continue;
    }
    for (let t = a; t < b; t++) {
      const at = head[bucket[t - a]]++;
      rs[at] = site[t];
      rc[at] = cost[t];
    }
    // back into the row in bucket order; the insertion pass moves each entry past the few of its
    // bucket that must follow it
    site.set(rs.subarray(0, len), a);
    cost.set(rc.subarray(0, len), a);
    insertion(site, cost, a, b);
  }
}

/** Insertion sort of [a, b) by (cost, site): linear on nearly sorted rows. */
function insertion(site: Int32Array, cost: Float64Array, a: number, b: number): void {
  for (let t = a + 1; t < b; t++) {
    const s = site[t];
    const c = cost[t];
    let u = t - 1;
    if (cost[u] < c || (cost[u] === c && site[u] <= s)) continue;
    while (u >= a && (cost[u] > c || (cost[u] === c && site[u] > s))) {
      site[u + 1] = site[u];
      cost[u + 1] = cost[u];
      u--;
    }
    site[u + 1] = s;
    cost[u + 1] = c;
  }
}

function comparisonSort(site: Int32Array, cost: Float64Array, a: number, b: number, rs: Int32Array, rc: Float64Array): void {
  const len = b - a;
  const idx = Array.from({ length: len }, (_, t) => t);
  for (let t = 0; t < len; t++) {
    rs[t] = site[a + t];
    rc[t] = cost[a + t];
  }
  idx.sort((x, y) => rc[x] - rc[y] || rs[x] - rs[y]);
  for (let t = 0; t < len; t++) {
    site[a + t] = rs[idx[t]];
    cost[a + t] = rc[idx[t]];
  }
}

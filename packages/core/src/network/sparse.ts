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
 * site). The rows are cut into blocks of consecutive rows (a power of two of them, so that a
 * block's rows span about `BLOCK_PAIRS` pairs of the output); each block has its share of the
 * buffer, and a pair goes to its block's share, which is written into the block's rows when it
 * is full. The writes of a flush stay within one short stretch of the output (under a
 * megabyte: its rows' ends stay in cache, its pages in the TLB) instead of landing one scattered
 * entry at a time all over it. Within a row, pairs keep their arrival order.
 */
export class RowFiller {
  private readonly next: Int32Array;
  /** The buffer: pair k is row `ints[4k]`, site `ints[4k + 1]`, cost `flts[2k + 1]` (one stream of writes per block). */
  private readonly ints: Int32Array;
  private readonly flts: Float64Array;
  /** Per block: where its share of the buffer starts, and where its next pair goes. */
  private readonly start: Int32Array;
  private readonly fill: Int32Array;
  private readonly shift: number;
  private readonly share: number;

  /** `capacity`: pairs buffered in all; `blockPairs`: about how many pairs of the output a block spans. */
  constructor(
    private readonly out: SparseCosts,
    capacity: number,
    blockPairs = BLOCK_PAIRS,
  ) {
    const { n, ptr } = out;
    this.next = ptr.slice(0, n);
    const pairs = n > 0 ? ptr[n] : 0;
    // rows per block: a power of two, about blockPairs pairs a block (at most MAX_BLOCKS blocks)
    const perRow = pairs / Math.max(1, n);
    let shift = 0;
    while (shift < 30 && ((1 << shift) * perRow < blockPairs || Math.ceil(n / (1 << shift)) > MAX_BLOCKS)) shift++;
    const blocks = Math.max(1, Math.ceil(n / (1 << shift)));
    const share = Math.max(16, Math.floor(Math.max(1, capacity) / blocks));
    this.shift = shift;
    this.share = share;
    const buffer = new ArrayBuffer(16 * blocks * share);
    this.ints = new Int32Array(buffer);
    this.flts = new Float64Array(buffer);
    this.start = new Int32Array(blocks);
    for (let b = 0; b < blocks; b++) this.start[b] = b * share;
    this.fill = this.start.slice();
  }

  push(row: number, site: number, cost: number): void {
    const b = row >>> this.shift;
    let k = this.fill[b];
    if (k === this.start[b] + this.share) {
      this.flushBlock(b);
      k = this.start[b];
    }
    this.ints[4 * k] = row;
    this.ints[4 * k + 1] = site;
    this.flts[2 * k + 1] = cost;
    this.fill[b] = k + 1;
  }

  /** Writes every buffered pair into its row. */
  flush(): void {
    for (let b = 0; b < this.start.length; b++) this.flushBlock(b);
  }

  private flushBlock(b: number): void {
    const { ints, flts, next } = this;
    const { site, cost } = this.out;
    const end = this.fill[b];
    for (let k = this.start[b]; k < end; k++) {
      const at = next[ints[4 * k]]++;
      site[at] = ints[4 * k + 1];
      cost[at] = flts[2 * k + 1];
    }
    this.fill[b] = this.start[b];
  }
}

/** Pairs of the output a RowFiller block spans (about 0.75 MB of it). */
const BLOCK_PAIRS = 1 << 16;
const MAX_BLOCKS = 4096;

const SMALL = 24;
const CROWDED = 64;

/**
 * Sorts each row by (cost, site), costs finite. A bucket sort per row (about as many buckets as
 * entries, over the row's cost range; stable, so entries of one bucket keep their order) into a
 * scratch row, and an insertion pass back into the row that puts each bucket in exact order:
 * linear time on spread-out costs. Rows where many costs crowd into one bucket (clusters,
 * repeated values) go to a comparison sort.
 */
export function sortRows(ptr: Int32Array, site: Int32Array, cost: Float64Array): void {
  const n = ptr.length - 1;
  let longest = 0;
  for (let i = 0; i < n; i++) longest = Math.max(longest, ptr[i + 1] - ptr[i]);
  const rs = new Int32Array(longest);
  const rc = new Float64Array(longest);
  const head = new Int32Array(longest + 2);
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
    for (let t = a + 1; t < b; t++) {
      const c = cost[t];
      lo = c < lo ? c : lo;
      hi = c > hi ? c : hi;
    }
    const scale = len / (hi - lo);
    if (!(scale < Infinity)) {
      // all equal (or a range too narrow to split): by site
      comparisonSort(site, cost, a, b, rs, rc);
      continue;
    }
    // bucket q of an entry is ⌊(cost − lo)·scale⌋, at most len − 1; head[q + 1] counts them
    const top = len - 1;
    head.fill(0, 0, len + 1);
    for (let t = a; t < b; t++) {
      const q = Math.min(((cost[t] - lo) * scale) | 0, top);
      bucket[t - a] = q;
      head[q + 1]++;
    }
    let crowded = false;
    for (let q = 0; q < len; q++) {
      const h = head[q + 1];
      crowded ||= h > CROWDED;
      head[q + 1] = h + head[q];
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
    // back into the row in bucket order; the insertion pass moves each entry past the few of its bucket that must follow it
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

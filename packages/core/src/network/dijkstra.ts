import { IndexedMinHeap } from "../heap.js";
import type { Graph } from "./graph.js";

/**
 * Dijkstra's shortest paths on a CSR graph, multi-source, stopped at a cutoff: an indexed binary
 * heap (`IndexedMinHeap`, decrease-key in place), so a run allocates nothing. Reused across runs; each run resets only the nodes the previous touched.
 *
 * After `run`, `order[0 .. settled)` lists the nodes reached within the cutoff in order of
 * distance, `orderDist` their distances, `dist[u]` holds them by node (Infinity elsewhere) and
 * `pred[u]` the arc (index into the graph's arcs) of u's shortest path, -1 for a source.
 */
export class ShortestPaths {
  readonly dist: Float64Array;
  readonly order: Int32Array;
  readonly orderDist: Float64Array;
  readonly pred: Int32Array;
  settled = 0;
  private readonly heap: IndexedMinHeap;
  private readonly touched: Int32Array;
  private touchedCount = 0;

  constructor(readonly nodeCount: number) {
    this.dist = new Float64Array(nodeCount).fill(Infinity);
    this.order = new Int32Array(nodeCount);
    this.orderDist = new Float64Array(nodeCount);
    this.pred = new Int32Array(nodeCount);
    this.heap = new IndexedMinHeap(nodeCount);
    this.touched = new Int32Array(nodeCount);
  }

  /**
   * Shortest distances from the sources (node `sources[k]` starting at cost `start[k]`, for k <
   * `count`) over the graph's `length` (metres) or `time` (minutes), keeping nodes at distance ≤
   * cutoff. Returns the number of nodes settled.
   */
  run(graph: Graph, by: "length" | "time", sources: ArrayLike<number>, start: ArrayLike<number>, count: number, cutoff: number): number {
    const weight = graph[by];
    if (!weight) throw new Error(`the graph has no ${by} weights`);
    if (graph.nodeCount > this.nodeCount) throw new Error(`a graph of ${graph.nodeCount} nodes on paths sized for ${this.nodeCount}`);
    const { dist, heap, order, orderDist, pred, touched } = this;
    const pos = heap.pos;
    for (let k = 0; k < this.touchedCount; k++) {
      const u = touched[k];
      dist[u] = Infinity;
      heap.forget(u);
    }
    this.touchedCount = 0;
    let tc = 0;
    for (let k = 0; k < count; k++) {
      const u = sources[k];
      const d = start[k];
      if (!(d <= cutoff) || !(d < dist[u])) continue;
      pred[u] = -1;
      if (pos[u] === IndexedMinHeap.OUT) touched[tc++] = u;
      dist[u] = d;
      heap.push(u, d);
    }
    const { offsets, targets } = graph;
    let settled = 0;
    while (heap.size > 0) {
      const u = heap.pop();
      const du = heap.lastKey;
      orderDist[settled] = du;
      order[settled++] = u;
      for (let e = offsets[u], end = offsets[u + 1]; e < end; e++) {
        const v = targets[e];
        const nd = du + weight[e];
        if (nd > cutoff || nd >= dist[v]) continue;
        const pv = pos[v];
        if (pv === IndexedMinHeap.POPPED) continue;
        if (pv === IndexedMinHeap.OUT) touched[tc++] = v;
        dist[v] = nd;
        pred[v] = e;
        heap.push(v, nd);
      }
    }
    this.touchedCount = tc;
    this.settled = settled;
    return settled;
  }
}

/** At most this many buckets for a `BucketPaths` (else the binary heap is used). */
const MAX_BUCKETS = 1 << 20;

/**
 * Dijkstra's shortest paths stopped at a cutoff, with a bucket queue instead of a heap (Dial's
 * algorithm with buckets of width δ just under the graph's lightest arc): a node's distance can
 * then only come from nodes of earlier buckets, so the nodes of one bucket are settled in any
 * order and the queue needs no ordering work — a push or a pop is a few array writes. For graphs
 * whose arcs all weigh more than 0 and a finite cutoff spanning at most about a million buckets
 * (`BucketPaths.for` returns null otherwise).
 *
 * Same results as `ShortestPaths.run` (`dist`, and `pred` up to exact ties), except that
 * `order[0 .. settled)` is in order of distance only bucket by bucket: a node comes after every
 * node at least δ nearer, and after its shortest-path parent. Reused across runs.
 */
export class BucketPaths {
  readonly dist: Float64Array;
  readonly order: Int32Array;
  readonly pred: Int32Array;
  settled = 0;
  /** Per bucket: its first entry (-1: none); entries form a list through their next entries. */
  private readonly head: Int32Array;
  /** Entry x: node `entries[2x]`, next entry of its bucket `entries[2x + 1]`. */
  private entries: Int32Array;
  private readonly done: Uint8Array;
  private readonly weight: Float64Array;

  /** A bucket queue for searches over `graph`'s `by` weights up to `cutoff`, or null when its arcs are not all heavier than 0 or the cutoff spans too many buckets. */
  static for(graph: Graph, by: "length" | "time", cutoff: number): BucketPaths | null {
    const weight = graph[by];
    if (!weight) throw new Error(`the graph has no ${by} weights`);
    let least = Infinity;
    for (let e = 0; e < weight.length; e++) if (!(weight[e] >= least)) least = weight[e];
    if (!(least > 0) || !(cutoff >= 0 && cutoff < Infinity)) return null;
    // a bucket a hair narrower than the lightest arc: an arc's head always lands in a later
    // bucket than its tail, rounding included (far inside the margin for ≤ MAX_BUCKETS buckets)
    const inv = (1 + 1e-6) / least;
    const buckets = Math.floor(cutoff * inv) + 1;
    if (!(buckets <= MAX_BUCKETS)) return null;
    return new BucketPaths(graph, weight, cutoff, inv, buckets);
  }

  private constructor(
    private readonly graph: Graph,
    weight: Float64Array,
    private readonly cutoff: number,
    private readonly inv: number,
    buckets: number,
  ) {
    const n = graph.nodeCount;
    this.weight = weight;
    this.dist = new Float64Array(n).fill(Infinity);
    this.order = new Int32Array(n);
    this.pred = new Int32Array(n);
    this.done = new Uint8Array(n);
    this.head = new Int32Array(buckets).fill(-1);
    this.entries = new Int32Array(2 * (graph.targets.length + 2));
  }

  /**
   * Shortest distances from the sources (node `sources[k]` starting at cost `start[k]` ≥ 0, for
   * k < `count`), keeping nodes at distance ≤ the cutoff. Returns the number of nodes settled.
   */
  run(sources: ArrayLike<number>, start: ArrayLike<number>, count: number): number {
    const { dist, done, order, pred, head, inv, weight, cutoff } = this;
    const { offsets, targets } = this.graph;
    const buckets = head.length;
    for (let k = 0; k < count; k++) if (start[k] < 0) throw new RangeError(`a start cost below 0: ${start[k]}`);
    // every node the last run gave a distance was settled (the queue runs dry), so its order
    // lists all there is to reset
    for (let k = 0; k < this.settled; k++) {
      const u = order[k];
      dist[u] = Infinity;
      done[u] = 0;
    }
    this.settled = 0;
    // every improvement of a distance adds an entry: at most one per arc, plus the sources
    const need = targets.length + count;
    if (2 * need > this.entries.length) this.entries = new Int32Array(2 * need);
    const list = this.entries;
    let entries = 0;
    let pending = 0;
    let cur = buckets;
    for (let k = 0; k < count; k++) {
      const u = sources[k];
      const d = start[k];
      if (!(d <= cutoff) || !(d < dist[u])) continue;
      const b = (d * inv) | 0;
      dist[u] = d;
      pred[u] = -1;
      list[2 * entries] = u;
      list[2 * entries + 1] = head[b];
      head[b] = entries++;
      pending++;
      if (b < cur) cur = b;
    }
    let settled = 0;
    while (pending > 0) {
      while (head[cur] < 0) cur++;
      const x = head[cur];
      head[cur] = list[2 * x + 1];
      pending--;
      const u = list[2 * x];
      if (done[u] === 1) continue;
      done[u] = 1;
      order[settled++] = u;
      const du = dist[u];
      for (let e = offsets[u], end = offsets[u + 1]; e < end; e++) {
        const v = targets[e];
        const nd = du + weight[e];
        if (nd > cutoff || nd >= dist[v]) continue;
        // nd ≤ cutoff, so b < buckets; and b > cur (δ is under every arc's weight)
        const b = (nd * inv) | 0;
        dist[v] = nd;
        pred[v] = e;
        list[2 * entries] = v;
        list[2 * entries + 1] = head[b];
        head[b] = entries++;
        pending++;
      }
    }
    this.settled = settled;
    return settled;
  }
}

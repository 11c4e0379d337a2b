import type { Graph } from "./graph.js";

const UNSEEN = -1;
const SETTLED = -2;

/**
 * Dijkstra's shortest paths on a CSR graph, multi-source, stopped at a cutoff: a binary heap of
 * node ids with their keys in parallel typed arrays and a position index for decrease-key, so a
 * run allocates nothing. Reused across runs; each run resets only the nodes the previous touched.
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
  private readonly heap: Int32Array;
  private readonly key: Float64Array;
  private readonly pos: Int32Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;

  constructor(readonly nodeCount: number) {
    this.dist = new Float64Array(nodeCount).fill(Infinity);
    this.order = new Int32Array(nodeCount);
    this.orderDist = new Float64Array(nodeCount);
    this.pred = new Int32Array(nodeCount);
    this.heap = new Int32Array(nodeCount);
    this.key = new Float64Array(nodeCount);
    this.pos = new Int32Array(nodeCount).fill(UNSEEN);
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
    const { dist, pos, heap, key, order, orderDist, pred, touched } = this;
    for (let k = 0; k < this.touchedCount; k++) {
      const u = touched[k];
      dist[u] = Infinity;
      pos[u] = UNSEEN;
    }
    this.touchedCount = 0;
    let tc = 0;
    let size = 0;
    for (let k = 0; k < count; k++) {
      const u = sources[k];
      const d = start[k];
      if (!(d <= cutoff) || !(d < dist[u])) continue;
      pred[u] = -1;
      if (pos[u] === UNSEEN) {
        touched[tc++] = u;
        dist[u] = d;
        this.siftUp(size++, u, d);
      } else {
        dist[u] = d;
        this.siftUp(pos[u], u, d);
      }
    }
    const { offsets, targets } = graph;
    let settled = 0;
    while (size > 0) {
      // pop the minimum
      const u = heap[0];
      const du = key[0];
      pos[u] = SETTLED;
      orderDist[settled] = du;
      order[settled++] = u;
      size--;
      if (size > 0) {
        const last = heap[size];
        const lk = key[size];
        // sift the last element down from the root
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= size) break;
          if (c + 1 < size && key[c + 1] < key[c]) c++;
          if (key[c] >= lk) break;
          heap[i] = heap[c];
          key[i] = key[c];
          pos[heap[i]] = i;
          i = c;
        }
        heap[i] = last;
        key[i] = lk;
        pos[last] = i;
      }
      for (let e = offsets[u], end = offsets[u + 1]; e < end; e++) {
        const v = targets[e];
        const nd = du + weight[e];
        if (nd > cutoff || nd >= dist[v]) continue;
        const pv = pos[v];
        if (pv === SETTLED) continue;
        dist[v] = nd;
        pred[v] = e;
        if (pv === UNSEEN) {
          touched[tc++] = v;
          this.siftUp(size++, v, nd);
        } else this.siftUp(pv, v, nd);
      }
    }
    this.touchedCount = tc;
    this.settled = settled;
    return settled;
  }

  /** Places node u with key k at heap slot i (free, or u's own) and moves it up. */
  private siftUp(i: number, u: number, k: number): void {
    const { heap, key, pos } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (key[p] <= k) break;
      heap[i] = heap[p];
      key[i] = key[p];
      pos[heap[i]] = i;
      i = p;
    }
    heap[i] = u;
    key[i] = k;
    pos[u] = i;
  }
}

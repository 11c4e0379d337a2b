/**
 * Maximum flow by Dinic's algorithm on typed arrays: arcs added once (`addArc`), then `solve` from
 * a source to a sink. After `solve`, `sourceSide` marks the nodes reachable from the source in the
 * residual graph — the source side of a minimum cut (the set whose demand its neighbourhood cannot
 * hold, in a transportation check). Capacities are doubles; flows below `EPS` count as zero.
 */
const EPS = 1e-9;

export class MaxFlow {
  private head: Int32Array;
  private next: Int32Array;
  private to: Int32Array;
  private cap: Float64Array;
  private arcs = 0;
  private readonly level: Int32Array;
  private readonly iter: Int32Array;
  private readonly queue: Int32Array;
  /** The augmenting path's arcs (at most one per level: fewer than `nodes`). */
  private readonly path: Int32Array;
  /** After `solve`: 1 for the nodes on the source side of a minimum cut. */
  readonly sourceSide: Uint8Array;

  constructor(readonly nodes: number, arcsHint = 16) {
    this.head = new Int32Array(nodes).fill(-1);
    const size = Math.max(16, 2 * arcsHint);
    this.next = new Int32Array(size);
    this.to = new Int32Array(size);
    this.cap = new Float64Array(size);
    this.level = new Int32Array(nodes);
    this.iter = new Int32Array(nodes);
    this.queue = new Int32Array(nodes);
    this.path = new Int32Array(nodes);
    this.sourceSide = new Uint8Array(nodes);
  }

  /** An arc u → v with capacity c (Infinity allowed). Returns its index (its flow: `flowOf`). */
  addArc(u: number, v: number, c: number): number {
    if (this.arcs + 2 > this.to.length) {
      const size = 2 * this.to.length;
      const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => {
        b.set(a);
        return b;
      };
      this.next = grow(this.next, new Int32Array(size));
      this.to = grow(this.to, new Int32Array(size));
      this.cap = grow(this.cap, new Float64Array(size));
    }
    const e = this.arcs;
    this.to[e] = v;
    this.cap[e] = c;
    this.next[e] = this.head[u];
    this.head[u] = e;
    this.to[e + 1] = u;
    this.cap[e + 1] = 0;
    this.next[e + 1] = this.head[v];
    this.head[v] = e + 1;
    this.arcs += 2;
    return e;
  }

  /** Capacity left on arc `e`. */
  residual(e: number): number {
    return this.cap[e];
  }

  /** Sends `f` (≤ the residual) along arc `e` before `solve` — e.g. a greedy start, which `solve` completes. */
  push(e: number, f: number): void {
    this.cap[e] -= f;
    this.cap[e ^ 1] += f;
  }

  /** Flow on arc `e` (as returned by `addArc`) after `solve`. */
  flowOf(e: number): number {
    return this.cap[e + 1];
  }

  private bfs(s: number, t: number): boolean {
    const { level, queue, head, next, to, cap } = this;
    level.fill(-1);
    level[s] = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = s;
    while (qh < qt) {
      const u = queue[qh++];
      for (let e = head[u]; e >= 0; e = next[e]) {
        const v = to[e];
        if (cap[e] > EPS && level[v] < 0) {
          level[v] = level[u] + 1;
          queue[qt++] = v;
        }
      }
    }
    return level[t] >= 0;
  }

  /** One augmenting path in the level graph (iterative), its flow; 0 when none is left. */
  private augment(s: number, t: number): number {
    const { level, iter, next, to, cap, path } = this;
    let len = 0;
    let u = s;
    for (;;) {
      if (u === t) {
        let f = Infinity;
        for (let k = 0; k < len; k++) if (cap[path[k]] < f) f = cap[path[k]];
        for (let k = 0; k < len; k++) {
          cap[path[k]] -= f;
          cap[path[k] ^ 1] += f;
        }
        return f;
      }
      let e = iter[u];
      while (e >= 0 && !(cap[e] > EPS && level[to[e]] === level[u] + 1)) e = next[e];
      iter[u] = e;
      if (e >= 0) {
        path[len++] = e;
        u = to[e];
        continue;
      }
      // dead end: retreat
      level[u] = -1;
      if (len === 0) return 0;
      const back = path[--len];
      u = to[back ^ 1];
      iter[u] = next[iter[u]];
    }
  }

  /**
   * The maximum flow from s to t added by this call to what `push` already sent (optionally stopped
   * early by `stop`, returning the flow so far).
   */
  solve(s: number, t: number, stop: () => boolean = () => false): number {
    let flow = 0;
    while (this.bfs(s, t)) {
      this.iter.set(this.head);
      for (let f = this.augment(s, t); f > 0; f = this.augment(s, t)) flow += f;
      if (stop()) break;
    }
    // the residual graph's source side
    this.bfs(s, t);
    for (let v = 0; v < this.nodes; v++) this.sourceSide[v] = this.level[v] >= 0 ? 1 : 0;
    return flow;
  }
}

/**
 * A residual graph on typed arrays, shared by the flows (`MaxFlow`; cflp's min-cost `SplitFlow`):
 * arc e and its reverse e ^ 1, adjacency lists by `head`/`next`, capacities `cap` (a reverse arc's
 * `cap` is its arc's flow). With `priced`, each arc also carries a `cost` (its reverse −cost) and a
 * `tag` (the caller's label, e.g. a pair index; −1 on reverses). Grows as arcs are added (read the
 * arrays after adding: growth replaces them); `reset` empties it for the next build.
 */
export class ResidualGraph {
  readonly head: Int32Array;
  next: Int32Array;
  to: Int32Array;
  cap: Float64Array;
  /** Per arc (when `priced`; else empty): its cost per unit. */
  cost: Float64Array;
  /** Per arc (when `priced`; else empty): the caller's label. */
  tag: Int32Array;
  /** Arcs added, reverses included. */
  arcs = 0;

  constructor(nodes: number, arcsHint = 16, private readonly priced = false) {
    this.head = new Int32Array(nodes).fill(-1);
    const size = Math.max(32, 2 * arcsHint);
    this.next = new Int32Array(size);
    this.to = new Int32Array(size);
    this.cap = new Float64Array(size);
    this.cost = new Float64Array(priced ? size : 0);
    this.tag = new Int32Array(priced ? size : 0);
  }

  /** No arcs (the arrays are kept for the next build). */
  reset(): void {
    this.head.fill(-1);
    this.arcs = 0;
  }

  /** An arc u → v with capacity c (Infinity allowed) and, when priced, its cost and tag: its index. */
  addArc(u: number, v: number, c: number, cost = 0, tag = -1): number {
    const e = this.arcs;
    if (e + 2 > this.to.length) this.grow(2 * this.to.length);
    this.to[e] = v;
    this.cap[e] = c;
    this.next[e] = this.head[u];
    this.head[u] = e;
    this.to[e + 1] = u;
    this.cap[e + 1] = 0;
    this.next[e + 1] = this.head[v];
    this.head[v] = e + 1;
    if (this.priced) {
      this.cost[e] = cost;
      this.cost[e + 1] = -cost;
      this.tag[e] = tag;
      this.tag[e + 1] = -1;
    }
    this.arcs += 2;
    return e;
  }

  /** Sends f along arc e (f ≤ its residual capacity). */
  push(e: number, f: number): void {
    this.cap[e] -= f;
    this.cap[e ^ 1] += f;
  }

  private grow(size: number): void {
    const copy = <T extends Int32Array | Float64Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.next = copy(this.next, new Int32Array(size));
    this.to = copy(this.to, new Int32Array(size));
    this.cap = copy(this.cap, new Float64Array(size));
    if (this.priced) {
      this.cost = copy(this.cost, new Float64Array(size));
      this.tag = copy(this.tag, new Int32Array(size));
    }
  }
}

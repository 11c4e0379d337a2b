/**
 * Maximum flow by Dinic's algorithm on a `ResidualGraph`: arcs added once (`addArc`), then `solve` from
 * a source to a sink. After `solve`, `sourceSide` marks the nodes reachable from the source in the
 * residual graph — the source side of a minimum cut (the set whose demand its neighbourhood cannot
 * hold, in a transportation check). Capacities are doubles; flows below `EPS` count as zero.
 */
import { ResidualGraph } from "./residual.js";

const EPS = 1e-9;

export class MaxFlow {
  private readonly g: ResidualGraph;
  private readonly level: Int32Array;
  private readonly iter: Int32Array;
  private readonly queue: Int32Array;
  /** The augmenting path's arcs (at most one per level: fewer than `nodes`). */
  private readonly path: Int32Array;
  /** After `solve`: 1 for the nodes on the source side of a minimum cut. */
  readonly sourceSide: Uint8Array;

  constructor(readonly nodes: number, arcsHint = 16) {
    this.g = new ResidualGraph(nodes, arcsHint);
    this.level = new Int32Array(nodes);
    this.iter = new Int32Array(nodes);
    this.queue = new Int32Array(nodes);
    this.path = new Int32Array(nodes);
    this.sourceSide = new Uint8Array(nodes);
  }

  /** An arc u → v with capacity c (Infinity allowed). Returns its index (its flow: `flowOf`). */
  addArc(u: number, v: number, c: number): number {
    return this.g.addArc(u, v, c);
  }

  /** Capacity left on arc `e`. */
  residual(e: number): number {
    return this.g.cap[e];
  }

  /** Sends `f` (≤ the residual) along arc `e` before `solve` — e.g. a greedy start, which `solve` completes. */
  push(e: number, f: number): void {
    this.g.push(e, f);
  }

  /** Flow on arc `e` (as returned by `addArc`) after `solve`. */
  flowOf(e: number): number {
    return this.g.cap[e + 1];
  }

  private bfs(s: number, t: number): boolean {
    const { level, queue } = this;
    const { head, next, to, cap } = this.g;
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
    const { level, iter, path } = this;
    const { next, to, cap } = this.g;
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
      this.iter.set(this.g.head);
      for (let f = this.augment(s, t); f > 0; f = this.augment(s, t)) flow += f;
      if (stop()) break;
    }
    // the residual graph's source side
    this.bfs(s, t);
    for (let v = 0; v < this.nodes; v++) this.sourceSide[v] = this.level[v] >= 0 ? 1 : 0;
    return flow;
  }
}

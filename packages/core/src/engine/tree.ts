/**
 * The branch-and-bound loop of the Lagrangian engines (p-median, MCLP, set covering depth-first;
 * cflp best-first): each engine supplies how a node is bounded and branched (its relaxation,
 * fixing and branching rule), the loop the rest — the queue of open nodes, pruning against the
 * incumbent, the limits between nodes, and the open nodes whose bounds make the proven bound when
 * the limits stop the search.
 *
 * Depth-first where the engines find good incumbents before the tree (heuristics, Lagrangian and
 * primal–dual polishing at the root), so the tree's work is proving, where the order of the nodes
 * matters less than their memory: a stack holds O(depth) nodes with their multipliers. Best-first
 * (least bound first) for cflp, whose incumbents come from the local search between nodes.
 */
export interface TreeSearch<N> {
  /** The node's bound (a lower bound when minimising, an upper bound when maximising). */
  bound(node: N): number;
  /** Can a subtree with this bound hold something strictly better than the incumbent? */
  beats(bound: number): boolean;
  /** The limits, checked between nodes (true: stop). */
  shouldStop(): boolean;
  /**
   * Bounds, fixes and branches one node: its children (the first explored first), null when the
   * node is settled (pruned, infeasible or a leaf), "stopped" when the limits cut it short (its
   * bound field then holds the best bound reached).
   */
  process(node: N): N[] | null | "stopped";
  /** After a node: the search ends now (a decision query answered). */
  done?(): boolean;
  /** After a node was processed (progress reports, traces): `nodes` processed so far, `open` waiting. */
  after?(node: N, nodes: number, open: number): void;
}

export interface TreeResult<N> {
  /** The limits stopped the search (not `done`, not exhausted). */
  stopped: boolean;
  /** `done` ended it. */
  done: boolean;
  /** Nodes processed. */
  nodes: number;
  /** When stopped: the nodes not searched, the one cut short included. */
  open: N[];
}

/** The open nodes: which one the loop takes next. */
export interface NodeQueue<N> {
  readonly size: number;
  /** Adds a node's children, the first to explore first. */
  pushChildren(kids: readonly N[]): void;
  push(node: N): void;
  pop(): N;
  items(): N[];
}

/** Depth-first: a stack. */
export class NodeStack<N> implements NodeQueue<N> {
  private readonly a: N[] = [];
  get size(): number {
    return this.a.length;
  }
  push(node: N): void {
    this.a.push(node);
  }
  pushChildren(kids: readonly N[]): void {
    for (let k = kids.length - 1; k >= 0; k--) this.a.push(kids[k]);
  }
  pop(): N {
    return this.a.pop() as N;
  }
  items(): N[] {
    return this.a;
  }
}

/** Best-first: a binary heap by `less` (the node to take first is the least). */
export class NodeHeap<N> implements NodeQueue<N> {
  private readonly a: N[] = [];
  constructor(private readonly less: (x: N, y: N) => boolean) {}
  get size(): number {
    return this.a.length;
  }
  pushChildren(kids: readonly N[]): void {
    for (const k of kids) this.push(k);
  }
  push(node: N): void {
    const a = this.a;
    a.push(node);
    let k = a.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!this.less(a[k], a[p])) break;
      [a[k], a[p]] = [a[p], a[k]];
      k = p;
    }
  }
  pop(): N {
    const a = this.a;
    const top = a[0];
    const last = a.pop() as N;
    if (a.length) {
      a[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let b = k;
        if (l < a.length && this.less(a[l], a[b])) b = l;
        if (r < a.length && this.less(a[r], a[b])) b = r;
        if (b === k) break;
        [a[k], a[b]] = [a[b], a[k]];
        k = b;
      }
    }
    return top;
  }
  items(): N[] {
    return this.a;
  }
}

/** The loop: takes nodes from `queue` (which holds the root) until it is empty, the limits stop it, or `done`. */
export function branchAndBound<N>(queue: NodeQueue<N>, s: TreeSearch<N>): TreeResult<N> {
  let nodes = 0;
  while (queue.size > 0) {
    const node = queue.pop();
    if (!s.beats(s.bound(node))) continue;
    if (s.shouldStop()) {
      queue.push(node);
      return { stopped: true, done: false, nodes, open: queue.items() };
    }
    nodes++;
    const kids = s.process(node);
    if (kids === "stopped") {
      queue.push(node);
      return { stopped: true, done: false, nodes, open: queue.items() };
    }
    if (s.done?.()) return { stopped: false, done: true, nodes, open: [] };
    if (kids) queue.pushChildren(kids);
    s.after?.(node, nodes, queue.size);
  }
  return { stopped: false, done: false, nodes, open: [] };
}

/** `branchAndBound` depth-first from `root`. */
export function depthFirst<N>(root: N, s: TreeSearch<N>): TreeResult<N> {
  const q = new NodeStack<N>();
  q.push(root);
  return branchAndBound(q, s);
}

/**
 * The weakest bound among open nodes that still beat the incumbent — the bound the stopped search
 * proves — or `incumbent` when none does; "min": a minimisation (least lower bound), "max": the
 * greatest upper bound.
 */
export function openBound<N>(open: readonly N[], s: Pick<TreeSearch<N>, "bound" | "beats">, incumbent: number, sense: "min" | "max"): number {
  let b = incumbent;
  for (const node of open) {
    const v = s.bound(node);
    if (!s.beats(v)) continue;
    if (sense === "min" ? v < b : v > b) b = v;
  }
  return b;
}

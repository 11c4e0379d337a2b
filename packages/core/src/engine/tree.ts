/**
 * The depth-first branch-and-bound loop of the Lagrangian engines (p-median, MCLP, set covering):
 * each engine supplies how a node is bounded and branched (its relaxation, fixing and branching
 * rule), the loop the rest — the stack, pruning against the incumbent, the limits between nodes,
 * and the open nodes whose bounds make the proven bound when the limits stop the search.
 *
 * Depth-first because these engines find good incumbents before the tree (heuristics, Lagrangian
 * and primal–dual polishing at the root), so the tree's work is proving, where the order of the
 * nodes matters less than their memory: a stack holds O(depth) nodes with their multipliers.
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
  /** After a node was processed (progress reports, traces); `open` nodes wait on the stack. */
  after?(node: N, open: number): void;
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

export function depthFirst<N>(root: N, s: TreeSearch<N>): TreeResult<N> {
  const stack: N[] = [root];
  let nodes = 0;
  while (stack.length > 0) {
    const node = stack.pop() as N;
    if (!s.beats(s.bound(node))) continue;
    if (s.shouldStop()) {
      stack.push(node);
      return { stopped: true, done: false, nodes, open: stack };
    }
    nodes++;
    const kids = s.process(node);
    if (kids === "stopped") {
      stack.push(node);
      return { stopped: true, done: false, nodes, open: stack };
    }
    if (s.done?.()) return { stopped: false, done: true, nodes, open: [] };
    if (kids) for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]);
    s.after?.(node, stack.length);
  }
  return { stopped: false, done: false, nodes, open: [] };
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

/**
 * A directed graph in compressed sparse rows (CSR): the arcs leaving node u are
 * `offsets[u] .. offsets[u + 1]` of `targets` (their heads) and of each weight array.
 * Weights are parallel Float64Arrays: `length` in metres, `time` in minutes (or null).
 */
export interface Graph {
  readonly nodeCount: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly length: Float64Array;
  readonly time: Float64Array | null;
}

/** Builds a CSR graph from arc lists (tail, head, weights), arcs of a node kept in input order. */
export function graphFromArcs(nodeCount: number, tail: Int32Array, head: Int32Array, length: Float64Array, time: Float64Array | null): Graph {
  const arcs = tail.length;
  const offsets = new Int32Array(nodeCount + 1);
  for (let e = 0; e < arcs; e++) offsets[tail[e] + 1]++;
  for (let u = 0; u < nodeCount; u++) offsets[u + 1] += offsets[u];
  const fill = offsets.slice(0, nodeCount);
  const targets = new Int32Array(arcs);
  const len = new Float64Array(arcs);
  const tim = time ? new Float64Array(arcs) : null;
  for (let e = 0; e < arcs; e++) {
    const k = fill[tail[e]]++;
    targets[k] = head[e];
    len[k] = length[e];
    if (tim) tim[k] = (time as Float64Array)[e];
  }
  return { nodeCount, offsets, targets, length: len, time: tim };
}

/** The same graph with every arc turned round (u → v becomes v → u, same weights). */
export function reverseGraph(g: Graph): Graph {
  const n = g.nodeCount;
  const arcs = g.targets.length;
  const tail = new Int32Array(arcs);
  for (let u = 0; u < n; u++) for (let k = g.offsets[u]; k < g.offsets[u + 1]; k++) tail[k] = u;
  return graphFromArcs(n, g.targets, tail, g.length, g.time);
}

/**
 * Where the arcs of `reverseGraph(g)` come from: its arc k is arc `origin[k]` of g turned round
 * (both numbered in CSR order).
 */
export function reversedArcOrigin(g: Graph): Int32Array {
  const n = g.nodeCount;
  const arcs = g.targets.length;
  const fill = new Int32Array(n + 1);
  for (let e = 0; e < arcs; e++) fill[g.targets[e] + 1]++;
  for (let u = 0; u < n; u++) fill[u + 1] += fill[u];
  const origin = new Int32Array(arcs);
  for (let e = 0; e < arcs; e++) origin[fill[g.targets[e]]++] = e;
  return origin;
}

/**
 * Weakly connected components (arcs taken as undirected) by union–find over the edge list:
 * `component[u]` numbers the components 0.. in order of their smallest node.
 */
export function weakComponents(nodeCount: number, a: Int32Array, b: Int32Array): { count: number; component: Int32Array } {
  const parent = new Int32Array(nodeCount);
  for (let u = 0; u < nodeCount; u++) parent[u] = u;
  const find = (u: number): number => {
    while (parent[u] !== u) {
      parent[u] = parent[parent[u]];
      u = parent[u];
    }
    return u;
  };
  for (let e = 0; e < a.length; e++) {
    const ra = find(a[e]);
    const rb = find(b[e]);
    if (ra !== rb) {
      if (ra < rb) parent[rb] = ra;
      else parent[ra] = rb;
    }
  }
  const component = new Int32Array(nodeCount).fill(-1);
  let count = 0;
  for (let u = 0; u < nodeCount; u++) {
    const r = find(u);
    if (component[r] < 0) component[r] = count++;
    component[u] = component[r];
  }
  return { count, component };
}

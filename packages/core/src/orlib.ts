import { ScenarioError } from "./errors.js";
import { scenarioFromCostMatrix, type Scenario } from "./scenario.js";

/** An OR-Library p-median instance: the scenario (every vertex a demand point of weight 1 and a site) and its p. */
export interface OrlibInstance {
  scenario: Scenario;
  p: number;
  n: number;
  edges: number;
}

/**
 * Reads an OR-Library `pmedN.txt` file: first line `n m p`, then m lines `i j c` (1-based,
 * undirected). Costs are all-pairs shortest paths (Dijkstra from every vertex). When a vertex pair
 * is listed more than once, the **last** line wins (this reproduces the published optima).
 */
export function readOrlibPmedian(text: string): OrlibInstance {
  const tok = text.trim().split(/\s+/);
  const num = (k: number, what: string): number => {
    const v = Number(tok[k]);
    if (tok[k] === undefined || !Number.isFinite(v)) {
      throw new ScenarioError([{ path: `token ${k + 1}`, message: `expected a number (${what})`, value: tok[k] }], "invalid OR-Library p-median file");
    }
    return v;
  };
  const n = num(0, "n, the number of vertices");
  const m = num(1, "the number of edges");
  const p = num(2, "p, the number of medians");
  if (!Number.isInteger(n) || n < 1) throw new ScenarioError([{ path: "header.n", message: "expected an integer ≥ 1", value: n }], "invalid OR-Library p-median file");
  if (!Number.isInteger(p) || p < 1 || p > n) throw new ScenarioError([{ path: "header.p", message: `expected an integer in [1, ${n}]`, value: p }], "invalid OR-Library p-median file");
  if (tok.length < 3 + 3 * m) throw new ScenarioError([{ path: "edges", message: `expected ${m} edges (${3 * m} numbers)`, value: `${tok.length - 3} numbers` }], "invalid OR-Library p-median file");
  // last line wins: a map keyed by the unordered pair
  const edge = new Map<number, number>();
  for (let e = 0; e < m; e++) {
    const a = num(3 + 3 * e, "edge endpoint") - 1;
    const b = num(4 + 3 * e, "edge endpoint") - 1;
    const c = num(5 + 3 * e, "edge cost");
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= n || b >= n) {
      throw new ScenarioError([{ path: `edges[${e}]`, message: `expected vertices in 1..${n}`, value: `${a + 1} ${b + 1}` }], "invalid OR-Library p-median file");
    }
    if (c < 0) throw new ScenarioError([{ path: `edges[${e}].cost`, message: "expected a cost ≥ 0", value: c }], "invalid OR-Library p-median file");
    if (a === b) continue;
    edge.set(a < b ? a * n + b : b * n + a, c);
  }
  // adjacency in CSR
  const deg = new Uint32Array(n + 1);
  for (const key of edge.keys()) {
    deg[Math.floor(key / n) + 1]++;
    deg[(key % n) + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const fill = deg.slice(0, n);
  const adj = new Uint32Array(deg[n]);
  const w = new Float64Array(deg[n]);
  for (const [key, c] of edge) {
    const a = Math.floor(key / n);
    const b = key % n;
    adj[fill[a]] = b;
    w[fill[a]++] = c;
    adj[fill[b]] = a;
    w[fill[b]++] = c;
  }
  const costs = new Float64Array(n * n);
  const heap = new Heap(n);
  for (let s = 0; s < n; s++) {
    const row = costs.subarray(s * n, (s + 1) * n);
    row.fill(Infinity);
    row[s] = 0;
    heap.push(s, 0);
    while (heap.size > 0) {
      const u = heap.pop();
      const du = row[u];
      for (let k = deg[u]; k < deg[u + 1]; k++) {
        const v = adj[k];
        const nd = du + w[k];
        if (nd < row[v]) {
          row[v] = nd;
          heap.push(v, nd);
        }
      }
    }
    for (let v = 0; v < n; v++) if (!Number.isFinite(row[v])) {
      throw new ScenarioError([{ path: "edges", message: `the graph is not connected: vertex ${v + 1} cannot be reached from vertex ${s + 1}` }], "invalid OR-Library p-median file");
    }
  }
  const scenario = scenarioFromCostMatrix(costs, n, n, { format: "orlib" });
  return { scenario, p, n, edges: m };
}

/** Binary min-heap with lazy deletion (a vertex may be pushed several times). */
class Heap {
  private keys: Float64Array;
  private vals: Uint32Array;
  size = 0;
  constructor(cap: number) {
    this.keys = new Float64Array(cap * 4 + 4);
    this.vals = new Uint32Array(cap * 4 + 4);
  }
  push(v: number, key: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const vv = new Uint32Array(this.size * 2);
      vv.set(this.vals);
      this.vals = vv;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.keys[i] = this.keys[parent];
      this.vals[i] = this.vals[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.vals[i] = v;
  }
  /** Pops the vertex with the least key; stale entries are harmless (their relaxations fail). */
  pop(): number {
    const top = this.vals[0];
    const key = this.keys[--this.size];
    const val = this.vals[this.size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && this.keys[c + 1] < this.keys[c]) c++;
      if (this.keys[c] >= key) break;
      this.keys[i] = this.keys[c];
      this.vals[i] = this.vals[c];
      i = c;
    }
    this.keys[i] = key;
    this.vals[i] = val;
    return top;
  }
}

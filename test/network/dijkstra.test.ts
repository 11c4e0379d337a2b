import { describe, expect, it } from "vitest";
import { reverseGraph, ShortestPaths, sortRows } from "../../packages/core/src/network/index.js";
import { RowFiller } from "../../packages/core/src/network/sparse.js";
import { reversedArcOrigin } from "../../packages/core/src/network/graph.js";
import { DEMAND, NODES, SiteResults } from "../../packages/core/src/network/store.js";
import { mulberry, randomArcs } from "./oracle.js";

// some zero and some repeated weights
const randomGraph = (seed: number, n: number, arcs: number) => randomArcs(seed, n, arcs, (rnd) => (rnd() < 0.1 ? 0 : Math.floor(rnd() * 20)));

/** Bellman–Ford from several sources with start costs. */
function reference(n: number, tail: Int32Array, head: Int32Array, w: Float64Array, src: number[], start: number[]): number[] {
  const d = new Array<number>(n).fill(Infinity);
  src.forEach((s, k) => (d[s] = Math.min(d[s], start[k])));
  for (let it = 0; it < n; it++) {
    let changed = false;
    for (let e = 0; e < tail.length; e++) {
      if (d[tail[e]] + w[e] < d[head[e]]) {
        d[head[e]] = d[tail[e]] + w[e];
        changed = true;
      }
    }
    if (!changed) break;
  }
  return d;
}

describe("ShortestPaths (binary heap on typed arrays)", () => {
  it("multi-source distances with a cutoff match Bellman–Ford, across reused runs", () => {
    for (let seed = 1; seed <= 6; seed++) {
      const n = 60 + seed * 20;
      const { tail, head, w, graph } = randomGraph(seed, n, n * 3);
      const paths = new ShortestPaths(n);
      const rnd = mulberry(seed * 31);
      for (let run = 0; run < 8; run++) {
        const src = [Math.floor(rnd() * n), Math.floor(rnd() * n), Math.floor(rnd() * n)];
        const start = [rnd() * 5, rnd() * 5, 0];
        const cutoff = run % 3 === 0 ? Infinity : 10 + rnd() * 30;
        const settled = paths.run(graph, "length", src, start, 3, cutoff);
        const ref = reference(n, tail, head, w, src, start);
        let within = 0;
        for (let u = 0; u < n; u++) {
          if (ref[u] < Infinity && ref[u] <= cutoff) {
            within++;
            expect(paths.dist[u]).toBe(ref[u]);
          } else expect(paths.dist[u]).toBe(Infinity);
        }
        expect(settled).toBe(within);
        // settled in order of distance
        for (let k = 1; k < settled; k++) expect(paths.dist[paths.order[k]]).toBeGreaterThanOrEqual(paths.dist[paths.order[k - 1]]);
      }
    }
  });

  it("reverseGraph turns every arc round", () => {
    const { tail, head, w, graph } = randomGraph(5, 50, 200);
    const rev = reverseGraph(graph);
    const paths = new ShortestPaths(50);
    // distance to node 7 on the graph = distance from node 7 on the reversed graph
    paths.run(rev, "length", [7], [0], 1, Infinity);
    for (let u = 0; u < 50; u++) expect(paths.dist[u]).toBe(reference(50, tail, head, w, [u], [0])[7]);
  });

  it("refuses missing weights", () => {
    const { graph } = randomGraph(1, 5, 5);
    expect(() => new ShortestPaths(5).run(graph, "time", [0], [0], 1, 1)).toThrow(/no time/);
  });
});

describe("sparse rows", () => {
  it("sortRows orders by cost then site, float32 near-ties included", () => {
    const rnd = mulberry(4);
    const n = 50;
    const ptr = new Int32Array(n + 1);
    const rows: [number, number][][] = [];
    for (let i = 0; i < n; i++) {
      const len = Math.floor(rnd() * 40);
      const row: [number, number][] = [];
      for (let j = 0; j < 200 && row.length < len; j++) {
        if (rnd() < 0.3) continue;
        // costs that collide in float32 but differ in float64, and exact ties
        const c = rnd() < 0.3 ? 1000 + Math.floor(rnd() * 3) * 1e-10 : Math.floor(rnd() * 50);
        row.push([j, c]);
      }
      rows.push(row);
      ptr[i + 1] = ptr[i] + row.length;
    }
    const site = new Int32Array(ptr[n]);
    const cost = new Float64Array(ptr[n]);
    rows.forEach((row, i) => row.forEach(([j, c], k) => ((site[ptr[i] + k] = j), (cost[ptr[i] + k] = c))));
    sortRows(ptr, site, cost);
    rows.forEach((row, i) => {
      const want = [...row].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      expect(Array.from(site.subarray(ptr[i], ptr[i + 1]))).toEqual(want.map((p) => p[0]));
      expect(Array.from(cost.subarray(ptr[i], ptr[i + 1]))).toEqual(want.map((p) => p[1]));
    });
  });

  it("sortRows: clustered and repeated costs (the comparison-sort path) and long spread rows", () => {
    const rnd = mulberry(8);
    for (const make of [() => 5, () => (rnd() < 0.9 ? 3 + rnd() * 1e-6 : 100 * rnd()), () => rnd() * 1000]) {
      const len = 700;
      const ptr = Int32Array.from([0, len]);
      const site = Int32Array.from({ length: len }, (_, t) => t);
      const cost = Float64Array.from({ length: len }, make);
      const want = Array.from(site).sort((x, y) => cost[x] - cost[y] || x - y);
      const wantCost = want.map((t) => cost[t]);
      sortRows(ptr, site, cost);
      expect(Array.from(site)).toEqual(want);
      expect(Array.from(cost)).toEqual(wantCost);
    }
  });

  it("SiteResults keeps each site's entries (pairs or bitmap, demand or nodes) and gives them back", () => {
    const rnd = mulberry(12);
    const n = 5000;
    const N = 3000;
    const m = 40;
    const store = new SiteResults(m, { demand: n, nodes: N });
    const kept: Map<number, number>[] = [];
    for (let j = 0; j < m; j++) {
      const universe = j % 2 === 0 ? DEMAND : NODES;
      const U = universe === DEMAND ? n : N;
      // sparse sites (pairs) and dense ones (bitmaps), some empty
      const share = j % 5 === 0 ? 0 : j % 3 === 0 ? 0.6 : 0.01;
      const ids: number[] = [];
      const values = new Float64Array(U);
      for (let id = 0; id < U; id++) if (rnd() < share) (ids.push(id), (values[id] = rnd() * 100));
      ids.sort(() => rnd() - 0.5);
      store.store(j, universe, Int32Array.from(ids), ids.length, values);
      kept.push(new Map(ids.map((id) => [id, values[id]])));
    }
    const ids = new Int32Array(n);
    const vals = new Float64Array(n);
    for (let j = 0; j < m; j++) {
      const k = store.read(j, ids, vals, true);
      expect(new Map(Array.from(ids.subarray(0, k), (id, t) => [id, vals[t]]))).toEqual(kept[j]);
      expect(store.universe[j]).toBe(kept[j].size === 0 ? 0 : j % 2 === 0 ? DEMAND : NODES);
    }
  });
  it("RowFiller writes pairs arriving site by site into their rows, in arrival order, across many flushes", () => {
    const rnd = mulberry(21);
    const n = 300, m = 50;
    const pairs: [number, number, number][] = [];
    for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) if (rnd() < 0.3) pairs.push([i, j, rnd()]);
    const ptr = new Int32Array(n + 1);
    for (const [i] of pairs) ptr[i + 1]++;
    for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
    const out = { n, m, ptr, site: new Int32Array(pairs.length), cost: new Float64Array(pairs.length) };
    const filler = new RowFiller(out, 100);
    for (const [i, j, c] of pairs) filler.push(i, j, c);
    filler.flush();
    for (let i = 0; i < n; i++) {
      const want = pairs.filter((p) => p[0] === i);
      expect(Array.from(out.site.subarray(ptr[i], ptr[i + 1]))).toEqual(want.map((p) => p[1]));
      expect(Array.from(out.cost.subarray(ptr[i], ptr[i + 1]))).toEqual(want.map((p) => p[2]));
    }
  });

  it("reversedArcOrigin: arc k of the reversed graph is arc origin[k] turned round", () => {
    const { graph } = randomGraph(9, 40, 150);
    const rev = reverseGraph(graph);
    const origin = reversedArcOrigin(graph);
    const tailOf = (g: typeof graph, e: number) => {
      let u = 0;
      while (g.offsets[u + 1] <= e) u++;
      return u;
    };
    for (let k = 0; k < rev.targets.length; k++) {
      const e = origin[k];
      expect(rev.targets[k]).toBe(tailOf(graph, e));
      expect(graph.targets[e]).toBe(tailOf(rev, k));
      expect(rev.length[k]).toBe(graph.length[e]);
    }
  });
});

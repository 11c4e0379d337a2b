import { describe, expect, it } from "vitest";
import { graphFromArcs, networkCosts, ShortestPaths } from "../../packages/core/src/network/index.js";
import { BucketPaths } from "../../packages/core/src/network/dijkstra.js";
import { RowFiller } from "../../packages/core/src/network/sparse.js";
import { mulberry, randomArcs } from "./oracle.js";

/** A random graph with weights > 0: many repeated, some tiny, some large. */
const positiveGraph = (seed: number, n: number, arcs: number) =>
  randomArcs(seed, n, arcs, (rnd) => {
    const u = rnd();
    return u < 0.3 ? 1 + Math.floor(rnd() * 4) : u < 0.4 ? 0.013 : 0.2 + rnd() * 7;
  }).graph;

describe("BucketPaths (Dial's buckets under the lightest arc)", () => {
  it("the same distances and settled nodes as the binary heap, parents settled first, across reused runs", () => {
    for (let seed = 1; seed <= 6; seed++) {
      const n = 80 + seed * 30;
      const graph = positiveGraph(seed, n, n * 3);
      const rnd = mulberry(seed * 17);
      for (const cutoff of [0.5, 6, 25, 400]) {
        const buckets = BucketPaths.for(graph, "length", cutoff) as BucketPaths;
        expect(buckets).not.toBeNull();
        const heap = new ShortestPaths(n);
        for (let run = 0; run < 6; run++) {
          const src = [Math.floor(rnd() * n), Math.floor(rnd() * n), Math.floor(rnd() * n)];
          // repeated sources, a start beyond the cutoff, a start of 0
          if (run === 1) src[1] = src[0];
          const start = [rnd() * 3, run === 2 ? cutoff + 1 : rnd() * 3, 0];
          const settled = buckets.run(src, start, 3);
          expect(settled).toBe(heap.run(graph, "length", src, start, 3, cutoff));
          for (let u = 0; u < n; u++) expect(buckets.dist[u]).toBe(heap.dist[u]);
          const rank = new Int32Array(n).fill(-1);
          for (let k = 0; k < settled; k++) rank[buckets.order[k]] = k;
          for (let k = 0; k < settled; k++) {
            const v = buckets.order[k];
            const e = buckets.pred[v];
            if (e < 0) {
              expect(src.includes(v)).toBe(true);
              continue;
            }
            // the arc's tail settled earlier, and the distance is its sum
            let tailOf = 0;
            while (graph.offsets[tailOf + 1] <= e) tailOf++;
            expect(graph.targets[e]).toBe(v);
            expect(rank[tailOf]).toBeGreaterThanOrEqual(0);
            expect(rank[tailOf]).toBeLessThan(k);
            expect(buckets.dist[tailOf] + graph.length[e]).toBe(buckets.dist[v]);
          }
        }
      }
    }
  });

  it("is not used for a zero-weight arc, an infinite cutoff or too many buckets; refuses negative starts", () => {
    const graph = positiveGraph(3, 50, 150);
    expect(BucketPaths.for(graph, "length", Infinity)).toBeNull();
    expect(BucketPaths.for(graph, "length", 0.013 * 2 ** 21)).toBeNull();
    const zero = graphFromArcs(3, Int32Array.from([0, 1]), Int32Array.from([1, 2]), Float64Array.from([1, 0]), null);
    expect(BucketPaths.for(zero, "length", 10)).toBeNull();
    expect(() => BucketPaths.for(zero, "time", 10)).toThrow(/no time/);
    const b = BucketPaths.for(graph, "length", 10) as BucketPaths;
    expect(() => b.run([0, 1], [0, -1], 2)).toThrow(/below 0/);
  });
});

describe("RowFiller blocks", () => {
  it("many blocks and small shares: every row gets its pairs in arrival order", () => {
    const rnd = mulberry(33);
    const n = 1000;
    const m = 60;
    const pairs: [number, number, number][] = [];
    for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) if (rnd() < (i % 7 === 0 ? 0.9 : 0.2)) pairs.push([i, j, rnd()]);
    const ptr = new Int32Array(n + 1);
    for (const [i] of pairs) ptr[i + 1]++;
    for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
    for (const [capacity, blockPairs] of [[50, 64], [1000, 500], [10 ** 6, 1]] as const) {
      const out = { n, m, ptr, site: new Int32Array(pairs.length).fill(-1), cost: new Float64Array(pairs.length) };
      const filler = new RowFiller(out, capacity, blockPairs);
      for (const [i, j, c] of pairs) filler.push(i, j, c);
      filler.flush();
      for (let i = 0; i < n; i += 1) {
        const want = pairs.filter((p) => p[0] === i);
        expect(Array.from(out.site.subarray(ptr[i], ptr[i + 1]))).toEqual(want.map((p) => p[1]));
        expect(Array.from(out.cost.subarray(ptr[i], ptr[i + 1]))).toEqual(want.map((p) => p[2]));
      }
    }
  });
});

describe("networkCosts: the bucket queue and the heap agree", () => {
  it("a street grid with a 1 mm stub far off (too many buckets: the heap) gives the same rows as without it (buckets)", () => {
    // a 12 × 12 grid of 100 m blocks at 30 km/h, some rows one-way
    const features: { type: "Feature"; geometry: { type: "LineString"; coordinates: number[][] }; properties: Record<string, unknown> }[] = [];
    for (let r = 0; r < 12; r++) features.push({ type: "Feature", geometry: { type: "LineString", coordinates: Array.from({ length: 12 }, (_, c) => [c * 100, r * 100]) }, properties: { speed: 30, ...(r % 4 === 1 ? { oneway: "yes" } : {}) } });
    for (let c = 0; c < 12; c++) features.push({ type: "Feature", geometry: { type: "LineString", coordinates: Array.from({ length: 12 }, (_, r) => [c * 100, r * 100]) }, properties: { speed: 30 } });
    const rnd = mulberry(5);
    const demand = Array.from({ length: 300 }, () => ({ x: rnd() * 1100, y: rnd() * 1100 }));
    const sites = Array.from({ length: 40 }, () => ({ x: rnd() * 1100, y: rnd() * 1100 }));
    const options = { coords: "xy" as const, unit: "minutes" as const, cutoff: 2.2 };
    const a = networkCosts({ type: "FeatureCollection", features }, demand, sites, options);
    // a detached street of a 1 mm segment: 2.2 minutes span millions of its 0.000002-minute buckets
    const withStub = [...features, { type: "Feature" as const, geometry: { type: "LineString" as const, coordinates: [[5000, 5000], [5000.001, 5000], [5000, 5100]] }, properties: { speed: 30 } }];
    const b = networkCosts({ type: "FeatureCollection", features: withStub }, demand, sites, options);
    expect(BucketPaths.for(a.network.graph, "time", 2.2)).not.toBeNull();
    expect(BucketPaths.for(b.network.graph, "time", 2.2)).toBeNull();
    expect(a.report.pairs).toBeGreaterThan(1000);
    expect(Array.from(b.ptr)).toEqual(Array.from(a.ptr));
    expect(Array.from(b.site)).toEqual(Array.from(a.site));
    expect(Array.from(b.cost)).toEqual(Array.from(a.cost));
  });
});

import { describe, expect, it } from "vitest";
import { buildInstance, buildNeighbors, mulberry32, scenarioFromCostMatrix } from "@siting/core";
import { RunContext, pcenterExact, pmedianExact } from "@siting/core/lp";
import { centerValue, randomScenario } from "./oracle.js";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe("sparse (k-nearest) vs complete neighbour lists", () => {
  it("p-median: same proven optimum on random Euclidean instances", () => {
    for (let k = 0; k < 8; k++) {
      const sc = randomScenario(500 + k, 60 + 5 * k, 40, { existing: k % 3 === 0 ? 1 : 0, zeroWeights: k % 2 === 1 });
      const inst = buildInstance(sc);
      const p = 3 + (k % 4);
      const dense = pmedianExact(inst, buildNeighbors(inst), { p, budget: Infinity }, new RunContext());
      const sparse = pmedianExact(inst, buildNeighbors(inst, 8), { p, budget: Infinity }, new RunContext());
      expect(dense.status).toBe("optimal");
      expect(sparse.status).toBe("optimal");
      expect(close(sparse.objective, dense.objective), `${sparse.objective} vs ${dense.objective}`).toBe(true);
      // with a valid but capped bound, the sparse engine still closes the gap by branching
      expect(sparse.bound).toBeLessThanOrEqual(dense.objective * (1 + 1e-9));
    }
  });

  it("p-center: sparse lists are rebuilt complete, same optimum", () => {
    for (let k = 0; k < 6; k++) {
      const sc = randomScenario(700 + k, 50, 30, { existing: k % 3 === 0 ? 1 : 0 });
      const inst = buildInstance(sc);
      const p = 2 + (k % 4);
      const dense = pcenterExact(inst, buildNeighbors(inst), p, new RunContext());
      const sparse = pcenterExact(inst, buildNeighbors(inst, 5), p, new RunContext());
      expect(dense.status).toBe("optimal");
      expect(sparse.status).toBe("optimal");
      expect(sparse.objective).toBe(dense.objective);
    }
  });

  it("p-center on sparse lists that are not rebuilt: a valid bound, an answer its open sites confirm", () => {
    let searched = 0;
    for (let k = 0; k < 8; k++) {
      const sc = randomScenario(900 + k, 60, 40, { existing: k % 3 === 0 ? 1 : 0 });
      const inst = buildInstance(sc);
      const p = 2 + (k % 4);
      const dense = pcenterExact(inst, buildNeighbors(inst), p, new RunContext());
      const nb = buildNeighbors(inst, 6);
      expect(nb.complete).toBe(false);
      const sparse = pcenterExact(inst, nb, p, new RunContext(), undefined, { rebuildLimit: 0 });
      expect(dense.status).toBe("optimal");
      expect(["optimal", "feasible"]).toContain(sparse.status);
      // re-evaluated from the open sites with every distance
      const value = centerValue(sparse.open, inst.n, inst.weight, inst.dist);
      expect(value).toBe(sparse.objective);
      expect(sparse.objective).toBeGreaterThanOrEqual(dense.objective);
      expect(sparse.bound).toBeLessThanOrEqual(dense.objective);
      if (sparse.status === "optimal") expect(sparse.objective).toBe(dense.objective);
      if (sparse.nodes > 0) searched++;
    }
    expect(searched).toBeGreaterThan(0);
  });
});

describe("buildNeighbors", () => {
  it("complete rows are sorted by distance, ties by site index (ties, zeros and values no float32 holds)", () => {
    const rnd = mulberry32(5);
    for (const [n, m, kind] of [[30, 40, "ties"], [20, 300, "fractions"], [15, 600, "mixed"]] as const) {
      const costs = new Float64Array(n * m);
      for (let k = 0; k < costs.length; k++) {
        const tie = Math.floor(rnd() * 12);
        const frac = 1000 * rnd() + 1e-7 * rnd();
        costs[k] = kind === "ties" ? tie : kind === "fractions" ? frac : rnd() < 0.5 ? tie : frac;
      }
      const inst = buildInstance(scenarioFromCostMatrix(costs, n, m));
      const nb = buildNeighbors(inst);
      expect(nb.complete).toBe(true);
      for (let i = 0; i < n; i++) {
        const want = Array.from({ length: m }, (_, j) => j).sort((a, b) => costs[i * m + a] - costs[i * m + b] || a - b);
        expect(Array.from(nb.site.subarray(nb.ptr[i], nb.ptr[i + 1])), `${kind} row ${i}`).toEqual(want);
        for (let t = nb.ptr[i]; t < nb.ptr[i + 1]; t++) expect(nb.cost[t]).toBe(costs[i * m + nb.site[t]]);
      }
    }
  });

  it("k-nearest rows are exactly the first k of the complete rows, the last row included (coordinates and matrices)", () => {
    for (const [seed, n, m, k, matrix] of [[11, 40, 30, 5, false], [12, 25, 60, 7, false], [13, 1, 50, 3, false], [14, 33, 33, 32, false], [15, 30, 40, 6, true], [16, 12, 9, 4, true]] as const) {
      // a random matrix's costs do not follow the scenario's coordinates
      const inst = buildInstance(randomScenario(seed, n, m, { matrix }));
      const full = buildNeighbors(inst);
      const sparse = buildNeighbors(inst, k);
      expect(sparse.complete).toBe(k >= m);
      expect(sparse.ptr[inst.n]).toBe(inst.n * Math.min(k, m));
      for (let i = 0; i < inst.n; i++) {
        const row = Array.from(sparse.site.subarray(sparse.ptr[i], sparse.ptr[i + 1]));
        const want = Array.from(full.site.subarray(full.ptr[i], full.ptr[i] + Math.min(k, m)));
        expect(row, `row ${i}`).toEqual(want);
        for (let t = sparse.ptr[i]; t < sparse.ptr[i + 1]; t++) expect(sparse.cost[t]).toBe(inst.dist(i, sparse.site[t]));
      }
    }
  });
});

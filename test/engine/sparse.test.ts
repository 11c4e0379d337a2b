import { describe, expect, it } from "vitest";
import { buildInstance, buildNeighbors, pcenterExact, pmedianExact } from "@siting/core";
import { RunContext } from "../../packages/core/src/heuristics/context.js";
import { randomScenario } from "./oracle.js";

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
});

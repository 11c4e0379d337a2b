import { describe, expect, it } from "vitest";
import { buildCoverage, buildInstance, type Scenario } from "@siting/core";
import { RunContext, mclpExact } from "@siting/core/lp";
import { bruteMclp, fits, listScenario, mclpValue, randomScenario } from "./oracle.js";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Demand points = the edges of two disjoint 5-cycles, sites = their 10 vertices, an edge within
 * radius 1 of its two ends only. With p = 5 the LP covers every edge (each vertex at ½), but five
 * vertices cover at most 9 of the 10 edges (three on one cycle cover 5, two on the other 4).
 */
function twoPentagons(weights: number[]): Scenario {
  const rows: number[][] = [];
  for (const o of [0, 5]) for (let k = 0; k < 5; k++) rows.push([o + k, o + ((k + 1) % 5)]);
  return listScenario(rows, 10, weights);
}

describe("MCLP engine: the full-cover question at the root", () => {
  it("proves the optimum at the root when no p sites cover every point although the LP does (two 5-cycles, p = 5)", () => {
    for (const weights of [Array(10).fill(1), [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]]) {
      const inst = buildInstance(twoPentagons(weights));
      const lim = { p: 5, budget: Infinity };
      const want = bruteMclp(inst.n, inst.weight, inst.dist, inst.existing, inst.cost, 1, lim);
      const got = mclpExact(inst, buildCoverage(inst, 1), lim, new RunContext());
      const value = mclpValue(got.open, inst.n, inst.weight, inst.dist, 1);
      expect(fits(got.open, inst.existing, inst.cost, lim)).toBe(true);
      expect(got.status).toBe("optimal");
      expect(close(value, want), `open sites give ${value}, optimum ${want}`).toBe(true);
      expect(close(got.objective, value)).toBe(true);
      expect(close(got.bound, want)).toBe(true);
      if (weights.every((w) => w === 1)) {
        // the set-cover answer "no five vertices cover all ten edges" closes the root (total − lightest = 9)
        expect(want).toBe(9);
        expect(got.nodes, "proved at the root, without branching").toBe(1);
      }
    }
  });

  it("matches brute force where p sites may cover every point (random instances, some fully covered)", () => {
    let full = 0;
    for (let k = 0; k < 40; k++) {
      const sc = randomScenario(7000 + k, 6 + (k % 8), 4 + (k % 6), { existing: k % 3 === 0 ? 1 : 0, zeroWeights: k % 4 === 0 });
      const inst = buildInstance(sc);
      const radius = 40 + (k % 5) * 10;
      const cov = buildCoverage(inst, radius);
      let total = 0;
      for (let i = 0; i < inst.n; i++) if (inst.weight[i] > 0 && cov.byDemand.ptr[i + 1] > cov.byDemand.ptr[i]) total += inst.weight[i];
      const lim = { p: 2 + (k % 3), budget: Infinity };
      const want = bruteMclp(inst.n, inst.weight, inst.dist, inst.existing, inst.cost, radius, lim);
      const got = mclpExact(inst, cov, lim, new RunContext());
      const value = mclpValue(got.open, inst.n, inst.weight, inst.dist, radius);
      expect(got.status).toBe("optimal");
      expect(fits(got.open, inst.existing, inst.cost, lim)).toBe(true);
      expect(close(value, want), `case ${k}: open sites give ${value}, optimum ${want}`).toBe(true);
      expect(close(got.bound, want)).toBe(true);
      if (close(want, total)) full++;
    }
    expect(full, "instances where p sites cover everything").toBeGreaterThan(5);
  });
});

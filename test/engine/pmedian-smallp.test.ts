import { describe, expect, it } from "vitest";
import { buildInstance, buildNeighbors } from "@siting/core";
import { RunContext, pmedianExact } from "@siting/core/lp";
import { randomScenario } from "./oracle.js";

/**
 * Small p (p ≤ 0.1·m) takes the engine's strong-branching path. Short subgradient runs force deep
 * trees, so branching, the children's inherited bounds and fixing all get exercised; the optimum
 * is checked against enumeration of every p-subset.
 */
function bestOfSubsets(n: number, m: number, p: number, w: Float64Array, dist: (i: number, j: number) => number): number {
  const pick = new Int32Array(p);
  let best = Infinity;
  const rec = (t: number, from: number): void => {
    if (t === p) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        if (!(w[i] > 0)) continue;
        let d = Infinity;
        for (let k = 0; k < p; k++) d = Math.min(d, dist(i, pick[k]));
        s += w[i] * d;
      }
      if (s < best) best = s;
      return;
    }
    for (let j = from; j < m; j++) {
      pick[t] = j;
      rec(t + 1, j + 1);
    }
  };
  rec(0, 0);
  return best;
}

describe("p-median engine, small p (strong branching) vs enumeration", () => {
  it("40 random instances with m = 20-40 sites and p ≤ 0.1·m, weak node bounds", () => {
    for (let k = 0; k < 40; k++) {
      const m = 20 + (k % 21);
      const n = 30 + ((k * 7) % 31);
      const p = 1 + (k % Math.floor(m / 10));
      const inst = buildInstance(randomScenario(500 + k, n, m, { zeroWeights: k % 3 === 0, matrix: k % 4 === 0 }));
      const want = bestOfSubsets(inst.n, inst.m, p, inst.weight, inst.dist);
      const got = pmedianExact(inst, buildNeighbors(inst), { p, budget: Infinity }, new RunContext(), undefined, {
        shakes: 0,
        rootIterations: 15,
        nodeIterations: 10,
      });
      expect(got.status, `case ${k}`).toBe("optimal");
      expect(Math.abs(got.objective - want) <= 1e-9 * Math.max(1, want), `case ${k}: ${got.objective} vs ${want}`).toBe(true);
      expect(got.open.reduce((s, v) => s + v, 0)).toBeLessThanOrEqual(p);
    }
  });
});

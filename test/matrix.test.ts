import { ScenarioError, evaluate, scenarioFromCostMatrix, solveSync } from "@siting/core";
import { describe, expect, it } from "vitest";

describe("scenarioFromCostMatrix (matrix-first entry point)", () => {
  it("builds a solvable scenario from an n × m matrix", () => {
    // 3 demand points × 2 sites
    const s = scenarioFromCostMatrix(Float64Array.from([1, 5, 4, 2, 6, 1]), 3, 2, { weight: [1, 2, 3] });
    expect(s.demand.map((d) => d.weight)).toEqual([1, 2, 3]);
    const r = solveSync(s, { type: "pmedian", p: 1 });
    // site 1: 1 + 2·4 + 3·6 = 27; site 2: 5 + 2·2 + 3·1 = 12
    expect(r).toMatchObject({ status: "optimal", objective: 12, open: ["2"] });
    expect(evaluate(s, r.problem, r.open).objective).toBe(12);
  });

  it("names the bad entry and rejects a wrong size", () => {
    expect(() => scenarioFromCostMatrix(Float64Array.from([1, -2, 3, 4]), 2, 2)).toThrow(/costs\[0\]\[1\]: expected a finite number ≥ 0, got -2/);
    expect(() => scenarioFromCostMatrix(Float64Array.from([1, NaN, 3, 4]), 2, 2)).toThrow(ScenarioError);
    expect(() => scenarioFromCostMatrix(new Float64Array(5), 2, 2)).toThrow(/expected n × m = 4 entries/);
  });
});

/**
 * The relaxation-guided start of the MIP path (large models with a time limit): its plan is
 * feasible for the full model and not below the LP relaxation, the restricted model really is
 * smaller, and a time-limited HiGHS solve (which takes the start) returns a plan that `evaluate()`
 * accepts, no worse than the start, with a bound below it.
 */
import { describe, expect, it } from "vitest";
import { parseProblem, parseScenario, solve } from "@siting/core";
import { highs } from "@siting/highs";
import { buildInstance } from "../../packages/core/src/instance.js";
import { buildCflpModel } from "../../packages/core/src/cflp/model.js";
import { MIP_START_MIN_COLUMNS, relaxationStart } from "../../packages/core/src/cflp/mipstart.js";
import { formulateCflp } from "../../packages/core/src/lp/cflp.js";
import { maxViolation, objectiveValue } from "../../packages/core/src/lp/model.js";
import { reevaluate } from "./reevaluate.js";
import { town } from "./town.js";

const problemJson = { type: "cflp", reach: 20000, radius: 3000, coverage: 0.6, minUse: 0.5, singleSource: false } as const;

describe("cflp MIP path: relaxation-guided start", () => {
  for (const seed of [5, 13]) {
    it(`town seed ${seed} (12 × 12 points, 20 sites, all in reach, split demand): the start is feasible and the time-limited solve is no worse`, async () => {
      const sc = town({ seed, side: 12, sites: 20 });
      const scenario = parseScenario(sc);
      const problem = parseProblem(problemJson, scenario);
      const md = buildCflpModel(buildInstance(scenario), scenario, problem);
      const f = formulateCflp(md);
      expect(f.model.numCols).toBeGreaterThanOrEqual(MIP_START_MIN_COLUMNS);
      const ms = await relaxationStart(highs(), f, md, 10);
      expect(ms.infeasible).toBe(false);
      expect(ms.kept).toBeGreaterThan(0);
      expect(ms.kept).toBeLessThan(ms.candidates);
      expect(ms.x, "the restricted model found no plan").not.toBeNull();
      expect(maxViolation(f.model, ms.x as Float64Array).max).toBeLessThanOrEqual(1e-7);
      const startObjective = objectiveValue(f.model, ms.x as Float64Array);
      // the start is a plan, not a bound: never below the LP relaxation's value
      expect(startObjective).toBeGreaterThanOrEqual((ms.lp as number) - 1e-6);
      // the time-limited solve (which takes this start) returns a valid plan no worse than it
      const r = await solve(sc, problemJson, { solver: "highs", timeLimit: 8 });
      expect(r.objective).not.toBeNull();
      const ev = reevaluate(scenario, problem, r);
      expect(ev.feasible, ev.violations.join("; ")).toBe(true);
      expect(ev.objective).toBeCloseTo(r.objective as number, 6);
      expect(ev.objective).toBeLessThanOrEqual(startObjective + 1e-6);
      if (r.bound !== null) expect(r.bound).toBeLessThanOrEqual(ev.objective + 1e-6);
    });
  }

  it("priced model (outsideCost): points the LP serves wholly within the radius stay within it in the start, which is feasible for the full model", async () => {
    const sc = town({ seed: 5, side: 12, sites: 20 });
    const json = { type: "cflp", reach: 20000, radius: 1500, outsideCost: 0.05, minUse: 0.5, singleSource: false } as const;
    const scenario = parseScenario(sc);
    const problem = parseProblem(json, scenario);
    const md = buildCflpModel(buildInstance(scenario), scenario, problem);
    const f = formulateCflp(md);
    expect(f.model.numCols).toBeGreaterThanOrEqual(MIP_START_MIN_COLUMNS);
    const lp = await highs().solve({ ...f.model, integer: new Uint8Array(f.model.numCols) }, {});
    expect(lp.status).toBe("optimal");
    const ms = await relaxationStart(highs(), f, md, 20);
    expect(ms.x, "the restricted model found no plan").not.toBeNull();
    const x = ms.x as Float64Array;
    expect(maxViolation(f.model, x).max).toBeLessThanOrEqual(1e-7);
    expect(objectiveValue(f.model, x)).toBeGreaterThanOrEqual((lp.objective as number) - 1e-6);
    let pinned = 0;
    let free = 0;
    for (let i = 0; i < md.n; i++) {
      if (!md.counted[i]) continue;
      let lpBeyond = 0;
      let hasBeyond = false;
      for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) {
        if (md.pairCov[p]) continue;
        hasBeyond = true;
        lpBeyond += (lp.x as Float64Array)[f.x + p];
      }
      if (!hasBeyond) continue;
      if (lpBeyond > 1e-7) {
        free++;
        continue;
      }
      pinned++;
      for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) if (!md.pairCov[p]) expect(x[f.x + p], `point ${i} served beyond the radius`).toBe(0);
    }
    expect(pinned, "points the LP keeps within the radius").toBeGreaterThan(50);
    expect(free, "points the LP sends beyond (the price is low enough for some)").toBeGreaterThan(0);
  });
});

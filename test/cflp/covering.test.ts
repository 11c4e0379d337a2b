/**
 * Coverage-first starts (`coverageSeeds`, packages/core/src/cflp/covering.ts): each start opens
 * only sites that may open, each at its largest size, and its sites' radius holds the coverage
 * target — re-checked here from the coordinates (a counted point is covered when an open site or
 * an existing one lies within both the radius and the point's reach). The engine, which now
 * starts from them, still returns plans that `evaluate` accepts.
 */
import { describe, expect, it } from "vitest";
import { buildInstance, parseProblem, parseScenario, solve } from "@siting/core";
import { RunContext } from "@siting/core/lp";
import { buildCflpModel } from "../../packages/core/src/cflp/model.js";
import { coverageSeeds } from "../../packages/core/src/cflp/covering.js";
import { reevaluate } from "./reevaluate.js";
import { town } from "./town.js";

const CASES = [1, 2, 3, 4, 5, 6].map((seed) => ({ seed, json: town({ seed, side: 7, sites: 16, existing: seed % 2 === 0, forbidden: seed % 3 === 0 }) }));

describe("cflp coverage-first starts", () => {
  for (const { seed, json } of CASES) {
    it(`town ${seed}: every start holds the coverage target within the radius, sites at their largest size`, () => {
      const scenario = parseScenario(json);
      const raw = { type: "cflp", reach: 3000, radius: 1000, coverage: 0.6, minUse: 0.5 } as const;
      const problem = parseProblem(raw, scenario);
      const md = buildCflpModel(buildInstance(scenario), scenario, problem);
      const seeds = coverageSeeds(md, new RunContext(), 3);
      expect(seeds.length).toBeGreaterThan(0);
      const total = json.demand.reduce((a, d) => a + (d.weight as number), 0);
      let lastCount = 0;
      for (const option of seeds) {
        const open = json.sites.filter((s, j) => s.existing || option[j] >= 0);
        for (let j = 0; j < md.m; j++) {
          if (option[j] < 0) continue;
          expect(json.sites[j].existing).toBeFalsy();
          expect(json.sites[j].forbidden).toBeFalsy();
          expect(option[j]).toBe(md.optPtr[j + 1] - md.optPtr[j] - 1);
        }
        let covered = 0;
        for (const d of json.demand) if (open.some((s) => Math.hypot((d.x as number) - (s.x as number), (d.y as number) - (s.y as number)) <= 1000)) covered += d.weight as number;
        expect(covered).toBeGreaterThanOrEqual(0.6 * total - 1e-9);
        // the starts come in increasing site counts
        expect(open.length).toBeGreaterThan(lastCount);
        lastCount = open.length;
      }
    });
  }

  it("the engine (which explores these starts) returns plans evaluate() accepts", async () => {
    for (const { json } of CASES.slice(0, 3)) {
      const raw = { type: "cflp", reach: 3000, radius: 1000, coverage: 0.6, minUse: 0.5 } as const;
      const r = await solve(json, raw, { solver: "engine", timeLimit: 3 });
      expect(["optimal", "time_limit", "feasible"]).toContain(r.status);
      const scenario = parseScenario(json);
      const ev = reevaluate(scenario, parseProblem(raw, scenario), r);
      expect(ev.feasible).toBe(true);
      expect(r.objective).not.toBeNull();
      const obj = r.objective as number;
      expect(Math.abs(ev.objective - obj)).toBeLessThan(1e-9 * Math.max(1, obj));
    }
  });
});

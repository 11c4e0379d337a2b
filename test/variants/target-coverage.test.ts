/**
 * Target coverage (partial set covering, `{type: "lscp", radius, coverage}`): the fewest sites (or
 * the least cost) covering at least `coverage` × the total demand weight within the radius. Every
 * solver is checked against a brute-force enumeration written here, and every answer is
 * re-evaluated here from the coordinates.
 */
import { evaluate, parseProblem, parseScenario, solve, ScenarioError } from "@siting/core";
import { describe, expect, it } from "vitest";
import { close, dist, openIndices, randomInstance, solveAll, subsets, type Instance } from "./support.js";

const SEEDS = 30;

interface Target {
  radius: number;
  coverage: number;
  byCost: boolean;
}

const coveredWeight = (inst: Instance, open: number[], radius: number) =>
  inst.demand.reduce((s, d) => s + (open.some((j) => dist(d, inst.sites[j]) <= radius) ? (d.weight ?? 1) : 0), 0);
const totalWeight = (inst: Instance) => inst.demand.reduce((s, d) => s + (d.weight ?? 1), 0);
const valueOf = (inst: Instance, open: number[], t: Target) => (t.byCost ? open.reduce((s, j) => s + (inst.sites[j].existing ? 0 : (inst.sites[j].cost ?? 0)), 0) : open.length);
const meets = (inst: Instance, open: number[], t: Target) => open.length > 0 && coveredWeight(inst, open, t.radius) >= t.coverage * totalWeight(inst) - 1e-9;

function brute(inst: Instance, t: Target): number | null {
  let best: number | null = null;
  for (const s of subsets(inst.sites)) if (meets(inst, s, t) && (best === null || valueOf(inst, s, t) < best)) best = valueOf(inst, s, t);
  return best;
}

describe("target coverage (lscp + coverage)", () => {
  it(`engine, heuristic and the three MIP backends against brute force on ${SEEDS} random instances`, async () => {
    let feasible = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const inst = randomInstance(seed, { costs: seed % 2 === 0, existing: true, forbidden: true });
      const t: Target = { radius: inst.ri(20, 60), coverage: [0.5, 0.75, 0.9, 1][seed % 4], byCost: seed % 2 === 0 };
      const opt = brute(inst, t);
      const problem = { type: "lscp" as const, radius: t.radius, coverage: t.coverage, ...(t.byCost ? {} : { objective: "count" as const }) };
      for (const { name, r } of await solveAll(inst, problem)) {
        const tag = `seed ${seed} ${name}`;
        if (opt === null) {
          expect(r.status, tag).toBe("infeasible");
          expect(r.objective, tag).toBeNull();
          continue;
        }
        const open = openIndices(r, inst.sites);
        expect(meets(inst, open, t), `${tag}: the answer misses the target`).toBe(true);
        expect(open.every((j) => !inst.sites[j].forbidden) && inst.sites.every((s, j) => !s.existing || open.includes(j)), tag).toBe(true);
        expect(close(r.objective as number, valueOf(inst, open, t)), `${tag}: reported ${r.objective}`).toBe(true);
        if (name === "heuristic") {
          expect(r.objective as number, tag).toBeGreaterThanOrEqual(opt - 1e-9);
          if (r.status === "optimal") expect(close(r.objective as number, opt), tag).toBe(true);
        } else {
          expect(r.status, tag).toBe("optimal");
          expect(close(r.objective as number, opt), `${tag}: ${r.objective} vs brute force ${opt}`).toBe(true);
          expect(r.gap, tag).toBe(0);
        }
      }
      if (opt !== null) feasible++;
    }
    expect(feasible).toBeGreaterThan(SEEDS / 2);
  }, 120_000);

  it("evaluate() rejects an answer below the target and names it", () => {
    const scenario = parseScenario({
      demand: [
        { id: "a", x: 0, y: 0, weight: 6 },
        { id: "b", x: 100, y: 0, weight: 4 },
      ],
      sites: [
        { id: "s", x: 0, y: 0 },
        { id: "t", x: 100, y: 0 },
      ],
    });
    const problem = parseProblem({ type: "lscp", radius: 10, coverage: 0.7 }, scenario);
    const bad = evaluate(scenario, problem, ["s"]);
    expect(bad.feasible).toBe(false);
    expect(bad.violations.join()).toMatch(/below the target 0.7/);
    const good = evaluate(scenario, problem, ["s", "t"]);
    expect(good.feasible).toBe(true);
    expect(good.objective).toBe(2);
    // 60 % is met by s alone
    expect(evaluate(scenario, parseProblem({ type: "lscp", radius: 10, coverage: 0.6 }, scenario), ["s"]).feasible).toBe(true);
  });

  it("reports a target above the coverable weight as infeasible, and validates its fields", async () => {
    const inst = { demand: [{ id: "a", x: 0, y: 0, weight: 5 }, { id: "b", x: 500, y: 0, weight: 5 }], sites: [{ id: "s", x: 0, y: 0 }] };
    for (const solver of ["engine", "heuristic", "highs"] as const) {
      const r = await solve(inst, { type: "lscp", radius: 10, coverage: 0.8 }, { solver });
      expect(r.status, solver).toBe("infeasible");
    }
    expect((await solve(inst, { type: "lscp", radius: 10, coverage: 0.5 })).open).toEqual(["s"]);
    const err = (p: unknown) => {
      try {
        parseProblem(p, parseScenario(inst));
      } catch (e) {
        return (e as ScenarioError).message;
      }
      return "";
    };
    expect(err({ type: "lscp", radius: 10, coverage: 1.5 })).toMatch(/problem\.coverage: expected a share in \(0, 1\], got 1\.5/);
    expect(err({ type: "mclp", radius: 10, p: 1, coverage: 0.5 })).toMatch(/problem\.coverage: only cflp takes this field/);
    expect(err({ type: "lscp", radius: 10, coverage: 0.5, capacitated: true })).toMatch(/problem\.capacitated: capacities are not supported with target coverage/);
  });
});

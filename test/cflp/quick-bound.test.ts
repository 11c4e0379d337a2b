/**
 * `quickBound` (packages/core/src/cflp/lagrange.ts): the Lagrangian relaxation at zero and at its
 * starting multipliers — a floor under a MIP backend's bound when that one is missing or 0. It
 * must never exceed the true optimum (brute force), and a backend stopped before its relaxation
 * must report it instead of nothing.
 */
import { describe, expect, it } from "vitest";
import { parseProblem, parseScenario, solve, solveSync } from "@siting/core";
import { buildInstance } from "../../packages/core/src/instance.js";
import { buildCflpModel } from "../../packages/core/src/cflp/model.js";
import { lagrangianBound, quickBound } from "../../packages/core/src/cflp/lagrange.js";
import { MIP_START_MIN_COLUMNS } from "../../packages/core/src/cflp/mipstart.js";
import { formulateCflp } from "../../packages/core/src/lp/cflp.js";
import { randomCflp as benchCflp } from "../../benchmarks/cflp-instances.js";
import { mipMethod } from "../../packages/core/src/cflp/solve.js";
import { newSiteCount } from "../../packages/core/src/cflp/site-count.js";
import { RunContext } from "@siting/core/lp";
import { bruteCflp } from "./brute.js";
import { randomCflp } from "./random.js";
import type { Backend } from "../../packages/core/src/lp/backend.js";

/** The random cflp cases 1…seeds without a budget that have a solution, with their brute-force optimum. */
function* leastCostCases(seeds: number) {
  for (let seed = 1; seed <= seeds; seed++) {
    const c = randomCflp(seed);
    const problem = parseProblem(c.problem as never, c.scenario);
    if (problem.type !== "cflp" || problem.budget !== undefined) continue;
    const o = bruteCflp(c.scenario, c.problem);
    if (o.feasible) yield { c, problem, o };
  }
}

describe("cflp quick bound", () => {
  it("never exceeds the brute-force optimum (random least-cost and coverage cases) and is positive on some", () => {
    let checked = 0, positive = 0;
    for (const { c, problem, o } of leastCostCases(150)) {
      const md = buildCflpModel(buildInstance(c.scenario), c.scenario, problem);
      const q = quickBound(md);
      expect(q, `${c.name}: a bound`).not.toBeNull();
      expect(q as number, `${c.name}: quick bound ${q} above the optimum ${o.objective}`).toBeLessThanOrEqual(o.objective + 1e-7 * Math.max(1, Math.abs(o.objective)));
      checked++;
      if ((q as number) > 1e-9) positive++;
    }
    expect(checked).toBeGreaterThan(40);
    expect(positive, "cases where the floor says something").toBeGreaterThan(10);
  });

  it("floors the bound of a backend that stops without one (a stub backend returning its start, bound null)", async () => {
    const stub: Backend = { name: "stub", async solve(_m, o) { return { status: "time_limit", x: o?.incumbent ?? null, objective: null, bound: null, gap: null, seconds: 0 } as never; } };
    let floored = 0;
    for (const { c, problem } of leastCostCases(80)) {
      if (floored === 5) break;
      const md = buildCflpModel(buildInstance(c.scenario), c.scenario, problem);
      const q = quickBound(md) as number;
      const out = await mipMethod(stub)(md, { scenario: c.scenario, problem, ctx: new RunContext(), t0: performance.now(), timeLimit: undefined });
      expect(out.bound, c.name).toBe(q);
      floored++;
    }
    expect(floored).toBe(5);
  });
});

describe("cflp Lagrangian bound (root subgradient, for a MIP backend's unproven plan)", () => {
  it("never exceeds the brute-force optimum, and is above the quick bound on some cases", () => {
    let checked = 0, above = 0;
    for (const { c, problem, o } of leastCostCases(150)) {
      const md = buildCflpModel(buildInstance(c.scenario), c.scenario, problem);
      for (const target of [o.objective, null]) {
        const b = lagrangianBound(md, target, () => false);
        expect(b, `${c.name}: a bound`).not.toBeNull();
        expect(b as number, `${c.name}: Lagrangian bound ${b} above the optimum ${o.objective}`).toBeLessThanOrEqual(o.objective + 1e-7 * Math.max(1, Math.abs(o.objective)));
        checked++;
        if ((b as number) > (quickBound(md) as number) + 1e-6) above++;
      }
    }
    expect(checked).toBeGreaterThan(80);
    expect(above, "cases where the steps add to the quick bound").toBeGreaterThan(5);
  });

  it("bounds a large model whose backend stops with nothing (a stub backend): the steps' bound, not the quick floor", async () => {
    const c = benchCflp(1, { n: 200, m: 40 });
    const scenario = { ...c.scenario } as never;
    const json = { ...c.problem, singleSource: false };
    const sc = parseScenario(scenario);
    const problem = parseProblem(json as never, sc);
    const md = buildCflpModel(buildInstance(sc), sc, problem);
    expect(formulateCflp(md).model.numCols).toBeGreaterThanOrEqual(MIP_START_MIN_COLUMNS);
    const stub: Backend = { name: "stub", async solve() { return { status: "time_limit", x: null, objective: null, bound: null, gap: null, seconds: 0 } as never; } };
    const out = await mipMethod(stub)(md, { scenario: sc, problem, ctx: new RunContext(), t0: performance.now(), timeLimit: 60 });
    // (mipMethod prices the new-site count row as well)
    const expected = lagrangianBound(md, null, () => false, 1500, newSiteCount(md, new RunContext())) as number;
    expect(out.sol).toBeNull();
    expect(out.bound).toBe(expected);
    expect(expected).toBeGreaterThan((quickBound(md) as number) * 1.01);
    // and it is no bound above a feasible plan (HiGHS's, 10 s; validity against proven optima: the test above)
    const r = await solve(scenario, json as never, { solver: "highs", timeLimit: 10 });
    expect(r.objective).not.toBeNull();
    expect(expected).toBeLessThanOrEqual((r.objective as number) * (1 + 1e-7));
  }, 120_000);
});

describe("cflp engine stopped early", () => {
  it("reports a bound with every plan, never above the brute-force optimum (work limits of 2–8 checkpoints)", () => {
    let checked = 0;
    for (const { c, o } of leastCostCases(60)) {
      for (const workLimit of [2, 4, 8]) {
        const r = solveSync(c.json as never, c.problem as never, { solver: "engine", workLimit });
        if (r.objective === null || r.status === "optimal") continue;
        expect(r.bound, `${c.name}, work limit ${workLimit}: a plan without a bound`).not.toBeNull();
        expect(r.bound as number, c.name).toBeLessThanOrEqual(o.objective + 1e-7 * Math.max(1, Math.abs(o.objective)));
        checked++;
      }
    }
    expect(checked, "engine runs stopped with a plan and no proof").toBeGreaterThan(10);
  });
});

/**
 * Per-point radius (`radiusField`): a demand field overrides `radius` point by point, for lscp and
 * mclp (and the lscp variants). Brute force over every site set with the radius of each point read
 * here; every answer re-evaluated here.
 */
import { evaluate, parseProblem, parseScenario, ScenarioError, solve } from "@siting/core";
import { describe, expect, it } from "vitest";
import { close, dist, openIndices, randomInstance, solveAll, subsets, type Instance } from "./support.js";

const SEEDS = 30;

const radiusOf = (d: Instance["demand"][number], r: number) => (typeof d.cutoff === "number" ? d.cutoff : r);
const coveredBy = (inst: Instance, open: number[], r: number) => inst.demand.map((d) => open.some((j) => dist(d, inst.sites[j]) <= radiusOf(d, r)));
const costOf = (inst: Instance, open: number[]) => open.reduce((s, j) => s + (inst.sites[j].existing ? 0 : (inst.sites[j].cost ?? 0)), 0);

function withCutoffs(seed: number, costs: boolean, wide = false) {
  const inst = randomInstance(seed, { costs, existing: true, forbidden: true, ...(wide ? { m: [5, 9] as [number, number] } : {}) });
  // "urban" points get a short radius, "rural" ones a long one, the rest the default
  for (const d of inst.demand) {
    const u = inst.rand();
    if (u < 0.35) d.cutoff = wide ? inst.ri(25, 45) : inst.ri(10, 30);
    else if (u < 0.7) d.cutoff = wide ? inst.ri(60, 100) : inst.ri(50, 90);
  }
  return inst;
}

describe("per-point radius (radiusField)", () => {
  it(`lscp: engine, heuristic and the MIP backends against brute force on ${SEEDS} instances`, async () => {
    let feasible = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const byCost = seed % 2 === 0;
      const inst = withCutoffs(seed, byCost, true);
      const radius = inst.ri(45, 70);
      const value = (open: number[]) => (byCost ? costOf(inst, open) : open.length);
      let opt: number | null = null;
      for (const s of subsets(inst.sites)) {
        if (s.length === 0 || coveredBy(inst, s, radius).some((c, i) => !c && (inst.demand[i].weight ?? 1) > 0)) continue;
        if (opt === null || value(s) < opt) opt = value(s);
      }
      const problem = { type: "lscp" as const, radius, radiusField: "cutoff", objective: byCost ? ("cost" as const) : ("count" as const) };
      for (const { name, r } of await solveAll(inst, problem)) {
        const tag = `seed ${seed} ${name}`;
        if (opt === null) {
          expect(r.status, tag).toBe("infeasible");
          continue;
        }
        const open = openIndices(r, inst.sites);
        const cov = coveredBy(inst, open, radius);
        expect(cov.every((c, i) => c || !((inst.demand[i].weight ?? 1) > 0)), `${tag}: a point is not covered within its radius`).toBe(true);
        expect(close(r.objective as number, value(open)), tag).toBe(true);
        // the reported coverage flags are the per-point ones
        expect(r.assignment.map((a) => a.covered), tag).toEqual(cov);
        if (name === "heuristic") expect(r.objective as number, tag).toBeGreaterThanOrEqual(opt - 1e-9);
        else {
          expect(r.status, tag).toBe("optimal");
          expect(close(r.objective as number, opt), `${tag}: ${r.objective} vs brute force ${opt}`).toBe(true);
        }
      }
      if (opt !== null) feasible++;
    }
    expect(feasible).toBeGreaterThan(SEEDS / 3);
  }, 120_000);

  it(`mclp: engine, heuristic and the MIP backends against brute force on ${SEEDS} instances`, async () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const inst = withCutoffs(seed + 100, false);
      const radius = inst.ri(20, 50);
      const existing = inst.sites.filter((s) => s.existing).length;
      const p = Math.max(1, existing) + inst.ri(0, 1);
      const weightOf = (open: number[]) => coveredBy(inst, open, radius).reduce((s, c, i) => s + (c ? (inst.demand[i].weight ?? 1) : 0), 0);
      let opt = -1;
      for (const s of subsets(inst.sites)) if (s.length <= p) opt = Math.max(opt, weightOf(s));
      const problem = { type: "mclp" as const, radius, p, radiusField: "cutoff" };
      for (const { name, r } of await solveAll(inst, problem)) {
        const tag = `seed ${seed} ${name}`;
        const open = openIndices(r, inst.sites);
        expect(open.length, tag).toBeLessThanOrEqual(p);
        expect(close(r.objective as number, weightOf(open)), `${tag}: reported ${r.objective}, re-evaluated ${weightOf(open)}`).toBe(true);
        if (name === "heuristic") expect(r.objective as number, tag).toBeLessThanOrEqual(opt + 1e-9);
        else {
          expect(r.status, tag).toBe("optimal");
          expect(close(r.objective as number, opt), `${tag}: ${r.objective} vs brute force ${opt}`).toBe(true);
        }
      }
    }
  }, 120_000);

  it("evaluate() reads each point's radius; the field is validated; capacities are refused", async () => {
    const input = {
      demand: [
        { id: "town", x: 0, y: 50, weight: 5, cutoff: 30 },
        { id: "farm", x: 0, y: -90, weight: 1, cutoff: 100 },
        { id: "plain", x: 40, y: 0, weight: 2 },
      ],
      sites: [{ id: "s", x: 0, y: 0 }],
    };
    const scenario = parseScenario(input);
    const lscp = parseProblem({ type: "lscp", radius: 60, radiusField: "cutoff" }, scenario);
    const ev = evaluate(scenario, lscp, ["s"]);
    // town is 50 away, within the default 60 but not within its own 30
    expect(ev.feasible).toBe(false);
    expect(ev.violations.join()).toMatch(/1 demand point with weight > 0 not covered within their radius \(first: town\)/);
    expect(Array.from(ev.covered)).toEqual([0, 1, 1]);
    const mclp = evaluate(scenario, parseProblem({ type: "mclp", radius: 60, p: 1, radiusField: "cutoff" }, scenario), ["s"]);
    expect(mclp.objective).toBe(3);
    expect(mclp.coverage.covered).toBe(3);
    expect((await solve(input, { type: "lscp", radius: 60, radiusField: "cutoff" })).status).toBe("infeasible");
    const err = (p: unknown, d = input) => {
      try {
        parseProblem(p, parseScenario(d));
      } catch (e) {
        return (e as ScenarioError).message;
      }
      return "";
    };
    expect(err({ type: "lscp", radius: 60, radiusField: "cutoff" }, { ...input, demand: [...input.demand, { id: "x", x: 1, y: 1, weight: 1, cutoff: -5 } as never] })).toMatch(/demand\[3\]\.cutoff: expected a radius > 0.*got -5/);
    expect(err({ type: "pmedian", p: 1, radiusField: "cutoff" })).toMatch(/problem\.radiusField: only lscp and mclp take a per-point radius/);
    expect(err({ type: "mclp", p: 1, radius: 10, radiusField: "cutoff", capacitated: true })).toMatch(/problem\.capacitated: capacities are not supported with a per-point radius/);
  });
});

/**
 * Backup coverage (`{type: "lscp", radius, backup: true, p?}`, Hogan–ReVelle / LSCP-B): every point
 * with weight > 0 covered, at most p sites (without p: the fewest, or the cheapest, covers), the
 * most weight covered by two or more open sites. Brute force here; answers re-evaluated here.
 */
import { evaluate, parseProblem, parseScenario, ScenarioError, solve } from "@siting/core";
import { describe, expect, it } from "vitest";
import { close, dist, openIndices, randomInstance, solveAll, subsets, type Instance } from "./support.js";

const SEEDS = 30;

const counts = (inst: Instance, open: number[], radius: number) => inst.demand.map((d) => open.filter((j) => dist(d, inst.sites[j]) <= radius).length);
const covers = (inst: Instance, open: number[], radius: number) => open.length > 0 && counts(inst, open, radius).every((c, i) => c > 0 || !((inst.demand[i].weight ?? 1) > 0));
const backupOf = (inst: Instance, open: number[], radius: number) => counts(inst, open, radius).reduce((s, c, i) => s + (c >= 2 ? (inst.demand[i].weight ?? 1) : 0), 0);
const costOf = (inst: Instance, open: number[]) => open.reduce((s, j) => s + (inst.sites[j].existing ? 0 : (inst.sites[j].cost ?? 0)), 0);

/** The most backup weight over covers within the limit; the limit (p, or without p the least count or cost of a cover). */
function brute(inst: Instance, radius: number, p: number | undefined, byCost: boolean): { best: number; fits: (open: number[]) => boolean } | null {
  const all = [...subsets(inst.sites)].filter((s) => covers(inst, s, radius));
  if (all.length === 0) return null;
  let fits: (open: number[]) => boolean;
  if (p !== undefined) fits = (s) => s.length <= p;
  else if (byCost) {
    const least = Math.min(...all.map((s) => costOf(inst, s)));
    fits = (s) => costOf(inst, s) <= least + 1e-9;
  } else {
    const least = Math.min(...all.map((s) => s.length));
    fits = (s) => s.length <= least;
  }
  const ok = all.filter(fits);
  if (ok.length === 0) return null;
  return { best: Math.max(...ok.map((s) => backupOf(inst, s, radius))), fits };
}

describe("backup coverage (lscp + backup)", () => {
  it(`the MIP backends find the brute-force optimum, the engine and heuristic a feasible answer, on ${SEEDS} instances`, async () => {
    let feasible = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const mode = seed % 3; // 0: with p, 1: fewest sites, 2: least cost
      const inst = randomInstance(seed + 300, { costs: mode === 2, existing: true, forbidden: true, m: [4, 8] });
      const radius = inst.ri(45, 80);
      const existing = inst.sites.filter((s) => s.existing).length;
      const p = mode === 0 ? Math.max(existing, 1) + inst.ri(1, 3) : undefined;
      const opt = brute(inst, radius, p, mode === 2);
      const problem = { type: "lscp" as const, radius, backup: true, ...(p !== undefined ? { p } : {}), objective: mode === 2 ? ("cost" as const) : ("count" as const) };
      for (const { name, r } of await solveAll(inst, problem)) {
        const tag = `seed ${seed} mode ${mode} ${name}`;
        if (opt === null) {
          expect(r.status, tag).toBe("infeasible");
          continue;
        }
        const open = openIndices(r, inst.sites);
        expect(covers(inst, open, radius), `${tag}: a point is not covered`).toBe(true);
        expect(close(r.objective as number, backupOf(inst, open, radius)), `${tag}: reported ${r.objective}`).toBe(true);
        // without p the heuristic's cover may be larger than the least one, and says so
        if (name === "heuristic" && p === undefined && !opt.fits(open)) {
          expect(r.message, tag).toMatch(/not proven least/);
          continue;
        }
        expect(opt.fits(open), `${tag}: beyond the limit`).toBe(true);
        expect(r.objective as number, tag).toBeLessThanOrEqual(opt.best + 1e-9);
        if (name === "engine" || name === "heuristic") {
          if (r.status === "optimal") expect(close(r.objective as number, opt.best), tag).toBe(true);
          else expect(r.status, tag).toBe("feasible");
        } else {
          expect(r.status, tag).toBe("optimal");
          expect(close(r.objective as number, opt.best), `${tag}: ${r.objective} vs brute force ${opt.best}`).toBe(true);
        }
      }
      if (opt !== null) feasible++;
    }
    expect(feasible).toBeGreaterThan(SEEDS / 3);
  }, 120_000);

  it("evaluate() rejects an uncovered point and too many sites; the default solver proves the optimum", async () => {
    const input = {
      demand: [
        { id: "a", x: 0, y: 0, weight: 3 },
        { id: "b", x: 10, y: 0, weight: 2 },
        { id: "c", x: 100, y: 0, weight: 1 },
      ],
      sites: [
        { id: "s", x: 0, y: 0 },
        { id: "t", x: 10, y: 0 },
        { id: "u", x: 100, y: 0 },
        { id: "v", x: 95, y: 0 },
      ],
    };
    const scenario = parseScenario(input);
    const problem = parseProblem({ type: "lscp", radius: 20, backup: true, p: 3 }, scenario);
    expect(evaluate(scenario, problem, ["s", "t"]).violations.join()).toMatch(/not covered within 20 \(first: c\)/);
    expect(evaluate(scenario, problem, ["s", "t", "u", "v"]).violations.join()).toMatch(/4 sites open, more than p = 3/);
    const ok = evaluate(scenario, problem, ["s", "t", "u"]);
    expect(ok.feasible).toBe(true);
    expect(ok.objective).toBe(5);
    const r = await solve(input, { type: "lscp", radius: 20, backup: true, p: 3 });
    expect(r.status).toBe("optimal");
    expect(r.objective).toBe(5);
    // LSCP-B: two sites cover everything (s or t, u or v); among those at most one point can be doubly covered… none here
    const b = await solve(input, { type: "lscp", radius: 20, backup: true });
    expect(b.open.length).toBe(2);
    expect(b.objective).toBe(0);
    expect(b.message).toMatch(/among covers of every point with 2 sites/);
    expect(() => parseProblem({ type: "mclp", radius: 20, p: 2, backup: true }, scenario)).toThrow(ScenarioError);
    expect(() => parseProblem({ type: "lscp", radius: 20, p: 2 }, scenario)).toThrow(/p is not allowed/);
    expect(() => parseProblem({ type: "lscp", radius: 20, backup: true, coverage: 0.5 }, scenario)).toThrow(/problem\.coverage: backup coverage covers every point once/);
  });
});

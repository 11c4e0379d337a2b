/**
 * A district with no plan after every attempt gets the engine's plan on the looser model with the
 * least time its size needs (`solveByDistrict`'s last resort): here every solve shorter than that
 * returns no plan (as a loaded machine's short shares did on the whole area's 2035 Fengxian parts),
 * and the type must still end with a plan for every district — every cell served in full, loads
 * within capacity and at least each new site's minimum — and say that it took the last resort.
 */
import { solve, type Result } from "@siting/core";
import { lingangGrid, planFacility, type ScenarioJSON } from "@siting/lingang";
import { describe, expect, it } from "vitest";

/** What a solve that found nothing returns (as the worker's `noPlan`). */
function noPlan(scenario: ScenarioJSON, r: Result): Result {
  const total = scenario.demand.reduce((a, d) => a + d.weight, 0);
  return {
    ...r, status: "time_limit", objective: null, bound: null, gap: null, open: [], sites: [], cost: 0,
    coverage: { covered: 0, total, fraction: 0 }, maxDistance: null, meanDistance: null, equity: null,
    assignment: scenario.demand.map((d) => ({ demand: d.id, site: null, distance: null, covered: false })),
    message: "no plan (test: the share was too short)",
  };
}

describe("Lingang: a district's last-resort plan", () => {
  it("every solve under 1 + cells/1000 s finds nothing: stations still get a plan for every district from the engine", async () => {
    const grid = lingangGrid({ zone: "first-start", resolution: 500 });
    const calls: { solver: string; timeLimit: number }[] = [];
    const plan = await planFacility("stations", grid, {
      timeLimit: 1, frontier: false,
      solveWith: async (sc, problem, o) => {
        const limit = o.timeLimit ?? Infinity;
        calls.push({ solver: String(o.solver), timeLimit: limit });
        const r = await solve(sc as never, problem, { ...o, solver: typeof o.solver === "string" ? o.solver : "auto" });
        return limit < 1 + sc.demand.length / 1000 ? noPlan(sc, r) : r;
      },
    });
    expect(plan.unplanned).toEqual([]);
    expect(plan.objective).not.toBeNull();
    expect(plan.messages.some((m) => m.includes("the engine's plan with"))).toBe(true);
    // the last resort was an engine solve with at least the time the district's size needs
    expect(calls.some((c) => c.solver === "engine" && c.timeLimit >= 1)).toBe(true);
    // every cell served in full; loads within capacity, new sites at least their minimum
    for (const c of plan.cells) expect(c.shares.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 9);
    const fresh = plan.sites.filter((s) => !s.existing);
    expect(fresh.length).toBeGreaterThan(0);
    for (const s of plan.sites) {
      expect(s.units).toBeLessThanOrEqual(s.capacity * (1 + 1e-9) + 1e-9);
      if (!s.existing) expect(s.units).toBeGreaterThanOrEqual(s.minimum * (1 - 1e-9) - 1e-9);
    }
  }, 120_000);

  it("the urban reach proven infeasible and the looser model unsettled in its share: the last resort still plans every district", async () => {
    const grid = lingangGrid({ zone: "first-start", resolution: 500 });
    const plan = await planFacility("stations", grid, {
      timeLimit: 1, frontier: false,
      solveWith: async (sc, problem, o) => {
        const limit = o.timeLimit ?? Infinity;
        const r = await solve(sc as never, problem, { ...o, solver: typeof o.solver === "string" ? o.solver : "auto" });
        // the model with the urban reach: "proven" infeasible; the looser one: nothing in a short share
        if (sc.demand.some((d) => d.reach < d.ruleReach)) return { ...noPlan(sc, r), status: "infeasible", message: "no solution meets every constraint (test)" };
        return limit < 1 + sc.demand.length / 1000 ? noPlan(sc, r) : r;
      },
    });
    expect(plan.unplanned).toEqual([]);
    expect(plan.objective).not.toBeNull();
    expect(plan.messages.some((m) => m.includes("no solution meets every constraint (test)") && m.includes("the engine's plan with"))).toBe(true);
    for (const c of plan.cells) expect(c.shares.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 9);
    for (const s of plan.sites) {
      expect(s.units).toBeLessThanOrEqual(s.capacity * (1 + 1e-9) + 1e-9);
      if (!s.existing) expect(s.units).toBeGreaterThanOrEqual(s.minimum * (1 - 1e-9) - 1e-9);
    }
  }, 120_000);
});

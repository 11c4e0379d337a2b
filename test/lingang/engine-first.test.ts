/**
 * How a large district's time is used (`engineThenMip` in packages/lingang/src/plan.ts): the
 * first-start zone at 250 m is one district of 1,089 cells, over the 800 cells from which our
 * engine plans first. With a share under one second per 500 cells the engine plans alone — HiGHS
 * after it found no plan on the whole area's 1,613-cell districts in what was left — and a plan
 * the engine proves goes straight back: HiGHS after a proof has nothing to add.
 */
import { solve, type Result } from "@siting/core";
import { lingangGrid, planFacility } from "@siting/lingang";
import { describe, expect, it } from "vitest";

describe("Lingang: a large district's solves", () => {
  const grid = lingangGrid({ zone: "first-start", resolution: 250 });

  it("a share under cells / 500 s: every solve of the district is our engine's, none HiGHS's", async () => {
    const calls: { solver: string; cells: number; timeLimit: number }[] = [];
    const plan = await planFacility("stations", grid, {
      timeLimit: 2, frontier: false,
      solveWith: async (sc, problem, o) => {
        calls.push({ solver: String(o.solver), cells: sc.demand.length, timeLimit: o.timeLimit ?? Infinity });
        return solve(sc as never, problem, { ...o, solver: typeof o.solver === "string" ? o.solver : "auto" });
      },
    });
    const big = calls.filter((c) => c.cells > 800);
    expect(big.length).toBeGreaterThan(0);
    expect(big.filter((c) => c.solver !== "engine")).toEqual([]);
    // the first solve had the whole share (≈ 1.8 s of 2 s), not the engine-first 35 % (1 s at least)
    expect(big[0].timeLimit).toBeGreaterThan(1.2);
    expect(plan.unplanned).toEqual([]);
  }, 120_000);

  it("a plan the engine proves: no HiGHS solve after it", async () => {
    const calls: { solver: string; scenario: unknown; proven: boolean }[] = [];
    const plan = await planFacility("clinics", grid, {
      timeLimit: 8, frontier: false,
      solveWith: async (sc, problem, o) => {
        const solver = typeof o.solver === "string" ? o.solver : "auto";
        const call = { solver, scenario: sc, proven: false };
        calls.push(call);
        if (solver !== "engine") return solve(sc as never, problem, { ...o, solver });
        // the engine's plan, reported as proven (as when its tree closes); at least 5 s, so that a
        // loaded machine still finds one (2.8 s finds one unloaded)
        const r: Result = await solve(sc as never, problem, { ...o, solver, timeLimit: Math.max(o.timeLimit ?? 0, 5) });
        if (r.objective === null) return r;
        call.proven = true;
        return { ...r, status: "optimal", bound: r.objective, gap: 0 };
      },
    });
    const proven = calls.findIndex((c) => c.proven);
    expect(proven).toBeGreaterThanOrEqual(0);
    // nothing after it for the same model (HiGHS used to be started from the proven plan)
    expect(calls.slice(proven + 1).filter((c) => c.scenario === calls[proven].scenario)).toEqual([]);
    expect(plan.objective).not.toBeNull();
    expect(plan.status).toBe("optimal");
  }, 120_000);
});

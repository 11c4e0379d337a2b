/**
 * A coarse lattice's plan as the start of the fine lattice's solve: the mapped start keeps every
 * site's position, size and every cell's shares (re-checked from the two scenarios), and the fine
 * solve returns a plan at least as good as the start.
 */
import { solve } from "@siting/core";
import { lingangGrid, lingangScenario } from "@siting/lingang";
import { describe, expect, it } from "vitest";
import { startFrom } from "../../packages/lingang/src/warmstart.js";

describe("startFrom", () => {
  it("maps a coarse-lattice plan onto the fine lattice, and the fine solve keeps it or does better", async () => {
    const grid = lingangGrid({ year: 2024, zone: "first-start", resolution: 500 });
    const fine = lingangScenario({ facility: "schools-primary", grid, catchment: { spacing: 500 } });
    const coarse = lingangScenario({ facility: "schools-primary", grid, catchment: { spacing: 1000 } });
    expect(coarse.scenario.sites.length).toBeLessThan(fine.scenario.sites.length);
    const cr = await solve(coarse.scenario, coarse.problem, { solver: "heuristic", timeLimit: 5 });
    expect(cr.objective).not.toBeNull();
    const start = startFrom(cr, coarse.scenario, fine.scenario)!;
    expect(start).not.toBeNull();
    // re-check: sizes and shares at the same places
    const at = (s: { lon: number; lat: number }) => `${s.lon},${s.lat}`;
    const coarseById = new Map(coarse.scenario.sites.map((s) => [s.id, s]));
    const opened = cr.sites.filter((s) => s.module !== undefined);
    const mapped = fine.scenario.sites.flatMap((s, j) => (start.option[j] >= 0 ? [{ place: at(s), module: s.modules![start.option[j]].name }] : []));
    expect(mapped.sort((a, b) => a.place.localeCompare(b.place))).toEqual(
      opened.map((s) => ({ place: at(coarseById.get(s.id)!), module: s.module })).sort((a, b) => a.place.localeCompare(b.place)),
    );
    const assignment = new Map(cr.assignment.map((a) => [a.demand, a]));
    fine.scenario.demand.forEach((d, i) => {
      const a = assignment.get(d.id)!;
      const want = (a.shares ?? [{ site: a.site!, share: 1 }]).map((s) => `${at(coarseById.get(s.site)!)}:${s.share}`).sort();
      expect(start.share![i].map((e) => `${at(fine.scenario.sites[e.site])}:${e.fraction}`).sort()).toEqual(want);
    });
    const fr = await solve(fine.scenario, fine.problem, { solver: "highs", timeLimit: 3, start });
    expect(fr.objective).not.toBeNull();
    expect(fr.objective!).toBeLessThanOrEqual(cr.objective! + 1e-9 * Math.abs(cr.objective!));
  }, 120_000);

  it("gives null when a site of the plan has no place in the other scenario", () => {
    const grid = lingangGrid({ year: 2024, zone: "first-start", resolution: 500 });
    const ls = lingangScenario({ facility: "stations", grid });
    const plan = { sites: [{ id: "nowhere", existing: false, module: "station" }], assignment: [] } as unknown as Parameters<typeof startFrom>[0];
    expect(startFrom(plan, ls.scenario, ls.scenario)).toBeNull();
  });
});

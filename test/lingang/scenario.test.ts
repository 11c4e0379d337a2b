import { parseProblem, parseScenario, solveSync } from "@siting/core";
import { describe, expect, it } from "vitest";
import {
  ASSUMPTIONS, FACILITY_TYPES, STANDARDS, assumptionsTable, candidateSites, existingFacilities, lingangGrid, lingangScenario, walkRadius,
} from "@siting/lingang";

describe("Lingang scenarios", () => {
  const grid = lingangGrid({ year: 2024, zone: "all", resolution: 500 });

  it.each(FACILITY_TYPES)("%s: plain JSON accepted by parseScenario; every recommended problem by parseProblem", (facility) => {
    const s = lingangScenario({ facility, grid, year: 2024, zone: "all", resolution: 500 });
    const json = JSON.parse(JSON.stringify(s.scenario));
    expect(json).toEqual(s.scenario);
    const parsed = parseScenario(json);
    expect(parsed.coords).toBe("lonlat");
    expect(parsed.demand.length).toBe(s.scenario.demand.length);
    expect(parsed.sites.some((t) => t.existing)).toBe(true);
    expect(parsed.demand[0].properties.town).toBeTypeOf("string");
    for (const p of s.problems) expect(() => parseProblem(p.problem, parsed)).not.toThrow();
    expect(s.problems[0].problem.radius).toBe(s.radius);
  });

  it("solveSync(scenario, {type: lscp, radius: 800}) is feasible on the 500 m grid", () => {
    const s = lingangScenario({ facility: "stations", grid, year: 2024, zone: "all", resolution: 500 });
    const r = solveSync(s.scenario, { type: "lscp", radius: 800, capacitated: false }, { seed: 1, solver: "heuristic" });
    expect(["optimal", "feasible"]).toContain(r.status);
    expect(r.coverage.fraction).toBe(1);
    expect(r.open.length).toBeGreaterThan(10);
  });

  it("clinics: capacitated LSCP with 0.45 GPs per 1,000, candidates carry size modules, plan CHCs present", () => {
    const s = lingangScenario({ facility: "clinics", grid, year: 2024, zone: "all", resolution: 500 });
    expect(s.problems[0].problem).toMatchObject({ type: "lscp", capacitated: true, radius: 800, standard: { per: 1000, units: 0.45, of: "weight" } });
    expect(s.residents).toBe(600_000);
    expect(s.scenario.demand.reduce((a, d) => a + d.weight, 0)).toBe(600_000);
    const plan = s.scenario.sites.filter((t) => t.origin === "plan").map((t) => t.id);
    expect(plan).toEqual(["plan-chc-shengang", "plan-chc-wanxiang", "plan-chc-shuyuan", "plan-chc-pingan"]);
    const existing = s.scenario.sites.filter((t) => t.existing);
    expect(existing).toHaveLength(9);
    expect(existing.every((t) => t.capacity === ASSUMPTIONS["chc.existing.gps"].value)).toBe(true);
    expect(s.scenario.sites.filter((t) => !t.existing).every((t) => t.modules && t.modules.length === 3 && t.cost! > 0)).toBe(true);
  });

  it("schools use the GB 50180 radii and the level's children; candidate spacing keeps LSCP feasible", () => {
    for (const [facility, radius] of [["schools-kindergarten", 300], ["schools-primary", 500], ["schools-middle", 1000]] as const) {
      const s = lingangScenario({ facility, grid, year: 2024, zone: "all", resolution: 500 });
      expect(s.radius).toBe(radius);
      expect(s.problems[0].problem.standard).toEqual({ per: 1, units: 1, of: "weight" });
      const r = solveSync(s.scenario, { type: "lscp", radius, capacitated: false }, { seed: 1, solver: "heuristic" });
      expect(r.coverage.fraction).toBe(1);
    }
  });

  it("first-start zone at 250 m: eldercare scenario with modules 300/600/1,200 m² solves its coverage fallback", () => {
    const s = lingangScenario({ facility: "eldercare", year: 2024, zone: "first-start", resolution: 250 });
    expect(s.problems[0].problem.standard).toEqual({ per: 1000, units: 40, of: "weight" });
    const cand = s.scenario.sites.find((t) => !t.existing)!;
    expect(cand.modules!.map((m) => m.capacity)).toEqual([300, 600, 1200]);
    const budget = s.problems.find((p) => p.id === "budget")!;
    const r = solveSync(s.scenario, budget.problem, { seed: 1, shakes: 2, solver: "heuristic" });
    expect(r.coverage.fraction).toBeGreaterThan(0.3);
  });

  it("standards cite the plan; the 15-minute radius is configurable", () => {
    expect(STANDARDS.gpPerThousand.source).toContain("§四(二)5");
    expect(STANDARDS.gpPerThousand.source).toContain("0.45");
    expect(STANDARDS.eldercareArea.source).toContain("40平方米");
    expect(STANDARDS.doorstepStations.source).toContain("§四(四)11");
    expect(walkRadius()).toBe(800);
    expect(walkRadius({ detour: 1.3, roundTo: 0 })).toBeCloseTo(865.4, 1);
    expect(lingangScenario({ facility: "stations", grid, walk: { minutes: 10 } }).radius).toBe(500);
  });

  it("one assumptions table with a source and grade for every entry; facilities are sourced", () => {
    const rows = assumptionsTable();
    expect(rows.length).toBeGreaterThan(60);
    for (const r of rows) {
      expect(["S", "S2", "D", "E"]).toContain(r.grade);
      expect(r.source.length).toBeGreaterThan(0);
      expect(Number.isFinite(r.value)).toBe(true);
    }
    for (const f of [...existingFacilities(2024), ...existingFacilities(2035)]) expect(f.source.length).toBeGreaterThan(0);
    expect(existingFacilities(2024).find((f) => f.id === "hospital-liuyuan")!.capacity).toBe(600);
    const c = candidateSites(grid, "station", { spacing: 1000 });
    const c500 = candidateSites(grid, "station");
    expect(c.length).toBeLessThan(c500.length / 2);
  });
});

describe("lingangScenario with a given grid", () => {
  it("takes year, zone and resolution from the grid", () => {
    const g = lingangGrid({ year: 2035, zone: "first-start", resolution: 500 });
    const s = lingangScenario({ facility: "schools-middle", grid: g });
    expect([s.year, s.zone, s.resolution]).toEqual([2035, "first-start", 500]);
    expect(s.residents).toBe(g.totals.residents);
    expect(() => lingangScenario({ facility: "clinics", grid: g, year: 2024 })).toThrow(/another year/);
    // 华二附中临港 (Fengxian part): a zero-cost candidate in 2024, an existing school in 2035
    const m24 = lingangScenario({ facility: "schools-middle", grid: lingangGrid({ year: 2024, resolution: 500 }) });
    const m35 = lingangScenario({ facility: "schools-middle", grid: lingangGrid({ year: 2035, resolution: 500 }) });
    expect(m24.scenario.sites.find((t) => t.id === "uc-middle-hsefz-lingang")).toMatchObject({ cost: 0, origin: "under-construction" });
    expect(m24.pending.map((f) => f.id)).toEqual(["middle-hsefz-lingang"]);
    expect(m35.scenario.sites.find((t) => t.id === "middle-hsefz-lingang")).toMatchObject({ existing: true, capacity: 1500 });
    expect(m35.scenario.sites.some((t) => t.origin === "under-construction")).toBe(false);
  });
});

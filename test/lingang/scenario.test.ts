/**
 * The planner's scenarios: demand as planners count it (5+4 ages, no children where there are no
 * families, the forward margin), catchments by land use, sizes from the norms, existing capacity
 * with one expansion, the plan's named projects committed, and a cflp the library accepts.
 */
import { explainCflp, haversine, parseProblem, parseScenario } from "@siting/core";
import {
  ASSUMPTIONS, CATCHMENTS, FACILITY_TYPES, NAMED_CHCS, isUrban, lingangGrid, lingangScenario, moduleMenu, type FacilityType, type LingangGrid,
} from "@siting/lingang";
import { describe, expect, it } from "vitest";

const grids = new Map<string, LingangGrid>();
const grid = (zone: "first-start" | "all", year: 2024 | 2035 = 2024) => {
  const k = `${zone}-${year}`;
  if (!grids.has(k)) grids.set(k, lingangGrid({ year, zone, resolution: 500 }));
  return grids.get(k)!;
};

describe("lingangScenario", () => {
  it("the Fengxian towns mostly outside the area (青村, 金汇) keep their town's facilities, holding their in-area need up to the assumed size", () => {
    for (const year of [2024, 2035] as const) {
      for (const facility of ["clinics", "schools-kindergarten", "stations"] as const) {
        const ls = lingangScenario({ facility, grid: grid("all", year) });
        for (const town of ["qingcun", "jinhui"] as const) {
          const site = ls.scenario.sites.find((x) => x.existing && x.town === town && x.origin === "existing");
          expect(site, `${year} ${facility} ${town}`).toBeDefined();
          const need = ls.scenario.demand.filter((d) => d.town === town).reduce((a, d) => a + (d.weight * ls.standard.units) / ls.standard.per, 0);
          const assumed = facility === "clinics" ? ASSUMPTIONS["chc.existing.gps"].value : facility === "stations" ? ASSUMPTIONS["station.capacity"].value : ASSUMPTIONS["school.kindergarten.existing.seats"].value;
          expect(need).toBeGreaterThan(0);
          expect(site!.capacity).toBeCloseTo(Math.min(need, assumed), 9);
        }
        // no cell of the area is left to a facility of another town far away: the farthest reach is ~10 km
        expect(Math.max(...ls.scenario.demand.map((d) => d.reach))).toBeLessThan(11_000);
      }
    }
  });
  for (const facility of FACILITY_TYPES) {
    it(`${facility}: a valid cflp with catchments by land use, sizes from the norms and existing capacity first`, () => {
      const g = grid("first-start");
      const ls = lingangScenario({ facility, grid: g });
      const sc = parseScenario(ls.scenario);
      const pr = parseProblem(ls.problem, sc);
      expect(pr.type).toBe("cflp");
      expect(pr.minUse).toBe(ASSUMPTIONS.minUse.value);
      expect(pr.singleSource).toBe(false);
      const c = CATCHMENTS[facility];
      // demand: mainland cells with demand; urban by density; reach by land use
      const byId = new Map(g.cells.map((cell) => [cell.id, cell]));
      for (const d of ls.scenario.demand) {
        const cell = byId.get(d.id)!;
        expect(cell.part).toBe(0);
        expect(d.urban).toBe(isUrban(cell, g.cellAreaKm2) ? 1 : 0);
        expect(d.weight).toBeGreaterThan(0);
        if (d.urban) {
          expect(d.reach).toBeGreaterThanOrEqual(c.urbanReach);
          expect(d.reach).toBeLessThanOrEqual(Math.max(c.urbanReach, d.ruleReach));
        } else {
          expect(d.reach).toBe(d.ruleReach);
          expect(d.reach).toBeGreaterThanOrEqual(c.ruralReach);
        }
      }
      // beyond the rural reach only existing facilities serve
      expect(pr.newSiteReach).toBe(c.ruralReach);
      // a cell beyond the rural reach is allowed its nearest existing facility of the district, and no farther
      for (const d of ls.scenario.demand.filter((x) => x.reachRule === "nearest-existing")) {
        const near = Math.min(...ls.scenario.sites.filter((s) => s.existing && s.district === d.district).map((s) => haversine(d.lon, d.lat, s.lon, s.lat)));
        expect(d.reach).toBeGreaterThanOrEqual(near);
        expect(d.reach).toBeLessThanOrEqual(near + 2);
      }
      // price beyond the urban reach for the "price" types, a hard urban reach for the others
      if (c.urbanReachRule === "price") {
        expect(pr.radius).toBe(c.urbanReach);
        expect(pr.outsideCost).toBeGreaterThan(0);
        expect(pr.coverageOf).toBe("urban");
      } else expect(pr.outsideCost).toBeUndefined();
      // sites: existing with their capacity (and one expansion), candidates with the norm's sizes
      const menu = moduleMenu(ls.kind);
      for (const s of ls.scenario.sites) {
        if (s.existing) expect(s.capacity).toBeGreaterThan(0);
        else if (s.origin === "lattice") expect(s.modules!.map((m) => m.capacity)).toEqual(menu.map((m) => m.capacity));
      }
      expect(ls.scenario.sites.some((s) => s.existing)).toBe(true);
      // the precheck passes on the model as built
      expect(explainCflp(ls.scenario, ls.problem).filter((r) => r.kind === "capacity")).toEqual([]);
    });
  }

  it("kindergarten sizes are 9/12/15 classes of 30; health centres two stations, a 25-GP and a 40-GP centre; middle schools an 8-class 九年一贯制 middle section and 16–32 classes of 45", () => {
    expect(moduleMenu("kindergarten").map((m) => m.capacity)).toEqual([270, 360, 450]);
    expect(moduleMenu("chc").map((m) => m.capacity)).toEqual([4, 8, 25, 40]);
    expect(moduleMenu("middle").map((m) => m.capacity)).toEqual([8 * 45, 16 * 45, 24 * 45, 28 * 45, 32 * 45]);
    // every size a graded assumption
    for (const k of ["chc.module.XS.gps", "school.middle.module.XS", "school.middle.module.XXS"] as const) expect(ASSUMPTIONS[k].grade).toBe("E");
  });

  it("the plan's named CHC projects are 25-GP centres", () => {
    const ls = lingangScenario({ facility: "clinics", grid: grid("first-start") });
    const shengang = ls.scenario.sites.find((s) => s.id === "plan-chc-shengang")!;
    expect(shengang.capacity).toBe(25);
  });

  it("the forward margin scales school and elder-care need, not GPs", () => {
    const g = grid("first-start");
    const kg = lingangScenario({ facility: "schools-kindergarten", grid: g });
    expect(kg.margin).toBe(ASSUMPTIONS["margin.schools"].value);
    expect(kg.standard.units).toBeCloseTo(kg.margin, 12);
    const kg1 = lingangScenario({ facility: "schools-kindergarten", grid: g, margin: 1 });
    expect(kg1.standard.units).toBe(1);
    const chc = lingangScenario({ facility: "clinics", grid: g });
    expect(chc.margin).toBe(1);
    expect(chc.standard).toEqual({ per: 1000, units: 0.45, of: "weight" });
  });

  it("the port island and the airport-south strip are reported, not planned", () => {
    const g = grid("all");
    const ls = lingangScenario({ facility: "clinics", grid: g });
    const parts = [1, 2].map((p) => g.cells.filter((c) => c.part === p).reduce((a, c) => a + c.residents, 0));
    expect(ls.excluded.map((e) => e.residents)).toEqual(parts);
    expect(parts[0]).toBeGreaterThan(0);
    const planned = ls.scenario.demand.reduce((a, d) => a + d.residents, 0);
    expect(planned + parts[0] + parts[1]).toBe(g.totals.residents);
  });

  it("the plan's named health centres are committed: 申港 in the first-start zone, all four in the whole area; relocations replace the old centre", () => {
    const first = lingangScenario({ facility: "clinics", grid: grid("first-start") });
    expect(first.scenario.sites.filter((s) => s.origin === "committed").map((s) => s.id)).toEqual(["plan-chc-shengang"]);
    const all = lingangScenario({ facility: "clinics", grid: grid("all") });
    const committed = all.scenario.sites.filter((s) => s.origin === "committed");
    expect(committed.map((s) => s.id).sort()).toEqual(NAMED_CHCS.map((p) => `plan-chc-${p.seat}`).sort());
    for (const s of committed) {
      expect(s.existing).toBe(true);
      expect(s.committedCost).toBeGreaterThan(0);
    }
    for (const p of NAMED_CHCS) if (p.replaces) expect(all.scenario.sites.some((s) => s.id === p.replaces)).toBe(false);
  });

  it("co-located elder care costs less at a new health centre's site", () => {
    const g = grid("first-start");
    const ls = lingangScenario({ facility: "eldercare", grid: g, colocateWith: [{ id: "cand-chc-x", name: "CHC x", lon: 121.93, lat: 30.92, town: "nanhui-xincheng" }] });
    const colo = ls.scenario.sites.find((s) => s.origin === "colocated")!;
    expect(colo.with).toBe("cand-chc-x");
    const k = ASSUMPTIONS["eldercare.colocated.factor"].value;
    expect(colo.modules!.map((m) => m.cost)).toEqual(moduleMenu("eldercare").map((m) => +(m.cost * k).toFixed(3)));
  });

  it("sites built in the near term stay open in 2035 with upgrades to the larger sizes", () => {
    const g = grid("first-start", 2035);
    const m = moduleMenu("kindergarten");
    const ls = lingangScenario({ facility: "schools-kindergarten", grid: g, built: [{ id: "b1", name: "k1", lon: 121.93, lat: 30.92, town: "nanhui-xincheng", capacity: m[0].capacity, cost: m[0].cost }] });
    const b = ls.scenario.sites.find((s) => s.id === "b1")!;
    expect(b.existing).toBe(true);
    expect(b.capacity).toBe(m[0].capacity);
    expect(b.modules!.map((u) => [u.capacity, u.cost])).toEqual(m.slice(1).map((u) => [u.capacity - m[0].capacity, u.cost - m[0].cost]));
  });

  it("with a budget: every cell at its rule reach, the share of urban weight within the radius is maximised", () => {
    const ls = lingangScenario({ facility: "stations" as FacilityType, grid: grid("first-start"), budget: 20 });
    expect(ls.problem).toMatchObject({ budget: 20, radius: CATCHMENTS.stations.radius, coverageOf: "urban" });
    expect(ls.problem.outsideCost).toBeUndefined();
    for (const d of ls.scenario.demand) expect(d.reach).toBe(d.ruleReach);
  });
});

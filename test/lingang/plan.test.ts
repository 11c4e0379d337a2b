/**
 * The main job end to end on a small configuration (first-start zone, 500 m, three facility types,
 * short time limits): every plan re-checked from its own cells — loads, capacities, minimum use,
 * reach, the share within the radius — the named project open, the near-term sites on the 2035
 * network, and the report's fields.
 */
import { haversine } from "@siting/core";
import { ASSUMPTIONS, lingangGrid, lingangScenario, planFacility, planLingang, planMaps, planToJSON, planToMarkdown, plausibilityFlags, type FacilityPlan, type LingangPlan } from "@siting/lingang";
import { beforeAll, describe, expect, it } from "vitest";

let plan: LingangPlan;
beforeAll(async () => {
  plan = await planLingang({ zone: "first-start", resolution: 500, facilities: ["clinics", "eldercare", "stations"], timeLimit: 1 });
}, 240_000);

/** Re-checks one type's plan from its cells and the scenario rebuilt from the same grid. */
function recheck(f: FacilityPlan, grid: LingangPlan["grid"], budget?: number) {
  const ls = lingangScenario({ facility: f.facility, grid, ...(budget !== undefined ? { budget } : {}) });
  const demand = new Map(ls.scenario.demand.map((d) => [d.id, d]));
  const sites = new Map(f.sites.map((s) => [s.id, s]));
  const scenarioSites = new Map(ls.scenario.sites.map((s) => [s.id, s]));
  const load = new Map<string, number>();
  let urban = 0, within = 0;
  for (const c of f.cells) {
    const d = demand.get(c.cell)!;
    expect(d, c.cell).toBeDefined();
    const sum = c.shares.reduce((a, s) => a + s.share, 0);
    expect(sum).toBeCloseTo(1, 9);
    for (const sh of c.shares) {
      const s = sites.get(sh.site)!;
      expect(s, sh.site).toBeDefined();
      const dist = haversine(d.lon, d.lat, s.lon, s.lat);
      expect(Math.abs(dist - sh.distance)).toBeLessThan(1e-6 * Math.max(1, dist));
      expect(sh.distance).toBeLessThanOrEqual(d.ruleReach + 1e-6);
      // a new facility serves within the rural reach (farther: existing ones only)
      if (!scenarioSites.get(sh.site)?.existing) expect(sh.distance).toBeLessThanOrEqual(f.catchment.ruralReach + 1e-6);
      load.set(sh.site, (load.get(sh.site) ?? 0) + (sh.share * d.weight * ls.standard.units) / ls.standard.per);
      if (d.urban && sh.distance <= f.withinRadius.radius) within += sh.share * d.weight;
    }
    if (d.urban) urban += d.weight;
  }
  expect(f.cells.length).toBe(ls.scenario.demand.length);
  expect(within / urban).toBeCloseTo(f.withinRadius.share, 9);
  for (const s of f.sites) {
    const l = load.get(s.id) ?? 0;
    expect(l).toBeCloseTo(s.units, 6);
    expect(l).toBeLessThanOrEqual(s.capacity * (1 + 1e-9) + 1e-9);
    if (!s.existing) expect(l).toBeGreaterThanOrEqual(s.minimum * (1 - 1e-9) - 1e-9);
  }
  const need = ls.scenario.demand.reduce((a, d) => a + (d.weight * ls.standard.units) / ls.standard.per, 0);
  expect(f.need).toBeCloseTo(need, 6);
  expect(f.capacity).toBeCloseTo(f.sites.reduce((a, s) => a + s.capacity, 0), 6);
}

describe("planLingang (first-start, 500 m, three types)", () => {
  it("plans every type asked for, near term and 2035, each answer re-checked from its cells", () => {
    expect(plan.facilities.map((f) => f.facility)).toEqual(["clinics", "eldercare", "stations"]);
    expect(plan.phasing?.facilities.map((f) => f.facility)).toEqual(["clinics", "eldercare", "stations"]);
    for (const f of plan.facilities) {
      expect(f.objective, f.facility).not.toBeNull();
      recheck(f, plan.grid);
    }
  });

  it("the plan's named health centre (申港) is open", () => {
    const chc = plan.facilities.find((f) => f.facility === "clinics")!;
    const sg = chc.sites.find((s) => s.id === "plan-chc-shengang");
    expect(sg?.origin).toBe("committed");
    expect(chc.costCommitted).toBeGreaterThan(0);
  });

  it("every near-term new site is on the 2035 network", () => {
    expect(plan.phasing!.subset).toBe(true);
    for (const f of plan.facilities) {
      const net = new Set(plan.phasing!.facilities.find((p) => p.facility === f.facility)!.sites.map((s) => s.id));
      for (const s of f.sites) if (!s.existing) expect(net.has(s.id), `${f.facility} ${s.id}`).toBe(true);
    }
  });

  it("elder care may share new health-centre buildings; the saving is the shared modules' difference", () => {
    const e = plan.facilities.find((f) => f.facility === "eldercare")!;
    expect(e.colocation).toBeDefined();
    const shared = e.sites.filter((s) => s.origin === "colocated");
    expect(e.colocation!.shared).toBe(shared.length);
    expect(e.colocation!.costTogether).toBeCloseTo(shared.reduce((a, s) => a + s.cost, 0), 9);
    // each shared module costs ASSUMPTIONS eldercare.colocated.factor × its stand-alone cost
    const k = ASSUMPTIONS["eldercare.colocated.factor"].value;
    expect(e.colocation!.costAlone).toBeCloseTo(e.colocation!.costTogether / k, 9);
    expect(e.colocation!.saving).toBeCloseTo(e.colocation!.costAlone - e.colocation!.costTogether, 9);
    for (const s of shared) expect(s.id.startsWith("colo-")).toBe(true);
  });

  it("flags every line outside the norms, and only those", () => {
    for (const f of plan.facilities) {
      const cap = f.capacity > 1.5 * f.need && f.existingCapacity <= 1.5 * f.need && f.kind !== "station";
      expect(f.flags.some((x) => x.startsWith("capacity")), f.facility).toBe(cap);
      const gap = f.gap !== null && f.gap > 0.01;
      expect(f.flags.some((x) => x.startsWith("gap")), f.facility).toBe(gap);
      const radius = f.catchment.fifteenMinute && f.withinRadius.share < 0.99;
      expect(f.flags.some((x) => x.includes("of urban residents within")), f.facility).toBe(radius);
    }
  });

  it("report.json has the fields a planning tool reads; report.md and the maps show the plan", () => {
    const j = planToJSON(plan);
    expect(j).toMatchObject({ year: 2024, zone: "first-start", resolution: 500, residents: plan.residents });
    expect(j.seconds).toBeGreaterThan(0);
    for (const f of j.facilities) {
      for (const k of ["type", "existing", "new", "cost", "need", "capacity", "utilization", "minUse", "withinRadius", "status", "gap"]) expect(f, k).toHaveProperty(k);
      expect(f.utilization).toHaveProperty("median");
      expect(f.withinRadius).toHaveProperty("radius");
    }
    expect(j.phasing!.subset).toBe(true);
    for (const [t, ids] of Object.entries(j.phasing!.sitesNearTerm)) for (const id of ids) expect(j.phasing!.sites2035[t]).toContain(id);
    JSON.parse(JSON.stringify(j));
    const md = planToMarkdown(plan);
    expect(md).toContain("## Phasing");
    expect(md).toContain("Trade-off");
    const maps = planMaps(plan);
    expect(Object.keys(maps)).toEqual(expect.arrayContaining(["clinics.svg", "clinics-tradeoff.svg", "eldercare.svg", "stations.svg"]));
    const lines = maps["clinics.svg"].slice(maps["clinics.svg"].indexOf('id="catchments"')).split("</g>")[0].match(/<line /g)?.length ?? 0;
    expect(lines).toBe(plan.facilities[0].cells.length);
    expect(maps["clinics.svg"]).toContain('id="sites-committed"');
  });
});

describe("plausibility flags of a partial plan", () => {
  it("names the districts without a plan and keeps the other flags; a type with no plan anywhere says so alone", () => {
    const f = plan.facilities[0];
    const partial: FacilityPlan = { ...f, objective: null, bound: null, gap: null, unplanned: [{ district: "书院", cells: 241, residents: 70_000 }] };
    const flags = plausibilityFlags(partial, 100_000);
    expect(flags[0]).toBe("no plan found for 书院 (241 cells, 70,000 residents): only existing sites there, its residents counted as not served");
    expect(flags).toContain("no proven bound");
    expect(plausibilityFlags({ ...partial, cells: [] }, 100_000)).toEqual(["no plan found"]);
    expect(f.unplanned).toEqual([]);
  });
  it("flags cells served beyond the rural reach with the farthest distance", () => {
    const f = plan.facilities[0];
    const far = plausibilityFlags({ ...f, beyondRuralReach: { cells: 3, residents: 120 }, farthest: 18_731 }, 100_000);
    expect(far).toContain(`3 cells (120 residents) served beyond the rural reach of ${f.catchment.ruralReach / 1000} km, up to 18.7 km (by existing facilities only: new ones serve within the rural reach, and such a cell keeps its district's nearest existing facility)`);
    // the plan itself: the count agrees with its cells
    const beyond = f.cells.filter((c) => c.shares.some((s) => s.distance > f.catchment.ruralReach + 1e-6)).length;
    expect(f.beyondRuralReach.cells).toBe(beyond);
  });
});

describe("a budget over several districts", () => {
  it("whole area, stations, 60 million CNY: the districts' plans together spend at most the budget (each was given all of it before: 80)", async () => {
    const grid = lingangGrid({ year: 2024, zone: "all", resolution: 500 });
    const p = await planFacility("stations", grid, { budget: 60, timeLimit: 4, frontier: false });
    const districts = new Set(p.sites.filter((s) => !s.existing).map((s) => s.district));
    expect(districts.size).toBeGreaterThan(1);
    expect(p.budget!.spent).toBeLessThanOrEqual(60 + 1e-6);
  }, 120_000);
});

describe("planFacility with a budget", () => {
  it("reports what the money buys, or what the least-cost plan would cost when the money cannot meet the standard", async () => {
    const grid = plan.grid;
    const poor = await planFacility("stations", grid, { budget: 5, timeLimit: 1, frontier: false });
    expect(poor.objective).toBeNull();
    expect(poor.flags).toContain("no plan found");
    expect(poor.budget?.needed).toBeGreaterThan(5);
    expect(poor.messages[0]).toMatch(/cannot meet the standard/);
    const rich = await planFacility("stations", grid, { budget: 60, timeLimit: 1, frontier: false });
    expect(rich.objective).not.toBeNull();
    expect(rich.budget!.spent).toBeLessThanOrEqual(60 + 1e-9);
    expect(rich.budget!.share).toBeCloseTo(rich.withinRadius.share, 12);
    recheck(rich, grid, 60);
  }, 120_000);
});

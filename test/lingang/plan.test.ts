import { evaluate, parseScenario } from "@siting/core";
import { lingangScenario, planFacility, planLingang, planMaps, planToJSON, planToMarkdown } from "@siting/lingang";
import { describe, expect, it } from "vitest";

const strip = (x: unknown): unknown =>
  Array.isArray(x) ? x.map(strip) : x && typeof x === "object" ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== "seconds").map(([k, v]) => [k, strip(v)])) : x;

describe("the main job (planLingang)", () => {
  it("plans all six facility types on the first-start zone at 500 m, reproducibly", async () => {
    const opts = { zone: "first-start" as const, resolution: 500 as const, workLimit: 400 };
    const a = await planLingang(opts);
    const b = await planLingang(opts);
    expect(strip(planToJSON(a))).toEqual(strip(planToJSON(b)));
    const json = planToJSON(a);
    expect(json).toMatchObject({ year: 2024, zone: "first-start", resolution: 500 });
    expect(json.residents).toBe(a.grid.totals.residents);
    expect(a.facilities.map((f) => f.facility)).toEqual(["clinics", "schools-kindergarten", "schools-primary", "schools-middle", "eldercare", "stations"]);
    for (const f of a.facilities) {
      // set covering reaches every cell with demand; the standard is checked where the plan has one
      expect(f.coveredFraction, f.facility).toBe(1);
      expect(f.uncovered).toEqual([]);
      expect(["optimal", "time_limit", "feasible"]).toContain(f.access.status);
      if (f.access.bound !== null) expect(f.access.bound).toBeLessThanOrEqual((f.access.objective as number) + 1e-9);
      if (f.facility === "stations") expect(f.standard).toBeNull();
      else {
        expect(f.standard, f.facility).not.toBeNull();
        expect(f.standard!.required).toBeGreaterThan(0);
        if (f.standard!.met) expect(f.standard!.provided).toBeGreaterThanOrEqual(f.standard!.required - 1e-6);
        else expect(f.standard!.shortfall).toBeGreaterThan(0);
      }
      expect(f.existingSites + f.newSites).toBe(f.sites.length);
    }
    const md = planToMarkdown(a);
    expect(md).toContain("| facility | radius | existing | new |");
    expect(md).toMatch(/Clinics[^\n]*(met|short by)/);
    expect(md).toContain("synthetic and calibrated");
    const maps = planMaps(a);
    expect(Object.keys(maps)).toHaveLength(6);
    for (const svg of Object.values(maps)) expect(svg.startsWith("<svg")).toBe(true);
  });

  it("the capacity stage's answer passes evaluate() with its assignment and modules", async () => {
    const ls = lingangScenario({ facility: "eldercare", zone: "first-start", resolution: 500 });
    const plan = await planFacility(ls, { workLimit: 300 });
    expect(plan.capacity?.status).toBe("optimal");
    expect(plan.standard?.how).toBe("capacitated model");
    const used = plan.sites.filter((s) => !s.existing);
    expect(used.every((s) => s.module !== undefined && s.capacity !== undefined)).toBe(true);
    for (const s of plan.sites) if (s.units !== undefined && s.capacity !== undefined) expect(s.units).toBeLessThanOrEqual(s.capacity + 1e-9);
    // the plan's own sites cover every cell within the radius when evaluated from scratch
    const sc = parseScenario(ls.scenario);
    const ev = evaluate(sc, { type: "lscp", radius: ls.radius, capacitated: false }, plan.sites.map((s) => s.id));
    expect(ev.feasible, ev.violations.join("; ")).toBe(true);
  });

  it("reports the shortfall when the standard cannot be met on the chosen sites", async () => {
    // 2035 population on the 2024 facilities budget: a tiny budget leaves most residents outside
    const ls = lingangScenario({ facility: "clinics", zone: "first-start", resolution: 500, year: 2035 });
    const plan = await planFacility(ls, { workLimit: 300, budget: 40 });
    expect(plan.coveredFraction).toBeLessThan(1);
    expect(plan.cost).toBeLessThanOrEqual(40 + 1e-9);
    expect(plan.standard?.met).toBe(false);
    expect(plan.standard!.shortfall).toBeGreaterThan(0);
  });

  it("zone all: the report's residents are the 2024 grid total (600,000 ± 1 %)", async () => {
    const plan = await planLingang({ zone: "all", resolution: 500, facilities: ["stations"], workLimit: 200 });
    expect(Math.abs(plan.residents - 600_000)).toBeLessThanOrEqual(6_000);
    expect(planToJSON(plan).residents).toBe(plan.residents);
  });
});

import { describe, expect, it } from "vitest";
import { DISHUI_LAKE, TOWN_RESIDENTS, TOWNS, distM, lingangGrid, type LingangGrid, ageBandShare, cohortShare } from "@siting/lingang";

const cache = new Map<string, LingangGrid>();
const grid = (year: 2024 | 2035, resolution: 100 | 250 | 500, zone: "all" | "focus" | "first-start" = "all") => {
  const key = `${year}-${resolution}-${zone}`;
  if (!cache.has(key)) cache.set(key, lingangGrid({ year, resolution, zone }));
  return cache.get(key)!;
};

describe("synthetic population grid", () => {
  it.each([100, 250, 500] as const)("2024, zone all, %i m: 600,000 ± 1 %% and every town on target", (res) => {
    const g = grid(2024, res);
    expect(Math.abs(g.totals.residents / 600_000 - 1)).toBeLessThan(0.01);
    expect(g.totals.residents).toBe(600_000);
    for (const t of TOWNS) expect(g.byTown[t.id].residents).toBe(TOWN_RESIDENTS[2024][t.id].value);
    const sum = g.cells.reduce((s, c) => s + c.residents, 0);
    expect(sum).toBe(g.totals.residents);
  });

  it("FACTS.md §3 groups: 南汇新城 330k, 泥城 85k, 书院 70k, 万祥 35k, Fengxian parts 60k, others 20k", () => {
    const g = grid(2024, 250);
    const byGroup: Record<string, number> = {};
    for (const t of TOWNS) byGroup[t.group] = (byGroup[t.group] ?? 0) + g.byTown[t.id].residents;
    expect(byGroup).toEqual({ 南汇新城: 330_000, 泥城: 85_000, 书院: 70_000, 万祥: 35_000, "Fengxian parts": 60_000, others: 20_000 });
  });

  it("2035: 2.5 million (the plan's > 2.5 M target, floor used), per-town targets", () => {
    const g = grid(2035, 500);
    expect(g.totals.residents).toBe(2_500_000);
    for (const t of TOWNS) expect(g.byTown[t.id].residents).toBe(TOWN_RESIDENTS[2035][t.id].value);
  });

  it("zones are nested cuts of the same grid", () => {
    const all = grid(2024, 500);
    const focus = grid(2024, 500, "focus");
    const fs = grid(2024, 500, "first-start");
    expect(fs.cells.length).toBeLessThan(focus.cells.length);
    expect(focus.cells.length).toBeLessThan(all.cells.length);
    expect(fs.totals.residents).toBeLessThan(focus.totals.residents);
    expect(focus.totals.residents).toBeLessThan(all.totals.residents);
    const ids = new Set(all.cells.map((c) => c.id));
    for (const c of focus.cells) expect(ids.has(c.id)).toBe(true);
    expect(fs.cells.every((c) => c.focus && c.firstStart)).toBe(true);
    // the cell area adds up to the zone's area (±3 %: centre-in-polygon sampling)
    expect(Math.abs((all.cells.length * all.cellAreaKm2) / 873 - 1)).toBeLessThan(0.03);
    expect(Math.abs((focus.cells.length * focus.cellAreaKm2) / 386 - 1)).toBeLessThan(0.05);
    expect(Math.abs((fs.cells.length * fs.cellAreaKm2) / 119.5 - 1)).toBeLessThan(0.05);
  });

  it("is deterministic: two runs give identical cells", () => {
    const a = lingangGrid({ year: 2024, resolution: 250, zone: "all" });
    const b = lingangGrid({ year: 2024, resolution: 250, zone: "all" });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(lingangGrid({ resolution: 250, seed: 7 }).cells.map((c) => c.residents)).not.toEqual(a.cells.map((c) => c.residents));
  });

  it("no residents in water (incl. Dishui Lake) or industrial cells; ≈ 8.8 % of the mainland is water", () => {
    for (const res of [100, 500] as const) {
      const g = grid(2024, res);
      let lake = 0;
      for (const c of g.cells) {
        if (c.water || c.industrial) expect(c.residents).toBe(0);
        if (distM(c.lon, c.lat, DISHUI_LAKE.lon, DISHUI_LAKE.lat) < DISHUI_LAKE.radiusM - 1) {
          lake++;
          expect(c.water).toBe(true);
          expect(c.residents).toBe(0);
        }
      }
      expect(lake * g.cellAreaKm2).toBeGreaterThan(4.5);
      const mainland = g.cells.filter((c) => c.part === 0);
      const share = mainland.filter((c) => c.water).length / mainland.length;
      expect(share).toBeGreaterThan(0.07);
      expect(share).toBeLessThan(0.105);
    }
  });

  it("age groups: 60+ and children by level with the stated shares", () => {
    const g = grid(2024, 500);
    const t = g.totals;
    expect(t.age60plus / t.residents).toBeGreaterThan(0.12);
    expect(t.age60plus / t.residents).toBeLessThan(0.35);
    // single-year cohorts by birth year, scaled to 9.8 % aged 0–14 in 2020; 5+4 by default
    expect(g.schoolSystem).toBe("5-4");
    const band = (from: number, to: number) => ageBandShare(2024, from, to);
    let s2020 = 0;
    for (let a = 0; a <= 14; a++) s2020 += cohortShare(2020, a);
    expect(s2020).toBeCloseTo(0.098, 12);
    // the 2024 kindergarten cohorts (born 2019–2021, 7.0/5.0/4.7 ‰) are smaller than the middle-school ones (born 2010–2013)
    expect(band(3, 5)).toBeLessThan(band(11, 14) * 3 / 4);
    // grid totals follow the bands: land-use factors (0.8–1.2) and no children on campus or in the port/airport parts
    const ratio = (x: number, b: number) => x / t.residents / b;
    for (const [x, b] of [[t.kindergarten, band(3, 5)], [t.primary, band(6, 10)], [t.middle, band(11, 14)]] as const) {
      expect(ratio(x, b)).toBeGreaterThan(0.75);
      expect(ratio(x, b)).toBeLessThan(1.2);
    }
    expect(t.primary / t.middle).toBeCloseTo(band(6, 10) / band(11, 14), 2);
    for (const c of g.cells) if (c.part !== 0 || c.landUse === "campus") expect(c.kindergarten + c.primary + c.middle).toBe(0);
    const g63 = lingangGrid({ resolution: 500, schoolSystem: "6-3" });
    expect(g63.totals.middle / g63.totals.primary).toBeCloseTo(band(12, 14) / band(6, 11), 2);
  });

  it("density follows the documented pattern (new-city ring dense, industrial empty)", () => {
    const g = grid(2024, 100);
    const dens = (lu: string) => {
      const cs = g.cells.filter((c) => c.landUse === lu);
      return cs.reduce((s, c) => s + c.residents, 0) / (cs.length * g.cellAreaKm2);
    };
    expect(dens("newcity")).toBeGreaterThan(dens("town"));
    expect(dens("town")).toBeGreaterThan(dens("village"));
    expect(g.cells.filter((c) => c.industrial).length).toBeGreaterThan(0);
  });
});

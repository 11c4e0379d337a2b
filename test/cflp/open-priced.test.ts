/**
 * A priced model (`outsideCost`: a price per unit of weight served beyond the radius) whose
 * construction is feasible at once: an existing site within reach of everyone, a village 3 km away
 * beyond its radius. Serving the village from the existing site costs 100 × 1 = 100; opening the
 * village's candidate (20, room for 150, at least half of it used) costs 20. The search's moves
 * close, resize and move open sites, so before `openWherePriced` the heuristic kept 100 — the
 * plan of its construction (the whole Lingang area's 2035 models left up to 60 % of their urban
 * residents beyond the radius that way). Each search solver must open the village's site, and the
 * answer is re-checked here from the coordinates.
 */
import { describe, expect, it } from "vitest";
import { solve } from "@siting/core";

const demand = [
  ...Array.from({ length: 10 }, (_, k) => ({ id: `a${k}`, x: 10 * k, y: 50, weight: 10 })),
  ...Array.from({ length: 10 }, (_, k) => ({ id: `b${k}`, x: 3000 + 10 * k, y: 50, weight: 10 })),
];
const sites = [
  { id: "E", x: 0, y: 0, existing: true, capacity: 1000 },
  { id: "C", x: 3000, y: 0, modules: [{ name: "S", cost: 20, capacity: 150 }] },
];

describe("cflp, priced: a site opens where the price of serving beyond the radius pays for it", () => {
  for (const solver of ["heuristic", "engine", "highs"] as const) {
    it(`${solver}: the village's site opens (20), not everyone at the existing site (100)`, async () => {
      const r = await solve({ demand, sites, metric: "euclidean" }, { type: "cflp", reach: 5000, radius: 1000, outsideCost: 1, minUse: 0.5 }, { solver, timeLimit: 5 });
      expect(r.objective).toBeCloseTo(20, 9);
      expect(r.sites.map((s) => s.id).sort()).toEqual(["C", "E"]);
      let load = 0;
      for (const a of r.assignment) {
        const d = demand.find((x) => x.id === a.demand)!;
        const s = sites.find((x) => x.id === a.site)!;
        // everyone within the radius of the site that serves it
        expect(Math.hypot(d.x - s.x, d.y - s.y)).toBeLessThanOrEqual(1000);
        if (s.id === "C") load += d.weight;
      }
      expect(load).toBeGreaterThanOrEqual(75);
      expect(load).toBeLessThanOrEqual(150);
    });
  }
});

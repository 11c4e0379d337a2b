/**
 * "Among equal costs prefer shorter assignments": with no distance cost, no point of a
 * single-source answer can move to a strictly nearer open site in reach without breaking a rule
 * (the receiving site's capacity, the giving site's minimum, or the coverage target). Checked on
 * the answers of the MIP backends, which are indifferent among assignments of equal cost, and of
 * the engine, recomputing distances from the coordinates.
 */
import { describe, expect, it } from "vitest";
import { solve } from "@siting/core";
import { town } from "./town.js";

const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.sqrt((a.x - b.x) ** 2 + (a.y - b.y) ** 2);

describe("cflp: shorter assignments among equal costs", () => {
  for (const solver of ["highs", "glpk", "engine"] as const) {
    for (const seed of [3, 7, 11, 19]) {
      it(`${solver}, town seed ${seed}: no point can move to a nearer open site`, async () => {
        const sc = town({ seed, side: 5, sites: 9 });
        const problem = { type: "cflp", reach: 3000, radius: 1000, coverage: 0.7, minUse: 0.5 } as const;
        const r = await solve(sc, problem, { solver, timeLimit: 5 });
        expect(r.objective, `${solver} found no plan for a feasible town`).not.toBeNull();
        const demand = new Map(sc.demand.map((d) => [String(d.id), d as { id: string; x: number; y: number; weight: number }]));
        const site = new Map(sc.sites.map((s) => [String(s.id), s as { id: string; x: number; y: number }]));
        const open = new Map(r.sites.map((s) => [s.id, s]));
        const load = new Map(r.sites.map((s) => [s.id, s.units as number]));
        const total = r.coverage.total;
        const covered = r.coverage.covered;
        let checked = 0;
        for (const a of r.assignment) {
          const d = demand.get(a.demand)!;
          const here = site.get(a.site as string)!;
          const dHere = dist(d, here);
          for (const [id, s] of open) {
            const dj = dist(d, site.get(id)!);
            if (!(dj < dHere - 1e-9) || dj > 3000) continue;
            checked++;
            const roomOk = (load.get(id) as number) + d.weight <= (s.capacity ?? Infinity) + 1e-9;
            const from = open.get(a.site as string)!;
            const minOk = (load.get(a.site as string) as number) - d.weight >= (from.minimum ?? 0) - 1e-9;
            const dCov = (dj <= 1000 ? 1 : 0) - (dHere <= 1000 ? 1 : 0);
            const covOk = covered + dCov * d.weight >= 0.7 * total - 1e-9;
            expect(roomOk && minOk && covOk, `${a.demand} at ${a.site} (${dHere.toFixed(0)} m) could move to ${id} (${dj.toFixed(0)} m)`).toBe(false);
          }
        }
        // the check is not vacuous across the seeds: nearer open sites do exist for some points
        if (seed === 3 && solver === "highs") expect(checked).toBeGreaterThan(0);
      });
    }
  }
});

/**
 * Loads pushed across a size threshold (`Assigner.tighten`): two candidate sites, 160 units of
 * demand nearest the first and 200 nearest the second, sizes 150 (cost 100) and 300 (cost 170).
 * Everyone at the nearest site puts 160 on the first (a 300-place size) and costs 340; moving 10
 * units to the second, which has room at its size, lets the first take the 150-place size: 270,
 * the optimum (no single site holds 360). Each search solver must find it, with the assignment
 * re-checked here from the coordinates.
 */
import { describe, expect, it } from "vitest";
import { mulberry32, solve } from "@siting/core";

const demand = [
  ...Array.from({ length: 16 }, (_, k) => ({ id: `a${k}`, x: -100 - 3 * k, y: 0, weight: 10 })),
  ...Array.from({ length: 20 }, (_, k) => ({ id: `b${k}`, x: 1100 + 3 * k, y: 0, weight: 10 })),
];
const sites = [
  { id: "A", x: 0, y: 0 },
  { id: "B", x: 1000, y: 0 },
];
const modules2 = [
  { name: "S", cost: 100, capacity: 150 },
  { name: "M", cost: 170, capacity: 300 },
];

describe("cflp: a site one size down when a neighbour has room", () => {
  for (const solver of ["heuristic", "engine", "highs"] as const) {
    it(`${solver}: 270 (150 + 300 places), not 340 (two 300-place sites)`, async () => {
      const r = await solve({ demand, sites, metric: "euclidean" }, { type: "cflp", reach: 3000, minUse: 0.5, modules: modules2 }, { solver, timeLimit: 5 });
      expect(r.objective).toBe(270);
      const load = new Map<string, number>();
      for (const a of r.assignment) {
        const d = demand.find((x) => x.id === a.demand)!;
        const s = sites.find((x) => x.id === a.site)!;
        expect(Math.hypot(d.x - s.x, d.y - s.y)).toBeLessThanOrEqual(3000);
        load.set(s.id, (load.get(s.id) ?? 0) + d.weight);
      }
      const cap = new Map(r.sites.map((s) => [s.id, s.capacity as number]));
      expect([...cap.values()].sort()).toEqual([150, 300]);
      for (const [id, l] of load) {
        expect(l).toBeLessThanOrEqual(cap.get(id)!);
        expect(l).toBeGreaterThanOrEqual(0.5 * cap.get(id)!);
      }
    });
  }
});

/**
 * Points with weight but no demand units (a standard `of` a field that is 0 there, e.g. cells with
 * residents but no children) are served too: a site the search closes or shrinks must not keep
 * them (the answer would leave them at a closed site, which evaluation rejects).
 */
describe("cflp: points without demand units leave a site that closes", () => {
  const modules3 = [
    { name: "S", cost: 100, capacity: 150 },
    { name: "M", cost: 170, capacity: 300 },
    { name: "L", cost: 230, capacity: 450 },
  ];
  it("two sites, a unit-less point beside the one that closes: one site, everyone served there", async () => {
    const demand2 = [
      ...Array.from({ length: 14 }, (_, k) => ({ id: `a${k}`, x: -50 - 3 * k, y: 0, weight: 10, kids: 10 })),
      { id: "b0", x: 1050, y: 0, weight: 10, kids: 10 },
      { id: "z", x: -20, y: 0, weight: 5, kids: 0 },
    ];
    for (const solver of ["heuristic", "engine", "highs"] as const) {
      const r = await solve({ demand: demand2, sites, metric: "euclidean" }, { type: "cflp", reach: 3000, minUse: 0.5, modules: modules2, standard: { per: 1, units: 1, of: "kids" } }, { solver, timeLimit: 5 });
      expect(r.objective, solver).toBe(100);
      const open = new Set(r.sites.map((s) => s.id));
      for (const a of r.assignment) expect(open.has(a.site as string), `${solver}: ${a.demand} at ${a.site}`).toBe(true);
    }
  });
  for (const seed of [1, 8, 9]) {
    it(`random town, seed ${seed}: engine and heuristic answers pass evaluation`, async () => {
      const rnd = mulberry32(seed);
      const d = Array.from({ length: 150 }, (_, k) => ({ id: `d${k}`, x: rnd() * 1000, y: rnd() * 1000, weight: 1 + Math.floor(rnd() * 10), kids: rnd() < 0.3 ? 0 : 1 + Math.floor(rnd() * 20) }));
      const s = Array.from({ length: 25 }, (_, k) => ({ id: `s${k}`, x: rnd() * 1000, y: rnd() * 1000 }));
      for (const solver of ["engine", "heuristic"] as const) {
        // solve() re-evaluates every answer and throws an internal error when evaluation rejects it
        const r = await solve({ demand: d, sites: s, metric: "euclidean" }, { type: "cflp", reach: 400, minUse: 0.3, modules: modules3, standard: { per: 1, units: 1, of: "kids" } }, { solver, timeLimit: 1.5 });
        // (the heuristic alone finds no plan for some of these in 1.5 s, before and after tighten; the engine does)
        if (solver === "engine") expect(r.objective, solver).not.toBeNull();
        const open = new Set(r.sites.map((x) => x.id));
        for (const a of r.assignment) if (a.site !== null) expect(open.has(a.site), `${solver}: ${a.demand} at ${a.site}`).toBe(true);
      }
    });
  }
});

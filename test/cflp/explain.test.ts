/**
 * cflp additions: `explainCflp` names the points and sites of each reason before solving; a
 * coverage that counts some points only (`coverageOf`) and a price per counted point beyond the
 * radius (`outsideCost`) are validated with messages naming the field. (Their optima are checked
 * against the oracle in brute.test.ts and frontier.test.ts: random cases carry both.)
 */
import { explainCflp, solve } from "@siting/core";
import { describe, expect, it } from "vitest";

const line = {
  demand: [
    { id: "a", x: 0, y: 0, weight: 4, urban: 1 },
    { id: "b", x: 10, y: 0, weight: 4, urban: 1 },
    { id: "far", x: 100, y: 0, weight: 1, urban: 0 },
  ],
  sites: [
    { id: "s0", x: 0, y: 0, cost: 5, capacity: 10 },
    { id: "s1", x: 10, y: 0, cost: 5, capacity: 10 },
  ],
  metric: "euclidean" as const,
};

describe("explainCflp", () => {
  it("names the points no site can reach", () => {
    const reasons = explainCflp(line, { type: "cflp", reach: 20 });
    expect(reasons.map((r) => r.kind)).toEqual(["unreachable"]);
    expect(reasons[0].demand).toEqual(["far"]);
  });
  it("names the points only unfillable sites reach, and those sites", () => {
    const sc = { ...line, demand: line.demand.slice(0, 2), sites: [{ id: "s0", x: 0, y: 0, modules: [{ cost: 5, capacity: 10, min: 9 }] }] };
    const reasons = explainCflp(sc, { type: "cflp", reach: 5 });
    const min = reasons.find((r) => r.kind === "minimum");
    expect(min?.demand).toEqual(["a"]);
    expect(min?.sites).toEqual(["s0"]);
  });
  it("names the points whose demand the sites within their reach cannot hold, though the total can", async () => {
    // a (4) and b (4) reach only s0 (capacity 6); c (1) far away has s1 (capacity 10): 9 ≤ 16 in total
    const sc = {
      demand: [{ id: "a", x: 0, y: 0, weight: 4 }, { id: "b", x: 1, y: 0, weight: 4 }, { id: "c", x: 50, y: 0, weight: 1 }],
      sites: [{ id: "s0", x: 0, y: 0, cost: 5, capacity: 6 }, { id: "s1", x: 50, y: 0, cost: 5, capacity: 10 }],
      metric: "euclidean" as const,
    };
    const reasons = explainCflp(sc, { type: "cflp", reach: 5, singleSource: false });
    expect(reasons.map((r) => r.kind)).toEqual(["capacity"]);
    expect(reasons[0].demand).toEqual(["a", "b"]);
    expect(reasons[0].sites).toEqual(["s0"]);
    expect(reasons[0].shortfall).toBeCloseTo(2, 9);
    expect(reasons[0].message).toMatch(/short by 2 units/);
    // the solvers agree: no plan
    for (const solver of ["engine", "highs"] as const) expect((await solve(sc, { type: "cflp", reach: 5, singleSource: false }, { solver })).status).toBe("infeasible");
    // an existing site near them with room: feasible, nothing to explain
    const more = { ...sc, sites: [...sc.sites, { id: "e", x: 1, y: 1, existing: true, capacity: 2 }] };
    expect(explainCflp(more, { type: "cflp", reach: 5, singleSource: false })).toEqual([]);
    expect((await solve(more, { type: "cflp", reach: 5, singleSource: false }, { solver: "highs" })).status).toBe("optimal");
  });
  it("is empty for a feasible problem", () => {
    expect(explainCflp(line, { type: "cflp" })).toEqual([]);
  });
});

describe("cflp coverageOf and outsideCost", () => {
  it("the coverage counts only the points the field marks", async () => {
    // one site may open; within radius 5 "a" or "b" (urban) and "c" (not counted): counted total 8, target 50 %
    const sc = { ...line, demand: line.demand.slice(0, 2).concat({ id: "c", x: 10, y: 1, weight: 2, urban: 0 }) };
    const r = await solve(sc, { type: "cflp", radius: 5, coverage: 0.5, coverageOf: "urban" }, { solver: "engine" });
    expect(r.status).toBe("optimal");
    expect(r.coverage.total).toBe(8);
    expect(r.coverage.covered).toBeGreaterThanOrEqual(4);
  });
  it("prices counted points beyond the radius: the plan opens a second site when that costs less", async () => {
    const sc = { ...line, demand: line.demand.slice(0, 2) };
    const cheap = await solve(sc, { type: "cflp", radius: 5, outsideCost: 0.5, coverageOf: "urban" }, { solver: "engine" });
    const dear = await solve(sc, { type: "cflp", radius: 5, outsideCost: 2, coverageOf: "urban" }, { solver: "engine" });
    expect(cheap.open).toHaveLength(1); // 5 + 4 × 0.5 = 7 < 10
    expect(cheap.objective).toBeCloseTo(7, 9);
    expect(dear.open).toHaveLength(2); // 10 < 5 + 4 × 2 = 13
    expect(dear.objective).toBeCloseTo(10, 9);
  });
  it("rejects a price without a radius, a price with a budget, and coverageOf without a radius", async () => {
    await expect(solve(line, { type: "cflp", outsideCost: 1 })).rejects.toThrow(/problem\.outsideCost/);
    await expect(solve(line, { type: "cflp", radius: 5, budget: 5, outsideCost: 1 })).rejects.toThrow(/problem\.outsideCost/);
    await expect(solve(line, { type: "cflp", coverageOf: "urban" })).rejects.toThrow(/problem\.coverageOf/);
  });
});

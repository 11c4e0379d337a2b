import { evaluate } from "@siting/core";
import { decodeSolution, formulate, precheck } from "@siting/core/lp";
import { glpk } from "@siting/glpk";
import { highs } from "@siting/highs";
import { describe, expect, it } from "vitest";
import { haveBenchmarks, readPmedcap } from "../../benchmarks/cpmp.js";

// OR-Library capacitated p-median (Osman & Christofides), floor-Euclidean distances.
// n = 50 instances take HiGHS about 1–6 s each here; the n = 100 ones 40–60 s, so they run only
// with SITING_SLOW_TESTS=1 (slow).
const slow = process.env.SITING_SLOW_TESTS === "1";

describe.runIf(haveBenchmarks())("OR-Library pmedcap1: exact backends reach the file's optimum", () => {
  const check = async (k: number, backend: "highs" | "glpk", limit: number) => {
    const c = readPmedcap(k);
    expect(precheck(c.inst, c.spec).feasible).toBe(true);
    const f = formulate(c.inst, c.spec);
    const be = backend === "highs" ? highs() : glpk();
    const s = await be.solve(f.model, { timeLimit: limit });
    expect(s.status, s.message).toBe("optimal");
    expect(s.objective).toBe(c.known);
    const d = decodeSolution(c.inst, f, s.x as Float64Array);
    expect(d.objective).toBe(c.known);
    expect(d.open.length).toBe(c.p);
    // evaluate() agrees: capacity respected, every unit served (units = the file's demands)
    const problem = { type: "pmedian" as const, p: c.p, capacitated: true, standard: { per: 1, units: 1, of: "units" } };
    const ids = (j: number) => c.scenario.sites[j].id;
    const ev = evaluate(c.scenario, problem, d.open.map(ids), { assignment: Array.from(d.assignment, (j) => (j >= 0 ? ids(j) : null)) });
    expect(ev.violations).toEqual([]);
    expect(ev.objective).toBe(c.known);
  };
  for (const k of [1, 2, 3]) it(`pmedcap1(${k}) with HiGHS`, () => check(k, "highs", 20), 40_000);
  it("pmedcap1(2) with GLPK", () => check(2, "glpk", 20), 40_000);
  for (const k of [11, 12]) it.runIf(slow)(`pmedcap1(${k}) with HiGHS (slow: about a minute)`, () => check(k, "highs", 120), 180_000);
});

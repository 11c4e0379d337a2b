import { buildInstance, parseScenario, type Backend } from "@siting/core";
import {
  formulate,
  incumbentFromOpen,
  maxViolation,
  ModelBuilder,
  precheck,
  toCSC,
  validateModel,
} from "@siting/core/lp";
import { glpk } from "@siting/glpk";
import { highs } from "@siting/highs";
import { DEFAULT_MAX_CELLS, lpSolver } from "@siting/lp-solver";
import { describe, expect, it } from "vitest";

const backends: Backend[] = [highs(), glpk(), lpSolver()];

describe("the neutral model", () => {
  it("merges repeated columns in a row, drops zeros, names by block, converts to CSC", () => {
    const b = new ModelBuilder("max");
    const y = b.addVars("y", 3, { upper: 1, integer: true, cost: [1, 2, 3] });
    const x = b.addVars("x", 4, { shape: [2, 2] });
    b.rows("cap");
    b.term(y, 1).term(y + 1, 2).term(y, 3).term(x + 3, 0).endRow(-Infinity, 4);
    b.rows("link");
    b.addRow(0, 0, [x, y + 2], [1, -1]);
    const m = b.build();
    validateModel(m);
    expect(Array.from(m.rowStart)).toEqual([0, 2, 4]);
    expect(Array.from(m.index.slice(0, 2))).toEqual([y, y + 1]);
    expect(Array.from(m.value.slice(0, 2))).toEqual([4, 2]);
    const csc = toCSC(m);
    expect(Array.from(csc.start)).toEqual([0, 1, 2, 3, 4, 4, 4, 4]);
    expect(maxViolation(m, new Float64Array([1, 0, 1, 1, 0, 0, 0])).max).toBe(0);
    const v = maxViolation(m, new Float64Array([1, 1, 0, 0, 0, 0, 0.5]));
    expect(v.where).toMatch(/row cap\[0\]: activity 6 > 4/);
  });

  it("rejects malformed models", () => {
    const b = new ModelBuilder();
    b.addVars("y", 2, { upper: 1 });
    b.addRow(1, 0, [0], [1]);
    expect(() => validateModel(b.build())).toThrow(/bounds of row/);
  });
});

describe("backends on hand-made models", () => {
  it("report infeasible, never a point", async () => {
    const b = new ModelBuilder();
    const y = b.addVars("y", 2, { upper: 1, integer: true, cost: 1 });
    b.addRow(3, Infinity, [y, y + 1], [1, 1]);
    const m = b.build();
    for (const be of backends) {
      const s = await be.solve(m);
      expect(s.status, be.name).toBe("infeasible");
      expect(s.x).toBeNull();
      expect(s.objective).toBeNull();
    }
  });

  it("honour fixed bounds, negative lower bounds, free variables and the objective offset", async () => {
    // max 3a + 2b − c + 10, a ∈ {1}, b ∈ [−2, 4] integer, c free ≥ a + b − 5 (as a row), a + b ≤ 3.5
    const b = new ModelBuilder("max");
    b.offset = 10;
    const a = b.addVars("a", 1, { lower: 1, upper: 1, integer: true, cost: 3 });
    const bb = b.addVars("b", 1, { lower: -2, upper: 4, integer: true, cost: 2 });
    const c = b.addVars("c", 1, { lower: -Infinity, upper: Infinity, cost: -1 });
    b.addRow(-Infinity, 3.5, [a, bb], [1, 1]);
    b.addRow(-5, Infinity, [c, a, bb], [1, -1, -1]);
    const m = b.build();
    // b = 2 (a + b ≤ 3.5), c = a + b − 5 = −2 → 3 + 4 + 2 + 10 = 19
    for (const be of backends) {
      const s = await be.solve(m);
      expect(s.status, be.name).toBe("optimal");
      expect(s.objective, be.name).toBeCloseTo(19, 9);
      expect(Array.from(s.x as Float64Array).map((v) => Math.round(v * 1e6) / 1e6), be.name).toEqual([1, 2, -2]);
      expect(s.gap).toBe(0);
      expect(s.bound).toBeCloseTo(19, 9);
    }
  });

  it("reject an aborted signal before solving", async () => {
    const b = new ModelBuilder();
    b.addVars("y", 1, { upper: 1, cost: 1 });
    const m = b.build();
    const ac = new AbortController();
    ac.abort(new Error("stop"));
    for (const be of backends) await expect(be.solve(m, { signal: ac.signal }), be.name).rejects.toThrow("stop");
  });

  it("load their solvers lazily (importing does not load WebAssembly) and solve an empty model", async () => {
    const m = new ModelBuilder().build();
    for (const be of [highs(), glpk(), lpSolver()]) {
      const s = await be.solve(m);
      expect(s.status, be.name).toBe("optimal");
      expect(s.objective).toBe(0);
    }
  });
});

/** A p-median on a grid big enough that HiGHS and GLPK cannot prove it in 0.3 s. */
function hardPmedian(size: number) {
  const demand = [];
  const sites = [];
  for (let i = 0; i < size; i++) {
    const x = (i * 7919) % 997;
    const y = (i * 104729) % 991;
    demand.push({ id: `d${i}`, x, y, weight: 1 + (i % 7) });
    sites.push({ id: `s${i}`, x: (x * 31) % 1000, y: (y * 17) % 1000 });
  }
  const inst = buildInstance(parseScenario({ demand, sites }));
  return { inst, f: formulate(inst, { type: "pmedian", p: Math.round(size / 8), capacity: { site: new Float64Array(size).fill(Math.ceil((4 * size * 1.15) / Math.round(size / 8))) } }) };
}

describe("time limits", () => {
  it("HiGHS and GLPK stop at the limit and never call the answer optimal", async () => {
    const { inst, f } = hardPmedian(80);
    const open = new Uint8Array(inst.m);
    for (let j = 0; j < inst.m; j += 8) open[j] = 1;
    const start = incumbentFromOpen(inst, f, open);
    for (const be of [highs(), glpk()]) {
      const t0 = performance.now();
      const s = await be.solve(f.model, { timeLimit: 3, ...(start ? { incumbent: start } : {}) });
      const took = (performance.now() - t0) / 1000;
      expect(took, be.name).toBeLessThan(15);
      if (s.status !== "optimal") {
        expect(["time_limit", "feasible"], `${be.name}: ${s.status} ${s.message}`).toContain(s.status);
        if (s.x) expect(s.objective).not.toBeNull();
      } else {
        // a solver may finish its proof a little after the limit (GLPK overruns); optimal is then proven
        expect(s.gap, be.name).toBe(0);
      }
      if (be.name === "highs" && s.status === "time_limit" && s.x && s.bound !== null) {
        expect(s.bound).not.toBeNull();
        expect(s.gap as number).toBeGreaterThan(0);
      }
    }
  });

  it("lp-solver refuses models above its tableau limit, naming the size and suggesting highs", async () => {
    const { f } = hardPmedian(120);
    const s = await lpSolver().solve(f.model);
    expect(s.status).toBe("error");
    expect(s.x).toBeNull();
    expect(s.message).toMatch(/too large for javascript-lp-solver: \d+ variables × \d+ rows/);
    expect(s.message).toMatch(/@siting\/highs/);
    expect(DEFAULT_MAX_CELLS).toBeGreaterThan(1e6);
  });
});

describe("precheck explains infeasibility up front", () => {
  const scenario = parseScenario({
    demand: [
      { id: "a", x: 0, y: 0, weight: 1000 },
      { id: "b", x: 10, y: 0, weight: 2000 },
      { id: "far", x: 500, y: 500, weight: 3000 },
    ],
    sites: [
      { id: "s1", x: 0, y: 1, capacity: 1 },
      { id: "s2", x: 10, y: 1, capacity: 1 },
    ],
  });
  const inst = buildInstance(scenario);
  const names = { demand: (i: number) => scenario.demand[i].id, site: (j: number) => scenario.sites[j].id };

  it("names demand points that no site can reach within the radius", () => {
    const r = precheck(inst, { type: "lscp", radius: 20 }, names);
    expect(r.feasible).toBe(false);
    expect(r.reasons[0].kind).toBe("unreachable");
    expect(r.reasons[0].demand).toEqual([2]);
    expect(r.reasons[0].message).toBe("1 demand point has no site within radius 20 that may open: far");
  });

  it("reports total capacity below total demand with the shortfall in units (per-capita standard)", () => {
    // 0.45 units per 1,000 residents: 0.45 + 0.9 + 1.35 = 2.7 units, capacity 2 → short by 0.7
    const r = precheck(inst, { type: "pmedian", p: 2, capacity: { site: [1, 1], standard: { per: 1000, units: 0.45, of: "weight" } } }, names);
    expect(r.feasible).toBe(false);
    const cap = r.reasons.find((x) => x.kind === "capacity");
    expect(cap?.shortfall).toBeCloseTo(0.7, 9);
    expect(cap?.message).toBe("total capacity is 2 units, below the total demand of 2.7 units: short by 0.7 units");
    // with p = 1 only one site's capacity counts
    const r1 = precheck(inst, { type: "pmedian", p: 1, capacity: { site: [1, 1], standard: { per: 1000, units: 0.45, of: "weight" } } }, names);
    expect(r1.reasons.find((x) => x.kind === "capacity")?.message).toBe(
      "total capacity with at most p = 1 sites open is 1 units, below the total demand of 2.7 units: short by 1.7 units",
    );
  });

  it("reports a demand point larger than any site in reach (single sourcing)", () => {
    const r = precheck(inst, { type: "pmedian", p: 2, capacity: { site: [1.2, 1.2], standard: { per: 1000, units: 0.45, of: "weight" } } }, names);
    expect(r.reasons.map((x) => x.kind)).toContain("oversize");
    expect(r.reasons[0].message).toMatch(/far \(1\.35 units\)/);
    // and the backends agree it is infeasible
    const f = formulate(inst, { type: "pmedian", p: 2, capacity: { site: [1.2, 1.2], standard: { per: 1000, units: 0.45, of: "weight" } } });
    return Promise.all(backends.map(async (be) => expect((await be.solve(f.model)).status, be.name).toBe("infeasible")));
  });

  it("uses size modules' largest capacity and passes when capacity suffices", () => {
    const spec = { type: "pmedian" as const, p: 2, capacity: { site: [1, 1], standard: { per: 1000, units: 0.45, of: "weight" }, modules: [{ cost: 1, capacity: 1 }, { cost: 3, capacity: 2 }] } };
    expect(precheck(inst, spec).feasible).toBe(true);
  });
});

/**
 * Sparse costs (`costs: {demand, site, value}` triples; a pair not listed is unreachable): every
 * problem type against exhaustive search on the dense matrix with Infinity for the missing pairs,
 * the answers re-evaluated here from that matrix (not by the library); coverage and neighbour
 * lists read from the rows against a scan of the matrix; infeasibility reported by name; the
 * validation of bad triples.
 */
import { describe, expect, it } from "vitest";
import { ScenarioError, buildCoverage, buildInstance, buildNeighbors, evaluate, parseScenario, solve, solveSync, withNetworkCosts, type Result, type Scenario } from "@siting/core";
import { bruteCflp } from "./cflp/brute.js";
import { mulberry32 } from "./support/random.js";

interface Case {
  n: number;
  m: number;
  /** Dense demand × site costs, Infinity where the pair is missing. */
  C: number[][];
  weight: number[];
  /** Sites that are forbidden (fixed closed). */
  forbidden: boolean[];
}

function randomCase(seed: number, n = 12, m = 8, missing = 0.45): Case {
  const r = mulberry32(seed);
  const C = Array.from({ length: n }, () => Array.from({ length: m }, () => (r() < missing ? Infinity : 1 + Math.floor(r() * 30))));
  const weight = Array.from({ length: n }, () => (r() < 0.1 ? 0 : 1 + Math.floor(r() * 9)));
  const forbidden = Array.from({ length: m }, (_, j) => j === m - 1 && seed % 3 === 0);
  return { n, m, C, weight, forbidden };
}

/** Triples in a shuffled order (the library must not depend on the order). */
function triples(c: Case, seed = 7): { demand: number[]; site: number[]; value: number[] } {
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < c.n; i++) for (let j = 0; j < c.m; j++) if (c.C[i][j] < Infinity) pairs.push([i, j, c.C[i][j]]);
  const r = mulberry32(seed);
  for (let k = pairs.length - 1; k > 0; k--) {
    const t = Math.floor(r() * (k + 1));
    [pairs[k], pairs[t]] = [pairs[t], pairs[k]];
  }
  return { demand: pairs.map((p) => p[0]), site: pairs.map((p) => p[1]), value: pairs.map((p) => p[2]) };
}

const points = (c: Case) => ({
  demand: c.weight.map((w, i) => ({ id: `d${i}`, weight: w })),
  sites: c.forbidden.map((f, j) => ({ id: `s${j}`, ...(f ? { forbidden: true } : {}) })),
});

const sparseScenario = (c: Case): Scenario => parseScenario({ ...points(c), costs: triples(c) });
/** The same scenario as a dense matrix, missing pairs at `big` (finite: a dense matrix must be). */
const denseScenario = (c: Case, big: number): Scenario => parseScenario({ ...points(c), costs: c.C.map((row) => row.map((v) => (v < Infinity ? v : big))) });

type Kind = "lscp" | "mclp" | "pmedian" | "pcenter";

/** The value of open set `S` (site indices) on the dense matrix; NaN when it breaks the problem's rules. */
function valueOf(c: Case, kind: Kind, S: number[], radius: number, p: number): number {
  if (S.some((j) => c.forbidden[j])) return NaN;
  if (kind !== "lscp" && S.length > p) return NaN;
  let covered = 0;
  let sum = 0;
  let max = 0;
  for (let i = 0; i < c.n; i++) {
    const d = Math.min(Infinity, ...S.map((j) => c.C[i][j]));
    if (c.weight[i] <= 0) continue;
    if (d <= radius) covered += c.weight[i];
    else if (kind === "lscp") return NaN;
    if (d === Infinity && (kind === "pmedian" || kind === "pcenter")) return NaN;
    sum += c.weight[i] * d;
    max = Math.max(max, d);
  }
  return kind === "lscp" ? S.length : kind === "mclp" ? covered : kind === "pmedian" ? sum : max;
}

/** The optimum over every subset of the sites; null when no subset meets the rules. */
function brute(c: Case, kind: Kind, radius: number, p: number): number | null {
  let best: number | null = null;
  for (let mask = 1; mask < 1 << c.m; mask++) {
    const S: number[] = [];
    for (let j = 0; j < c.m; j++) if (mask & (1 << j)) S.push(j);
    const v = valueOf(c, kind, S, radius, p);
    if (Number.isNaN(v)) continue;
    if (best === null || (kind === "mclp" ? v > best : v < best)) best = v;
  }
  return best;
}

const problemOf = (kind: Kind, radius: number, p: number) =>
  kind === "lscp" ? { type: kind, radius, objective: "count" as const } : kind === "mclp" ? { type: kind, radius, p } : { type: kind, p };

function expectMatches(c: Case, kind: Kind, radius: number, p: number, r: Result, label: string): void {
  const want = brute(c, kind, radius, p);
  if (want === null) {
    expect(r.status, `${label}: infeasible`).toBe("infeasible");
    expect(r.message, label).toBeTruthy();
    return;
  }
  expect(r.status, `${label}: ${r.message ?? ""}`).toBe("optimal");
  // the answer, re-evaluated here on the dense matrix
  const S = r.open.map((id) => Number(id.slice(1)));
  const v = valueOf(c, kind, S, radius, p);
  expect(v, `${label}: answer ${r.open.join(",")} re-evaluated`).toBeCloseTo(want, 9);
  expect(r.objective, label).toBeCloseTo(want, 9);
}

describe("sparse costs: every problem type against exhaustive search (missing pairs = Infinity)", () => {
  const KINDS: Kind[] = ["lscp", "mclp", "pmedian", "pcenter"];
  it("the engine and the heuristic find the optimum or report infeasible", () => {
    let infeasible = 0;
    let feasible = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const c = randomCase(seed);
      const s = sparseScenario(c);
      const radius = 8 + (seed % 4) * 6;
      const p = 2 + (seed % 3);
      for (const kind of KINDS) {
        const r = solveSync(s, problemOf(kind, radius, p), { solver: "engine" });
        expectMatches(c, kind, radius, p, r, `seed ${seed} ${kind} engine`);
        if (r.status === "infeasible") infeasible++;
        else feasible++;
        // the library's own evaluation agrees with the objective
        if (r.status !== "infeasible") expect(evaluate(s, r.problem, r.open).objective).toBeCloseTo(r.objective as number, 9);
        const h = solveSync(s, problemOf(kind, radius, p), { solver: "heuristic" });
        if (brute(c, kind, radius, p) === null) expect(h.status).toBe("infeasible");
        else if (h.status !== "infeasible") expect(valueOf(c, kind, h.open.map((id) => Number(id.slice(1))), radius, p)).toBeCloseTo(h.objective as number, 9);
      }
    }
    // both outcomes were exercised
    expect(infeasible).toBeGreaterThan(5);
    expect(feasible).toBeGreaterThan(30);
  });

  it("gives the same optimum as the dense matrix where missing pairs are out of reach", () => {
    for (let seed = 30; seed < 40; seed++) {
      const c = randomCase(seed, 12, 8, 0.3);
      const sparse = sparseScenario(c);
      const dense = denseScenario(c, 1e6);
      for (const kind of ["lscp", "mclp"] as const) {
        const a = solveSync(sparse, problemOf(kind, 20, 3));
        const b = solveSync(dense, problemOf(kind, 20, 3));
        expect(a.status).toBe(b.status);
        expect(a.objective).toBe(b.objective);
      }
      // p-median: equal where the dense optimum serves everyone within the real costs
      const b = solveSync(dense, { type: "pmedian", p: 4 });
      const a = solveSync(sparse, { type: "pmedian", p: 4 });
      if ((b.objective as number) < 1e6) expect(a.objective).toBeCloseTo(b.objective as number, 9);
      else expect(a.status).toBe("infeasible");
    }
  });

  it("the MIP backend agrees (p-median, p-center, lscp)", async () => {
    for (let seed = 40; seed < 46; seed++) {
      const c = randomCase(seed, 10, 7, 0.35);
      const s = sparseScenario(c);
      for (const kind of ["pmedian", "pcenter", "lscp"] as const) {
        const r = await solve(s, problemOf(kind, 15, 3), { solver: "highs" });
        expectMatches(c, kind, 15, 3, r, `seed ${seed} ${kind} highs`);
      }
    }
  });

  it("names the demand points that reach no site, and those no choice of p sites reaches", () => {
    // d0 and d1 near s0, d2 near s1 only; d3 has no pair at all
    const base = { demand: [0, 1, 2, 3].map((i) => ({ id: `d${i}`, weight: 1 })), sites: [{ id: "s0" }, { id: "s1" }] };
    const stranded = parseScenario({ ...base, costs: { demand: [0, 1, 2], site: [0, 0, 1], value: [1, 2, 3] } });
    for (const type of ["pmedian", "pcenter"] as const) {
      const r = solveSync(stranded, { type, p: 2 });
      expect(r.status).toBe("infeasible");
      expect(r.objective).toBeNull();
      expect(r.message).toMatch(/1 demand point reaches no site.*: d3/);
    }
    const apart = parseScenario({ ...base, demand: base.demand.slice(0, 3), costs: { demand: [0, 1, 2], site: [0, 0, 1], value: [1, 2, 3] } });
    const engine = solveSync(apart, { type: "pmedian", p: 1 }, { solver: "engine" });
    expect(engine.status).toBe("infeasible");
    expect(engine.message).toMatch(/no choice of sites within the limits reaches every demand point: 1 point reaches no open site \(of 1\) in the best: d[0-2]/);
    const heuristic = solveSync(apart, { type: "pcenter", p: 1 }, { solver: "heuristic" });
    expect(heuristic.status).toBe("infeasible");
    expect(heuristic.message).toMatch(/no answer found \(not a proof; the engine solver proves\) reaches every demand point/);
    // with two sites it is feasible: 1 + 2 + 3
    expect(solveSync(apart, { type: "pmedian", p: 2 })).toMatchObject({ status: "optimal", objective: 6 });
  });

  it("attendance and p-median impedance read the sparse rows: a missing pair attends nothing / strands the point", async () => {
    // d2 reaches only s1, d0 and d1 only s0, d3 both (5 to s0, 1 to s1)
    const sc = parseScenario({ demand: [0, 1, 2, 3].map((i) => ({ id: `d${i}`, weight: 1 })), sites: [{ id: "s0" }, { id: "s1" }], costs: { demand: [0, 1, 2, 3, 3], site: [0, 0, 1, 0, 1], value: [1, 2, 3, 5, 1] } });
    // attendance, linear decay to 0 at 10, p = 1: s0 gives 0.9 + 0.8 + 0.5 = 2.2, s1 gives 0.7 + 0.9 = 1.6
    for (const solver of ["engine", "heuristic", "highs"] as const) {
      const r = await solve(sc, { type: "attendance", p: 1, decay: { kind: "linear", cutoff: 10 } }, { solver });
      expect(r.open, solver).toEqual(["s0"]);
      expect(r.objective, solver).toBeCloseTo(2.2, 9);
      expect(evaluate(sc, r.problem, r.open).feasible, solver).toBe(true);
    }
    // p-median on d²: with one site some point is stranded (proven by the engine); with both, 1 + 4 + 9 + 1
    const one = await solve(sc, { type: "pmedian", p: 1, impedance: { kind: "power", beta: 2 } }, { solver: "engine" });
    expect(one.status).toBe("infeasible");
    expect(one.message).toMatch(/no choice of sites within the limits reaches every demand point: 1 point reaches no open site \(of 1\) in the best: d2$/);
    const two = await solve(sc, { type: "pmedian", p: 2, impedance: { kind: "power", beta: 2 } }, { solver: "engine" });
    expect(two).toMatchObject({ status: "optimal", objective: 15 });
  });

  it("per-point radii (radiusField) scale the sparse rows", async () => {
    // d3 may walk 6, the others 2: s0 covers d0 (1), d1 (2), d3 (5); d2 only reaches s1 at 3 > 2
    const sc = parseScenario({ demand: [0, 1, 2, 3].map((i) => ({ id: `d${i}`, weight: 1, cutoff: i === 3 ? 6 : 2 })), sites: [{ id: "s0" }, { id: "s1" }], costs: { demand: [0, 1, 2, 3, 3], site: [0, 0, 1, 0, 1], value: [1, 2, 3, 5, 1] } });
    for (const solver of ["engine", "heuristic", "highs"] as const) {
      const mclp = await solve(sc, { type: "mclp", radius: 2, radiusField: "cutoff", p: 1 }, { solver });
      expect(mclp.open, solver).toEqual(["s0"]);
      expect(evaluate(sc, mclp.problem, mclp.open).objective, solver).toBe(3);
      const lscp = await solve(sc, { type: "lscp", radius: 2, radiusField: "cutoff" }, { solver });
      expect(lscp.status, solver).toBe("infeasible");
      expect(lscp.message, solver).toMatch(/d2/);
    }
  });

  it("evaluate() rejects an answer that leaves a demand point with no reachable open site", () => {
    // d2 reaches only s1: opening s0 alone serves d0 and d1 and strands d2
    const sc = parseScenario({ demand: [0, 1, 2].map((i) => ({ id: `d${i}`, weight: 1 })), sites: [{ id: "s0" }, { id: "s1" }], costs: { demand: [0, 1, 2], site: [0, 0, 1], value: [1, 2, 3] } });
    for (const problem of [{ type: "pmedian", p: 1 }, { type: "pcenter", p: 1 }, { type: "lscp", radius: 10 }] as const) {
      const ev = evaluate(sc, problem, ["s0"]);
      expect(ev.feasible, problem.type).toBe(false);
      expect(ev.violations.join("; ")).toMatch(/1 demand point with weight > 0 reaches no open site \(first: d2\)/);
      expect(evaluate(sc, "p" in problem ? { ...problem, p: 2 } : problem, ["s0", "s1"]).feasible, problem.type).toBe(true);
    }
    // MCLP: a stranded point is just not covered
    const mclp = evaluate(sc, { type: "mclp", radius: 10, p: 1 }, ["s0"]);
    expect(mclp.feasible).toBe(true);
    expect(mclp.objective).toBe(2);
  });

  it("cflp: only listed pairs are assignable, against the exhaustive cflp oracle", () => {
    for (let seed = 50; seed < 58; seed++) {
      const r = mulberry32(seed);
      const c = randomCase(seed, 7, 5, 0.35);
      const json = {
        demand: c.weight.map((w, i) => ({ id: `d${i}`, weight: w })),
        sites: Array.from({ length: c.m }, (_, j) => ({ id: `s${j}`, cost: 1 + Math.floor(r() * 9), capacity: 15 + Math.floor(r() * 25) })),
        costs: triples(c),
      };
      const s = parseScenario(json);
      for (const problem of [{ type: "cflp" as const }, { type: "cflp" as const, reach: 20, distanceCost: 0.1 }]) {
        const o = bruteCflp(s, problem);
        const got = solveSync(s, problem, { solver: "engine" });
        if (!o.feasible) {
          expect(got.status, `seed ${seed}`).toBe("infeasible");
          continue;
        }
        expect(got.status, `seed ${seed}: ${got.message ?? ""}`).toBe("optimal");
        expect(got.objective).toBeCloseTo(o.objective, 6);
        // every assignment is a listed pair
        for (const a of got.assignment) {
          if (a.site === null) continue;
          expect(c.C[Number(a.demand.slice(1))][Number(a.site.slice(1))], `${a.demand} → ${a.site}`).toBeLessThan(Infinity);
        }
      }
    }
  });
});

describe("sparse costs: coverage and neighbour lists read from the rows", () => {
  it("match a scan of the dense matrix", () => {
    for (let seed = 60; seed < 70; seed++) {
      const c = randomCase(seed, 15, 9, 0.4);
      c.forbidden.fill(false);
      const inst = buildInstance(sparseScenario(c));
      expect(inst.matrix).toBeNull();
      for (const radius of [0, 5, 12.5, 30, Infinity]) {
        const cov = buildCoverage(inst, radius);
        for (let i = 0; i < c.n; i++) {
          const want = c.C[i].flatMap((d, j) => (d <= radius && d < Infinity ? [j] : []));
          expect(Array.from(cov.byDemand.idx.subarray(cov.byDemand.ptr[i], cov.byDemand.ptr[i + 1]))).toEqual(want);
        }
        // the transpose holds the same pairs
        expect(cov.bySite.ptr[c.m]).toBe(cov.byDemand.ptr[c.n]);
      }
      const nb = buildNeighbors(inst);
      expect(nb.complete).toBe(true);
      for (let i = 0; i < c.n; i++) {
        const want = c.C[i].map((d, j) => [d, j]).filter(([d]) => d < Infinity).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(Array.from(nb.site.subarray(nb.ptr[i], nb.ptr[i + 1]))).toEqual(want.map((w) => w[1]));
        expect(Array.from(nb.cost.subarray(nb.ptr[i], nb.ptr[i + 1]))).toEqual(want.map((w) => w[0]));
        for (let j = 0; j < c.m; j++) expect(inst.dist(i, j)).toBe(c.C[i][j]);
      }
      // the k nearest only: not complete; a penalty for missing pairs: lists filled when all m are asked for
      expect(buildNeighbors(inst, 2).complete).toBe(false);
      const penalised = buildInstance(sparseScenario(c), { unreachable: 1e6 });
      expect(penalised.dist(0, c.C[0].findIndex((d) => d === Infinity))).toBe(1e6);
      const full = buildNeighbors(penalised, c.m);
      expect(full.complete).toBe(true);
      expect(full.ptr[c.n]).toBe(c.n * c.m);
    }
  });
});

describe("sparse costs: validation", () => {
  const base = { demand: [{ id: "a", weight: 1 }, { id: "b", weight: 1 }], sites: [{ id: "x" }, { id: "y" }] };
  const issues = (costs: unknown): string => {
    try {
      parseScenario({ ...base, costs });
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      return (e as Error).message;
    }
    throw new Error("expected a ScenarioError");
  };
  it("names the field, the index and the value", () => {
    expect(issues({ demand: [0, 2], site: [0, 1], value: [1, 1] })).toMatch(/costs\.demand\[1\]: expected a demand index: an integer in \[0, 1\], got 2/);
    expect(issues({ demand: [0, 1], site: [0, -1], value: [1, 1] })).toMatch(/costs\.site\[1\]: expected a site index: an integer in \[0, 1\], got -1/);
    expect(issues({ demand: [0, 1], site: [0, 0.5], value: [1, 1] })).toMatch(/costs\.site\[1\]: expected a site index/);
    expect(issues({ demand: [0, 1], site: [0, 1], value: [1, -3] })).toMatch(/costs\.value\[1\]: expected a finite number ≥ 0 \(leave an unreachable pair out\), got -3/);
    expect(issues({ demand: [0, 1], site: [0, 1], value: [1, "7"] })).toMatch(/costs\.value\[1\]: expected a finite number ≥ 0/);
    expect(issues({ demand: [0, 1], site: [0, 1], value: [1, null] })).toMatch(/costs\.value\[1\]/);
    expect(issues({ demand: [0, 1, 0], site: [1, 1, 1], value: [1, 2, 3] })).toMatch(/costs\.site\[2\]: duplicate pair: demand 0 → site 1 is also given at index 0/);
    expect(issues({ demand: [0, 1], site: [0], value: [1, 1] })).toMatch(/costs\.site: expected 2 entries, as many as costs\.demand, got "1 entries"/);
    expect(issues({ demand: [0], site: [0], values: [1] })).toMatch(/costs\.values: unknown field[\s\S]*costs\.value: expected an array/);
    expect(issues(7)).toMatch(/costs: expected an array of 2 rows .* or sparse triples \{demand, site, value\}/);
  });
  it("accepts no pairs at all (everything unreachable) and reports it when solving", () => {
    const s = parseScenario({ ...base, costs: { demand: [], site: [], value: [] } });
    expect(solveSync(s, { type: "lscp", radius: 5 }).status).toBe("infeasible");
    expect(solveSync(s, { type: "pmedian", p: 1 }).message).toMatch(/2 demand points reach no site.*a, b/);
    expect(solveSync(s, { type: "mclp", radius: 5, p: 1 })).toMatchObject({ objective: 0 });
  });
  it("rejects a radius beyond the cutoff of network costs", () => {
    const roads = { type: "FeatureCollection" as const, features: [{ type: "Feature" as const, geometry: { type: "LineString" as const, coordinates: [[0, 0], [1000, 0]] }, properties: {} }] };
    const s = parseScenario({ demand: [{ id: "a", x: 0, y: 0, weight: 1 }, { id: "b", x: 1000, y: 0, weight: 1 }], sites: [{ id: "x", x: 100, y: 0 }] });
    const { scenario, report } = withNetworkCosts(s, roads, { cutoff: 500 });
    expect(report.unreachableDemand).toEqual([1]);
    expect(() => solveSync(scenario, { type: "lscp", radius: 600 })).toThrow(/problem\.radius: is beyond the cutoff: pairs beyond the costs' cutoff 500 are left out as unreachable.*got 600/);
    expect(solveSync(scenario, { type: "mclp", radius: 500, p: 1 })).toMatchObject({ objective: 1, open: ["x"] });
    // cflp: the reach and the reach to new sites alike
    expect(() => solveSync(scenario, { type: "cflp", reach: 600 })).toThrow(/problem\.reach: is beyond the cutoff/);
    expect(() => solveSync(scenario, { type: "cflp", reach: 400, newSiteReach: 600 })).toThrow(/problem\.newSiteReach: is beyond the cutoff/);
    expect(() => solveSync(scenario, { type: "cflp", newSiteReach: { field: "near", default: 700 } })).toThrow(/problem\.newSiteReach\.default: is beyond the cutoff/);
    expect(() => withNetworkCosts(scenario, roads)).toThrow(/scenario\.costs: the scenario has costs already/);
  });
});

/**
 * p-dispersion (`{type: "pdispersion", p}`): exactly p sites (existing ones included, forbidden
 * ones not), the smallest distance between two of them as large as possible. Every solver is
 * checked against a brute-force enumeration of the p-subsets written here, and every answer is
 * re-evaluated here from the coordinates (the reported objective is never trusted).
 */
import { evaluate, haversine, mulberry32, parseProblem, parseScenario, ScenarioError, solve, solveSync, type Result } from "@siting/core";
import { describe, expect, it } from "vitest";
import { BACKENDS, close, dist, openIndices, randomInstance, subsets, type Pt } from "./support.js";

const SEEDS = 30;

type Metric = "euclidean" | "manhattan";
const distOf = (metric: Metric) => (a: Pt, b: Pt) => (metric === "manhattan" ? Math.abs(a.x - b.x) + Math.abs(a.y - b.y) : dist(a, b));

/** The smallest distance between two of the sites (Infinity for fewer than two). */
function spread(sites: Pt[], open: number[], d: (a: Pt, b: Pt) => number): number {
  let s = Infinity;
  for (let a = 0; a < open.length; a++) for (let b = a + 1; b < open.length; b++) s = Math.min(s, d(sites[open[a]], sites[open[b]]));
  return s;
}

/** Every set of k indices out of 0..m−1 that holds `must` and none of `never`. */
function* choose(m: number, k: number, must: Set<number>, never: Set<number>): Generator<number[]> {
  const pick: number[] = [];
  function* rec(j: number): Generator<number[]> {
    if (pick.length === k) {
      if ([...must].every((j) => pick.includes(j))) yield pick.slice();
      return;
    }
    if (j === m || m - j < k - pick.length) return;
    if (!never.has(j)) {
      pick.push(j);
      yield* rec(j + 1);
      pick.pop();
    }
    if (!must.has(j)) yield* rec(j + 1);
  }
  yield* rec(0);
}

function brute(sites: Pt[], p: number, d: (a: Pt, b: Pt) => number): number {
  const must = new Set(sites.flatMap((s, j) => (s.existing ? [j] : [])));
  const never = new Set(sites.flatMap((s, j) => (s.forbidden ? [j] : [])));
  let best = -Infinity;
  for (const set of choose(sites.length, p, must, never)) best = Math.max(best, spread(sites, set, d));
  return best;
}

/** The answer is exactly p sites, existing ones in, forbidden ones out, and reports its own spread. */
function checkAnswer(r: Result, sites: Pt[], p: number, d: (a: Pt, b: Pt) => number, tag: string): number {
  const open = openIndices(r, sites);
  expect(open.length, `${tag}: open count`).toBe(p);
  expect(new Set(open).size, tag).toBe(p);
  sites.forEach((s, j) => {
    if (s.existing) expect(open, `${tag}: existing ${s.id} closed`).toContain(j);
    if (s.forbidden) expect(open, `${tag}: forbidden ${s.id} open`).not.toContain(j);
  });
  const value = spread(sites, open, d);
  expect(close(r.objective as number, value), `${tag}: reported ${r.objective}, recomputed ${value}`).toBe(true);
  return value;
}

describe("p-dispersion", () => {
  it(`engine and MIP backends find the brute-force optimum (status optimal), the heuristic a feasible answer, on ${SEEDS} instances`, async () => {
    let withExisting = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const inst = randomInstance(seed + 900, { existing: true, forbidden: true, m: [4, 12], n: [1, 3] });
      const { sites, ri } = inst;
      // a second existing site now and then (their distance then caps the optimum), a duplicate position now and then
      if (seed % 4 === 0) {
        const j = sites.findIndex((s) => !s.existing && !s.forbidden);
        if (j >= 0) sites[j].existing = true;
      }
      if (seed % 5 === 0) Object.assign(sites[sites.length - 1], { x: sites[0].x, y: sites[0].y });
      const metric: Metric = seed % 3 === 0 ? "manhattan" : "euclidean";
      const d = distOf(metric);
      const existing = sites.filter((s) => s.existing).length;
      const free = sites.filter((s) => !s.forbidden).length;
      if (free < 2) continue;
      if (existing > 0) withExisting++;
      const p = ri(Math.max(2, existing), free);
      const opt = brute(sites, p, d);
      const input = { demand: inst.demand, sites, metric };
      for (const solver of ["engine", "heuristic", ...BACKENDS] as const) {
        const name = typeof solver === "string" ? solver : solver.name;
        const tag = `seed ${seed} m ${sites.length} p ${p} ${metric} ${name}`;
        const r = await solve(input, { type: "pdispersion", p }, { solver, timeLimit: 30 });
        const value = checkAnswer(r, sites, p, d, tag);
        expect(value, `${tag}: above the optimum ${opt}`).toBeLessThanOrEqual(opt + 1e-9);
        if (name === "heuristic") {
          expect(r.status, tag).toBe("feasible");
          expect(r.bound, tag).toBeNull();
          continue;
        }
        expect(r.status, tag).toBe("optimal");
        expect(close(value, opt), `${tag}: ${value} vs brute force ${opt}`).toBe(true);
        expect(close(r.bound as number, opt), `${tag}: bound ${r.bound}`).toBe(true);
        expect(r.gap, tag).toBe(0);
      }
      // solveSync and auto: the engine
      const sync = solveSync(input, { type: "pdispersion", p });
      expect(sync.solver).toBe("engine");
      expect(close(checkAnswer(sync, sites, p, d, `seed ${seed} solveSync`), opt)).toBe(true);
    }
    expect(withExisting).toBeGreaterThan(5);
  }, 300_000);

  it("the engine and highs agree with brute force on larger instances (m = 30)", async () => {
    for (let seed = 1; seed <= 3; seed++) {
      const rand = mulberry32(seed * 31 + 5);
      const sites: Pt[] = Array.from({ length: 30 }, (_, j) => ({ id: `s${j}`, x: Math.floor(rand() * 1000), y: Math.floor(rand() * 1000), ...(j === 7 && seed === 2 ? { existing: true } : {}) }));
      const p = 3 + seed;
      const opt = brute(sites, p, dist);
      const input = { demand: [{ id: "d", x: 0, y: 0, weight: 1 }], sites };
      for (const solver of ["engine", BACKENDS[0]] as const) {
        const r = await solve(input, { type: "pdispersion", p }, { solver, timeLimit: 60 });
        const tag = `m30 seed ${seed} ${typeof solver === "string" ? solver : solver.name}`;
        expect(r.status, tag).toBe("optimal");
        expect(close(checkAnswer(r, sites, p, dist, tag), opt), `${tag}: brute force ${opt}`).toBe(true);
      }
    }
  }, 120_000);

  it("stopped early (work limit), the engine reports its best answer and a valid bound (status time_limit, gap)", async () => {
    const rand = mulberry32(77);
    const sites: Pt[] = Array.from({ length: 16 }, (_, j) => ({ id: `s${j}`, x: Math.floor(rand() * 1000), y: Math.floor(rand() * 1000) }));
    const p = 5;
    const opt = brute(sites, p, dist);
    const input = { demand: [{ id: "d", x: 0, y: 0, weight: 1 }], sites };
    let cut = 0;
    for (const workLimit of [1, 3, 10, 40, 200, 100_000]) {
      const r = solveSync(input, { type: "pdispersion", p }, { solver: "engine", workLimit });
      const tag = `workLimit ${workLimit}`;
      const value = checkAnswer(r, sites, p, dist, tag);
      expect(value, tag).toBeLessThanOrEqual(opt);
      expect(r.bound as number, `${tag}: bound below the optimum ${opt}`).toBeGreaterThanOrEqual(opt);
      expect(close(r.gap as number, ((r.bound as number) - value) / value), tag).toBe(true);
      if (r.status === "time_limit") cut++;
      else expect(r.status, tag).toBe("optimal");
    }
    expect(cut).toBeGreaterThan(0);
    // the largest work limit proves the optimum
    expect(solveSync(input, { type: "pdispersion", p }, { solver: "engine", workLimit: 100_000 }).status).toBe("optimal");
  });

  it("existing sites stay chosen and cap the optimum; evaluate() checks the count and the sites", async () => {
    const input = {
      demand: [{ id: "d", x: 0, y: 0, weight: 1 }],
      sites: [
        { id: "a", x: 0, y: 0, existing: true },
        { id: "b", x: 3, y: 4, existing: true },
        { id: "c", x: 100, y: 0 },
        { id: "e", x: 0, y: 100 },
        { id: "f", x: 100, y: 100, forbidden: true },
      ],
    };
    for (const solver of ["engine", "heuristic", ...BACKENDS] as const) {
      const r = await solve(input, { type: "pdispersion", p: 3 }, { solver });
      expect(r.open.slice().sort()).toContain("a");
      expect(r.open).toContain("b");
      expect(r.open).not.toContain("f");
      expect(r.objective).toBe(5);
    }
    const scenario = parseScenario(input);
    const problem = parseProblem({ type: "pdispersion", p: 3 }, scenario);
    const ok = evaluate(scenario, problem, ["a", "b", "e"]);
    expect(ok.feasible).toBe(true);
    expect(ok.objective).toBe(5);
    const few = evaluate(scenario, problem, ["a", "b"]);
    expect(few.feasible).toBe(false);
    expect(few.violations.join("; ")).toMatch(/2 sites open, fewer than p = 3/);
    const many = evaluate(scenario, problem, ["a", "b", "c", "e"]);
    expect(many.feasible).toBe(false);
    expect(many.violations.join("; ")).toMatch(/4 sites open, more than p = 3/);
    expect(evaluate(scenario, problem, ["a", "c", "e"]).violations.join("; ")).toMatch(/existing site b is not open/);
    expect(evaluate(scenario, problem, ["a", "b", "f"]).violations.join("; ")).toMatch(/forbidden site f is open/);
    // the two existing sites and p = 2: nothing to choose
    const fixed = await solve(input, { type: "pdispersion", p: 2 });
    expect(fixed.status).toBe("optimal");
    expect(fixed.objective).toBe(5);
  });

  it("progress reports open sites as indices into the sites without the forbidden ones", () => {
    const rand = mulberry32(5);
    const sites: Pt[] = Array.from({ length: 14 }, (_, j) => ({ id: `s${j}`, x: Math.floor(rand() * 1000), y: Math.floor(rand() * 1000), ...(j % 4 === 0 ? { forbidden: true } : {}) }));
    const active = sites.filter((s) => !s.forbidden);
    const reports: number[][] = [];
    const r = solveSync({ demand: [{ id: "d", x: 0, y: 0, weight: 1 }], sites }, { type: "pdispersion", p: 4 }, { solver: "engine", onProgress: (q) => q.open && reports.push(q.open) });
    expect(reports.length).toBeGreaterThan(0);
    for (const open of reports) {
      expect(open.length).toBe(4);
      expect(open.every((k) => k >= 0 && k < active.length)).toBe(true);
    }
    // the last report is the answer
    expect(reports[reports.length - 1].map((k) => active[k].id).sort()).toEqual(r.open.slice().sort());
  });

  it("lon/lat sites: haversine distances, as for demand", async () => {
    const sites = [
      { id: "a", lon: 121.8, lat: 30.9 },
      { id: "b", lon: 121.81, lat: 30.9 },
      { id: "c", lon: 121.8, lat: 30.95 },
      { id: "e", lon: 121.9, lat: 30.91 },
    ];
    const r = await solve({ demand: [{ id: "d", lon: 121.8, lat: 30.9, weight: 1 }], sites }, { type: "pdispersion", p: 3 });
    const hv = (a: (typeof sites)[number], b: (typeof sites)[number]) => haversine(a.lon, a.lat, b.lon, b.lat);
    let best = 0;
    for (const set of choose(4, 3, new Set(), new Set())) best = Math.max(best, Math.min(hv(sites[set[0]], sites[set[1]]), hv(sites[set[0]], sites[set[2]]), hv(sites[set[1]], sites[set[2]])));
    expect(r.status).toBe("optimal");
    expect(r.objective as number).toBeCloseTo(best, 6);
  });

  it("refuses invalid input with the field and value named", async () => {
    const input = { demand: [{ id: "d", x: 0, y: 0, weight: 1 }], sites: [{ id: "a", x: 0, y: 0 }, { id: "b", x: 5, y: 0 }, { id: "c", x: 9, y: 0, forbidden: true }] };
    const scenario = parseScenario(input);
    const bad = (problem: unknown, re: RegExp) => {
      expect(() => parseProblem(problem, scenario)).toThrow(ScenarioError);
      expect(() => parseProblem(problem, scenario)).toThrow(re);
    };
    bad({ type: "pdispersion" }, /problem\.p: pdispersion needs p/);
    bad({ type: "pdispersion", p: 1 }, /problem\.p: expected at least 2.*\(got 1\)|problem\.p: expected at least 2/);
    bad({ type: "pdispersion", p: 3 }, /problem\.p: expected at most the number of sites that are not forbidden \(2\)/);
    bad({ type: "pdispersion", p: 4 }, /problem\.p: expected at most the number of sites \(3\)/);
    bad({ type: "pdispersion", p: 2, radius: 10 }, /problem\.radius: pdispersion takes only p/);
    bad({ type: "pdispersion", p: 2, budget: 10 }, /problem\.budget: a budget is not supported for pdispersion/);
    bad({ type: "pdispersion", p: 2, capacitated: true }, /problem\.capacitated: capacities are not supported with pdispersion/);
    // a cost matrix alone has no site coordinates
    const matrixInput = { demand: [{ id: "d", weight: 1 }], sites: [{ id: "a" }, { id: "b" }, { id: "c" }], costs: [[1, 2, 3]] };
    const matrix = parseScenario(matrixInput);
    expect(() => parseProblem({ type: "pdispersion", p: 2 }, matrix)).toThrow(/problem\.type: p-dispersion measures the distances between sites from their coordinates; this scenario has a cost matrix only/);
    await expect(solve(matrixInput, { type: "pdispersion", p: 2 })).rejects.toThrow(ScenarioError);
    // the MIP's size limit
    const many = { demand: input.demand, sites: Array.from({ length: 201 }, (_, j) => ({ id: `s${j}`, x: j, y: (j * 7) % 13 })) };
    await expect(solve(many, { type: "pdispersion", p: 3 }, { solver: BACKENDS[0] })).rejects.toThrow(/options\.solver: the p-dispersion MIP takes at most 200 sites/);
    expect(solveSync(many, { type: "pdispersion", p: 3 }).status).toBe("optimal");
  });
});

/**
 * Seeded small random cflp scenarios and problems for the oracle tests. Every option of the model
 * shows up across the seeds: single-source and split, minUse, module `min`, own and problem-level
 * modules, existing sites with and without expansion modules (and with infinite capacity), forbidden
 * sites, a global reach and per-point reach overrides, coverage targets, budgets, distance costs,
 * a standard on another demand field, zero weights, a cost matrix. Sizes stay oracle-friendly:
 * n ≤ 7 demand points, m ≤ 4 sites, ≤ 3 modules per list.
 */
import { mulberry32, parseScenario, type Scenario } from "@siting/core";
import type { CflpModule, CflpProblem } from "./brute.js";

type Rand = () => number;
const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

export interface RawCflpScenario {
  demand: Record<string, unknown>[];
  sites: Record<string, unknown>[];
  metric?: "euclidean";
  costs?: number[][];
}

export interface CflpCase {
  name: string;
  /** The plain JSON, as a user writes it (give this to `solve`). */
  json: RawCflpScenario;
  /** The parsed scenario the oracle and the checker use. */
  scenario: Scenario;
  problem: CflpProblem;
  /** Which options this case exercises (for the not-vacuous checks). */
  tags: string[];
}

/**
 * `parseScenario`, but tolerant of expansion modules on existing sites even before the parser
 * accepts them: they are taken off for parsing and put back on the parsed sites. The oracle thus
 * reads the same data whatever the parser's state; `solve` gets the JSON itself.
 */
export function parseCflpScenario(json: RawCflpScenario): Scenario {
  const expansions = new Map<string, CflpModule[]>();
  const copy = {
    ...json,
    sites: json.sites.map((s) => {
      if (s.existing === true && s.modules !== undefined) {
        expansions.set(String(s.id), (s.modules as CflpModule[]).map((mod) => ({ ...mod })));
        const { modules: _drop, ...rest } = s;
        return rest;
      }
      return s;
    }),
  };
  const scenario = parseScenario(copy);
  for (const s of scenario.sites) {
    const e = expansions.get(s.id);
    if (e) s.modules = e;
  }
  return scenario;
}

const NAMES = ["small", "medium", "large"];

function randomModules(rand: Rand, tags: Set<string>, opts: { withMin: boolean }): CflpModule[] {
  const k = int(rand, 1, 3);
  const named = rand() < 0.6;
  const out: CflpModule[] = [];
  let cost = int(rand, 2, 8);
  let capacity = int(rand, 6, 14);
  for (let t = 0; t < k; t++) {
    const mod: CflpModule = { cost, capacity };
    if (named && rand() < 0.85) mod.name = NAMES[t];
    if (opts.withMin && rand() < 0.35) {
      mod.min = int(rand, 1, Math.max(1, Math.floor(capacity / 2)));
      tags.add("module-min");
    }
    out.push(mod);
    cost += int(rand, 1, 8);
    capacity += int(rand, 3, 12);
  }
  return out;
}

/** A random cflp case; `seed` ≥ 1. */
export function randomCflp(seed: number): CflpCase {
  const rand = mulberry32(seed * 2654435761 + 12345);
  const tags = new Set<string>();
  const n = int(rand, 3, 7);
  const m = int(rand, 2, 4);
  const matrix = rand() < 0.15;
  if (matrix) tags.add("cost-matrix");

  // --- problem options first (they shape the scenario)
  const r = rand();
  const mode: "min" | "coverage" | "budget" = r < 0.42 ? "min" : r < 0.72 ? "coverage" : "budget";
  tags.add(mode);
  const singleSource = rand() < 0.6;
  tags.add(singleSource ? "single" : "split");
  const standardKind = rand() < 0.3 ? pick(rand, ["pop", "pop10", "weight", "weight"] as const) : null;
  if (standardKind) tags.add(standardKind === "weight" ? "standard-weight" : "standard-field");
  const problemModules = rand() < 0.25;
  const minUse = rand() < 0.3 ? pick(rand, [0.25, 0.4, 0.5]) : undefined;
  if (minUse !== undefined) tags.add("minUse");

  // --- demand
  const demand: Record<string, unknown>[] = [];
  const reachField = rand() < 0.3;
  for (let i = 0; i < n; i++) {
    const d: Record<string, unknown> = { id: `d${i}`, weight: rand() < 0.12 ? 0 : int(rand, 1, 6) };
    if (!matrix) {
      d.x = int(rand, 0, 12);
      d.y = int(rand, 0, 12);
    }
    // demand field for the standard: sometimes 0 where the weight is not (served, no load)
    d.pop = rand() < 0.12 ? 0 : int(rand, 1, 12);
    demand.push(d);
  }
  if (!demand.some((d) => (d.weight as number) > 0)) demand[0].weight = 3;

  // --- sites
  const sites: Record<string, unknown>[] = [];
  for (let j = 0; j < m; j++) {
    const s: Record<string, unknown> = { id: `s${j}` };
    if (!matrix) {
      s.x = int(rand, 0, 12);
      s.y = int(rand, 0, 12);
    }
    const roll = rand();
    if (roll < 0.2) {
      s.existing = true;
      tags.add("existing");
      if (rand() < 0.8) s.capacity = int(rand, 4, 14);
      else tags.add("existing-infinite");
      if (rand() < 0.5) {
        s.modules = randomModules(rand, tags, { withMin: false });
        tags.add("expansion");
      }
      if (rand() < 0.3) s.cost = int(rand, 1, 10); // sunk: never charged
    } else {
      if (roll < 0.32) {
        s.forbidden = true;
        tags.add("forbidden");
      }
      if (!problemModules && rand() < 0.4) {
        s.modules = randomModules(rand, tags, { withMin: true });
        tags.add("site-modules");
      } else {
        s.cost = int(rand, 1, 15);
        // (no capacity with minUse: the library asks for one, a minimum being a share of capacity)
        if (problemModules || minUse !== undefined || rand() < 0.9) s.capacity = int(rand, 8, 24);
        else tags.add("infinite-capacity");
      }
    }
    sites.push(s);
  }
  // at least one site that can open
  if (sites.every((s) => s.forbidden)) delete sites[0].forbidden;

  const json: RawCflpScenario = { demand, sites };
  if (matrix) json.costs = demand.map(() => sites.map(() => int(rand, 0, 15)));
  else json.metric = "euclidean";
  const scenario = parseCflpScenario(json);

  // distances as the oracle sees them, for radius and reach choices
  const dist = (i: number, j: number) => {
    if (json.costs) return json.costs[i][j];
    const ex = (demand[i].x as number) - (sites[j].x as number);
    const ey = (demand[i].y as number) - (sites[j].y as number);
    return Math.sqrt(ex * ex + ey * ey);
  };
  // positive ones only: radius and reach are > 0
  const all: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) if (dist(i, j) > 0) all.push(dist(i, j));
  if (all.length === 0) all.push(1);
  all.sort((a, b) => a - b);
  const quantile = (q: number) => all[Math.min(all.length - 1, Math.floor(q * all.length))];
  // half the time an exact demand–site distance (inclusive-boundary case), else a scaled quantile
  const distanceLike = (lo: number, hi: number) => {
    const q = quantile(lo + (hi - lo) * rand());
    return rand() < 0.5 ? q : Math.round(q * (0.9 + 0.3 * rand()) * 4) / 4 || 1;
  };

  const problem: CflpProblem = { type: "cflp" };
  if (!singleSource) problem.singleSource = false;
  else if (rand() < 0.3) problem.singleSource = true;
  if (minUse !== undefined) problem.minUse = minUse;
  if (problemModules) {
    problem.modules = randomModules(rand, tags, { withMin: true });
    tags.add("problem-modules");
  }
  if (standardKind === "pop") problem.standard = { per: 2, units: 1, of: "pop" };
  else if (standardKind === "pop10") problem.standard = { per: 10, units: 5, of: "pop" };
  else if (standardKind === "weight") problem.standard = { per: 1, units: 2 };
  // reach: none, a global one, or per point
  const rr = rand();
  if (rr < 0.3) {
    problem.reach = distanceLike(0.6, 1);
    tags.add("reach");
  } else if (rr < 0.55 || reachField) {
    const def = distanceLike(0.65, 1);
    problem.reach = { field: "reach", default: def };
    tags.add("reach-field");
    for (const d of demand) if (rand() < 0.4) d.reach = distanceLike(0.35, 1);
  }
  // (a radius alone, without coverage or budget, is rejected by the library: it would mean nothing)
  if (mode !== "min") problem.radius = distanceLike(0.2, 0.75);
  if (mode === "coverage") problem.coverage = pick(rand, [0.4, 0.5, 0.6, 0.75, 0.8, 1]);
  if (mode !== "budget" && rand() < 0.55) {
    problem.distanceCost = pick(rand, [0.1, 0.5, 1, 2]);
    tags.add("distanceCost");
  }
  if (mode === "budget") {
    // about a third to three quarters of what opening everything would cost
    let total = 0;
    for (const s of scenario.sites) {
      if (s.forbidden) continue;
      const mods = s.modules ?? (s.existing ? undefined : problem.modules);
      if (mods) total += mods[0].cost;
      else if (!s.existing) total += s.cost ?? 0;
    }
    problem.budget = Math.max(1, Math.round(total * (0.5 + 0.5 * rand())));
  }
  // coverage of some points only (coverageOf) and a price per counted point beyond the radius
  // (outsideCost): drawn from their own stream, so the cases above stay as they were
  const rand2 = mulberry32(seed * 7919 + 99);
  if (rand2() < 0.35) {
    for (const d of demand) d.urban = rand2() < 0.6 ? 1 : 0;
    if (mode === "min" && rand2() < 0.7) {
      problem.radius = distanceLike(0.2, 0.75);
      problem.outsideCost = pick(rand2, [0.5, 2, 10]);
      tags.add("outsideCost");
    }
    if (problem.radius !== undefined) {
      problem.coverageOf = "urban";
      tags.add("coverageOf");
    }
  }
  // a shorter reach to new sites than to existing ones (newSiteReach), a number or a field: its own stream
  const rand3 = mulberry32(seed * 104729 + 7);
  if (scenario.sites.some((s) => s.existing) && rand3() < 0.4) {
    if (rand3() < 0.5) problem.newSiteReach = distanceLike(0.05, 0.35);
    else {
      problem.newSiteReach = { field: "near", default: distanceLike(0.1, 0.4) };
      for (const d of demand) if (rand3() < 0.5) d.near = distanceLike(0.02, 0.3);
    }
    tags.add("newSiteReach");
  }
  // demand reach fields changed after parsing: parse again so `properties.reach` is there
  const finalScenario = parseCflpScenario(json);
  return { name: `cflp#${seed} ${[...tags].sort().join(",")}`, json, scenario: finalScenario, problem, tags: [...tags] };
}

/**
 * Seeded random scenarios for tests and benchmarks: small plain-JSON documents of the kind a user
 * would write (they go through `parseScenario`), with the awkward cases mixed in — cost matrices,
 * site costs, existing sites, zero weights, duplicate points, integer ids, exact-tie radii.
 *
 * Self-contained on purpose (no import of @siting/core), so the benchmarks can import it by
 * relative path whatever `@siting/core` resolves to.
 */

/** mulberry32: floats in [0, 1); same seed, same stream. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
/** Integer in [lo, hi], inclusive. */
export const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

export interface RawDemand {
  id: string | number;
  x?: number;
  y?: number;
  lon?: number;
  lat?: number;
  weight: number;
  [extra: string]: unknown;
}
export interface RawSite {
  id: string | number;
  x?: number;
  y?: number;
  lon?: number;
  lat?: number;
  cost?: number;
  existing?: boolean;
  forbidden?: boolean;
  [extra: string]: unknown;
}
/** A plain-JSON scenario as `parseScenario` accepts it. */
export interface RawScenario {
  name?: string;
  demand: RawDemand[];
  sites: RawSite[];
  metric?: "euclidean" | "manhattan" | "haversine";
  costs?: number[][];
}

export type CoordKind = "int" | "float" | "matrix" | "lonlat";

export interface ScenarioOptions {
  /** Demand points (default: 1–12). */
  n?: number;
  /** Sites (default: 1–10). */
  m?: number;
  coords?: CoordKind;
  /** Force site costs on (true) or off (false); default: 40 % of scenarios. */
  costs?: boolean;
  /** Force 1–2 existing sites (true) or none (false); default: 30 % of scenarios. */
  existing?: boolean;
  /** Force manhattan on x/y input. */
  manhattan?: boolean;
  /** Allow a forbidden (fixed closed) candidate site in 15 % of scenarios (default true). */
  forbidden?: boolean;
}

export interface GeneratedScenario {
  json: RawScenario;
  coords: CoordKind;
  hasCosts: boolean;
  existingCount: number;
}

/**
 * A random scenario. Integer grids make exact distance ties common (e.g. (35,120) is exactly 125
 * from the origin), which is where an inclusive `≤ radius` is easy to get wrong.
 */
export function randomScenario(seed: number, opts: ScenarioOptions = {}): GeneratedScenario {
  const rand = mulberry32(seed * 7919 + 17);
  const n = opts.n ?? int(rand, 1, 12);
  const m = opts.m ?? int(rand, 1, 10);
  const coords: CoordKind = opts.coords ?? pick(rand, ["int", "int", "int", "float", "matrix", "lonlat"] as const);
  const hasCosts = opts.costs ?? rand() < 0.4;
  const existingCount = opts.existing === false ? 0 : opts.existing === true || rand() < 0.3 ? Math.min(m, int(rand, 1, 2)) : 0;
  const intIds = rand() < 0.2;

  const point = (): Record<string, number> => {
    switch (coords) {
      case "int":
        return { x: int(rand, 0, 20), y: int(rand, 0, 20) };
      case "float":
        return { x: rand() * 100 - 50, y: rand() * 100 - 50 };
      case "lonlat":
        // a few km around Lingang, Shanghai
        return { lon: 121.9 + rand() * 0.06, lat: 30.88 + rand() * 0.05 };
      case "matrix":
        return rand() < 0.5 ? {} : { x: int(rand, 0, 20), y: int(rand, 0, 20) };
    }
  };
  const demand: RawDemand[] = [];
  for (let i = 0; i < n; i++) {
    let w = rand() < 0.2 ? 0 : int(rand, 1, 10);
    if (rand() < 0.15) w = Math.round(rand() * 1000) / 100;
    const p = demand.length > 0 && rand() < 0.15 ? copyCoords(pick(rand, demand)) : point();
    demand.push({ id: intIds ? i + 1 : `d${i}`, ...p, weight: w });
  }
  const sites: RawSite[] = [];
  for (let j = 0; j < m; j++) {
    const r = rand();
    const p = r < 0.15 && demand.length ? copyCoords(pick(rand, demand)) : r < 0.25 && sites.length ? copyCoords(pick(rand, sites)) : point();
    const s: RawSite = { id: intIds ? 100 + j : `s${j}`, ...p };
    if (hasCosts) s.cost = rand() < 0.1 ? 0 : int(rand, 1, 20);
    sites.push(s);
  }
  // existing sites: pick distinct ones; their cost is sunk (sometimes still given, sometimes not)
  const order = sites.map((_, j) => j).sort(() => rand() - 0.5);
  for (let k = 0; k < existingCount; k++) {
    const s = sites[order[k]];
    s.existing = true;
    if (hasCosts && rand() < 0.5) delete s.cost;
  }
  // now and then a candidate the plan rules out (never both existing and forbidden)
  if ((opts.forbidden ?? true) && m - existingCount >= 2 && rand() < 0.15) sites[order[existingCount]].forbidden = true;
  // keep at least one priced non-existing site so `hasCosts` really holds
  if (hasCosts && !sites.some((s) => s.cost !== undefined)) {
    const j = sites.findIndex((s) => !s.existing);
    if (j >= 0) sites[j].cost = int(rand, 1, 20);
    else sites[0].cost = 5; // all existing: a (sunk) cost on one keeps the scenario "priced"
  }
  const json: RawScenario = { demand, sites };
  if (seed % 5 === 0) json.name = `random-${seed}`;
  if (coords === "matrix") json.costs = demand.map(() => sites.map(() => (rand() < 0.1 ? 0 : int(rand, 1, 30))));
  if ((coords === "int" || coords === "float") && (opts.manhattan ?? rand() < 0.2)) json.metric = "manhattan";
  if (coords === "lonlat" && rand() < 0.3) json.metric = "haversine";
  const realCosts = json.sites.some((s) => s.cost !== undefined);
  return { json, coords, hasCosts: realCosts, existingCount };
}

function copyCoords(p: { x?: number; y?: number; lon?: number; lat?: number }): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ["x", "y", "lon", "lat"] as const) if (p[k] !== undefined) out[k] = p[k] as number;
  return out;
}

export type Variant = "p" | "budget" | "both";

export interface RawProblem {
  type: "lscp" | "mclp" | "pmedian" | "pcenter";
  p?: number;
  radius?: number;
  budget?: number;
  /** LSCP: minimise the number of sites or their cost (default: cost when sites have costs). */
  objective?: "count" | "cost";
}

/** A `RawProblem` with the fields its type requires (what `randomProblem` guarantees; a valid `ProblemInput`). */
export type ValidProblem = RawProblem & ({ type: "lscp"; radius: number } | { type: "mclp"; radius: number } | { type: "pmedian" } | { type: "pcenter"; p: number });

/** Every demand–site distance, as the oracle computes it (for choosing radii). */
export type DistanceFn = (i: number, j: number) => number;

/**
 * A random valid problem of `type` for a generated scenario. The radius is, half of the time,
 * exactly one of the demand–site distances (an inclusive-boundary case), else a random quantile.
 */
export function randomProblem(seed: number, g: GeneratedScenario, type: RawProblem["type"], dist: DistanceFn, variant: Variant = "p"): ValidProblem {
  const rand = mulberry32(seed * 104729 + 3);
  const mAll = g.json.sites.length;
  const n = g.json.demand.length;
  const pr: RawProblem = { type };
  if (type === "lscp" || type === "mclp" || rand() < 0.3) {
    const all: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < mAll; j++) all.push(dist(i, j));
    all.sort((a, b) => a - b);
    const pos = all.filter((d) => d > 0);
    // LSCP: often a radius at which every point can be covered (the largest nearest-site distance)
    let rmin = 0;
    for (let i = 0; i < n; i++) {
      if (!(g.json.demand[i].weight > 0)) continue;
      let near = Infinity;
      for (let j = 0; j < mAll; j++) if (!g.json.sites[j].forbidden) near = Math.min(near, dist(i, j));
      rmin = Math.max(rmin, near);
    }
    const coverable = pos.filter((d) => d >= rmin);
    if (type === "lscp" && coverable.length > 0 && rand() < 0.6) pr.radius = pick(rand, coverable);
    else if (pos.length === 0) pr.radius = 1;
    else if (rand() < 0.5) pr.radius = pick(rand, pos);
    else pr.radius = pos[Math.floor(rand() * pos.length)] * (0.8 + 0.4 * rand());
  }
  if (type === "lscp") {
    if (g.hasCosts && rand() < 0.25) pr.objective = "count";
    return pr as ValidProblem;
  }
  const lo = Math.max(1, g.existingCount);
  const m = g.json.sites.filter((s) => !s.forbidden).length;
  if (type === "pcenter" || variant !== "budget") pr.p = int(rand, lo, Math.max(lo, Math.min(m, lo + 4)));
  if (type !== "pcenter" && variant !== "p") {
    let total = 0;
    for (const s of g.json.sites) if (!s.existing) total += s.cost ?? 0;
    pr.budget = rand() < 0.1 ? 0 : int(rand, 0, Math.max(1, Math.ceil(total * 0.6)));
  }
  return pr as ValidProblem;
}

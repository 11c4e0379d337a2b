/**
 * The demo's input: page parameters (from the form or the URL) → the Lingang grid, a plain-JSON
 * scenario and a classic siting problem. Pure (no DOM, no Node APIs), so the browser test builds
 * exactly the same input in Node and compares the page's answer with `solve` run there.
 */
import {
  CATCHMENTS, FACILITY_TYPES, RESOLUTIONS, YEARS, ZONES,
  lingangGrid, lingangScenario,
  type FacilityType, type LingangGrid, type Resolution, type Year, type ZoneName,
} from "@siting/lingang";

export const PROBLEM_KINDS = ["mclp", "lscp", "pmedian", "pcenter"] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];
export const DEMO_SOLVERS = ["engine", "heuristic", "highs", "glpk"] as const;
export type DemoSolver = (typeof DEMO_SOLVERS)[number];
export const LIMITS = ["p", "budget"] as const;
export type Limit = (typeof LIMITS)[number];

export const FACILITY_LABELS: Record<FacilityType, string> = {
  clinics: "Health centres and stations",
  "schools-kindergarten": "Kindergartens",
  "schools-primary": "Primary schools",
  "schools-middle": "Middle schools",
  eldercare: "Community elder care",
  stations: "Doorstep service stations",
};

export const PROBLEM_LABELS: Record<ProblemKind, string> = {
  mclp: "MCLP — most demand within the radius",
  lscp: "LSCP — cover every cell at least cost",
  pmedian: "p-median — least total distance",
  pcenter: "p-center — least longest distance",
};

export interface DemoParams {
  facility: FacilityType;
  zone: ZoneName;
  resolution: Resolution;
  year: Year;
  problem: ProblemKind;
  /** coverage radius (m) */
  radius: number;
  /** mclp / pmedian: limit the count of open sites (p) or the cost of new ones (budget, million CNY) */
  limit: Limit;
  p: number;
  budget: number;
  /** candidate lattice spacing (m), a multiple of the resolution */
  spacing: number;
  solver: DemoSolver;
  /** seconds */
  timeLimit: number;
  seed: number;
}

/** The default solve (`index.html?run=1`): doorstep stations, first-start zone, 500 m, MCLP with the engine — well under a second. */
export const DEFAULTS: Readonly<DemoParams> = Object.freeze({
  facility: "stations",
  zone: "first-start",
  resolution: 500,
  year: 2024,
  problem: "mclp",
  radius: CATCHMENTS.stations.radius,
  limit: "p",
  p: 10,
  budget: 20,
  spacing: CATCHMENTS.stations.spacing,
  solver: "engine",
  timeLimit: 30,
  seed: 1,
});

/** URL parameter names, in the order the page writes them. */
export const PARAM_NAMES = ["facility", "zone", "resolution", "year", "problem", "radius", "p", "budget", "spacing", "solver", "timeLimit", "seed"] as const;

const oneOf = <T extends string | number>(list: readonly T[], v: string, name: string, errors: string[]): T | undefined => {
  const hit = list.find((x) => String(x) === v);
  if (hit === undefined) errors.push(`${name}: expected one of ${list.join(", ")}, got "${v}"`);
  return hit;
};
const num = (v: string, name: string, errors: string[], check: (n: number) => boolean, what: string): number | undefined => {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || !check(n)) {
    errors.push(`${name}: expected ${what}, got "${v}"`);
    return undefined;
  }
  return n;
};

/**
 * Parameters from a query string (`?facility=clinics&zone=focus&p=20&solver=highs…`). Missing ones
 * take the defaults; radius and spacing default to the facility's catchment; `budget=…` without
 * `p` limits by budget. Bad values are listed in `errors` and replaced by the defaults.
 */
export function parseParams(search: string | URLSearchParams): { params: DemoParams; errors: string[]; run: boolean } {
  const q = typeof search === "string" ? new URLSearchParams(search) : search;
  const errors: string[] = [];
  const params: DemoParams = { ...DEFAULTS };
  const get = (k: string) => q.get(k);
  let v: string | null;
  if ((v = get("facility")) !== null) params.facility = oneOf(FACILITY_TYPES, v, "facility", errors) ?? params.facility;
  params.radius = CATCHMENTS[params.facility].radius;
  params.spacing = CATCHMENTS[params.facility].spacing;
  if ((v = get("zone")) !== null) params.zone = oneOf(ZONES, v, "zone", errors) ?? params.zone;
  if ((v = get("resolution")) !== null) params.resolution = oneOf(RESOLUTIONS, v, "resolution", errors) ?? params.resolution;
  if ((v = get("year")) !== null) params.year = oneOf(YEARS, v, "year", errors) ?? params.year;
  if ((v = get("problem")) !== null) params.problem = oneOf(PROBLEM_KINDS, v, "problem", errors) ?? params.problem;
  if ((v = get("radius")) !== null) params.radius = num(v, "radius", errors, (n) => n > 0, "a distance in metres > 0") ?? params.radius;
  if ((v = get("p")) !== null) params.p = num(v, "p", errors, (n) => Number.isInteger(n) && n >= 1, "an integer ≥ 1") ?? params.p;
  if ((v = get("budget")) !== null) params.budget = num(v, "budget", errors, (n) => n >= 0, "million CNY ≥ 0") ?? params.budget;
  if ((v = get("limit")) !== null) params.limit = oneOf(LIMITS, v, "limit", errors) ?? params.limit;
  else if (get("budget") !== null && get("p") === null) params.limit = "budget";
  if ((v = get("spacing")) !== null) params.spacing = num(v, "spacing", errors, (n) => n > 0, "a distance in metres > 0") ?? params.spacing;
  if ((v = get("solver")) !== null) params.solver = oneOf(DEMO_SOLVERS, v, "solver", errors) ?? params.solver;
  if ((v = get("timeLimit")) !== null) params.timeLimit = num(v, "timeLimit", errors, (n) => n > 0, "seconds > 0") ?? params.timeLimit;
  if ((v = get("seed")) !== null) params.seed = num(v, "seed", errors, (n) => Number.isInteger(n), "an integer") ?? params.seed;
  const run = ["1", "true", "yes"].includes(q.get("run") ?? "");
  return { params, errors, run };
}

/** The query string for parameters (only what differs from the defaults, plus `extra`). */
export function toQuery(params: DemoParams, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  const base = { ...DEFAULTS, radius: CATCHMENTS[params.facility].radius, spacing: CATCHMENTS[params.facility].spacing };
  for (const k of PARAM_NAMES) {
    if (k === "p" && params.limit !== "p") continue;
    if (k === "budget" && params.limit !== "budget") continue;
    if (params[k] !== base[k] || (k === "budget" && params.limit === "budget")) q.set(k, String(params[k]));
  }
  for (const [k, val] of Object.entries(extra)) q.set(k, val);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** A demand point as sent to the solver: one populated mainland cell. */
export interface DemandPoint { id: string; lon: number; lat: number; weight: number }
/** A site as sent to the solver: an existing facility (kept open) or a lattice candidate with its opening cost. */
export interface SitePoint { id: string; lon: number; lat: number; name: string; existing?: true; cost?: number }
export interface DemoScenario { name: string; demand: DemandPoint[]; sites: SitePoint[] }
/** The classic problems as @siting/core types them (an mclp or lscp needs its radius; mclp and pmedian take p and/or a budget). */
export type DemoProblem =
  | { type: "mclp"; radius: number; p?: number; budget?: number }
  | { type: "lscp"; radius: number }
  | { type: "pmedian"; p?: number; budget?: number; radius?: number }
  | { type: "pcenter"; p: number; radius?: number };

export interface DemoInput {
  params: DemoParams;
  grid: LingangGrid;
  /** what a demand point's weight counts (residents, or children of the school level) */
  weightOf: string;
  scenario: DemoScenario;
  problem: DemoProblem;
  options: { solver: DemoSolver; timeLimit: number; seed: number };
}

/**
 * The grid, the scenario and the problem for one set of parameters. Demand: the populated cells of
 * the mainland (the weight is the facility's: residents, or children of the school level); sites:
 * the facility's existing ones (always open, counted in p, no cost) and a lattice of candidates
 * at `spacing` with their opening cost (million CNY), as `lingangScenario` builds them.
 */
export function buildInput(params: DemoParams): DemoInput {
  const grid = lingangGrid({ year: params.year, zone: params.zone, resolution: params.resolution });
  const spacing = params.spacing % params.resolution === 0 ? params.spacing : Math.max(params.resolution, Math.round(params.spacing / params.resolution) * params.resolution);
  const s = lingangScenario({ facility: params.facility, grid, catchment: { spacing } });
  const demand: DemandPoint[] = s.scenario.demand.map((d) => ({ id: d.id, lon: d.lon, lat: d.lat, weight: d.weight }));
  const sites: SitePoint[] = s.scenario.sites.map((t) =>
    t.existing ? { id: t.id, lon: t.lon, lat: t.lat, name: t.name, existing: true } : { id: t.id, lon: t.lon, lat: t.lat, name: t.name, cost: t.cost ?? 0 },
  );
  const limit = params.limit === "budget" ? { budget: params.budget } : { p: params.p };
  const { radius } = params;
  const problem: DemoProblem =
    params.problem === "mclp" ? { type: "mclp", radius, ...limit }
    : params.problem === "lscp" ? { type: "lscp", radius }
    : params.problem === "pmedian" ? { type: "pmedian", ...limit, radius }
    : { type: "pcenter", p: params.p, radius };
  return {
    params: { ...params, spacing },
    grid,
    weightOf: s.weightOf,
    scenario: { name: `${s.scenario.name}-${params.problem}`, demand, sites },
    problem,
    options: { solver: params.solver, timeLimit: params.timeLimit, seed: params.seed },
  };
}

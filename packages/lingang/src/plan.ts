/**
 * The main job: plan clinics, schools (three levels), elder care and doorstep service stations for
 * one year, zone and resolution against the plan's standards, existing facilities first.
 *
 * Each facility type is solved in two stages, both reproducible (deterministic limits only):
 * 1. access — where new sites go so that everyone is within the service radius (LSCP, least cost
 *    of new sites; with a budget: MCLP, most people within the radius). Our exact engine, stopped
 *    by a work limit, reports status, proven bound and gap.
 * 2. capacity — on the sites stage 1 opened (and the existing ones), the capacitated model with the
 *    per-capita standard: every cell's demand units (GPs, seats, m²) served within the radius by one
 *    site whose capacity (existing, or the size module chosen for a new site) is not exceeded, at
 *    least cost of modules. A MIP backend (HiGHS by default) solves it; when no assignment meets
 *    the standard, the shortfall is measured on the nearest-site assignment with the largest modules.
 */
import { nowMs as now, parseScenario, solve, type Backend, type Result, type Scenario } from "@siting/core";
import { lingangGrid, type LingangGrid, type Resolution, type Year } from "./grid.js";
import type { ZoneName } from "./boundary.js";
import { lingangScenario, FACILITY_TYPES, type FacilityType, type LingangScenario } from "./scenario.js";
import type { Standard } from "./standards.js";

/** The four facility groups of the plan; schools have three levels. */
export const PLAN_GROUPS = {
  clinics: ["clinics"],
  schools: ["schools-kindergarten", "schools-primary", "schools-middle"],
  eldercare: ["eldercare"],
  stations: ["stations"],
} as const satisfies Record<string, readonly FacilityType[]>;
export type PlanGroup = keyof typeof PLAN_GROUPS;

export interface PlanOptions {
  year?: Year;
  zone?: ZoneName;
  resolution?: Resolution;
  /** Budget in million CNY for the new sites of each facility type: access becomes MCLP (most people within the radius). */
  budget?: number;
  /** Deterministic work limit of the access stage per facility type (engine checkpoints). Default 4,000. */
  workLimit?: number;
  /** Safety time limit per stage, seconds (a stage that reaches it is reported as time_limit). Default 20. */
  timeLimit?: number;
  /** MIP backend of the capacity stage; default `"highs"` (loaded by name). */
  backend?: Backend | "highs" | "glpk" | "lp-solver";
  /** Facility types to plan (default all six). */
  facilities?: readonly FacilityType[];
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface StageSummary {
  status: Result["status"];
  objective: number | null;
  bound: number | null;
  gap: number | null;
  seconds: number;
  solver: string;
  message?: string;
}

export interface PlannedSite {
  id: string;
  name: string;
  lon: number;
  lat: number;
  existing: boolean;
  /** Size module chosen for a new site (capacity stage). */
  module?: string;
  /** Capacity in the standard's unit (existing, or the chosen module). */
  capacity?: number;
  /** Demand units it serves (capacity stage). */
  units?: number;
  /** Opening cost, million CNY (0 for existing). */
  cost: number;
}

export interface StandardCheck {
  standard: Standard;
  /** Demand units the standard asks for over the whole demand (e.g. GPs). */
  required: number;
  /** Capacity of the planned sites (existing + chosen modules) in the same unit. */
  provided: number;
  unit: string;
  /** True when every cell's units are served within the radius within capacity. */
  met: boolean;
  /** Units that cannot be served within the radius by the planned sites (0 when met). */
  shortfall: number;
  how: "capacitated model" | "nearest-site sizing";
}

export interface FacilityPlan {
  facility: FacilityType;
  group: PlanGroup;
  radius: number;
  /** What the demand weight counts (residents, or children of the level). */
  weightOf: LingangScenario["weightOf"];
  capacityUnit: string;
  demandTotal: number;
  covered: number;
  coveredFraction: number;
  existingSites: number;
  newSites: number;
  /** Cost of the new sites in million CNY (module costs when the capacity stage sized them). */
  cost: number;
  access: StageSummary;
  capacity: StageSummary | null;
  standard: StandardCheck | null;
  sites: PlannedSite[];
  /** Cells with demand left outside the radius of every planned site. */
  uncovered: string[];
  standards: Standard[];
  problem: string;
}

export interface LingangPlan {
  year: Year;
  zone: ZoneName;
  resolution: Resolution;
  /** The grid's total residents. */
  residents: number;
  cells: number;
  budget: number | null;
  facilities: FacilityPlan[];
  seconds: number;
  grid: LingangGrid;
}

const DEFAULT_WORK = 4_000;

function summary(r: Result): StageSummary {
  const s: StageSummary = { status: r.status, objective: r.objective, bound: r.bound, gap: r.gap, seconds: r.seconds, solver: r.solver };
  if (r.message) s.message = r.message;
  return s;
}

/** The scenario with every non-existing site outside `keep` marked forbidden. */
function restrictTo(s: Scenario, keep: Set<string>): Scenario {
  return { ...s, sites: s.sites.map((t) => (t.existing || keep.has(t.id) ? t : { ...t, forbidden: true })) };
}

/** Plans one facility type (both stages). */
export async function planFacility(ls: LingangScenario, options: PlanOptions = {}): Promise<FacilityPlan> {
  const sc = parseScenario(ls.scenario);
  const radius = ls.radius;
  const workLimit = options.workLimit ?? DEFAULT_WORK;
  const timeLimit = options.timeLimit ?? 20;
  const budget = options.budget;
  const accessProblem = budget !== undefined
    ? { type: "mclp" as const, radius, budget, capacitated: false }
    : { type: "lscp" as const, radius, objective: "cost" as const, capacitated: false };
  const access = await solve(sc, accessProblem, { solver: "engine", workLimit, timeLimit, seed: 1 });
  const std = ls.problems.find((p) => p.id === "standard" && p.problem.capacitated)?.problem.standard;
  const siteById = new Map(ls.scenario.sites.map((t) => [t.id, t]));
  const demandById = new Map(ls.scenario.demand.map((d) => [d.id, d]));

  let capacity: Result | null = null;
  let check: StandardCheck | null = null;
  const standard = ls.standards[0];
  if (std && access.status !== "infeasible") {
    const keep = new Set(access.open);
    const capProblem = budget !== undefined
      ? { type: "mclp" as const, radius, budget, capacitated: true, standard: std }
      : { type: "lscp" as const, radius, objective: "cost" as const, capacitated: true, standard: std };
    capacity = await solve(restrictTo(sc, keep), capProblem, { solver: options.backend ?? "highs", timeLimit });
    const unitsOf = (w: number) => (w * std.units) / std.per;
    const required = ls.scenario.demand.reduce((a, d) => a + unitsOf(d.weight), 0);
    if (capacity.status === "optimal" || (capacity.status === "feasible" || capacity.status === "time_limit") && capacity.objective !== null) {
      const provided = capacity.sites.reduce((a, t) => a + (t.capacity ?? 0), 0);
      const served = capacity.sites.reduce((a, t) => a + (t.units ?? 0), 0);
      const gapUnits = required - served;
      const shortfall = gapUnits > 1e-9 * Math.max(1, required) ? gapUnits : 0;
      check = { standard, required, provided, unit: ls.capacityUnit, met: shortfall <= 1e-9 * Math.max(1, required), shortfall, how: "capacitated model" };
    } else {
      check = nearestSizing(ls, access, required, unitsOf, standard);
    }
  }

  // the plan: the capacity stage's sites and modules when it has them, else the access stage's
  const useCap = capacity !== null && capacity.objective !== null && capacity.open.length > 0;
  const final = useCap ? (capacity as Result) : access;
  const sites: PlannedSite[] = final.sites.map((t) => {
    const j = siteById.get(t.id);
    const p: PlannedSite = { id: t.id, name: j?.name ?? t.id, lon: j?.lon ?? NaN, lat: j?.lat ?? NaN, existing: t.existing, cost: t.existing ? 0 : (t.cost ?? 0) };
    if (t.module !== undefined) p.module = t.module;
    if (t.capacity !== undefined && t.capacity !== null) p.capacity = t.capacity;
    if (t.units !== undefined && t.units !== null) p.units = t.units;
    return p;
  });
  // coverage: within the radius of any planned site (access stage's geometry)
  const uncovered: string[] = [];
  let covered = 0;
  let total = 0;
  for (const a of access.assignment) {
    const w = demandById.get(a.demand)?.weight ?? 0;
    total += w;
    if (a.covered) covered += w;
    else if (w > 0) uncovered.push(a.demand);
  }
  const plan: FacilityPlan = {
    facility: ls.facility,
    group: (Object.keys(PLAN_GROUPS) as PlanGroup[]).find((g) => (PLAN_GROUPS[g] as readonly string[]).includes(ls.facility)) as PlanGroup,
    radius,
    weightOf: ls.weightOf,
    capacityUnit: ls.capacityUnit,
    demandTotal: total,
    covered,
    coveredFraction: total > 0 ? covered / total : 1,
    existingSites: sites.filter((t) => t.existing).length,
    newSites: sites.filter((t) => !t.existing).length,
    cost: sites.reduce((a, t) => a + t.cost, 0),
    access: summary(access),
    capacity: capacity ? summary(capacity) : null,
    standard: check,
    sites,
    uncovered,
    standards: ls.standards,
    problem: budget !== undefined ? `MCLP, budget ${budget} million CNY, radius ${radius} m` : `LSCP (least cost), radius ${radius} m`,
  };
  return plan;
}

/**
 * The shortfall when the capacitated model finds no assignment: every cell goes to its nearest
 * planned site within the radius; a new site takes its largest module, an existing one keeps its
 * capacity; units above capacity (and units of cells out of reach) are the shortfall.
 */
function nearestSizing(ls: LingangScenario, access: Result, required: number, unitsOf: (w: number) => number, standard: Standard): StandardCheck {
  const siteById = new Map(ls.scenario.sites.map((t) => [t.id, t]));
  const weight = new Map(ls.scenario.demand.map((d) => [d.id, d.weight]));
  const load = new Map<string, number>();
  let unreachable = 0;
  for (const a of access.assignment) {
    const u = unitsOf(weight.get(a.demand) ?? 0);
    if (a.site !== null && a.covered) load.set(a.site, (load.get(a.site) ?? 0) + u);
    else unreachable += u;
  }
  let provided = 0;
  let over = 0;
  for (const id of access.open) {
    const t = siteById.get(id);
    const cap = t?.existing ? (t.capacity ?? 0) : Math.max(0, ...(t?.modules ?? []).map((m) => m.capacity), t?.capacity ?? 0);
    provided += cap;
    over += Math.max(0, (load.get(id) ?? 0) - cap);
  }
  const raw = over + unreachable;
  const shortfall = raw > 1e-9 * Math.max(1, required) ? raw : 0;
  return { standard, required, provided, unit: ls.capacityUnit, met: shortfall <= 1e-9 * Math.max(1, required), shortfall, how: "nearest-site sizing" };
}

/** Plans every facility type for one year, zone and resolution. */
export async function planLingang(options: PlanOptions = {}): Promise<LingangPlan> {
  const t0 = now();
  const year = options.year ?? 2024;
  const zone = options.zone ?? "first-start";
  const resolution = options.resolution ?? 250;
  const grid = lingangGrid({ year, zone, resolution });
  const types = options.facilities ?? FACILITY_TYPES;
  const facilities: FacilityPlan[] = [];
  for (let k = 0; k < types.length; k++) {
    options.onProgress?.(types[k], k, types.length);
    const ls = lingangScenario({ facility: types[k], grid, ...(options.budget !== undefined ? { budget: options.budget } : {}) });
    facilities.push(await planFacility(ls, options));
  }
  options.onProgress?.("done", types.length, types.length);
  return {
    year, zone, resolution,
    residents: grid.totals.residents,
    cells: grid.cells.length,
    budget: options.budget ?? null,
    facilities,
    seconds: (now() - t0) / 1000,
    grid,
  };
}

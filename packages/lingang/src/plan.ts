/**
 * The main job: plan community health centres, kindergartens, primary and middle schools, elder care
 * and doorstep service stations with the planner's model (`cflp` in @siting/core): sites and sizes
 * together, existing capacity first, every cell served within its land-use reach, each new facility
 * at least `minUse` full, the plan's named projects committed.
 *
 * Phasing: the near-term plan (2024 population, building to 2025) is planned first; the 2035
 * network (2.5 million residents, the land reservation) then keeps every near-term site open —
 * expandable to a larger size for the cost difference — and adds what 2035 needs, so nothing built
 * now is off the 2035 network. Elder care is planned after the health centres with the option of
 * sharing a new CHC building at a lower cost; the report states the saving against planning it alone.
 * Each type is solved per planning district (the plan's towns; a site serves its own district).
 */
import { explainCflp, frontierSvg, solve as coreSolve, type Backend, type CflpProblem, type Problem, type Result, type SolverName } from "@siting/core";
import type { ZoneName } from "./boundary.js";
import { FACILITY_TYPES, type Catchment, type FacilityType } from "./catchments.js";
import type { FacilityKind } from "./facilities.js";
import { lingangGrid, type LingangGrid, type Resolution, type Year } from "./grid.js";
import type { TownId } from "./places.js";
import { lingangScenario, type ScenarioOptions, type District, type LingangScenario, type ScenarioJSON, type SiteJSON } from "./scenario.js";
import { ASSUMPTIONS } from "./assumptions.js";
import type { Standard } from "./standards.js";

const now = () => performance.now();


export interface PlanOptions {
  /** The near-term year (2024 population, the plan's 2025 horizon) or 2035 alone. Default 2024. */
  year?: Year;
  zone?: ZoneName;
  resolution?: Resolution;
  /** Also plan the 2035 network grown from the near-term sites (default true for 2024 without a budget). */
  phasing?: boolean;
  /** Budget (million CNY) per facility type: maximise the share of urban residents within the radius. */
  budget?: number;
  /** Forward margin on schools and elder care (default ASSUMPTIONS margin.*). */
  margin?: number;
  /** Minimum use of new sites (default 0.6). */
  minUse?: number;
  /**
   * Seconds for the whole run (default: 50 for the first-start zone, 70 for the focus zone, 90 for
   * the whole area): 65 % to the near-term plan, 20 % to the 2035 network, 15 % to the trade-off
   * points, split evenly over the facility types and, within a type, over its districts by cells.
   */
  seconds?: number;
  /** Seconds for one facility type (all its districts); by default `planLingang` derives it from `seconds` (`planFacility` alone: 6). */
  timeLimit?: number;
  /** Seconds for each trade-off point of a type (default: an eighth of `timeLimit`). */
  tradeoffSeconds?: number;
  /** Solver of each cflp (default "auto": HiGHS for these split-demand models). */
  solver?: SolverName | Backend;
  /**
   * Runs each solve (default `solve` of `@siting/core`, in this thread). The CLI passes a worker
   * pool's `solve` (`@siting/worker`), which keeps each time limit as a hard deadline and lets Ctrl-C
   * stop a solve at once; `solver` must then be a name.
   */
  solveWith?: (scenario: ScenarioJSON, problem: CflpProblem, options: { solver?: SolverName | Backend; timeLimit?: number; signal?: AbortSignal }) => Promise<Result>;
  /** The cost–coverage trade-off per type (default true). */
  frontier?: boolean;
  /** Facility types to plan (default all six). */
  facilities?: readonly FacilityType[];
  signal?: AbortSignal;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface PlannedSite {
  id: string;
  name: string;
  lon: number;
  lat: number;
  town: TownId;
  district: District;
  /** existing: open today; committed: the plan's named projects and schools under construction; new: chosen here; colocated: new, sharing a CHC building */
  origin: SiteJSON["origin"];
  existing: boolean;
  /** the size opened (new) or the expansion taken (existing) */
  module?: string;
  capacity: number;
  units: number;
  utilization: number | null;
  /** least load of a new site (units) */
  minimum: number;
  /** million CNY: module cost (new), expansion cost (existing) or committed cost */
  cost: number;
  /** residents (or children) assigned */
  load: number;
}

export interface CellAssignment {
  cell: string;
  /** the site serving the largest share */
  site: string;
  distance: number;
  /** more than one site (a catchment boundary runs through the cell) */
  split: boolean;
  urban: boolean;
  /** every site serving the cell, its share (0..1) and distance (m) */
  shares: { site: string; share: number; distance: number }[];
}

export interface TradeoffPoint {
  label: string;
  /** share of urban weight within the radius (0..1), null when infeasible */
  coverage: number | null;
  cost: number | null;
  status: Result["status"] | "mixed";
  gap: number | null;
  dominated: boolean;
}

export interface FacilityPlan {
  facility: FacilityType;
  kind: Exclude<FacilityKind, "hospital">;
  year: Year;
  catchment: Catchment;
  weightOf: LingangScenario["weightOf"];
  capacityUnit: string;
  margin: number;
  minUse: number;
  standards: Standard[];
  /** demand weight (residents or children) served */
  demandTotal: number;
  urbanTotal: number;
  /** demand units the norm asks for (incl. the margin) and without the margin */
  need: number;
  needWithoutMargin: number;
  /** existing facilities (and, in the 2035 network, the near-term plan's sites) */
  existingSites: number;
  committedSites: number;
  newSites: number;
  /** million CNY: new sites + expansions + committed projects */
  cost: number;
  costNew: number;
  costExpansions: number;
  costCommitted: number;
  capacity: number;
  existingCapacity: number;
  utilization: { min: number | null; median: number | null };
  withinRadius: { radius: number; share: number };
  withinReach: number;
  farthest: number;
  perTenThousand: number;
  splitCells: number;
  /** urban cells (and their weight) served beyond the urban reach: no facility could be filled nearer */
  beyondUrbanReach: { cells: number; weight: number };
  status: Result["status"];
  objective: number | null;
  bound: number | null;
  gap: number | null;
  seconds: number;
  solver: string;
  messages: string[];
  flags: string[];
  sites: PlannedSite[];
  cells: CellAssignment[];
  /** elder care in new CHC buildings: how many, their modules' cost shared and stand-alone, the saving (million CNY) */
  colocation?: { shared: number; costAlone: number; costTogether: number; saving: number };
  tradeoff?: TradeoffPoint[];
  tradeoffSvg?: string;
  /** budget variant: what the money buys */
  budget?: { budget: number; spent: number; share: number; needed?: number };
}

export interface LingangPlan {
  year: Year;
  zone: ZoneName;
  resolution: Resolution;
  residents: number;
  cells: number;
  budget: number | null;
  excluded: { name: string; reason: string; residents: number }[];
  facilities: FacilityPlan[];
  /** the 2035 network (land reservation) when phasing, and whether every near-term site is on it */
  phasing: { year: 2035; residents: number; facilities: FacilityPlan[]; subset: boolean; offNetwork: string[] } | null;
  seconds: number;
  grid: LingangGrid;
}

const median = (v: number[]) => {
  if (!v.length) return null;
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Solved {
  results: { district: District; result: Result; scenario: ScenarioJSON }[];
  seconds: number;
}

/** Solves a type's cflp per district; an infeasible district is retried with every urban cell at the rural rule. */
async function solveByDistrict(ls: LingangScenario, o: PlanOptions, problem = ls.problem): Promise<Solved> {
  const t0 = now();
  const districts = [...new Set(ls.scenario.demand.map((d) => d.district))];
  const results: Solved["results"] = [];
  for (const district of districts) {
    o.signal?.throwIfAborted();
    const demand = ls.scenario.demand.filter((d) => d.district === district);
    const sites = ls.scenario.sites.filter((s) => s.district === district);
    let sc: ScenarioJSON = { ...ls.scenario, demand, sites };
    // urban cells stranded with unfillable sites only: raise their reach to the rural rule
    // (only where some cell is held below its rule reach: otherwise the precheck's model would be built for nothing)
    for (let round = 0; round < 3 && sc.demand.some((d) => d.reach < d.ruleReach); round++) {
      const stranded = new Set(explainCflp(sc, problem).filter((x) => x.kind === "minimum" || x.kind === "unreachable").flatMap((x) => x.demand));
      if (!sc.demand.some((d) => stranded.has(d.id) && d.reach < d.ruleReach)) break;
      sc = { ...sc, demand: sc.demand.map((d) => (stranded.has(d.id) && d.reach < d.ruleReach ? { ...d, reach: d.ruleReach } : d)) };
    }
    // the type's time split over the districts by their number of cells
    const share = Math.max(MIN_SOLVE_SECONDS, ((o.timeLimit ?? DEFAULT_TYPE_SECONDS) * demand.length) / ls.scenario.demand.length);
    const opts = { solver: o.solver ?? ("auto" as const), timeLimit: share, ...(o.signal ? { signal: o.signal } : {}) };
    const solve = o.solveWith ?? coreSolve;
    let r = await solve(sc, problem, opts);
    if (r.status === "infeasible" && sc.demand.some((d) => d.reach < d.ruleReach)) {
      // proven: no plan with the urban reach — every cell at the rural rule (reported)
      const sc2 = atRuleReach(sc);
      const r2 = await solve(sc2, problem, opts);
      if (r2.objective !== null || r2.status === "infeasible") {
        r = { ...r2, message: [`${district}: urban cells served up to the rural reach (with the urban reach: ${r.message ?? r.status})`, r2.message].filter(Boolean).join("; ") };
        sc = sc2;
      }
    }
    if (r.objective === null && r.status !== "infeasible") {
      // the MIP found no plan in its time: our engine's search (a plan and a Lagrangian bound) in half as long
      const r2 = await solve(sc, problem, { ...opts, solver: "engine", timeLimit: Math.max(MIN_SOLVE_SECONDS, share / 2) });
      if (r2.objective !== null) r = { ...r2, message: [`${district}: ${r.message ?? "the MIP found no plan"}; plan by the engine`, r2.message].filter(Boolean).join("; ") };
    }
    if (r.objective === null && r.status !== "infeasible" && sc.demand.some((d) => d.reach < d.ruleReach)) {
      // still nothing: the looser model with every cell at the rural rule (reported)
      const sc2 = atRuleReach(sc);
      const r2 = await solve(sc2, problem, { ...opts, timeLimit: Math.max(MIN_SOLVE_SECONDS, share / 2) });
      if (r2.objective !== null) {
        r = { ...r2, message: [`${district}: no plan with the urban reach in the time (${r.message ?? r.status}); urban cells served up to the rural reach`, r2.message].filter(Boolean).join("; ") };
        sc = sc2;
      }
    }
    results.push({ district, result: r, scenario: sc });
  }
  return { results, seconds: (now() - t0) / 1000 };
}

/** The scenario with every cell allowed its rule reach (urban cells as far as rural ones). */
function atRuleReach(sc: ScenarioJSON): ScenarioJSON {
  return { ...sc, demand: sc.demand.map((d) => ({ ...d, reach: d.ruleReach })) };
}

const DEFAULT_TYPE_SECONDS = 6;
const MIN_SOLVE_SECONDS = 0.25;
/** Default run time by zone (seconds). */
export const RUN_SECONDS: Record<ZoneName, number> = { "first-start": 50, focus: 70, all: 90 };

const STATUS_ORDER: Result["status"][] = ["infeasible", "time_limit", "feasible", "optimal"];

/** The type's plan from its per-district results. */
function summarise(ls: LingangScenario, solved: Solved): FacilityPlan {
  const siteInfo = new Map<string, SiteJSON>();
  const demandInfo = new Map(ls.scenario.demand.map((d) => [d.id, d]));
  const sites: PlannedSite[] = [];
  const cells: CellAssignment[] = [];
  let objective: number | null = 0;
  let bound: number | null = 0;
  let status: Result["status"] = "optimal";
  const messages: string[] = [];
  let urbanTotal = 0, urbanWithin = 0, total = 0, farthest = 0, split = 0, fallbackCells = 0, fallbackWeight = 0;
  for (const { district, result: r, scenario } of solved.results) {
    for (const s of scenario.sites) siteInfo.set(s.id, s);
    if (STATUS_ORDER.indexOf(r.status) < STATUS_ORDER.indexOf(status)) status = r.status;
    objective = objective !== null && r.objective !== null ? objective + r.objective : null;
    bound = bound !== null && r.bound !== null ? bound + r.bound : null;
    if (r.message) messages.push(r.message.startsWith(`${district}:`) ? r.message : `${district}: ${r.message}`);
    const w = new Map(scenario.demand.map((d) => [d.id, d]));
    for (const a of r.assignment) {
      const d = w.get(a.demand)!;
      total += d.weight;
      if (d.urban) urbanTotal += d.weight;
      if (a.site === null) continue;
      const shares = a.shares ?? [{ site: a.site, share: 1, amount: 0, distance: a.distance ?? 0 }];
      let within = 0;
      let beyond = 0;
      for (const sh of shares) {
        farthest = Math.max(farthest, sh.distance);
        if (sh.distance <= ls.catchment.radius) within += sh.share;
        if (sh.distance > ls.catchment.urbanReach) beyond += sh.share;
      }
      if (d.urban && beyond > 0) {
        fallbackCells++;
        fallbackWeight += beyond * d.weight;
      }
      if (d.urban) urbanWithin += within * d.weight;
      if (shares.length > 1) split++;
      cells.push({
        cell: a.demand, site: a.site, distance: a.distance ?? 0, split: shares.length > 1, urban: d.urban === 1,
        shares: shares.map((sh) => ({ site: sh.site, share: sh.share, distance: sh.distance })),
      });
    }
    if (r.objective === null) {
      // no plan for this district: its existing (and committed, and near-term) sites are open all the same
      for (const j of scenario.sites) {
        if (!j.existing) continue;
        sites.push({
          id: j.id, name: j.name, lon: j.lon, lat: j.lat, town: j.town, district, origin: j.origin, existing: true,
          capacity: j.capacity ?? 0, units: 0, utilization: null, minimum: 0, cost: j.committedCost ?? 0, load: 0,
        });
      }
    }
    for (const t of r.sites) {
      const j = siteInfo.get(t.id)!;
      const moduleCost = t.module !== undefined ? (j.modules ?? []).find((m) => m.name === t.module)?.cost ?? 0 : 0;
      sites.push({
        id: t.id, name: j.name, lon: j.lon, lat: j.lat, town: j.town, district, origin: j.origin, existing: t.existing,
        ...(t.module !== undefined ? { module: t.module } : {}),
        capacity: t.capacity ?? 0, units: t.units ?? 0, utilization: t.utilization ?? null, minimum: t.minimum ?? 0,
        cost: (t.existing ? moduleCost : (t.cost ?? 0)) + (j.committedCost ?? 0), load: t.load,
      });
    }
  }
  const isNew = (s: PlannedSite) => !s.existing;
  const newSites = sites.filter(isNew);
  const util = newSites.map((s) => s.utilization ?? 0);
  const need = ls.scenario.demand.reduce((a, d) => a + (d.weight * ls.standard.units) / ls.standard.per, 0);
  const residentsServed = ls.scenario.demand.reduce((a, d) => a + d.residents, 0);
  const costNew = newSites.reduce((a, s) => a + s.cost, 0);
  const costCommitted = sites.reduce((a, s) => a + (siteInfo.get(s.id)?.committedCost ?? 0), 0);
  const costExpansions = sites.filter((s) => s.existing).reduce((a, s) => a + s.cost, 0) - costCommitted;
  const existingCapacity = sites.filter((s) => s.existing).reduce((a, s) => a + (siteInfo.get(s.id)?.capacity ?? 0), 0);
  // a budget maximises the weight within the radius: the bound is above the objective
  const maximise = ls.problem.budget !== undefined;
  const gap = objective !== null && bound !== null ? (objective === 0 ? 0 : Math.max(0, (maximise ? bound - objective : objective - bound) / Math.abs(objective))) : null;
  const plan: FacilityPlan = {
    facility: ls.facility, kind: ls.kind, year: ls.year, catchment: ls.catchment, weightOf: ls.weightOf, capacityUnit: ls.capacityUnit,
    margin: ls.margin, minUse: ls.minUse, standards: ls.standards,
    demandTotal: total, urbanTotal, need, needWithoutMargin: need / ls.margin,
    existingSites: sites.filter((s) => s.origin === "existing" || s.origin === "near-term").length,
    committedSites: sites.filter((s) => s.origin === "committed").length,
    newSites: newSites.length,
    cost: costNew + costExpansions + costCommitted, costNew, costExpansions, costCommitted,
    capacity: sites.reduce((a, s) => a + s.capacity, 0), existingCapacity,
    utilization: { min: util.length ? Math.min(...util) : null, median: median(util) },
    withinRadius: { radius: ls.catchment.radius, share: urbanTotal > 0 ? urbanWithin / urbanTotal : 1 },
    withinReach: total > 0 ? cells.reduce((a, c) => a + (demandInfo.get(c.cell)?.weight ?? 0), 0) / total : 1,
    farthest,
    perTenThousand: residentsServed > 0 ? (sites.length * 10_000) / residentsServed : 0,
    splitCells: split,
    beyondUrbanReach: { cells: fallbackCells, weight: fallbackWeight },
    status, objective, bound, gap, seconds: solved.seconds,
    solver: [...new Set(solved.results.map((x) => x.result.solver))].join(", "),
    messages, flags: [], sites, cells,
  };
  plan.flags = plausibilityFlags(plan, residentsServed);
  return plan;
}

/** Norm catchment (residents) below which one facility of the kind is implausible (FACTS §4, §8). */
const NORM_CATCHMENT: Record<Exclude<FacilityKind, "hospital">, { residents: number; source: string }> = {
  chc: { residents: 15_000, source: "a health station per 1.5–2.5万 residents, a CHC per 3–10万 (FACTS §4, §8)" },
  kindergarten: { residents: 8_000, source: "a 9-class kindergarten (≥ 162 children at 60 % use) needs ≈ 8,000+ residents at these cohorts" },
  primary: { residents: 15_000, source: "a 24-class primary school needs ≈ 15,000+ residents" },
  middle: { residents: 20_000, source: "a 24-class middle school needs ≈ 20,000+ residents" },
  eldercare: { residents: 4_500, source: "a 300 m² module at 40 m²/1,000 and 60 % use needs ≈ 4,500 residents" },
  station: { residents: 5_000, source: "the 5-min circle's 5,000 residents (FACTS §4)" },
};

/** Plausibility flags on a type's plan (FACTS §4, §8): every line outside the norms. */
export function plausibilityFlags(p: FacilityPlan, residents: number): string[] {
  const flags: string[] = [];
  const hasStandard = p.kind !== "station";
  if (p.status === "infeasible" || p.objective === null) return ["no plan found"];
  if (hasStandard && p.capacity > 1.5 * p.need + 1e-9 && p.existingCapacity <= 1.5 * p.need) flags.push(`capacity ${(p.capacity / Math.max(p.need, 1e-9)).toFixed(2)}× the need (> 1.5×)`);
  if (p.utilization.median !== null && p.utilization.median < p.minUse - 1e-9) flags.push(`median use of new sites ${(p.utilization.median * 100).toFixed(0)} % (< ${(p.minUse * 100).toFixed(0)} %)`);
  const below = p.sites.filter((s) => !s.existing && s.units < s.minimum * (1 - 1e-9) - 1e-9);
  if (below.length) flags.push(`${below.length} new site(s) below their minimum`);
  const facilities = p.sites.length;
  const norm = NORM_CATCHMENT[p.kind];
  if (facilities > 0 && residents / facilities < norm.residents) flags.push(`${Math.round(residents / facilities).toLocaleString("en-US")} residents per facility (< ${norm.residents.toLocaleString("en-US")}: ${norm.source})`);
  if (p.catchment.fifteenMinute && p.withinRadius.share < 0.99) flags.push(`${(p.withinRadius.share * 100).toFixed(1)} % of urban residents within ${p.catchment.radius} m (< 99 %)`);
  if (p.gap !== null && p.gap > 0.01) flags.push(`gap ${(p.gap * 100).toFixed(2)} % (> 1 %)`);
  if (p.gap === null) flags.push("no proven bound");
  return flags;
}

/**
 * The trade-off: the cheapest plan with no walking standard (urban cells as far as the rural rule), a plan held
 * to a share of urban weight within the standard radius (90 % for the 15-minute types; 10 points
 * above the plan's share for schools), and the plan.
 */
async function tradeoff(ls: LingangScenario, plan: FacilityPlan, o: PlanOptions): Promise<TradeoffPoint[]> {
  const points: TradeoffPoint[] = [];
  const { radius: _r, outsideCost: _o, coverageOf: _c, ...free } = ls.problem;
  const target = ls.catchment.fifteenMinute ? 0.9 : Math.min(1, Math.round((plan.withinRadius.share + 0.1) * 100) / 100);
  const runs: [string, CflpProblem][] = [
    ["no walking standard", free],
    [`${Math.round(target * 100)} % within ${ls.catchment.radius} m`, { ...free, radius: ls.catchment.radius, coverage: target, coverageOf: "urban" }],
  ];
  // both runs let urban cells go as far as the rural rule: the standard is the coverage target or nothing
  const free2 = { ...ls, scenario: atRuleReach(ls.scenario) };
  for (const [label, problem] of runs) {
    const s = summarise(free2, await solveByDistrict(free2, { ...o, timeLimit: o.tradeoffSeconds ?? (o.timeLimit ?? DEFAULT_TYPE_SECONDS) / 8 }, problem));
    const cost = s.objective === null ? null : s.cost;
    points.push({ label, coverage: s.objective === null ? null : s.withinRadius.share, cost, status: s.status, gap: s.gap, dominated: false });
  }
  points.push({ label: "the plan", coverage: plan.withinRadius.share, cost: plan.cost, status: plan.status, gap: plan.gap, dominated: false });
  for (const p of points) {
    if (p.coverage === null || p.cost === null) continue;
    p.dominated = points.some((q) => q !== p && q.coverage !== null && q.cost !== null && q.coverage >= p.coverage! - 1e-9 && q.cost <= p.cost! + 1e-9 && (q.coverage > p.coverage! + 1e-9 || q.cost < p.cost! - 1e-9));
  }
  return points;
}

/** Plans one facility type (one year); elder care may share new CHC buildings (`colocateWith`). */
export async function planFacility(
  facility: FacilityType, grid: LingangGrid, o: PlanOptions = {},
  extra: { colocateWith?: PlannedSite[]; built?: ScenarioOptions["built"] } = {},
): Promise<FacilityPlan> {
  const base = {
    facility, grid,
    ...(extra.built ? { built: extra.built } : {}),
    ...(o.margin !== undefined ? { margin: o.margin } : {}),
    ...(o.minUse !== undefined ? { minUse: o.minUse } : {}),
    ...(o.budget !== undefined ? { budget: o.budget } : {}),
  };
  const colo = extra.colocateWith?.filter((s) => !s.existing);
  const ls = lingangScenario(colo?.length ? { ...base, colocateWith: colo.map((s) => ({ id: s.id, name: s.name, lon: s.lon, lat: s.lat, town: s.town })) } : base);
  const plan = summarise(ls, await solveByDistrict(ls, o));
  if (colo?.length && plan.objective !== null) {
    // what sharing the CHC buildings saves on this plan: the shared modules at their stand-alone cost
    const shared = plan.sites.filter((s) => s.origin === "colocated");
    const together = shared.reduce((a, s) => a + s.cost, 0);
    const alone = together / ASSUMPTIONS["eldercare.colocated.factor"].value;
    plan.colocation = { shared: shared.length, costAlone: alone, costTogether: together, saving: alone - together };
  }
  if (o.budget !== undefined) {
    plan.budget = { budget: o.budget, spent: plan.costNew + plan.costExpansions, share: plan.withinRadius.share };
    if (plan.objective === null) {
      // the money cannot meet the standard everywhere: say what the least-cost plan costs
      const { budget: _b, ...noBudget } = base;
      const least = summarise(lingangScenario(noBudget), await solveByDistrict(lingangScenario(noBudget), { ...o, budget: undefined, timeLimit: (o.timeLimit ?? DEFAULT_TYPE_SECONDS) / 2 }));
      if (least.objective !== null) {
        plan.budget.needed = least.costNew + least.costExpansions;
        plan.messages.unshift(`a budget of ${o.budget} million CNY cannot meet the standard (${Math.round(plan.need)} ${plan.capacityUnit} within reach of every cell): the least-cost plan found costs ${plan.budget.needed.toFixed(1)} million CNY`);
      }
    }
  }
  if (o.frontier !== false && o.budget === undefined && plan.objective !== null) {
    plan.tradeoff = await tradeoff(ls, plan, o);
    plan.tradeoffSvg = frontierSvg(
      plan.tradeoff.filter((p) => p.coverage !== null && p.cost !== null) as { coverage: number; cost: number; dominated: boolean }[],
      { title: `${facility} ${grid.year}: cost (million CNY) vs urban share within ${ls.catchment.radius} m` },
    );
  }
  return plan;
}

/** Plans every facility type for the year; with phasing, the 2035 network then grows from the near-term sites. */
export async function planLingang(options: PlanOptions = {}): Promise<LingangPlan> {
  const t0 = now();
  const year = options.year ?? 2024;
  const zone = options.zone ?? "first-start";
  const resolution = options.resolution ?? 500;
  const phasing = year === 2024 && options.phasing !== false && options.budget === undefined;
  const grid = lingangGrid({ year, zone, resolution });
  const types = options.facilities ?? FACILITY_TYPES;
  // CHCs before elder care (co-location)
  const order = [...types].sort((a, b) => (a === "clinics" ? -1 : b === "clinics" ? 1 : 0));
  const steps = order.length * (phasing ? 2 : 1);
  // the run's time: near term 65 %, 2035 network 20 %, trade-off 15 % (all to the near term without the others)
  const total = options.seconds ?? RUN_SECONDS[zone];
  const tradeoffOn = options.frontier !== false && options.budget === undefined;
  const parts = { near: 0.65, net: phasing ? 0.2 : 0, trade: tradeoffOn ? 0.15 : 0 };
  const scale = 1 / (parts.near + parts.net + parts.trade);
  const perType = (part: number) => (total * part * scale) / order.length;
  const nearOptions: PlanOptions = { ...options, timeLimit: options.timeLimit ?? perType(parts.near), tradeoffSeconds: perType(parts.trade) / 2 };
  let step = 0;
  const progress = (what: string) => options.onProgress?.(what, step++, steps);

  // load the MIP backend once before any timed solve (its WebAssembly start would eat the first type's time)
  const warm = { demand: [{ id: "d", x: 0, y: 0, weight: 1 }], sites: [{ id: "s", x: 0, y: 0, cost: 1, capacity: 1 }], metric: "euclidean" } as const;
  await (options.solveWith ?? coreSolve)(warm as unknown as ScenarioJSON, { type: "cflp", singleSource: false }, { solver: options.solver ?? "auto", timeLimit: 5 });
  const facilities: FacilityPlan[] = [];
  for (const f of order) {
    progress(`${f} ${year}`);
    const chc = facilities.find((p) => p.facility === "clinics");
    facilities.push(await planFacility(f, grid, nearOptions, f === "eldercare" && chc ? { colocateWith: chc.sites } : {}));
  }
  const network: FacilityPlan[] = [];
  let grid35: LingangGrid | null = null;
  if (phasing) {
    grid35 = lingangGrid({ year: 2035, zone, resolution });
    for (const f of order) {
      progress(`${f} 2035`);
      const near = facilities.find((p) => p.facility === f)!;
      const built = near.sites.filter((s) => !s.existing).map((s) => ({
        id: s.id, name: s.name, lon: s.lon, lat: s.lat, town: s.town, capacity: s.capacity, cost: s.cost,
      }));
      const chc = network.find((p) => p.facility === "clinics");
      network.push(await planFacility(f, grid35, { ...options, frontier: false, timeLimit: options.timeLimit !== undefined ? options.timeLimit / 3 : perType(parts.net) }, { built, ...(f === "eldercare" && chc ? { colocateWith: chc.sites } : {}) }));
    }
  }
  options.onProgress?.("done", steps, steps);
  const onNet = new Set(network.flatMap((p) => p.sites.map((s) => `${p.facility}:${s.id}`)));
  const offNetwork = phasing ? facilities.flatMap((p) => p.sites.filter((s) => !s.existing && !onNet.has(`${p.facility}:${s.id}`)).map((s) => `${p.facility}:${s.id}`)) : [];
  const ls0 = lingangScenario({ facility: "clinics", grid });
  const byType = (list: FacilityPlan[]) => FACILITY_TYPES.map((t) => list.find((p) => p.facility === t)).filter((p): p is FacilityPlan => p !== undefined);
  return {
    year, zone, resolution,
    residents: grid.totals.residents,
    cells: grid.cells.length,
    budget: options.budget ?? null,
    excluded: ls0.excluded,
    facilities: byType(facilities),
    phasing: phasing && grid35 ? { year: 2035, residents: grid35.totals.residents, facilities: byType(network), subset: offNetwork.length === 0, offNetwork } : null,
    seconds: (now() - t0) / 1000,
    grid,
  };
}

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
import { explainCflp, frontierSvg, relativeGap, solve as coreSolve, type Backend, type CflpProblem, type CflpSolution, type Problem, type Result, type SolverName } from "@siting/core";
import type { ZoneName } from "./boundary.js";
import { FACILITY_TYPES, type Catchment, type FacilityType } from "./catchments.js";
import type { FacilityKind } from "./facilities.js";
import { lingangGrid, type LingangGrid, type Resolution, type Year } from "./grid.js";
import type { TownId } from "./places.js";
import { lingangScenario, outsidePrice, type ScenarioOptions, type District, type LingangScenario, type ScenarioJSON, type SiteJSON, type DemandJSON } from "./scenario.js";
import { ASSUMPTIONS } from "./assumptions.js";
import type { Standard } from "./standards.js";
import { TimeBudget } from "./budget.js";
import { Lanes } from "./lanes.js";
import { startFrom } from "./warmstart.js";

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
   * Seconds for the whole run (default `RUN_SECONDS` by zone), shared out as the run goes
   * (`TimeBudget`): by `PHASE_WEIGHT` between the near-term plan, the trade-off points and the 2035
   * network, by `TYPE_WEIGHT` between the facility types, and within a type over its districts by
   * cells; time a type does not use goes to the types after it.
   */
  seconds?: number;
  /** Seconds for one facility type (all its districts), fixed (the 2035 network a third of it, each trade-off point an eighth); by default `planLingang` shares out `seconds` instead (`planFacility` alone: 6). */
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
  solveWith?: (scenario: ScenarioJSON, problem: CflpProblem, options: { solver?: SolverName | Backend; timeLimit?: number; signal?: AbortSignal; start?: CflpSolution }) => Promise<Result>;
  /** The cost–coverage trade-off per type (default true). */
  frontier?: boolean;
  /** Facility types to plan (default all six). */
  facilities?: readonly FacilityType[];
  /**
   * Facility-type plans in flight at once (default 1). More helps only when `solveWith` runs the
   * solves off this thread (the CLI: a worker pool of that size); the run's time is shared out
   * over the lanes.
   */
  concurrency?: number;
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
  /**
   * Cells served beyond the rural reach (by the nearest existing facility of their district, where
   * that is farther: `assignReach`), and their residents.
   */
  beyondRuralReach: { cells: number; residents: number };
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
  /** Districts for which no solver found a plan in the time (their existing sites are kept open); empty when every district has one. */
  unplanned: { district: District; cells: number; residents: number }[];
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

/**
 * One district's scenario: its cells and sites; urban cells stranded with unfillable sites only, or
 * crowded (more demand than the sites within their reach can hold: `crowded`), get the rural rule's reach.
 */
function districtScenario(ls: LingangScenario, district: District, problem: CflpProblem): { sc: ScenarioJSON; crowded: boolean } {
  const demand = ls.scenario.demand.filter((d) => d.district === district);
  const sites = ls.scenario.sites.filter((s) => s.district === district);
  let sc: ScenarioJSON = { ...ls.scenario, demand, sites };
  let crowded = false;
  // (only where some cell is held below its rule reach: otherwise the precheck's model would be built for nothing)
  for (let round = 0; round < 3 && sc.demand.some((d) => d.reach < d.ruleReach); round++) {
    const reasons = explainCflp(sc, problem);
    const stranded = new Set(reasons.filter((x) => x.kind === "minimum" || x.kind === "unreachable" || x.kind === "capacity").flatMap((x) => x.demand));
    const held = (d: DemandJSON) => stranded.has(d.id) && d.reach < d.ruleReach;
    if (!sc.demand.some(held)) break;
    // crowded: a cell of a local capacity shortfall is among those raised
    const short = new Set(reasons.filter((x) => x.kind === "capacity").flatMap((x) => x.demand));
    if (sc.demand.some((d) => held(d) && short.has(d.id))) crowded = true;
    sc = { ...sc, demand: sc.demand.map((d) => (held(d) ? { ...d, reach: d.ruleReach } : d)) };
  }
  return { sc, crowded };
}

/**
 * Districts with more cells than this are solved by our engine first (a share `ENGINE_FIRST_SHARE`
 * of their time) and then by HiGHS started from its plan. Measured on the whole area at 500 m: in
 * its share HiGHS alone found no kindergarten plan for the Fengxian parts (1,613 cells) where the
 * engine finds one in under a second. Smaller districts go to HiGHS alone: with the engine first,
 * the first-start zone's 南汇新城 (≈ 350 cells) lost its proven bounds (load 3.6). The looser
 * model's retries (urban cells at the rural rule) always start with the engine: on the whole area's
 * 书院 kindergartens it has a plan in 0.3 s where HiGHS had none in 1 s.
 */
const ENGINE_FIRST_CELLS = 800;
const ENGINE_FIRST_SHARE = 0.35;
/**
 * A district whose share (seconds) times this is below its cells goes to the engine alone: in the
 * whole area's 2035 network HiGHS, given the 0.25–1.2 s after the engine's share on the 1,613-cell
 * Fengxian parts, found no plan and no bound above the engine's (2035 kindergartens,
 * middle schools, stations), while the engine's plan improves with the whole share (Fengxian
 * kindergartens, priced model: 1,797 at 1 s, 1,684 at 3 s). With a 3.35 s share HiGHS did
 * improve the engine's start (2035 health centres: 541.7 alone, 516.8), with 2.6 s or less it never
 * did: alone below 3.2 s for 1,613 cells.
 */
const ENGINE_ALONE_CELLS_PER_SECOND = 500;
/** The engine's least time there: its first plan of a 1,613-cell district comes after ≈ 0.45 s (model build), more in a worker under load. */
const MIN_ENGINE_SECONDS = 1;
/**
 * The engine's least time for a district's last-resort plan (seconds), by its cells (the Fengxian
 * parts' 1,613: 2.6 s), times the lanes in flight: with two lanes on two cores the 2035 Fengxian
 * kindergartens had no plan after 2.6 s (another type's solve and the main thread share the cores).
 */
const engineSeconds = (cells: number, lanes = 1) => (1 + cells / 1000) * Math.max(1, lanes);

/**
 * A district's share of a type's time: √(cells × demand) — the model grows with the cells, the
 * search with the facilities the demand needs. By cells alone the whole area's Fengxian parts
 * (1,613 cells at 500 m, ≈ 70,000 residents) took 4.5 of a kindergarten plan's 9 s and 南汇新城
 * (378 cells, 330,000 residents, most of the facilities) 0.75 s, in which no solver found a plan.
 */
function districtSize(ls: LingangScenario, district: District): number {
  let cells = 0;
  let weight = 0;
  for (const d of ls.scenario.demand) {
    if (d.district !== district) continue;
    cells++;
    weight += d.weight;
  }
  return Math.sqrt(cells * Math.max(weight, 1));
}

/** Least time for the least-cost plan a budget plan reports when the money cannot meet the standard. */
const LEAST_COST_SECONDS = 2;

/** Share of a district's time the coarse lattice's solve takes (`Catchment.coarse`). */
const COARSE_SHARE = 0.5;

/**
 * Solves a type's cflp per district; an infeasible district is retried with every urban cell at the
 * rural rule. With `coarse` (the type on a coarser lattice), each district is first solved there
 * and that plan starts the solve on the type's own lattice.
 */
async function solveByDistrict(ls: LingangScenario, o: PlanOptions, typeProblem = ls.problem, coarse?: LingangScenario): Promise<Solved> {
  const t0 = now();
  const districts = [...new Set(ls.scenario.demand.map((d) => d.district))];
  const results: Solved["results"] = [];
  // the type's time split over the districts by their size (`districtSize`) as it goes (TimeBudget):
  // time a district does not use passes to the ones after it; one that runs over (its retries) eats
  // into the later ones' shares, but never below half of their even share (before: the whole area's
  // first district ran 12 s over a 4 s share and left 0.25 s to each of the five after it)
  const size = new Map<District, number>();
  for (const district of districts) size.set(district, districtSize(ls, district));
  const allSize = Math.max(1e-9, [...size.values()].reduce((a, b) => a + b, 0));
  const total = o.timeLimit ?? DEFAULT_TYPE_SECONDS;
  // a money budget is the type's: split over the districts (they are planned apart)
  const money = typeProblem.budget !== undefined && districts.length > 1 ? await districtBudgets(ls, districts, typeProblem, o, new TimeBudget(total * LEAST_SHARE, allSize, now), size) : null;
  const budget = new TimeBudget(Math.max(MIN_SOLVE_SECONDS, total - (now() - t0) / 1000), allSize, now);
  // a budget maximises the weight within the radius
  const worse = (a: Result, b: Result) => a.objective === null || (b.objective !== null && (typeProblem.budget !== undefined ? a.objective < b.objective - 1e-9 : a.objective > b.objective + 1e-9));
  const auto = (o.solver ?? "auto") === "auto";
  const solve = o.solveWith ?? coreSolve;
  const signal = o.signal ? { signal: o.signal } : {};
  // our engine's plan first (a share `ENGINE_FIRST_SHARE` of the time: it has a plan within a second
  // where HiGHS often finds none in the whole time), then HiGHS started from it for a bound and a
  // better plan; the better of the two. The engine alone when the share is short for the model's
  // size (`ENGINE_ALONE_CELLS_PER_SECOND`) — also on a small district's looser-model retries
  const engineThenMip = async (district: District, sc: ScenarioJSON, problem: CflpProblem, seconds: number): Promise<Result> => {
    const t1 = now();
    // a share too short for HiGHS on a model this large: the engine alone (its own bound)
    const alone = seconds * ENGINE_ALONE_CELLS_PER_SECOND < sc.demand.length;
    const all = Math.max(seconds, MIN_SOLVE_SECONDS);
    const er = await solve(sc, problem, { solver: "engine", timeLimit: alone ? all : Math.min(all, Math.max(MIN_ENGINE_SECONDS, seconds * ENGINE_FIRST_SHARE)), ...signal });
    // proven, or alone (a plan or none: HiGHS in what is left — 0.25–0.85 s on these districts —
    // found neither a plan nor a bound above the engine's): nothing for HiGHS to add
    if (er.status === "optimal" || alone) return er;
    const start = er.objective !== null ? startFrom(er, sc, sc) : null;
    const left = Math.max(MIN_SOLVE_SECONDS, seconds - (now() - t1) / 1000);
    const r = await solve(sc, problem, { solver: "auto", timeLimit: left, ...signal, ...(start ? { start } : {}) });
    // both bounds hold for this model: the tighter (HiGHS stopped at its hard deadline has none)
    const maximise = problem.budget !== undefined;
    const hb = r.status === "infeasible" ? null : r.bound;
    const bound = hb === null ? er.bound : er.bound === null ? hb : maximise ? Math.min(hb, er.bound) : Math.max(hb, er.bound);
    const withBound = (x: Result, message?: string): Result => {
      const gap = bound === null || x.objective === null ? null : relativeGap(x.objective, bound);
      const status = gap !== null && gap <= 1e-9 ? "optimal" : x.status === "optimal" ? "optimal" : "time_limit";
      return { ...x, status, bound, gap, ...(message !== undefined ? { message } : {}) };
    };
    if (er.objective === null || !worse(r, er)) return r.objective === null ? r : withBound(r);
    // (HiGHS cannot prove infeasible a model the engine's plan satisfies: the plan, unproven)
    return withBound(er, [`${district}: the engine's plan (HiGHS started from it found none better: ${r.message ?? r.status})`, er.message].filter(Boolean).join("; "));
  };
  for (const district of districts) {
    o.signal?.throwIfAborted();
    const asked: CflpProblem = money ? { ...typeProblem, budget: money.budget.get(district) as number } : typeProblem;
    // (the budget split built the district's scenario already: its precheck does not depend on the money)
    const ds = money ? { sc: money.scenario.get(district) as ScenarioJSON, crowded: false } : districtScenario(ls, district, asked);
    let sc = ds.sc;
    // cells more than the sites within their urban reach can hold (a dense block: 南汇新城's 2035
    // stations, 18 cells short by 125 residents) may go farther, at the looser model's price, so
    // that only the residents who must go beyond the reach do; every other cell keeps its limit
    const problem = ds.crowded ? looser(ls, asked) : asked;
    const cells = sc.demand.length;
    const share = budget.take(size.get(district) as number, MIN_SOLVE_SECONDS);
    const engineFirst = !coarse && cells > ENGINE_FIRST_CELLS && auto;
    const opts = { solver: o.solver ?? ("auto" as const), timeLimit: share, ...signal };
    let r: Result | null = null;
    if (coarse) {
      // the coarse lattice first; its plan starts the fine solve (which returns the better of the two)
      const t1 = now();
      const csc = districtScenario(coarse, district, problem).sc;
      const cr = await solve(csc, problem, { ...opts, timeLimit: Math.max(MIN_SOLVE_SECONDS, share * COARSE_SHARE) });
      const start = cr.objective !== null ? startFrom(cr, csc, sc) : null;
      const left = Math.max(MIN_SOLVE_SECONDS, share - (now() - t1) / 1000);
      if (start) {
        r = await solve(sc, problem, { ...opts, timeLimit: left, start });
        if (worse(r, cr)) {
          // the coarse plan, with the fine model's bound only (the coarse bound does not hold for the finer lattice)
          const fine = r;
          r = {
            ...cr, status: "time_limit", bound: fine.bound, gap: null,
            message: [`${district}: the coarse lattice's plan (the fine solve found none better: ${fine.message ?? fine.status})`, cr.message].filter(Boolean).join("; "),
          };
          sc = csc;
        }
      } else r = await solve(sc, problem, { ...opts, timeLimit: left });
    } else if (engineFirst) r = await engineThenMip(district, sc, problem, share);
    else r = await solve(sc, problem, opts);
    // a looser model: every cell at the rural rule; urban cells beyond the urban reach at a price
    // (where the reach is a limit), so that only the cells that must go farther do
    const loose = looser(ls, problem);
    // the model with the urban reach proven infeasible, the looser one not settled in its time
    let looseOpen = false;
    if (r.status === "infeasible" && sc.demand.some((d) => d.reach < d.ruleReach)) {
      // proven: no plan with the urban reach — every cell at the rural rule, beyond the reach at a price (reported)
      const sc2 = atRuleReach(sc);
      const r2 = auto ? await engineThenMip(district, sc2, loose, share) : await solve(sc2, loose, opts);
      if (r2.objective !== null || r2.status === "infeasible") {
        r = { ...r2, message: [`${district}: urban cells served up to the rural reach (with the urban reach: ${r.message ?? r.status})`, r2.message].filter(Boolean).join("; ") };
        sc = sc2;
      } else looseOpen = true;
    }
    if (r.objective === null && r.status !== "infeasible" && !engineFirst) {
      // the MIP found no plan in its time: our engine's search (a plan and a Lagrangian bound) in half as long
      const r2 = await solve(sc, problem, { ...opts, solver: "engine", timeLimit: Math.max(MIN_SOLVE_SECONDS, share / 2) });
      if (r2.objective !== null) r = { ...r2, message: [`${district}: ${r.message ?? "the MIP found no plan"}; plan by the engine`, r2.message].filter(Boolean).join("; ") };
    }
    if (r.objective === null && r.status !== "infeasible" && sc.demand.some((d) => d.reach < d.ruleReach)) {
      // still nothing: the looser model with every cell at the rural rule (reported)
      const sc2 = atRuleReach(sc);
      const r2 = auto ? await engineThenMip(district, sc2, loose, share / 2) : await solve(sc2, loose, { ...opts, timeLimit: Math.max(MIN_SOLVE_SECONDS, share / 2) });
      if (r2.objective !== null) {
        r = { ...r2, message: [`${district}: no plan with the urban reach in the time (${r.message ?? r.status}); urban cells served up to the rural reach`, r2.message].filter(Boolean).join("; ") };
        sc = sc2;
      }
    }
    if (r.objective === null && (r.status !== "infeasible" || looseOpen) && auto) {
      // a last resort, past the share: our engine on the looser model with the least time it needs
      // for the district's size — a district left without a plan is the worst answer (the whole
      // area's 2035 Fengxian parts, 610,000 residents, had none in four types with 0.25 s shares;
      // with two lanes, 南汇新城's 2035 stations: infeasible with the urban reach, nothing found
      // with the rural one in the share)
      const sc2 = atRuleReach(sc);
      const seconds = Math.max(engineSeconds(cells, o.concurrency), share / 2);
      const r2 = await solve(sc2, loose, { solver: "engine", timeLimit: seconds, ...signal });
      if (r2.objective !== null) {
        r = { ...r2, message: [`${district}: no plan in the time (${r.message ?? r.status}); the engine's plan with ${seconds.toFixed(1)} s, urban cells served up to the rural reach`, r2.message].filter(Boolean).join("; ") };
        sc = sc2;
      }
    }
    results.push({ district, result: r, scenario: sc });
  }
  return { results, seconds: (now() - t0) / 1000 };
}

/** Share of a budget plan's time for the districts' least-cost plans (`districtBudgets`). */
const LEAST_SHARE = 0.25;

/**
 * A type's money budget split over its districts, which are planned apart: each district first
 * gets the cost of its least-cost plan found (every cell served within reach, no coverage target;
 * a plan found is a feasible spend, so the district's budget model stays feasible), and what is
 * left of the budget goes by demand. Where the least costs together exceed the budget (the money
 * cannot meet the standard), the budget goes by least cost. Before, each district was planned with
 * the whole budget: on the whole area (stations, budget 60) the districts together spent 80.
 */
async function districtBudgets(ls: LingangScenario, districts: District[], typeProblem: CflpProblem, o: PlanOptions, time: TimeBudget, size: Map<District, number>): Promise<{ budget: Map<District, number>; scenario: Map<District, ScenarioJSON> }> {
  const B = typeProblem.budget as number;
  const { budget: _b, radius: _r, coverageOf: _c, ...least } = typeProblem;
  const solve = o.solveWith ?? coreSolve;
  const cost = new Map<District, number>();
  const weight = new Map<District, number>();
  const scenario = new Map<District, ScenarioJSON>();
  for (const district of districts) {
    o.signal?.throwIfAborted();
    const sc = districtScenario(ls, district, least).sc;
    scenario.set(district, sc);
    weight.set(district, sc.demand.reduce((a, d) => a + d.weight, 0));
    // (our engine under auto: any feasible plan will do here, and it finds one fastest on large districts)
    const solver: SolverName | Backend = (o.solver ?? "auto") === "auto" ? "engine" : (o.solver as SolverName | Backend);
    const r = await solve(sc, least, { solver, timeLimit: time.take(size.get(district) as number, MIN_SOLVE_SECONDS), ...(o.signal ? { signal: o.signal } : {}) });
    // its objective: the sizes' cost (what the budget counts) and the travel tie-break, a hair more;
    // no plan found: nothing reserved, the district shares the rest by demand
    cost.set(district, r.objective ?? 0);
  }
  const sumCost = [...cost.values()].reduce((a, b) => a + b, 0);
  const sumWeight = [...weight.values()].reduce((a, b) => a + b, 0);
  const out = new Map<District, number>();
  for (const district of districts) {
    const c = cost.get(district) as number;
    const w = weight.get(district) as number;
    out.set(district, sumCost > B ? (B * c) / sumCost : c + ((B - sumCost) * w) / Math.max(1e-9, sumWeight));
  }
  return { budget: out, scenario };
}

/** Price factor of the looser model's urban cells beyond a limit reach (× the dearest cost per person at minimum use, `outsidePrice`). */
const LIMIT_PRICE_FACTOR = 3;

/**
 * The problem for the looser model (every cell at its rule reach): where the urban reach is a limit,
 * serving an urban cell beyond it costs `LIMIT_PRICE_FACTOR` × the dearest cost per person of a new
 * facility at its minimum use, so only the cells that cannot be served nearer go farther.
 */
function looser(ls: LingangScenario, problem: CflpProblem): CflpProblem {
  if (problem !== ls.problem || problem.outsideCost !== undefined || problem.budget !== undefined || problem.coverage !== undefined) return problem;
  return { ...problem, radius: ls.catchment.urbanReach, outsideCost: outsidePrice(ls.scenario.sites, ls.standard, ls.minUse, LIMIT_PRICE_FACTOR), coverageOf: "urban" };
}

/** The scenario with every cell allowed its rule reach (urban cells as far as rural ones). */
function atRuleReach(sc: ScenarioJSON): ScenarioJSON {
  return { ...sc, demand: sc.demand.map((d) => ({ ...d, reach: d.ruleReach })) };
}

const DEFAULT_TYPE_SECONDS = 6;
const MIN_SOLVE_SECONDS = 0.25;
/**
 * Default run time by zone (seconds): the planning itself; the grid, the report and the maps take a
 * few seconds more. The whole area's 6 districts × 12 steps run over it (per-district retries and
 * worker restarts at hard deadlines): 65 s of budget ran 87 s at load 2 and 110 s at load 3.7
 * (benchmarks/README.md). The whole area's 70 s (80 s before the districts' last-resort engine
 * plans, which add ≈ 20 s) ran 115.9 s at load ≈ 1.5 with every district planned, and 83–103 s once
 * new facilities serve only within the rural reach (`newSiteReach`: the far cells' pairs to every
 * site within up to 18.7 km were most of the Fengxian parts' models); 85 s ran 96.0 s at load ≈ 1.
 */
export const RUN_SECONDS: Record<ZoneName, number> = { "first-start": 50, focus: 70, all: 85 };
/** Shares of the run: the near-term plan, its trade-off points (two per type), the 2035 network. */
export const PHASE_WEIGHT = { near: 0.62, trade: 0.08, net: 0.3 } as const;
/**
 * Relative solve time by facility type (measured on the first-start zone, 500 m, at load ≈ 1;
 * benchmarks/README.md): more for the models HiGHS needs longest — health centres with two station
 * sizes, elder care with co-location, kindergartens on a 500 m lattice — less for middle schools,
 * stations and primary schools (proven in 1–2 s); time a type does not use goes to the later ones.
 * Below ≈ 3 s a model of ≈ 250 cells × 100–280 sites often gets no bound at all, so no type gets
 * much less.
 */
export const TYPE_WEIGHT: Record<FacilityType, number> = {
  clinics: 1.5, "schools-kindergarten": 1.1, "schools-primary": 0.6, "schools-middle": 0.8, eldercare: 1.2, stations: 0.8,
};

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
  const unplanned: FacilityPlan["unplanned"] = [];
  let urbanTotal = 0, urbanWithin = 0, total = 0, farthest = 0, split = 0, fallbackCells = 0, fallbackWeight = 0, ruralFarCells = 0, ruralFarResidents = 0;
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
      if (shares.some((sh) => sh.distance > ls.catchment.ruralReach + 1e-6)) {
        ruralFarCells++;
        ruralFarResidents += d.residents;
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
      unplanned.push({ district, cells: scenario.demand.length, residents: scenario.demand.reduce((a, d) => a + d.residents, 0) });
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
    beyondRuralReach: { cells: ruralFarCells, residents: ruralFarResidents },
    status, objective, bound, gap, seconds: solved.seconds,
    solver: [...new Set(solved.results.map((x) => x.result.solver))].join(", "),
    messages, flags: [], sites, cells, unplanned,
  };
  plan.flags = plausibilityFlags(plan, residentsServed);
  return plan;
}

/** Norm catchment (residents) below which one facility of the kind is implausible (FACTS §4, §8). */
const NORM_CATCHMENT: Record<Exclude<FacilityKind, "hospital">, { residents: number; source: string }> = {
  chc: { residents: 15_000, source: "a health station per 1.5–2.5万 residents, a CHC per 3–10万 (FACTS §4, §8)" },
  kindergarten: { residents: 8_000, source: "a 9-class kindergarten (≥ 162 children at 60 % use) needs ≈ 8,000+ residents at these cohorts" },
  primary: { residents: 15_000, source: "a 24-class primary school needs ≈ 15,000+ residents" },
  middle: { residents: 12_000, source: "a 16-class middle school (≈ 390 pupils at 60 % use, ASSUMPTIONS school.middle.module.XS) needs ≈ 12,000+ residents; the 8-class 九年一贯制 sections (XXS) are for villages and edges, not the norm" },
  eldercare: { residents: 4_500, source: "a 300 m² module at 40 m²/1,000 and 60 % use needs ≈ 4,500 residents" },
  station: { residents: 5_000, source: "the 5-min circle's 5,000 residents (FACTS §4)" },
};

/** Plausibility flags on a type's plan (FACTS §4, §8): every line outside the norms. */
export function plausibilityFlags(p: FacilityPlan, residents: number): string[] {
  const flags: string[] = [];
  const hasStandard = p.kind !== "station";
  if (p.status === "infeasible" || (p.objective === null && (p.unplanned.length === 0 || p.cells.length === 0))) return ["no plan found"];
  if (p.unplanned.length) {
    // a partial plan: the figures below are those of the districts that have one
    const list = p.unplanned.map((u) => `${u.district} (${u.cells} cells, ${Math.round(u.residents).toLocaleString("en-US")} residents)`).join(", ");
    flags.push(`no plan found for ${list}: only existing sites there, its residents counted as not served`);
  }
  if (hasStandard && p.capacity > 1.5 * p.need + 1e-9 && p.existingCapacity <= 1.5 * p.need) flags.push(`capacity ${(p.capacity / Math.max(p.need, 1e-9)).toFixed(2)}× the need (> 1.5×)`);
  if (p.utilization.median !== null && p.utilization.median < p.minUse - 1e-9) flags.push(`median use of new sites ${(p.utilization.median * 100).toFixed(0)} % (< ${(p.minUse * 100).toFixed(0)} %)`);
  const below = p.sites.filter((s) => !s.existing && s.units < s.minimum * (1 - 1e-9) - 1e-9);
  if (below.length) flags.push(`${below.length} new site(s) below their minimum`);
  const facilities = p.sites.length;
  const norm = NORM_CATCHMENT[p.kind];
  if (facilities > 0 && residents / facilities < norm.residents) flags.push(`${Math.round(residents / facilities).toLocaleString("en-US")} residents per facility (< ${norm.residents.toLocaleString("en-US")}: ${norm.source})`);
  if (p.catchment.fifteenMinute && p.withinRadius.share < 0.99) flags.push(`${(p.withinRadius.share * 100).toFixed(1)} % of urban residents within ${p.catchment.radius} m (< 99 %)`);
  if (p.beyondRuralReach.cells > 0)
    flags.push(
      `${p.beyondRuralReach.cells} cells (${Math.round(p.beyondRuralReach.residents).toLocaleString("en-US")} residents) served beyond the rural reach of ${p.catchment.ruralReach / 1000} km, up to ${(p.farthest / 1000).toFixed(1)} km (by existing facilities only: new ones serve within the rural reach, and such a cell keeps its district's nearest existing facility)`,
    );
  if (p.gap !== null && p.gap > 0.01) flags.push(`gap ${(p.gap * 100).toFixed(2)} % (> 1 %)`);
  if (p.gap === null) flags.push("no proven bound");
  return flags;
}

/**
 * The trade-off: the cheapest plan with no walking standard (urban cells as far as the rural rule), a plan held
 * to a share of urban weight within the standard radius (90 % for the 15-minute types; 10 points
 * above the plan's share for schools), and the plan.
 */
async function tradeoff(ls: LingangScenario, plan: FacilityPlan, o: PlanOptions, seconds?: () => number, coarse?: LingangScenario): Promise<TradeoffPoint[]> {
  const points: TradeoffPoint[] = [];
  const { radius: _r, outsideCost: _o, coverageOf: _c, ...free } = ls.problem;
  const target = ls.catchment.fifteenMinute ? 0.9 : Math.min(1, Math.round((plan.withinRadius.share + 0.1) * 100) / 100);
  const runs: [string, CflpProblem][] = [
    ["no walking standard", free],
    [`${Math.round(target * 100)} % within ${ls.catchment.radius} m`, { ...free, radius: ls.catchment.radius, coverage: target, coverageOf: "urban" }],
  ];
  // both runs let urban cells go as far as the rural rule: the standard is the coverage target or nothing
  const free2 = { ...ls, scenario: atRuleReach(ls.scenario) };
  const coarse2 = coarse ? { ...coarse, scenario: atRuleReach(coarse.scenario) } : undefined;
  for (const [label, problem] of runs) {
    const s = summarise(free2, await solveByDistrict(free2, { ...o, timeLimit: seconds?.() ?? o.tradeoffSeconds ?? (o.timeLimit ?? DEFAULT_TYPE_SECONDS) / 8 }, problem, coarse2));
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
  extra: { colocateWith?: PlannedSite[]; built?: ScenarioOptions["built"]; time?: { budget: TimeBudget; weight: number; trade: number } } = {},
): Promise<FacilityPlan> {
  const time = extra.time;
  const base = {
    facility, grid,
    ...(extra.built ? { built: extra.built } : {}),
    ...(o.margin !== undefined ? { margin: o.margin } : {}),
    ...(o.minUse !== undefined ? { minUse: o.minUse } : {}),
    ...(o.budget !== undefined ? { budget: o.budget } : {}),
  };
  const colo = extra.colocateWith?.filter((s) => !s.existing);
  const scenarioOptions: ScenarioOptions = colo?.length ? { ...base, colocateWith: colo.map((s) => ({ id: s.id, name: s.name, lon: s.lon, lat: s.lat, town: s.town })) } : base;
  const ls = lingangScenario(scenarioOptions);
  // a coarser lattice first (its plan starts the fine solve), where the catchment asks for one
  const coarse = ls.catchment.coarse !== undefined ? lingangScenario({ ...scenarioOptions, catchment: { spacing: ls.catchment.coarse } }) : undefined;
  const plan = summarise(ls, await solveByDistrict(ls, time ? { ...o, timeLimit: time.budget.take(time.weight) } : o, ls.problem, coarse));
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
      // (half the type's time, at least LEAST_COST_SECONDS: with 0.5 s a loaded machine often found none)
      const seconds = Math.max(LEAST_COST_SECONDS, (o.timeLimit ?? DEFAULT_TYPE_SECONDS) / 2);
      const least = summarise(lingangScenario(noBudget), await solveByDistrict(lingangScenario(noBudget), { ...o, budget: undefined, timeLimit: seconds }));
      if (least.objective !== null) {
        plan.budget.needed = least.costNew + least.costExpansions;
        plan.messages.unshift(
          plan.budget.needed > o.budget
            ? `a budget of ${o.budget} million CNY cannot meet the standard (${Math.round(plan.need)} ${plan.capacityUnit} within reach of every cell): the least-cost plan found costs ${plan.budget.needed.toFixed(1)} million CNY`
            : `a budget of ${o.budget} million CNY: no plan within it was found in the time, though the least-cost plan found costs ${plan.budget.needed.toFixed(1)} million CNY`,
        );
      } else plan.messages.unshift(`a budget of ${o.budget} million CNY: no plan within it was found; no least-cost plan was found in ${seconds.toFixed(1)} s either`);
    }
  }
  if (o.frontier !== false && o.budget === undefined && plan.objective !== null) {
    plan.tradeoff = await tradeoff(ls, plan, o, time ? () => time.budget.take(time.trade / 2) : undefined, coarse);
    plan.tradeoffSvg = frontierSvg(
      plan.tradeoff.filter((p) => p.coverage !== null && p.cost !== null) as { coverage: number; cost: number; dominated: boolean }[],
      { title: `${facility} ${grid.year}: cost (million CNY) vs urban share within ${ls.catchment.radius} m` },
    );
  } else time?.budget.skip(time.trade);
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
  // the run's time: shared out as it goes (TimeBudget), unless a fixed time per type is given
  const tradeoffOn = options.frontier !== false && options.budget === undefined;
  const fixed = options.timeLimit;
  const weightOf = (f: FacilityType, phase: keyof typeof PHASE_WEIGHT) => TYPE_WEIGHT[f] * PHASE_WEIGHT[phase];
  const totalWeight = order.reduce((a, f) => a + weightOf(f, "near") + (tradeoffOn ? weightOf(f, "trade") : 0) + (phasing ? weightOf(f, "net") : 0), 0);
  const concurrency = options.concurrency ?? 1;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new Error(`planLingang: concurrency must be a whole number ≥ 1, got ${concurrency}`);
  const lanes = new Lanes(concurrency);
  const budget = fixed === undefined ? new TimeBudget(Math.max(1, (options.seconds ?? RUN_SECONDS[zone]) - (now() - t0) / 1000), totalWeight, now, lanes.count) : null;
  const timeOf = (f: FacilityType, phase: "near" | "net") => (budget ? { time: { budget, weight: weightOf(f, phase), trade: phase === "near" && tradeoffOn ? weightOf(f, "trade") : 0 } } : {});
  const nearOptions: PlanOptions = fixed === undefined ? options : { ...options, tradeoffSeconds: options.tradeoffSeconds ?? fixed / 8 };
  let step = 0;
  const progress = (what: string) => options.onProgress?.(what, step++, steps);

  // load the MIP backend once before any timed solve (its WebAssembly start would eat the first type's time), in each lane
  const warm = { demand: [{ id: "d", x: 0, y: 0, weight: 1 }], sites: [{ id: "s", x: 0, y: 0, cost: 1, capacity: 1 }], metric: "euclidean" } as const;
  await Promise.all(Array.from({ length: lanes.count }, () => (options.solveWith ?? coreSolve)(warm as unknown as ScenarioJSON, { type: "cflp", singleSource: false }, { solver: options.solver ?? "auto", timeLimit: 5 })));
  // each type's near-term plan, then its 2035 network grown from it; elder care after the health
  // centres of the same year (co-location). With one lane the steps run in the order of `order`,
  // near term first; with more, as lanes free up, in that order of preference
  const grid35 = phasing ? lingangGrid({ year: 2035, zone, resolution }) : null;
  const near = new Map<FacilityType, Promise<FacilityPlan>>();
  const net = new Map<FacilityType, Promise<FacilityPlan>>();
  /** One step: waits for what it needs (the year's health centres, for elder care), then plans in a lane. */
  const inLane = (plans: Map<FacilityType, Promise<FacilityPlan>>, f: FacilityType, rank: number, label: string, plan: (colocateWith?: PlannedSite[]) => Promise<FacilityPlan>, after?: Promise<FacilityPlan>) => {
    const chc = f === "eldercare" ? plans.get("clinics") : undefined;
    plans.set(f, (async () => {
      await after;
      const colocate = chc ? (await chc).sites : undefined;
      return lanes.run(rank, () => {
        progress(label);
        return plan(colocate);
      });
    })());
  };
  order.forEach((f, k) => inLane(near, f, k, `${f} ${year}`, (colocateWith) => planFacility(f, grid, nearOptions, { ...timeOf(f, "near"), ...(colocateWith ? { colocateWith } : {}) })));
  if (grid35) {
    order.forEach((f, k) => {
      const nearPlan = near.get(f) as Promise<FacilityPlan>;
      inLane(net, f, order.length + k, `${f} 2035`, async (colocateWith) => {
        const built = (await nearPlan).sites.filter((s) => !s.existing).map((s) => ({
          id: s.id, name: s.name, lon: s.lon, lat: s.lat, town: s.town, capacity: s.capacity, cost: s.cost,
        }));
        return planFacility(f, grid35, { ...options, frontier: false, ...(fixed !== undefined ? { timeLimit: fixed / 3 } : {}) }, { built, ...timeOf(f, "net"), ...(colocateWith ? { colocateWith } : {}) });
      }, nearPlan);
    });
  }
  // every step settled before the run returns or throws (a failed step leaves no other running)
  const settled = await Promise.allSettled([...near.values(), ...net.values()]);
  const values: FacilityPlan[] = [];
  for (const r of settled) {
    if (r.status === "rejected") throw r.reason;
    values.push(r.value);
  }
  const facilities = values.slice(0, near.size);
  const network = values.slice(near.size);
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

import { IssueList } from "./errors.js";
import type { Scenario, SizeModule } from "./scenario.js";
import type { ReachField } from "./cflp/types.js";
import { bool, check, isObject, nonneg, num, obj, oneOf, opt, positive, sizeModules, str, type Rule } from "./validate.js";
import { checkVariant, DECAY_RULE, IMPEDANCE_RULE, isVariant, type Decay, type Impedance } from "./variants/problem.js";

export type { Decay, Impedance };

export const PROBLEM_TYPES = ["lscp", "mclp", "pmedian", "pcenter", "cflp", "attendance", "pdispersion"] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

/**
 * Demand units per demand point = (its `of` field) × units / per, e.g. `{per: 1000, units: 0.45}`:
 * 0.45 units (GPs, seats, m²) per 1,000 residents.
 */
export interface StandardInput {
  per: number;
  units: number;
  /** `weight` (default) or the name of a numeric property of every demand point, e.g. `"age60plus"`. */
  of?: string;
}

/** A per-capita standard after validation: `of` is always set. */
export interface PerCapitaStandard extends StandardInput {
  of: string;
}

/** The capacity fields of the textbook problems (lscp, mclp, pmedian). */
export interface CapacityInput {
  /**
   * Capacities, single-source: each demand point is served by one open site, and the demand units
   * assigned to a site stay within its capacity (its `capacity`, or the chosen size module's).
   * Solved by the exact MIP backends. Default: true when sites carry capacities or modules (or the
   * problem gives a standard or modules), except for `pcenter`, which has no capacitated model;
   * `false` ignores the capacities.
   */
  capacitated?: boolean;
  /** Turns a demand field into demand units: `{per: 1000, units: 0.45, of: "weight"}` = 0.45 units per 1,000. */
  standard?: StandardInput;
  /** Size modules offered at every candidate site that has no `modules` of its own. */
  modules?: readonly SizeModule[];
}

/** Per-point coverage radius (lscp, mclp): a demand field that overrides `radius` point by point. */
export interface RadiusFieldInput {
  /**
   * A numeric demand field (> 0) that is that point's own coverage radius, e.g. `"cutoff"` for 800 m
   * in town and 2,000 m in the countryside; points without the field use `radius`. Uncapacitated only.
   */
  radiusField?: string;
}

/**
 * `lscp`: fewest sites (or least total cost of new sites, when sites have costs) so that every
 * demand point with weight > 0 has an open site within `radius`. Variants (uncapacitated):
 * `coverage` — target coverage (partial covering): at least that share of the total demand weight
 * within `radius`, not every point; `backup` — backup coverage (Hogan–ReVelle, LSCP-B): every point
 * covered, at most `p` sites (default: the fewest that cover every point, or their least cost) and
 * the most demand weight covered twice (the objective, maximised).
 */
export interface LscpInput extends CapacityInput, RadiusFieldInput {
  type: "lscp";
  /** Coverage radius (> 0, in the scenario's distance unit); coverage is inclusive (distance ≤ radius). */
  radius: number;
  /** Minimise the number of sites or their cost (default: cost when sites have costs). */
  objective?: "count" | "cost";
  /** Target coverage: the share (0..1] of the total demand weight that must lie within `radius` of an open site. */
  coverage?: number;
  /** Backup coverage (Hogan–ReVelle): every point covered, the most demand weight within `radius` of two or more open sites. */
  backup?: boolean;
  /** Only with `backup`: at most this many open sites (default: the fewest that cover every point — or their least cost, by `objective`). */
  p?: number;
}

/**
 * `mclp`: most demand weight within `radius` of an open site, with at most `p` open sites and/or
 * total cost of new sites ≤ `budget` (one of the two is needed).
 */
export interface MclpInput extends CapacityInput, RadiusFieldInput {
  type: "mclp";
  radius: number;
  /** At most this many open sites (existing sites count). */
  p?: number;
  /** Total cost of new sites ≤ budget (existing sites' cost is sunk). */
  budget?: number;
}

/**
 * `pmedian`: least Σ weight × distance to the nearest open site, with at most `p` open sites and/or
 * cost ≤ `budget` (one of the two is needed; with `p` alone, exactly p are opened: more never hurts).
 */
export interface PMedianInput extends CapacityInput {
  type: "pmedian";
  p?: number;
  budget?: number;
  /** Only used to report coverage. */
  radius?: number;
  /** Minimise Σ weight × T(distance) instead, T a power or exponential transformation (uncapacitated). */
  impedance?: Impedance;
}

/**
 * `attendance` (ArcGIS Maximize Attendance): with at most `p` open sites and/or cost ≤ `budget`,
 * maximise Σ weight × f(distance to the nearest open site), f the `decay` (1 at distance 0, 0 from
 * the cutoff on). Solved as a p-median on the costs 1 − f(d).
 */
export interface AttendanceInput {
  type: "attendance";
  decay: Decay;
  p?: number;
  budget?: number;
}

/** `pcenter`: least largest distance from a demand point (weight > 0) to its nearest open site, with at most `p` open sites. */
export interface PCenterInput {
  type: "pcenter";
  p: number;
  /** Only used to report coverage. */
  radius?: number;
  /** p-center has no capacitated model: `false` ignores the scenario's capacities (the default). */
  capacitated?: boolean;
}

/**
 * `pdispersion`: choose exactly `p` sites (existing sites count and stay chosen) so that the
 * smallest distance between two chosen sites is as large as possible (maximised). Site–site
 * distances come from the sites' coordinates under the scenario's metric (a cost matrix plays no
 * part; a scenario without coordinates is refused); demand plays no part either.
 */
export interface PDispersionInput {
  type: "pdispersion";
  /** The number of sites to choose (≥ 2; existing sites count). */
  p: number;
}

/**
 * `cflp`, the planner's model: sites and sizes together. Each new site opens at most one size (a
 * module, or its own cost and capacity); existing sites stay open (plus at most one expansion module
 * of their own). Every demand point with demand is served by an open site within `reach`
 * (single-source unless `singleSource: false`); loads (demand units) stay within capacity and reach
 * each new site's minimum (`minUse` × capacity, or the module's `min`); the weight served within
 * `radius` is at least `coverage` × total weight. Minimise the cost of new sizes + `distanceCost` ×
 * Σ weight × distance; with `budget` instead of `coverage`: maximise the weight served within
 * `radius` at cost ≤ budget (ties: least cost).
 */
export interface CflpInput {
  type: "cflp";
  /** The longest assignment distance, one number or a demand field per point (default: unlimited). */
  reach?: number | ReachField;
  /**
   * The longest assignment distance to a *new* site, one number or a demand field per point
   * (default: `reach`); a point may go as far as `reach` to an existing site only. E.g. villages
   * keep their far town school, but the plan does not open a new one for them beyond a bus ride.
   */
  newSiteReach?: number | ReachField;
  /** The walking standard: coverage (`coverage`, `budget`, `outsideCost`) is measured within it. */
  radius?: number;
  /** The share (0..1] of total demand weight that must be served within `radius`. */
  coverage?: number;
  /**
   * The demand field that says which points the coverage counts (a number > 0 or `true`: counted);
   * the target (or, with a budget, the objective) is then a share of the counted points' weight
   * only, e.g. `"urban"` for a standard measured on urban residents. Default: every point.
   */
  coverageOf?: string;
  /** Instead of `coverage`: the most weight within `radius` for at most this cost of new sizes. */
  budget?: number;
  /** Every new site serves at least this fraction of its capacity (a module's `min` overrides it). */
  minUse?: number;
  /** One site per demand point (default true); false lets a point's demand split over sites. */
  singleSource?: boolean;
  /**
   * Cost per unit of weight of the points the coverage counts (`coverageOf`) served beyond
   * `radius`, added to the objective: the walking standard as a price instead of a target (a plan
   * then brings points within the radius wherever that costs less than this). Default 0.
   */
  outsideCost?: number;
  /** Cost per unit of weight × distance added to the objective (default 0). */
  distanceCost?: number;
  /** Turns a demand field into demand units for the capacities. */
  standard?: StandardInput;
  /** Size modules offered at every candidate site that has no `modules` of its own. */
  modules?: readonly SizeModule[];
}

/**
 * What to optimise, as a user writes it: a discriminated union on `type`, so a literal gets its
 * fields checked and completed (`{type: "mclp", p: 3}` without `radius` does not compile).
 * `solve` checks it again at run time (for JSON and other untyped input) against the scenario.
 * Coverage is inclusive: a site covers a demand point when distance ≤ radius. Existing sites are
 * open, count toward `p`, and their cost is sunk (not charged to `budget`).
 */
export type ProblemInput = LscpInput | MclpInput | PMedianInput | PCenterInput | CflpInput | AttendanceInput | PDispersionInput;

interface InputByType {
  lscp: LscpInput;
  mclp: MclpInput;
  pmedian: PMedianInput;
  pcenter: PCenterInput;
  cflp: CflpInput;
  attendance: AttendanceInput;
  pdispersion: PDispersionInput;
}

/**
 * The input of problem type `T` (a union for a union of types). `solve` and `solveSync` take
 * `ProblemInputOf<T>` and infer `T` from the literal's `type`, so a literal is checked against its
 * own type's fields: a missing required field, a misspelt or foreign field is a compile error.
 */
export type ProblemInputOf<T extends ProblemType> = { type: T } & InputByType[T];

/**
 * Every field a validated problem may carry. Fields that do not apply to its type are absent
 * (`undefined`), so code may read any of them without narrowing first.
 */
export interface ProblemFields {
  p?: number;
  radius?: number;
  budget?: number;
  /** Set (true) when the problem is capacitated, explicitly or because the scenario has capacities. */
  capacitated?: boolean;
  standard?: PerCapitaStandard;
  modules?: SizeModule[];
  objective?: "count" | "cost";
  reach?: number | ReachField;
  newSiteReach?: number | ReachField;
  coverage?: number;
  coverageOf?: string;
  minUse?: number;
  /** cflp: always set by validation (default true). */
  singleSource?: boolean;
  outsideCost?: number;
  distanceCost?: number;
  radiusField?: string;
  backup?: boolean;
  impedance?: Impedance;
  decay?: Decay;
}

export interface LscpProblem extends ProblemFields {
  type: "lscp";
  radius: number;
}
export interface MclpProblem extends ProblemFields {
  type: "mclp";
  radius: number;
}
export interface PMedianProblem extends ProblemFields {
  type: "pmedian";
}
export interface PCenterProblem extends ProblemFields {
  type: "pcenter";
  p: number;
}
export interface CflpProblem extends ProblemFields {
  type: "cflp";
}
export interface AttendanceProblem extends ProblemFields {
  type: "attendance";
  decay: Decay;
}
export interface PDispersionProblem extends ProblemFields {
  type: "pdispersion";
  p: number;
}

/**
 * A problem after validation against its scenario (`parseProblem`, `Result.problem`): defaults
 * filled in (`capacitated`, `standard.of`, cflp's `singleSource`), the fields of other types absent.
 * See `ProblemInput` for what each type means. Every `Problem` is also a valid `ProblemInput`.
 */
export type Problem = LscpProblem | MclpProblem | PMedianProblem | PCenterProblem | CflpProblem | AttendanceProblem | PDispersionProblem;

/** The validated problem of one type, e.g. `ProblemOf<"mclp">` = `MclpProblem`. */
export type ProblemOf<T extends ProblemType> = Extract<Problem, { type: T }>;

const REACH = "expected a distance > 0 or {field, default?} naming a numeric demand field";
const reachObject = obj({ field: str("expected a demand field name", true), default: opt(positive) }, REACH);
const reachDistance = num(REACH, 0, Infinity, true);
/** A distance > 0, or `{field, default?}`: an object of the right field types is checked field by field. */
const reachRule: Rule = (v, path, sink) =>
  isObject(v) && typeof v.field === "string" && (v.default === undefined || (typeof v.default === "number" && Number.isFinite(v.default)))
    ? reachObject(v, path, sink)
    : reachDistance(v, path, sink);
const FIELD_NAME = str("expected a demand field name", true);

const problemRule = obj(
  {
    type: oneOf(PROBLEM_TYPES, `unknown problem; expected one of ${PROBLEM_TYPES.join(", ")}`),
    p: opt(num("expected an integer ≥ 1", 1, Infinity, false, true)),
    radius: opt(positive),
    budget: opt(nonneg),
    capacitated: opt(bool),
    standard: opt(obj({ per: positive, units: positive, of: opt(FIELD_NAME) }, "expected a standard {per, units, of?}")),
    modules: opt(sizeModules),
    objective: opt(oneOf(["count", "cost"], 'expected "count" or "cost"')),
    reach: opt(reachRule),
    newSiteReach: opt(reachRule),
    coverage: opt(num("expected a share in (0, 1]", 0, 1, true)),
    coverageOf: opt(FIELD_NAME),
    minUse: opt(num("expected a fraction in [0, 1]", 0, 1)),
    singleSource: opt(bool),
    distanceCost: opt(nonneg),
    outsideCost: opt(nonneg),
    radiusField: opt(FIELD_NAME),
    backup: opt(bool),
    impedance: opt(IMPEDANCE_RULE),
    decay: opt(DECAY_RULE),
  },
  "expected a problem object {type, p?, radius?, budget?, capacitated?, standard?, modules?}",
);

/** A problem that passed its rule, before the checks against the scenario and the defaults. */
type RawProblem = Omit<ProblemFields, "standard"> & { type: ProblemType; standard?: StandardInput };

const CFLP_ONLY = ["reach", "newSiteReach", "coverage", "coverageOf", "minUse", "singleSource", "distanceCost", "outsideCost"] as const;

/** Validates a problem against a scenario. Throws `ScenarioError` naming each bad field. */
/**
 * Whether the problem's objective is maximised (covered weight, attendance, backup coverage, the
 * smallest distance between sites, a cflp's weight within the radius under a budget): a bound is
 * then above the objective and a larger objective is better.
 */
export function maximises(problem: Problem): boolean {
  return problem.type === "mclp" || problem.type === "attendance" || problem.type === "pdispersion" || (problem.type === "lscp" && problem.backup === true) || (problem.type === "cflp" && problem.budget !== undefined);
}

export function parseProblem(input: unknown, scenario: Scenario): Problem {
  const issues = new IssueList();
  check(problemRule, input, "problem", issues);
  issues.throwIfAny("invalid problem");
  const problem = input as RawProblem;
  checkVariant(problem, scenario, issues);
  if (problem.type === "cflp") return parseCflp(problem, scenario, issues);
  for (const k of CFLP_ONLY) if (problem[k] !== undefined && !(k === "coverage" && problem.type === "lscp")) issues.add(`problem.${k}`, "only cflp takes this field", problem[k]);
  const variant = isVariant(problem);
  const m = scenario.sites.length;
  let existing = 0;
  for (const s of scenario.sites) if (s.existing) existing++;
  const { type, p, radius, budget, standard, modules, objective } = problem;
  // capacities given in the scenario bind unless the problem says capacitated: false (p-center has no capacitated model)
  const hasCapacities = scenario.sites.some((t) => !t.forbidden && (t.capacity !== undefined || t.modules !== undefined));
  const capacitated = problem.capacitated ?? (type !== "pcenter" && !variant && (hasCapacities || modules !== undefined || standard !== undefined));

  if (p !== undefined) {
    if (type === "lscp" && !problem.backup) issues.add("problem.p", "lscp finds the number of sites itself; p is not allowed", p);
    else if (p > m) issues.add("problem.p", `expected at most the number of sites (${m})`, p);
    else if (p < existing) issues.add("problem.p", `expected at least the number of existing sites (${existing}), which stay open and count toward p`, p);
  }
  if ((type === "lscp" || type === "mclp") && radius === undefined) issues.add("problem.radius", `${type} needs a coverage radius > 0`);
  if (budget !== undefined) {
    if (type === "lscp" || type === "pcenter" || type === "pdispersion") issues.add("problem.budget", `a budget is not supported for ${type}`, budget);
    else if (!scenario.hasCosts && !modules) issues.add("problem.budget", "a budget needs site costs: give sites a `cost` (or size modules)", budget);
  }
  if ((type === "mclp" || type === "pmedian" || type === "attendance") && p === undefined && budget === undefined) issues.add("problem.p", `${type} needs p (the number of sites) and/or a budget`);
  if (type === "pcenter" && p === undefined) issues.add("problem.p", "pcenter needs p (the number of sites)");
  if (objective !== undefined && type !== "lscp") issues.add("problem.objective", "only lscp chooses between count and cost", objective);
  if (objective === "cost" && !scenario.hasCosts && !modules) issues.add("problem.objective", "cost needs site costs", objective);
  if (capacitated && type === "pcenter") issues.add("problem.capacitated", "capacities are not supported for pcenter", true);
  if (standard && !capacitated) issues.add("problem.standard", "a per-capita standard sets demand units for capacities: add capacitated: true");
  if (modules && !capacitated) issues.add("problem.modules", "size modules carry capacities: add capacitated: true");
  const of = standard?.of ?? "weight";
  if (capacitated) {
    scenario.sites.forEach((s, j) => {
      if (s.forbidden) return;
      if (s.capacity === undefined && !(s.existing ? undefined : (s.modules ?? modules))) {
        issues.add(
          `sites[${j}].capacity`,
          `missing: a capacitated problem needs a capacity${s.existing ? "" : " or size modules"} on every site (${s.id})${problem.capacitated === undefined ? "; other sites have capacities, so the problem is capacitated unless it says capacitated: false" : ""}`,
        );
      }
    });
    if (standard && of !== "weight") {
      let bad = 0;
      scenario.demand.forEach((d, i) => {
        const v = d.properties[of];
        if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
          if (bad++ < 20) issues.add(`demand[${i}].${of}`, `expected a finite number ≥ 0 (problem.standard counts it)`, v);
        }
      });
    }
  }
  issues.throwIfAny("invalid problem");
  const out = { type } as Problem;
  if (p !== undefined) out.p = p;
  if (radius !== undefined) out.radius = radius;
  if (budget !== undefined) out.budget = budget;
  if (capacitated) out.capacitated = true;
  if (standard) out.standard = { per: standard.per, units: standard.units, of };
  if (modules) out.modules = modules.map((mod) => ({ ...mod }));
  if (objective) out.objective = objective;
  for (const k of ["coverage", "radiusField", "backup", "impedance", "decay"] as const) {
    const v = problem[k];
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = typeof v === "object" ? { ...v } : v;
  }
  return out;
}

/** The cflp rules on top of the schema: which fields go together, and the scenario's data for them. */
function parseCflp(pr: RawProblem, scenario: Scenario, issues: IssueList): CflpProblem {
  const { radius, coverage, budget, reach, standard, modules, minUse } = pr;
  for (const k of ["p", "objective", "capacitated"] as const) if (pr[k] !== undefined) issues.add(`problem.${k}`, `cflp does not take ${k}`, pr[k]);
  if (coverage !== undefined && radius === undefined) issues.add("problem.coverage", "a coverage target needs the radius it is measured at (problem.radius)", coverage);
  if (budget !== undefined && radius === undefined) issues.add("problem.budget", "with a budget cflp maximises the weight served within problem.radius; give the radius", budget);
  if (budget !== undefined && coverage !== undefined) issues.add("problem.coverage", "give either a coverage target (least cost) or a budget (most coverage), not both", coverage);
  if (budget !== undefined && !scenario.hasCosts && !modules && !scenario.sites.some((s) => s.modules)) issues.add("problem.budget", "a budget needs site costs: give sites a `cost` (or size modules)", budget);
  if (radius !== undefined && coverage === undefined && budget === undefined && pr.outsideCost === undefined) issues.add("problem.radius", "cflp uses a radius with a coverage target (problem.coverage), a budget or a cost beyond it (problem.outsideCost)", radius);
  if (pr.outsideCost !== undefined && radius === undefined) issues.add("problem.outsideCost", "a cost per point served beyond the radius needs the radius (problem.radius)", pr.outsideCost);
  if (pr.outsideCost !== undefined && budget !== undefined) issues.add("problem.outsideCost", "with a budget cflp maximises the weight within the radius; a cost beyond it does not apply", pr.outsideCost);
  for (const [name, r] of [["reach", reach], ["newSiteReach", pr.newSiteReach]] as const) {
    if (typeof r !== "object") continue;
    let bad = 0;
    scenario.demand.forEach((d, i) => {
      const v = d.properties[r.field];
      if (v === undefined && r.default !== undefined) return;
      if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
        if (bad++ < 20) issues.add(`demand[${i}].${r.field}`, `expected a distance > 0 (problem.${name} reads it${r.default === undefined ? `; or give ${name}.default` : ""})`, v);
      }
    });
  }
  const counted = pr.coverageOf;
  if (counted !== undefined) {
    if (radius === undefined) issues.add("problem.coverageOf", "says which points the coverage within problem.radius counts; give the radius", counted);
    let bad = 0;
    scenario.demand.forEach((d, i) => {
      const v = d.properties[counted];
      if (v !== undefined && typeof v !== "boolean" && (typeof v !== "number" || !Number.isFinite(v))) {
        if (bad++ < 20) issues.add(`demand[${i}].${counted}`, "expected a number or true/false (problem.coverageOf reads it; > 0 or true: counted)", v);
      }
    });
  }
  const of = standard?.of ?? "weight";
  if (standard && of !== "weight") {
    let bad = 0;
    scenario.demand.forEach((d, i) => {
      const v = d.properties[of];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
        if (bad++ < 20) issues.add(`demand[${i}].${of}`, "expected a finite number ≥ 0 (problem.standard counts it)", v);
      }
    });
  }
  scenario.sites.forEach((s, j) => {
    if (s.forbidden || s.existing) return;
    if (!s.modules && !modules && s.capacity === undefined && minUse !== undefined && minUse > 0) {
      issues.add(`sites[${j}].capacity`, `missing: a minimum use (problem.minUse) is a share of capacity; give ${s.id} a capacity or modules`);
    }
  });
  issues.throwIfAny("invalid problem");
  const out: CflpProblem = { type: "cflp" };
  if (reach !== undefined) out.reach = typeof reach === "number" ? reach : { ...reach };
  if (pr.newSiteReach !== undefined) out.newSiteReach = typeof pr.newSiteReach === "number" ? pr.newSiteReach : { ...pr.newSiteReach };
  if (radius !== undefined) out.radius = radius;
  if (coverage !== undefined) out.coverage = coverage;
  if (counted !== undefined) out.coverageOf = counted;
  if (budget !== undefined) out.budget = budget;
  if (minUse !== undefined) out.minUse = minUse;
  out.singleSource = pr.singleSource ?? true;
  if (pr.distanceCost !== undefined) out.distanceCost = pr.distanceCost;
  if (pr.outsideCost !== undefined) out.outsideCost = pr.outsideCost;
  if (standard) out.standard = { per: standard.per, units: standard.units, of };
  if (modules) out.modules = modules.map((mod) => ({ ...mod }));
  return out;
}

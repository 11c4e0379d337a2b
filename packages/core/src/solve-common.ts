/**
 * What `solve` (solve.ts) and `solveSync` (solve-sync.ts) share: the solver names and options,
 * their validation (`prepare`), the choice of path (`usesMip`) and the result of a non-cflp problem
 * (`buildResult`). The heuristics and our engines (solve-search.ts), the cflp path (cflp/solve.ts),
 * the MIP path (solve-mip.ts) and the variants are loaded by `solve` only when a problem needs
 * them, so a browser bundle of `solve` carries validation and dispatch up front, not the solvers.
 */
import { IssueList, ScenarioError } from "./errors.js";
import { siteModules, type Evaluation } from "./evaluate.js";
import { RunContext, now, type Progress } from "./heuristics/context.js";
import type { Backend } from "./lp/backend.js";
import { parseScenario } from "./parse.js";
import { maximises, parseProblem, type Problem, type ProblemOf, type ProblemType } from "./problem.js";
import { relativeGap, type Result, type Status } from "./result.js";
import { isScenario, keepSites, type Scenario } from "./scenario.js";
import { checkCutoff } from "./sparse-costs.js";
import type { CflpSolution } from "./cflp/types.js";
import { check, is, num, obj, opt } from "./validate.js";

/**
 * - `auto` (default): the MIP backend `highs` for capacitated problems, else our exact engine
 *   (with a 60 s cap on the proof search unless `timeLimit` says otherwise);
 * - `engine`: our exact engine — heuristic incumbent, Lagrangian bounds, branch-and-bound;
 *   `optimal` only when proven, else `time_limit` with the bound and gap;
 * - `heuristic`: greedy + local search (no proof);
 * - `exact`: the default MIP backend (`highs`);
 * - `highs`, `glpk`, `lp-solver`: that MIP backend (package `@siting/<name>`, loaded on demand).
 * A `Backend` object may be passed instead of a name.
 */
export const SOLVERS = ["auto", "engine", "heuristic", "exact", "highs", "glpk", "lp-solver"] as const;

/** The proof search of `auto` stops here when no `timeLimit` is given (seconds). */
export const AUTO_ENGINE_TIME_LIMIT = 60;
export type SolverName = (typeof SOLVERS)[number];

export interface SolveOptions {
  solver?: SolverName | Backend;
  /** Seconds; the search stops there and returns its best (status `time_limit` if cut short). */
  timeLimit?: number;
  /** Seed for the randomised parts; same seed, same answer. Default 1. */
  seed?: number;
  /**
   * A deterministic limit for the heuristics and the engine: the number of search checkpoints
   * (branch-and-bound nodes, batches of subgradient steps, local-search rounds) after which the
   * search stops with status `time_limit`. Unlike `timeLimit`, the same input stops at the same
   * point on any machine, so results are reproducible. MIP backends ignore it.
   */
  workLimit?: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Perturbation rounds after the local search (p-median, MCLP). Default 30. */
  shakes?: number;
  /**
   * Receives the engines' trace lines (search progress in more detail than `onProgress`); the
   * library itself never writes to the console.
   */
  debug?: (message: string) => void;
  /** cflp: a solution to start from (sizes and assignment, in the scenario's site and demand order), e.g. a neighbouring frontier point's. */
  start?: CflpSolution;
}

const isBackend = (v: unknown): v is Backend => typeof v === "object" && v !== null && typeof (v as Backend).solve === "function" && typeof (v as Backend).name === "string";

const fn = is((v) => typeof v === "function", "expected a function");
const optionsRule = obj(
  {
    solver: opt(is((v) => SOLVERS.includes(v as SolverName) || isBackend(v), `unknown solver; expected one of ${SOLVERS.join(", ")} or a Backend object`)),
    timeLimit: opt(num("expected a number of seconds > 0", 0, Infinity, true)),
    seed: opt(num("expected an integer", -Infinity, Infinity, false, true)),
    workLimit: opt(num("expected an integer ≥ 1", 1, Infinity, false, true)),
    signal: opt(is((v) => typeof v === "object" && v !== null && "aborted" in v, "expected an AbortSignal")),
    onProgress: opt(fn),
    debug: opt(fn),
    shakes: opt(num("expected an integer ≥ 0", 0, Infinity, false, true)),
    start: opt(
      is((v) => typeof v === "object" && v !== null && (v as CflpSolution).option instanceof Int32Array && (v as CflpSolution).site instanceof Int32Array, "expected a cflp solution {option, site, share?}"),
    ),
  },
  "expected an options object {solver?, timeLimit?, seed?, workLimit?, signal?, onProgress?, debug?, shakes?, start?}",
);

/** What `solve` returns for a problem of type `T`: `result.problem` is the validated problem of that type. */
export type SolveResult<T extends ProblemType = ProblemType> = Result & { problem: ProblemOf<T> };

/** A validated solve: its inputs, its run context (clock, limits, progress) and the chosen solver. */
export interface Prepared {
  scenario: Scenario;
  problem: Problem;
  ctx: RunContext;
  shakes: number;
  solver: SolverName | Backend;
  timeLimit: number | undefined;
  t0: number;
}

/** Validates the scenario, the problem and the options, and starts the run (`solve` and `solveSync` alike). */
export function prepare(scenarioIn: unknown, problemIn: unknown, options: SolveOptions): Prepared {
  const t0 = now();
  const scenario = isScenario(scenarioIn) ? scenarioIn : parseScenario(scenarioIn);
  const problem = parseProblem(problemIn, scenario);
  const issues = new IssueList();
  checkCutoff(scenario.costs, problem, scenario.demand, issues);
  issues.throwIfAny("invalid problem");
  check(optionsRule, options, "options", issues);
  issues.throwIfAny("invalid options");
  const opts = options;
  const solver = opts.solver ?? "auto";
  if (problem.type !== "cflp" && problem.capacitated && (solver === "heuristic" || solver === "engine")) {
    issues.add("options.solver", `the ${solver} solves uncapacitated problems; capacitated ones need a MIP backend: auto, exact, highs, glpk or lp-solver (or set capacitated: false, --uncapacitated, to ignore capacities)`, solver);
  }
  issues.throwIfAny("invalid options");
  const limit = opts.timeLimit ?? ((solver === "auto" && !problem.capacitated) || (problem.type === "cflp" && solver === "engine") ? AUTO_ENGINE_TIME_LIMIT : undefined);
  const deadline = limit !== undefined ? t0 + limit * 1000 : Infinity;
  const ctx = new RunContext(deadline, opts.signal, opts.onProgress, opts.seed ?? 1, opts.workLimit ?? Infinity, opts.debug);
  ctx.shouldStop();
  return { scenario, problem, ctx, shakes: opts.shakes ?? 30, solver, timeLimit: opts.timeLimit, t0 };
}

/** Whether the problem goes to a MIP backend (else to the heuristics or our engines). */
export function usesMip(p: Prepared): boolean {
  const s = p.solver;
  if (p.problem.type === "cflp") return typeof s !== "string" || (s !== "heuristic" && s !== "engine" && !(s === "auto" && cflpAutoEngine(p.problem)));
  return typeof s !== "string" || (s !== "heuristic" && s !== "engine" && (s !== "auto" || p.problem.capacitated === true));
}

/** cflp under `auto` in `solveSync`: our engine (the MIP backends need the asynchronous `solve`; `solve` picks by size). */
function cflpAutoEngine(problem: Problem): boolean {
  return problem.singleSource !== false;
}

export function finishCflp(r: Result, p: Prepared): Result {
  p.ctx.report("done", r.objective ?? undefined, 1, true);
  return r;
}

/** Forbidden sites play no part in a search: the scenario without them (same ids). */
export function activeScenario(scenario: Scenario): Scenario {
  if (!scenario.sites.some((t) => t.forbidden)) return scenario;
  const active = keepSites(scenario, (j) => !scenario.sites[j].forbidden).scenario;
  if (active.sites.length === 0) throw new ScenarioError([{ path: "sites", message: "every site is forbidden" }], "invalid scenario");
  return active;
}

/** A proven bound that contradicts an evaluated feasible objective is a bug: never report it. */
export function checkBound(problem: Problem, objective: number, bound: number | null): void {
  if (bound === null) return;
  const wrongSide = maximises(problem) ? bound < objective : bound > objective;
  if (wrongSide && relativeGap(objective, bound) > 1e-9) {
    throw new Error(`internal error: the ${problem.type} bound ${bound} contradicts the evaluated objective ${objective}`);
  }
}

export function buildResult(
  scenario: Scenario,
  problem: Problem,
  ev: Evaluation,
  r: { status: Status; bound: number | null; seconds: number; solver: string; infeasible: boolean; modules?: Record<string, number> },
): Result {
  const objective = r.infeasible ? null : ev.objective;
  const gap = objective !== null && r.bound !== null ? relativeGap(objective, r.bound) : null;
  const served = ev.openCount > 0;
  return {
    problem,
    status: r.status,
    objective,
    bound: r.bound,
    gap,
    open: ev.open.map((j) => scenario.sites[j].id),
    coverage: ev.coverage,
    seconds: r.seconds,
    solver: r.solver,
    maxDistance: served ? ev.maxDistance : null,
    meanDistance: served ? ev.meanDistance : null,
    equity: served ? ev.equity : null,
    cost: ev.newCost,
    sites: ev.open.map((j) => {
      const s = scenario.sites[j];
      const o: Result["sites"][number] = { id: s.id, existing: s.existing, cost: s.cost ?? null, load: ev.load[j], coveredLoad: ev.coveredLoad[j] };
      if (problem.capacitated) {
        const mods = siteModules(s, problem);
        const k = r.modules?.[s.id];
        const mod = mods && k !== undefined ? mods[k] : undefined;
        if (mod) {
          o.module = mod.name ?? String(k);
          o.cost = s.existing ? null : mod.cost;
        }
        o.capacity = mod ? mod.capacity : (s.capacity ?? null);
        o.units = ev.unitLoad ? ev.unitLoad[j] : null;
      }
      return o;
    }),
    assignment: scenario.demand.map((d, i) => {
      const j = ev.nearest[i];
      return { demand: d.id, site: j >= 0 ? scenario.sites[j].id : null, distance: j >= 0 ? ev.distance[i] : null, covered: ev.covered[i] === 1 };
    }),
  };
}

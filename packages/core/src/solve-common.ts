/**
 * What `solve` (solve.ts) and `solveSync` (solve-sync.ts) share: the solver names and options,
 * their validation (`prepare`), the choice of path (`usesMip`), the heuristics and our engines
 * (`solveSearch`) and the result of a non-cflp problem (`buildResult`). The cflp path
 * (cflp/solve.ts) and the MIP path (solve-mip.ts) are loaded by `solve` only when a problem needs
 * them, so a browser bundle of `solve` does not carry them up front.
 */
import { buildCoverage, type Coverage } from "./coverage.js";
import { IssueList, ScenarioError } from "./errors.js";
import { evaluate, siteModules, type Evaluation } from "./evaluate.js";
import { RunContext, now, type Progress } from "./heuristics/context.js";
import { lscpHeuristic, mclpHeuristic } from "./heuristics/cover.js";
import { pcenterHeuristic } from "./heuristics/pcenter.js";
import { pmedianHeuristic, type HeuristicResult } from "./heuristics/pmedian.js";
import { buildInstance, type Instance } from "./instance.js";
import type { Backend } from "./lp/backend.js";
import { buildNeighbors, type Neighbors } from "./neighbors.js";
import type { EngineResult } from "./engine/common.js";
import { lscpExact, pcenterExact } from "./engine/cover.js";
import { mclpExact } from "./engine/mclp.js";
import { pmedianExact } from "./engine/pmedian.js";
import { parseScenario } from "./parse.js";
import { parseProblem, type Problem, type ProblemOf, type ProblemType } from "./problem.js";
import { relativeGap, type Result, type Status } from "./result.js";
import { isScenario, keepSites, type Scenario } from "./scenario.js";
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

/** The neighbour lists and the coverage of one solve, each built once, on first use. */
class Structures {
  private nb: Neighbors | null = null;
  private cov: Coverage | null = null;
  constructor(private readonly inst: Instance, private readonly radius: number | undefined) {}
  neighbors(): Neighbors {
    return (this.nb ??= buildNeighbors(this.inst));
  }
  coverage(): Coverage {
    return (this.cov ??= buildCoverage(this.inst, this.radius as number));
  }
}

/** Runs the heuristic for the problem on an instance; `infeasible` carries the reason. */
export function runHeuristic(inst: Instance, active: Scenario, problem: Problem, ctx: RunContext, shakes: number, st = new Structures(inst, problem.radius)): HeuristicResult & { infeasible?: string } {
  const limits = { p: problem.p ?? Infinity, budget: problem.budget ?? Infinity };
  switch (problem.type) {
    case "pmedian": {
      const h = pmedianHeuristic(inst, st.neighbors(), limits, ctx, shakes);
      if (h.open.some((v) => v === 1)) return h;
      return { ...h, infeasible: `no site fits the budget ${problem.budget} and none exists, so demand cannot be served` };
    }
    case "pcenter":
      return pcenterHeuristic(inst, st.neighbors(), problem.p as number, ctx);
    case "mclp":
      return mclpHeuristic(inst, st.coverage(), limits, ctx, shakes);
    case "cflp":
      throw new Error("internal error: cflp goes through runCflp");
    case "lscp": {
      const r = lscpHeuristic(inst, st.coverage(), ctx, { countSites: problem.objective === "count" });
      if (!r.uncoverable.length) return r;
      const ids = r.uncoverable.slice(0, 10).map((i) => active.demand[i].id);
      const k = r.uncoverable.length;
      return { ...r, infeasible: `${k} demand point${k > 1 ? "s have" : " has"} no site within radius ${problem.radius}: ${ids.join(", ")}${k > 10 ? ", …" : ""}` };
    }
  }
}

/** Runs the exact engine from the heuristic's answer; its bound is proven, its status honest. */
function runEngine(inst: Instance, active: Scenario, problem: Problem, ctx: RunContext, shakes: number): HeuristicResult & { infeasible?: string; status: Status } {
  const st = new Structures(inst, problem.radius);
  const h = runHeuristic(inst, active, problem, ctx, shakes, st);
  if (h.infeasible !== undefined) return { ...h, status: "infeasible" };
  const limits = { p: problem.p ?? Infinity, budget: problem.budget ?? Infinity };
  let e: EngineResult;
  switch (problem.type) {
    case "pmedian":
      e = pmedianExact(inst, st.neighbors(), limits, ctx, h.open, { shakes });
      break;
    case "pcenter":
      e = pcenterExact(inst, st.neighbors(), problem.p as number, ctx, h.open);
      break;
    case "mclp":
      e = mclpExact(inst, st.coverage(), limits, ctx, h.open);
      break;
    case "lscp":
      e = lscpExact(inst, st.coverage(), ctx, h.open, { countSites: problem.objective === "count" });
      break;
    case "cflp":
      throw new Error("internal error: cflp goes through runCflp");
  }
  if (e.status === "infeasible") return { ...h, infeasible: `the engine proved that no solution meets every constraint`, status: "infeasible" };
  return { open: e.open, objective: e.objective, bound: e.bound, status: e.status === "optimal" ? "optimal" : ctx.timedOut ? "time_limit" : "feasible" };
}

/** The heuristic or the engine (no MIP backend). */
export function solveSearch({ scenario, problem, ctx, shakes, t0, solver }: Prepared): Result {
  const active = activeScenario(scenario);
  const inst = buildInstance(active);
  const useEngine = solver === "auto" || solver === "engine";
  const h = useEngine ? runEngine(inst, active, problem, ctx, shakes) : runHeuristic(inst, active, problem, ctx, shakes);
  const openIds: string[] = [];
  for (let j = 0; j < inst.m; j++) if (h.open[j]) openIds.push(active.sites[j].id);
  const ev = evaluate(scenario, problem, openIds);
  const infeasible = h.infeasible !== undefined;
  if (!infeasible && !ev.feasible) {
    throw new Error(`internal error: the ${problem.type} heuristic returned a solution that evaluation rejects: ${ev.violations.join("; ")}`);
  }
  const bound = infeasible ? null : h.bound;
  checkBound(problem, ev.objective, bound);
  let status: Status;
  if (infeasible) status = "infeasible";
  else if (bound !== null && relativeGap(ev.objective, bound) <= 1e-9) status = "optimal";
  else status = ctx.timedOut ? "time_limit" : "feasible";
  if ("status" in h && h.status === "optimal" && status !== "optimal") {
    throw new Error(`internal error: the engine claims optimality but its bound ${bound} does not meet the evaluated objective ${ev.objective}`);
  }
  const result = buildResult(scenario, problem, ev, { status, bound, seconds: (now() - t0) / 1000, solver: useEngine ? "engine" : "heuristic", infeasible });
  if (h.infeasible) result.message = h.infeasible;
  ctx.report("done", result.objective ?? undefined, 1, true);
  return result;
}

/** A proven bound that contradicts an evaluated feasible objective is a bug: never report it. */
export function checkBound(problem: Problem, objective: number, bound: number | null): void {
  if (bound === null) return;
  const wrongSide = problem.type === "mclp" ? bound < objective : bound > objective;
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

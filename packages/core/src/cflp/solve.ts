import type { RunContext } from "../heuristics/context.js";
import { now } from "../heuristics/context.js";
import { buildInstance } from "../instance.js";
import type { Backend } from "../lp/backend.js";
import { cflpIncumbent, decodeCflp, formulateCflp } from "../lp/cflp.js";
import { objectiveValue } from "../lp/model.js";
import { MIP_START_MIN_COLUMNS, relaxationStart } from "./mipstart.js";
import type { Problem } from "../problem.js";
import { relativeGap, type Result, type Status } from "../result.js";
import type { Scenario } from "../scenario.js";
import { cflpEngine } from "./engine.js";
import type { CflpEvaluation } from "./evaluate.js";
import { cflpHeuristic, polishSplitPlan, splitPolishable } from "./heuristic.js";
import { polishAssignment } from "./assign.js";
import { lagrangianBound, quickBound } from "./lagrange.js";
import { buildCflpModel, priced, type CflpModel } from "./model.js";
import { precheckCflp } from "./precheck.js";
import { newSiteCount } from "./site-count.js";
import { cflpResult, evaluateSolution } from "./result.js";
import type { CflpSolution } from "./types.js";

export interface CflpRun {
  scenario: Scenario;
  problem: Problem;
  ctx: RunContext;
  t0: number;
  /** Seconds from t0, when given. */
  timeLimit: number | undefined;
  /** A solution to start from (e.g. a frontier neighbour's), in this scenario's indices. */
  start?: CflpSolution;
}

interface Outcome {
  sol: CflpSolution | null;
  bound: number | null;
  status: Status;
  message?: string;
  /** The solver that produced it, when the method chose one (auto). */
  solver?: string;
}

type Method = (md: CflpModel, run: CflpRun) => Promise<Outcome> | Outcome;

const isMax = (p: Problem) => p.budget !== undefined;

/** The evaluated answer, or an internal error when evaluation rejects what a solver returned. */
function checked(run: CflpRun, problem: Problem, sol: CflpSolution, who: string): CflpEvaluation {
  const ev = evaluateSolution(run.scenario, problem, sol);
  if (!ev.feasible) throw new Error(`internal error: ${who}'s cflp solution fails evaluation: ${ev.violations.join("; ")}`);
  return ev;
}

function finish(run: CflpRun, md: CflpModel, out: Outcome, solverIn: string, problem = run.problem): { result: Result; ev: CflpEvaluation | null } {
  const solver = out.solver ?? solverIn;
  // among equal costs, shorter assignments (no distance cost: a MIP backend is indifferent among them)
  if (out.sol && !out.sol.share && md.distanceCost === 0 && md.outsideCost === 0) polishAssignment(md, out.sol.option, out.sol.site);
  const seconds = (now() - run.t0) / 1000;
  if (!out.sol) return { result: cflpResult(run.scenario, problem, null, { status: out.status, bound: out.bound, seconds, solver, message: out.message }), ev: null };
  const ev = checked(run, problem, out.sol, solver);
  let bound = out.bound;
  if (bound !== null) {
    const wrong = isMax(problem) ? bound < ev.objective : bound > ev.objective;
    if (wrong && relativeGap(ev.objective, bound) > 1e-7) throw new Error(`internal error: the cflp bound ${bound} contradicts the evaluated objective ${ev.objective} (${solver})`);
    if (wrong) bound = ev.objective;
  }
  let status = out.status;
  if (status === "optimal" && (bound === null || relativeGap(ev.objective, bound) > 1e-6)) status = run.ctx.timedOut ? "time_limit" : "feasible";
  void md;
  return { result: cflpResult(run.scenario, problem, ev, { status, bound, seconds, solver, message: out.message }), ev };
}

/**
 * Solves a cflp with a method (MIP backend, engine or heuristic): builds the model once, explains
 * infeasibility before solving, re-evaluates the answer independently. With a budget, a second
 * solve finds the least cost at the coverage reached (the tie-break), when the first was proven.
 * Written as a generator of method calls so that one body serves the synchronous and the
 * asynchronous drivers below.
 */
function* cflpSteps(run: CflpRun, solver: string): Generator<{ md: CflpModel; run: CflpRun }, Result, Outcome> {
  const inst = buildInstance(run.scenario);
  const md = buildCflpModel(inst, run.scenario, run.problem);
  const reasons = precheckCflp(md, { demand: (i) => run.scenario.demand[i].id, site: (j) => run.scenario.sites[j].id });
  if (reasons.length) {
    return finish(run, md, { sol: null, bound: null, status: "infeasible", message: reasons.map((r) => r.message).join("; ") }, solver).result;
  }
  const out = yield { md, run };
  const first = finish(run, md, out, solver);
  if (!isMax(run.problem) || first.result.status !== "optimal" || !first.ev || run.ctx.timedOut) return first.result;
  // tie-break: least cost at the coverage reached (cost ≤ budget follows)
  const covered = first.ev.coverage.covered;
  const total = first.ev.coverage.total;
  if (!(total > 0) || first.ev.newCost === 0) return first.result;
  const { budget: _b, distanceCost: _d, ...rest } = run.problem;
  const p2: Problem = { ...rest, coverage: Math.min(1, (covered / total) * (1 - 1e-12)) };
  const md2 = buildCflpModel(inst, run.scenario, p2);
  const out2 = yield { md: md2, run: { ...run, problem: p2, start: out.sol ?? undefined } };
  if (!out2.sol || out2.status !== "optimal") return first.result;
  const ev2 = checked(run, run.problem, out2.sol, solver);
  if (ev2.objective < covered * (1 - 1e-9) || ev2.newCost >= first.ev.newCost) return first.result;
  return finish(run, md, { ...out, sol: out2.sol }, solver).result;
}

export async function runCflp(run: CflpRun, method: Method, solver: string): Promise<Result> {
  const steps = cflpSteps(run, solver);
  let it = steps.next();
  while (!it.done) it = steps.next(await method(it.value.md, it.value.run));
  return it.value;
}

/** `runCflp` for synchronous methods (engine, heuristic). */
export function runCflpSync(run: CflpRun, method: (md: CflpModel, run: CflpRun) => Outcome, solver: string): Result {
  const steps = cflpSteps(run, solver);
  let it = steps.next();
  while (!it.done) it = steps.next(method(it.value.md, it.value.run));
  return it.value;
}

/**
 * A MIP backend on the sparse cflp model. With a time limit, large models get a relaxation-guided
 * start first (`relaxationStart`): without a start or with one this model rejects (40 % of the
 * time), and on a priced model when the start serves less than 99 % of the counted weight within
 * the radius (a quarter, the better start kept). The better of the start and the backend's plan is
 * returned (GLPK and javascript-lp-solver cannot take a start).
 */
export function mipMethod(backend: Backend): Method {
  return async (md, run) => {
    const left = () => (run.timeLimit === undefined ? undefined : Math.max(0.01, run.timeLimit - (now() - run.t0) / 1000));
    // the row Σ y ≥ K of the fewest new sites whose reach covers the points no existing site reaches
    const count = newSiteCount(md, run.ctx);
    const f = formulateCflp(md, count);
    run.ctx.report(backend.name, undefined, undefined, true);
    let incumbent: Float64Array | undefined;
    const start = run.start ?? null;
    if (start) incumbent = cflpIncumbent(md, f, start) ?? undefined;
    // the relaxation-guided start for large time-limited models: without a valid start, or on a
    // priced model whose start serves less than `PRICED_WITHIN` of the counted weight within the
    // radius — there the relaxation also says which counted points may go beyond it, which a start
    // from elsewhere (our engine's, on the whole Lingang area's urban cells at the rural reach) does
    // not know; the better of the two starts is kept
    const pricedStart = priced(md) && (!incumbent || withinShare(md, f.x, incumbent) < PRICED_WITHIN);
    if ((!incumbent || pricedStart) && run.timeLimit !== undefined && f.model.numCols >= MIP_START_MIN_COLUMNS) {
      const ms = await relaxationStart(backend, f, md, (left() as number) * (incumbent ? START_SHARE_WITH_START : START_SHARE), run.ctx.signal);
      if (ms.infeasible) return { sol: null, bound: null, status: "infeasible", message: `${backend.name} proved that even the LP relaxation has no solution`, solver: backend.name };
      if (ms.x && (!incumbent || better(f.model.sense, objectiveValue(f.model, ms.x), objectiveValue(f.model, incumbent)))) incumbent = ms.x;
    }
    // split demand: a share of the time kept to polish an unproven plan (`polishSplitPlan`); large
    // least-cost models: a share for the Lagrangian bound of an unproven plan (`lagrangianBound`)
    const polish = splitPolishable(md);
    const boundShare = md.budget === null && run.timeLimit !== undefined && f.model.numCols >= MIP_START_MIN_COLUMNS ? BOUND_SHARE : 0;
    const backendTime = left();
    const kept = (polish ? POLISH_SHARE : 0) + boundShare;
    const sol = await backend.solve(f.model, { timeLimit: backendTime !== undefined ? backendTime * (1 - kept) : undefined, signal: run.ctx.signal, incumbent });
    if (sol.status === "infeasible") return { sol: null, bound: null, status: "infeasible", message: `${backend.name} proved that no solution meets every constraint`, solver: backend.name };
    if (sol.status === "error" || sol.status === "unbounded") throw new Error(`internal error: ${backend.name} failed (${sol.status}): ${sol.message ?? "no message"}`);
    let x = sol.x;
    let status: Status = sol.status === "optimal" ? "optimal" : sol.status === "time_limit" ? "time_limit" : "feasible";
    // the better of the start (given or relaxation-guided) and the backend's answer
    if (incumbent && (!x || better(f.model.sense, objectiveValue(f.model, incumbent), objectiveValue(f.model, x)))) {
      x = incumbent;
      if (status === "optimal") status = "feasible";
    }
    // a backend stopped before its relaxation reports no bound (or 0): the Lagrangian's quick floor;
    // an unproven plan of a large model: the Lagrangian bound in the time kept for it (until the
    // polish's share), when it is tighter
    let bound = status === "optimal" ? sol.bound : floorBound(md, sol.bound);
    if (status !== "optimal" && boundShare > 0) {
      // (boundShare > 0: a time limit, so backendTime is a number)
      const until = run.t0 + ((run.timeLimit as number) - (polish ? (backendTime as number) * POLISH_SHARE : 0)) * 1000;
      const lb = lagrangianBound(md, x ? objectiveValue(f.model, x) : null, () => now() >= until || run.ctx.shouldStop(), undefined, count);
      run.ctx.debug?.(`cflp lagrangian bound after ${backend.name}: ${lb} (backend ${sol.bound})`);
      if (lb !== null && (bound === null || lb > bound)) bound = lb;
    }
    if (!x) return { sol: null, bound, status: "time_limit", message: `${backend.name} found no feasible solution within the time limit`, solver: backend.name };
    let plan = decodeCflp(md, f, x);
    if (polish && status !== "optimal") {
      const p = polishSplitPlan(md, run.ctx, plan);
      const xp = p ? cflpIncumbent(md, f, p) : null;
      run.ctx.debug?.(`cflp split polish of ${backend.name}'s plan: ${objectiveValue(f.model, x)} → ${xp ? objectiveValue(f.model, xp) : "none"}`);
      if (p && xp && better(f.model.sense, objectiveValue(f.model, xp), objectiveValue(f.model, x))) plan = p;
    }
    return { sol: plan, bound, status, solver: backend.name };
  };
}

/** The relaxation-guided start's share of the time; when it competes with a start handed over, less. */
const START_SHARE = 0.4;
const START_SHARE_WITH_START = 0.25;

/** A priced model's start serving at least this share of the counted weight within the radius goes to the backend as it is. */
const PRICED_WITHIN = 0.99;

/** The share of the counted weight a point `xv` of the formulation serves within the radius. */
function withinShare(md: CflpModel, x0: number, xv: Float64Array): number {
  if (!(md.coverTotal > 0)) return 1;
  let covered = 0;
  for (let p = 0; p < md.pairSite.length; p++) if (md.pairCov[p]) covered += md.weight[md.pairDemand[p]] * xv[x0 + p];
  return covered / md.coverTotal;
}

/** The larger of a backend's bound and `quickBound` (least-cost form; a budget keeps the backend's). */
function floorBound(md: CflpModel, b: number | null): number | null {
  const q = quickBound(md);
  return q === null ? b : b === null || !Number.isFinite(b) ? q : Math.max(b, q);
}

/** Split demand: the share of a MIP backend's time kept for polishing its plan (sizes under the fractional assignment). */
const POLISH_SHARE = 0.1;
/** Least-cost models of ≥ `MIP_START_MIN_COLUMNS` columns: the share of a MIP backend's time kept for the Lagrangian bound of an unproven plan. */
const BOUND_SHARE = 0.1;

const better = (sense: "min" | "max", a: number, b: number) => (sense === "min" ? a < b - 1e-9 * Math.max(1, Math.abs(b)) : a > b + 1e-9 * Math.max(1, Math.abs(b)));

/**
 * Models up to this many assignment pairs go to HiGHS under `auto`; larger ones to our engine.
 * Measured (`pnpm bench cflp`, benchmarks/README.md): HiGHS proves the 60 × 12 models (coverage
 * and budget) and the 25-point test town in 0.7–2.4 s, where the engine takes up to 8 s on the town
 * and leaves the 60 × 12 budget model at a 1.1 % gap after 20 s; from 500 × 100 up HiGHS finds no
 * (or much worse) plans and the engine finds plans with a proven gap.
 */
export const AUTO_MIP_MAX_PAIRS = 5000;

/**
 * `auto`: HiGHS for small models and for split demand (which the engine cannot prove), our engine
 * for the rest. `load` gives the MIP backend (loaded only when used).
 */
export function autoMethod(load: () => Promise<Backend>): Method {
  return async (md, run) => {
    if (!md.singleSource || md.pairSite.length <= AUTO_MIP_MAX_PAIRS) return mipMethod(await load())(md, run);
    return searchMethod("engine")(md, run);
  };
}

/** Our engine (Lagrangian bounds + branch and bound) or the heuristic alone. */
export function searchMethod(kind: "engine" | "heuristic"): (md: CflpModel, run: CflpRun) => Outcome {
  return (md, run) => {
    if (kind === "heuristic") {
      const h = cflpHeuristic(md, run.ctx, run.start);
      return h ? { sol: h, bound: null, status: run.ctx.timedOut ? "time_limit" : "feasible" } : { sol: null, bound: null, status: "time_limit", message: "the heuristic found no feasible solution (this does not prove that none exists)" };
    }
    const out = cflpEngine(md, run.ctx, run.start);
    // stopped before its root bound: the quick floor, so that every engine plan carries a bound
    return { ...out, bound: out.sol && out.bound === null ? quickBound(md) : out.bound, solver: "engine" };
  };
}

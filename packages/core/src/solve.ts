import { z } from "zod";
import { buildCoverage } from "./coverage.js";
import { IssueList, ScenarioError } from "./errors.js";
import { evaluate, type Evaluation } from "./evaluate.js";
import { RunContext, now, type Progress } from "./heuristics/context.js";
import { lscpHeuristic, mclpHeuristic } from "./heuristics/cover.js";
import { pcenterHeuristic } from "./heuristics/pcenter.js";
import { pmedianHeuristic, type HeuristicResult } from "./heuristics/pmedian.js";
import { buildInstance } from "./instance.js";
import { buildNeighbors } from "./neighbors.js";
import { parseScenario, zodCheck } from "./parse.js";
import { parseProblem, type Problem } from "./problem.js";
import { relativeGap, type Result, type Status } from "./result.js";
import { isScenario, keepSites, type Scenario } from "./scenario.js";

export const SOLVERS = ["auto", "heuristic"] as const;
export type SolverName = (typeof SOLVERS)[number];

export interface SolveOptions {
  /** `auto` (default) or `heuristic`. */
  solver?: SolverName;
  /** Seconds; the search stops there and returns its best (status `time_limit` if cut short). */
  timeLimit?: number;
  /** Seed for the randomised parts; same seed, same answer. Default 1. */
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Perturbation rounds after the local search (p-median, MCLP). Default 30. */
  shakes?: number;
}

const optionsSchema = z.strictObject({
  solver: z.enum(SOLVERS, { error: `unknown solver; expected one of ${SOLVERS.join(", ")}` }).optional(),
  timeLimit: z.number({ error: "expected a number of seconds > 0" }).gt(0, { error: "expected a number of seconds > 0" }).optional(),
  seed: z.number({ error: "expected an integer" }).int({ error: "expected an integer" }).optional(),
  signal: z.custom<AbortSignal>((v) => typeof v === "object" && v !== null && "aborted" in v, { error: "expected an AbortSignal" }).optional(),
  onProgress: z.custom<(p: Progress) => void>((v) => typeof v === "function", { error: "expected a function" }).optional(),
  shakes: z.number({ error: "expected an integer ≥ 0" }).int({ error: "expected an integer ≥ 0" }).min(0, { error: "expected an integer ≥ 0" }).optional(),
});

/**
 * Solves a siting problem. `scenario` is a validated `Scenario` or anything `parseScenario`
 * accepts; `problem` is checked against it. The answer is re-evaluated independently before it
 * is returned; an answer that evaluation rejects is never returned.
 */
export async function solve(scenario: Scenario | unknown, problem: Problem | unknown, options: SolveOptions = {}): Promise<Result> {
  return solveSync(scenario, problem, options);
}

/** The same as `solve`, synchronously (the heuristics do not need to yield). */
export function solveSync(scenarioIn: Scenario | unknown, problemIn: Problem | unknown, options: SolveOptions = {}): Result {
  const t0 = now();
  const scenario = isScenario(scenarioIn) ? scenarioIn : parseScenario(scenarioIn);
  const problem = parseProblem(problemIn, scenario);
  const issues = new IssueList();
  const opts = zodCheck(optionsSchema, options, "options", issues) ?? {};
  issues.throwIfAny("invalid options");
  const deadline = opts.timeLimit !== undefined ? t0 + opts.timeLimit * 1000 : Infinity;
  const ctx = new RunContext(deadline, opts.signal, opts.onProgress, opts.seed ?? 1);
  ctx.shouldStop();
  const shakes = opts.shakes ?? 30;
  if (problem.capacitated) {
    throw new ScenarioError([{ path: "problem.capacitated", message: "capacitated problems need an exact MIP backend (highs, glpk or lp-solver), which this build does not include yet" }], "unsupported problem");
  }

  // forbidden sites play no part in any search: solve without them, evaluate on the full scenario
  const active = scenario.sites.some((t) => t.forbidden) ? keepSites(scenario, (j) => !scenario.sites[j].forbidden).scenario : scenario;
  if (active.sites.length === 0) throw new ScenarioError([{ path: "sites", message: "every site is forbidden" }], "invalid scenario");
  const inst = buildInstance(active);
  const limits = { p: problem.p ?? Infinity, budget: problem.budget ?? Infinity };
  let h: HeuristicResult;
  let message: string | undefined;
  let infeasible = false;
  switch (problem.type) {
    case "pmedian": {
      const nb = buildNeighbors(inst);
      h = pmedianHeuristic(inst, nb, limits, ctx, shakes);
      if (!h.open.some((v) => v === 1)) {
        infeasible = true;
        message = `no site fits the budget ${problem.budget} and none exists, so demand cannot be served`;
      }
      break;
    }
    case "pcenter": {
      const nb = buildNeighbors(inst);
      h = pcenterHeuristic(inst, nb, problem.p as number, ctx);
      break;
    }
    case "mclp": {
      const cov = buildCoverage(inst, problem.radius as number);
      h = mclpHeuristic(inst, cov, limits, ctx, shakes);
      break;
    }
    case "lscp": {
      const cov = buildCoverage(inst, problem.radius as number);
      const r = lscpHeuristic(inst, cov, ctx, { countSites: problem.objective === "count" });
      h = r;
      if (r.uncoverable.length) {
        infeasible = true;
        const ids = r.uncoverable.slice(0, 10).map((i) => active.demand[i].id);
        message = `${r.uncoverable.length} demand point${r.uncoverable.length > 1 ? "s have" : " has"} no site within radius ${problem.radius}: ${ids.join(", ")}${r.uncoverable.length > 10 ? ", …" : ""}`;
      }
      break;
    }
  }
  const openIds: string[] = [];
  for (let j = 0; j < inst.m; j++) if (h.open[j]) openIds.push(active.sites[j].id);
  const ev = evaluate(scenario, problem, openIds);
  if (!infeasible && !ev.feasible) {
    throw new Error(`internal error: the ${problem.type} heuristic returned a solution that evaluation rejects: ${ev.violations.join("; ")}`);
  }
  let status: Status;
  const bound = infeasible ? null : h.bound;
  if (infeasible) status = "infeasible";
  else if (bound !== null && relativeGap(ev.objective, bound) <= 1e-9) status = "optimal";
  else status = ctx.timedOut ? "time_limit" : "feasible";
  if (bound !== null && (problem.type === "mclp" ? bound < ev.objective : bound > ev.objective) && relativeGap(ev.objective, bound) > 1e-9) {
    throw new Error(`internal error: the ${problem.type} bound ${bound} contradicts the evaluated objective ${ev.objective}`);
  }
  const result = buildResult(scenario, problem, ev, {
    status,
    bound,
    seconds: (now() - t0) / 1000,
    solver: "heuristic",
    infeasible,
  });
  if (message) result.message = message;
  ctx.report("done", result.objective ?? undefined, 1, true);
  return result;
}

export function buildResult(
  scenario: Scenario,
  problem: Problem,
  ev: Evaluation,
  r: { status: Status; bound: number | null; seconds: number; solver: string; infeasible: boolean },
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
      return { id: s.id, existing: s.existing, cost: s.cost ?? null, load: ev.load[j], coveredLoad: ev.coveredLoad[j] };
    }),
    assignment: scenario.demand.map((d, i) => {
      const j = ev.nearest[i];
      return { demand: d.id, site: j >= 0 ? scenario.sites[j].id : null, distance: j >= 0 ? ev.distance[i] : null, covered: ev.covered[i] === 1 };
    }),
  };
}

/**
 * `solveSync`: the heuristics and our engines (cflp included), synchronously, with static imports.
 * A module of its own so that a bundle of the asynchronous `solve` alone (solve.ts, which loads
 * the cflp path on demand) does not carry it.
 */
import { ScenarioError } from "./errors.js";
import type { ScenarioInput } from "./parse.js";
import type { ProblemInputOf, ProblemType } from "./problem.js";
import type { Result } from "./result.js";
import type { Scenario } from "./scenario.js";
import { runCflpSync, searchMethod, type CflpRun } from "./cflp/solve.js";
import { finishCflp, prepare, usesMip, type SolveOptions, type SolveResult } from "./solve-common.js";
import { solveSearch } from "./solve-search.js";
import { isVariant } from "./variants/problem.js";
import { solveVariantSync } from "./variants/solve.js";

/** `solve` for the heuristics and our engines, synchronously; MIP backends need the asynchronous `solve`. */
export function solveSync<T extends ProblemType>(scenario: ScenarioInput | Scenario, problem: ProblemInputOf<T>, options: SolveOptions = {}): SolveResult<T> {
  return solveSyncAny(scenario, problem, options) as SolveResult<T>;
}

function solveSyncAny(scenario: unknown, problem: unknown, options: SolveOptions): Result {
  const p = prepare(scenario, problem, options);
  if (isVariant(p.problem)) return solveVariantSync(p);
  if (p.problem.type === "cflp" && !usesMip(p)) {
    const run: CflpRun = { scenario: p.scenario, problem: p.problem, ctx: p.ctx, t0: p.t0, timeLimit: p.timeLimit, start: options.start };
    const kind = p.solver === "heuristic" ? "heuristic" : "engine";
    return finishCflp(runCflpSync(run, searchMethod(kind), kind), p);
  }
  if (usesMip(p)) {
    throw new ScenarioError([{ path: "options.solver", message: "MIP backends (and capacitated problems) need the asynchronous solve()", value: typeof p.solver === "string" ? p.solver : p.solver.name }], "invalid options");
  }
  return solveSearch(p);
}

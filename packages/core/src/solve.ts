/**
 * The asynchronous `solve`. Only what every problem needs is imported statically (solve-common.ts:
 * validation, the heuristics and our engines); the cflp path (cflp/solve.ts) and the MIP path
 * (solve-mip.ts) are loaded with a dynamic `import()` the first time a problem needs them, so a
 * browser bundle of `solve` splits them into chunks fetched on demand (the size budget of issue 11,
 * test/bundle-size.test.ts). `solveSync` lives in solve-sync.ts with static imports.
 */
import { ScenarioError } from "./errors.js";
import type { Backend } from "./lp/backend.js";
import type { ScenarioInput } from "./parse.js";
import type { ProblemInputOf, ProblemType } from "./problem.js";
import type { Result } from "./result.js";
import type { Scenario } from "./scenario.js";
import type { CflpRun } from "./cflp/solve.js";
import { finishCflp, prepare, usesMip, type SolveOptions, type SolveResult } from "./solve-common.js";
import { isVariant } from "./variants/problem.js";

export { SOLVERS, AUTO_ENGINE_TIME_LIMIT, type SolverName, type SolveOptions, type SolveResult } from "./solve-common.js";

/** Where a MIP backend package lives and its factory's name. */
const BACKEND_PACKAGES: Record<string, [pkg: string, factory: string]> = {
  highs: ["@siting/highs", "highs"],
  glpk: ["@siting/glpk", "glpk"],
  "lp-solver": ["@siting/lp-solver", "lpSolver"],
};

/** Loads a MIP backend by name with a dynamic import, or explains which package to install. */
export async function loadBackend(name: string): Promise<Backend> {
  const entry = BACKEND_PACKAGES[name === "exact" ? "highs" : name];
  if (!entry) throw new ScenarioError([{ path: "options.solver", message: `no MIP backend named ${name}`, value: name }], "invalid options");
  const [pkg, factory] = entry;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ pkg)) as Record<string, unknown>;
  } catch (e) {
    throw new ScenarioError(
      [{ path: "options.solver", message: `the ${name} backend needs the package ${pkg} (npm install ${pkg}): ${(e as Error).message}`, value: name }],
      "backend not available",
    );
  }
  const make = (mod[factory] ?? mod.default) as (() => Backend) | undefined;
  if (typeof make !== "function") throw new Error(`internal error: ${pkg} does not export ${factory}()`);
  return make();
}

/**
 * Solves a siting problem. `scenario` is a validated `Scenario` or anything `parseScenario`
 * accepts; `problem` is checked against it (at run time too, so JSON input is safe: anything wrong
 * throws a `ScenarioError` naming each field and its value). The answer is re-evaluated
 * independently before it is returned; an answer that evaluation rejects is never returned.
 *
 * ```ts
 * const r = await solve({ demand, sites }, { type: "mclp", radius: 800, p: 3 });
 * r.problem.radius; // number
 * ```
 */
export async function solve<T extends ProblemType>(scenario: ScenarioInput | Scenario, problem: ProblemInputOf<T>, options: SolveOptions = {}): Promise<SolveResult<T>> {
  return (await solveAny(scenario, problem, options)) as SolveResult<T>;
}

async function solveAny(scenario: unknown, problem: unknown, options: SolveOptions): Promise<Result> {
  const p = prepare(scenario, problem, options);
  if (isVariant(p.problem)) return (await import("./variants/solve.js")).solveVariant(p, loadBackend);
  if (p.problem.type === "cflp") {
    const { autoMethod, mipMethod, runCflp, runCflpSync, searchMethod } = await import("./cflp/solve.js");
    const limit = Number.isFinite(p.ctx.deadline) ? (p.ctx.deadline - p.t0) / 1000 : undefined;
    const run: CflpRun = { scenario: p.scenario, problem: p.problem, ctx: p.ctx, t0: p.t0, timeLimit: limit, start: options.start };
    if (p.solver === "auto") return finishCflp(await runCflp(run, autoMethod(() => loadBackend("highs")), "auto"), p);
    if (!usesMip(p)) return finishCflp(runCflpSync(run, searchMethod(p.solver === "heuristic" ? "heuristic" : "engine"), p.solver === "heuristic" ? "heuristic" : "engine"), p);
    const backend = typeof p.solver === "string" ? await loadBackend(p.solver) : p.solver;
    return finishCflp(await runCflp(run, mipMethod(backend), backend.name), p);
  }
  if (!usesMip(p)) return (await import("./solve-search.js")).solveSearch(p);
  const solver = p.solver;
  const [backend, { solveMip }] = await Promise.all([typeof solver === "string" ? loadBackend(solver === "auto" ? "highs" : solver) : solver, import("./solve-mip.js")]);
  return solveMip(p, backend);
}

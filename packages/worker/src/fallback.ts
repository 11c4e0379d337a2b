import { evaluate, maximises, relativeGap, siteModules, solutionFromResult, solveSync, type Problem, type Result, type Scenario } from "@siting/core";

/** Larger is better for MCLP and for cflp with a budget (coverage); smaller for the rest. */

/** Whether `a` has a strictly better objective than `b` (a result without one is never better). */
export function better(problem: Problem, a: Result | null, b: Result | null): boolean {
  if (!a || a.objective === null) return false;
  if (!b || b.objective === null) return true;
  const tol = 1e-9 * Math.max(1, Math.abs(b.objective));
  return maximises(problem) ? a.objective > b.objective + tol : a.objective < b.objective - tol;
}

/**
 * The `Result` for the open sites a search reported (`Progress.open`: indices into the sites
 * without the forbidden ones), built by `@siting/core` itself: `solveSync` with the heuristic on
 * the scenario where every other candidate is forbidden. It opens these sites (or a subset as
 * good: within them the heuristic can only match or improve the objective), evaluates them with
 * `evaluate()` and builds the result as every solve does. The answer is then checked once more
 * with `evaluate()` on the caller's scenario. Null when the sites do not make a valid answer.
 * Uncapacitated classic problems only (capacitated ones and cflp report no open sites).
 */
export function resultFromOpen(scenario: Scenario, problem: Problem, open: readonly number[]): Result | null {
  if (problem.type === "cflp" || problem.capacitated) return null;
  const active = scenario.sites.filter((s) => !s.forbidden);
  const ids = new Set<string>();
  for (const k of open) {
    const s = active[k];
    if (!s) return null;
    ids.add(s.id);
  }
  if (ids.size === 0) return null;
  // the reported sites themselves must make a valid answer
  const reported = evaluate(scenario, problem, [...ids]);
  if (!reported.feasible) return null;
  const only: Scenario = { ...scenario, sites: scenario.sites.map((s) => (s.existing || s.forbidden || ids.has(s.id) ? s : { ...s, forbidden: true })) };
  let r: Result;
  try {
    r = solveSync(only, problem, { solver: "heuristic", shakes: 0 });
  } catch {
    return null;
  }
  if (r.status === "infeasible" || r.objective === null) return null;
  const ev = evaluate(scenario, problem, r.open);
  if (!ev.feasible || relativeGap(ev.objective, r.objective) > 1e-9) return null;
  if (maximises(problem) ? ev.objective < reported.objective - 1e-9 * Math.max(1, Math.abs(reported.objective)) : ev.objective > reported.objective + 1e-9 * Math.max(1, Math.abs(reported.objective))) return null;
  // the heuristic's bound was for the restricted scenario: not a bound here
  return { ...r, bound: null, gap: null };
}

/**
 * Checks a complete result (the worker's, e.g. cflp's heuristic plan) with `evaluate()` on the
 * caller's scenario: true when evaluation accepts it and finds the same objective.
 */
export function acceptedByEvaluate(scenario: Scenario, problem: Problem, r: Result): boolean {
  if (r.objective === null) return false;
  try {
    let ev;
    if (problem.type === "cflp") {
      const sol = solutionFromResult(scenario, problem, r);
      const modules: Record<string, number> = {};
      scenario.sites.forEach((s, j) => {
        if (sol.option[j] >= 0 && siteModules(s, problem)) modules[s.id] = sol.option[j];
      });
      const shares = problem.singleSource === false ? r.assignment.map((a) => a.shares?.map((e) => ({ site: e.site, share: e.share })) ?? (a.site !== null ? [{ site: a.site, share: 1 }] : null)) : undefined;
      ev = evaluate(scenario, problem, r.open, shares ? { shares, modules } : { assignment: r.assignment.map((a) => a.site), modules });
    } else {
      ev = evaluate(scenario, problem, r.open, problem.capacitated ? { assignment: r.assignment.map((a) => a.site) } : {});
    }
    return ev.feasible && relativeGap(ev.objective, r.objective) <= 1e-7;
  } catch {
    return false;
  }
}

/** A time-limited result with no plan (nothing was found in time), shaped as `solve` shapes one. */
export function noPlan(scenario: Scenario, problem: Problem, info: { seconds: number; solver: string; message: string }): Result {
  const total = scenario.demand.reduce((a, d) => a + d.weight, 0);
  return {
    problem,
    status: "time_limit",
    objective: null,
    bound: null,
    gap: null,
    open: [],
    coverage: { covered: 0, total, fraction: 0 },
    seconds: info.seconds,
    solver: info.solver,
    maxDistance: null,
    meanDistance: null,
    equity: null,
    cost: 0,
    sites: [],
    assignment: scenario.demand.map((d) => ({ demand: d.id, site: null, distance: null, covered: false })),
    message: info.message,
  };
}

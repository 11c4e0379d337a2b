/**
 * `solve`'s MIP path for the non-cflp problems: the formulation, the warm start, the backend call
 * and the decoding of its answer. solve.ts loads this module with a dynamic import only when a
 * problem goes to a MIP backend (the cflp MIP path lives in cflp/solve.ts).
 */
import { evaluate } from "./evaluate.js";
import { now } from "./heuristics/context.js";
import { buildInstance } from "./instance.js";
import type { Backend } from "./lp/backend.js";
import { decodeSolution, formulate, incumbentFromOpen, precheck, specFromProblem } from "./lp/formulations.js";
import type { Result, Status } from "./result.js";
import { activeScenario, buildResult, checkBound, type Prepared } from "./solve-common.js";
import { runHeuristic, searchInstance } from "./solve-search.js";

export async function solveMip(p: Prepared, backend: Backend): Promise<Result> {
  const { scenario, problem, ctx, t0 } = p;
  const inst = buildInstance(scenario);
  if (problem.type === "cflp") throw new Error("internal error: cflp goes through runCflp");
  if (problem.type === "attendance" || problem.type === "pdispersion") throw new Error("internal error: the variants go through variants/solve.ts");
  const spec = specFromProblem(scenario, problem);
  const names = { demand: (i: number) => scenario.demand[i].id, site: (j: number) => scenario.sites[j].id };
  const infeasibleResult = (message: string): Result => {
    const ev = evaluate(scenario, { ...problem, capacitated: false }, scenario.sites.filter((s) => s.existing).map((s) => s.id));
    const r = buildResult(scenario, problem, ev, { status: "infeasible", bound: null, seconds: (now() - t0) / 1000, solver: backend.name, infeasible: true });
    r.message = message;
    return r;
  };
  const pre = precheck(inst, spec, names);
  if (!pre.feasible) return infeasibleResult(pre.reasons.map((r) => r.message).join("; "));

  const f = formulate(inst, spec);
  ctx.report("model", undefined, undefined, true);
  // uncapacitated: warm-start the solver from the heuristic's answer
  let incumbent: Float64Array | undefined;
  if (!problem.capacitated) {
    const active = activeScenario(scenario);
    const ai = searchInstance(active, problem);
    const h = runHeuristic(ai, active, problem, ctx, Math.min(p.shakes, 10));
    if (h.infeasible === undefined) {
      const byId = new Map(scenario.sites.map((s, j) => [s.id, j]));
      const open = new Uint8Array(inst.m);
      for (let j = 0; j < ai.m; j++) if (h.open[j]) open[byId.get(active.sites[j].id) as number] = 1;
      incumbent = incumbentFromOpen(inst, f, open) ?? undefined;
    }
  }
  const remaining = p.timeLimit === undefined ? undefined : Math.max(0.01, p.timeLimit - (now() - t0) / 1000);
  ctx.report(`${backend.name}`, undefined, undefined, true);
  const sol = await backend.solve(f.model, { timeLimit: remaining, signal: ctx.signal, incumbent });
  if (sol.status === "infeasible") return infeasibleResult(`${backend.name} proved that no solution meets every constraint`);
  if (sol.status === "error" || sol.status === "unbounded") throw new Error(`internal error: ${backend.name} failed (${sol.status}): ${sol.message ?? "no message"}`);
  if (!sol.x) {
    const r = infeasibleResult(`${backend.name} found no feasible solution within the time limit`);
    r.status = "time_limit";
    r.bound = sol.bound;
    return r;
  }
  const dec = decodeSolution(inst, f, sol.x);
  const openIds = dec.open.map((j) => scenario.sites[j].id);
  const modules: Record<string, number> = {};
  for (const j of dec.open) if (dec.size[j] >= 0) modules[scenario.sites[j].id] = dec.size[j];
  const assignment = problem.capacitated ? Array.from(dec.assignment, (j) => (j >= 0 ? scenario.sites[j].id : null)) : undefined;
  const ev = evaluate(scenario, problem, openIds, { assignment, modules });
  if (!ev.feasible) throw new Error(`internal error: ${backend.name}'s solution fails evaluation: ${ev.violations.join("; ")}`);
  const bound = sol.bound;
  checkBound(problem, ev.objective, bound);
  const status: Status = sol.status === "optimal" ? "optimal" : sol.status === "time_limit" ? "time_limit" : "feasible";
  const result = buildResult(scenario, problem, ev, { status, bound, seconds: (now() - t0) / 1000, solver: backend.name, infeasible: false, modules });
  ctx.report("done", result.objective ?? undefined, 1, true);
  return result;
}

import { evaluate, type Evaluation, type Problem, type Result, type Scenario } from "@siting/core";

/**
 * Re-evaluates a cflp answer with the library's public evaluate(): its open sites, the size of each
 * (`sites[].module`, a name or an index, turned back into the module index) and its assignment
 * (`assignment[].site`, or the shares for split demand).
 */
export function reevaluate(scenario: Scenario, problem: Problem, r: Result): Evaluation {
  const modules: Record<string, number> = {};
  for (const s of r.sites) {
    if (s.module === undefined) continue;
    const site = scenario.sites.find((t) => t.id === s.id);
    const mods = site?.modules ?? (site?.existing ? undefined : problem.modules);
    if (!mods) throw new Error(`site ${s.id} reports module ${s.module} but has none`);
    let k = mods.findIndex((m) => m.name === s.module);
    if (k < 0 && /^\d+$/.test(s.module)) k = Number(s.module);
    modules[s.id] = k;
  }
  if (problem.singleSource === false) {
    return evaluate(scenario, problem, r.open, { shares: r.assignment.map((a) => (a.shares ?? []).map((e) => ({ site: e.site, share: e.share }))), modules });
  }
  return evaluate(scenario, problem, r.open, { assignment: r.assignment.map((a) => a.site), modules });
}

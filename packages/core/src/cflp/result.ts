import { relativeGap, type Result, type Status } from "../result.js";
import type { Problem } from "../problem.js";
import type { Scenario } from "../scenario.js";
import { siteModules } from "../sizes.js";
import { evaluateCflp, type CflpEvaluation } from "./evaluate.js";
import type { CflpSolution } from "./types.js";

/** Evaluates a cflp solution (index terms) through the independent `evaluateCflp`, by ids. */
export function evaluateSolution(scenario: Scenario, problem: Problem, sol: CflpSolution): CflpEvaluation {
  const open: string[] = [];
  const modules: Record<string, number> = {};
  scenario.sites.forEach((s, j) => {
    const k = sol.option[j];
    if (s.existing || k >= 0) open.push(s.id);
    if (k >= 0 && siteModules(s, problem)) modules[s.id] = k;
  });
  if (sol.share) {
    const shares = sol.share.map((list) => list.map((e) => ({ site: scenario.sites[e.site].id, share: e.fraction })));
    return evaluateCflp(scenario, problem, open, { shares, modules });
  }
  const assignment = Array.from(sol.site, (j) => (j >= 0 ? scenario.sites[j].id : null));
  return evaluateCflp(scenario, problem, open, { assignment, modules });
}

/** A cflp `Result` from an evaluated solution: sizes, loads, capacities and the assignment by id. */
export function cflpResult(
  scenario: Scenario,
  problem: Problem,
  ev: CflpEvaluation | null,
  r: { status: Status; bound: number | null; seconds: number; solver: string; message?: string },
): Result {
  const total = scenario.demand.reduce((a, d) => a + d.weight, 0);
  if (!ev) {
    const res: Result = {
      problem,
      status: r.status,
      objective: null,
      bound: r.bound,
      gap: null,
      open: [],
      coverage: { covered: 0, total, fraction: 0 },
      seconds: r.seconds,
      solver: r.solver,
      maxDistance: null,
      meanDistance: null,
      equity: null,
      cost: 0,
      sites: [],
      assignment: scenario.demand.map((d) => ({ demand: d.id, site: null, distance: null, covered: false })),
    };
    if (r.message) res.message = r.message;
    return res;
  }
  const objective = ev.objective;
  const split = problem.singleSource === false;
  const res: Result = {
    problem,
    status: r.status,
    objective,
    bound: r.bound,
    gap: r.bound !== null ? relativeGap(objective, r.bound) : null,
    open: ev.open.map((j) => scenario.sites[j].id),
    coverage: ev.coverage,
    seconds: r.seconds,
    solver: r.solver,
    maxDistance: ev.open.length ? ev.maxDistance : null,
    meanDistance: ev.open.length && ev.totalWeight > 0 ? ev.sumWD / ev.totalWeight : null,
    equity: ev.open.length ? ev.equity : null,
    cost: ev.newCost,
    sites: ev.open.map((j) => {
      const s = scenario.sites[j];
      const mods = siteModules(s, problem);
      const k = ev.option[j];
      const o: Result["sites"][number] = {
        id: s.id,
        existing: s.existing,
        cost: s.existing ? (mods && k >= 0 ? mods[k].cost : null) : mods && k >= 0 ? mods[k].cost : (s.cost ?? null),
        load: ev.load[j],
        coveredLoad: ev.coveredLoad[j],
        capacity: Number.isFinite(ev.capacity[j]) ? ev.capacity[j] : null,
        units: ev.unitLoad[j],
        minimum: ev.minLoad[j],
        utilization: Number.isFinite(ev.capacity[j]) && ev.capacity[j] > 0 ? ev.unitLoad[j] / ev.capacity[j] : null,
      };
      if (mods && k >= 0) o.module = mods[k].name ?? String(k);
      return o;
    }),
    assignment: scenario.demand.map((d, i) => {
      const j = ev.nearest[i];
      const a: Result["assignment"][number] = {
        demand: d.id,
        site: j >= 0 ? scenario.sites[j].id : null,
        distance: j >= 0 ? ev.distance[i] : null,
        covered: ev.coveredShare[i] >= 1 - 1e-9,
      };
      if (split) a.shares = ev.shares[i].map((e) => ({ site: scenario.sites[e.site].id, share: e.share, amount: e.share * ev.units[i], distance: e.distance }));
      return a;
    }),
  };
  if (r.message) res.message = r.message;
  return res;
}

/**
 * The heuristics and our exact engines on a validated problem (`solveSearch`), and the pieces the
 * MIP path shares with them (`searchInstance`, `runHeuristic`). `solve` loads this module when a
 * problem needs it; `solveSync` imports it statically.
 */
import { buildCoverage, type Coverage } from "./coverage.js";
import { evaluate } from "./evaluate.js";
import { RunContext, now } from "./heuristics/context.js";
import { lscpHeuristic, mclpHeuristic } from "./heuristics/cover.js";
import { pcenterHeuristic } from "./heuristics/pcenter.js";
import { pmedianHeuristic, type HeuristicResult } from "./heuristics/pmedian.js";
import { buildInstance, type Instance } from "./instance.js";
import { buildNeighbors, type Neighbors } from "./neighbors.js";
import type { EngineResult } from "./engine/common.js";
import { lscpExact, pcenterExact } from "./engine/cover.js";
import { mclpExact } from "./engine/mclp.js";
import { pmedianExact } from "./engine/pmedian.js";
import type { Problem } from "./problem.js";
import { relativeGap, type Result, type Status } from "./result.js";
import type { Scenario } from "./scenario.js";
import { isSparseCosts, unreachablePenalty } from "./sparse-costs.js";
import { activeScenario, buildResult, checkBound, type Prepared } from "./solve-common.js";

/**
 * The instance the searches run on. With sparse costs, p-median and p-center see a pair not listed
 * at a finite penalty (`unreachablePenalty`) instead of Infinity, so that their sums and swap gains
 * stay finite; an answer that uses it is one that leaves a point unserved (see `unservedMessage`).
 */
export function searchInstance(active: Scenario, problem: Problem): Instance {
  const c = active.costs;
  if (!isSparseCosts(c) || (problem.type !== "pmedian" && problem.type !== "pcenter")) return buildInstance(active);
  return buildInstance(active, { unreachable: unreachablePenalty(c, active.demand.map((d) => d.weight)) });
}

/** Ids of demand points, the first ten, for a message. */
const listIds = (s: Scenario, idx: readonly number[]): string => idx.slice(0, 10).map((i) => s.demand[i].id).join(", ") + (idx.length > 10 ? ", …" : "");

/**
 * p-median and p-center on sparse costs: the demand points (weight > 0) that reach no site at all
 * — no pair listed to a site that may open — make the problem infeasible before any search.
 */
function strandedMessage(inst: Instance, active: Scenario, problem: Problem): string | undefined {
  const c = inst.sparse;
  if (!c || (problem.type !== "pmedian" && problem.type !== "pcenter")) return undefined;
  const stranded: number[] = [];
  for (let i = 0; i < inst.n; i++) if (inst.weight[i] > 0 && c.ptr[i + 1] === c.ptr[i]) stranded.push(i);
  if (!stranded.length) return undefined;
  const k = stranded.length;
  return `${k} demand point${k > 1 ? "s reach" : " reaches"} no site (no cost is given to any site that may open): ${listIds(active, stranded)}`;
}

/**
 * p-median and p-center on sparse costs: demand points (weight > 0) that reach no open site in the
 * answer. The search sees them at a penalty larger than any answer serving every point, so an
 * answer the engine proves optimal with such points proves that no answer serves them all.
 */
function unservedMessage(scenario: Scenario, problem: Problem, nearest: Int32Array, open: number, proven: boolean): string | undefined {
  if (!isSparseCosts(scenario.costs) || (problem.type !== "pmedian" && problem.type !== "pcenter")) return undefined;
  const unserved: number[] = [];
  for (let i = 0; i < nearest.length; i++) if (scenario.demand[i].weight > 0 && nearest[i] < 0) unserved.push(i);
  return unserved.length ? unreachedMessage(scenario, unserved, open, proven) : undefined;
}

/** The message for an answer that leaves these demand points with no reachable open site (of `open`). */
export function unreachedMessage(scenario: Scenario, unserved: readonly number[], open: number, proven: boolean): string {
  const k = unserved.length;
  return `${proven ? "no choice of sites within the limits" : "no answer found (not a proof; the engine solver proves)"} reaches every demand point: ${k > 1 ? `${k} points reach` : "1 point reaches"} no open site (of ${open}) in the best: ${listIds(scenario, unserved)}`;
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
    case "attendance":
    case "pdispersion":
      throw new Error("internal error: the variants go through variants/solve.ts");
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
    case "attendance":
    case "pdispersion":
      throw new Error("internal error: the variants go through variants/solve.ts");
  }
  if (e.status === "infeasible") return { ...h, infeasible: `the engine proved that no solution meets every constraint`, status: "infeasible" };
  return { open: e.open, objective: e.objective, bound: e.bound, status: e.status === "optimal" ? "optimal" : ctx.timedOut ? "time_limit" : "feasible" };
}

/** The heuristic or the engine (no MIP backend). */
export function solveSearch({ scenario, problem, ctx, shakes, t0, solver }: Prepared): Result {
  const active = activeScenario(scenario);
  const inst = searchInstance(active, problem);
  const useEngine = solver === "auto" || solver === "engine";
  const stranded = strandedMessage(inst, active, problem);
  const h: HeuristicResult & { infeasible?: string; status?: Status } =
    stranded !== undefined
      ? { open: inst.existing.slice(), objective: Infinity, bound: null, infeasible: stranded }
      : useEngine
        ? runEngine(inst, active, problem, ctx, shakes)
        : runHeuristic(inst, active, problem, ctx, shakes);
  const openIds: string[] = [];
  for (let j = 0; j < inst.m; j++) if (h.open[j]) openIds.push(active.sites[j].id);
  const ev = evaluate(scenario, problem, openIds);
  h.infeasible ??= unservedMessage(scenario, problem, ev.nearest, ev.openCount, useEngine && h.status === "optimal");
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
  if (!infeasible && h.status === "optimal" && status !== "optimal") {
    throw new Error(`internal error: the engine claims optimality but its bound ${bound} does not meet the evaluated objective ${ev.objective}`);
  }
  const result = buildResult(scenario, problem, ev, { status, bound, seconds: (now() - t0) / 1000, solver: useEngine ? "engine" : "heuristic", infeasible });
  if (h.infeasible) result.message = h.infeasible;
  ctx.report("done", result.objective ?? undefined, 1, true);
  return result;
}


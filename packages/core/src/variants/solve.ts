/**
 * Solving the variants (see variants/problem.ts): the heuristic and exact search on the existing
 * heuristics and engines (on a scaled or transformed instance where the variant needs one), and the
 * MIP path (the existing formulations on such an instance, or the models of cover-model.ts) for any
 * backend; p-dispersion has a search and a model of its own (dispersion*.ts, clique.ts). `solve`
 * loads this module on demand; `solveSync` imports it. Every answer is evaluated by `evaluate()`
 * before it is returned.
 */
import { lscpExact } from "../engine/cover.js";
import { mclpExact } from "../engine/mclp.js";
import { pmedianExact } from "../engine/pmedian.js";
import { siteDistanceFunction } from "../distance.js";
import { ScenarioError } from "../errors.js";
import { evaluate } from "../evaluate.js";
import { installVariants } from "./evaluate.js";
import { now, type RunContext } from "../heuristics/context.js";
import { lscpHeuristic, mclpHeuristic } from "../heuristics/cover.js";
import { pmedianHeuristic } from "../heuristics/pmedian.js";
import { buildInstance, type Instance } from "../instance.js";
import type { Backend, BackendSolution } from "../lp/backend.js";
import { formulate, incumbentFromOpen, precheck, specFromProblem } from "../lp/formulations.js";
import type { LinearModel } from "../lp/model.js";
import { buildNeighbors } from "../neighbors.js";
import { maximises, type Problem } from "../problem.js";
import { relativeGap, type Result, type Status } from "../result.js";
import type { Scenario } from "../scenario.js";
import { activeScenario, buildResult, type Prepared } from "../solve-common.js";
import { unreachedMessage } from "../solve-search.js";
import { backupSearch } from "./backup.js";
import { coverVariantStart, formulateCoverVariant } from "./cover-model.js";
import { positiveWeight, transformedInstance, transformOf } from "./decay.js";
import { closestPairs, dispersionHeuristic, type DispersionInput } from "./dispersion.js";
import { DISPERSION_EXACT_SITES, dispersionExact } from "./dispersion-exact.js";
import { DISPERSION_MIP_SITES, dispersionStart, formulateDispersion } from "./dispersion-model.js";
import { partialCover } from "./partial.js";
import { coverageInstance, radiusInstance } from "./radius.js";

type Kind = "cover" | "partial" | "backup" | "decay" | "dispersion";

function kindOf(pr: Problem): Kind {
  if (pr.type === "pdispersion") return "dispersion";
  if (pr.type === "attendance" || pr.type === "pmedian") return "decay";
  if (pr.backup) return "backup";
  if (pr.type === "lscp" && pr.coverage !== undefined) return "partial";
  return "cover";
}

/** Whether the variant's objective is maximised (and its bound an upper bound). */

const countsSites = (s: Scenario, pr: Problem) => (pr.objective ?? (s.hasCosts ? "cost" : "count")) === "count";

/** An answer on the instance it was found on (its sites in `sites` order). */
interface Answer {
  open: Uint8Array | null;
  bound: number | null;
  status: Status;
  message?: string;
}

/** `solve` for a variant: the search (heuristic, engine, and `auto` where an exact engine exists) or a MIP backend. */
export async function solveVariant(p: Prepared, load: (name: string) => Promise<Backend>): Promise<Result> {
  installVariants();
  const s = p.solver;
  if (s === "heuristic" || s === "engine" || (s === "auto" && kindOf(p.problem) !== "backup")) return searchVariant(p, s !== "heuristic");
  return mipVariant(p, typeof s === "string" ? await load(s === "auto" ? "highs" : s) : s);
}

/** `solveSync` for a variant: the search only (`auto` = the engine). */
export function solveVariantSync(p: Prepared): Result {
  installVariants();
  const s = p.solver;
  if (s === "heuristic" || s === "engine" || s === "auto") return searchVariant(p, s !== "heuristic");
  throw new ScenarioError([{ path: "options.solver", message: "MIP backends need the asynchronous solve()", value: typeof s === "string" ? s : s.name }], "invalid options");
}

function searchVariant(p: Prepared, exact: boolean): Result {
  if (p.problem.type === "pdispersion") return finish(p, p.scenario, dispersionSearch(p.scenario, p.problem.p, p.ctx, exact), exact ? "engine" : "heuristic");
  const active = activeScenario(p.scenario);
  const a = search(active, buildInstance(active), p.problem, p.ctx, p.shakes, exact);
  return finish(p, active, a, exact ? "engine" : "heuristic");
}

const ones = (open: Uint8Array) => open.reduce((s, v) => s + v, 0);

/** Weighted demand points whose sparse row lists no open site. */
function strandedPoints(inst: Instance, open: Uint8Array): number[] {
  const sp = inst.sparse;
  if (!sp) return [];
  const out: number[] = [];
  for (let i = 0; i < inst.n; i++) {
    if (!(inst.weight[i] > 0)) continue;
    let reached = false;
    for (let k = sp.ptr[i]; k < sp.ptr[i + 1] && !reached; k++) if (open[sp.site[k]]) reached = true;
    if (!reached) out.push(i);
  }
  return out;
}

/** The heuristic (or, `exact`, the engine) answer on an instance without forbidden sites. */
function search(active: Scenario, inst: Instance, pr: Problem, ctx: RunContext, shakes: number, exact: boolean): Answer {
  const limits = { p: pr.p ?? Infinity, budget: pr.budget ?? Infinity };
  const kind = kindOf(pr);
  if (kind === "decay") {
    const ti = transformedInstance(inst, transformOf(pr));
    const nb = buildNeighbors(ti);
    const h = pmedianHeuristic(ti, nb, limits, ctx, shakes);
    if (!h.open.some((v) => v === 1)) return { open: null, bound: null, status: "infeasible", message: `no site fits the budget ${pr.budget} and none exists` };
    const e = exact ? pmedianExact(ti, nb, limits, ctx, h.open, { shakes }) : null;
    const chosen = e ? e.open : h.open;
    if (pr.type === "pmedian" && inst.sparse) {
      // sparse costs: an answer that leaves a weighted point with no listed pair to an open site
      // used the penalty — proven infeasible when the engine proved it optimal
      const stranded = strandedPoints(inst, chosen);
      if (stranded.length) {
        const proven = e?.status === "optimal";
        return { open: null, bound: null, status: proven || !exact ? "infeasible" : "time_limit", message: unreachedMessage(active, stranded, ones(chosen), proven) };
      }
    }
    const lb = e ? e.bound : h.bound;
    const bound = lb === null ? null : pr.type === "attendance" ? positiveWeight(inst) - lb : lb;
    return { open: e ? e.open : h.open, bound, status: e?.status === "optimal" ? "optimal" : ctx.timedOut ? "time_limit" : "feasible" };
  }
  const { inst: ci, cov } = coverageInstance(active, inst, pr);
  const byCount = countsSites(active, pr);
  if (kind === "partial") {
    const r = partialCover(ci, cov, pr.coverage as number, ctx, { countSites: byCount, exact, shakes });
    if (r.status === "infeasible") return { open: null, bound: null, status: "infeasible", message: `the sites can cover at most less than the target ${pr.coverage} of the demand weight` };
    return { open: r.open, bound: r.bound, status: r.status };
  }
  if (pr.type === "mclp") {
    const h = mclpHeuristic(ci, cov, limits, ctx, shakes);
    const e = exact ? mclpExact(ci, cov, limits, ctx, h.open) : null;
    return { open: e ? e.open : h.open, bound: e ? e.bound : h.bound, status: e?.status === "optimal" ? "optimal" : ctx.timedOut ? "time_limit" : "feasible" };
  }
  // lscp: a cover of every point first
  const fewest = kind === "backup" && pr.p !== undefined ? true : byCount;
  const h = lscpHeuristic(ci, cov, ctx, { countSites: fewest });
  if (h.uncoverable.length) {
    const k = h.uncoverable.length;
    const ids = h.uncoverable.slice(0, 10).map((i) => active.demand[i].id);
    return { open: null, bound: null, status: "infeasible", message: `${k} demand point${k > 1 ? "s have" : " has"} no site within ${pr.radiusField ? "its" : ""} radius: ${ids.join(", ")}${k > 10 ? ", …" : ""}` };
  }
  const needExact = exact || (pr.p !== undefined && ones(h.open) > pr.p);
  const e = needExact ? lscpExact(ci, cov, ctx, h.open, { countSites: fewest }) : null;
  const cover = e ? e.open : h.open;
  if (kind === "cover") return { open: cover, bound: e ? e.bound : null, status: e?.status === "optimal" ? "optimal" : ctx.timedOut ? "time_limit" : "feasible" };
  // backup: at most p sites (or, without p, as few — or as cheap — as the cover), most weight covered twice
  let message: string | undefined;
  if (pr.p !== undefined) {
    if (ones(cover) > pr.p) {
      const proven = e?.status === "optimal";
      return { open: null, bound: null, status: proven ? "infeasible" : "time_limit", message: `${proven ? "the fewest" : "no cover found with at most p; the fewest found"} sites covering every point: ${ones(cover)} > p = ${pr.p}` };
    }
  } else {
    let cost = 0;
    for (let j = 0; j < ci.m; j++) if (cover[j] && !ci.existing[j]) cost += ci.cost[j];
    if (byCount) limits.p = ones(cover);
    else limits.budget = cost;
    message = `backup coverage among covers of every point with ${byCount ? `${limits.p} sites` : `cost ${cost}`} (${e?.status === "optimal" ? "the least" : "the least found, not proven least"})`;
  }
  const b = backupSearch(ci, cov, limits, cover, new Uint8Array(ci.m), ctx);
  return { open: b.open, bound: b.bound, status: ctx.timedOut ? "time_limit" : "feasible", ...(message ? { message } : {}) };
}

/** p-dispersion's sites: distances from their coordinates (a matrix for the exact search), existing fixed, forbidden closed. */
function dispersionInput(s: Scenario, p: number, matrix: boolean): DispersionInput & { mat: Float64Array | null } {
  const m = s.sites.length;
  const f = siteDistanceFunction(s);
  let mat: Float64Array | null = null;
  if (matrix) {
    mat = new Float64Array(m * m);
    for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) mat[j * m + k] = f(j, k);
  }
  const dist = mat ? (j: number, k: number) => (mat as Float64Array)[j * m + k] : f;
  return { m, dist, mat, p, fixed: Uint8Array.from(s.sites, (t) => (t.existing ? 1 : 0)), closed: Uint8Array.from(s.sites, (t) => (t.forbidden ? 1 : 0)) };
}

/** The p-dispersion heuristic, or (`exact`) the exact search from it, on the scenario's sites (forbidden ones closed). */
function dispersionSearch(s: Scenario, p: number, ctx: RunContext, exact: boolean): Answer {
  const small = s.sites.length <= DISPERSION_EXACT_SITES;
  const input = dispersionInput(s, p, exact && small);
  const h = dispersionHeuristic(input, ctx);
  const open = (status: Status, message?: string): Answer => ({ open: h.open, bound: null, status, ...(message ? { message } : {}) });
  if (!exact) return open(ctx.timedOut ? "time_limit" : "feasible");
  if (!input.mat) return open(ctx.timedOut ? "time_limit" : "feasible", `the exact p-dispersion search takes at most ${DISPERSION_EXACT_SITES} sites (here ${s.sites.length}): the heuristic's answer, not proven`);
  const e = dispersionExact(input.m, input.mat, input.fixed, input.closed, p, h.open, ctx);
  return { open: e.open, bound: e.bound, status: e.optimal ? "optimal" : ctx.timedOut ? "time_limit" : "feasible" };
}

/** Evaluates an answer found on `on` (same site ids as the scenario) and builds the result. */
function finish(p: Prepared, on: Scenario, a: Answer, solver: string): Result {
  const { scenario, problem, ctx, t0 } = p;
  const seconds = () => (now() - t0) / 1000;
  if (!a.open) {
    const ev = evaluate(scenario, problem, scenario.sites.filter((s) => s.existing).map((s) => s.id));
    const r = buildResult(scenario, problem, ev, { status: a.status, bound: null, seconds: seconds(), solver, infeasible: true });
    if (a.message) r.message = a.message;
    ctx.report("done", undefined, 1, true);
    return r;
  }
  const ids: string[] = [];
  for (let j = 0; j < on.sites.length; j++) if (a.open[j]) ids.push(on.sites[j].id);
  const ev = evaluate(scenario, problem, ids);
  if (!ev.feasible) throw new Error(`internal error: the ${solver} answer to the ${problem.type} variant fails evaluation: ${ev.violations.join("; ")}`);
  const max = maximises(problem);
  let bound = a.bound;
  if (bound !== null && (max ? bound < ev.objective : bound > ev.objective)) {
    if (relativeGap(ev.objective, bound) > 1e-9) throw new Error(`internal error: the ${problem.type} variant's bound ${bound} contradicts the evaluated objective ${ev.objective}`);
    bound = ev.objective;
  }
  const proven = bound !== null && relativeGap(ev.objective, bound) <= 1e-9;
  if (a.status === "optimal" && !proven) throw new Error(`internal error: the ${solver} claims optimality but its bound ${bound} does not meet the evaluated objective ${ev.objective}`);
  const status: Status = proven ? "optimal" : a.status === "optimal" ? "feasible" : a.status;
  const r = buildResult(scenario, problem, ev, { status, bound, seconds: seconds(), solver, infeasible: false });
  if (a.message) r.message = a.message;
  ctx.report("done", r.objective ?? undefined, 1, true);
  return r;
}

/** The MIP path: a model for the variant, warm-started from the heuristic, solved by the backend. */
async function mipVariant(p: Prepared, backend: Backend): Promise<Result> {
  const { scenario, problem: pr, ctx, t0 } = p;
  const m = scenario.sites.length;
  const closed = Uint8Array.from(scenario.sites, (s) => (s.forbidden ? 1 : 0));
  const kind = kindOf(pr);
  const remaining = () => (p.timeLimit === undefined ? undefined : Math.max(0.01, p.timeLimit - (now() - t0) / 1000));
  const run = async (model: LinearModel, incumbent: Float64Array | null): Promise<BackendSolution> => {
    ctx.report(backend.name, undefined, undefined, true);
    const sol = await backend.solve(model, { timeLimit: remaining(), signal: ctx.signal, ...(incumbent ? { incumbent } : {}) });
    if (sol.status === "error" || sol.status === "unbounded") throw new Error(`internal error: ${backend.name} failed (${sol.status}): ${sol.message ?? "no message"}`);
    return sol;
  };
  const openOf = (sol: BackendSolution, y: number) => Uint8Array.from({ length: m }, (_, j) => ((sol.x as Float64Array)[y + j] > 0.5 ? 1 : 0));
  const settle = (sol: BackendSolution, y: number, bound: number | null, message?: string): Result => {
    if (sol.status === "infeasible") return finish(p, scenario, { open: null, bound: null, status: "infeasible", message: `${backend.name} proved that no solution meets every constraint` }, backend.name);
    if (!sol.x) return finish(p, scenario, { open: null, bound: null, status: "time_limit", message: `${backend.name} found no feasible solution within the time limit` }, backend.name);
    const status: Status = sol.status === "optimal" ? "optimal" : sol.status === "time_limit" ? "time_limit" : "feasible";
    return finish(p, scenario, { open: openOf(sol, y), bound, status, ...(message ? { message } : {}) }, backend.name);
  };
  if (pr.type === "pdispersion") {
    const free = m - ones(closed);
    if (free > DISPERSION_MIP_SITES) {
      const message = `the p-dispersion MIP takes at most ${DISPERSION_MIP_SITES} sites that are not forbidden (here ${free}; one row per pair): use the engine (solver "engine" or "auto")`;
      throw new ScenarioError([{ path: "options.solver", message, value: backend.name }], "invalid options");
    }
    // the heuristic's value is the first level (the optimum is at least it), the existing sites' closest pair caps it
    const input = dispersionInput(scenario, pr.p, false);
    const h = dispersionHeuristic(input, ctx);
    const fixed: number[] = [];
    for (let j = 0; j < m; j++) if (input.fixed[j]) fixed.push(j);
    const f = formulateDispersion(input.dist, input.fixed, closed, pr.p, h.value, closestPairs(input.dist, fixed).d);
    const sol = await run(f.model, dispersionStart(f, h.open));
    return settle(sol, f.x, sol.bound);
  }
  // the heuristic's answer, mapped to the scenario's sites, starts the backend
  const inst = buildInstance(scenario);
  const active = activeScenario(scenario);
  const h = search(active, buildInstance(active), pr, ctx, Math.min(p.shakes, 10), false);
  let start: Uint8Array | null = null;
  if (h.open) {
    const at = new Map(scenario.sites.map((s, j) => [s.id, j]));
    start = new Uint8Array(m);
    for (let j = 0; j < active.sites.length; j++) if (h.open[j]) start[at.get(active.sites[j].id) as number] = 1;
  }
  if (kind === "decay" || kind === "cover") {
    const { inst: ti, radius } = kind === "decay" ? { inst: transformedInstance(inst, transformOf(pr)), radius: undefined } : radiusInstance(scenario, inst, pr);
    // attendance on sparse costs: a pair not listed is a valid assignment that attends nothing
    // (cost t(∞) = 1), so the model reads every pair through dist rather than only the listed ones
    const mi = pr.type === "attendance" && ti.sparse ? { ...ti, sparse: null } : ti;
    const spec = specFromProblem(scenario, kind === "decay" ? { type: "pmedian", p: pr.p, budget: pr.budget } : { ...(pr as Problem & { type: "lscp" | "mclp" }), radius });
    const pre = precheck(mi, spec, { demand: (i) => scenario.demand[i].id, site: (j) => scenario.sites[j].id });
    if (!pre.feasible) return finish(p, scenario, { open: null, bound: null, status: "infeasible", message: pre.reasons.map((r) => r.message).join("; ") }, backend.name);
    const f = formulate(mi, spec);
    const sol = await run(f.model, start ? incumbentFromOpen(mi, f, start) : null);
    const bound = sol.bound === null ? null : pr.type === "attendance" ? positiveWeight(inst) - sol.bound : sol.bound;
    return settle(sol, f.y, bound);
  }
  const { inst: ci, cov } = coverageInstance(scenario, inst, pr);
  if (kind === "partial") {
    const f = formulateCoverVariant(ci, cov, closed, { kind: "partial", share: pr.coverage as number, countSites: countsSites(scenario, pr) });
    const sol = await run(f.model, start ? coverVariantStart(f, cov, start, false) : null);
    return settle(sol, f.y, sol.bound);
  }
  // backup: without p, the least cover first (count or cost), then the most backup within it
  const limits: { p?: number; budget?: number } = pr.p !== undefined ? { p: pr.p } : {};
  let message: string | undefined;
  if (pr.p === undefined) {
    const byCount = countsSites(scenario, pr);
    const { radius } = radiusInstance(scenario, inst, pr);
    const spec = specFromProblem(scenario, { type: "lscp", radius, objective: byCount ? "count" : "cost" });
    const f1 = formulate(ci, spec);
    const s1 = await run(f1.model, null);
    if (!s1.x) return settle(s1, f1.y, null);
    const cover = openOf(s1, f1.y);
    let cost = 0;
    for (let j = 0; j < m; j++) if (cover[j] && !inst.existing[j]) cost += inst.cost[j];
    if (byCount) limits.p = ones(cover);
    else limits.budget = cost;
    message = `backup coverage among covers of every point with ${byCount ? `${limits.p} sites` : `cost ${cost}`} (${s1.status === "optimal" ? "the least" : "the least found, not proven least"})`;
    if (!start || ones(start) > ones(cover)) start = cover;
  }
  const f = formulateCoverVariant(ci, cov, closed, { kind: "backup", ...limits });
  const sol = await run(f.model, start ? coverVariantStart(f, cov, start, true) : null);
  return settle(sol, f.y, sol.bound, message);
}

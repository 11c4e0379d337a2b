/**
 * Several services on shared sites: each service is its own cflp (demand, standard, reach, radius,
 * coverage, minimum use, sizes) on the same candidate sites; a site pays its site cost (land) once
 * when any service opens there. Solved jointly as one MIP — the services' cflp formulations side by
 * side, a binary u_j ≥ y^s_j per site and service, Σ siteCost_j u_j in the objective — and each
 * service alone (paying the site cost itself) to report what sharing saves.
 */
import { IssueList, ScenarioError } from "../errors.js";
import { abortError, now, RunContext, type Progress } from "../heuristics/context.js";
import { buildInstance } from "../instance.js";
import type { Backend } from "../lp/backend.js";
import { addCflpTo, decodeCflp, writeCflpSolution, type CflpColumns } from "../lp/cflp.js";
import { maxViolation, ModelBuilder } from "../lp/model.js";
import { parseScenario } from "../parse.js";
import { parseProblem, type Problem } from "../problem.js";
import { relativeGap, type Result, type Status } from "../result.js";
import { isScenario, type Scenario } from "../scenario.js";
import { loadBackend, type SolveOptions } from "../solve.js";
import type { CflpEvaluation } from "./evaluate.js";
import { buildCflpModel, type CflpModel } from "./model.js";
import { precheckCflp } from "./precheck.js";
import { newSiteCount } from "./site-count.js";
import { cflpResult, evaluateSolution } from "./result.js";
import type { CflpSolution } from "./types.js";

/** One service: its cflp (`type: "cflp"`, a coverage target or none, no budget) and its demand. */
export interface Service {
  name: string;
  problem: Problem;
  /** The demand field that holds this service's weights (default: the points' `weight`). */
  demand?: string;
}

export interface ServicesCost {
  /** The cost of using a site at all (land), paid once however many services open there: one number, or a numeric site field (`"cost"`: the sites' `cost`). */
  siteCost: number | string;
}

export interface ServiceAnswer {
  name: string;
  /** The service's answer on its own demand (weights from its `demand` field), checked by `evaluate()`. */
  result: Result;
  /**
   * Joint: its objective (the cost of its sizes + its distance cost; `result.objective`). Alone:
   * that plus the site costs of the new sites it opens.
   */
  cost: number;
  /** The site costs of the new sites it opens (joint: shared with the other services there). */
  siteCost: number;
}

export interface ServicesResult {
  /** The joint answer, per service. */
  services: ServiceAnswer[];
  /** Each service solved alone, paying the site cost of every new site it opens. */
  alone: ServiceAnswer[];
  /** New sites opened by two or more services. */
  sharedSites: string[];
  /** Every new site opened by some service (its site cost paid once). */
  sites: string[];
  /** Σ site cost over `sites`. */
  siteCost: number;
  /** The joint cost, recomputed from the answers: `siteCost` + Σ the services' costs. */
  cost: number;
  /** Σ the alone costs. */
  aloneCost: number;
  /** aloneCost − cost (≥ 0). */
  saving: number;
  status: Status;
  /** Proven lower bound on the joint cost, and the gap of `cost` to it. */
  bound: number | null;
  gap: number | null;
  /** The status of the alone solves (the worst of them). */
  aloneStatus: Status;
  seconds: number;
  solver: string;
  message?: string;
}

interface Prepared {
  name: string;
  scenario: Scenario;
  problem: Problem;
  md: CflpModel;
  /** The new-site count row's right-hand side (`newSiteCount`). */
  count: number;
}

/** The scenario with a service's weights (a demand field) in place of `weight`. */
function withWeights(scenario: Scenario, field: string | undefined, path: string, issues: IssueList): Scenario {
  if (field === undefined || field === "weight") return scenario;
  let bad = 0;
  const demand = scenario.demand.map((d, i) => {
    const v = d.properties[field];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      if (bad++ < 20) issues.add(`demand[${i}].${field}`, `expected a finite number ≥ 0 (${path} reads it)`, v);
      return d;
    }
    return { ...d, weight: v };
  });
  return { ...scenario, demand };
}

/** Per site: its site cost (0 for existing and forbidden sites). */
function siteCosts(scenario: Scenario, siteCost: number | string, issues: IssueList): Float64Array {
  const m = scenario.sites.length;
  const c = new Float64Array(m);
  if (typeof siteCost === "number") {
    if (!Number.isFinite(siteCost) || siteCost < 0) issues.add("siteCost", "expected a finite number ≥ 0 or a site field name", siteCost);
    else scenario.sites.forEach((s, j) => (c[j] = s.existing || s.forbidden ? 0 : siteCost));
    return c;
  }
  if (typeof siteCost !== "string" || siteCost === "") {
    issues.add("siteCost", "expected a finite number ≥ 0 or a site field name", siteCost);
    return c;
  }
  let bad = 0;
  scenario.sites.forEach((s, j) => {
    if (s.existing || s.forbidden) return;
    const v = siteCost === "cost" ? s.cost : s.properties[siteCost];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      if (bad++ < 20) issues.add(`sites[${j}].${siteCost}`, "expected a finite number ≥ 0 (siteCost reads it)", v);
    } else c[j] = v;
  });
  return c;
}

function prepare(scenario: Scenario, services: readonly Service[]): Prepared[] {
  const issues = new IssueList();
  if (!Array.isArray(services) || services.length === 0) {
    issues.add("services", "expected a non-empty list of services {name, problem, demand?}", services);
    issues.throwIfAny("invalid services");
  }
  const names = new Set<string>();
  const out: Prepared[] = [];
  services.forEach((svc, k) => {
    const at = `services[${k}]`;
    if (typeof svc?.name !== "string" || svc.name === "") issues.add(`${at}.name`, "expected a name", svc?.name);
    else if (names.has(svc.name)) issues.add(`${at}.name`, "two services have this name", svc.name);
    else names.add(svc.name);
    const p = svc?.problem as Problem | undefined;
    if (p?.type !== "cflp") issues.add(`${at}.problem.type`, 'expected "cflp"', p?.type);
    else if (p.budget !== undefined) issues.add(`${at}.problem.budget`, "services minimise their joint cost: give each a coverage target, not a budget", p.budget);
    const sc = withWeights(scenario, svc?.demand, `${at}.demand`, issues);
    if (issues.size > 0 || p?.type !== "cflp") return;
    try {
      const problem = parseProblem(p, sc);
      const md = buildCflpModel(buildInstance(sc), sc, problem);
      out.push({ name: svc.name, scenario: sc, problem, md, count: newSiteCount(md, new RunContext()) });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      for (const is of e.issues) issues.items.push({ ...is, path: is.path.startsWith("problem") ? `${at}.${is.path}` : is.path });
    }
  });
  issues.throwIfAny("invalid services");
  return out;
}

/** The joint (or, with one service, the alone) MIP: the services' cflps and the shared site variables. */
function formulate(svcs: readonly Prepared[], cost: Float64Array, m: number) {
  const b = new ModelBuilder("min");
  const cols: CflpColumns[] = svcs.map((s, k) => addCflpTo(b, s.md, svcs.length > 1 ? `s${k}.` : "", s.count));
  const u = b.addVars("u", m, { lower: 0, upper: 1, integer: true, cost });
  const linked = new Uint8Array(m);
  for (let j = 0; j < m; j++) for (const s of svcs) if (!s.md.existing[j] && !s.md.closed[j] && s.md.optPtr[j + 1] > s.md.optPtr[j]) linked[j] = 1;
  for (let j = 0; j < m; j++) if (!linked[j]) b.setBounds(u + j, 0, 0);
  b.rows("share");
  svcs.forEach((s, k) => {
    for (let j = 0; j < m; j++) if (linked[j] && !s.md.existing[j] && !s.md.closed[j]) b.term(cols[k].y + j, 1).term(u + j, -1).endRow(-Infinity, 0);
  });
  return { model: b.build(), cols, u };
}

/** A starting point for the joint model from per-service solutions; null when it violates the model. */
function incumbentOf(f: ReturnType<typeof formulate>, svcs: readonly Prepared[], sols: readonly CflpSolution[]): Float64Array | null {
  const xv = new Float64Array(f.model.numCols);
  svcs.forEach(({ md }, k) => {
    writeCflpSolution(md, f.cols[k], sols[k], xv);
    // a site any service opens is in use
    for (let j = 0; j < md.m; j++) if (sols[k].option[j] >= 0 && !md.existing[j] && f.model.colUpper[f.u + j] > 0) xv[f.u + j] = 1;
  });
  return maxViolation(f.model, xv).max <= 1e-7 ? xv : null;
}

interface Outcome {
  status: Status | "infeasible";
  sols: CflpSolution[] | null;
  bound: number | null;
  message?: string;
}

const WORST: Status[] = ["infeasible", "time_limit", "feasible", "optimal"];
const worst = (a: Status, b: Status): Status => (WORST.indexOf(a) <= WORST.indexOf(b) ? a : b);

/**
 * Solves several cflp services on shared candidate sites: the least total cost of sizes (and
 * distance costs) plus `siteCost` once per site any service opens, every service meeting its own
 * rules. `options`: `solver` a MIP backend name (`highs`, the default; `glpk`, `lp-solver`;
 * `auto`/`exact` = highs) or a `Backend`; `timeLimit` applies to each MIP solved (the alone solves,
 * then the joint one); `signal`, `onProgress`. Every per-service answer is re-checked by
 * `evaluate()` and the costs are recomputed from the answers, never taken from the solver.
 */
export async function solveServices(scenarioIn: Scenario | unknown, services: readonly Service[], costs: ServicesCost, options: SolveOptions = {}): Promise<ServicesResult> {
  const t0 = now();
  const scenario = isScenario(scenarioIn) ? scenarioIn : parseScenario(scenarioIn);
  const svcs = prepare(scenario, services);
  const issues = new IssueList();
  const sc = siteCosts(scenario, costs?.siteCost as number | string, issues);
  const solver = options.solver ?? "highs";
  if (solver === "engine" || solver === "heuristic") issues.add("options.solver", "several services are solved as one MIP: give a MIP backend (highs, glpk, lp-solver) or a Backend", solver);
  if (options.timeLimit !== undefined && !(options.timeLimit > 0)) issues.add("options.timeLimit", "expected a number of seconds > 0", options.timeLimit);
  issues.throwIfAny("invalid services");
  const backend: Backend = typeof solver === "string" ? await loadBackend(solver === "auto" ? "highs" : solver) : solver;
  const m = scenario.sites.length;
  const { signal, onProgress } = options;
  const report = (phase: string, fraction: number) => {
    if (onProgress) onProgress({ phase, fraction, seconds: (now() - t0) / 1000 } satisfies Progress);
  };
  const names = (s: Prepared) => ({ demand: (i: number) => s.scenario.demand[i].id, site: (j: number) => s.scenario.sites[j].id });

  const runMip = async (group: Prepared[], start: CflpSolution[] | null): Promise<Outcome> => {
    if (signal?.aborted) throw abortError(signal);
    const f = formulate(group, sc, m);
    const incumbent = start ? (incumbentOf(f, group, start) ?? undefined) : undefined;
    const sol = await backend.solve(f.model, { timeLimit: options.timeLimit, signal, incumbent });
    if (sol.status === "infeasible") return { status: "infeasible", sols: null, bound: null, message: `${backend.name} proved that no solution meets every constraint` };
    if (sol.status === "error" || sol.status === "unbounded") throw new Error(`internal error: ${backend.name} failed (${sol.status}): ${sol.message ?? "no message"}`);
    const status: Status = sol.status === "optimal" ? "optimal" : sol.status === "time_limit" ? "time_limit" : "feasible";
    if (!sol.x) return { status: "time_limit", sols: null, bound: sol.bound, message: `${backend.name} found no feasible solution within the time limit` };
    const xv = sol.x;
    return { status, sols: group.map((s, k) => decodeCflp(s.md, f.cols[k], xv)), bound: sol.bound };
  };

  /** The answers checked by evaluate(), with their costs recomputed: Σ site costs once per site + Σ objectives. */
  const assess = (group: Prepared[], sols: CflpSolution[]) => {
    const evs: CflpEvaluation[] = group.map((s, k) => {
      const ev = evaluateSolution(s.scenario, s.problem, sols[k]);
      if (!ev.feasible) throw new Error(`internal error: ${backend.name}'s answer for service ${s.name} fails evaluation: ${ev.violations.join("; ")}`);
      return ev;
    });
    const users = new Int32Array(m);
    for (const ev of evs) for (const j of ev.open) if (!scenario.sites[j].existing) users[j]++;
    let site = 0;
    for (let j = 0; j < m; j++) if (users[j] > 0) site += sc[j];
    const own = evs.map((ev) => ev.objective);
    const total = site + own.reduce((a, b) => a + b, 0);
    return { evs, users, site, own, total };
  };

  const sharedCost = (ev: CflpEvaluation) => ev.open.reduce((acc, j) => acc + sc[j], 0);

  const fail = (status: Status, message: string, aloneStatus: Status = status): ServicesResult => ({
    services: svcs.map((s) => ({ name: s.name, result: cflpResult(s.scenario, s.problem, null, { status, bound: null, seconds: (now() - t0) / 1000, solver: backend.name, message }), cost: NaN, siteCost: NaN })),
    alone: [],
    sharedSites: [],
    sites: [],
    siteCost: 0,
    cost: NaN,
    aloneCost: NaN,
    saving: NaN,
    status,
    bound: null,
    gap: null,
    aloneStatus,
    seconds: (now() - t0) / 1000,
    solver: backend.name,
    message,
  });

  // what rules out a service before any solve
  for (const s of svcs) {
    const reasons = precheckCflp(s.md, names(s));
    if (reasons.length) return fail("infeasible", `service ${s.name}: ${reasons.map((r) => r.message).join("; ")}`);
  }

  // each service alone, paying the site cost of the sites it opens
  const total = svcs.length + 1;
  const alone: ServiceAnswer[] = [];
  const aloneSols: CflpSolution[] = [];
  let aloneStatus: Status = "optimal";
  for (let k = 0; k < svcs.length; k++) {
    const s = svcs[k];
    report(`services: ${s.name} alone`, k / total);
    const out = await runMip([s], null);
    if (!out.sols) return fail(out.status === "infeasible" ? "infeasible" : "time_limit", `service ${s.name}: ${out.message}`, out.status);
    const a = assess([s], out.sols);
    const seconds = (now() - t0) / 1000;
    let status = out.status as Status;
    if (status === "optimal" && out.bound !== null && relativeGap(a.total, out.bound) > 1e-6) status = "feasible";
    aloneStatus = worst(aloneStatus, status);
    const result = cflpResult(s.scenario, s.problem, a.evs[0], { status, bound: null, seconds, solver: backend.name });
    alone.push({ name: s.name, result, cost: a.total, siteCost: a.site });
    aloneSols.push(out.sols[0]);
  }
  const aloneCost = alone.reduce((acc, a) => acc + a.cost, 0);

  // jointly, from the alone answers (together they are a feasible joint answer)
  report("services: joint", svcs.length / total);
  const joint = await runMip(svcs, aloneSols);
  let sols = joint.sols;
  let status: Status = joint.status as Status;
  let bound = joint.bound;
  let message = joint.message;
  if (!sols) {
    // the time limit hit before the solver found anything: the alone answers are a joint answer
    sols = aloneSols;
    status = joint.status === "infeasible" ? "infeasible" : "time_limit";
    if (status === "infeasible") throw new Error(`internal error: ${backend.name} found the joint model infeasible although every service alone is feasible`);
    message = `${message}; the answer is the services' alone answers`;
  }
  let a = assess(svcs, sols);
  const fromAlone = assess(svcs, aloneSols);
  if (fromAlone.total < a.total - 1e-9 * Math.max(1, Math.abs(a.total))) {
    // a proven optimum cannot be beaten beyond the tolerances
    if (status === "optimal" && relativeGap(a.total, fromAlone.total) > 1e-6) throw new Error(`internal error: the joint optimum ${a.total} is above the alone answers' joint cost ${fromAlone.total}`);
    sols = aloneSols;
    a = fromAlone;
  }
  if (bound !== null && bound > a.total) {
    if (relativeGap(a.total, bound) > 1e-6) throw new Error(`internal error: the joint bound ${bound} contradicts the recomputed cost ${a.total}`);
    bound = a.total;
  }
  if (status === "optimal" && (bound === null || relativeGap(a.total, bound) > 1e-6)) status = "feasible";
  const seconds = (now() - t0) / 1000;
  const answers: ServiceAnswer[] = svcs.map((s, k) => ({
    name: s.name,
    result: cflpResult(s.scenario, s.problem, a.evs[k], { status, bound: null, seconds, solver: backend.name }),
    cost: a.own[k],
    siteCost: sharedCost(a.evs[k]),
  }));
  const sites: string[] = [];
  const shared: string[] = [];
  for (let j = 0; j < m; j++) {
    if (a.users[j] > 0) sites.push(scenario.sites[j].id);
    if (a.users[j] > 1) shared.push(scenario.sites[j].id);
  }
  report("services: done", 1);
  const res: ServicesResult = {
    services: answers,
    alone,
    sharedSites: shared,
    sites,
    siteCost: a.site,
    cost: a.total,
    aloneCost,
    saving: aloneCost - a.total,
    status,
    bound,
    gap: bound !== null ? relativeGap(a.total, bound) : null,
    aloneStatus,
    seconds,
    solver: backend.name,
  };
  if (message) res.message = message;
  return res;
}

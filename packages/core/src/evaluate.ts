import KDBush from "kdbush";
import { IssueList } from "./errors.js";
import { distanceFunction } from "./distance.js";
import { localProjection } from "./geo.js";
import { demandUnitsOf } from "./units.js";
import { evaluateCflp, type CflpEvaluation, type ShareInput } from "./cflp/evaluate.js";
import { readOpenSites, siteModules } from "./sizes.js";
import { isVariant } from "./variants/problem.js";
import { variantEvaluation } from "./variants/hook.js";
import { equityOf, type Equity } from "./equity.js";

export { siteModules };

export { demandUnitsOf };
import type { Problem } from "./problem.js";
import type { Scenario } from "./scenario.js";

/** What an independent evaluation of a set of open sites finds. */
export interface Evaluation {
  /** The problem's objective (see `Problem`): LSCP sites or cost, MCLP covered weight, p-median Σ w·d, p-center max d. */
  objective: number;
  feasible: boolean;
  /** Human-readable violated constraints; empty when feasible. */
  violations: string[];
  coverage: { covered: number; total: number; fraction: number };
  /** Open site indices, ascending. */
  open: number[];
  openCount: number;
  /** Total cost of the open non-existing sites (0 when the scenario has no costs). */
  newCost: number;
  /** Per demand point: index of the serving site — the nearest open one (ties → lowest index), or the given assignment when capacitated — (-1 if none) and its distance. */
  nearest: Int32Array;
  distance: Float64Array;
  /** Per demand point: 1 when within the radius of an open site (always 1 without a radius, when served). */
  covered: Uint8Array;
  /** Largest distance to the nearest open site over demand points with weight > 0. */
  maxDistance: number;
  /** Weighted mean distance (Σ w·d / Σ w). */
  meanDistance: number;
  /** Per site: demand weight whose nearest open site it is, and the part of it within the radius. */
  load: Float64Array;
  coveredLoad: Float64Array;
  /** Capacitated problems: demand units served per site; null otherwise. */
  unitLoad: Float64Array | null;
  /**
   * How evenly the demand weight is served (see `Equity`): share beyond the radius (cflp: the
   * radius, else the reach), mean distance of the worst-served 10 %, Gini of distance, largest
   * distance. Unserved points count at their nearest open site. Null when no site is open.
   */
  equity: Equity | null;
  /** cflp: the full evaluation (sizes, capacities, minimums, shares). */
  cflp?: CflpEvaluation;
}

/** Extra input for capacitated problems, where the assignment is part of the answer. */
export interface EvaluateOptions {
  /**
   * Per demand point, the id of the site serving it, or null when unserved. Used (and required)
   * when the problem is capacitated; uncapacitated problems always assign to the nearest open site.
   */
  assignment?: readonly (string | null)[];
  /** Per open site with size modules: the index of the module it is opened at (cflp: an existing site's expansion). */
  modules?: Readonly<Record<string, number>>;
  /** cflp with split demand (`singleSource: false`): per demand point, the sites serving it and their shares. */
  shares?: readonly (readonly ShareInput[] | null)[];
}

/**
 * Evaluates open sites (by id) for a problem, from the scenario's own data: distances are
 * recomputed here, not taken from any solver. Unknown or repeated ids throw `ScenarioError`.
 * Capacitated problems also check the given assignment: served only by open sites, within the
 * radius for LSCP/MCLP, every unit served for LSCP/p-median, and site loads (in demand units)
 * within the capacity of the site or of its chosen size module.
 */
export function evaluate(scenario: Scenario, problem: Problem, open: readonly string[], opts: EvaluateOptions = {}): Evaluation {
  if (problem.type === "cflp") return fromCflp(evaluateCflp(scenario, problem, open, opts));
  if (problem.type === "attendance" || problem.type === "pdispersion" || isVariant(problem)) return variantEvaluation(scenario, problem, open, opts);
  const m = scenario.sites.length;
  const n = scenario.demand.length;
  const issues = new IssueList();
  const cap = problem.capacitated === true;
  // sizes are part of the answer only for capacitated problems
  const { byId, isOpen, module: moduleOf } = readOpenSites(scenario, problem, open, cap ? opts.modules : undefined, issues);
  if (cap && (!opts.assignment || opts.assignment.length !== n)) {
    issues.add("assignment", `expected one site id (or null) per demand point (${n})`, opts.assignment ? `${opts.assignment.length} entries` : undefined);
  }
  issues.throwIfAny("invalid solution");
  const openIdx: number[] = [];
  for (let j = 0; j < m; j++) if (isOpen[j]) openIdx.push(j);

  const dist = distanceFunction(scenario);
  const nearest = new Int32Array(n).fill(-1);
  const distance = new Float64Array(n).fill(Infinity);
  const violations: string[] = [];
  if (cap) {
    const given = opts.assignment as readonly (string | null)[];
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const id = given[i];
      if (id === null || id === undefined) continue;
      const j = byId.get(String(id));
      if (j === undefined || !isOpen[j]) {
        if (bad++ < 5) violations.push(`demand point ${scenario.demand[i].id} is assigned to ${j === undefined ? "unknown" : "closed"} site ${id}`);
        continue;
      }
      nearest[i] = j;
      distance[i] = dist(i, j);
    }
  } else nearestOpen(scenario, openIdx, dist, nearest, distance);

  const radius = problem.radius;
  const units = cap ? demandUnitsOf(scenario, problem) : null;
  const covered = new Uint8Array(n);
  const load = new Float64Array(m);
  const coveredLoad = new Float64Array(m);
  const unitLoad = new Float64Array(m);
  let total = 0;
  let coveredW = 0;
  let sumWD = 0;
  let maxD = 0;
  let uncoveredPositive = 0;
  let firstUncovered = "";
  let unserved = 0;
  let firstUnserved = "";
  let beyond = 0;
  let unreachable = 0;
  let firstUnreachable = "";
  for (let i = 0; i < n; i++) {
    const w = scenario.demand[i].weight;
    total += w;
    const j = nearest[i];
    if (j < 0) {
      if (cap && (units as Float64Array)[i] > 0 && problem.type !== "mclp") {
        if (unserved++ === 0) firstUnserved = scenario.demand[i].id;
      }
      if (w > 0 && problem.type === "lscp" && cap) {
        if (uncoveredPositive++ === 0) firstUncovered = scenario.demand[i].id;
      }
      // uncapacitated: no open site is reachable at all (sparse costs list no pair to one)
      if (!cap && w > 0 && openIdx.length > 0 && (problem.type === "lscp" || problem.type === "pmedian" || problem.type === "pcenter")) {
        if (unreachable++ === 0) firstUnreachable = scenario.demand[i].id;
      }
      continue;
    }
    const d = distance[i];
    const cov = radius === undefined || d <= radius;
    load[j] += w;
    if (units) unitLoad[j] += units[i];
    if (cov) {
      covered[i] = 1;
      coveredW += w;
      coveredLoad[j] += w;
    } else if (cap && problem.type !== "pmedian") beyond++;
    sumWD += w * d;
    if (w > 0 && d > maxD) maxD = d;
    if (w > 0 && !cov) {
      if (uncoveredPositive === 0) firstUncovered = scenario.demand[i].id;
      uncoveredPositive++;
    }
  }
  let newCost = 0;
  for (const j of openIdx) {
    const s = scenario.sites[j];
    if (s.existing) continue;
    const mods = siteModules(s, problem);
    newCost += mods && moduleOf[j] >= 0 ? mods[moduleOf[j]].cost : (s.cost ?? (mods ? NaN : 0));
  }
  for (let j = 0; j < m; j++) {
    const s = scenario.sites[j];
    if (s.existing && !isOpen[j]) violations.push(`existing site ${s.id} is not open`);
    if (s.forbidden && isOpen[j]) violations.push(`forbidden site ${s.id} is open`);
    if (!cap || !isOpen[j]) continue;
    const mods = siteModules(s, problem);
    if (mods && moduleOf[j] < 0) violations.push(`open site ${s.id} has size modules but none is chosen`);
    const capacity = mods && moduleOf[j] >= 0 ? mods[moduleOf[j]].capacity : (s.capacity ?? Infinity);
    if (unitLoad[j] > capacity * (1 + 1e-9) + 1e-9) violations.push(`site ${s.id} serves ${unitLoad[j]} units, more than its capacity ${capacity}`);
  }
  if (problem.p !== undefined && openIdx.length > problem.p) violations.push(`${openIdx.length} sites open, more than p = ${problem.p}`);
  if (problem.budget !== undefined && !(newCost <= problem.budget * (1 + 1e-12) + 1e-9)) violations.push(`cost ${newCost} exceeds the budget ${problem.budget}`);
  if (openIdx.length === 0 && problem.type !== "mclp") violations.push("no site is open");
  if (unserved > 0) violations.push(`${unserved} demand point${unserved > 1 ? "s" : ""} with demand units not served (first: ${firstUnserved})`);
  if (unreachable > 0)
    violations.push(`${unreachable} demand point${unreachable > 1 ? "s" : ""} with weight > 0 reach${unreachable > 1 ? "" : "es"} no open site (first: ${firstUnreachable})`);
  if (beyond > 0) violations.push(`${beyond} demand point${beyond > 1 ? "s are" : " is"} assigned to a site beyond the radius ${radius}`);
  if (problem.type === "lscp" && uncoveredPositive > 0)
    violations.push(`${uncoveredPositive} demand point${uncoveredPositive > 1 ? "s" : ""} with weight > 0 not covered within ${radius} (first: ${firstUncovered})`);

  const equity = openIdx.length ? pointEquity(scenario, openIdx, dist, nearest, distance, radius) : null;

  let anyPositive = false;
  for (const d of scenario.demand) if (d.weight > 0) anyPositive = true;
  let objective: number;
  switch (problem.type) {
    case "lscp":
      objective = (problem.objective ?? (scenario.hasCosts || problem.modules ? "cost" : "count")) === "cost" ? newCost : openIdx.length;
      break;
    case "mclp":
      objective = coveredW;
      break;
    case "pmedian":
      objective = openIdx.length ? sumWD : Infinity;
      break;
    case "pcenter":
      objective = openIdx.length ? (anyPositive ? maxD : 0) : Infinity;
      break;
  }
  return {
    objective,
    feasible: violations.length === 0,
    violations,
    coverage: { covered: coveredW, total, fraction: total > 0 ? coveredW / total : 1 },
    open: openIdx,
    openCount: openIdx.length,
    newCost,
    nearest,
    distance,
    covered,
    maxDistance: openIdx.length ? maxD : Infinity,
    meanDistance: total > 0 ? sumWD / total : 0,
    load,
    coveredLoad,
    unitLoad: units ? unitLoad : null,
    equity,
  };
}

/** Equity over the demand points at their serving site's distance; unserved ones at their nearest open site, beyond the radius. */
function pointEquity(s: Scenario, open: number[], dist: (i: number, j: number) => number, nearest: Int32Array, distance: Float64Array, radius: number | undefined): Equity {
  const n = s.demand.length;
  const weight = new Float64Array(n);
  let unserved = false;
  for (let i = 0; i < n; i++) {
    weight[i] = s.demand[i].weight;
    if (nearest[i] < 0 && weight[i] > 0) unserved = true;
  }
  if (!unserved) return equityOf(distance, weight, radius ?? null);
  const near = new Int32Array(n);
  const d = new Float64Array(n);
  nearestOpen(s, open, dist, near, d);
  const served = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (nearest[i] < 0) continue;
    served[i] = 1;
    d[i] = distance[i];
  }
  return equityOf(d, weight, radius ?? null, served);
}

/** Nearest open site per demand point: brute force for few open sites, else a kd-tree over them. */
function nearestOpen(s: Scenario, open: number[], dist: (i: number, j: number) => number, nearest: Int32Array, distance: Float64Array): void {
  const n = s.demand.length;
  const scan = (i: number, cands: ArrayLike<number>) => {
    let best = -1;
    let bd = Infinity;
    for (let k = 0; k < cands.length; k++) {
      const j = cands[k];
      const d = dist(i, j);
      if (d < bd || (d === bd && j < best)) {
        bd = d;
        best = j;
      }
    }
    nearest[i] = best;
    distance[i] = bd;
  };
  if (open.length <= 64 || s.costs || s.coords === "none") {
    for (let i = 0; i < n; i++) scan(i, open);
    return;
  }
  // Planar kd-tree on (projected) coordinates; a disc that holds some open site at planar radius r
  // holds the exact-nearest one within r·g, g bounding the metric's distortion against the plane.
  const lonlat = s.coords === "lonlat";
  const proj = lonlat ? localProjection([...s.demand.map((d) => d.x), ...s.sites.map((t) => t.x)], [...s.demand.map((d) => d.y), ...s.sites.map((t) => t.y)]) : null;
  const px = (x: number) => (proj ? (x - proj.lon0) * proj.kx : x);
  const py = (y: number) => (proj ? (y - proj.lat0) * proj.ky : y);
  const tree = new KDBush(open.length, 64, Float64Array);
  for (const j of open) tree.add(px(s.sites[j].x), py(s.sites[j].y));
  tree.finish();
  const g = s.metric === "manhattan" ? Math.SQRT2 : proj && s.metric === "haversine" ? proj.inflation * proj.inflation : 1;
  const cands: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = px(s.demand[i].x);
    const y = py(s.demand[i].y);
    let r = 1;
    let found = tree.within(x, y, r);
    while (found.length === 0) {
      r *= 4;
      found = tree.within(x, y, r);
    }
    // the nearest found at planar distance ≤ r; every site at exact distance below its exact
    // distance lies within planar r·g·g of the query
    let rr = 0;
    for (const k of found) {
      const t = s.sites[open[k]];
      const d = Math.hypot(px(t.x) - x, py(t.y) - y);
      if (d > rr) rr = d;
    }
    const all = tree.within(x, y, Math.max(rr, 1e-12) * g * g * 1.000001);
    cands.length = 0;
    for (const k of all) cands.push(open[k]);
    scan(i, cands);
  }
}

/** The common evaluation fields from a cflp evaluation (which stays attached as `cflp`). */
function fromCflp(ev: CflpEvaluation): Evaluation {
  const n = ev.nearest.length;
  const covered = new Uint8Array(n);
  for (let i = 0; i < n; i++) covered[i] = ev.coveredShare[i] >= 1 - 1e-9 ? 1 : 0;
  return {
    objective: ev.objective,
    feasible: ev.feasible,
    violations: ev.violations,
    coverage: ev.coverage,
    open: ev.open,
    openCount: ev.open.length,
    newCost: ev.newCost,
    nearest: ev.nearest,
    distance: ev.distance,
    covered,
    maxDistance: ev.open.length ? ev.maxDistance : Infinity,
    meanDistance: ev.coverage.total > 0 ? ev.sumWD / ev.coverage.total : 0,
    load: ev.load,
    coveredLoad: ev.coveredLoad,
    unitLoad: ev.unitLoad,
    equity: ev.open.length ? ev.equity : null,
    cflp: ev,
  };
}

/**
 * Exhaustive oracle (and an answer checker) for the capacitated facility-location problem
 * `type: "cflp"`, written from the model's statement only — nothing of the library's cflp code,
 * formulations, evaluation or distance code is used. Meant for tiny instances (n ≤ 7 demand
 * points, m ≤ 4 sites, ≤ 3 modules per site).
 *
 * The model:
 * - demand units a_i = weight_i, or with `standard` (field `of`, default weight) × units / per;
 *   a point must be served iff a_i > 0 or weight_i > 0;
 * - a new (non-existing, non-forbidden) site is closed or opens exactly one option: one of its
 *   modules (its own `modules`, else the problem's), or — without modules — its own `cost` (0 if
 *   absent) and `capacity` (∞ if absent). A new site's minimum load is the module's `min`, else
 *   minUse × capacity (0 without minUse or for an infinite capacity);
 * - existing sites are always open at their `capacity` (∞ if absent), no minimum; with their OWN
 *   modules they may take at most one as an expansion (capacity added, cost charged); forbidden
 *   sites never open;
 * - i may be served by j only if d(i, j) ≤ reach_i (absent: unlimited; `{field, default}`: the
 *   point's numeric field, else the default) and, when j is not existing, d(i, j) ≤ newSiteReach_i
 *   (read the same way; absent: no further limit);
 * - single-source: a served point goes wholly to one open site; split: fractions ≥ 0 summing to 1;
 * - load_j = Σ a_i f_ij within [minimum, capacity];
 * - covered weight = Σ_{counted i} w_i Σ_{j: d ≤ radius} f_ij; share = covered / Σ_{counted i} w_i (coverageOf; all points without it);
 * - `coverage` target: share ≥ coverage; minimise cost + distanceCost × Σ_i w_i Σ_j f_ij d_ij + outsideCost × (counted weight − covered);
 * - `budget`: cost ≤ budget; maximise covered weight, ties → least cost.
 */
import type { Scenario } from "@siting/core";

export interface CflpModule {
  name?: string;
  cost: number;
  capacity: number;
  min?: number;
}

/** The cflp problem as a user writes it. */
export interface CflpProblem {
  type: "cflp";
  reach?: number | { field: string; default?: number };
  newSiteReach?: number | { field: string; default?: number };
  radius?: number;
  coverage?: number;
  budget?: number;
  minUse?: number;
  singleSource?: boolean;
  distanceCost?: number;
  /** the demand field whose points the coverage counts (> 0 or true) */
  coverageOf?: string;
  /** cost per unit of counted weight served beyond the radius */
  outsideCost?: number;
  standard?: { per: number; units: number; of?: string };
  modules?: CflpModule[];
}

/** One way a site can be: closed, or open with a capacity, a minimum load and a cost. */
export interface SiteOption {
  open: boolean;
  /** Module index (new site: its module; existing: its expansion), -1 for none. */
  module: number;
  cost: number;
  capacity: number;
  min: number;
}

/** Everything the oracle and the checker need, computed from the scenario and problem alone. */
export interface CflpModel {
  n: number;
  m: number;
  weight: number[];
  units: number[];
  /** Must be served (a_i > 0 or w_i > 0). */
  served: boolean[];
  dist: number[][];
  /** d(i, j) ≤ reach_i. */
  allowed: boolean[][];
  /** d(i, j) ≤ radius (all false without a radius). */
  covers: boolean[][];
  /** Per site, its possible options (forbidden: only closed; existing: only open ones). */
  options: SiteOption[][];
  /** Per site, the module list its `module` refers to (undefined: none). */
  modules: (CflpModule[] | undefined)[];
  totalWeight: number;
  /** weight of the points the coverage counts */
  coverTotal: number;
  /** per point: the coverage counts it */
  counted: boolean[];
  outsideCost: number;
  mode: "min" | "budget";
  singleSource: boolean;
  distanceCost: number;
  coverage: number | undefined;
  budget: number | undefined;
}


/** d(i, j) from the scenario data: the cost matrix (sparse: a scan of the row, Infinity when not listed), else euclidean/manhattan on x/y. */
export function cflpDistance(s: Scenario): (i: number, j: number) => number {
  const m = s.sites.length;
  if (s.costs instanceof Float64Array) {
    const c = s.costs;
    return (i, j) => c[i * m + j];
  }
  if (s.costs) {
    const { ptr, site, cost } = s.costs;
    return (i, j) => {
      for (let k = ptr[i]; k < ptr[i + 1]; k++) if (site[k] === j) return cost[k];
      return Infinity;
    };
  }
  if (s.coords === "lonlat") throw new Error("cflp oracle: only x/y coordinates or a cost matrix");
  const D = s.demand;
  const S = s.sites;
  if (s.metric === "manhattan") return (i, j) => Math.abs(D[i].x - S[j].x) + Math.abs(D[i].y - S[j].y);
  // sqrt of the sum of squares (not Math.hypot): correctly rounded for integer grids, so 3-4-5 ties stay exact
  return (i, j) => {
    const ex = D[i].x - S[j].x;
    const ey = D[i].y - S[j].y;
    return Math.sqrt(ex * ex + ey * ey);
  };
}

export function cflpModel(scenario: Scenario, problem: CflpProblem): CflpModel {
  const n = scenario.demand.length;
  const m = scenario.sites.length;
  const d = cflpDistance(scenario);
  const st = problem.standard;
  const weight = scenario.demand.map((p) => p.weight);
  const units = scenario.demand.map((p) => {
    if (!st) return p.weight;
    const of = st.of ?? "weight";
    const base = of === "weight" ? p.weight : Number(p.properties[of]);
    if (!Number.isFinite(base)) throw new Error(`cflp oracle: demand ${p.id} has no numeric ${of}`);
    return (base * st.units) / st.per;
  });
  const served = units.map((a, i) => a > 0 || weight[i] > 0);
  const reachOf = (i: number, r = problem.reach): number => {
    if (r === undefined) return Infinity;
    if (typeof r === "number") return r;
    const v = scenario.demand[i].properties[r.field];
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (r.default === undefined) throw new Error(`cflp oracle: demand ${scenario.demand[i].id} has no ${r.field} and there is no default`);
    return r.default;
  };
  const counted = (i: number): boolean => {
    if (problem.coverageOf === undefined) return true;
    const v = scenario.demand[i].properties[problem.coverageOf];
    return v === true || (typeof v === "number" && v > 0);
  };
  const dist: number[][] = [];
  const allowed: boolean[][] = [];
  const covers: boolean[][] = [];
  for (let i = 0; i < n; i++) {
    const ri = reachOf(i);
    const rNew = reachOf(i, problem.newSiteReach);
    dist.push([]);
    allowed.push([]);
    covers.push([]);
    for (let j = 0; j < m; j++) {
      const dij = d(i, j);
      dist[i].push(dij);
      allowed[i].push(dij <= ri && dij < Infinity && (scenario.sites[j].existing || dij <= rNew));
      covers[i].push(problem.radius !== undefined && dij <= problem.radius && counted(i));
    }
  }
  const minUse = problem.minUse;
  const closed: SiteOption = { open: false, module: -1, cost: 0, capacity: 0, min: 0 };
  const options: SiteOption[][] = [];
  const modules: (CflpModule[] | undefined)[] = [];
  for (const s of scenario.sites) {
    if (s.forbidden) {
      options.push([closed]);
      modules.push(undefined);
      continue;
    }
    if (s.existing) {
      const base = s.capacity ?? Infinity;
      const mods = s.modules as CflpModule[] | undefined;
      modules.push(mods);
      const opts: SiteOption[] = [{ open: true, module: -1, cost: 0, capacity: base, min: 0 }];
      mods?.forEach((mod, k) => opts.push({ open: true, module: k, cost: mod.cost, capacity: base + mod.capacity, min: 0 }));
      options.push(opts);
      continue;
    }
    const mods = (s.modules as CflpModule[] | undefined) ?? problem.modules;
    modules.push(mods);
    const minOf = (capacity: number, own: number | undefined) => own ?? (minUse !== undefined && capacity !== Infinity ? minUse * capacity : 0);
    const opts: SiteOption[] = [closed];
    if (mods) mods.forEach((mod, k) => opts.push({ open: true, module: k, cost: mod.cost, capacity: mod.capacity, min: minOf(mod.capacity, mod.min) }));
    else {
      const capacity = s.capacity ?? Infinity;
      opts.push({ open: true, module: -1, cost: s.cost ?? 0, capacity, min: minOf(capacity, undefined) });
    }
    options.push(opts);
  }
  if (problem.budget !== undefined && problem.coverage !== undefined) throw new Error("cflp oracle: budget and coverage together");
  if ((problem.budget !== undefined || problem.coverage !== undefined) && problem.radius === undefined) throw new Error("cflp oracle: coverage/budget need a radius");
  return {
    n,
    m,
    weight,
    units,
    served,
    dist,
    allowed,
    covers,
    options,
    modules,
    totalWeight: weight.reduce((a, b) => a + b, 0),
    coverTotal: weight.reduce((a, b, i) => a + (counted(i) ? b : 0), 0),
    counted: weight.map((_, i) => counted(i)),
    outsideCost: problem.outsideCost ?? 0,
    mode: problem.budget !== undefined ? "budget" : "min",
    singleSource: problem.singleSource ?? true,
    distanceCost: problem.distanceCost ?? 0,
    coverage: problem.coverage,
    budget: problem.budget,
  };
}

/** The coverage target in weight units (−∞ without a target). */
function coverTarget(M: CflpModel): number {
  return M.coverage === undefined ? -Infinity : M.coverage * M.coverTotal;
}

// ---------------------------------------------------------------------------------------------
// A small dense two-phase simplex (Bland's rule) for the split assignment LPs.

export interface LpRow {
  coef: number[];
  sense: "<=" | ">=" | "=";
  rhs: number;
}

export interface LpResult {
  status: "optimal" | "infeasible" | "unbounded";
  x: number[];
  value: number;
}

/** min c·x subject to rows, x ≥ 0. Exact enough for the tiny, well-scaled LPs here. */
export function simplexMin(c: number[], rowsIn: LpRow[]): LpResult {
  const EPS = 1e-10;
  const nv = c.length;
  const rows = rowsIn.map((r) =>
    r.rhs < 0 ? { coef: r.coef.map((v) => -v), sense: r.sense === "<=" ? ">=" : r.sense === ">=" ? "<=" : "=", rhs: -r.rhs } : { ...r },
  ) as LpRow[];
  const nr = rows.length;
  let nSlack = 0;
  let nArt = 0;
  for (const r of rows) {
    if (r.sense !== "=") nSlack++;
    if (r.sense !== "<=") nArt++;
  }
  const cols = nv + nSlack + nArt;
  const artStart = nv + nSlack;
  const T: number[][] = [];
  const basis: number[] = [];
  let s = nv;
  let a = artStart;
  for (const r of rows) {
    const row = new Array<number>(cols + 1).fill(0);
    for (let j = 0; j < nv; j++) row[j] = r.coef[j] ?? 0;
    row[cols] = r.rhs;
    if (r.sense === "<=") {
      row[s] = 1;
      basis.push(s++);
    } else {
      if (r.sense === ">=") row[s++] = -1;
      row[a] = 1;
      basis.push(a++);
    }
    T.push(row);
  }
  const pivot = (r: number, j: number, obj: number[]) => {
    const p = T[r][j];
    for (let k = 0; k <= cols; k++) T[r][k] /= p;
    for (let q = 0; q < nr; q++) {
      if (q === r) continue;
      const f = T[q][j];
      if (f !== 0) for (let k = 0; k <= cols; k++) T[q][k] -= f * T[r][k];
    }
    const f = obj[j];
    if (f !== 0) for (let k = 0; k <= cols; k++) obj[k] -= f * T[r][k];
    basis[r] = j;
  };
  // reduced costs of cost vector `cost`: cost − c_B B⁻¹A (last entry: −objective)
  const reduced = (cost: number[]): number[] => {
    const obj = new Array<number>(cols + 1).fill(0);
    for (let j = 0; j < cols; j++) obj[j] = cost[j] ?? 0;
    for (let r = 0; r < nr; r++) {
      const cb = cost[basis[r]] ?? 0;
      if (cb !== 0) for (let k = 0; k <= cols; k++) obj[k] -= cb * T[r][k];
    }
    return obj;
  };
  const run = (obj: number[], maxCol: number): "optimal" | "unbounded" => {
    for (let iter = 0; iter < 100000; iter++) {
      let enter = -1;
      for (let j = 0; j < maxCol; j++) {
        if (obj[j] < -EPS) {
          enter = j;
          break;
        }
      }
      if (enter < 0) return "optimal";
      let leave = -1;
      let best = Infinity;
      for (let r = 0; r < nr; r++) {
        if (T[r][enter] > EPS) {
          const ratio = T[r][cols] / T[r][enter];
          if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[r] < basis[leave])) {
            best = ratio;
            leave = r;
          }
        }
      }
      if (leave < 0) return "unbounded";
      pivot(leave, enter, obj);
    }
    throw new Error("simplex: iteration limit");
  };
  // phase 1
  if (nArt > 0) {
    const c1 = new Array<number>(cols).fill(0);
    for (let j = artStart; j < cols; j++) c1[j] = 1;
    const obj1 = reduced(c1);
    run(obj1, cols);
    const infeas = -obj1[cols];
    let scale = 1;
    for (const r of rows) scale = Math.max(scale, Math.abs(r.rhs));
    if (infeas > 1e-9 * scale) return { status: "infeasible", x: [], value: NaN };
    // drive artificials out of the basis where possible
    for (let r = 0; r < nr; r++) {
      if (basis[r] < artStart) continue;
      for (let j = 0; j < artStart; j++) {
        if (Math.abs(T[r][j]) > 1e-9) {
          pivot(r, j, obj1);
          break;
        }
      }
    }
  }
  const c2 = new Array<number>(cols).fill(0);
  for (let j = 0; j < nv; j++) c2[j] = c[j];
  const obj2 = reduced(c2);
  if (run(obj2, artStart) === "unbounded") return { status: "unbounded", x: [], value: -Infinity };
  const x = new Array<number>(nv).fill(0);
  for (let r = 0; r < nr; r++) if (basis[r] < nv) x[basis[r]] = T[r][cols];
  let value = 0;
  for (let j = 0; j < nv; j++) value += c[j] * x[j];
  return { status: "optimal", x, value };
}

// ---------------------------------------------------------------------------------------------
// The oracle

export interface OracleSolution {
  /** Per site, the index into `model.options[j]`. */
  choice: number[];
  /** Single-source: per point the serving site (-1 for points not served). */
  site?: number[];
  /** Split: per point, per site, the fraction. */
  fraction?: number[][];
}

export interface OracleResult {
  feasible: boolean;
  /** Minimisation: cost + distanceCost × Σ w·d; budget: covered weight. NaN when infeasible. */
  objective: number;
  /** Cost of the chosen options (expansions included). NaN when infeasible. */
  cost: number;
  /** Covered weight of the best solution. */
  covered: number;
  solution?: OracleSolution;
  model: CflpModel;
}

/**
 * The true optimum by enumeration: every option per site; single-source: every assignment
 * (depth-first, pruned on capacity, minimum loads, coverage and the objective); split: an exact
 * LP per option combination.
 */
export function bruteCflp(scenario: Scenario, problem: CflpProblem): OracleResult {
  const M = cflpModel(scenario, problem);
  const { n, m } = M;
  const budgetMode = M.mode === "budget";
  let best: { objective: number; cost: number; covered: number; solution: OracleSolution } | null = null;
  // minimisation: lower is better; budget: more covered, then less cost
  const better = (objective: number, cost: number): boolean => {
    if (!best) return true;
    if (!budgetMode) return objective < best.objective - 1e-9 * Math.max(1, Math.abs(best.objective));
    if (objective > best.objective + 1e-9 * Math.max(1, best.objective)) return true;
    if (objective < best.objective - 1e-9 * Math.max(1, best.objective)) return false;
    return cost < best.cost - 1e-9 * Math.max(1, best.cost);
  };
  const target = coverTarget(M);
  const servedIdx: number[] = [];
  for (let i = 0; i < n; i++) if (M.served[i]) servedIdx.push(i);
  // bigger points first: capacity pruning bites earlier
  servedIdx.sort((p, q) => M.units[q] - M.units[p] || p - q);

  const choice = new Array<number>(m).fill(0);
  const combo = (j: number) => {
    if (j === m) {
      evaluateCombo();
      return;
    }
    for (let k = 0; k < M.options[j].length; k++) {
      choice[j] = k;
      combo(j + 1);
    }
  };

  const evaluateCombo = () => {
    const opt = choice.map((k, j) => M.options[j][k]);
    let cost = 0;
    for (const o of opt) cost += o.cost;
    if (budgetMode && cost > (M.budget as number) + 1e-9) return;
    if (!budgetMode && best && cost > best.objective + 1e-9 * Math.max(1, best.objective)) return;
    // every served point needs an open site within reach
    for (const i of servedIdx) if (!opt.some((o, j) => o.open && M.allowed[i][j])) return;
    // loads: Σ units must fit Σ capacity and reach Σ minimum (quick rejects)
    let totalUnits = 0;
    for (const i of servedIdx) totalUnits += M.units[i];
    let minSum = 0;
    for (const o of opt) if (o.open) minSum += o.min;
    if (minSum > totalUnits + 1e-9) return;
    if (M.singleSource) singleSource(opt, cost);
    else split(opt, cost);
  };

  const singleSource = (opt: SiteOption[], cost: number) => {
    const load = new Array<number>(m).fill(0);
    const site = new Array<number>(n).fill(-1);
    // suffix sums for pruning: remaining units, remaining best coverable weight, least distance cost
    const k = servedIdx.length;
    const remUnits = new Array<number>(k + 1).fill(0);
    const remCover = new Array<number>(k + 1).fill(0);
    const remDist = new Array<number>(k + 1).fill(0);
    for (let t = k - 1; t >= 0; t--) {
      const i = servedIdx[t];
      let canCover = false;
      let least = Infinity;
      for (let j = 0; j < m; j++) {
        if (!opt[j].open || !M.allowed[i][j]) continue;
        if (M.covers[i][j]) canCover = true;
        least = Math.min(least, M.weight[i] * M.dist[i][j]);
      }
      remUnits[t] = remUnits[t + 1] + M.units[i];
      remCover[t] = remCover[t + 1] + (canCover ? M.weight[i] : 0);
      remDist[t] = remDist[t + 1] + least;
    }
    const dfs = (t: number, covered: number, wd: number) => {
      // minimum loads still reachable?
      let deficit = 0;
      for (let j = 0; j < m; j++) if (opt[j].open && load[j] < opt[j].min) deficit += opt[j].min - load[j];
      if (deficit > remUnits[t] + 1e-9) return;
      if (covered + remCover[t] < target - 1e-9) return;
      if (!budgetMode && best && cost + M.distanceCost * (wd + remDist[t]) > best.objective + 1e-9 * Math.max(1, best.objective)) return;
      if (budgetMode && best && covered + remCover[t] < best.objective - 1e-9 * Math.max(1, best.objective)) return;
      if (t === k) {
        const objective = budgetMode ? covered : cost + M.distanceCost * wd + M.outsideCost * (M.coverTotal - covered);
        if (better(objective, cost)) best = { objective, cost, covered, solution: { choice: [...choice], site: [...site] } };
        return;
      }
      const i = servedIdx[t];
      for (let j = 0; j < m; j++) {
        if (!opt[j].open || !M.allowed[i][j]) continue;
        if (load[j] + M.units[i] > opt[j].capacity + 1e-9) continue;
        load[j] += M.units[i];
        site[i] = j;
        dfs(t + 1, covered + (M.covers[i][j] ? M.weight[i] : 0), wd + M.weight[i] * M.dist[i][j]);
        site[i] = -1;
        load[j] -= M.units[i];
      }
    };
    dfs(0, 0, 0);
  };

  const split = (opt: SiteOption[], cost: number) => {
    // variables f_ij for served i, open j within reach
    const vars: [number, number][] = [];
    for (const i of servedIdx) for (let j = 0; j < m; j++) if (opt[j].open && M.allowed[i][j]) vars.push([i, j]);
    const nv = vars.length;
    const rows: LpRow[] = [];
    for (const i of servedIdx) rows.push({ coef: vars.map(([p]) => (p === i ? 1 : 0)), sense: "=", rhs: 1 });
    for (let j = 0; j < m; j++) {
      if (!opt[j].open) continue;
      const coef = vars.map(([i, q]) => (q === j ? M.units[i] : 0));
      if (opt[j].capacity !== Infinity) rows.push({ coef, sense: "<=", rhs: opt[j].capacity });
      if (opt[j].min > 0) rows.push({ coef, sense: ">=", rhs: opt[j].min });
    }
    const coverCoef = vars.map(([i, j]) => (M.covers[i][j] ? M.weight[i] : 0));
    if (M.coverage !== undefined) rows.push({ coef: coverCoef, sense: ">=", rhs: target });
    // beyond the radius: Σ_j f_ij = 1, so (counted weight − covered) × price is a per-pair cost
    const c = budgetMode ? coverCoef.map((v) => -v) : vars.map(([i, j]) => M.distanceCost * M.weight[i] * M.dist[i][j] + (M.coverTotal > 0 && !M.covers[i][j] && M.counted[i] ? M.outsideCost * M.weight[i] : 0));
    const lp = simplexMin(c, rows);
    if (lp.status !== "optimal") return;
    let covered = 0;
    for (let v = 0; v < nv; v++) covered += coverCoef[v] * lp.x[v];
    const objective = budgetMode ? -lp.value : cost + lp.value;
    if (better(objective, cost)) {
      const fraction = Array.from({ length: n }, () => new Array<number>(m).fill(0));
      vars.forEach(([i, j], v) => (fraction[i][j] = lp.x[v]));
      best = { objective, cost, covered, solution: { choice: [...choice], fraction } };
    }
  };

  combo(0);
  const b = best as { objective: number; cost: number; covered: number; solution: OracleSolution } | null;
  if (!b) return { feasible: false, objective: NaN, cost: NaN, covered: NaN, model: M };
  return { feasible: true, objective: b.objective, cost: b.cost, covered: b.covered, solution: b.solution, model: M };
}

// ---------------------------------------------------------------------------------------------
// An independent checker of a solve() answer

/** The parts of a `Result` the checker reads (typed loosely: the cflp fields are new). */
export interface CflpAnswer {
  status: string;
  objective: number | null;
  cost?: number;
  open?: string[];
  sites: { id: string; module?: string; capacity?: number | null; load?: number; units?: number | null; minimum?: number }[];
  assignment: { demand: string; site?: string | null; shares?: { site: string; amount?: number; share?: number; fraction?: number }[] }[];
}

export interface CheckResult {
  violations: string[];
  objective: number;
  cost: number;
  covered: number;
}

const close = (a: number, b: number, rel = 1e-6) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Re-checks an answer against every rule of the model, from the answer's open sites, modules and
 * assignment alone, and recomputes its cost, covered weight and objective.
 */
export function checkCflpAnswer(scenario: Scenario, problem: CflpProblem, ans: CflpAnswer): CheckResult {
  const M = cflpModel(scenario, problem);
  const { n, m } = M;
  const v: string[] = [];
  const siteIdx = new Map(scenario.sites.map((s, j) => [s.id, j]));
  const demandIdx = new Map(scenario.demand.map((d, i) => [d.id, i]));
  // chosen option per site: undefined = closed
  const opt: (SiteOption | undefined)[] = new Array(m).fill(undefined);
  const reported = new Map<number, CflpAnswer["sites"][number]>();
  for (const s of ans.sites) {
    const j = siteIdx.get(String(s.id));
    if (j === undefined) {
      v.push(`unknown open site ${s.id}`);
      continue;
    }
    if (reported.has(j)) v.push(`site ${s.id} listed twice`);
    reported.set(j, s);
    const site = scenario.sites[j];
    if (site.forbidden) {
      v.push(`forbidden site ${site.id} is open`);
      continue;
    }
    const mods = M.modules[j];
    let k = -1;
    if (s.module !== undefined && s.module !== null) {
      if (!mods) {
        v.push(`site ${site.id} has no modules but reports module ${s.module}`);
        continue;
      }
      k = mods.findIndex((mod) => mod.name === s.module);
      if (k < 0 && /^\d+$/.test(s.module)) k = Number(s.module);
      if (k < 0 || k >= mods.length) {
        v.push(`site ${site.id}: unknown module ${s.module}`);
        continue;
      }
    } else if (mods && !site.existing) {
      v.push(`new site ${site.id} has modules but reports none`);
      continue;
    }
    const o = M.options[j].find((op) => op.open && op.module === k) as SiteOption;
    opt[j] = o;
    if (s.capacity !== undefined) {
      const c = s.capacity === null ? Infinity : s.capacity;
      if (!(c === o.capacity || close(c, o.capacity, 1e-9))) v.push(`site ${site.id} reports capacity ${s.capacity}, the model says ${o.capacity}`);
    }
    if (s.minimum !== undefined && s.minimum !== null && !close(s.minimum, o.min, 1e-9)) v.push(`site ${site.id} reports minimum ${s.minimum}, the model says ${o.min}`);
  }
  for (let j = 0; j < m; j++) if (scenario.sites[j].existing && !opt[j]) v.push(`existing site ${scenario.sites[j].id} is not open`);
  if (ans.open) {
    const a = [...ans.open].map(String).sort();
    const b = [...reported.keys()].map((j) => scenario.sites[j].id).sort();
    if (a.join("\u0000") !== b.join("\u0000")) v.push(`result.open [${a}] differs from result.sites [${b}]`);
  }

  // fractions per point
  const f: number[][] = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  const seen = new Uint8Array(n);
  for (const as of ans.assignment) {
    const i = demandIdx.get(String(as.demand));
    if (i === undefined) {
      v.push(`assignment for unknown demand point ${as.demand}`);
      continue;
    }
    if (seen[i]) v.push(`demand point ${as.demand} assigned twice`);
    seen[i] = 1;
    const shares = as.shares;
    if (shares && shares.length > 0) {
      if (M.singleSource && shares.length > 1) v.push(`demand point ${as.demand} is split over ${shares.length} sites in a single-source problem`);
      const a = M.units[i];
      const sum = shares.reduce((t, sh) => t + (sh.amount ?? 0), 0);
      for (const sh of shares) {
        const j = siteIdx.get(String(sh.site));
        if (j === undefined) {
          v.push(`demand point ${as.demand}: unknown site ${sh.site}`);
          continue;
        }
        let frac: number;
        if (sh.share !== undefined) frac = sh.share;
        else if (sh.fraction !== undefined) frac = sh.fraction;
        else if (a > 0) frac = (sh.amount ?? NaN) / a;
        else frac = sum > 0 ? (sh.amount ?? 0) / sum : 1 / shares.length;
        if (!(frac >= -1e-9)) v.push(`demand point ${as.demand}: share ${sh.amount ?? sh.fraction} at ${sh.site} is not ≥ 0`);
        f[i][j] += frac;
      }
    } else if (as.site !== null && as.site !== undefined) {
      const j = siteIdx.get(String(as.site));
      if (j === undefined) v.push(`demand point ${as.demand}: unknown site ${as.site}`);
      else f[i][j] = 1;
    }
  }
  let covered = 0;
  let wd = 0;
  const load = new Array<number>(m).fill(0);
  for (let i = 0; i < n; i++) {
    const id = scenario.demand[i].id;
    let total = 0;
    for (let j = 0; j < m; j++) {
      const x = f[i][j];
      if (x === 0) continue;
      total += x;
      if (!opt[j]) v.push(`demand point ${id} is served by closed site ${scenario.sites[j].id}`);
      if (!M.allowed[i][j]) v.push(`demand point ${id} is served by ${scenario.sites[j].id} at distance ${M.dist[i][j]}, beyond its reach`);
      load[j] += M.units[i] * x;
      if (M.covers[i][j]) covered += M.weight[i] * x;
      wd += M.weight[i] * M.dist[i][j] * x;
    }
    if (M.served[i] && !close(total, 1, 1e-6)) v.push(`demand point ${id} is served ${total} times (expected wholly, once)`);
    if (!M.served[i] && total > 1 + 1e-6) v.push(`demand point ${id} is served ${total} times`);
  }
  let cost = 0;
  for (let j = 0; j < m; j++) {
    const o = opt[j];
    if (!o) continue;
    cost += o.cost;
    const id = scenario.sites[j].id;
    if (load[j] > o.capacity + 1e-6 * Math.max(1, o.capacity)) v.push(`site ${id} serves ${load[j]} units, over its capacity ${o.capacity}`);
    if (load[j] < o.min - 1e-6 * Math.max(1, o.min)) v.push(`site ${id} serves ${load[j]} units, under its minimum ${o.min}`);
    const r = reported.get(j);
    const rl = r?.units ?? r?.load;
    if (rl !== undefined && rl !== null && !close(rl, load[j])) v.push(`site ${id} reports load ${rl}, the assignment gives ${load[j]}`);
  }
  if (M.coverage !== undefined && covered < M.coverage * M.coverTotal - 1e-6 * Math.max(1, M.coverTotal)) {
    v.push(`covered weight ${covered} is under the target ${M.coverage} × ${M.coverTotal}`);
  }
  if (M.budget !== undefined && cost > M.budget + 1e-6 * Math.max(1, M.budget)) v.push(`cost ${cost} exceeds the budget ${M.budget}`);
  if (ans.cost !== undefined && !close(ans.cost, cost)) v.push(`reported cost ${ans.cost}, recomputed ${cost}`);
  const objective = M.mode === "budget" ? covered : cost + M.distanceCost * wd + M.outsideCost * (M.coverTotal - covered);
  return { violations: v, objective, cost, covered };
}

/** The oracle's own solution as an answer (for testing the checker and the oracle together). */
export function oracleAnswer(scenario: Scenario, o: OracleResult): CflpAnswer {
  const M = o.model;
  const sol = o.solution as OracleSolution;
  const sites: CflpAnswer["sites"] = [];
  const load = new Array<number>(M.m).fill(0);
  for (let i = 0; i < M.n; i++) {
    for (let j = 0; j < M.m; j++) {
      const x = sol.site ? (sol.site[i] === j ? 1 : 0) : (sol.fraction as number[][])[i][j];
      load[j] += M.units[i] * x;
    }
  }
  sol.choice.forEach((k, j) => {
    const op = M.options[j][k];
    if (!op.open) return;
    const mods = M.modules[j];
    const s: CflpAnswer["sites"][number] = { id: scenario.sites[j].id, capacity: op.capacity === Infinity ? null : op.capacity, load: load[j] };
    if (op.module >= 0) s.module = (mods as CflpModule[])[op.module].name ?? String(op.module);
    sites.push(s);
  });
  const assignment: CflpAnswer["assignment"] = scenario.demand.map((d, i) => {
    if (sol.site) return { demand: d.id, site: sol.site[i] >= 0 ? scenario.sites[sol.site[i]].id : null };
    const shares: { site: string; amount?: number; fraction?: number }[] = [];
    for (let j = 0; j < M.m; j++) {
      const x = (sol.fraction as number[][])[i][j];
      if (x > 1e-12) shares.push(M.units[i] > 0 ? { site: scenario.sites[j].id, amount: x * M.units[i] } : { site: scenario.sites[j].id, fraction: x });
    }
    return { demand: d.id, shares };
  });
  return { status: "optimal", objective: o.objective, cost: o.cost, sites, assignment };
}

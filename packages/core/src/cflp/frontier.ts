/**
 * The cost–coverage frontier of a cflp: the least cost at each coverage target, or the most
 * coverage at each budget, solved as a sequence of cflps each warm-started from its neighbour's
 * answer, and a small SVG step chart of it.
 */
import { IssueList, ScenarioError } from "../errors.js";
import { abortError, now, type Progress } from "../heuristics/context.js";
import { parseScenario } from "../parse.js";
import type { Problem } from "../problem.js";
import type { Result, Status } from "../result.js";
import { isScenario, type Scenario } from "../scenario.js";
import { solve, type SolveOptions } from "../solve.js";
import { siteModules } from "../sizes.js";
import type { CflpSolution } from "./types.js";

/** One point of the frontier. */
export interface FrontierPoint {
  /** The share of the total demand weight served within the radius (0..1); null when infeasible. */
  coverage: number | null;
  /** The coverage target of this point (coverage frontier). */
  target?: number;
  /** The budget of this point (budget frontier). */
  budget?: number;
  /** Cost of the new sites' sizes (and existing sites' expansions); null when infeasible. */
  cost: number | null;
  /** Open site ids (existing sites included). */
  open: string[];
  status: Status;
  gap: number | null;
  /** The cflp objective: least cost (+ distance cost) for a target, covered weight for a budget. */
  objective: number | null;
  /** Another point has ≥ coverage at ≤ cost, one of them strictly. */
  dominated: boolean;
  /** The full answer of this point. */
  result: Result;
}

export type FrontierSteps = { coverage: number[] } | { budget: number[] };

/**
 * The cflp solution (index terms) of a cflp `Result`: each open site's size (`sites[].module`, a
 * module name or index) and the assignment (`assignment[].site`, or `.shares` for split demand).
 * A solution for `problem` on `scenario` (the same sites and demand, in order). Throws on ids or
 * module names the scenario does not know.
 */
export function solutionFromResult(scenario: Scenario, problem: Problem, result: Result): CflpSolution {
  const m = scenario.sites.length;
  const n = scenario.demand.length;
  const siteIx = new Map<string, number>();
  scenario.sites.forEach((s, j) => siteIx.set(s.id, j));
  const site = (id: string, where: string): number => {
    const j = siteIx.get(String(id));
    if (j === undefined) throw new ScenarioError([{ path: where, message: "unknown site id", value: id }], "the result does not fit the scenario");
    return j;
  };
  const option = new Int32Array(m).fill(-1);
  result.sites.forEach((o, t) => {
    const j = site(o.id, `sites[${t}].id`);
    const s = scenario.sites[j];
    const mods = siteModules(s, problem);
    if (o.module !== undefined && o.module !== null) {
      if (!mods) throw new ScenarioError([{ path: `sites[${t}].module`, message: `site ${s.id} has no size modules`, value: o.module }], "the result does not fit the scenario");
      let k = mods.findIndex((md) => md.name === o.module);
      if (k < 0 && /^\d+$/.test(o.module)) k = Number(o.module);
      if (!(k >= 0 && k < mods.length)) throw new ScenarioError([{ path: `sites[${t}].module`, message: `no module ${o.module} at site ${s.id}`, value: o.module }], "the result does not fit the scenario");
      option[j] = k;
    } else if (!s.existing) {
      if (mods) throw new ScenarioError([{ path: `sites[${t}].module`, message: `new site ${s.id} has size modules but none is given` }], "the result does not fit the scenario");
      option[j] = 0;
    }
  });
  if (result.assignment.length !== n) throw new ScenarioError([{ path: "assignment", message: `expected ${n} entries`, value: result.assignment.length }], "the result does not fit the scenario");
  const assigned = new Int32Array(n).fill(-1);
  const split = problem.singleSource === false;
  const share: { site: number; fraction: number }[][] = [];
  result.assignment.forEach((a, i) => {
    if (a.site !== null && a.site !== undefined) assigned[i] = site(a.site, `assignment[${i}].site`);
    if (split) {
      const list = (a.shares ?? (a.site !== null && a.site !== undefined ? [{ site: a.site, share: 1 }] : [])).map((e, k) => ({
        site: site(e.site, `assignment[${i}].shares[${k}].site`),
        fraction: e.share,
      }));
      share.push(list.filter((e) => e.fraction > 0));
    }
  });
  return split ? { option, site: assigned, share } : { option, site: assigned };
}

const TOL = 1e-9;

/** Marks each feasible point dominated when another has ≥ coverage at ≤ cost, one strictly. */
export function markDominated<T extends { coverage: number | null; cost: number | null; dominated: boolean }>(points: T[]): T[] {
  for (const p of points) {
    p.dominated = false;
    if (p.coverage === null || p.cost === null) continue;
    for (const q of points) {
      if (q === p || q.coverage === null || q.cost === null) continue;
      const geCov = q.coverage >= p.coverage - TOL;
      const leCost = q.cost <= p.cost + TOL * Math.max(1, Math.abs(p.cost));
      const strict = q.coverage > p.coverage + TOL || q.cost < p.cost - TOL * Math.max(1, Math.abs(p.cost));
      if (geCov && leCost && strict) {
        p.dominated = true;
        break;
      }
    }
  }
  return points;
}

/**
 * Solves a sequence of cflps: with `{coverage: [...]}` the least cost at each coverage target, with
 * `{budget: [...]}` the most weight within the radius at each budget (ties: least cost). `problem`
 * is the cflp (`type: "cflp"`, with its radius; its own coverage or budget is replaced). Points are
 * solved from the hardest to warm-start to the easiest — targets from the highest down, budgets
 * from the lowest up — so each neighbour's answer is feasible and passed as `start`. The points
 * come back in increasing target (or budget) order, each checked by `evaluate()` as `solve` does;
 * `dominated` marks points another point beats. `options` are those of `solve` (a `timeLimit`
 * applies to each point); `signal` stops the sequence, `onProgress` reports `frontier k/K` phases.
 */
export async function frontier(scenarioIn: Scenario | unknown, problem: Problem, steps: FrontierSteps, options: SolveOptions = {}): Promise<FrontierPoint[]> {
  const scenario = isScenario(scenarioIn) ? scenarioIn : parseScenario(scenarioIn);
  const issues = new IssueList();
  const byCoverage = "coverage" in steps && steps.coverage !== undefined;
  const values = byCoverage ? (steps as { coverage: number[] }).coverage : (steps as { budget?: number[] }).budget;
  if (!problem || (problem as Problem).type !== "cflp") issues.add("problem.type", 'the frontier is for cflp problems (type: "cflp")', (problem as Problem | undefined)?.type);
  if (!Array.isArray(values) || values.length === 0) issues.add(byCoverage ? "coverage" : "budget", "expected a non-empty list of numbers", values);
  else {
    values.forEach((v, k) => {
      if (typeof v !== "number" || !Number.isFinite(v)) issues.add(`${byCoverage ? "coverage" : "budget"}[${k}]`, "expected a finite number", v);
      else if (byCoverage && !(v > 0 && v <= 1)) issues.add(`coverage[${k}]`, "expected a share in (0, 1]", v);
      else if (!byCoverage && v < 0) issues.add(`budget[${k}]`, "expected a finite number ≥ 0", v);
    });
  }
  issues.throwIfAny("invalid frontier");
  const sorted = [...new Set(values as number[])].sort((a, b) => a - b);
  // warm-start order: a higher target's answer meets every lower target; a lower budget's answer fits every higher budget
  const order = byCoverage ? [...sorted].reverse() : sorted;
  const { coverage: _c, budget: _b, ...base } = problem;
  const t0 = now();
  const { onProgress, signal } = options;
  const K = order.length;
  const out = new Map<number, FrontierPoint>();
  let start: CflpSolution | undefined = options.start;
  for (let k = 0; k < K; k++) {
    if (signal?.aborted) throw abortError(signal);
    const v = order[k];
    // with budgets the weight within the radius is the objective: a price beyond it does not apply
    const { outsideCost: _price, ...noPrice } = base;
    const pr: Problem = byCoverage ? { ...base, coverage: v } : { ...noPrice, budget: v };
    const phase = `frontier ${k + 1}/${K} (${byCoverage ? `coverage ${v}` : `budget ${v}`})`;
    const report = (p: Progress | null) => {
      if (!onProgress) return;
      const q: Progress = { phase: p ? `${phase}: ${p.phase}` : phase, seconds: (now() - t0) / 1000, fraction: (k + (p?.fraction ?? 0)) / K };
      if (p?.objective !== undefined) q.objective = p.objective;
      onProgress(q);
    };
    report(null);
    const opts: SolveOptions = { ...options, onProgress: onProgress ? (p) => report(p) : undefined };
    if (start) opts.start = start;
    else delete opts.start;
    const result = await solve(scenario, pr, opts);
    const feasible = result.objective !== null;
    const point: FrontierPoint = {
      coverage: feasible ? result.coverage.fraction : null,
      cost: feasible ? result.cost : null,
      open: result.open,
      status: result.status,
      gap: result.gap,
      objective: result.objective,
      dominated: false,
      result,
    };
    if (byCoverage) point.target = v;
    else point.budget = v;
    out.set(v, point);
    // the next point starts from this answer (or, when this one failed, from the last that did not)
    if (feasible) start = solutionFromResult(scenario, result.problem, result);
  }
  if (onProgress) onProgress({ phase: "frontier done", seconds: (now() - t0) / 1000, fraction: 1 });
  return markDominated(sorted.map((v) => out.get(v) as FrontierPoint));
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Round numbers for axis ticks: about `count` of them covering [lo, hi]. */
function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

function label(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  return String(+v.toPrecision(4));
}

/**
 * The frontier as a small standalone SVG (no DOM needed): cost on x, the share of demand weight
 * within the radius on y, a step line through the non-dominated points (the coverage a cost buys,
 * held until the next point), filled dots for them and hollow dots for dominated points.
 * Infeasible points are left out (and counted in a note).
 */
export function frontierSvg(points: readonly Pick<FrontierPoint, "coverage" | "cost" | "dominated">[], opts: { title?: string; width?: number; height?: number } = {}): string {
  const W = opts.width ?? 560;
  const H = opts.height ?? 360;
  const L = 64;
  const R = 20;
  const T = opts.title ? 40 : 20;
  const B = 48;
  const pts = points.filter((p): p is typeof p & { coverage: number; cost: number } => p.coverage !== null && p.cost !== null && Number.isFinite(p.cost));
  const dropped = points.length - pts.length;
  let xMin = Math.min(...pts.map((p) => p.cost), Infinity);
  let xMax = Math.max(...pts.map((p) => p.cost), -Infinity);
  if (!Number.isFinite(xMin)) {
    xMin = 0;
    xMax = 1;
  }
  if (xMax - xMin < 1e-12) {
    const pad = Math.max(1, Math.abs(xMax) * 0.1);
    xMin -= pad;
    xMax += pad;
  } else {
    const pad = (xMax - xMin) * 0.05;
    xMin = xMin >= 0 && xMin - pad < 0 ? 0 : xMin - pad;
    xMax += pad;
  }
  const yMin = 0;
  const yMax = 1;
  const px = (c: number) => L + ((c - xMin) / (xMax - xMin)) * (W - L - R);
  const py = (s: number) => H - B - ((s - yMin) / (yMax - yMin)) * (H - T - B);
  const f = (v: number) => (Math.round(v * 100) / 100).toString();
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  if (opts.title) parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(opts.title)}</text>`);
  // axes, grid, ticks
  parts.push(`<g stroke="#ddd" stroke-width="1">`);
  for (const t of ticks(yMin, yMax)) parts.push(`<line x1="${L}" y1="${f(py(t))}" x2="${W - R}" y2="${f(py(t))}"/>`);
  parts.push(`</g>`);
  parts.push(`<g stroke="#333" stroke-width="1"><line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}"/></g>`);
  parts.push(`<g text-anchor="middle">`);
  for (const t of ticks(xMin, xMax)) parts.push(`<text x="${f(px(t))}" y="${H - B + 16}">${esc(label(t))}</text>`);
  parts.push(`</g><g text-anchor="end">`);
  for (const t of ticks(yMin, yMax)) parts.push(`<text x="${L - 6}" y="${f(py(t) + 4)}">${Math.round(t * 100)} %</text>`);
  parts.push(`</g>`);
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 10}" text-anchor="middle">cost</text>`);
  parts.push(`<text transform="translate(14 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">share within radius</text>`);
  // the step line through the non-dominated points, by cost
  const front = pts.filter((p) => !p.dominated).sort((a, b) => a.cost - b.cost || a.coverage - b.coverage);
  if (front.length) {
    let d = `M${f(px(front[0].cost))},${f(py(front[0].coverage))}`;
    for (let k = 1; k < front.length; k++) d += ` H${f(px(front[k].cost))} V${f(py(front[k].coverage))}`;
    d += ` H${f(px(xMax))}`;
    parts.push(`<path d="${d}" fill="none" stroke="#1f77b4" stroke-width="2"/>`);
  }
  for (const p of pts) {
    const fill = p.dominated ? "white" : "#1f77b4";
    parts.push(
      `<circle cx="${f(px(p.cost))}" cy="${f(py(p.coverage))}" r="4" fill="${fill}" stroke="#1f77b4" stroke-width="1.5"><title>cost ${esc(label(p.cost))}, ${(p.coverage * 100).toFixed(1)} %${p.dominated ? " (dominated)" : ""}</title></circle>`,
    );
  }
  if (dropped > 0) parts.push(`<text x="${W - R}" y="${T + 12}" text-anchor="end" fill="#a00">${dropped} infeasible point${dropped > 1 ? "s" : ""} not shown</text>`);
  parts.push(`</svg>`);
  return parts.join("\n") + "\n";
}

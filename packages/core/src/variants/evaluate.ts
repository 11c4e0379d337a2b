/**
 * `evaluate()` for the variants: the problem's base (lscp/mclp without the variant fields → mclp at
 * an unlimited or the given radius; attendance and impedance → p-median) is evaluated first — open
 * sites, nearest sites and distances, p, budget, existing and forbidden sites — and then the
 * variant's own measures are recomputed from the scenario: per-point coverage, the coverage target,
 * the weight covered twice, the decayed attendance or the transformed impedance. p-dispersion is
 * evaluated on its own: exactly p open sites, the objective the smallest distance between two.
 */
import { distanceFunction, siteDistanceFunction } from "../distance.js";
import { evaluate as evaluateBase, type EvaluateOptions, type Evaluation } from "../evaluate.js";
import type { Problem } from "../problem.js";
import type { Scenario } from "../scenario.js";
import { decayFunction, impedanceFunction } from "./decay.js";
import { installVariantEvaluation } from "./hook.js";
import { pointRadii } from "./radius.js";

/** Covered weight meets `share` of `total` (relative slack 1e-9 for sums in another order). */
export const meetsTarget = (covered: number, share: number, total: number): boolean => covered >= share * total - 1e-9 * Math.max(1, total);

/** Makes core `evaluate()` evaluate the variants (see hook.ts). */
export function installVariants(): void {
  installVariantEvaluation(evaluateVariant);
}

function evaluateVariant(s: Scenario, problem: Problem, open: readonly string[], opts: EvaluateOptions): Evaluation {
  if (problem.type === "pdispersion") return evaluateDispersion(s, problem.p, open, opts);
  const { p, budget } = problem;
  const limits = { ...(p !== undefined ? { p } : {}), ...(budget !== undefined ? { budget } : {}) };
  if (problem.type === "attendance" || problem.type === "pmedian") {
    // attendance: a point that reaches no open site (sparse costs) just attends nothing, so its base
    // is an MCLP at an unlimited radius (p, budget, existing, forbidden, nearest sites), not a p-median
    const attendance = problem.type === "attendance";
    const base = attendance ? { type: "mclp" as const, radius: Infinity, ...limits } : { type: "pmedian" as const, ...limits, ...(problem.radius !== undefined ? { radius: problem.radius } : {}) };
    const ev = evaluateBase(s, base, open, opts);
    const f = attendance ? decayFunction(problem.decay) : impedanceFunction(problem.impedance ?? { kind: "power", beta: 1 });
    let sum = 0;
    for (let i = 0; i < s.demand.length; i++) if (ev.nearest[i] >= 0) sum += s.demand[i].weight * f(ev.distance[i]);
    const violations = attendance && ev.openCount === 0 ? [...ev.violations, "no site is open"] : ev.violations;
    return { ...ev, violations, feasible: violations.length === 0, objective: ev.openCount ? sum : attendance ? 0 : Infinity };
  }
  if (problem.type !== "lscp" && problem.type !== "mclp") throw new Error(`internal error: ${problem.type} has no variant evaluation`);
  const radii = pointRadii(s, problem);
  const ev = evaluateBase(s, { type: "mclp", radius: radii ? Infinity : (problem.radius as number), ...limits }, open, opts);
  const n = s.demand.length;
  const covered = radii ? new Uint8Array(n) : ev.covered;
  const coveredLoad = radii ? new Float64Array(ev.coveredLoad.length) : ev.coveredLoad;
  let coveredW = ev.coverage.covered;
  if (radii) {
    coveredW = 0;
    for (let i = 0; i < n; i++) {
      const j = ev.nearest[i];
      if (j < 0 || !(ev.distance[i] <= radii[i])) continue;
      covered[i] = 1;
      coveredW += s.demand[i].weight;
      coveredLoad[j] += s.demand[i].weight;
    }
  }
  const total = ev.coverage.total;
  const out: Evaluation = { ...ev, covered, coveredLoad, coverage: { covered: coveredW, total, fraction: total > 0 ? coveredW / total : 1 }, violations: ev.violations.slice() };
  if (problem.type === "mclp") {
    out.objective = coveredW;
    return out;
  }
  if (ev.openCount === 0) out.violations.push("no site is open");
  const byCost = (problem.objective ?? (s.hasCosts ? "cost" : "count")) === "cost";
  out.objective = byCost ? ev.newCost : ev.openCount;
  if (problem.coverage !== undefined) {
    if (!meetsTarget(coveredW, problem.coverage, total)) out.violations.push(`covered weight ${coveredW} is below the target ${problem.coverage} × ${total} = ${problem.coverage * total}`);
  } else {
    let missed = 0;
    let first = "";
    for (let i = 0; i < n; i++) if (s.demand[i].weight > 0 && !covered[i] && missed++ === 0) first = s.demand[i].id;
    if (missed) out.violations.push(`${missed} demand point${missed > 1 ? "s" : ""} with weight > 0 not covered within ${radii ? "their radius" : problem.radius} (first: ${first})`);
  }
  if (problem.backup) out.objective = backupWeight(s, ev.open, radii ?? (problem.radius as number));
  out.feasible = out.violations.length === 0;
  return out;
}

/**
 * p-dispersion: the open sites (the nearest-site fields as for any problem, demand playing no part
 * in the objective), exactly p of them, existing open, forbidden closed; the objective is the
 * smallest distance between two open sites, from their coordinates (Infinity for fewer than two).
 */
function evaluateDispersion(s: Scenario, p: number, open: readonly string[], opts: EvaluateOptions): Evaluation {
  // mclp at an unlimited radius checks the sites (count ≤ p, existing, forbidden) and nothing of the demand
  const ev = evaluateBase(s, { type: "mclp", radius: Infinity, p }, open, opts);
  const dist = siteDistanceFunction(s);
  let smallest = Infinity;
  for (let a = 0; a < ev.open.length; a++) for (let b = a + 1; b < ev.open.length; b++) smallest = Math.min(smallest, dist(ev.open[a], ev.open[b]));
  const violations = ev.violations.slice();
  if (ev.openCount < p) violations.push(`${ev.openCount} site${ev.openCount === 1 ? "" : "s"} open, fewer than p = ${p} (p-dispersion chooses exactly p)`);
  return { ...ev, objective: smallest, violations, feasible: violations.length === 0, equity: ev.equity && { ...ev.equity, beyondShare: null } };
}

/** Σ weight of the demand points within their radius of two or more of the open sites. */
export function backupWeight(s: Scenario, open: readonly number[], radius: number | Float64Array): number {
  const dist = distanceFunction(s);
  let sum = 0;
  for (let i = 0; i < s.demand.length; i++) {
    const r = typeof radius === "number" ? radius : radius[i];
    let c = 0;
    for (let t = 0; t < open.length && c < 2; t++) if (dist(i, open[t]) <= r) c++;
    if (c >= 2) sum += s.demand[i].weight;
  }
  return sum;
}

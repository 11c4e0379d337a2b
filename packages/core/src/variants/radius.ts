/**
 * Per-point coverage radius (`radiusField`): each demand point's own radius, and an instance on
 * which "within the point's radius r_i" reads "within one radius R": distances from point i are
 * scaled by R / r_i (R = the largest r_i). Every coverage engine, heuristic and MIP formulation then
 * works unchanged on that instance, with coverage built at R.
 */
import { buildCoverage, type Coverage } from "../coverage.js";
import type { Instance } from "../instance.js";
import type { Problem } from "../problem.js";
import type { Scenario } from "../scenario.js";
import { sparseLookup } from "../sparse-costs.js";

/** Each demand point's radius: its `radiusField` value, else `problem.radius`; null without a field. */
export function pointRadii(s: Scenario, problem: Pick<Problem, "radius" | "radiusField">): Float64Array | null {
  const f = problem.radiusField;
  if (f === undefined) return null;
  const r = problem.radius as number;
  return Float64Array.from(s.demand, (d) => {
    const v = d.properties[f];
    return typeof v === "number" ? v : r;
  });
}

/** The instance with d(i, j) scaled by R / r_i, and R: within r_i ⇔ scaled distance ≤ R (exactly, rounding aside). */
export function scaledInstance(inst: Instance, radii: Float64Array): { inst: Instance; radius: number } {
  let R = 0;
  for (let i = 0; i < radii.length; i++) if (radii[i] > R) R = radii[i];
  const k = Float64Array.from(radii, (r) => R / r);
  const above = R * (1 + 1e-15);
  // the side of R is decided on the unscaled distance, so rounding never moves a point across
  const scale = (d: number, i: number) => (d <= radii[i] ? Math.min(d * k[i], R) : Math.max(d * k[i], above));
  const { m, dist } = inst;
  if (inst.sparse) {
    // scaling per row keeps each row sorted (one positive factor per point)
    const sp = inst.sparse;
    const cost = new Float64Array(sp.cost.length);
    for (let i = 0; i < sp.n; i++) for (let q = sp.ptr[i]; q < sp.ptr[i + 1]; q++) cost[q] = scale(sp.cost[q], i);
    const sparse = { ...sp, cost };
    return { inst: { ...inst, sparse, dist: sparseLookup(sparse, inst.unreachable) }, radius: R };
  }
  if (inst.matrix) {
    const M = inst.matrix;
    const matrix = new Float64Array(M.length);
    for (let q = 0; q < M.length; q++) matrix[q] = scale(M[q], Math.floor(q / m));
    return { inst: { ...inst, matrix, dist: (i, j) => matrix[i * m + j] }, radius: R };
  }
  return { inst: { ...inst, dist: (i, j) => scale(dist(i, j), i) }, radius: R };
}

/** The instance a coverage problem is solved on and its one radius: per-point radii scaled, or as given. */
export function radiusInstance(s: Scenario, inst: Instance, problem: Problem): { inst: Instance; radius: number } {
  const radii = pointRadii(s, problem);
  return radii ? scaledInstance(inst, radii) : { inst, radius: problem.radius as number };
}

/** That instance with its coverage. */
export function coverageInstance(s: Scenario, inst: Instance, problem: Problem): { inst: Instance; cov: Coverage } {
  const r = radiusInstance(s, inst, problem);
  return { inst: r.inst, cov: buildCoverage(r.inst, r.radius) };
}

/**
 * Distance decay as transformed costs: `attendance` (maximise Σ w·f(d)) is the p-median on the
 * costs 1 − f(d) (attendance = Σ w − that p-median's objective), and a p-median `impedance` is the
 * p-median on T(d). Both transformations are non-decreasing in d, so the nearest open site stays
 * the best one and the p-median heuristic, engine and MIP model run unchanged on the instance
 * whose distances are transformed.
 */
import type { Instance } from "../instance.js";
import type { Problem } from "../problem.js";
import { sparseLookup, unreachablePenalty } from "../sparse-costs.js";
import type { Decay, Impedance } from "./problem.js";

/** The cost a decay problem minimises per unit weight at distance d. */
export function transformOf(problem: Problem): (d: number) => number {
  if (problem.type === "attendance") {
    const f = decayFunction(problem.decay);
    return (d) => 1 - f(d);
  }
  if (problem.impedance) return impedanceFunction(problem.impedance);
  throw new Error(`internal error: ${problem.type} has no cost transformation`);
}

/**
 * The instance with every distance d replaced by t(d) (an explicit matrix or sparse rows are
 * transformed too; t is non-decreasing, so sparse rows stay sorted). A pair sparse costs leave
 * out costs t(∞) when that is finite (attendance: 1, no attendance), else a finite penalty
 * computed on the transformed costs (`unreachablePenalty`), so that sums stay finite and exact.
 */
export function transformedInstance(inst: Instance, t: (d: number) => number): Instance {
  const { dist } = inst;
  if (inst.sparse) {
    const sparse = { ...inst.sparse, cost: inst.sparse.cost.map(t) };
    const far = t(Infinity);
    const unreachable = Number.isFinite(far) ? far : unreachablePenalty(sparse, inst.weight);
    return { ...inst, sparse, unreachable, dist: sparseLookup(sparse, unreachable) };
  }
  if (inst.matrix) {
    const matrix = inst.matrix.map(t);
    const m = inst.m;
    return { ...inst, matrix, dist: (i, j) => matrix[i * m + j] };
  }
  return { ...inst, dist: (i, j) => t(dist(i, j)) };
}

/** Σ of the positive weights: attendance = this − the p-median objective on 1 − f(d). */
export function positiveWeight(inst: Instance): number {
  let s = 0;
  for (let i = 0; i < inst.n; i++) if (inst.weight[i] > 0) s += inst.weight[i];
  return s;
}

/** The decay f(d) of a validated decay (0 from the cutoff on). */
export function decayFunction(d: Decay): (x: number) => number {
  const c = d.cutoff;
  if (d.kind === "linear") return (x) => (x < c ? 1 - x / c : 0);
  if (d.kind === "power") {
    const b = d.beta ?? 2;
    return (x) => (x < c ? 1 - (x / c) ** b : 0);
  }
  const b = d.beta ?? 3;
  const tail = Math.exp(-b);
  return (x) => (x < c ? Math.max(0, (Math.exp((-b * x) / c) - tail) / (1 - tail)) : 0);
}

/** The impedance T(d) of a validated impedance. */
export function impedanceFunction(t: Impedance): (x: number) => number {
  const b = t.beta;
  return t.kind === "power" ? (x) => x ** b : (x) => Math.expm1(b * x);
}

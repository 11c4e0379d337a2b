/**
 * The p-dispersion MIP, emitted with the neutral `ModelBuilder` so that every backend solves it:
 * the level formulation of Sayah & Irnich (2017), tighter than the big-M one and without a binary
 * search. Levels L_0 = `low` (the value of a known answer, so the optimum is at least it) < L_1 < …
 * < L_K are the distinct site–site distances above it up to `high` (an upper bound on the optimum);
 * z_k = 1 says "every chosen pair is ≥ L_k apart":
 *
 *     max L_0 + Σ_k (L_k − L_{k−1}) z_k
 *     s.t. Σ_j x_j = p,  z_k ≤ z_{k−1},
 *          x_a + x_b ≤ 1            for each pair closer than L_0,
 *          x_a + x_b + z_k(ab) ≤ 2  for each other pair closer than L_K, k(ab) the first level above d_ab,
 *          x ∈ {0, 1} (existing sites fixed at 1, forbidden ones at 0), z ∈ {0, 1}.
 *
 * One row per pair of candidate sites: for small instances (variants/solve.ts refuses more than
 * DISPERSION_MIP_SITES candidates, the sites that are not forbidden).
 */
import { maxViolation, ModelBuilder, type LinearModel } from "../lp/model.js";

/** The MIP's size limit in candidate sites (one row per pair: up to 19,900 rows). */
export const DISPERSION_MIP_SITES = 200;

export interface DispersionModel {
  model: LinearModel;
  /** x_j is column x + j (j a scenario site). */
  x: number;
}

/** `dist` between the scenario's sites; `fixed` (existing) and `closed` (forbidden) per site. */
export function formulateDispersion(dist: (j: number, k: number) => number, fixed: Uint8Array, closed: Uint8Array, p: number, low: number, high: number): DispersionModel {
  const m = fixed.length;
  const sites: number[] = [];
  for (let j = 0; j < m; j++) if (!closed[j]) sites.push(j);
  const c = sites.length;
  const above: number[] = [];
  for (let a = 0; a < c; a++) for (let e = a + 1; e < c; e++) {
    const d = dist(sites[a], sites[e]);
    if (d > low && d <= high) above.push(d);
  }
  const levels = Float64Array.from(new Set(above)).sort();
  const K = levels.length;
  const b = new ModelBuilder("max");
  b.offset = low;
  const x = b.addVars("x", m, { lower: 0, upper: 1, integer: true });
  for (let j = 0; j < m; j++) {
    if (fixed[j]) b.setBounds(x + j, 1, 1);
    else if (closed[j]) b.setBounds(x + j, 0, 0);
  }
  const z = b.addVars("z", K, { lower: 0, upper: 1, integer: true, cost: levels.map((L, k) => L - (k ? levels[k - 1] : low)) });
  b.rows("count");
  for (let j = 0; j < m; j++) b.term(x + j, 1);
  b.endRow(p, p);
  b.rows("levels");
  for (let k = 1; k < K; k++) b.term(z + k, 1).term(z + k - 1, -1).endRow(-Infinity, 0);
  b.rows("apart");
  for (let a = 0; a < c; a++) for (let e = a + 1; e < c; e++) {
    const d = dist(sites[a], sites[e]);
    if (K > 0 && d >= levels[K - 1]) continue;
    if (d >= low && K === 0) continue;
    b.term(x + sites[a], 1).term(x + sites[e], 1);
    if (d < low) b.endRow(-Infinity, 1);
    else b.term(z + firstAbove(levels, d), 1).endRow(-Infinity, 2);
  }
  return { model: b.build(), x };
}

/** A starting point from open sites (per scenario site; every z at 0, the answer's value being L_0), or null when it violates the model. */
export function dispersionStart(f: DispersionModel, open: Uint8Array): Float64Array | null {
  const v = new Float64Array(f.model.numCols);
  for (let j = 0; j < open.length; j++) v[f.x + j] = open[j];
  return maxViolation(f.model, v).max <= 1e-9 ? v : null;
}

/** The first k with levels[k] > d (one exists: d < the last level). */
function firstAbove(levels: Float64Array, d: number): number {
  let lo = 0;
  let hi = levels.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (levels[mid] > d) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

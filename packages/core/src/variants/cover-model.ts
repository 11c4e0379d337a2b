/**
 * The MIP models of the coverage variants, emitted with the neutral `ModelBuilder` so that every
 * backend (highs, glpk, lp-solver) solves them. Variables: y_j ∈ {0, 1} (site open; existing fixed
 * at 1, forbidden at 0) and one u_i ∈ [0, 1] per demand point with weight > 0.
 * - target coverage: min Σ c_j y_j (or Σ y_j) s.t. u_i ≤ Σ_{j covers i} y_j, Σ w_i u_i ≥ share · W;
 * - backup coverage: max Σ w_i u_i s.t. Σ_{j covers i} y_j − u_i ≥ 1 (covered once, u_i = 1 only
 *   when covered twice), Σ y_j ≤ p and/or Σ c_j y_j ≤ budget.
 * u may stay continuous: with y integral its best value is integral.
 */
import type { Coverage } from "../coverage.js";
import type { Instance } from "../instance.js";
import { maxViolation, ModelBuilder, type LinearModel } from "../lp/model.js";

export type CoverVariantSpec =
  | { kind: "partial"; share: number; countSites: boolean }
  | { kind: "backup"; p?: number; budget?: number };

export interface CoverVariantModel {
  model: LinearModel;
  /** y_j is column y + j. */
  y: number;
  /** u of demand point rows[k] is column u + k. */
  u: number;
  rows: number[];
}

export function formulateCoverVariant(inst: Instance, cov: Coverage, closed: Uint8Array, spec: CoverVariantSpec): CoverVariantModel {
  const { n, m, weight, existing } = inst;
  const backup = spec.kind === "backup";
  const b = new ModelBuilder(backup ? "max" : "min");
  const y = b.addVars("y", m, { lower: 0, upper: 1, integer: true });
  for (let j = 0; j < m; j++) {
    if (existing[j]) b.setBounds(y + j, 1, 1);
    else if (closed[j]) b.setBounds(y + j, 0, 0);
    if (spec.kind === "partial") b.setCost(y + j, spec.countSites ? 1 : existing[j] ? 0 : inst.cost[j]);
  }
  const { ptr, idx } = cov.byDemand;
  const rows: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += weight[i];
    if (weight[i] > 0 && (backup || ptr[i + 1] > ptr[i])) rows.push(i);
  }
  const u = b.addVars("u", rows.length, { lower: 0, upper: 1, cost: backup ? rows.map((i) => weight[i]) : 0 });
  b.rows("cover");
  rows.forEach((i, k) => {
    b.term(u + k, backup ? -1 : 1);
    for (let t = ptr[i]; t < ptr[i + 1]; t++) if (!closed[idx[t]] || existing[idx[t]]) b.term(y + idx[t], backup ? 1 : -1);
    if (backup) b.endRow(1, Infinity);
    else b.endRow(-Infinity, 0);
  });
  if (spec.kind === "partial") {
    b.rows("target");
    rows.forEach((i, k) => b.term(u + k, weight[i]));
    b.endRow(spec.share * total - 1e-9 * Math.max(1, total), Infinity);
  } else {
    if (spec.p !== undefined) {
      b.rows("p");
      for (let j = 0; j < m; j++) b.term(y + j, 1);
      b.endRow(-Infinity, spec.p);
    }
    if (spec.budget !== undefined) {
      b.rows("budget");
      for (let j = 0; j < m; j++) if (!existing[j]) b.term(y + j, inst.cost[j]);
      b.endRow(-Infinity, spec.budget);
    }
  }
  b.rows("open");
  for (let j = 0; j < m; j++) b.term(y + j, 1);
  b.endRow(1, Infinity);
  return { model: b.build(), y, u, rows };
}

/** A full starting point from open sites (u from the coverage they give), or null when it violates the model. */
export function coverVariantStart(f: CoverVariantModel, cov: Coverage, open: ArrayLike<number>, backup: boolean): Float64Array | null {
  const x = new Float64Array(f.model.numCols);
  for (let j = 0; j < open.length; j++) x[f.y + j] = open[j] ? 1 : 0;
  const { ptr, idx } = cov.byDemand;
  f.rows.forEach((i, k) => {
    let c = 0;
    for (let t = ptr[i]; t < ptr[i + 1]; t++) if (open[idx[t]]) c++;
    x[f.u + k] = backup ? (c >= 2 ? 1 : 0) : c >= 1 ? 1 : 0;
  });
  return maxViolation(f.model, x).max <= 1e-9 ? x : null;
}

import { now } from "../heuristics/context.js";
import type { Backend } from "../lp/backend.js";
import type { CflpFormulation } from "../lp/cflp.js";
import { maxViolation, type LinearModel } from "../lp/model.js";

/** Models with fewer columns go to the backend as they are (it proves them quickly without help). */
export const MIP_START_MIN_COLUMNS = 2000;

/** What the relaxation-guided start found. */
export interface MipStart {
  /** A point feasible for the full model (same columns), or null. */
  x: Float64Array | null;
  /** True when the LP relaxation proved the model infeasible. */
  infeasible: boolean;
  /** The LP relaxation's objective (a bound), when it was solved. */
  lp: number | null;
  /** New sites the restricted model kept (open in the relaxation) and the candidates. */
  kept: number;
  candidates: number;
}

/**
 * A starting plan for a time-limited MIP backend (a relaxation-induced neighbourhood): solve the
 * LP relaxation, keep only the new sites it opens (fractionally), and solve that much smaller MIP
 * with a share of the time. The restricted model has the same columns as the full one (the other
 * sites are fixed closed by their bounds), so its plan is a feasible start for the full solve.
 * On the Lingang split-demand models HiGHS alone spends its time on the full candidate set and
 * returns plans 4–10 % above its bound (or none); the restricted model is solved in seconds.
 * `seconds` is the time this may take; the LP gets up to half of it.
 */
export async function relaxationStart(backend: Backend, f: CflpFormulation, m: number, seconds: number, signal?: AbortSignal): Promise<MipStart> {
  const t0 = now();
  const model = f.model;
  const none: MipStart = { x: null, infeasible: false, lp: null, kept: 0, candidates: 0 };
  const lp: LinearModel = { ...model, integer: new Uint8Array(model.numCols) };
  const rl = await backend.solve(lp, { timeLimit: seconds * 0.5, signal });
  if (rl.status === "infeasible") return { ...none, infeasible: true };
  if (rl.status !== "optimal" || !rl.x) return none;
  const lpValue = rl.objective;
  const upper = Float64Array.from(model.colUpper);
  let kept = 0;
  let candidates = 0;
  for (let j = 0; j < m; j++) {
    const c = f.y + j;
    if (model.colUpper[c] <= 0) continue;
    candidates++;
    if (rl.x[c] > 1e-6) kept++;
    else upper[c] = 0;
  }
  if (kept === candidates) return { ...none, lp: lpValue, kept, candidates };
  const left = seconds - (now() - t0) / 1000;
  if (left <= 0.05) return { ...none, lp: lpValue, kept, candidates };
  const rr = await backend.solve({ ...model, colUpper: upper }, { timeLimit: left, signal });
  const x = rr.x && maxViolation(model, rr.x).max <= 1e-7 ? rr.x : null;
  return { x, infeasible: false, lp: lpValue, kept, candidates };
}

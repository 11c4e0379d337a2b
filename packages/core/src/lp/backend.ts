import { maxViolation, objectiveValue, roundIntegers, type LinearModel } from "./model.js";

export type BackendStatus = "optimal" | "feasible" | "infeasible" | "time_limit" | "unbounded" | "error";

/**
 * What a MIP backend returns. `optimal` only when the solver proved optimality (within its
 * integrality and feasibility tolerances, with a relative gap of 0); a solution found before a
 * time limit is `time_limit` (with `x`) and any other unproven solution `feasible`.
 */
export interface BackendSolution {
  status: BackendStatus;
  /** Variable values (length `model.numCols`), or null when there is no solution. */
  x: Float64Array | null;
  /** Objective of `x` (offset included, as `objectiveValue` computes it), or null. */
  objective: number | null;
  /** Proven bound on the optimum (lower for min, upper for max), or null if the solver gives none. */
  bound: number | null;
  /** |objective − bound| / max(|objective|, tiny), or null without both. */
  gap: number | null;
  /** Wall-clock seconds spent in the backend (loading the solver included). */
  seconds: number;
  message?: string;
}

export interface BackendSolveOptions {
  /** Seconds. */
  timeLimit?: number;
  signal?: AbortSignal;
  /** A feasible point (length `model.numCols`) the solver may start from, if it can. */
  incumbent?: Float64Array;
}

export interface Backend {
  readonly name: string;
  solve(model: LinearModel, opts?: BackendSolveOptions): Promise<BackendSolution>;
}

/** Feasibility tolerance used to accept a solver's point (relative to max(1, |bound|)). */
export const ACCEPT_TOLERANCE = 1e-6;

/** The relative gap |objective − bound| / max(|objective|, 1e-300); 0 when they are equal. */
export function gapOf(objective: number | null, bound: number | null): number | null {
  if (objective === null || bound === null || !Number.isFinite(objective) || !Number.isFinite(bound)) return null;
  const d = Math.abs(objective - bound);
  return d === 0 ? 0 : d / Math.max(Math.abs(objective), 1e-300);
}

/**
 * Shared tail of every adapter: rounds near-integral integer variables, checks the point against
 * the model itself (a backend's word is not taken for feasibility), recomputes the objective and
 * the gap. A point that violates the model by more than `ACCEPT_TOLERANCE` turns the answer into
 * `error` with the violation named.
 */
export function finishSolution(
  model: LinearModel,
  r: { status: BackendStatus; x: Float64Array | null; bound: number | null; seconds: number; message?: string },
): BackendSolution {
  let { status, x, bound } = r;
  let message = r.message;
  let objective: number | null = null;
  if (x) {
    roundIntegers(model, x);
    const v = maxViolation(model, x);
    if (v.max > ACCEPT_TOLERANCE) {
      const why = `the solver's point violates the model (${v.where}, by ${v.max.toExponential(2)})`;
      message = message ? `${message}; ${why}` : why;
      status = "error";
      x = null;
      bound = null;
    } else objective = objectiveValue(model, x);
  }
  if (status === "optimal") {
    if (objective === null) {
      status = "error";
      message = message ?? "the solver reported optimal but returned no point";
    } else if (bound === null || !Number.isFinite(bound) || Math.abs(bound - objective) <= 1e-9 * Math.max(1, Math.abs(objective))) {
      // proven optimal: a bound that differs from the objective only by rounding is the objective
      bound = objective;
    }
  }
  if (bound !== null && !Number.isFinite(bound)) bound = null;
  const out: BackendSolution = { status, x, objective, bound, gap: gapOf(objective, bound), seconds: r.seconds };
  if (message) out.message = message;
  return out;
}

/** The error an aborted solve rejects with (the signal's reason if it is an Error, else an AbortError), and the clock: shared with the engines. */
export { abortError as abortReason, now as nowMs } from "../heuristics/context.js";

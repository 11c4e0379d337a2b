import {
  abortReason,
  finishSolution,
  type Backend,
  type BackendSolution,
  type BackendSolveOptions,
  type LinearModel,
  nowMs as now,
} from "@siting/core/lp";
import type { Model as LpsModel } from "javascript-lp-solver";

/**
 * javascript-lp-solver stores a dense simplex tableau of (variables + 1) × (constraints + 1)
 * doubles, where constraints count equality and two-sided rows twice and add one row per binary
 * and per bounded variable, and its branch and bound keeps copies of it. `tableauCells` is that
 * product for a model. Measured here (Node 20, random instances, n demand = n sites):
 *
 * | model            | n  | cells  | seconds | peak RSS |
 * |------------------|----|--------|---------|----------|
 * | p-median         | 30 | 1.8 M  | 0.9     | 206 MB   |
 * | p-median         | 40 | 5.5 M  | 1.7     | 174 MB   |
 * | p-median         | 50 | 13.1 M | 5.5     | 274 MB   |
 * | cap. p-median    | 30 | 1.8 M  | 11.6    | 202 MB   |
 * | cap. p-median    | 40 | 5.5 M  | 8.7     | 184 MB   |
 * | cap. p-median    | 50 | 13.3 M | > 150 (killed) | — |
 *
 * and n = 100 p-median (about 2×10⁸ cells) took 0.5–1.4 GB and up to 240 s, n = 200 exhausted
 * 15 GB. The default limit, 6 million cells (about 48 MB per tableau copy), admits the n = 40
 * models above and refuses n = 50. Size does not bound time: the solver has no time limit inside
 * a node's simplex, and a p-center model with n = 16 (0.16 M cells) already stalls there for
 * minutes (see `lpSolver`).
 */
export const DEFAULT_MAX_CELLS = 6_000_000;

export interface LpSolverOptions {
  /** Refuse models whose tableau would exceed this many cells. Default `DEFAULT_MAX_CELLS`. */
  maxCells?: number;
}


/** The result of `translate`: the solver's JSON model and how its variables map back to the model's columns. */
export interface Translated {
  json: Record<string, unknown>;
  /** For each model column: its solver variable name, or null when fixed (value in `fixedValue`). */
  kept: Int32Array;
  shift: Float64Array;
  cells: number;
  vars: number;
  constraints: number;
  /** A row whose terms all vanished and whose bounds exclude 0 (proves infeasibility). */
  emptyInfeasible: number;
}

/**
 * The neutral model as javascript-lp-solver JSON. Columns with a finite lower bound are shifted to
 * start at 0 (the solver's variables are ≥ 0), fixed columns are substituted out, integer columns
 * with range [0, 1] become `binaries`, other finite upper bounds become rows, and columns without
 * a lower bound become `unrestricted` (with a row for a finite upper bound).
 */
export function translate(model: LinearModel): Translated {
  const n = model.numCols;
  const kept = new Int32Array(n).fill(-1);
  const shift = new Float64Array(n);
  const variables: Record<string, Record<string, number>> = {};
  const constraints: Record<string, { min?: number; max?: number; equal?: number }> = {};
  const ints: Record<string, 1> = {};
  const binaries: Record<string, 1> = {};
  const unrestricted: Record<string, 1> = {};
  let nVars = 0;
  let nCons = 0;
  let offset = model.offset;
  for (let j = 0; j < n; j++) {
    const lo = model.colLower[j];
    const up = model.colUpper[j];
    if (lo === up) {
      shift[j] = lo;
      offset += model.colCost[j] * lo;
      continue;
    }
    const name = `c${j}`;
    kept[j] = nVars++;
    const v: Record<string, number> = {};
    if (model.colCost[j] !== 0) v.obj = model.colCost[j];
    variables[name] = v;
    if (Number.isFinite(lo)) {
      shift[j] = lo;
      offset += model.colCost[j] * lo;
      const range = up - lo;
      if (model.integer[j]) ints[name] = 1;
      if (model.integer[j] && range === 1) {
        binaries[name] = 1;
        nCons++;
      } else if (Number.isFinite(range)) {
        constraints[`u${j}`] = { max: range };
        v[`u${j}`] = 1;
        nCons++;
      }
    } else {
      unrestricted[name] = 1;
      if (model.integer[j]) ints[name] = 1;
      if (Number.isFinite(up)) {
        constraints[`u${j}`] = { max: up };
        v[`u${j}`] = 1;
        nCons++;
      }
    }
  }
  let emptyInfeasible = -1;
  for (let r = 0; r < model.numRows; r++) {
    let moved = 0;
    let terms = 0;
    const rn = `r${r}`;
    for (let k = model.rowStart[r]; k < model.rowStart[r + 1]; k++) {
      const j = model.index[k];
      moved += model.value[k] * shift[j];
      if (kept[j] >= 0) {
        variables[`c${j}`][rn] = model.value[k];
        terms++;
      }
    }
    const lo = model.rowLower[r] - moved;
    const up = model.rowUpper[r] - moved;
    if (terms === 0) {
      if (lo > 1e-9 * Math.max(1, Math.abs(lo)) || up < -1e-9 * Math.max(1, Math.abs(up))) emptyInfeasible = r;
      continue;
    }
    const fl = Number.isFinite(lo);
    const fu = Number.isFinite(up);
    if (fl && fu && lo === up) {
      constraints[rn] = { equal: lo };
      nCons += 2;
    } else if (fl && fu) {
      constraints[rn] = { min: lo, max: up };
      nCons += 2;
    } else if (fl) {
      constraints[rn] = { min: lo };
      nCons++;
    } else if (fu) {
      constraints[rn] = { max: up };
      nCons++;
    } else {
      for (let k = model.rowStart[r]; k < model.rowStart[r + 1]; k++) if (kept[model.index[k]] >= 0) delete variables[`c${model.index[k]}`][rn];
    }
  }
  const json = {
    optimize: "obj",
    opType: model.sense,
    constraints,
    variables,
    ints,
    binaries,
    unrestricted,
    offset,
  };
  return { json, kept, shift, cells: (nVars + 1) * (nCons + 1), vars: nVars, constraints: nCons, emptyInfeasible };
}

/**
 * javascript-lp-solver (pure JavaScript, dense tableau) as a MIP backend, for small models only.
 *
 * - Size: a model whose tableau would exceed `maxCells` (default `DEFAULT_MAX_CELLS`) is refused with
 *   status `error` and a message naming its size and suggesting `@siting/highs`, instead of
 *   exhausting memory.
 * - `timeLimit` → the solver's `timeout`, which it only checks between branch-and-bound nodes:
 *   the root LP and each node's simplex run to the end, so there is no time limit inside them and
 *   a solve can overrun the limit by far (degenerate p-center nodes stall for minutes at n = 16).
 *   When the solve ran for the limit the answer is `time_limit` (its search may be incomplete),
 *   never `optimal`. Run it in a Worker you can terminate if that matters.
 * - `signal`: checked before and after the solve only (the solver is synchronous, with no hook).
 * - `incumbent`: ignored. bound/gap: only when proved optimal (bound = objective).
 * - statuses: finished search with an integral point → optimal; no feasible point → infeasible;
 *   unbounded → unbounded.
 */
export function lpSolver(config: LpSolverOptions = {}): Backend {
  const maxCells = config.maxCells ?? DEFAULT_MAX_CELLS;
  return {
    name: "lp-solver",
    async solve(model: LinearModel, opts: BackendSolveOptions = {}): Promise<BackendSolution> {
      const t0 = now();
      const { signal } = opts;
      if (signal?.aborted) throw abortReason(signal);
      const tr = translate(model);
      const seconds = () => (now() - t0) / 1000;
      if (tr.cells > maxCells) {
        return {
          status: "error",
          x: null,
          objective: null,
          bound: null,
          gap: null,
          seconds: seconds(),
          message: `model too large for javascript-lp-solver: ${model.numCols} variables × ${model.numRows} rows make a dense tableau of ${tr.vars + 1} × ${tr.constraints + 1} = ${tr.cells.toExponential(2)} cells (limit ${maxCells.toExponential(2)}); use @siting/highs`,
        };
      }
      if (tr.emptyInfeasible >= 0) return { status: "infeasible", x: null, objective: null, bound: null, gap: null, seconds: seconds() };
      const mod = (await import("javascript-lp-solver")) as unknown as { default?: LpsSolver; Solve?: unknown };
      const solver = (typeof mod.Solve === "function" ? mod : mod.default) as LpsSolver;
      if (signal?.aborted) throw abortReason(signal);
      const json = tr.json as Record<string, unknown>;
      const offset = json.offset as number;
      delete json.offset;
      const timeoutMs = opts.timeLimit !== undefined ? Math.max(1, opts.timeLimit * 1000 - (now() - t0)) : undefined;
      if (timeoutMs !== undefined) json.timeout = timeoutMs;
      const tSolve = now();
      let sol: LpsFullSolution;
      try {
        sol = solver.Solve(json as unknown as LpsModel, 1e-9, true) as LpsFullSolution;
      } catch (e) {
        return { status: "error", x: null, objective: null, bound: null, gap: null, seconds: seconds(), message: `javascript-lp-solver failed: ${(e as Error).message}` };
      }
      if (signal?.aborted) throw abortReason(signal);
      void offset;
      const hitLimit = timeoutMs !== undefined && now() - tSolve >= timeoutMs * 0.98;
      const hasInts = model.integer.some((v, j) => v === 1 && tr.kept[j] >= 0);
      const integral = !hasInts || sol._tableau?.__isIntegral === true;
      if (sol.bounded === false) return { status: "unbounded", x: null, objective: null, bound: null, gap: null, seconds: seconds() };
      if (!sol.feasible || !integral) {
        if (hitLimit) return { status: "time_limit", x: null, objective: null, bound: null, gap: null, seconds: seconds(), message: `javascript-lp-solver found no solution within the time limit (${opts.timeLimit} s)` };
        return { status: "infeasible", x: null, objective: null, bound: null, gap: null, seconds: seconds() };
      }
      const x = new Float64Array(model.numCols);
      const set = sol.solutionSet ?? {};
      for (let j = 0; j < model.numCols; j++) x[j] = tr.shift[j] + (tr.kept[j] >= 0 ? (set[`c${j}`] ?? 0) : 0);
      if (hitLimit) return finishSolution(model, { status: "time_limit", x, bound: null, seconds: seconds(), message: `javascript-lp-solver stopped at the time limit (${opts.timeLimit} s); the search may be incomplete` });
      return finishSolution(model, { status: "optimal", x, bound: null, seconds: seconds() });
    },
  };
}

interface LpsSolver {
  Solve(model: LpsModel, precision?: number, full?: boolean, validate?: boolean): unknown;
}

interface LpsFullSolution {
  feasible: boolean;
  bounded: boolean;
  evaluation: number;
  solutionSet?: Record<string, number | undefined>;
  _tableau?: { __isIntegral?: boolean };
}

export default lpSolver;

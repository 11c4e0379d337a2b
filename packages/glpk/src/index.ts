import {
  abortReason,
  emptyInfeasibleRow,
  finishSolution,
  type Backend,
  type BackendSolution,
  type BackendSolveOptions,
  type BackendStatus,
  type LinearModel,
  nowMs as now,
} from "@siting/core/lp";
import type { GLPK, LP } from "glpk.js/node";

// glpk.js's default entry needs a Web Worker; `glpk.js/node` is its synchronous Node entry.
let shared: Promise<GLPK> | null = null;

async function load(): Promise<GLPK> {
  const mod: unknown = await import("glpk.js/node");
  const factory = (typeof mod === "function" ? mod : (mod as { default: unknown }).default) as () => Promise<GLPK>;
  return factory();
}


/** Column and row names given to GLPK (it keys its answer by name). */
const col = (j: number) => `c${j}`;
const row = (r: number) => `r${r}`;

/** The neutral model as glpk.js's JSON LP. Integer columns are `generals` (GLP_IV keeps our bounds; `binaries` would reset them to [0, 1]). */
export function toGlpk(g: GLPK, model: LinearModel, tmlim?: number): LP {
  const bnd = (lo: number, up: number) => {
    const fl = Number.isFinite(lo);
    const fu = Number.isFinite(up);
    if (fl && fu) return lo === up ? { type: g.GLP_FX, lb: lo, ub: up } : { type: g.GLP_DB, lb: lo, ub: up };
    if (fl) return { type: g.GLP_LO, lb: lo, ub: 0 };
    if (fu) return { type: g.GLP_UP, lb: 0, ub: up };
    return { type: g.GLP_FR, lb: 0, ub: 0 };
  };
  const vars: { name: string; coef: number }[] = [];
  for (let j = 0; j < model.numCols; j++) if (model.colCost[j] !== 0) vars.push({ name: col(j), coef: model.colCost[j] });
  const subjectTo: LP["subjectTo"] = [];
  for (let r = 0; r < model.numRows; r++) {
    const terms: { name: string; coef: number }[] = [];
    for (let k = model.rowStart[r]; k < model.rowStart[r + 1]; k++) terms.push({ name: col(model.index[k]), coef: model.value[k] });
    if (terms.length === 0) continue; // an empty row constrains nothing (0 within its bounds is checked afterwards)
    subjectTo.push({ name: row(r), vars: terms, bnds: bnd(model.rowLower[r], model.rowUpper[r]) });
  }
  const bounds: NonNullable<LP["bounds"]> = [];
  const generals: string[] = [];
  for (let j = 0; j < model.numCols; j++) {
    bounds.push({ name: col(j), ...bnd(model.colLower[j], model.colUpper[j]) });
    if (model.integer[j]) generals.push(col(j));
  }
  const lp: LP = {
    name: "siting",
    objective: { direction: model.sense === "max" ? g.GLP_MAX : g.GLP_MIN, name: "obj", vars },
    subjectTo,
    bounds,
    generals,
    options: { msglev: g.GLP_MSG_OFF, presol: true, mipgap: 0, ...(tmlim !== undefined ? { tmlim } : {}) },
  };
  return lp;
}

/**
 * GLPK (glpk.js, through its Node entry `glpk.js/node`) as a MIP backend.
 *
 * - `timeLimit` → GLPK `tmlim`. GLPK's answer does not say whether the limit stopped it, so a
 *   solution that GLPK does not call optimal is `time_limit` when the solve ran for (about) the
 *   limit, else `feasible`. The limit covers GLPK's own search only (not building the problem from
 *   JSON), and large models overrun it (measured: SJC2, n = 200, 103 s for a 60 s limit).
 * - `signal`: checked before loading and before solving only — GLPK runs synchronously in
 *   WebAssembly with no interrupt hook in glpk.js, so an abort cannot stop a running solve; use
 *   `timeLimit`. An abort rejects with the signal's reason.
 * - `incumbent`: ignored (glpk.js has no way to pass a start).
 * - bound and gap: glpk.js does not expose GLPK's best bound, so `bound` is the objective when GLPK
 *   proved optimality and null otherwise.
 * - statuses: GLP_OPT → optimal (mipgap is 0); GLP_FEAS → time_limit / feasible; GLP_NOFEAS →
 *   infeasible; GLP_UNBND → unbounded; GLP_UNDEF → time_limit if the limit was reached, else error.
 * The WebAssembly module is loaded on the first solve and kept.
 */
export function glpk(): Backend {
  return {
    name: "glpk",
    async solve(model: LinearModel, opts: BackendSolveOptions = {}): Promise<BackendSolution> {
      const t0 = now();
      const { signal } = opts;
      if (signal?.aborted) throw abortReason(signal);
      let g: GLPK;
      try {
        g = await (shared ??= load());
      } catch (e) {
        shared = null;
        return { status: "error", x: null, objective: null, bound: null, gap: null, seconds: (now() - t0) / 1000, message: `could not load glpk.js: ${(e as Error).message}` };
      }
      if (signal?.aborted) throw abortReason(signal);
      const empty = emptyInfeasibleRow(model);
      if (empty >= 0) return { status: "infeasible", x: null, objective: null, bound: null, gap: null, seconds: (now() - t0) / 1000 };
      if (model.numCols === 0) return finishSolution(model, { status: "optimal", x: new Float64Array(0), bound: null, seconds: (now() - t0) / 1000 });
      const left = opts.timeLimit !== undefined ? Math.max(0.001, opts.timeLimit - (now() - t0) / 1000) : undefined;
      const tSolve = now();
      let res: ReturnType<GLPK["solve"]>;
      try {
        res = g.solve(toGlpk(g, model, left));
      } catch (e) {
        shared = null; // the runtime may be broken (e.g. out of memory): reload next time
        return {
          status: "error",
          x: null,
          objective: null,
          bound: null,
          gap: null,
          seconds: (now() - t0) / 1000,
          message: `glpk.js failed on a model with ${model.numCols} variables and ${model.numRows} rows: ${(e as Error).message}`,
        };
      }
      if (signal?.aborted) throw abortReason(signal);
      const ran = (now() - tSolve) / 1000;
      const hitLimit = left !== undefined && ran >= left * 0.98;
      const st = res.result.status;
      let status: BackendStatus;
      let message: string | undefined;
      let hasPoint = false;
      if (st === g.GLP_OPT) {
        status = "optimal";
        hasPoint = true;
      } else if (st === g.GLP_FEAS) {
        status = hitLimit ? "time_limit" : "feasible";
        hasPoint = true;
      } else if (st === g.GLP_NOFEAS) status = "infeasible";
      else if (st === g.GLP_UNBND) status = "unbounded";
      else if (hitLimit) {
        status = "time_limit";
        message = `GLPK found no solution within the time limit (${opts.timeLimit} s)`;
      } else {
        status = "error";
        message = `GLPK ended with status ${st} (undefined solution)`;
      }
      let x: Float64Array | null = null;
      if (hasPoint) {
        x = new Float64Array(model.numCols);
        const v = res.result.vars;
        for (let j = 0; j < model.numCols; j++) x[j] = v[col(j)] ?? 0;
      }
      if (status === "infeasible" || status === "unbounded") {
        return { status, x: null, objective: null, bound: null, gap: null, seconds: (now() - t0) / 1000 };
      }
      return finishSolution(model, { status, x, bound: null, seconds: (now() - t0) / 1000, ...(message ? { message } : {}) });
    },
  };
}

export default glpk;

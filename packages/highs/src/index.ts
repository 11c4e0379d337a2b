import {
  abortReason,
  finishSolution,
  toCSC,
  type Backend,
  type BackendSolution,
  type BackendSolveOptions,
  type BackendStatus,
  type LinearModel,
  nowMs as now,
} from "@siting/core/lp";
import type { Highs, InitOptions } from "highs";

export interface HighsBackendOptions {
  /** Passed to the `highs` loader (e.g. `locateFile` or `wasmBinary` in a browser or bundle). */
  init?: InitOptions;
  /** Extra HiGHS options (snake_case, as HiGHS names them), applied after ours. */
  options?: Record<string, boolean | number | string>;
}

// one WebAssembly runtime per loader configuration, loaded on the first solve (never at import)
let shared: Promise<Highs> | null = null;

async function load(init?: InitOptions): Promise<Highs> {
  const mod: unknown = await import("highs");
  const loader = (typeof mod === "function" ? mod : (mod as { default: unknown }).default) as (o?: InitOptions) => Promise<Highs>;
  return loader(init);
}


/**
 * HiGHS (the `highs` WebAssembly build) as a MIP backend: the model goes in as CSC typed arrays
 * through the persistent model API (no LP text) and is disposed after every solve (WebAssembly
 * memory is not garbage-collected).
 *
 * - `timeLimit` → HiGHS `time_limit` (seconds); `mip_rel_gap` is 0, so `optimal` means proven.
 * - `signal`: checked before loading and before solving, and at HiGHS's simplex and MIP interrupt
 *   checkpoints. The solve itself is synchronous WebAssembly, so a signal aborted from a timer or
 *   another event cannot fire until it returns: to stop a long solve from outside, use
 *   `timeLimit` (or run the backend in a Worker). An abort rejects with the signal's reason.
 * - `incumbent` → `setSolution` (HiGHS checks it and uses it as a starting incumbent).
 * - bound and gap: HiGHS's MIP dual bound (`mip_dual_bound`), so a time-limited answer has a gap.
 * - statuses: optimal → optimal, infeasible → infeasible, unbounded → unbounded, time limit →
 *   time_limit (with the incumbent if there is one), other limits → feasible, anything else
 *   (including HiGHS's "unbounded or infeasible") → error.
 * The WebAssembly runtime is loaded on the first solve and kept; if a solve fails inside it (for
 * example out of WebAssembly memory, which caps at 4 GB and is the practical size limit), the
 * runtime is dropped and reloaded on the next solve.
 */
export function highs(config: HighsBackendOptions = {}): Backend {
  let own: Promise<Highs> | null = null;
  const runtime = (): Promise<Highs> => {
    if (config.init) return (own ??= load(config.init));
    return (shared ??= load());
  };
  const drop = () => {
    if (config.init) own = null;
    else shared = null;
  };
  return {
    name: "highs",
    async solve(model: LinearModel, opts: BackendSolveOptions = {}): Promise<BackendSolution> {
      const t0 = now();
      const { signal } = opts;
      if (signal?.aborted) throw abortReason(signal);
      let h: Highs;
      try {
        h = await runtime();
      } catch (e) {
        drop();
        return { status: "error", x: null, objective: null, bound: null, gap: null, seconds: (now() - t0) / 1000, message: `could not load HiGHS: ${(e as Error).message}` };
      }
      if (signal?.aborted) throw abortReason(signal);
      if (model.numCols === 0) {
        return finishSolution(model, { status: "optimal", x: new Float64Array(0), bound: null, seconds: (now() - t0) / 1000 });
      }
      const C = h.constants;
      const csc = toCSC(model);
      let hm: ReturnType<Highs["createModel"]> | null = null;
      try {
        hm = h.createModel({
          numCols: model.numCols,
          numRows: model.numRows,
          sense: model.sense === "max" ? C.objectiveSense.maximize : C.objectiveSense.minimize,
          offset: model.offset,
          colCost: model.colCost,
          colLower: model.colLower,
          colUpper: model.colUpper,
          rowLower: model.rowLower,
          rowUpper: model.rowUpper,
          matrix: { format: "csc", numRows: model.numRows, numCols: model.numCols, starts: csc.start, indices: csc.index, values: csc.value },
          integrality: Int32Array.from(model.integer),
        });
        const options: Record<string, boolean | number | string> = { output_flag: false, mip_rel_gap: 0 };
        if (opts.timeLimit !== undefined) options.time_limit = Math.max(0, opts.timeLimit - (now() - t0) / 1000);
        Object.assign(options, config.options ?? {});
        hm.options.set(options);
        if (opts.incumbent && opts.incumbent.length === model.numCols) hm.setSolution({ colValue: opts.incumbent });
        let aborted = false;
        // HiGHS checks its time limit only now and then (measured: 0.5 s over a 2.3 s limit on a
        // 15,000-column cflp, enough for a worker's hard deadline to stop it with nothing): its
        // interrupt callbacks stop it at the limit as well
        const stopAt = opts.timeLimit !== undefined ? t0 + opts.timeLimit * 1000 : Infinity;
        let timeUp = false;
        const interrupt = (e: { interrupt(): void }) => {
          if (signal?.aborted) {
            aborted = true;
            e.interrupt();
          } else if (now() > stopAt) {
            timeUp = true;
            e.interrupt();
          }
          return undefined;
        };
        const callbacks = signal || stopAt < Infinity ? { [C.callbackType.mipInterrupt]: interrupt, [C.callbackType.simplexInterrupt]: interrupt } : undefined;
        let ms = hm.run(callbacks as Parameters<typeof hm.run>[0]).modelStatus;
        if (aborted || signal?.aborted) throw abortReason(signal as AbortSignal);
        if (timeUp && ms === C.modelStatus.interrupted) ms = C.modelStatus.timeLimit;
        const hasPoint = Number(hm.info.get("primal_solution_status")) === C.solutionStatus.feasible;
        const x = hasPoint ? new Float64Array(hm.getSolution().colValue) : null;
        let bound: number | null = null;
        const isMip = model.integer.some((v) => v === 1);
        if (isMip) {
          try {
            const b = Number(hm.info.get("mip_dual_bound"));
            if (Number.isFinite(b)) bound = b;
          } catch {
            bound = null;
          }
        }
        const M = C.modelStatus;
        let status: BackendStatus;
        let message: string | undefined;
        switch (ms) {
          case M.optimal:
            status = "optimal";
            break;
          case M.infeasible:
            status = "infeasible";
            break;
          case M.unbounded:
            status = "unbounded";
            break;
          case M.timeLimit:
            status = "time_limit";
            message = `HiGHS stopped at the time limit (${opts.timeLimit} s)`;
            break;
          case M.iterationLimit:
          case M.solutionLimit:
          case M.objectiveBound:
          case M.objectiveTarget:
          case M.interrupted:
            status = x ? "feasible" : "error";
            message = `HiGHS stopped early (model status ${ms})`;
            break;
          case M.unboundedOrInfeasible:
            status = "error";
            message = "HiGHS: the model is unbounded or infeasible (not distinguished)";
            break;
          default:
            status = "error";
            message = `HiGHS ended with model status ${ms}`;
        }
        if (status === "infeasible" || status === "unbounded") {
          return { status, x: null, objective: null, bound: null, gap: null, seconds: (now() - t0) / 1000 };
        }
        return finishSolution(model, { status, x, bound, seconds: (now() - t0) / 1000, ...(message ? { message } : {}) });
      } catch (e) {
        if (signal?.aborted) throw abortReason(signal);
        // an exception from inside WebAssembly may leave the runtime unusable: reload next time
        const err = e as Error;
        if (err?.name === "RuntimeError" || /memory|abort/i.test(String(err?.message))) {
          hm = null;
          drop();
        }
        return {
          status: "error",
          x: null,
          objective: null,
          bound: null,
          gap: null,
          seconds: (now() - t0) / 1000,
          message: `HiGHS failed on a model with ${model.numCols} variables and ${model.numRows} rows: ${err.message}`,
        };
      } finally {
        try {
          hm?.dispose();
        } catch {
          /* a broken runtime cannot dispose; it was dropped */
        }
      }
    },
  };
}

export default highs;

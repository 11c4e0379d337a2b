import { RunContext, now, type Progress } from "../heuristics/context.js";

/** How to stop and observe an engine run (the engine counterpart of `SolveOptions`). */
export interface RunOptions {
  /** Seconds from now; the search stops there and returns its best (status `time_limit`). */
  timeLimit?: number;
  /** Aborting it makes the engine throw the signal's reason (an `AbortError` if there is none). */
  signal?: AbortSignal;
  /** Called with progress reports, at most every 100 ms. */
  onProgress?: (p: Progress) => void;
  /** Seed for the randomised parts (default 1). */
  seed?: number;
  /** Stop after this many search checkpoints: a deterministic limit (see `SolveOptions.workLimit`). */
  workLimit?: number;
  /** Receives the engines' trace lines (the library never writes to the console). */
  debug?: (message: string) => void;
}

/**
 * Builds the `RunContext` that the exact engines (`pmedianExact`, `mclpExact`, `lscpExact`,
 * `pcenterExact`, `solveSetCover`) and heuristics take: the deadline is `timeLimit` seconds from now.
 */
export function createRunContext(options: RunOptions = {}): RunContext {
  const deadline = options.timeLimit !== undefined ? now() + options.timeLimit * 1000 : Infinity;
  return new RunContext(deadline, options.signal, options.onProgress, options.seed ?? 1, options.workLimit ?? Infinity, options.debug);
}

/**
 * `@siting/worker` — `@siting/core`'s `solve` in a worker: progress events, an `AbortSignal` that
 * terminates the worker, and a hard deadline (a run given `timeLimit` returns within
 * `timeLimit` × 1.1 + 1 s with the best answer it has), plus a pool for independent solves.
 *
 * This is the browser entry (Web Workers; no Node API); Node gets the `worker_threads` one.
 *
 * @packageDocumentation
 */
import { Pool, solveWith, type ProblemArg, type ScenarioArg, type SolvePoolOptions, type WorkerSolveOptions } from "./run.js";
import type { Result } from "@siting/core";
import type { WorkerLike } from "./protocol.js";

export { defaultGrace, type ProblemArg, type ScenarioArg, type SolvePoolOptions, type WorkerSolveOptions } from "./run.js";
export type { CloneableSolveOptions, WorkerLike } from "./protocol.js";

// the DOM's Worker, declared here so that the package needs no DOM typings
declare const Worker: new (url: string | URL, options?: { type?: "module" | "classic"; name?: string }) => WorkerLike;

/**
 * Solves in a worker: the same answer as `solve` from `@siting/core` (input checked here first,
 * with the same errors). Aborting `signal` terminates the worker and rejects with the signal's
 * reason. With `timeLimit`, the worker is terminated at `timeLimit` + `graceSeconds` if it has not
 * answered, and the best solution it had reported is returned, re-evaluated with `evaluate()`
 * (status `time_limit`; no plan when it had none).
 */
export function solveInWorker(scenario: ScenarioArg, problem: ProblemArg, options: WorkerSolveOptions = {}): Promise<Result> {
  return solveWith(defaultWorker, scenario, problem, options);
}

/** Workers for independent solves, at most `size` at once (default: the cores, `navigator.hardwareConcurrency`). */
export class SolvePool {
  private readonly pool: Pool;
  constructor(opts: SolvePoolOptions = {}) {
    this.pool = new Pool(opts, { worker: defaultWorker, size: cores });
  }
  /** Workers at most. */
  get size(): number {
    return this.pool.size;
  }
  /** As `solveInWorker`, on the pool's next free worker (the time limit counts from when it starts there). */
  solve(scenario: ScenarioArg, problem: ProblemArg, options: Omit<WorkerSolveOptions, "worker"> = {}): Promise<Result> {
    return this.pool.solve(scenario, problem, options);
  }
  /** Waits for the solves already asked for, then terminates the workers. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

function cores(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === "number" && n >= 1 ? n : 4;
}

/** A factory of module workers running `script` (e.g. your own script calling `serveSolves({ backends })`). */
export function workerFromScript(script: string | URL): () => WorkerLike {
  return () => new Worker(script, { type: "module" });
}

/**
 * The default worker: this package's `serve-default.js` as a module worker (backends by name
 * through `@siting/core`'s loader, which a bundle cannot follow: bundled apps should pass
 * `worker: () => new Worker(new URL("./my-solve-worker.js", import.meta.url), { type: "module" })`
 * with a script calling `serveSolves({ backends })`).
 */
export function defaultWorker(): WorkerLike {
  if (typeof Worker !== "function") throw new Error("no Web Worker here: pass options.worker, or use the Node entry of @siting/worker");
  return new Worker(new URL("./serve-default.js", import.meta.url), { type: "module" });
}

import type { Progress, Result, SolveOptions, SolverName } from "@siting/core";

/**
 * What a worker must offer: the shape of a Web Worker (`postMessage`, `terminate`, message and
 * error events). In Node, `solveInWorker` adapts a `worker_threads` Worker to it; any other
 * implementation (a test double, a worker from a bundler plugin) works too.
 */
export interface WorkerLike {
  postMessage(message: unknown): void;
  /** Stops the worker at once, whatever it is running. */
  terminate(): unknown;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  addEventListener(type: "error" | "messageerror", listener: (event: { message?: string; error?: unknown }) => void): void;
  removeEventListener?(type: string, listener: (event: never) => void): void;
  /** Node only: let the process exit while the worker idles (`unref`), or not (`ref`). */
  ref?(): void;
  unref?(): void;
}

/** The worker side's end of the channel: `self` in a Web Worker, `parentPort` in Node. */
export interface PortLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}

/** The options that cross to the worker: everything in `SolveOptions` that can be cloned. */
export interface CloneableSolveOptions {
  /** A solver by name: `Backend` objects cannot cross to a worker (serve them by name with `serveSolves({ backends })`). */
  solver?: SolverName;
  timeLimit?: number;
  seed?: number;
  workLimit?: number;
  shakes?: number;
  start?: SolveOptions["start"];
}

export interface SolveRequest {
  type: "siting.solve";
  id: number;
  scenario: unknown;
  problem: unknown;
  options: CloneableSolveOptions;
  /** Wall-clock deadline (`Date.now()` milliseconds) of the soft time limit; the worker's own clock differs from the caller's `performance.now()`. */
  deadline?: number;
}

export type WorkerReply =
  | { type: "siting.progress"; id: number; progress: Progress }
  /** A complete answer the worker already has (cflp: the heuristic's plan before the MIP), for a hard deadline. */
  | { type: "siting.fallback"; id: number; result: Result }
  | { type: "siting.result"; id: number; result: Result }
  | { type: "siting.error"; id: number; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** A `ScenarioError`'s issues. */
  issues?: { path: string; message: string; value?: unknown }[];
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const out: SerializedError = { name: e.name, message: e.message, stack: e.stack };
    const issues = (e as { issues?: unknown }).issues;
    if (Array.isArray(issues)) out.issues = issues.map((i: { path: string; message: string; value?: unknown }) => ({ path: i.path, message: i.message, ...("value" in i ? { value: cloneable(i.value) } : {}) }));
    return out;
  }
  return { name: "Error", message: String(e) };
}

/** A value an issue names, made safe to post (functions and the like become their description). */
function cloneable(v: unknown): unknown {
  if (v === null || ["string", "number", "boolean", "undefined"].includes(typeof v)) return v;
  try {
    return structuredClone(v);
  } catch {
    return String(v);
  }
}

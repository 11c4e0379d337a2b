/**
 * `@siting/worker/serve` — the worker side: call `serveSolves()` in a worker script and
 * `solveInWorker` / `SolvePool` on the other side send it problems.
 *
 * ```ts
 * // solve-worker.ts, loaded with new Worker(new URL("./solve-worker.ts", import.meta.url), { type: "module" })
 * import { serveSolves } from "@siting/worker/serve";
 * import { highs } from "@siting/highs";
 * serveSolves({ backends: { highs: () => highs() } });
 * ```
 *
 * @packageDocumentation
 */
import type { PortLike } from "./protocol.js";
import { serveOn, type ServeOptions } from "./serve-impl.js";

export type { BackendFactory, ServeOptions } from "./serve-impl.js";
export type { PortLike } from "./protocol.js";

/**
 * Answers `solveInWorker` / `SolvePool` requests in this worker: a Web Worker (its global scope is
 * the channel) or, on Node ≥ 20.16, a `worker_threads` worker (its `parentPort`; the package's
 * `node` export condition gives a version for any Node). Backends given by name are used as they
 * are; other names go to `@siting/core`'s loader, which a browser bundle cannot follow — so give
 * the ones you use.
 */
export function serveSolves(options: ServeOptions = {}): void {
  const port = options.port ?? webWorkerScope() ?? nodeParentPort();
  if (!port) throw new Error("serveSolves() must run inside a Web Worker or a worker thread (or get { port })");
  serveOn(port, options);
}

function webWorkerScope(): PortLike | null {
  const g = globalThis as unknown as Partial<PortLike>;
  return typeof g.postMessage === "function" && typeof g.addEventListener === "function" ? (g as PortLike) : null;
}

/** Node's `parentPort`, found without importing a Node module (which a browser bundle must not see). */
function nodeParentPort(): PortLike | null {
  type Port = { postMessage(m: unknown): void; on(type: "message", l: (data: unknown) => void): void };
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const port = (proc?.getBuiltinModule?.("node:worker_threads") as { parentPort?: Port | null } | undefined)?.parentPort;
  if (!port) return null;
  return {
    postMessage: (m) => port.postMessage(m),
    addEventListener: (_type, listener) => void port.on("message", (data) => listener({ data })),
  };
}

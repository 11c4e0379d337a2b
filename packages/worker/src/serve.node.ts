import { parentPort } from "node:worker_threads";
import type { PortLike } from "./protocol.js";
import { serveOn, type ServeOptions } from "./serve-impl.js";

export type { BackendFactory, ServeOptions } from "./serve-impl.js";
export type { PortLike } from "./protocol.js";

/**
 * Answers `solveInWorker` / `SolvePool` requests in this `worker_threads` worker (the channel is
 * `parentPort`). Backends given by name are used as they are; other names go to `@siting/core`'s
 * loader (a dynamic import of `@siting/<name>`).
 */
export function serveSolves(options: ServeOptions = {}): void {
  serveOn(options.port ?? nodePort(), options);
}

function nodePort(): PortLike {
  const port = parentPort;
  if (!port) throw new Error("serveSolves() must run inside a worker thread (node:worker_threads)");
  return {
    postMessage: (m) => port.postMessage(m),
    addEventListener: (_type, listener) => void port.on("message", (data: unknown) => listener({ data })),
  };
}

/**
 * `@siting/worker` — `@siting/core`'s `solve` in a worker: progress events, an `AbortSignal` that
 * terminates the worker, and a hard deadline (a run given `timeLimit` returns within
 * `timeLimit` × 1.1 + 1 s with the best answer it has), plus a pool for independent solves.
 *
 * This is the Node entry (`worker_threads`); browsers and bundlers get the Web Worker one.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { Pool, solveWith, type ProblemArg, type ScenarioArg, type SolvePoolOptions, type WorkerSolveOptions } from "./run.js";
import type { Result } from "@siting/core";
import type { WorkerLike } from "./protocol.js";

export { defaultGrace, type ProblemArg, type ScenarioArg, type SolvePoolOptions, type WorkerSolveOptions } from "./run.js";
export type { CloneableSolveOptions, WorkerLike } from "./protocol.js";

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

/** Workers for independent solves, at most `size` at once (default: the cores, `os.availableParallelism()`). */
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
  return typeof availableParallelism === "function" ? availableParallelism() : Math.max(1, cpus().length);
}

/** A `worker_threads` Worker as a `WorkerLike` (its exit without an answer is an error event). */
export function adaptNodeWorker(w: Worker): WorkerLike {
  type Listener = (ev: never) => void;
  const listeners = new Map<string, Set<Listener>>();
  const emit = (type: string, ev: unknown) => {
    for (const l of listeners.get(type) ?? []) (l as (ev: unknown) => void)(ev);
  };
  let terminated = false;
  w.on("message", (data: unknown) => emit("message", { data }));
  w.on("error", (error: Error) => emit("error", { error, message: error?.message }));
  w.on("messageerror", (error: Error) => emit("messageerror", { error, message: error?.message }));
  w.on("exit", (code: number) => {
    if (!terminated) emit("error", { message: `the worker exited with code ${code}` });
  });
  return {
    postMessage: (m: unknown) => w.postMessage(m),
    terminate: () => {
      terminated = true;
      return w.terminate();
    },
    addEventListener: (type: string, l: Listener) => {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      set.add(l);
    },
    removeEventListener: (type: string, l: Listener) => void listeners.get(type)?.delete(l),
    ref: () => w.ref(),
    unref: () => w.unref(),
  } as WorkerLike;
}

/**
 * A factory of workers running `script` (a file path or URL; e.g. your own script calling
 * `serveSolves({ backends })`). A TypeScript script (`.ts`, `.mts`) runs through tsx's loader,
 * when tsx is installed.
 */
export function workerFromScript(script: string | URL, options: WorkerOptions = {}): () => WorkerLike {
  const url = script instanceof URL ? script : pathToFileURL(script);
  if (/\.m?ts$/.test(url.pathname)) {
    const tsx = tsxApi(dirname(fileURLToPath(url))) ?? tsxApi(process.cwd());
    if (!tsx) throw new Error(`${fileURLToPath(url)} is TypeScript: install tsx to run it in a worker, or build it`);
    const boot = tsxBoot(tsx, url.href);
    return () => adaptNodeWorker(new Worker(boot, { ...options, eval: true }));
  }
  return () => adaptNodeWorker(new Worker(script, options));
}

/** Worker code (evaluated) that registers tsx's loader, then imports the entry. */
function tsxBoot(tsxApiHref: string, entryHref: string): string {
  return `import(${JSON.stringify(tsxApiHref)}).then((m) => { m.register(); return import(${JSON.stringify(entryHref)}); });`;
}

/**
 * The default worker: this package's worker script (`dist/worker.node.js`), which loads MIP
 * backends by name through `@siting/core`'s loader. Run from the TypeScript sources (tests, tsx),
 * it runs `src/worker.node.ts` through tsx's loader so that the worker runs the same sources, or
 * falls back on the built script.
 */
export function defaultWorker(): WorkerLike {
  const { script, options } = defaultScript();
  return adaptNodeWorker(new Worker(script, options));
}

let cached: { script: string | URL; options: WorkerOptions } | null = null;

function defaultScript(): { script: string | URL; options: WorkerOptions } {
  if (cached) return cached;
  const here = import.meta.url;
  if (!/\.[cm]?ts$/.test(new URL(here).pathname)) return (cached = { script: new URL("./worker.node.js", here), options: {} });
  // running from the sources
  const dir = dirname(fileURLToPath(here));
  const tsx = tsxApi(dir);
  if (tsx) return (cached = { script: tsxBoot(tsx, new URL("./worker.node.ts", here).href), options: { eval: true } });
  const built = join(dir, "..", "dist", "worker.node.js");
  if (existsSync(built)) return (cached = { script: built, options: {} });
  throw new Error("@siting/worker runs from its sources here, without tsx to run the worker script: build it (pnpm --filter @siting/worker build) or install tsx");
}

/** The file URL of tsx's ESM registration API, looked up from `dir` upwards, or null. */
function tsxApi(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    const pkg = join(d, "node_modules", "tsx", "package.json");
    if (existsSync(pkg)) {
      try {
        const exp = (JSON.parse(readFileSync(pkg, "utf8")) as { exports?: Record<string, unknown> }).exports?.["./esm/api"] as { import?: { default?: string } | string } | undefined;
        const rel = typeof exp?.import === "string" ? exp.import : exp?.import?.default;
        if (rel) return pathToFileURL(join(dirname(pkg), rel)).href;
      } catch {
        return null;
      }
    }
    if (dirname(d) === d) return null;
  }
}

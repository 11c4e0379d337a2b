import { ScenarioError, isScenario, parseProblem, parseScenario, relativeGap, SOLVERS, type Problem, type Progress, type Result, type Scenario, type solve } from "@siting/core";
import { acceptedByEvaluate, better, noPlan, resultFromOpen } from "./fallback.js";
import type { CloneableSolveOptions, SerializedError, SolveRequest, WorkerLike, WorkerReply } from "./protocol.js";

/** What `solve` takes as the scenario and the problem (so these follow `@siting/core`'s types). */
export type ScenarioArg = Parameters<typeof solve>[0];
export type ProblemArg = Parameters<typeof solve>[1];

export interface WorkerSolveOptions extends CloneableSolveOptions {
  /** Aborting terminates the worker at once; the promise rejects with the signal's reason (an `AbortError` if it has none). */
  signal?: AbortSignal;
  /** Progress events forwarded from the worker (`open`: the best solution's sites, see `Progress`). */
  onProgress?: (p: Progress) => void;
  /** Makes the worker (default: the package's own worker script; see `defaultWorker`). */
  worker?: () => WorkerLike;
  /**
   * With `timeLimit`: seconds the worker may run past it to finish on its own before it is
   * terminated and the best answer it reported is returned instead. Default 5 % of `timeLimit` +
   * 0.5 s, which leaves room to build that answer within `timeLimit` × 1.1 + 1 s.
   */
  graceSeconds?: number;
}

/** The default grace after `timeLimit` (seconds). */
export function defaultGrace(timeLimit: number): number {
  return 0.05 * timeLimit + 0.5;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const e = new Error("the solve was aborted");
  e.name = "AbortError";
  return e;
}

function rebuildError(s: SerializedError): Error {
  const e = s.name === "ScenarioError" && s.issues ? new ScenarioError(s.issues) : new Error(s.message);
  // keep the worker's own message and name (ScenarioError's constructor words its own)
  e.message = s.message;
  e.name = s.name;
  if (s.stack) e.stack = s.stack;
  return e;
}

const NAMES = new Set<string>(SOLVERS);

/** A validated job: what the worker gets and what the caller needs for a hard deadline. */
export interface Job {
  scenario: Scenario;
  problem: Problem;
  problemIn: unknown;
  options: WorkerSolveOptions;
  /** `Date.now()` when the solve started (the caller asked, or a pool's worker became free): the deadline counts from here. */
  t0: number;
}

/** Checks the input on the caller's side (same errors as `solve`), before any worker starts. */
export function prepareJob(scenarioIn: unknown, problemIn: unknown, options: WorkerSolveOptions): Job {
  const t0 = Date.now();
  if (options.signal?.aborted) throw abortError(options.signal);
  const solver: unknown = options.solver;
  if (solver !== undefined && !(typeof solver === "string" && NAMES.has(solver))) {
    const message = typeof solver === "object" && solver !== null
      ? "a Backend object cannot cross to a worker: give the solver by name, and the backend to the worker script (serveSolves({ backends: { name: () => backend } }))"
      : `unknown solver; expected one of ${SOLVERS.join(", ")}`;
    throw new ScenarioError([{ path: "options.solver", message, value: typeof solver === "object" ? (solver as { name?: unknown }).name : solver }], "invalid options");
  }
  const g = options.graceSeconds;
  if (g !== undefined && !(typeof g === "number" && g >= 0 && Number.isFinite(g))) {
    throw new ScenarioError([{ path: "options.graceSeconds", message: "expected a number of seconds ≥ 0", value: g }], "invalid options");
  }
  const scenario = isScenario(scenarioIn) ? scenarioIn : parseScenario(scenarioIn as Parameters<typeof parseScenario>[0]);
  const problem = parseProblem(problemIn as Parameters<typeof parseProblem>[0], scenario) as Problem;
  return { scenario, problem, problemIn, options, t0 };
}

/**
 * One worker and the job it runs. Listeners are attached once per worker (a pool reuses it);
 * `kill` terminates it for good.
 */
export class Channel {
  dead = false;
  busy = false;
  private handler: { message(m: WorkerReply): void; failed(why: string): void } | null = null;

  constructor(readonly worker: WorkerLike) {
    worker.addEventListener("message", (ev) => this.handler?.message(ev.data as WorkerReply));
    const failed = (ev: { message?: string; error?: unknown }) => {
      const why = ev.error instanceof Error ? ev.error.message : (ev.message ?? "unknown error");
      const h = this.handler;
      this.kill();
      h?.failed(why);
    };
    worker.addEventListener("error", failed);
    worker.addEventListener("messageerror", (ev) => failed({ message: `a message could not be read (${ev.message ?? "messageerror"})` }));
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    try {
      void Promise.resolve(this.worker.terminate()).catch(() => undefined);
    } catch {
      // already gone
    }
  }

  /** Runs a job; resolves with the result, rejects on abort or failure. Kills the worker at the hard deadline or on abort. */
  run(job: Job, id: number): Promise<Result> {
    const { scenario, problem, options: o, t0 } = job;
    return new Promise<Result>((resolve, reject) => {
      let lastOpen: number[] | null = null;
      let fallback: Result | null = null;
      let backendPhase: string | null = null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const done = (f: () => void) => {
        if (settled) return;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        o.signal?.removeEventListener("abort", onAbort);
        this.handler = null;
        this.busy = false;
        f();
      };
      const onAbort = () => {
        this.kill();
        done(() => reject(abortError(o.signal as AbortSignal)));
      };
      const solverName = () => backendPhase ?? (o.solver === "exact" ? "highs" : (o.solver ?? "auto"));

      /** At the hard deadline: the best answer the worker reported, re-evaluated here. */
      const atDeadline = () => {
        this.kill();
        const seconds = (Date.now() - t0) / 1000;
        let best: Result | null = null;
        try {
          if (fallback && acceptedByEvaluate(scenario, problem, fallback)) best = fallback;
          const fromOpen = lastOpen ? resultFromOpen(scenario, problem, lastOpen) : null;
          if (better(problem, fromOpen, best)) best = fromOpen;
        } catch {
          best = null;
        }
        const stopped = `the worker was stopped at the hard deadline (${seconds.toFixed(1)} s; time limit ${o.timeLimit} s)`;
        const result: Result = best
          ? { ...best, status: "time_limit", bound: null, gap: null, seconds, solver: solverName(), message: `${stopped}: the best solution it had reported, re-evaluated` }
          : noPlan(scenario, problem, { seconds, solver: solverName(), message: `${stopped} before it reported a solution` });
        done(() => resolve(result));
      };

      this.busy = true;
      this.handler = {
        message: (m) => {
          if (!m || typeof m !== "object" || m.id !== id) return;
          switch (m.type) {
            case "siting.progress": {
              const p = m.progress;
              if (p.open) lastOpen = p.open;
              if (p.phase === "highs" || p.phase === "glpk" || p.phase === "lp-solver") backendPhase = p.phase;
              try {
                o.onProgress?.(p);
              } catch (e) {
                this.kill();
                done(() => reject(e));
              }
              break;
            }
            case "siting.fallback":
              fallback = m.result;
              break;
            case "siting.result": {
              const r = m.result;
              done(() => resolve(preferFallback(scenario, problem, r, fallback)));
              break;
            }
            case "siting.error":
              done(() => reject(rebuildError(m.error)));
              break;
          }
        },
        failed: (why) => {
          this.kill();
          done(() => reject(new Error(`the solve worker failed: ${why}`)));
        },
      };
      if (o.signal) o.signal.addEventListener("abort", onAbort, { once: true });
      if (o.timeLimit !== undefined) {
        const hard = (o.timeLimit + (o.graceSeconds ?? defaultGrace(o.timeLimit))) * 1000;
        timer = setTimeout(atDeadline, Math.max(0, t0 + hard - Date.now()));
      }
      const request: SolveRequest = { type: "siting.solve", id, scenario, problem: job.problemIn, options: cloneable(o) };
      if (o.timeLimit !== undefined) request.deadline = t0 + o.timeLimit * 1000;
      try {
        this.worker.postMessage(request);
      } catch (e) {
        this.kill();
        done(() => reject(e));
      }
    });
  }
}

function cloneable(o: WorkerSolveOptions): CloneableSolveOptions {
  const out: CloneableSolveOptions = {};
  if (o.solver !== undefined) out.solver = o.solver;
  if (o.timeLimit !== undefined) out.timeLimit = o.timeLimit;
  if (o.seed !== undefined) out.seed = o.seed;
  if (o.workLimit !== undefined) out.workLimit = o.workLimit;
  if (o.shakes !== undefined) out.shakes = o.shakes;
  if (o.start !== undefined) out.start = o.start;
  return out;
}

/**
 * The worker's answer, or the plan it sent first (cflp's heuristic) when that is better — e.g. a
 * backend that found nothing in time. The backend's bound still holds for it.
 */
function preferFallback(scenario: Scenario, problem: Problem, r: Result, fallback: Result | null): Result {
  if (!fallback || r.status === "optimal" || r.status === "infeasible" || !better(problem, fallback, r)) return r;
  if (!acceptedByEvaluate(scenario, problem, fallback)) return r;
  const objective = fallback.objective as number;
  const note = `${r.solver}'s answer was ${r.objective === null ? "no plan" : `worse (${r.objective})`}: the heuristic's plan found first`;
  return { ...fallback, status: r.status, bound: r.bound, gap: r.bound !== null ? relativeGap(objective, r.bound) : null, seconds: r.seconds, solver: r.solver, message: r.message ? `${note}; ${r.message}` : note };
}

let nextId = 1;

/** `solveInWorker` with the environment's default worker. */
export async function solveWith(defaultWorker: () => WorkerLike, scenario: unknown, problem: unknown, options: WorkerSolveOptions): Promise<Result> {
  const job = prepareJob(scenario, problem, options);
  const ch = new Channel((options.worker ?? defaultWorker)());
  try {
    return await ch.run(job, nextId++);
  } finally {
    ch.kill();
  }
}

export interface SolvePoolOptions {
  /** Workers at most (default: the number of cores). */
  size?: number;
  /** Makes a worker (default: the package's own worker script). */
  worker?: () => WorkerLike;
}

/**
 * A pool of workers for independent solves (frontier points, scenario sweeps): at most `size`
 * run at once, the rest wait their turn. A worker stopped by an abort or a hard deadline is
 * replaced. `close()` waits for the solves already asked for and terminates the workers.
 */
export class Pool {
  readonly size: number;
  private readonly make: () => WorkerLike;
  private readonly idle: Channel[] = [];
  private readonly all = new Set<Channel>();
  private readonly waiting: (() => void)[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;

  constructor(opts: SolvePoolOptions, defaults: { worker: () => WorkerLike; size: () => number }) {
    const size = opts.size ?? defaults.size();
    if (!(Number.isInteger(size) && size >= 1)) throw new ScenarioError([{ path: "size", message: "expected an integer ≥ 1", value: size }], "invalid pool options");
    this.size = size;
    this.make = opts.worker ?? defaults.worker;
  }

  solve(scenario: unknown, problem: unknown, options: Omit<WorkerSolveOptions, "worker"> = {}): Promise<Result> {
    if (this.closed) return Promise.reject(new Error("the pool is closed"));
    const p = this.run(scenario, problem, options);
    const tracked = p.catch(() => undefined);
    this.running.add(tracked);
    void tracked.then(() => this.running.delete(tracked));
    return p;
  }

  private async run(scenario: unknown, problem: unknown, options: WorkerSolveOptions): Promise<Result> {
    const job = prepareJob(scenario, problem, options);
    const ch = await this.acquire(options.signal);
    job.t0 = Date.now();
    try {
      return await ch.run(job, nextId++);
    } finally {
      this.release(ch);
    }
  }

  private async acquire(signal?: AbortSignal): Promise<Channel> {
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const ch = this.idle.pop();
      if (ch) {
        if (ch.dead) {
          this.all.delete(ch);
          continue;
        }
        ch.worker.ref?.();
        return ch;
      }
      if (this.all.size < this.size) {
        const fresh = new Channel(this.make());
        this.all.add(fresh);
        return fresh;
      }
      await new Promise<void>((wake) => {
        const onAbort = () => {
          const k = this.waiting.indexOf(wake);
          if (k >= 0) this.waiting.splice(k, 1);
          wake();
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        this.waiting.push(() => {
          signal?.removeEventListener("abort", onAbort);
          wake();
        });
      });
    }
  }

  private release(ch: Channel): void {
    if (ch.dead) this.all.delete(ch);
    else {
      ch.worker.unref?.();
      this.idle.push(ch);
    }
    this.waiting.shift()?.();
  }

  /** Waits for the solves already asked for, then terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running.size > 0) await Promise.all([...this.running]);
    for (const ch of this.all) ch.kill();
    this.all.clear();
    this.idle.length = 0;
  }
}

import { isScenario, parseProblem, parseScenario, solutionFromResult, solve, solveSync, type Backend, type Result, type SolveOptions, type SolverName } from "@siting/core";
import { serializeError, type PortLike, type SolveRequest, type WorkerReply } from "./protocol.js";

/** Makes a MIP backend (e.g. `() => highs()` from `@siting/highs`). */
export type BackendFactory = () => Backend | Promise<Backend>;

export interface ServeOptions {
  /**
   * MIP backends by solver name (`highs`, `glpk`, `lp-solver`; `exact` and `auto` use `highs`).
   * Give them in browser bundles: a bundler cannot follow `@siting/core`'s loader, which imports the
   * backend package by a name held in a variable. Names not given here go to that loader.
   */
  backends?: Record<string, BackendFactory>;
  /** The channel to answer on; default the worker's own (`self` in a Web Worker, `parentPort` in Node). */
  port?: PortLike;
}

/** cflp runs that can stall in a MIP backend get the heuristic's plan first (this share of the time, at most this many seconds). */
const CFLP_HEURISTIC_SHARE = 0.1;
const CFLP_HEURISTIC_MAX_SECONDS = 10;

/**
 * Answers solve requests on `port`, one at a time, by calling `@siting/core`'s `solve`. Progress
 * (with the best open sites found so far) goes back as it comes; for cflp under a time limit with
 * a MIP backend, the heuristic's plan is sent first, so that a caller who has to stop the worker
 * at a hard deadline still has a complete answer.
 */
export function serveOn(port: PortLike, options: ServeOptions = {}): void {
  const made = new Map<string, Promise<Backend>>();
  const backend = (name: string): Promise<Backend> | null => {
    const make = options.backends?.[name];
    if (!make) return null;
    let b = made.get(name);
    if (!b) {
      b = Promise.resolve().then(make);
      made.set(name, b);
      b.catch(() => made.delete(name));
    }
    return b;
  };
  let queue: Promise<void> = Promise.resolve();
  port.addEventListener("message", (event) => {
    const req = event.data as SolveRequest | null;
    if (!req || typeof req !== "object" || req.type !== "siting.solve") return;
    queue = queue.then(() => handle(req));
  });

  async function handle(req: SolveRequest): Promise<void> {
    const post = (m: WorkerReply) => port.postMessage(m);
    const { id } = req;
    try {
      const o = req.options ?? {};
      const scenario = isScenario(req.scenario) ? req.scenario : parseScenario(req.scenario as Parameters<typeof parseScenario>[0]);
      const onProgress: SolveOptions["onProgress"] = (progress) => post({ type: "siting.progress", id, progress });
      const base: SolveOptions = { onProgress };
      if (o.seed !== undefined) base.seed = o.seed;
      if (o.workLimit !== undefined) base.workLimit = o.workLimit;
      if (o.shakes !== undefined) base.shakes = o.shakes;
      if (o.start !== undefined) base.start = o.start;
      const left = (): number | undefined => (req.deadline === undefined ? o.timeLimit : Math.max(0.01, (req.deadline - Date.now()) / 1000));
      const name: SolverName = o.solver ?? "auto";
      const problem = req.problem as Parameters<typeof solve>[1];
      const type = (problem as { type?: unknown })?.type;
      const mip = name !== "heuristic" && name !== "engine";

      // (with a start, the heuristic starts from it: the fallback is never worse than the start)
      if (type === "cflp" && mip && left() !== undefined) {
        const slice = Math.min((left() as number) * CFLP_HEURISTIC_SHARE, CFLP_HEURISTIC_MAX_SECONDS);
        try {
          const first = solveSync(scenario, problem, { ...base, solver: "heuristic", timeLimit: Math.max(0.01, slice) });
          if (first.objective !== null && first.status !== "infeasible") {
            solutionFromResult(scenario, first.problem, first); // it maps back onto the scenario
            post({ type: "siting.fallback", id, result: first });
          }
        } catch {
          // no plan to fall back on; the solve below reports whatever is wrong
        }
      }

      let solver: SolverName | Backend = name;
      if (name !== "auto") {
        const given = backend(name === "exact" && !options.backends?.exact ? "highs" : name);
        if (given) solver = await given;
      } else if (type !== "cflp" && options.backends?.highs && parseProblem(problem, scenario).capacitated) {
        // auto = highs for capacitated problems (our engine otherwise)
        solver = await (backend("highs") as Promise<Backend>);
      }
      const timeLimit = left();
      const result = await solve(scenario, problem, timeLimit === undefined ? { ...base, solver } : { ...base, solver, timeLimit });
      post({ type: "siting.result", id, result });
    } catch (e) {
      post({ type: "siting.error", id, error: serializeError(e) });
    }
  }
}

/**
 * `@siting/worker`: solveInWorker agrees with solve, abort terminates the worker, the hard deadline
 * holds where javascript-lp-solver stalls, the pool runs several solves and closes, and the
 * deadline answer is the reported incumbent re-evaluated (with test-double workers).
 *
 * The workers run the package's worker script from the sources (through tsx's loader, as the tests
 * import `@siting/worker` from `packages/worker/src`), or the built one when tsx is missing.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, parseScenario, ScenarioError, solve, solveSync, type Problem, type Result, type Scenario } from "@siting/core";
import { highs } from "@siting/highs";
import { SolvePool, defaultWorker, solveInWorker, workerFromScript, type WorkerLike } from "@siting/worker";
import { reevaluate } from "../cflp/reevaluate.js";
import { PCENTER_P, STALLING_SEEDS, pcenterInstance } from "./instances.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
const capacitated = parseScenario(fixture("capacitated.json"));
const town = parseScenario(fixture("cflp-town.json"));
const townProblem = { type: "cflp", reach: 3000, radius: 1000, coverage: 0.9, minUse: 0.6 } as const;

/** Evaluation must accept the answer and find the same objective. */
function checkEvaluated(scenario: Scenario, r: Result): void {
  const ev = r.problem.type === "cflp" ? reevaluate(scenario, r.problem, r) : evaluate(scenario, r.problem, r.open, r.problem.capacitated ? { assignment: r.assignment.map((a) => a.site) } : {});
  expect(ev.feasible, ev.violations.join("; ")).toBe(true);
  expect(r.objective).not.toBeNull();
  expect(ev.objective).toBeCloseTo(r.objective as number, 6);
}

/** A radius within which every demand point has a site (so that LSCP is feasible). */
function reachAll(scenario: Scenario): number {
  return Math.ceil(evaluate(scenario, { type: "pmedian", p: scenario.sites.length }, scenario.sites.map((s) => s.id)).maxDistance) + 1;
}

/** The default worker, with its termination observable: `exited` settles when the thread is gone. */
function watchedWorker() {
  const seen: { terminated: boolean; exited: Promise<unknown> | null } = { terminated: false, exited: null };
  const factory = (): WorkerLike => {
    const w = defaultWorker();
    const terminate = w.terminate.bind(w);
    w.terminate = () => {
      seen.terminated = true;
      seen.exited = Promise.resolve(terminate());
      return seen.exited;
    };
    return w;
  };
  return { seen, factory };
}

describe("solveInWorker", () => {
  const stall = parseScenario(pcenterInstance(STALLING_SEEDS[0]));
  const small = parseScenario(pcenterInstance(3));

  it("agrees with solve on small instances (four classic problems, MIP backends and the engine)", async () => {
    const cases: [Scenario, Problem, "highs" | "glpk" | "engine" | "lp-solver"][] = [
      [small, { type: "pmedian", p: 3 }, "highs"],
      [small, { type: "pcenter", p: 3 }, "glpk"],
      [small, { type: "mclp", radius: 300, p: 2 }, "engine"],
      [small, { type: "lscp", radius: reachAll(small) }, "highs"],
      [capacitated, { type: "pmedian", p: 5, capacitated: true }, "highs"],
    ];
    for (const [scenario, problem, solver] of cases) {
      const events: number[] = [];
      const w = await solveInWorker(scenario, problem, { solver, onProgress: (p) => events.push(p.seconds) });
      const s = await solve(scenario, problem, { solver });
      expect(w.status, `${problem.type} ${solver}`).toBe("optimal");
      expect(w.status).toBe(s.status);
      expect(w.objective).toBeCloseTo(s.objective as number, 6);
      expect(w.solver).toBe(s.solver);
      expect(events.length).toBeGreaterThan(0);
      checkEvaluated(scenario, w);
    }
  });

  it("agrees with solve on cflp (HiGHS), and accepts raw JSON input", async () => {
    const raw = JSON.parse(fixture("cflp-town.json"));
    const w = await solveInWorker(raw, townProblem, { solver: "highs" });
    const s = await solve(town, townProblem, { solver: "highs" });
    expect(w.status).toBe("optimal");
    expect(w.objective).toBeCloseTo(s.objective as number, 6);
    checkEvaluated(town, w);
  });

  it("checks its input before any worker starts, with solve's errors", async () => {
    let made = 0;
    const worker = () => {
      made++;
      return defaultWorker();
    };
    await expect(solveInWorker(small, { type: "mclp", p: 2 } as never, { worker })).rejects.toBeInstanceOf(ScenarioError);
    await expect(solveInWorker(small, { type: "pmedian", p: 2 }, { solver: highs() as never, worker })).rejects.toThrow(/cannot cross to a worker/);
    expect(made).toBe(0);
  });

  it("abort terminates the worker: the promise rejects at once with an AbortError", async () => {
    const { seen, factory } = watchedWorker();
    const ac = new AbortController();
    const run = solveInWorker(stall, { type: "pcenter", p: PCENTER_P }, { solver: "lp-solver", signal: ac.signal, worker: factory });
    await new Promise((r) => setTimeout(r, 2500));
    const t = performance.now();
    ac.abort();
    const err = await run.then(() => null, (e: unknown) => e as Error);
    expect(performance.now() - t).toBeLessThan(500);
    expect(err?.name).toBe("AbortError");
    expect(seen.terminated).toBe(true);
    // worker_threads' terminate() settles when the thread has stopped
    await expect(seen.exited).resolves.toBeDefined();
  });

  it("uses the backends a worker script gives by name (as browser bundles must)", async () => {
    const worker = workerFromScript(new URL("./fixtures/explicit-backends.ts", import.meta.url));
    const r = await solveInWorker(small, { type: "pmedian", p: 3 }, { solver: "glpk", worker });
    expect(r.solver).toBe("highs");
    expect(r.status).toBe("optimal");
    checkEvaluated(small, r);
  });

  it("an already aborted signal rejects without starting a worker", async () => {
    const ac = new AbortController();
    ac.abort(new Error("stop"));
    let made = 0;
    await expect(solveInWorker(small, { type: "pmedian", p: 2 }, { signal: ac.signal, worker: () => (made++, defaultWorker()) })).rejects.toThrow("stop");
    expect(made).toBe(0);
  });

  it("honours the deadline where javascript-lp-solver stalls: time_limit with the heuristic's answer, re-evaluated", async () => {
    const timeLimit = 3;
    const { seen, factory } = watchedWorker();
    const t = performance.now();
    const r = await solveInWorker(stall, { type: "pcenter", p: PCENTER_P }, { solver: "lp-solver", timeLimit, worker: factory });
    const seconds = (performance.now() - t) / 1000;
    expect(seconds).toBeLessThan(timeLimit * 1.1 + 1.5);
    expect(seen.terminated).toBe(true);
    expect(r.status).toBe("time_limit");
    expect(r.solver).toBe("lp-solver");
    expect(r.message).toMatch(/hard deadline/);
    checkEvaluated(stall, r);
    // the heuristic's answer for this instance (core runs it before the backend)
    const h = solveSync(stall, { type: "pcenter", p: PCENTER_P }, { solver: "heuristic" });
    expect(r.objective as number).toBeLessThanOrEqual((h.objective as number) + 1e-9);
  });
});

describe("SolvePool", () => {
  it("runs several solves on at most `size` workers, then closes", async () => {
    const made: WorkerLike[] = [];
    const pool = new SolvePool({ size: 2, worker: () => (made.push(defaultWorker()), made[made.length - 1]) });
    expect(pool.size).toBe(2);
    const seeds = [1, 2, 3, 4, 5];
    const results = await Promise.all(seeds.map((seed) => pool.solve(pcenterInstance(seed), { type: "pmedian", p: 3 }, { solver: "highs" })));
    expect(made.length).toBeLessThanOrEqual(2);
    for (const [k, seed] of seeds.entries()) {
      const s = await solve(pcenterInstance(seed), { type: "pmedian", p: 3 }, { solver: "highs" });
      expect(results[k].objective).toBeCloseTo(s.objective as number, 6);
    }
    await pool.close();
    await expect(pool.solve(pcenterInstance(1), { type: "pmedian", p: 3 })).rejects.toThrow(/closed/);
  });

  it("defaults to the number of cores", async () => {
    const pool = new SolvePool();
    const { availableParallelism } = await import("node:os");
    expect(pool.size).toBe(availableParallelism());
    await pool.close();
  });
});

/**
 * A worker that answers nothing but what the test scripts: for the deadline logic without real
 * workers. `script(request, post)` runs on each request.
 */
function fakeWorker(script: (req: { id: number; problem: unknown }, post: (m: unknown) => void) => void): () => WorkerLike {
  return () => {
    const listeners: ((ev: { data: unknown }) => void)[] = [];
    return {
      postMessage: (m: unknown) => setTimeout(() => script(m as { id: number; problem: unknown }, (data) => listeners.forEach((l) => l({ data }))), 0),
      terminate: () => undefined,
      addEventListener: (type: string, l: (ev: never) => void) => {
        if (type === "message") listeners.push(l as (ev: { data: unknown }) => void);
      },
    } as WorkerLike;
  };
}

describe("the hard deadline's answer", () => {
  const scenario = parseScenario(pcenterInstance(5));

  it("is the last reported incumbent, re-evaluated (and none without one)", async () => {
    const problem = { type: "pmedian", p: 3 } as const;
    const open = [0, 3, 6]; // indices among the non-forbidden sites
    const worker = fakeWorker((req, post) => post({ type: "siting.progress", id: req.id, progress: { phase: "greedy", seconds: 0.1, objective: 1, open } }));
    const r = await solveInWorker(scenario, problem, { solver: "glpk", timeLimit: 0.2, graceSeconds: 0.1, worker });
    expect(r.status).toBe("time_limit");
    expect(r.bound).toBeNull();
    expect(r.open).toEqual(["s1", "s4", "s7"]);
    checkEvaluated(scenario, r);
    expect(r.objective).toBeCloseTo(evaluate(scenario, r.problem, ["s1", "s4", "s7"]).objective, 9);

    const silent = await solveInWorker(scenario, problem, { solver: "glpk", timeLimit: 0.2, graceSeconds: 0.1, worker: fakeWorker(() => undefined) });
    expect(silent.status).toBe("time_limit");
    expect(silent.objective).toBeNull();
    expect(silent.open).toEqual([]);
    expect(silent.message).toMatch(/before it reported a solution/);
  });

  it("never returns an incumbent that evaluation rejects", async () => {
    // p = 3 but four sites reported: evaluate() rejects it, so there is no plan
    const worker = fakeWorker((req, post) => post({ type: "siting.progress", id: req.id, progress: { phase: "x", seconds: 0, open: [0, 1, 2, 3] } }));
    const r = await solveInWorker(scenario, { type: "pcenter", p: 3 }, { solver: "highs", timeLimit: 0.2, graceSeconds: 0, worker });
    expect(r.objective).toBeNull();
  });

  it("cflp: the plan the worker sent first (its heuristic), checked with evaluate()", async () => {
    const first = solveSync(town, townProblem, { solver: "heuristic" });
    expect(first.objective).not.toBeNull();
    const worker = fakeWorker((req, post) => post({ type: "siting.fallback", id: req.id, result: first }));
    const r = await solveInWorker(town, townProblem, { solver: "highs", timeLimit: 0.2, graceSeconds: 0.1, worker });
    expect(r.status).toBe("time_limit");
    expect(r.objective).toBeCloseTo(first.objective as number, 9);
    checkEvaluated(town, r);
  });
});

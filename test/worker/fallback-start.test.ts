/**
 * The worker's fallback plan for cflp with a MIP backend also comes when the caller gives a start:
 * the heuristic runs from the start and its plan is posted before the backend's result, so a caller
 * that must stop the worker at a hard deadline has a complete answer (before, a run with a start
 * posted nothing and a killed HiGHS left the caller "before it reported a solution").
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenario, solutionFromResult, solveSync, type Result } from "@siting/core";
import { serveOn } from "../../packages/worker/src/serve-impl.js";
import { reevaluate } from "../cflp/reevaluate.js";

const town = parseScenario(readFileSync(new URL("../fixtures/cflp-town.json", import.meta.url), "utf8"));
const townProblem = { type: "cflp", reach: 3000, radius: 1000, coverage: 0.9, minUse: 0.6 } as const;

describe("worker: cflp fallback with a start", () => {
  it("posts the heuristic's plan from the start before the result; it is no dearer than the start and evaluate() accepts it", async () => {
    const first = solveSync(town, townProblem, { solver: "heuristic" });
    expect(first.objective).not.toBeNull();
    const start = solutionFromResult(town, first.problem, first);
    const posted: { type: string; result?: Result }[] = [];
    let listener: ((ev: { data: unknown }) => void) | null = null;
    const done = new Promise<void>((resolve) => {
      serveOn({
        postMessage: (m) => {
          posted.push(m as { type: string; result?: Result });
          if ((m as { type: string }).type === "siting.result" || (m as { type: string }).type === "siting.error") resolve();
        },
        addEventListener: (_type, l) => (listener = l),
      });
    });
    (listener as unknown as (ev: { data: unknown }) => void)({ data: { type: "siting.solve", id: 1, scenario: town, problem: townProblem, options: { solver: "highs", timeLimit: 3, start } } });
    await done;
    const kinds = posted.map((m) => m.type).filter((t) => t !== "siting.progress");
    expect(kinds).toEqual(["siting.fallback", "siting.result"]);
    const fb = posted.find((m) => m.type === "siting.fallback")?.result as Result;
    expect(fb.objective as number).toBeLessThanOrEqual((first.objective as number) + 1e-9);
    const ev = reevaluate(town, fb.problem, fb);
    expect(ev.feasible).toBe(true);
    expect(ev.objective).toBeCloseTo(fb.objective as number, 9);
  });
});

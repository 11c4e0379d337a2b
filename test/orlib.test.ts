/**
 * OR-Library p-median reader and the heuristics on pmed1 (published optima: p-median 5819,
 * p-center 127; see shared/benchmarks/orlib-pmed/README.md and orlib-pcenter/README.md).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evaluate, readOrlibPmedian, solveSync } from "@siting/core";

/** shared/ sits beside the repository (…/main and …/shared), wherever it is cloned. */
const SHARED = fileURLToPath(new URL("../../shared/benchmarks/", import.meta.url));
const PMED = `${SHARED}orlib-pmed/`;
const haveShared = existsSync(`${PMED}pmed1.txt`);
if (!haveShared) console.warn(`[orlib.test] skipping the pmed1 tests: ${PMED}pmed1.txt not found (shared/ benchmarks folder absent)`);

describe("readOrlibPmedian", () => {
  it("duplicate edges: the last line wins (not the minimum)", () => {
    // path 1–2–3; the pair (1,2) is listed twice, first 5 then 9
    const text = " 3 3 1 \n 1 2 5 \n 2 3 4 \n 2 1 9 \n";
    const { scenario, n, p, edges } = readOrlibPmedian(text);
    expect({ n, p, edges }).toEqual({ n: 3, p: 1, edges: 3 });
    const c = scenario.costs as Float64Array;
    const d = (i: number, j: number) => c[(i - 1) * 3 + (j - 1)];
    expect(d(1, 2)).toBe(9);
    expect(d(2, 1)).toBe(9);
    expect(d(1, 3)).toBe(13);
    expect(d(2, 3)).toBe(4);
    expect(d(1, 1)).toBe(0);
    // with keep-minimum the 1-median would be vertex 2 at cost 5 + 4 = 9; last-line-wins gives 13
    expect(solveSync(scenario, { type: "pmedian", p: 1 }).objective).toBe(13);
  });

  it("a shorter path beats a long duplicate edge", () => {
    const { scenario } = readOrlibPmedian(" 3 4 1\n 1 3 100\n 1 2 1\n 2 3 1\n 3 1 50\n");
    const c = scenario.costs as Float64Array;
    expect(c[0 * 3 + 2]).toBe(2);
  });
});

describe.skipIf(!haveShared)("OR-Library pmed1 (needs shared/benchmarks)", () => {
  const text = haveShared ? readFileSync(`${PMED}pmed1.txt`, "utf8") : "";
  const inst = haveShared ? readOrlibPmedian(text) : null;

  it("reads n = 100, p = 5", () => {
    expect(inst?.n).toBe(100);
    expect(inst?.p).toBe(5);
    expect(inst?.edges).toBe(200);
    expect(inst?.scenario.demand).toHaveLength(100);
    expect(inst?.scenario.sites).toHaveLength(100);
  });

  it("p-median reaches the published optimum 5819, confirmed by evaluate", () => {
    const { scenario, p } = inst!;
    const problem = { type: "pmedian" as const, p };
    const r = solveSync(scenario, problem);
    expect(r.objective).toBe(5819);
    expect(r.open).toHaveLength(5);
    const ev = evaluate(scenario, problem, r.open);
    expect(ev.feasible).toBe(true);
    expect(ev.objective).toBe(5819);
    if (r.bound !== null) expect(r.bound).toBeLessThanOrEqual(5819);
  });

  it("p-center: proven at the optimum 127", () => {
    const { scenario, p } = inst!;
    const problem = { type: "pcenter" as const, p };
    const r = solveSync(scenario, problem);
    expect(r.status).toBe("optimal");
    expect(r.objective).toBe(127);
    expect(r.bound).toBe(127);
    const ev = evaluate(scenario, problem, r.open);
    expect(ev.feasible).toBe(true);
    expect(ev.objective).toBe(r.objective);
  });
});

import { evaluate, type Backend } from "@siting/core";
import { decodeSolution, formulate, incumbentFromOpen, objectiveValue, precheck, validateModel } from "@siting/core/lp";
import { glpk } from "@siting/glpk";
import { highs } from "@siting/highs";
import { lpSolver } from "@siting/lp-solver";
import { describe, expect, it } from "vitest";
import { bruteForce } from "./oracle.js";
import { randomCase, VARIANTS } from "./random.js";

const SEEDS = 50;
const backends: Backend[] = [highs(), glpk(), lpSolver()];
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe("the three backends agree with a brute-force oracle on small random instances", () => {
  for (const variant of VARIANTS) {
    it(`${variant}: ${SEEDS} instances`, async () => {
      let feasible = 0;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const c = randomCase(variant, seed);
        const oracle = bruteForce(c.inst, c.spec);
        const pre = precheck(c.inst, c.spec);
        // the precheck only reports what is really infeasible
        if (!pre.feasible) expect(oracle, `${c.name}: precheck said ${pre.reasons.map((r) => r.message).join("; ")}`).toBeNull();
        if (oracle) feasible++;
        const f = formulate(c.inst, c.spec);
        validateModel(f.model);
        if (oracle && !c.spec.capacity) {
          // the oracle's open sites give a feasible warm start with the same objective
          const open = new Uint8Array(c.inst.m);
          for (const j of oracle.open) open[j] = 1;
          const start = incumbentFromOpen(c.inst, f, open);
          expect(start, `${c.name}: incumbentFromOpen`).not.toBeNull();
          expect(close(objectiveValue(f.model, start as Float64Array), oracle.objective), c.name).toBe(true);
        }
        for (const b of backends) {
          const sol = await b.solve(f.model, { timeLimit: 20 });
          const tag = `${c.name} ${b.name}`;
          if (!oracle) {
            expect(sol.status, `${tag}: ${sol.message ?? ""}`).toBe("infeasible");
            expect(sol.x).toBeNull();
            continue;
          }
          expect(sol.status, `${tag}: ${sol.message ?? ""}`).toBe("optimal");
          expect(close(sol.objective as number, oracle.objective), `${tag}: objective ${sol.objective}, oracle ${oracle.objective}`).toBe(true);
          expect(sol.gap).toBe(0);
          const dec = decodeSolution(c.inst, f, sol.x as Float64Array);
          expect(close(dec.objective, oracle.objective), `${tag}: decoded objective ${dec.objective}, oracle ${oracle.objective}`).toBe(true);
          // independent check by evaluate()
          const ids = (j: number) => c.scenario.sites[j].id;
          const modules: Record<string, number> = {};
          dec.size.forEach((k, j) => {
            if (k >= 0) modules[ids(j)] = k;
          });
          const ev = evaluate(c.scenario, c.problem, dec.open.map(ids), {
            assignment: Array.from(dec.assignment, (j) => (j >= 0 ? ids(j) : null)),
            modules,
          });
          expect(ev.violations, tag).toEqual([]);
          expect(close(ev.objective, oracle.objective), `${tag}: evaluate() objective ${ev.objective}, oracle ${oracle.objective}`).toBe(true);
        }
      }
      // not vacuous: most instances have a solution
      expect(feasible).toBeGreaterThanOrEqual(SEEDS / 2);
    });
  }
});

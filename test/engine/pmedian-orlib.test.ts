import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildInstance, buildNeighbors, pcenterExact, pmedianExact, readOrlibPmedian } from "@siting/core";
import { RunContext } from "../../packages/core/src/heuristics/context.js";

const DIR = "/work/shared/benchmarks/orlib-pmed";
const PMEDIAN: Record<number, number> = { 1: 5819, 2: 4093, 3: 4250, 4: 3034, 5: 1355 };
const PCENTER: Record<number, number> = { 1: 127, 2: 98, 3: 93, 4: 74, 5: 48 };

describe("p-median and p-center engines on OR-Library pmed1–pmed5", () => {
  for (const k of [1, 2, 3, 4, 5]) {
    it(`pmed${k} is proven optimal at the published value`, () => {
      const o = readOrlibPmedian(readFileSync(`${DIR}/pmed${k}.txt`, "utf8"));
      const inst = buildInstance(o.scenario);
      const nb = buildNeighbors(inst);
      const r = pmedianExact(inst, nb, { p: o.p, budget: Infinity }, new RunContext());
      expect(r.status).toBe("optimal");
      expect(r.objective).toBe(PMEDIAN[k]);
      expect(r.bound).toBe(PMEDIAN[k]);
      let count = 0;
      for (const v of r.open) count += v;
      expect(count).toBe(o.p);
    });
    it(`pmed${k} p-center is proven optimal at the published value`, () => {
      const o = readOrlibPmedian(readFileSync(`${DIR}/pmed${k}.txt`, "utf8"));
      const inst = buildInstance(o.scenario);
      const r = pcenterExact(inst, buildNeighbors(inst), o.p, new RunContext());
      expect(r.status).toBe("optimal");
      expect(r.objective).toBe(PCENTER[k]);
      expect(r.bound).toBe(PCENTER[k]);
      expect(r.open.reduce((s, v) => s + v, 0)).toBeLessThanOrEqual(o.p);
    });
  }
});

/**
 * The p-median and p-center engines on OR-Library pmed1–pmed5 (published optima in
 * shared/benchmarks/orlib-pmed/README.md and orlib-pcenter/README.md): each proven at the published
 * value, and its open sites re-evaluated by `evaluate()`. shared/ sits beside the repository; the
 * tests are skipped, visibly, when it is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildInstance, buildNeighbors, evaluate, readOrlibPmedian } from "@siting/core";
import { RunContext, pcenterExact, pmedianExact } from "@siting/core/lp";

const DIR = fileURLToPath(new URL("../../../shared/benchmarks/orlib-pmed/", import.meta.url));
const haveShared = existsSync(`${DIR}pmed1.txt`);
if (!haveShared) console.warn(`[pmedian-orlib.test] skipping: ${DIR}pmed1.txt not found (shared/ benchmarks folder absent)`);
const PMEDIAN: Record<number, number> = { 1: 5819, 2: 4093, 3: 4250, 4: 3034, 5: 1355 };
const PCENTER: Record<number, number> = { 1: 127, 2: 98, 3: 93, 4: 74, 5: 48 };

const ids = (o: { scenario: { sites: { id: string }[] } }, open: Uint8Array) => o.scenario.sites.filter((_, j) => open[j]).map((s) => s.id);

describe.skipIf(!haveShared)("p-median and p-center engines on OR-Library pmed1–pmed5", () => {
  for (const k of [1, 2, 3, 4, 5]) {
    it(`pmed${k} is proven optimal at the published value`, () => {
      const o = readOrlibPmedian(readFileSync(`${DIR}pmed${k}.txt`, "utf8"));
      const inst = buildInstance(o.scenario);
      const nb = buildNeighbors(inst);
      const r = pmedianExact(inst, nb, { p: o.p, budget: Infinity }, new RunContext());
      expect(r.status).toBe("optimal");
      expect(r.objective).toBe(PMEDIAN[k]);
      expect(r.bound).toBe(PMEDIAN[k]);
      let count = 0;
      for (const v of r.open) count += v;
      expect(count).toBe(o.p);
      const ev = evaluate(o.scenario, { type: "pmedian", p: o.p }, ids(o, r.open));
      expect(ev.feasible).toBe(true);
      expect(ev.objective).toBe(PMEDIAN[k]);
    });
    it(`pmed${k} p-center is proven optimal at the published value`, () => {
      const o = readOrlibPmedian(readFileSync(`${DIR}pmed${k}.txt`, "utf8"));
      const inst = buildInstance(o.scenario);
      const r = pcenterExact(inst, buildNeighbors(inst), o.p, new RunContext());
      expect(r.status).toBe("optimal");
      expect(r.objective).toBe(PCENTER[k]);
      expect(r.bound).toBe(PCENTER[k]);
      expect(r.open.reduce((s, v) => s + v, 0)).toBeLessThanOrEqual(o.p);
      const ev = evaluate(o.scenario, { type: "pcenter", p: o.p }, ids(o, r.open));
      expect(ev.feasible).toBe(true);
      expect(ev.objective).toBe(PCENTER[k]);
    });
  }
});

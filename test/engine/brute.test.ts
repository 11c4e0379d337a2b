import { describe, expect, it } from "vitest";
import { buildCoverage, buildInstance, buildNeighbors, mulberry32 } from "@siting/core";
import { RunContext, lscpExact, mclpExact, pcenterExact, pmedianExact } from "@siting/core/lp";
import { bruteCenter, bruteLscp, bruteMclp, bruteMedian, centerValue, fits, lscpValue, mclpValue, medianValue, randomScenario } from "./oracle.js";

const N_CASES = 60;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function cases(salt: number) {
  return Array.from({ length: N_CASES }, (_, k) => {
    const r = mulberry32(1000 * salt + k);
    const n = 4 + Math.floor(r() * 12);
    const m = 2 + Math.floor(r() * 9);
    return {
      k,
      n,
      m,
      opts: { costs: r() < 0.4, existing: r() < 0.3 ? 1 + Math.floor(r() * 2) : 0, zeroWeights: r() < 0.3, matrix: r() < 0.4 },
      r,
    };
  });
}

const count = (o: Uint8Array) => o.reduce((s, v) => s + v, 0);

// every engine answer is re-evaluated from its open sites (the oracle's own value functions), not trusted
describe("engine vs brute force (all site subsets)", () => {
  it(`p-median (with and without budget) on ${N_CASES} random instances`, () => {
    let averaged = 0;
    for (const c of cases(1)) {
      const sc = randomScenario(c.k + 1, c.n, c.m, c.opts);
      const inst = buildInstance(sc);
      let E = 0;
      for (const e of inst.existing) E += e;
      const p = Math.max(E, 1 + Math.floor(c.r() * Math.min(4, c.m)));
      const budget = inst.hasCosts && c.r() < 0.6 ? 5 + Math.floor(c.r() * 30) : Infinity;
      const lim = { p: budget < Infinity && c.r() < 0.5 ? Infinity : p, budget };
      const want = bruteMedian(inst.n, inst.weight, inst.dist, inst.existing, inst.cost, lim);
      const got = pmedianExact(inst, buildNeighbors(inst), lim, new RunContext());
      if (!Number.isFinite(want)) {
        expect(got.status, `case ${c.k}`).toBe("infeasible");
        continue;
      }
      expect(got.status, `case ${c.k}`).toBe("optimal");
      const value = medianValue(got.open, inst.n, inst.weight, inst.dist);
      expect(fits(got.open, inst.existing, inst.cost, lim), `case ${c.k}: open set breaks p, budget or existing`).toBe(true);
      expect(close(value, want), `case ${c.k}: open sites give ${value}, optimum ${want}`).toBe(true);
      expect(close(got.objective, value), `case ${c.k}: reported ${got.objective}, open sites give ${value}`).toBe(true);
      expect(count(got.open)).toBeLessThanOrEqual(lim.p);
      // the root's Lagrangian heuristic from the first iteration, on k-nearest lists and a plain greedy incumbent
      const k = Math.max(2, inst.m >> 1);
      const traced = { lh: 0 };
      const ctx = new RunContext(Infinity, undefined, undefined, 1, Infinity, (msg) => void (msg.startsWith("pmedian average heuristic") && traced.lh++));
      const got2 = pmedianExact(inst, buildNeighbors(inst, k), lim, ctx, undefined, { shakes: 0, rootHeuristic: { fromIteration: 0, afterMs: 0 } });
      averaged += traced.lh > 0 ? 1 : 0;
      expect(got2.status, `case ${c.k} (root heuristic, ${k} nearest)`).toBe("optimal");
      const value2 = medianValue(got2.open, inst.n, inst.weight, inst.dist);
      expect(fits(got2.open, inst.existing, inst.cost, lim), `case ${c.k}: open set breaks p, budget or existing`).toBe(true);
      expect(close(value2, want), `case ${c.k} (root heuristic): open sites give ${value2}, optimum ${want}`).toBe(true);
      expect(close(got2.objective, value2), `case ${c.k} (root heuristic): reported ${got2.objective}, open sites give ${value2}`).toBe(true);
    }
    // the heuristic ran in some cases (not every root outlasts a first incumbent)
    expect(averaged).toBeGreaterThan(0);
  });

  it(`p-center on ${N_CASES} random instances`, () => {
    for (const c of cases(2)) {
      const sc = randomScenario(c.k + 7, c.n, c.m, c.opts);
      const inst = buildInstance(sc);
      let E = 0;
      for (const e of inst.existing) E += e;
      const p = Math.max(E, 1 + Math.floor(c.r() * Math.min(4, c.m)));
      const want = bruteCenter(inst.n, inst.weight, inst.dist, inst.existing, p);
      const got = pcenterExact(inst, buildNeighbors(inst), p, new RunContext());
      expect(got.status, `case ${c.k}`).toBe("optimal");
      const value = centerValue(got.open, inst.n, inst.weight, inst.dist);
      expect(fits(got.open, inst.existing, new Float64Array(inst.m), { p, budget: Infinity }), `case ${c.k}`).toBe(true);
      expect(close(value, want), `case ${c.k}: open sites give ${value}, optimum ${want}`).toBe(true);
      expect(close(got.objective, value), `case ${c.k}: reported ${got.objective}, open sites give ${value}`).toBe(true);
      expect(count(got.open)).toBeLessThanOrEqual(p);
    }
  });

  it(`LSCP (count and cost) on ${N_CASES} random instances`, () => {
    for (const c of cases(3)) {
      const sc = randomScenario(c.k + 13, c.n, c.m, c.opts);
      const inst = buildInstance(sc);
      const radius = sc.costs ? 10 + Math.floor(c.r() * 40) : 20 + Math.floor(c.r() * 60);
      const byCount = !inst.hasCosts || c.r() < 0.3;
      const want = bruteLscp(inst.n, inst.weight, inst.dist, inst.existing, inst.cost, radius, byCount);
      const got = lscpExact(inst, buildCoverage(inst, radius), new RunContext(), undefined, { countSites: byCount });
      if (!Number.isFinite(want)) {
        expect(got.status, `case ${c.k}`).toBe("infeasible");
        continue;
      }
      expect(got.status, `case ${c.k}`).toBe("optimal");
      const value = lscpValue(got.open, inst.n, inst.weight, inst.dist, inst.existing, inst.cost, radius, byCount);
      expect(close(value, want), `case ${c.k}: open sites give ${value}, optimum ${want}`).toBe(true);
      expect(close(got.objective, value), `case ${c.k}: reported ${got.objective}, open sites give ${value}`).toBe(true);
    }
  });

  it(`MCLP (with and without budget) on ${N_CASES} random instances`, () => {
    for (const c of cases(4)) {
      const sc = randomScenario(c.k + 19, c.n, c.m, c.opts);
      const inst = buildInstance(sc);
      let E = 0;
      for (const e of inst.existing) E += e;
      const radius = sc.costs ? 10 + Math.floor(c.r() * 40) : 15 + Math.floor(c.r() * 40);
      const p = Math.max(E, 1 + Math.floor(c.r() * Math.min(4, c.m)));
      const budget = inst.hasCosts && c.r() < 0.6 ? 5 + Math.floor(c.r() * 30) : Infinity;
      const lim = { p: budget < Infinity && c.r() < 0.5 ? Infinity : p, budget };
      const want = bruteMclp(inst.n, inst.weight, inst.dist, inst.existing, inst.cost, radius, lim);
      const got = mclpExact(inst, buildCoverage(inst, radius), lim, new RunContext());
      expect(got.status, `case ${c.k}`).toBe("optimal");
      const value = mclpValue(got.open, inst.n, inst.weight, inst.dist, radius);
      expect(fits(got.open, inst.existing, inst.cost, lim), `case ${c.k}: open set breaks p, budget or existing`).toBe(true);
      expect(close(value, want), `case ${c.k}: open sites give ${value}, optimum ${want}`).toBe(true);
      expect(close(got.objective, value), `case ${c.k}: reported ${got.objective}, open sites give ${value}`).toBe(true);
    }
  });
});

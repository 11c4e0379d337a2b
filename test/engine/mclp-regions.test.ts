import { describe, expect, it } from "vitest";
import { buildCoverage, buildInstance } from "@siting/core";
import { RunContext, mclpExact, mclpRegions, type RegionSolver } from "@siting/core/lp";
import { bruteMclp, fits, listScenario, mclpValue, randomScenario } from "./oracle.js";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const solveRegion: RegionSolver = (si, sc, sl, sctx, inc) => mclpExact(si, sc, sl, sctx, inc, { regions: false });

/** Rows of the instance's coverage for the points with weight > 0 and some covering site, with their weights (no existing sites). */
function rowsOf(inst: ReturnType<typeof buildInstance>, radius: number) {
  const cov = buildCoverage(inst, radius);
  const ptr: number[] = [0];
  const idx: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < inst.n; i++) {
    const a = cov.byDemand.ptr[i];
    const b = cov.byDemand.ptr[i + 1];
    if (!(inst.weight[i] > 0) || b === a) continue;
    for (let k = a; k < b; k++) idx.push(cov.byDemand.idx[k]);
    ptr.push(idx.length);
    w.push(inst.weight[i]);
  }
  return { csr: { rows: w.length, cols: inst.m, ptr: Uint32Array.from(ptr), idx: Uint32Array.from(idx) }, weight: Float64Array.from(w) };
}

describe("MCLP engine: exact region search (mclpRegions)", () => {
  it("reaches the brute-force optimum when one region holds every site (two 5-cycles and a point every site covers, p = 5)", () => {
    // edges of two 5-cycles (vertices = sites), plus a hub point covered by every site: every site
    // shares a row with every other, so a region around any open site frees all ten
    const rows: number[][] = [];
    for (const o of [0, 5]) for (let k = 0; k < 5; k++) rows.push([o + k, o + ((k + 1) % 5)]);
    rows.push([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const inst = buildInstance(listScenario(rows, 10, [5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 1]));
    const lim = { p: 5, budget: Infinity };
    const want = bruteMclp(inst.n, inst.weight, inst.dist, inst.existing, inst.cost, 1, lim);
    const { csr, weight } = rowsOf(inst, 1);
    // a poor start: the five vertices of the first cycle
    const open = Uint8Array.from([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    const start = mclpValue(open, inst.n, inst.weight, inst.dist, 1);
    const offered: number[] = [];
    const ctx = new RunContext(performance.now() + 30_000);
    const r = mclpRegions(csr, weight, inst, lim, ctx, open, performance.now() + 30_000, solveRegion, (o) => offered.push(mclpValue(o, inst.n, inst.weight, inst.dist, 1)));
    const value = mclpValue(open, inst.n, inst.weight, inst.dist, 1);
    expect(start).toBeLessThan(want);
    expect(fits(open, inst.existing, inst.cost, lim)).toBe(true);
    expect(close(value, want), `regions end at ${value}, optimum ${want}`).toBe(true);
    expect(r.improved).toBeGreaterThan(0);
    expect(offered.at(-1)).toBe(value);
  });

  it("never worsens a plan and keeps p and the budget (random instances with site costs, from a greedy-free start)", () => {
    for (let k = 0; k < 30; k++) {
      const inst = buildInstance(randomScenario(8100 + k, 30 + (k % 10), 12 + (k % 6), { costs: k % 2 === 0 }));
      const radius = 15 + (k % 4) * 5;
      const lim = { p: 3 + (k % 3), budget: k % 2 === 0 ? 25 + (k % 5) * 5 : Infinity };
      const { csr, weight } = rowsOf(inst, radius);
      // the start: sites in index order while they fit
      const open = new Uint8Array(inst.m);
      let c = 0;
      let spent = 0;
      for (let j = 0; j < inst.m; j++) {
        if (c < lim.p && spent + inst.cost[j] <= lim.budget) {
          open[j] = 1;
          c++;
          spent += inst.cost[j];
        }
      }
      const start = mclpValue(open, inst.n, inst.weight, inst.dist, radius);
      let last = start;
      const ctx = new RunContext(performance.now() + 30_000);
      mclpRegions(csr, weight, inst, lim, ctx, open, performance.now() + 30_000, solveRegion, (o) => {
        const v = mclpValue(o, inst.n, inst.weight, inst.dist, radius);
        expect(v, `case ${k}: an offered plan improves`).toBeGreaterThan(last);
        expect(fits(o, inst.existing, inst.cost, lim), `case ${k}: an offered plan fits p and the budget`).toBe(true);
        last = v;
      });
      const value = mclpValue(open, inst.n, inst.weight, inst.dist, radius);
      expect(value).toBeGreaterThanOrEqual(start);
      expect(value).toBe(last);
      expect(fits(open, inst.existing, inst.cost, lim)).toBe(true);
      expect(value).toBeLessThanOrEqual(bruteMclp(inst.n, inst.weight, inst.dist, inst.existing, inst.cost, radius, lim) + 1e-9);
    }
  });

  it("mclpExact with a time limit stays exact where the root runs the regions (random instances against brute force)", () => {
    let ran = 0;
    for (let k = 0; k < 60; k++) {
      const inst = buildInstance(randomScenario(8300 + k, 60, 16, { costs: k % 3 === 0, existing: k % 4 === 0 ? 1 : 0 }));
      const radius = 20 + (k % 3) * 5;
      const lim = { p: 3 + (k % 3), budget: k % 3 === 0 ? 30 : Infinity };
      const want = bruteMclp(inst.n, inst.weight, inst.dist, inst.existing, inst.cost, radius, lim);
      let regions = false;
      const ctx = new RunContext(performance.now() + 30_000, undefined, undefined, 1, Infinity, (s) => {
        if (s.startsWith("mclp regions:")) regions = true;
      });
      // a poor incumbent (nothing but the existing sites) so that the root's gap is wide
      const got = mclpExact(inst, buildCoverage(inst, radius), lim, ctx, Uint8Array.from(inst.existing));
      const value = mclpValue(got.open, inst.n, inst.weight, inst.dist, radius);
      expect(got.status).toBe("optimal");
      expect(fits(got.open, inst.existing, inst.cost, lim)).toBe(true);
      expect(close(value, want), `case ${k}: open sites give ${value}, optimum ${want}`).toBe(true);
      expect(close(got.bound, want)).toBe(true);
      if (regions) ran++;
    }
    expect(ran, "instances where the root ran the regions").toBeGreaterThanOrEqual(5);
  });
});

import { describe, expect, it } from "vitest";
import { buildCoverage, buildInstance, evaluate, mulberry32, solveSync, type Scenario } from "@siting/core";
import { RunContext, lscpExact, mclpExact, solveSetCover } from "@siting/core/lp";
import { mergeRows } from "../../packages/core/src/engine/merge.js";
import { bruteLscp, bruteMclp, fits, lscpValue, mclpValue } from "./oracle.js";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Demand on a k×k grid (spacing `step`), sites at random integer points: neighbouring grid points
 * often see the same sites, so merging has work to do.
 */
function gridScenario(seed: number, k: number, step: number, m: number, o: { costs?: boolean; existing?: number; zeroWeights?: boolean } = {}): Scenario {
  const r = mulberry32(seed);
  const demand = [];
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    demand.push({ id: `d${a}-${b}`, x: a * step, y: b * step, weight: o.zeroWeights && r() < 0.2 ? 0 : 1 + Math.floor(r() * 9), properties: {} });
  }
  const ex = new Set<number>();
  while (ex.size < Math.min(o.existing ?? 0, m)) ex.add(Math.floor(r() * m));
  const span = (k - 1) * step;
  const sites = Array.from({ length: m }, (_, j) => ({
    id: `s${j}`,
    x: Math.floor(r() * (span + 1)),
    y: Math.floor(r() * (span + 1)),
    existing: ex.has(j),
    forbidden: false,
    cost: o.costs ? 1 + Math.floor(r() * 20) : undefined,
    properties: {},
  }));
  return { kind: "siting.scenario", demand, sites, coords: "xy", metric: "euclidean", costs: null, format: "json", hasCosts: !!o.costs } as unknown as Scenario;
}

function cases(salt: number, count: number) {
  return Array.from({ length: count }, (_, c) => {
    const r = mulberry32(7919 * salt + c);
    const opts = { costs: r() < 0.4, existing: r() < 0.3 ? 1 + Math.floor(r() * 2) : 0, zeroWeights: r() < 0.3 };
    const sc = gridScenario(100 * salt + c, 6 + Math.floor(r() * 5), 2 + Math.floor(r() * 3), 4 + Math.floor(r() * 9), opts);
    return { c, r, sc, inst: buildInstance(sc) };
  });
}

describe("mergeRows", () => {
  it("groups exactly the rows with equal site lists and sums their weights", () => {
    let merged = 0;
    for (const { c, inst, r } of cases(1, 30)) {
      const cov = buildCoverage(inst, 3 + Math.floor(r() * 12));
      const { ptr, idx } = cov.byDemand;
      const select: number[] = [];
      for (let i = 0; i < inst.n; i++) if (r() < 0.8) select.push(i);
      const g = mergeRows(cov.byDemand, select, inst.weight);
      const key = (p: Uint32Array, x: Uint32Array, i: number) => Array.from(x.subarray(p[i], p[i + 1])).join(",");
      const keys = new Map<string, number>();
      for (const i of select) if (!keys.has(key(ptr, idx, i))) keys.set(key(ptr, idx, i), keys.size);
      expect(g.csr.rows, `case ${c}`).toBe(keys.size);
      merged += select.length - g.csr.rows;
      const sum = new Float64Array(g.csr.rows);
      const chosen = new Set(select);
      for (let i = 0; i < inst.n; i++) {
        if (!chosen.has(i)) {
          expect(g.groupOf[i]).toBe(-1);
          continue;
        }
        const q = g.groupOf[i];
        expect(key(g.csr.ptr, g.csr.idx, q), `case ${c}: row ${i}`).toBe(key(ptr, idx, i));
        expect(keys.get(key(ptr, idx, i))).toBe(q);
        sum[q] += inst.weight[i];
      }
      for (let q = 0; q < g.csr.rows; q++) {
        expect(close(g.weight[q], sum[q])).toBe(true);
        expect(g.groupOf[g.first[q]]).toBe(q);
      }
      // merge: false keeps every selected row as its own group
      const id = mergeRows(cov.byDemand, select, inst.weight, false);
      expect(id.csr.rows).toBe(select.length);
      for (let q = 0; q < select.length; q++) expect(key(id.csr.ptr, id.csr.idx, q)).toBe(key(ptr, idx, select[q]));
    }
    expect(merged).toBeGreaterThan(100);
  });
});

// every answer is re-evaluated on the original demand points (the oracle's value functions)
describe("merging equal site sets is exact", () => {
  it("MCLP: merged and unmerged engines reach the brute-force optimum on grid instances", () => {
    let reduced = 0;
    for (const { c, r, inst } of cases(2, 40)) {
      let E = 0;
      for (const e of inst.existing) E += e;
      const radius = 3 + Math.floor(r() * 10);
      const p = Math.max(E, 1 + Math.floor(r() * Math.min(4, inst.m)));
      const budget = inst.hasCosts && r() < 0.5 ? 5 + Math.floor(r() * 30) : Infinity;
      const lim = { p: budget < Infinity && r() < 0.5 ? Infinity : p, budget };
      const cov = buildCoverage(inst, radius);
      if (mergeRows(cov.byDemand).csr.rows < inst.n) reduced++;
      const want = bruteMclp(inst.n, inst.weight, inst.dist, inst.existing, inst.cost, radius, lim);
      for (const merge of [true, false]) {
        const got = mclpExact(inst, cov, lim, new RunContext(), undefined, { merge });
        const tag = `case ${c}, merge ${merge}`;
        expect(got.status, tag).toBe("optimal");
        expect(fits(got.open, inst.existing, inst.cost, lim), `${tag}: open set breaks p, budget or existing`).toBe(true);
        const value = mclpValue(got.open, inst.n, inst.weight, inst.dist, radius);
        expect(close(value, want), `${tag}: open sites give ${value}, optimum ${want}`).toBe(true);
        expect(close(got.objective, value), `${tag}: reported ${got.objective}, open sites give ${value}`).toBe(true);
        expect(close(got.bound, value), tag).toBe(true);
      }
    }
    expect(reduced).toBeGreaterThan(30);
  });

  it("LSCP (count and cost): merged and unmerged engines reach the brute-force optimum on grid instances", () => {
    for (const { c, r, inst } of cases(3, 40)) {
      const radius = 4 + Math.floor(r() * 12);
      const byCount = !inst.hasCosts || r() < 0.3;
      const cov = buildCoverage(inst, radius);
      const want = bruteLscp(inst.n, inst.weight, inst.dist, inst.existing, inst.cost, radius, byCount);
      for (const merge of [true, false]) {
        const got = lscpExact(inst, cov, new RunContext(), undefined, { countSites: byCount, merge });
        const tag = `case ${c}, merge ${merge}`;
        if (!Number.isFinite(want)) {
          expect(got.status, tag).toBe("infeasible");
          continue;
        }
        expect(got.status, tag).toBe("optimal");
        const value = lscpValue(got.open, inst.n, inst.weight, inst.dist, inst.existing, inst.cost, radius, byCount);
        expect(close(value, want), `${tag}: open sites give ${value}, optimum ${want}`).toBe(true);
        expect(close(got.objective, value), `${tag}: reported ${got.objective}, open sites give ${value}`).toBe(true);
      }
    }
  });

  it("set covering with duplicate rows: same optimum merged and unmerged", () => {
    for (let c = 0; c < 30; c++) {
      const r = mulberry32(31 + c);
      const cols = 4 + Math.floor(r() * 8);
      const distinct = 3 + Math.floor(r() * 8);
      const base: number[][] = [];
      for (let q = 0; q < distinct; q++) {
        const row = [];
        for (let j = 0; j < cols; j++) if (r() < 0.35) row.push(j);
        if (row.length === 0) row.push(Math.floor(r() * cols));
        base.push(row);
      }
      // each distinct row several times, interleaved
      const rows: number[][] = [];
      for (let t = 0; t < 3; t++) for (const row of base) if (t === 0 || r() < 0.7) rows.push(row);
      const ptr = new Uint32Array(rows.length + 1);
      rows.forEach((row, q) => (ptr[q + 1] = ptr[q] + row.length));
      const idx = Uint32Array.from(rows.flat());
      const cost = Float64Array.from({ length: cols }, () => 1 + Math.floor(r() * 5));
      // brute force over column subsets
      let want = Infinity;
      for (let mask = 0; mask < 1 << cols; mask++) {
        if (!rows.every((row) => row.some((j) => (mask >> j) & 1))) continue;
        let s = 0;
        for (let j = 0; j < cols; j++) if ((mask >> j) & 1) s += cost[j];
        want = Math.min(want, s);
      }
      for (const merge of [true, false]) {
        const res = solveSetCover({ rows: rows.length, cols, ptr, idx, cost }, new RunContext(), { integral: true, merge });
        expect(res.status).toBe("optimal");
        const sel = res.sel as Uint8Array;
        expect(rows.every((row) => row.some((j) => sel[j]))).toBe(true);
        let s = 0;
        for (let j = 0; j < cols; j++) if (sel[j]) s += cost[j];
        expect(s, `case ${c}, merge ${merge}`).toBe(want);
        expect(res.objective).toBe(want);
      }
    }
  });

  it("solve: the answer refers to the original demand points", () => {
    for (const { c, r, sc } of cases(4, 8)) {
      const radius = 4 + Math.floor(r() * 8);
      for (const problem of [{ type: "mclp" as const, p: 2, radius }, { type: "lscp" as const, radius }]) {
        const res = solveSync(sc, problem, { solver: "engine" });
        if (res.status === "infeasible") continue;
        expect(res.status, `case ${c} ${problem.type}`).toBe("optimal");
        expect(res.assignment.length).toBe(sc.demand.length);
        const ev = evaluate(sc, res.problem, res.open);
        expect(ev.objective).toBe(res.objective);
        if (problem.type === "mclp") {
          let covered = 0;
          res.assignment.forEach((a, i) => (covered += a.covered ? sc.demand[i].weight : 0));
          expect(covered).toBe(res.objective);
        }
      }
    }
  });
});

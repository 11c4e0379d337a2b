import { describe, expect, it } from "vitest";
import { buildCoverage, buildInstance, mulberry32, transpose } from "@siting/core";
import { RunContext, mclpExact } from "@siting/core/lp";
import { separateTriangles } from "../../packages/core/src/engine/mclp-cuts.js";
import { bruteMclp, fits, listScenario, mclpValue } from "./oracle.js";

describe("MCLP odd-set (triangle) cuts", () => {
  it("every separated cut holds at every integer site choice with its best coverage (random rows, random fractional points)", () => {
    const r = mulberry32(11);
    let checked = 0;
    for (let t = 0; t < 300; t++) {
      const m = 3 + Math.floor(r() * 6);
      const n = 3 + Math.floor(r() * 9);
      const rows: number[][] = [];
      for (let i = 0; i < n; i++) {
        const row: number[] = [];
        for (let j = 0; j < m; j++) if (r() < 0.4) row.push(j);
        if (row.length === 0) row.push(Math.floor(r() * m));
        rows.push(row);
      }
      const ptr = new Uint32Array(n + 1);
      rows.forEach((row, i) => (ptr[i + 1] = ptr[i] + row.length));
      const idx = Uint32Array.from(rows.flat());
      const tr = transpose({ rows: n, cols: m, ptr, idx });
      const y = Float64Array.from({ length: m }, () => (r() < 0.3 ? 0 : r()));
      const z = Float64Array.from({ length: n }, (_, i) => Math.min(1, rows[i].reduce((s, j) => s + y[j], 0)));
      const cuts = separateTriangles(n, m, ptr, idx, tr.ptr, tr.idx, y, z, 1000, 0);
      for (const c of cuts) {
        expect(c.rows.length).toBe(3);
        // the cut is violated at the point it was separated from
        let lhs = c.rows.reduce((s, i) => s + z[i], 0);
        c.sites.forEach((j, q) => (lhs -= c.coef[q] * y[j]));
        expect(lhs).toBeGreaterThan(c.rhs);
        for (let mask = 0; mask < 1 << m; mask++) {
          let v = 0;
          for (const i of c.rows) if (rows[i].some((j) => (mask >> j) & 1)) v++;
          c.sites.forEach((j, q) => (v -= ((mask >> j) & 1) * c.coef[q]));
          expect(v, `cut over rows ${c.rows} fails at sites ${mask.toString(2)}`).toBeLessThanOrEqual(c.rhs + 1e-12);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("close the LP gap of three disjoint triangles (p = 4: LP 8, optimum 7) at the root", () => {
    // rows = the edges of three triangles, sites = their vertices
    const rows: number[][] = [];
    for (const o of [0, 3, 6]) rows.push([o, o + 1], [o + 1, o + 2], [o, o + 2]);
    const inst = buildInstance(listScenario(rows, 9));
    const lim = { p: 4, budget: Infinity };
    const want = bruteMclp(inst.n, inst.weight, inst.dist, inst.existing, inst.cost, 1, lim);
    expect(want).toBe(7);
    const got = mclpExact(inst, buildCoverage(inst, 1), lim, new RunContext());
    expect(got.status).toBe("optimal");
    expect(fits(got.open, inst.existing, inst.cost, lim)).toBe(true);
    expect(mclpValue(got.open, inst.n, inst.weight, inst.dist, 1)).toBe(7);
    expect(got.bound).toBe(7);
    expect(got.nodes, "proved at the root by the cuts, without branching").toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { mulberry32 } from "@siting/core";
import { RunContext, solveSetCover } from "@siting/core/lp";
import { coveredBy, scpLagrangian, scpPdhg, ScpGreedy, scpRefine, type ScpMatrix } from "../../packages/core/src/engine/scp-lagrange.js";
import { scpRowWeighting } from "../../packages/core/src/engine/scp-rwls.js";

/** A random set-covering matrix: every row has 1–4 columns; unit or integer costs 1–9. */
function randomMatrix(seed: number, R: number, C: number, unit: boolean): ScpMatrix {
  const r = mulberry32(seed);
  const rows: number[][] = [];
  for (let i = 0; i < R; i++) {
    const s = new Set<number>();
    const len = 1 + Math.floor(r() * 4);
    while (s.size < len) s.add(Math.floor(r() * C));
    rows.push([...s].sort((a, b) => a - b));
  }
  const rptr = new Uint32Array(R + 1);
  rows.forEach((row, i) => (rptr[i + 1] = rptr[i] + row.length));
  const ridx = Uint32Array.from(rows.flat());
  const cptr = new Uint32Array(C + 1);
  for (const c of ridx) cptr[c + 1]++;
  for (let c = 0; c < C; c++) cptr[c + 1] += cptr[c];
  const fill = cptr.slice(0, C);
  const cidx = new Uint32Array(ridx.length);
  rows.forEach((row, i) => row.forEach((c) => (cidx[fill[c]++] = i)));
  const cost = Float64Array.from({ length: C }, () => (unit ? 1 : 1 + Math.floor(r() * 9)));
  return { R, C, rptr, ridx, cptr, cidx, cost };
}

/** Cost of a selection, or Infinity when some row is uncovered (checked from the row lists). */
function coverCost(p: ScpMatrix, sel: ArrayLike<number>): number {
  for (let i = 0; i < p.R; i++) {
    let ok = false;
    for (let k = p.rptr[i]; k < p.rptr[i + 1]; k++) if (sel[p.ridx[k]]) ok = true;
    if (!ok) return Infinity;
  }
  let s = 0;
  for (let c = 0; c < p.C; c++) if (sel[c]) s += p.cost[c];
  return s;
}

/** Exhaustive optimum over all 2^C selections. */
function bruteOptimum(p: ScpMatrix): number {
  let best = Infinity;
  const sel = new Uint8Array(p.C);
  for (let mask = 0; mask < 1 << p.C; mask++) {
    for (let c = 0; c < p.C; c++) sel[c] = (mask >> c) & 1;
    best = Math.min(best, coverCost(p, sel));
  }
  return best;
}

const CASES = Array.from({ length: 40 }, (_, k) => ({ k, p: randomMatrix(1000 + k, 10 + (k % 25), 6 + (k % 9), k % 3 !== 0) }));

describe("set covering: Lagrangian greedy, CFT refinement, row weighting, primal–dual bound", () => {
  it("the Lagrangian greedy returns covers (re-checked row by row) no cheaper than the optimum, at any multipliers", () => {
    for (const { k, p } of CASES) {
      const opt = bruteOptimum(p);
      const g = new ScpGreedy(p);
      const sel = new Uint8Array(p.C);
      const r = mulberry32(k);
      for (let t = 0; t < 5; t++) {
        const u = Float64Array.from({ length: p.R }, () => r() * 2);
        const v = g.run(u, new Int8Array(p.C).fill(-1), sel);
        expect(coverCost(p, sel)).toBe(v);
        expect(v).toBeGreaterThanOrEqual(opt);
      }
    }
  });

  it("the Lagrangian greedy keeps forced-in columns and never uses forced-out ones", () => {
    for (const { p } of CASES.slice(0, 15)) {
      const st = new Int8Array(p.C).fill(-1);
      st[0] = 1;
      st[1] = 0;
      const sel = new Uint8Array(p.C);
      const v = new ScpGreedy(p).run(new Float64Array(p.R).fill(0.5), st, sel);
      if (v === Infinity) continue;
      expect(sel[1]).toBe(0);
      // column 0 may be dropped as redundant only if the cover stays a cover
      expect(coverCost(p, sel)).toBe(v);
    }
  });

  it("row weighting finds the brute-force optimum and reports only real covers", () => {
    for (const { k, p } of CASES) {
      const opt = bruteOptimum(p);
      const start = new Uint8Array(p.C).fill(1);
      const found: number[] = [];
      const r = scpRowWeighting(p, new RunContext(), {
        st: new Int8Array(p.C).fill(-1),
        start,
        until: Infinity,
        maxSteps: 20_000,
        seed: k + 1,
        found: (sel, cost) => {
          expect(coverCost(p, sel)).toBe(cost);
          found.push(cost);
        },
      });
      expect(r.best).toBe(opt);
      expect(Math.min(...found)).toBe(opt);
    }
  });

  it("CFT refinement offers only covers, always improves on its start (every column) and mostly reaches the optimum", () => {
    let optimal = 0;
    for (const { p } of CASES) {
      const opt = bruteOptimum(p);
      const all = coverCost(p, new Uint8Array(p.C).fill(1));
      let best = all;
      let bestSel: Uint8Array | null = new Uint8Array(p.C).fill(1);
      scpRefine(p, new RunContext(), {
        st: new Int8Array(p.C).fill(-1),
        u: new Float64Array(p.R).fill(0.3),
        best: () => ({ sel: bestSel, cost: best }),
        offer: (sel) => {
          const v = coverCost(p, sel);
          expect(v).toBeLessThan(Infinity);
          if (v < best) [best, bestSel] = [v, sel.slice()];
        },
        until: Infinity,
        integral: true,
      });
      expect(best).toBeGreaterThanOrEqual(opt);
      expect(best).toBeLessThan(all);
      if (best === opt) optimal++;
    }
    // a heuristic: 39 of the 40 reach the optimum when measured (one ends at 6 against 5)
    expect(optimal).toBeGreaterThanOrEqual(36);
  });

  it("the primal–dual multipliers give a valid bound equal to their recomputed Lagrangian value", () => {
    for (const { p } of CASES) {
      const opt = bruteOptimum(p);
      const st = new Int8Array(p.C).fill(-1);
      const covered = new Int32Array(p.R);
      coveredBy(p, st, covered);
      const u = new Float64Array(p.R);
      const rc = new Float64Array(p.C);
      const v = scpPdhg(p, st, covered, u, rc, 500, () => false);
      expect(v).toBeLessThanOrEqual(opt + 1e-9);
      expect(Math.abs(scpLagrangian(p, u, st, covered, rc) - v)).toBeLessThan(1e-9);
      // never worse than the start (u = 0 gives Σ min(0, c) = 0)
      expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it("solveSetCover (refinement and row weighting at the root) reaches the brute-force optimum", () => {
    for (const { p } of CASES) {
      const opt = bruteOptimum(p);
      const res = solveSetCover({ rows: p.R, cols: p.C, ptr: p.rptr, idx: p.ridx, cost: p.cost }, new RunContext(), { integral: true });
      expect(res.status).toBe("optimal");
      expect(res.sel).not.toBeNull();
      expect(coverCost(p, res.sel as Uint8Array)).toBe(opt);
      expect(res.objective).toBe(opt);
    }
  });
});

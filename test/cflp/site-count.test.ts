/**
 * `newSiteCount` (packages/core/src/cflp/site-count.ts): the fewest new sites whose reach covers
 * every served point that no existing site reaches — the right-hand side of the row Σ y ≥ K that
 * the MIP formulation and the engine's Lagrangian add. Checked against enumeration on the oracle's
 * own model (independent of the library's), and against the brute-force optimum: no feasible plan
 * opens fewer new sites, and the Lagrangian bound with the row priced stays below the optimum.
 */
import { describe, expect, it } from "vitest";
import { parseProblem } from "@siting/core";
import { RunContext } from "@siting/core/lp";
import { buildInstance } from "../../packages/core/src/instance.js";
import { buildCflpModel } from "../../packages/core/src/cflp/model.js";
import { newSiteCount } from "../../packages/core/src/cflp/site-count.js";
import { lagrangianBound } from "../../packages/core/src/cflp/lagrange.js";
import { formulateCflp } from "../../packages/core/src/lp/cflp.js";
import { bruteCflp, cflpModel } from "./brute.js";
import { randomCflp } from "./random.js";

/**
 * The fewest new sites covering the points no existing site can serve, by enumeration of site
 * subsets (oracle model): a site can serve a point within its reach — single-source, only when the
 * point's units fit the site's largest capacity; a new site whose smallest minimum exceeds all the
 * demand it can serve never opens.
 */
function enumeratedCount(M: ReturnType<typeof cflpModel>, existing: boolean[]): number {
  const maxCap = M.options.map((os) => Math.max(0, ...os.filter((o) => o.open).map((o) => o.capacity)));
  const can = (i: number, j: number) => M.allowed[i][j] && (!M.singleSource || M.units[i] <= maxCap[j] + 1e-9);
  const cols: number[] = [];
  for (let j = 0; j < M.m; j++) {
    let reachable = 0;
    for (let i = 0; i < M.n; i++) if (M.served[i] && can(i, j)) reachable += M.units[i];
    if (!existing[j] && M.options[j].some((o) => o.open && o.min <= reachable + 1e-9)) cols.push(j);
  }
  const rows: number[][] = [];
  for (let i = 0; i < M.n; i++) {
    if (!M.served[i]) continue;
    if (existing.some((e, j) => e && can(i, j))) continue;
    const r = cols.filter((j) => can(i, j));
    if (r.length > 0) rows.push(r);
  }
  let best = rows.length ? Infinity : 0;
  for (let mask = 0; mask < 1 << cols.length; mask++) {
    const chosen = new Set(cols.filter((_, k) => mask & (1 << k)));
    if (chosen.size >= best) continue;
    if (rows.every((r) => r.some((j) => chosen.has(j)))) best = chosen.size;
  }
  return best;
}

/** The random cflp cases 1…seeds with their library model and count. */
function* countCases(seeds: number) {
  for (let seed = 1; seed <= seeds; seed++) {
    const c = randomCflp(seed);
    const problem = parseProblem(c.problem as never, c.scenario);
    if (problem.type !== "cflp") continue;
    const md = buildCflpModel(buildInstance(c.scenario), c.scenario, problem);
    yield { c, problem, md, k: newSiteCount(md, new RunContext()) };
  }
}

describe("cflp new-site count", () => {
  it("equals the enumerated fewest new sites covering the points no existing site reaches, and no optimal plan opens fewer", () => {
    let checked = 0;
    let positive = 0;
    let binding = 0;
    for (const { c, k } of countCases(200)) {
      const M = cflpModel(c.scenario, c.problem as never);
      const existing = c.scenario.sites.map((s) => !!s.existing);
      expect(k, `${c.name}: count`).toBe(enumeratedCount(M, existing));
      checked++;
      if (k > 0) positive++;
      const o = bruteCflp(c.scenario, c.problem);
      if (!o.feasible || !o.solution) continue;
      const opened = o.solution.choice.filter((q, j) => !existing[j] && M.options[j][q].open).length;
      expect(opened, `${c.name}: the optimum opens ${opened} new sites, the count says at least ${k}`).toBeGreaterThanOrEqual(k);
      if (opened === k && k > 0) binding++;
    }
    expect(checked).toBeGreaterThan(150);
    expect(positive, "cases with points only new sites reach").toBeGreaterThan(50);
    expect(binding, "cases where the optimum opens exactly the count").toBeGreaterThan(10);
  });

  it("adds one row Σ y ≥ K over the new sites to the MIP formulation", () => {
    let checked = 0;
    for (const { c, md, k } of countCases(40)) {
      if (k === 0) continue;
      checked++;
      const plain = formulateCflp(md).model;
      const f = formulateCflp(md, k);
      const M = f.model;
      expect(M.numRows, c.name).toBe(plain.numRows + 1);
      const r = M.numRows - 1;
      expect(M.rowLower[r]).toBe(k);
      const cols = Array.from(M.index.subarray(M.rowStart[r], M.rowStart[r + 1]));
      const expected: number[] = [];
      for (let j = 0; j < md.m; j++) if (!md.existing[j] && !md.closed[j]) expected.push(f.y + j);
      expect(cols.sort((a, b) => a - b)).toEqual(expected);
    }
    expect(checked, "cases with a row").toBeGreaterThan(5);
  });

  it("keeps the Lagrangian bound with the row priced below the brute-force optimum", () => {
    let checked = 0;
    for (const { c, problem, md, k } of countCases(150)) {
      if (problem.budget !== undefined || k === 0) continue;
      const o = bruteCflp(c.scenario, c.problem);
      if (!o.feasible) continue;
      for (const target of [o.objective, null]) {
        const b = lagrangianBound(md, target, () => false, 1500, k) as number;
        expect(b, `${c.name}: bound ${b} above the optimum ${o.objective}`).toBeLessThanOrEqual(o.objective + 1e-7 * Math.max(1, Math.abs(o.objective)));
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});

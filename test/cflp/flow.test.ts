/**
 * Split demand for given sizes (`SplitFlow`, packages/core/src/cflp/flow.ts): the min-cost flow's
 * value must equal the cflp model's LP with those sizes fixed (HiGHS; with split demand the
 * assignment is continuous, so that LP is exact), and the flow must call infeasible exactly the
 * sizes the LP finds infeasible — capacities, minimums, reach, distance and outside costs alike.
 * The engine, which now polishes split plans with it, returns plans `evaluate` accepts at the
 * objective it reports.
 */
import { describe, expect, it } from "vitest";
import { mulberry32, parseProblem, parseScenario, solve } from "@siting/core";
import { highs } from "@siting/highs";
import { buildInstance } from "../../packages/core/src/instance.js";
import { buildCflpModel, type CflpModel } from "../../packages/core/src/cflp/model.js";
import { SplitFlow } from "../../packages/core/src/cflp/flow.js";
import { polishSplitPlan } from "../../packages/core/src/cflp/heuristic.js";
import { evaluateSolution } from "../../packages/core/src/cflp/result.js";
import { decodeCflp } from "../../packages/core/src/lp/cflp.js";
import { RunContext } from "@siting/core/lp";
import { formulateCflp } from "../../packages/core/src/lp/cflp.js";
import { reevaluate } from "./reevaluate.js";
import { town } from "./town.js";

const problemOf = (seed: number) =>
  ({
    type: "cflp", reach: 2500, minUse: 0.5, singleSource: false, distanceCost: 0.001,
    ...(seed % 3 === 0 ? { radius: 1200, outsideCost: 0.05 } : {}),
  }) as const;

const TRIALS = 16;
/** Trials of all seeds by the LP's answer (the tests run in order; the last checks both occurred). */
const seen = { feasible: 0, infeasible: 0 };

function optionCost(md: CflpModel, option: Int32Array): number {
  let c = 0;
  for (let j = 0; j < md.m; j++) if (option[j] >= 0) c += md.optCost[md.optPtr[j] + option[j]];
  return c;
}

describe("split demand: the min-cost flow for given sizes", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`town ${seed}: the flow's value equals the model's LP with the sizes fixed (HiGHS), infeasible alike`, async () => {
      const json = town({ seed, side: 6, sites: 10, existing: seed % 2 === 0 });
      const scenario = parseScenario(json);
      const problem = parseProblem(problemOf(seed), scenario);
      const md = buildCflpModel(buildInstance(scenario), scenario, problem);
      const f = formulateCflp(md);
      const flow = new SplitFlow(md);
      const backend = highs();
      const rand = mulberry32(100 + seed);
      let feasible = 0;
      let infeasible = 0;
      for (let trial = 0; trial < TRIALS; trial++) {
        // random sizes: each site open with probability 0.25 or 0.45 (alternately), at a random size
        const option = new Int32Array(md.m).fill(-1);
        for (let j = 0; j < md.m; j++) {
          const k = md.optPtr[j + 1] - md.optPtr[j];
          if (k > 0 && rand() < (trial % 2 ? 0.25 : 0.45)) option[j] = Math.floor(rand() * k);
        }
        const colLower = f.model.colLower.slice();
        const colUpper = f.model.colUpper.slice();
        for (let j = 0; j < md.m; j++) {
          for (let t = 0; t < md.optPtr[j + 1] - md.optPtr[j]; t++) {
            const v = option[j] === t ? 1 : 0;
            colLower[f.z + md.optPtr[j] + t] = v;
            colUpper[f.z + md.optPtr[j] + t] = v;
          }
          if (!md.existing[j] && !md.closed[j]) {
            const v = option[j] >= 0 ? 1 : 0;
            colLower[f.y + j] = v;
            colUpper[f.y + j] = v;
          }
        }
        const lp = await backend.solve({ ...f.model, colLower, colUpper }, { timeLimit: 20 });
        const v = flow.solve(option);
        if (lp.status === "infeasible") {
          expect(v, `trial ${trial}: the LP is infeasible, the flow says ${v}`).toBe(Infinity);
          infeasible++;
          continue;
        }
        expect(lp.status).toBe("optimal");
        expect(v, `trial ${trial}: the LP has ${lp.objective}, the flow found none`).not.toBe(Infinity);
        const total = optionCost(md, option) + v;
        expect(Math.abs(total - (lp.objective as number))).toBeLessThan(1e-6 * Math.max(1, Math.abs(total)));
        // the flow's loads within capacity and at least each new site's minimum
        for (let j = 0; j < md.m; j++) {
          const o = md.optPtr[j] + option[j];
          if (md.existing[j]) continue;
          if (option[j] < 0) expect(flow.load[j]).toBe(0);
          else {
            expect(flow.load[j]).toBeLessThanOrEqual(md.optCap[o] * (1 + 1e-9));
            expect(flow.load[j]).toBeGreaterThanOrEqual(md.optMin[o] * (1 - 1e-9));
          }
        }
        feasible++;
      }
      // the trials test both answers
      expect(feasible + infeasible).toBe(TRIALS);
      expect(feasible).toBeGreaterThan(0);
      seen.feasible += feasible;
      seen.infeasible += infeasible;
    });
  }

  it("the trials above met both answers (feasible and infeasible sizes)", () => {
    expect(seen.feasible).toBeGreaterThanOrEqual(8);
    expect(seen.infeasible).toBeGreaterThanOrEqual(8);
  });

  it("a size taken down or a site closed by `resize` (excess rerouted on the kept residual graph) gives what a new flow gives: the same answer, value and weight within the radius, points without units at open sites", () => {
    let ok = 0;
    let no = 0;
    let zeroSeen = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const json = town({ seed, side: 6, sites: 10, existing: seed % 2 === 0 });
      const scenario = parseScenario(json);
      for (const objective of ["cost", "coverage"] as const) {
        // odd seeds: units from the `elderly` field, so some points have weight but no units (each
        // served by its cheapest open site, which a close must move)
        const problem = parseProblem({
          ...problemOf(seed), radius: 900, outsideCost: 0.05, ...(objective === "coverage" ? { distanceCost: 0 } : {}),
          ...(seed % 2 === 1 ? { standard: { per: 1, units: 3, of: "elderly" } } : {}),
        }, scenario);
        const md = buildCflpModel(buildInstance(scenario), scenario, problem);
        const flow = new SplitFlow(md, objective);
        const fresh = new SplitFlow(md, objective);
        const rand = mulberry32(700 + seed);
        for (let trial = 0; trial < 12; trial++) {
          const option = new Int32Array(md.m).fill(-1);
          for (let j = 0; j < md.m; j++) {
            const k = md.optPtr[j + 1] - md.optPtr[j];
            if (k > 0 && rand() < (trial % 2 ? 0.3 : 0.5)) option[j] = k - 1 - Math.floor(rand() * 2);
          }
          const v0 = flow.solve(option);
          if (v0 === Infinity) continue;
          // as `SizePacker.packByFlow` uses it: each open new site to its largest smaller size that
          // still fits, kept; a failed attempt undone
          const cur = option.slice();
          // (first each open site closed, undone; then its sizes down)
          for (let j = 0; j < md.m; j++) for (const to of md.existing[j] || cur[j] < 0 ? [] : [-2, ...Array.from({ length: cur[j] + 1 }, (_, t) => cur[j] - 1 - t)]) {
            const closeOnly = to === -2;
            const down = cur.slice();
            down[j] = closeOnly ? -1 : to;
            const want = fresh.solve(down);
            flow.save();
            const kept = flow.covered;
            const got = flow.resize(j, down[j]);
            expect(got, `seed ${seed} ${objective}: resize of site ${j} says ${got}, a new flow ${want}`).toBe(want !== Infinity);
            if (got) {
              ok++;
              expect(Math.abs(flow.covered - fresh.covered)).toBeLessThan(1e-6 * Math.max(1, md.coverTotal));
              expect(Math.abs(flow.value - want)).toBeLessThan(1e-6 * Math.max(1, Math.abs(want)));
              // points without units at an open site, as a new flow puts them
              for (let i = 0; i < md.n; i++) if (flow.zeroPair[i] >= 0) {
                const s2 = md.pairSite[flow.zeroPair[i]];
                expect(md.existing[s2] === 1 || down[s2] >= 0, `point ${i} left at closed site ${s2}`).toBe(true);
                if (md.units[i] === 0 && md.weight[i] > 0) zeroSeen++;
              }
              flow.read();
              for (let s2 = 0; s2 < md.m; s2++) if (down[s2] >= 0 && !md.existing[s2]) expect(flow.load[s2]).toBeLessThanOrEqual(md.optCap[md.optPtr[s2] + down[s2]] * (1 + 1e-9));
              // nothing at all (no rounding residue) on a closed site: a plan's shares are read from it
              if (down[j] < 0) for (let t = md.sitePairPtr[j]; t < md.sitePairPtr[j + 1]; t++) expect(flow.flow[md.sitePair[t]]).toBe(0);
              if (closeOnly) {
                flow.restore();
                continue;
              }
              cur[j] = to;
              break;
            }
            no++;
            flow.restore();
            expect(Math.abs(flow.covered - kept)).toBeLessThan(1e-9 * Math.max(1, md.coverTotal));
          }
        }
      }
    }
    expect(ok, `${ok} feasible resizes`).toBeGreaterThan(10);
    expect(no, `${no} infeasible resizes`).toBeGreaterThan(5);
    expect(zeroSeen, "points without units checked after a resize").toBeGreaterThan(0);
  });

  it("the engine's split plans (polished by the flow) pass evaluate at the objective they report", async () => {
    for (const seed of [1, 3, 4]) {
      const json = town({ seed, side: 6, sites: 10, existing: seed % 2 === 0 });
      const raw = problemOf(seed);
      const r = await solve(json, raw, { solver: "engine", timeLimit: 2 });
      expect(r.objective).not.toBeNull();
      const scenario = parseScenario(json);
      const ev = reevaluate(scenario, parseProblem(raw, scenario), r);
      expect(ev.feasible, ev.violations.join("; ")).toBe(true);
      expect(Math.abs(ev.objective - (r.objective as number))).toBeLessThan(1e-7 * Math.max(1, ev.objective));
      if (r.bound !== null) expect(r.bound).toBeLessThanOrEqual(ev.objective * (1 + 1e-9) + 1e-9);
    }
  });

  it("a plan polished by the flow (from the single-source optimum) passes evaluate, no worse than it and no better than the split optimum (HiGHS)", async () => {
    let improved = 0;
    for (const seed of [1, 2, 4, 5]) {
      const json = town({ seed, side: 6, sites: 10, existing: seed % 2 === 0 });
      const scenario = parseScenario(json);
      const problem = parseProblem(problemOf(seed), scenario);
      const md = buildCflpModel(buildInstance(scenario), scenario, problem);
      const f = formulateCflp(md);
      const opt = await highs().solve(f.model, { timeLimit: 30 });
      expect(opt.status).toBe("optimal");
      // the single-source optimum: a plan for the split model too, usually a dearer one
      const ssProblem = parseProblem({ ...problemOf(seed), singleSource: true }, scenario);
      const ssMd = buildCflpModel(buildInstance(scenario), scenario, ssProblem);
      const ssF = formulateCflp(ssMd);
      const ss = await highs().solve(ssF.model, { timeLimit: 30 });
      expect(ss.status).toBe("optimal");
      const ssPlan = decodeCflp(ssMd, ssF, ss.x as Float64Array);
      const start = { option: ssPlan.option, site: ssPlan.site, share: Array.from(ssPlan.site, (j) => (j >= 0 ? [{ site: j, fraction: 1 }] : [])) };
      const before = evaluateSolution(scenario, problem, start);
      expect(before.feasible, before.violations.join("; ")).toBe(true);
      const polished = polishSplitPlan(md, new RunContext(), start);
      expect(polished).not.toBeNull();
      const ev = evaluateSolution(scenario, problem, polished as NonNullable<typeof polished>);
      expect(ev.feasible, ev.violations.join("; ")).toBe(true);
      expect(ev.objective).toBeLessThanOrEqual(before.objective + 1e-9);
      expect(ev.objective).toBeGreaterThanOrEqual((opt.objective as number) - 1e-6);
      if (ev.objective < before.objective - 1e-6) improved++;
    }
    expect(improved).toBeGreaterThan(0);
  });
});

/**
 * Sizes down by ejection chains (`SizePacker`): three sites on a line, 1.4 km apart, reach 1.5 km.
 * A's 160 units put it at the 300-place size (170); B holds exactly 150 at the only size it has
 * (100); C holds 100 of its 150. A's points reach B but not C, B's reach C but not A, so A goes
 * down only if 10 units go A → B and 10 go on B → C: a chain of two moves (the optimum, 300). The
 * assignment (nearest first, then loads decide the sizes) and its one-step moves (`tighten`: A's
 * points to a neighbour with room — B has none; `absorb`: B cannot grow) cannot take A down.
 * Then random plans: every plan the chains or the split flow (`packByFlow`) return is cheaper and
 * passes `evaluate`, and the flow finds cheaper sizes where the chains stop.
 */
import { describe, expect, it } from "vitest";
import { evaluate, mulberry32, parseProblem, parseScenario, type Problem, type Scenario } from "@siting/core";
import { buildInstance } from "../../packages/core/src/instance.js";
import { buildCflpModel, type CflpModel } from "../../packages/core/src/cflp/model.js";
import { SizePacker } from "../../packages/core/src/cflp/repack.js";
import { cflpHeuristic, CflpSearch } from "../../packages/core/src/cflp/heuristic.js";
import { RunContext } from "../../packages/core/src/heuristics/context.js";

const S = { name: "S", cost: 100, capacity: 150 };
const M = { name: "M", cost: 170, capacity: 300 };
const demand = [
  ...Array.from({ length: 16 }, (_, k) => ({ id: `a${k}`, x: 3 * k, y: 0, weight: 10 })),
  ...Array.from({ length: 15 }, (_, k) => ({ id: `b${k}`, x: 1550 + 3 * k, y: 0, weight: 10 })),
  ...Array.from({ length: 10 }, (_, k) => ({ id: `c${k}`, x: 2800 + 3 * k, y: 0, weight: 10 })),
];
const sites = [
  { id: "A", x: 0, y: 0, modules: [S, M] },
  { id: "B", x: 1400, y: 0, modules: [S] },
  { id: "C", x: 2800, y: 0, modules: [S, M] },
];

/** A packed plan (sizes per site, a pair per point) re-checked from its sites and assignment by `evaluate`, at the value it reports. */
function expectAccepted(sc: Scenario, pr: Problem, md: CflpModel, r: { option: Int32Array; pairs: Int32Array; value: number }, label: string): void {
  const modules: Record<string, number> = {};
  const open: string[] = [];
  for (let j = 0; j < md.m; j++) if (r.option[j] >= 0) {
    modules[sc.sites[j].id] = r.option[j];
    open.push(sc.sites[j].id);
  }
  const assignment = Array.from(r.pairs, (p) => (p >= 0 ? sc.sites[md.pairSite[p]].id : null));
  const ev = evaluate(sc, pr, open, { assignment, modules });
  expect(ev.feasible, `${label}: ${ev.violations.join("; ")}`).toBe(true);
  expect(ev.objective).toBeCloseTo(r.value, 6);
}

describe("cflp: sizes down by ejection chains (SizePacker)", () => {
  const scenario = parseScenario({ demand, sites, metric: "euclidean" });
  const problem = parseProblem({ type: "cflp", reach: 1500, minUse: 0.5 }, scenario);

  it("takes A down a size through B to C (a chain of two moves): 370 → 300", () => {
    const md = buildCflpModel(buildInstance(scenario), scenario, problem);
    // everyone at the nearest site: A 160 (M), B 150 (S), C 100 (S)
    const option = Int32Array.from([1, 0, 0]);
    const pairs = new Int32Array(md.n);
    for (let i = 0; i < md.n; i++) pairs[i] = md.pairPtr[i];
    const r = new SizePacker(md).run(option, pairs, () => false);
    expect(r).not.toBeNull();
    expect(r!.value).toBe(300);
    expect(Array.from(r!.option)).toEqual([0, 0, 0]);
    const load = [0, 0, 0];
    for (let i = 0; i < md.n; i++) load[md.pairSite[r!.pairs[i]]] += md.units[i];
    expect(load).toEqual([150, 150, 110]);
  });

  it("never returns a plan evaluation rejects, and only cheaper ones (random single-source instances, with and without a coverage target)", () => {
    let downs = 0;
    for (let k = 0; k < 12; k++) {
      const rand = mulberry32(9100 + k);
      const dem = Array.from({ length: 300 }, (_, i) => ({ id: `d${i}`, x: Math.round(rand() * 4000), y: Math.round(rand() * 4000), weight: 1 + Math.floor(rand() * 8) }));
      const sit = Array.from({ length: 60 }, (_, j) => ({ id: `s${j}`, x: Math.round(rand() * 4000), y: Math.round(rand() * 4000) }));
      const sc = parseScenario({ demand: dem, sites: sit, metric: "euclidean" });
      const pr = parseProblem({
        type: "cflp", reach: 3000, minUse: 0.6, modules: [{ cost: 100, capacity: 150 }, { cost: 170, capacity: 300 }, { cost: 230, capacity: 450 }],
        ...(k % 2 === 0 ? { radius: 1000, coverage: 0.9 } : {}), ...(k % 3 === 0 ? { distanceCost: 1e-4 } : {}),
      }, sc);
      const md = buildCflpModel(buildInstance(sc), sc, pr);
      const sol = cflpHeuristic(md, new RunContext(performance.now() + 500));
      if (!sol) continue;
      const option = sol.option.slice();
      const pairs = new Int32Array(md.n).fill(-1);
      for (let i = 0; i < md.n; i++) for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) if (md.pairSite[p] === sol.site[i]) pairs[i] = p;
      // the plan before the heuristic's own final repacking: every site one size up where one exists (loads unchanged, so it stays feasible)
      for (let j = 0; j < md.m; j++) {
        if (option[j] < 0) continue;
        const up = option[j] + 1;
        if (up < md.optPtr[j + 1] - md.optPtr[j] && rand() < 0.5) option[j] = up;
      }
      const valueOf = (opt: Int32Array, pr2: Int32Array) => {
        let v = 0;
        for (let j = 0; j < md.m; j++) if (opt[j] >= 0) v += md.optCost[md.optPtr[j] + opt[j]];
        for (let i = 0; i < md.n; i++) if (pr2[i] >= 0) v += md.distanceCost * md.weight[i] * md.pairDist[pr2[i]];
        return v;
      };
      const before = valueOf(option, pairs);
      const r = new SizePacker(md).run(option, pairs, () => false);
      if (!r) continue;
      downs++;
      expect(r.value).toBeLessThan(before);
      expect(r.value).toBeCloseTo(valueOf(r.option, r.pairs), 9);
      expectAccepted(sc, pr, md, r, `case ${k}`);
    }
    expect(downs, "instances where a size went down").toBeGreaterThan(3);
  });

  it("packByFlow (sizes down where the split flow still fits, rounded, repaired by the chains) after the chains: only cheaper plans that evaluate accepts, and cheaper than the chains alone on some (random 800 × 160)", () => {
    let beyondChains = 0;
    for (let k = 0; k < 4; k++) {
      const rand = mulberry32(9400 + k);
      const dem = Array.from({ length: 800 }, (_, i) => ({ id: `d${i}`, x: Math.round(rand() * 8000), y: Math.round(rand() * 8000), weight: 1 + Math.floor(rand() * 8) }));
      const sit = Array.from({ length: 160 }, (_, j) => ({ id: `s${j}`, x: Math.round(rand() * 8000), y: Math.round(rand() * 8000) }));
      const sc = parseScenario({ demand: dem, sites: sit, metric: "euclidean" });
      const pr = parseProblem({
        type: "cflp", reach: 3000, minUse: 0.6, radius: 1000, coverage: 0.9,
        modules: [{ cost: 100, capacity: 150 }, { cost: 170, capacity: 300 }, { cost: 230, capacity: 450 }],
      }, sc);
      const md = buildCflpModel(buildInstance(sc), sc, pr);
      // the search's plan before any final packing: sizes follow the assignment's loads
      const search = new CflpSearch(md, new RunContext());
      search.construct(new Int32Array(md.m).fill(-1));
      search.improve();
      const sol = search.solution();
      expect(sol).not.toBeNull();
      const pairs = new Int32Array(md.n).fill(-1);
      for (let i = 0; i < md.n; i++) for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) if (md.pairSite[p] === sol!.site[i]) pairs[i] = p;
      const packer = new SizePacker(md);
      let plan: { option: Int32Array; pairs: Int32Array; value: number } = { option: sol!.option.slice(), pairs, value: search.value };
      const check = (r: typeof plan, before: number) => {
        expect(r.value).toBeLessThan(before);
        expectAccepted(sc, pr, md, r, `case ${k}`);
      };
      // the chains until they find nothing, then the flow (and the chains again) until neither does
      for (let r = packer.run(plan.option, plan.pairs, () => false); r; r = packer.run(plan.option, plan.pairs, () => false)) {
        check(r, plan.value);
        plan = r;
      }
      const byChains = plan.value;
      for (let r = packer.packByFlow(plan.option, plan.pairs, () => false); r; r = packer.run(plan.option, plan.pairs, () => false) ?? packer.packByFlow(plan.option, plan.pairs, () => false)) {
        check(r, plan.value);
        plan = r;
      }
      if (plan.value < byChains) beyondChains++;
    }
    expect(beyondChains, "instances where the flow went below the chains").toBeGreaterThan(0);
  });
});

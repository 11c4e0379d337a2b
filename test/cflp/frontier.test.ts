/**
 * cflp cost–coverage frontier: monotone (cost non-decreasing in the coverage target, coverage
 * non-decreasing in the budget), every point equal to a direct solve and to the exhaustive oracle
 * on small random instances, every point re-checked by evaluate(), warm starts passed on, the
 * result ↔ solution conversion, dominance, abort and progress, and the SVG.
 */
import { frontier, frontierSvg, markDominated, parseScenario, solve, solutionFromResult, type Backend, type FrontierPoint, type Problem } from "@siting/core";
import { highs } from "@siting/highs";
import { describe, expect, it } from "vitest";
import { bruteCflp, type CflpProblem } from "./brute.js";
import { randomCflp } from "./random.js";
import { reevaluate } from "./reevaluate.js";
import { town } from "./town.js";

const close = (a: number, b: number, rel = 1e-6) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));


/** A highs backend that records whether each solve got a starting point. */
function recording(): Backend & { starts: boolean[] } {
  const inner = highs();
  const starts: boolean[] = [];
  return {
    name: "highs",
    starts,
    solve(model, opts) {
      starts.push(opts?.incumbent !== undefined);
      return inner.solve(model, opts);
    },
  };
}

const scenario = parseScenario(town({ existing: true, forbidden: true }));
const base: Problem = { type: "cflp", reach: 3000, radius: 1000, minUse: 0.6 };
const TARGETS = [0.5, 0.6, 0.7, 0.8, 0.9, 1];
const BUDGETS = [12, 16, 20, 24, 30];

describe("cflp frontier on a town (highs)", () => {
  let coveragePoints: FrontierPoint[] = [];
  const backend = recording();

  it("coverage targets: least cost, non-decreasing in the target, each point a direct solve", async () => {
    coveragePoints = await frontier(scenario, base, { coverage: [...TARGETS].reverse() }, { solver: backend });
    expect(coveragePoints.map((p) => p.target)).toEqual(TARGETS); // sorted ascending
    const feasible = coveragePoints.filter((p) => p.status !== "infeasible");
    expect(feasible.length).toBeGreaterThanOrEqual(4); // not vacuous
    expect(coveragePoints.at(-1)!.status).toBe("infeasible"); // 100 % is out of reach here: an infeasible point is kept
    let last = -Infinity;
    for (const p of coveragePoints) {
      if (p.status === "infeasible") {
        expect(p.cost).toBeNull();
        expect(p.coverage).toBeNull();
        continue;
      }
      expect(p.status).toBe("optimal");
      expect(p.coverage!).toBeGreaterThanOrEqual(p.target! - 1e-9);
      expect(p.cost!).toBeGreaterThanOrEqual(last - 1e-9);
      last = p.cost!;
      const direct = await solve(scenario, { ...base, coverage: p.target }, { solver: "highs" });
      expect(direct.status).toBe("optimal");
      expect(close(p.objective!, direct.objective!)).toBe(true);
      expect(close(p.cost!, direct.cost)).toBe(true);
      const ev = reevaluate(scenario, p.result.problem, p.result);
      expect(ev.violations).toEqual([]);
      expect(close(ev.objective, p.objective!)).toBe(true);
      expect(close(ev.coverage.fraction, p.coverage!)).toBe(true);
      expect(p.open).toEqual(p.result.open);
    }
  });

  it("passes each neighbour's answer on as a start (after the first feasible point)", () => {
    // solves run from the highest target down; the infeasible 100 % fails in the precheck (no solve)
    expect(backend.starts.length).toBeGreaterThanOrEqual(5);
    expect(backend.starts[0]).toBe(false);
    expect(backend.starts.slice(1).every(Boolean)).toBe(true);
  });

  it("budgets: most coverage, non-decreasing in the budget, least cost among ties, each point a direct solve", async () => {
    const points = await frontier(scenario, base, { budget: BUDGETS }, { solver: "highs" });
    expect(points.map((p) => p.budget)).toEqual(BUDGETS);
    let last = -Infinity;
    for (const p of points) {
      expect(p.status).toBe("optimal");
      expect(p.cost!).toBeLessThanOrEqual(p.budget! + 1e-9);
      expect(p.coverage!).toBeGreaterThanOrEqual(last - 1e-12);
      last = p.coverage!;
      const direct = await solve(scenario, { ...base, budget: p.budget }, { solver: "highs" });
      expect(close(p.objective!, direct.objective!)).toBe(true);
      expect(close(p.cost!, direct.cost)).toBe(true);
      expect(reevaluate(scenario, p.result.problem, p.result).violations).toEqual([]);
    }
    // a budget point is dominated exactly when a smaller budget reached the same coverage at no more cost — never, with least-cost ties
    expect(points.filter((p) => p.dominated)).toEqual([]);
    // and the two frontiers agree: the least cost of a budget point's coverage is its cost
    for (const p of points) {
      const q = await solve(scenario, { ...base, coverage: Math.min(1, p.coverage! * (1 - 1e-12)) }, { solver: "highs" });
      expect(close(q.cost, p.cost!)).toBe(true);
    }
  });

  it("the SVG shows every feasible point, dominated ones hollow, with no DOM and no NaN", () => {
    const pts = [...coveragePoints];
    const svg = frontierSvg(pts, { title: "clinics <town> & co" });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg).toContain("clinics &lt;town&gt; &amp; co");
    const feasible = pts.filter((p) => p.coverage !== null);
    expect(svg.match(/<circle /g)!.length).toBe(feasible.length);
    expect(svg).toContain("1 infeasible point not shown");
    // a dominated point (made up) is drawn hollow
    const made = markDominated([
      { coverage: 0.5, cost: 10, dominated: false },
      { coverage: 0.6, cost: 10, dominated: false },
      { coverage: 0.8, cost: 20, dominated: false },
    ]);
    const svg2 = frontierSvg(made);
    expect(svg2.match(/<circle [^>]*fill="white"/g)!.length).toBe(1);
    expect(svg2.match(/<circle [^>]*fill="#1f77b4"/g)!.length).toBe(2);
    expect(svg2).toContain("<path");
    // tags balance (a cheap well-formedness check)
    for (const tag of ["svg", "g", "text", "circle", "title"]) {
      const open = (svg.match(new RegExp(`<${tag}[ >]`, "g")) ?? []).length;
      const closeTags = (svg.match(new RegExp(`</${tag}>`, "g")) ?? []).length;
      expect(closeTags).toBe(open);
    }
  });
});

describe("markDominated", () => {
  it("marks a point another beats (≥ coverage at ≤ cost, one strictly), never equal ones or infeasible ones", () => {
    const pts = markDominated([
      { coverage: 0.5, cost: 10, dominated: false },
      { coverage: 0.5, cost: 10, dominated: false }, // equal twins: neither dominated
      { coverage: 0.7, cost: 9, dominated: false }, // beats both above
      { coverage: 0.7, cost: 12, dominated: false }, // same coverage, more cost
      { coverage: 0.9, cost: 20, dominated: false },
      { coverage: null, cost: null, dominated: false },
    ]);
    expect(pts.map((p) => p.dominated)).toEqual([true, true, false, true, false, false]);
    const twins = markDominated([
      { coverage: 0.5, cost: 10, dominated: true },
      { coverage: 0.5, cost: 10, dominated: true },
    ]);
    expect(twins.map((p) => p.dominated)).toEqual([false, false]);
  });
});

describe("solutionFromResult", () => {
  it("turns a result back into the solution it came from (single-source, modules by name, existing sites)", async () => {
    const r = await solve(scenario, { ...base, coverage: 0.8 }, { solver: "highs" });
    const sol = solutionFromResult(scenario, r.problem, r);
    const ids = scenario.sites.map((s) => s.id);
    for (const s of scenario.sites) {
      const j = ids.indexOf(s.id);
      const o = r.sites.find((t) => t.id === s.id);
      if (!o) expect(sol.option[j]).toBe(-1);
      else if (o.module !== undefined) expect(s.modules![sol.option[j]].name).toBe(o.module);
      else expect(sol.option[j]).toBe(s.existing ? -1 : 0);
    }
    r.assignment.forEach((a, i) => expect(a.site === null ? -1 : ids[sol.site[i]]).toBe(a.site === null ? -1 : a.site));
    expect(sol.share).toBeUndefined();
    // as a start, it is the answer again
    const again = await solve(scenario, { ...base, coverage: 0.8 }, { solver: "highs", start: sol });
    expect(close(again.objective!, r.objective!)).toBe(true);
  });

  it("reads split shares and module indices", async () => {
    const json = {
      demand: [
        { id: "a", x: 0, y: 0, weight: 6 },
        { id: "b", x: 1, y: 0, weight: 6 },
      ],
      sites: [
        { id: "A", x: 0, y: 0, modules: [{ cost: 1, capacity: 4 }] },
        { id: "B", x: 1, y: 0, modules: [{ cost: 1, capacity: 4 }, { cost: 2, capacity: 8 }] },
      ],
      metric: "euclidean" as const,
    };
    const sc = parseScenario(json);
    const pr: Problem = { type: "cflp", singleSource: false };
    const r = await solve(sc, pr, { solver: "highs" });
    expect(r.status).toBe("optimal");
    const sol = solutionFromResult(sc, r.problem, r);
    expect(sol.share).toBeDefined();
    expect(Array.from(sol.option)).toEqual([0, 1]); // "0" and "1": module indices as strings
    for (let i = 0; i < 2; i++) {
      const sum = sol.share![i].reduce((s, e) => s + e.fraction, 0);
      expect(sum).toBeCloseTo(1, 9);
    }
    const again = await solve(sc, pr, { solver: "highs", start: sol });
    expect(close(again.objective!, r.objective!)).toBe(true);
  });

  it("rejects a result from another scenario", async () => {
    const r = await solve(scenario, { ...base, coverage: 0.6 }, { solver: "highs" });
    const other = parseScenario({ ...town(), sites: [{ id: "zz", x: 0, y: 0, cost: 1 }] });
    expect(() => solutionFromResult(other, { type: "cflp" }, r)).toThrow(/unknown site id/);
  });
});

describe("frontier: options", () => {
  it("honours an aborted signal and reports progress per point", async () => {
    const ac = new AbortController();
    ac.abort(new Error("stop"));
    await expect(frontier(scenario, base, { coverage: [0.5, 0.6] }, { solver: "highs", signal: ac.signal })).rejects.toThrow(/stop/);
    const phases: string[] = [];
    const fractions: number[] = [];
    await frontier(scenario, base, { coverage: [0.5, 0.6] }, { solver: "highs", onProgress: (p) => (phases.push(p.phase), p.fraction !== undefined && fractions.push(p.fraction)) });
    expect(phases.some((p) => p.startsWith("frontier 1/2"))).toBe(true);
    expect(phases.some((p) => p.startsWith("frontier 2/2"))).toBe(true);
    expect(phases.at(-1)).toBe("frontier done");
    expect(fractions.every((f) => f >= 0 && f <= 1)).toBe(true);
    // aborting mid-way stops before the next point
    const ac2 = new AbortController();
    let seen = 0;
    await expect(
      frontier(scenario, base, { coverage: [0.5, 0.6, 0.7] }, {
        solver: "highs",
        signal: ac2.signal,
        onProgress: (p) => {
          if (p.phase.startsWith("frontier 2/3") && seen++ === 0) ac2.abort(new Error("enough"));
        },
      }),
    ).rejects.toThrow(/enough/);
  });

  it("rejects bad steps and non-cflp problems", async () => {
    await expect(frontier(scenario, base, { coverage: [] })).rejects.toThrow(/non-empty/);
    await expect(frontier(scenario, base, { coverage: [0.5, 1.5] })).rejects.toThrow(/coverage\[1\]/);
    await expect(frontier(scenario, base, { budget: [-1] })).rejects.toThrow(/budget\[0\]/);
    await expect(frontier(scenario, { type: "mclp", radius: 1, p: 1 }, { coverage: [0.5] })).rejects.toThrow(/cflp/);
  });
});

// ---------------------------------------------------------------------------------------------
// small random instances against the exhaustive oracle, with the default solver (our engine for
// single-source, highs for split) and warm starts

const RANDOM_SEEDS = 40;

describe("cflp frontier against the oracle (random small instances)", () => {
  let checked = 0;
  for (let seed = 1; seed <= RANDOM_SEEDS; seed++) {
    const c = randomCflp(seed);
    if (c.problem.radius === undefined) continue;
    it(`${c.name}`, async () => {
      const { coverage: _c, budget: _b, ...rest } = c.problem;
      const byBudget = seed % 2 === 0;
      let steps: { coverage: number[] } | { budget: number[] };
      if (byBudget) {
        let total = 0;
        for (const s of c.scenario.sites) {
          const mods = s.modules ?? (s.existing ? undefined : c.problem.modules);
          if (s.forbidden) continue;
          if (mods) total += mods.at(-1)!.cost;
          else if (!s.existing) total += s.cost ?? 0;
        }
        steps = { budget: [0, Math.round(total * 0.25), Math.round(total * 0.5), Math.round(total * 0.75), total] };
      } else steps = { coverage: [0.25, 0.5, 0.75, 0.9, 1] };
      const points = await frontier(c.json, rest as Problem, steps, { timeLimit: 20 });
      let lastCost = -Infinity;
      let lastCov = -Infinity;
      for (const p of points) {
        const { outsideCost: _price, ...noPrice } = rest as CflpProblem;
        const pr: CflpProblem = byBudget ? { ...noPrice, budget: p.budget } : { ...(rest as CflpProblem), coverage: p.target };
        const o = bruteCflp(c.scenario, pr);
        if (!o.feasible) {
          expect(p.objective).toBeNull();
          continue;
        }
        expect(p.status).toBe("optimal");
        expect(close(p.objective!, o.objective)).toBe(true);
        if (byBudget) {
          expect(close(p.cost!, o.cost)).toBe(true); // least cost among the best coverage
          expect(p.coverage!).toBeGreaterThanOrEqual(lastCov - 1e-12);
          lastCov = p.coverage!;
        } else {
          // with a distance cost the objective (not the build cost) is what grows with the target
          expect(p.objective!).toBeGreaterThanOrEqual(lastCost - 1e-9 * Math.max(1, lastCost));
          lastCost = p.objective!;
        }
        checked++;
      }
    });
  }
  it("checked enough points", () => {
    expect(checked).toBeGreaterThan(40);
  });
});

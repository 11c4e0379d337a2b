/**
 * Distance decay: `attendance` (maximise Σ w·f(d), ArcGIS Maximize Attendance) and the p-median
 * `impedance` transformation (minimise Σ w·T(d)). The decay and the transformation are written
 * again here from their definitions; brute force over every site set; answers re-evaluated here.
 */
import { evaluate, parseProblem, parseScenario, ScenarioError, type Decay } from "@siting/core";
import { describe, expect, it } from "vitest";
import { close, dist, openIndices, randomInstance, solveAll, subsets, type Instance } from "./support.js";

const SEEDS = 30;

function decay(d: Decay, x: number): number {
  const c = d.cutoff;
  if (x >= c) return 0;
  if (d.kind === "linear") return 1 - x / c;
  if (d.kind === "power") return 1 - (x / c) ** (d.beta ?? 2);
  const b = d.beta ?? 3;
  return (Math.exp((-b * x) / c) - Math.exp(-b)) / (1 - Math.exp(-b));
}

const nearest = (inst: Instance, open: number[]) => inst.demand.map((d) => Math.min(...open.map((j) => dist(d, inst.sites[j]))));
const attendance = (inst: Instance, open: number[], d: Decay) => nearest(inst, open).reduce((s, x, i) => s + (inst.demand[i].weight ?? 1) * decay(d, x), 0);
const costOf = (inst: Instance, open: number[]) => open.reduce((s, j) => s + (inst.sites[j].existing ? 0 : (inst.sites[j].cost ?? 0)), 0);

describe("distance decay", () => {
  it(`attendance: engine, heuristic and the MIP backends against brute force on ${SEEDS} instances`, async () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const budgeted = seed % 3 === 0;
      const inst = randomInstance(seed + 500, { costs: budgeted, existing: true, forbidden: true });
      const kinds = ["linear", "power", "exponential"] as const;
      const d: Decay = { kind: kinds[seed % 3], cutoff: inst.ri(30, 90), ...(seed % 2 && seed % 3 ? { beta: 0.5 + inst.ri(0, 4) } : {}) };
      const existing = inst.sites.filter((s) => s.existing).length;
      const p = Math.max(1, existing) + inst.ri(0, 2);
      const budget = budgeted ? inst.ri(5, 25) : undefined;
      const fits = (s: number[]) => s.length > 0 && s.length <= p && (budget === undefined || costOf(inst, s) <= budget);
      let opt: number | null = null;
      for (const s of subsets(inst.sites)) if (fits(s)) opt = Math.max(opt ?? -1, attendance(inst, s, d));
      const problem = { type: "attendance" as const, decay: d, p, ...(budget !== undefined ? { budget } : {}) };
      for (const { name, r } of await solveAll(inst, problem)) {
        const tag = `seed ${seed} ${d.kind} ${name}`;
        if (opt === null) {
          expect(r.status, tag).toBe("infeasible");
          continue;
        }
        const open = openIndices(r, inst.sites);
        expect(fits(open), tag).toBe(true);
        expect(close(r.objective as number, attendance(inst, open, d)), `${tag}: reported ${r.objective}, re-evaluated ${attendance(inst, open, d)}`).toBe(true);
        if (name === "heuristic") expect(r.objective as number, tag).toBeLessThanOrEqual(opt + 1e-6);
        else {
          expect(r.status, tag).toBe("optimal");
          expect(close(r.objective as number, opt), `${tag}: ${r.objective} vs brute force ${opt}`).toBe(true);
        }
      }
    }
  }, 120_000);

  it(`p-median impedance: engine, heuristic and the MIP backends against brute force on ${SEEDS} instances`, async () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const inst = randomInstance(seed + 700, { existing: true, forbidden: true });
      const imp = seed % 2 ? { kind: "power" as const, beta: [0.5, 2, 3][seed % 3] } : { kind: "exponential" as const, beta: 0.01 * inst.ri(1, 5) };
      const T = (x: number) => (imp.kind === "power" ? x ** imp.beta : Math.expm1(imp.beta * x));
      const existing = inst.sites.filter((s) => s.existing).length;
      const p = Math.max(1, existing) + inst.ri(0, 2);
      const value = (open: number[]) => nearest(inst, open).reduce((s, x, i) => s + (inst.demand[i].weight ?? 1) * T(x), 0);
      let opt = Infinity;
      for (const s of subsets(inst.sites)) if (s.length > 0 && s.length <= p) opt = Math.min(opt, value(s));
      for (const { name, r } of await solveAll(inst, { type: "pmedian", p, impedance: imp })) {
        const tag = `seed ${seed} ${imp.kind} ${name}`;
        const open = openIndices(r, inst.sites);
        expect(open.length, tag).toBeLessThanOrEqual(p);
        expect(close(r.objective as number, value(open)), `${tag}: reported ${r.objective}, re-evaluated ${value(open)}`).toBe(true);
        if (name === "heuristic") expect(r.objective as number, tag).toBeGreaterThanOrEqual(opt - 1e-6 * Math.max(1, opt));
        else {
          expect(r.status, tag).toBe("optimal");
          expect(close(r.objective as number, opt), `${tag}: ${r.objective} vs brute force ${opt}`).toBe(true);
        }
      }
    }
  }, 120_000);

  it("evaluate() rejects too many sites and computes the decayed attendance; fields are validated", () => {
    const input = {
      demand: [
        { id: "a", x: 0, y: 0, weight: 4 },
        { id: "b", x: 50, y: 0, weight: 2 },
        { id: "c", x: 300, y: 0, weight: 9 },
      ],
      sites: [
        { id: "s", x: 0, y: 0 },
        { id: "t", x: 100, y: 0 },
      ],
    };
    const scenario = parseScenario(input);
    const problem = parseProblem({ type: "attendance", p: 1, decay: { kind: "linear", cutoff: 100 } }, scenario);
    const ev = evaluate(scenario, problem, ["s"]);
    expect(ev.feasible).toBe(true);
    expect(ev.objective).toBeCloseTo(4 + 2 * 0.5, 12);
    expect(evaluate(scenario, problem, ["s", "t"]).violations.join()).toMatch(/2 sites open, more than p = 1/);
    const msg = (p: unknown) => {
      try {
        parseProblem(p, scenario);
      } catch (e) {
        return (e as ScenarioError).message;
      }
      return "";
    };
    expect(msg({ type: "attendance", p: 1 })).toMatch(/problem\.decay: attendance needs a distance decay/);
    expect(msg({ type: "attendance", decay: { kind: "linear", cutoff: 100 } })).toMatch(/problem\.p: attendance needs p/);
    expect(msg({ type: "attendance", p: 1, decay: { kind: "gauss", cutoff: -1 } })).toMatch(/problem\.decay\.kind: expected "linear", "power" or "exponential".*\n.*problem\.decay\.cutoff: expected a finite number > 0, got -1/);
    expect(msg({ type: "pmedian", p: 1, decay: { kind: "linear", cutoff: 100 } })).toMatch(/problem\.decay: only attendance takes a distance decay/);
    expect(msg({ type: "pmedian", p: 1, impedance: { kind: "exponential", beta: 5 } })).toMatch(/problem\.impedance\.beta: e\^\(β·d\) overflows/);
    expect(msg({ type: "mclp", p: 1, radius: 5, impedance: { kind: "power", beta: 2 } })).toMatch(/problem\.impedance: only pmedian takes an impedance/);
  });
});

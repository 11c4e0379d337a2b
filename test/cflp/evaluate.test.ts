/**
 * cflp: `evaluate()` rejects every rule violation with a message, and accepts (with the right
 * objective) the valid answers next to them. Each case is also run through our own checker
 * (./brute.ts), which must agree on feasibility and on the objective.
 */
import { evaluate, parseProblem, parseScenario, type EvaluateOptions } from "@siting/core";
import { describe, expect, it } from "vitest";
import { checkCflpAnswer, type CflpAnswer, type CflpProblem } from "./brute.js";

interface Share {
  site: string;
  amount?: number;
  share?: number;
}
interface Opts {
  assignment?: (string | null)[];
  shares?: Share[][];
  modules?: Record<string, number>;
}

const at = (id: string, x: number, y: number, extra: Record<string, unknown> = {}) => ({ id, x, y, ...extra });
const sc = (demand: Record<string, unknown>[], sites: Record<string, unknown>[]) => ({ demand, sites, metric: "euclidean" });

function run(json: unknown, raw: CflpProblem, open: string[], opts: Opts) {
  const scenario = parseScenario(json);
  const problem = parseProblem(raw, scenario);
  const ev = evaluate(scenario, problem, open, opts as EvaluateOptions);
  const answer: CflpAnswer = {
    status: "feasible",
    objective: null,
    sites: open.map((id) => (opts.modules?.[id] !== undefined ? { id, module: String(opts.modules[id]) } : { id })),
    assignment: scenario.demand.map((d, i) => (opts.shares ? { demand: d.id, shares: opts.shares[i] ?? [] } : { demand: d.id, site: opts.assignment?.[i] ?? null })),
  };
  const mine = checkCflpAnswer(scenario, raw, answer);
  return { ev, mine };
}

function rejects(json: unknown, raw: CflpProblem, open: string[], opts: Opts, message: RegExp) {
  const { ev, mine } = run(json, raw, open, opts);
  expect(ev.feasible, `evaluate() accepted it: ${ev.violations.join("; ")}`).toBe(false);
  expect(ev.violations.length).toBeGreaterThan(0);
  expect(ev.violations.some((v) => message.test(v)), `no violation matching ${message}: ${JSON.stringify(ev.violations)}`).toBe(true);
  expect(mine.violations.length, "our checker accepted it").toBeGreaterThan(0);
}

function accepts(json: unknown, raw: CflpProblem, open: string[], opts: Opts, objective: number) {
  const { ev, mine } = run(json, raw, open, opts);
  expect(ev.violations).toEqual([]);
  expect(ev.feasible).toBe(true);
  expect(ev.objective).toBeCloseTo(objective, 9);
  expect(mine.violations).toEqual([]);
  expect(mine.objective).toBeCloseTo(objective, 9);
}

// one point at the origin, two sites
const one = (w: number, extra: Record<string, unknown> = {}, A: Record<string, unknown> = { cost: 1, capacity: 10 }, B: Record<string, unknown> = { cost: 1, capacity: 10 }) =>
  sc([at("d1", 0, 0, { weight: w, ...extra })], [at("A", 4, 0, A), at("B", 0, 0, B)]);

describe("cflp evaluate: reach", () => {
  it("a global reach", () => {
    rejects(one(1), { type: "cflp", reach: 3 }, ["A"], { assignment: ["A"] }, /reach/i);
    accepts(one(1), { type: "cflp", reach: 4 }, ["A"], { assignment: ["A"] }, 1); // inclusive
  });
  it("a per-point reach and its default", () => {
    rejects(one(1, { reach: 3 }), { type: "cflp", reach: { field: "reach", default: 10 } }, ["A"], { assignment: ["A"] }, /reach/i);
    accepts(one(1), { type: "cflp", reach: { field: "reach", default: 10 } }, ["A"], { assignment: ["A"] }, 1);
    rejects(one(1), { type: "cflp", reach: { field: "reach", default: 2 } }, ["A"], { assignment: ["A"] }, /reach/i);
  });
  it("split shares beyond reach", () => {
    rejects(one(4), { type: "cflp", singleSource: false, reach: 3 }, ["A", "B"], { shares: [[{ site: "A", amount: 2 }, { site: "B", amount: 2 }]] }, /reach/i);
  });
  it("a shorter reach to new sites (newSiteReach): an existing site may serve up to the reach", () => {
    rejects(one(1), { type: "cflp", reach: 5, newSiteReach: 3 }, ["A"], { assignment: ["A"] }, /reach to new sites/i);
    accepts(one(1), { type: "cflp", reach: 5, newSiteReach: 4 }, ["A"], { assignment: ["A"] }, 1); // inclusive
    accepts(one(1, {}, { existing: true, capacity: 10 }), { type: "cflp", reach: 5, newSiteReach: 3 }, ["A"], { assignment: ["A"] }, 0);
    rejects(one(1, { near: 3 }), { type: "cflp", newSiteReach: { field: "near", default: 10 } }, ["A"], { assignment: ["A"] }, /reach to new sites/i);
    accepts(one(1), { type: "cflp", newSiteReach: { field: "near", default: 10 } }, ["A"], { assignment: ["A"] }, 1);
    // the reach still bounds existing sites
    rejects(one(1, {}, { existing: true, capacity: 10 }), { type: "cflp", reach: 3, newSiteReach: 2 }, ["A"], { assignment: ["A"] }, /beyond its reach 3/i);
  });
});

describe("cflp evaluate: single-source and split", () => {
  const split = [[{ site: "A", amount: 2 }, { site: "B", amount: 2 }]];
  it("a split point in a single-source problem", () => {
    rejects(one(4), { type: "cflp" }, ["A", "B"], { shares: split }, /single|split|one site|more than one/i);
    rejects(one(4), { type: "cflp", singleSource: true }, ["A", "B"], { shares: split }, /single|split|one site|more than one/i);
  });
  it("the same split when splitting is allowed", () => {
    accepts(one(4), { type: "cflp", singleSource: false }, ["A", "B"], { shares: split }, 2);
    accepts(one(4), { type: "cflp", singleSource: false }, ["A", "B"], { shares: [[{ site: "A", share: 0.25 }, { site: "B", share: 0.75 }]] }, 2);
  });
  it("shares that do not add up to the point's demand", () => {
    rejects(one(4), { type: "cflp", singleSource: false }, ["A", "B"], { shares: [[{ site: "A", amount: 1 }, { site: "B", amount: 1 }]] }, /sum|share|served/i);
  });
  it("a point with demand left unserved", () => {
    rejects(one(4), { type: "cflp" }, ["A"], { assignment: [null] }, /not served|unserved|unassigned/i);
    rejects(one(4), { type: "cflp", singleSource: false }, ["A"], { shares: [[]] }, /not served|unserved|unassigned/i);
  });
  it("a point served by a closed site", () => {
    rejects(one(4), { type: "cflp" }, ["A"], { assignment: ["B"] }, /closed|not open/i);
  });
  it("a point with neither weight nor demand may stay unserved", () => {
    const json = sc([at("d1", 0, 0, { weight: 1 }), at("d2", 100, 100, { weight: 0 })], [at("A", 0, 0, { cost: 1, capacity: 10 })]);
    accepts(json, { type: "cflp", reach: 1 }, ["A"], { assignment: ["A", null] }, 1);
  });
  it("a point with weight but no demand units must still be served", () => {
    const json = sc([at("d1", 0, 0, { weight: 1, pop: 0 }), at("d2", 0, 0, { weight: 0, pop: 2 })], [at("A", 0, 0, { cost: 1, capacity: 10 })]);
    rejects(json, { type: "cflp", standard: { per: 1, units: 1, of: "pop" } }, ["A"], { assignment: [null, "A"] }, /not served|unserved|unassigned/i);
    accepts(json, { type: "cflp", standard: { per: 1, units: 1, of: "pop" } }, ["A"], { assignment: ["A", "A"] }, 1);
  });
});

describe("cflp evaluate: capacity", () => {
  it("a site's own capacity", () => {
    rejects(one(11), { type: "cflp" }, ["B"], { assignment: ["B"] }, /capacity/i);
    accepts(one(10), { type: "cflp" }, ["B"], { assignment: ["B"] }, 1); // exactly full
  });
  const small = one(4, {}, { cost: 1, capacity: 10 }, { cost: 1, capacity: 3 });
  it("single-source over capacity", () => {
    rejects(small, { type: "cflp" }, ["B"], { assignment: ["B"] }, /capacity/i);
  });
  it("split over capacity", () => {
    rejects(small, { type: "cflp", singleSource: false }, ["A", "B"], { shares: [[{ site: "A", amount: 0.5 }, { site: "B", amount: 3.5 }]] }, /capacity/i);
    accepts(small, { type: "cflp", singleSource: false }, ["A", "B"], { shares: [[{ site: "A", amount: 1 }, { site: "B", amount: 3 }]] }, 2);
  });
  it("demand units from a standard on another field", () => {
    const json = one(1, { pop: 10 }, { cost: 1, capacity: 10 }, { cost: 1, capacity: 4 });
    rejects(json, { type: "cflp", standard: { per: 2, units: 1, of: "pop" } }, ["B"], { assignment: ["B"] }, /capacity/i);
    accepts(json, { type: "cflp", standard: { per: 4, units: 1, of: "pop" } }, ["B"], { assignment: ["B"] }, 1);
  });
  it("a module's capacity", () => {
    const json = one(6, {}, { cost: 1, capacity: 10 }, { modules: [{ name: "s", cost: 1, capacity: 5 }, { name: "l", cost: 3, capacity: 8 }] });
    rejects(json, { type: "cflp" }, ["B"], { assignment: ["B"], modules: { B: 0 } }, /capacity/i);
    accepts(json, { type: "cflp" }, ["B"], { assignment: ["B"], modules: { B: 1 } }, 3);
  });
  it("problem-level modules override a site's own cost and capacity", () => {
    const json = one(6);
    const problem: CflpProblem = { type: "cflp", modules: [{ cost: 2, capacity: 5 }, { cost: 7, capacity: 20 }] };
    rejects(json, problem, ["B"], { assignment: ["B"], modules: { B: 0 } }, /capacity/i);
    accepts(json, problem, ["B"], { assignment: ["B"], modules: { B: 1 } }, 7);
  });
  it("a new site with modules must choose one", () => {
    const json = one(1, {}, { cost: 1, capacity: 10 }, { modules: [{ cost: 1, capacity: 5 }] });
    rejects(json, { type: "cflp" }, ["B"], { assignment: ["B"] }, /module|size/i);
  });
  it("an existing site's expansion adds capacity and cost", () => {
    const json = sc([at("d1", 0, 0, { weight: 8 })], [at("E", 0, 0, { existing: true, capacity: 5, modules: [{ name: "plus", cost: 2, capacity: 5 }] })]);
    rejects(json, { type: "cflp" }, ["E"], { assignment: ["E"] }, /capacity/i);
    accepts(json, { type: "cflp" }, ["E"], { assignment: ["E"], modules: { E: 0 } }, 2);
  });
  it("problem-level modules do not apply to existing sites", () => {
    const json = sc([at("d1", 0, 0, { weight: 8 })], [at("E", 0, 0, { existing: true, capacity: 5 }), at("N", 50, 50, { cost: 1, capacity: 1 })]);
    rejects(json, { type: "cflp", modules: [{ cost: 1, capacity: 10 }] }, ["E"], { assignment: ["E"] }, /capacity/i);
  });
});

describe("cflp evaluate: minimum use", () => {
  it("minUse × capacity", () => {
    rejects(one(4), { type: "cflp", minUse: 0.5 }, ["B"], { assignment: ["B"] }, /minimum|min/i);
    accepts(one(4), { type: "cflp", minUse: 0.4 }, ["B"], { assignment: ["B"] }, 1); // exactly 4 of 10
  });
  it("an open site serving nothing", () => {
    rejects(one(4), { type: "cflp", minUse: 0.25 }, ["A", "B"], { assignment: ["B"] }, /minimum|min/i);
  });
  it("a module's own min overrides minUse", () => {
    const json = one(4, {}, { cost: 1, capacity: 10 }, { modules: [{ name: "s", cost: 1, capacity: 10, min: 5 }, { name: "l", cost: 3, capacity: 10 }] });
    rejects(json, { type: "cflp" }, ["B"], { assignment: ["B"], modules: { B: 0 } }, /minimum|min/i);
    accepts(json, { type: "cflp" }, ["B"], { assignment: ["B"], modules: { B: 1 } }, 3);
    // min 5 on module s: minUse 0.1 does not lower it; module l: 0.5 × 10 = 5 > 4
    rejects(json, { type: "cflp", minUse: 0.1 }, ["B"], { assignment: ["B"], modules: { B: 0 } }, /minimum|min/i);
    rejects(json, { type: "cflp", minUse: 0.5 }, ["B"], { assignment: ["B"], modules: { B: 1 } }, /minimum|min/i);
  });
  it("split loads count toward the minimum", () => {
    rejects(one(4), { type: "cflp", singleSource: false, minUse: 0.3 }, ["A", "B"], { shares: [[{ site: "A", amount: 1 }, { site: "B", amount: 3 }]] }, /minimum|min/i);
    accepts(one(4), { type: "cflp", singleSource: false, minUse: 0.2 }, ["A", "B"], { shares: [[{ site: "A", amount: 2 }, { site: "B", amount: 2 }]] }, 2);
  });
  it("existing sites have no minimum", () => {
    const json = sc([at("d1", 0, 0, { weight: 1 })], [at("E", 0, 0, { existing: true, capacity: 10 })]);
    accepts(json, { type: "cflp", minUse: 0.5 }, ["E"], { assignment: ["E"] }, 0);
  });
});

const twoTowns = sc([at("d1", 0, 0, { weight: 1 }), at("d2", 10, 0, { weight: 1 })], [at("A", 0, 0, { cost: 1, capacity: 10 }), at("B", 10, 0, { cost: 2, capacity: 10 })]);

describe("cflp evaluate: coverage and budget", () => {
  it("a coverage target missed", () => {
    rejects(twoTowns, { type: "cflp", radius: 1, coverage: 1 }, ["A"], { assignment: ["A", "A"] }, /cover/i);
    accepts(twoTowns, { type: "cflp", radius: 1, coverage: 0.5 }, ["A"], { assignment: ["A", "A"] }, 1); // exactly half
    accepts(twoTowns, { type: "cflp", radius: 1, coverage: 1 }, ["A", "B"], { assignment: ["A", "B"] }, 3);
  });
  it("coverage counts split shares within the radius", () => {
    const p: CflpProblem = { type: "cflp", radius: 1, coverage: 0.75, singleSource: false };
    rejects(twoTowns, p, ["A", "B"], { shares: [[{ site: "A", share: 1 }], [{ site: "A", share: 0.6 }, { site: "B", share: 0.4 }]] }, /cover/i);
    accepts(twoTowns, p, ["A", "B"], { shares: [[{ site: "A", share: 1 }], [{ site: "A", share: 0.5 }, { site: "B", share: 0.5 }]] }, 3);
  });
  it("a budget exceeded", () => {
    rejects(twoTowns, { type: "cflp", radius: 1, budget: 2 }, ["A", "B"], { assignment: ["A", "B"] }, /budget/i);
    // budget: the objective is the weight served within the radius
    accepts(twoTowns, { type: "cflp", radius: 1, budget: 3 }, ["A", "B"], { assignment: ["A", "B"] }, 2);
    accepts(twoTowns, { type: "cflp", radius: 1, budget: 1 }, ["A"], { assignment: ["A", "A"] }, 1);
  });
  it("an expansion counts against the budget; the existing base does not", () => {
    const json = sc([at("d1", 0, 0, { weight: 8 })], [at("E", 0, 0, { existing: true, capacity: 5, cost: 100, modules: [{ cost: 2, capacity: 5 }] })]);
    rejects(json, { type: "cflp", radius: 1, budget: 1 }, ["E"], { assignment: ["E"], modules: { E: 0 } }, /budget/i);
    accepts(json, { type: "cflp", radius: 1, budget: 2 }, ["E"], { assignment: ["E"], modules: { E: 0 } }, 8);
  });
});

describe("cflp evaluate: existing and forbidden sites", () => {
  const json = sc([at("d1", 0, 0, { weight: 1 })], [at("E", 0, 0, { existing: true, capacity: 10 }), at("F", 0, 0, { cost: 0, capacity: 10, forbidden: true }), at("A", 0, 0, { cost: 1, capacity: 10 })]);
  it("an existing site left closed", () => {
    rejects(json, { type: "cflp" }, ["A"], { assignment: ["A"] }, /existing/i);
    accepts(json, { type: "cflp" }, ["E"], { assignment: ["E"] }, 0);
    accepts(json, { type: "cflp" }, ["E", "A"], { assignment: ["A"] }, 1);
  });
  it("a forbidden site opened", () => {
    rejects(json, { type: "cflp" }, ["E", "F"], { assignment: ["F"] }, /forbidden/i);
    rejects(json, { type: "cflp" }, ["E", "F"], { assignment: ["E"] }, /forbidden/i);
  });
});

describe("cflp evaluate: the objective", () => {
  it("cost + distanceCost × Σ weight × distance (single-source)", () => {
    const json = sc([at("d1", 0, 0, { weight: 2 })], [at("A", 3, 4, { cost: 1, capacity: 10 })]);
    accepts(json, { type: "cflp", distanceCost: 0.5 }, ["A"], { assignment: ["A"] }, 1 + 0.5 * 2 * 5);
  });
  it("split: weight × distance per share", () => {
    const json = sc([at("d1", 0, 0, { weight: 4 })], [at("A", 0, 0, { cost: 1, capacity: 10 }), at("B", 3, 4, { cost: 1, capacity: 10 })]);
    accepts(json, { type: "cflp", singleSource: false, distanceCost: 1 }, ["A", "B"], { shares: [[{ site: "A", amount: 2 }, { site: "B", amount: 2 }]] }, 2 + 4 * 0.5 * 5);
  });
  it("a cost matrix gives the distances", () => {
    const json = { demand: [{ id: "d1", weight: 1 }, { id: "d2", weight: 1 }], sites: [{ id: "A", cost: 1, capacity: 10 }, { id: "B", cost: 1, capacity: 10 }], costs: [[1, 5], [5, 1]] };
    accepts(json, { type: "cflp", distanceCost: 1 }, ["A", "B"], { assignment: ["A", "B"] }, 4);
    accepts(json, { type: "cflp", distanceCost: 1 }, ["A"], { assignment: ["A", "A"] }, 7);
    rejects(json, { type: "cflp", distanceCost: 1, reach: 2 }, ["A"], { assignment: ["A", "A"] }, /reach/i);
  });
});

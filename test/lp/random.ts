import { buildInstance, mulberry32, parseProblem, parseScenario, type Instance, type Problem, type Scenario } from "@siting/core";
import { specFromProblem, type MipSpec } from "@siting/core/lp";

/** A small random instance and a spec for one formulation variant, for the backend/oracle agreement tests. */
export interface Case {
  name: string;
  scenario: Scenario;
  inst: Instance;
  problem: Problem;
  spec: MipSpec;
}

export type Variant =
  | "lscp-count"
  | "lscp-cost"
  | "mclp-p"
  | "mclp-budget"
  | "pmedian-p"
  | "pmedian-budget"
  | "pcenter"
  | "cap-pmedian-p"
  | "cap-pmedian-budget-modules"
  | "cap-mclp-p"
  | "cap-mclp-budget-modules"
  | "cap-lscp"
  | "cap-lscp-modules-standard";

export const VARIANTS: Variant[] = [
  "lscp-count",
  "lscp-cost",
  "mclp-p",
  "mclp-budget",
  "pmedian-p",
  "pmedian-budget",
  "pcenter",
  "cap-pmedian-p",
  "cap-pmedian-budget-modules",
  "cap-mclp-p",
  "cap-mclp-budget-modules",
  "cap-lscp",
  "cap-lscp-modules-standard",
];

export function randomCase(variant: Variant, seed: number): Case {
  const rand = mulberry32(seed * 7919 + variant.length * 104729 + variant.charCodeAt(variant.length - 1));
  const ri = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const capacitated = variant.startsWith("cap-");
  const modules = variant.includes("modules");
  const costs = variant.includes("cost") || variant.includes("budget") || variant === "cap-lscp";
  const n = capacitated ? ri(3, 6) : ri(3, 8);
  const m = capacitated ? ri(2, 4) : ri(2, 6);
  const demand = Array.from({ length: n }, (_, i) => ({ id: `d${i}`, x: ri(0, 100), y: ri(0, 100), weight: rand() < 0.15 ? 0 : ri(1, 9), units: ri(1, 9) }));
  const sites = Array.from({ length: m }, (_, j) => {
    const existing = rand() < 0.15;
    const forbidden = !existing && rand() < 0.12;
    const s: Record<string, unknown> = { id: `s${j}`, x: ri(0, 100), y: ri(0, 100) };
    if (existing) s.existing = true;
    if (forbidden) s.forbidden = true;
    if (costs) s.cost = ri(1, 20);
    if (capacitated) s.capacity = ri(4, 30);
    if (modules && !existing) {
      const c1 = ri(1, 12);
      const q1 = ri(3, 15);
      s.modules = [
        { cost: c1, capacity: q1 },
        { cost: c1 + ri(1, 10), capacity: q1 + ri(3, 20) },
      ];
    }
    return s;
  });
  const scenario = parseScenario({ demand, sites });
  const inst = buildInstance(scenario);
  const existing = sites.filter((s) => s.existing).length;
  const radius = ri(20, 70);
  const p = Math.max(1, Math.min(m, existing + ri(1, 3)));
  const totalCost = sites.reduce((a, s) => a + ((s.cost as number | undefined) ?? ((s.modules as { cost: number }[] | undefined)?.[0].cost ?? 0)), 0);
  const budget = Math.round(totalCost * (0.2 + 0.5 * rand()));
  let problem: Record<string, unknown>;
  switch (variant) {
    case "lscp-count":
      problem = { type: "lscp", radius: radius + 25, objective: "count" };
      break;
    case "lscp-cost":
      problem = { type: "lscp", radius: radius + 25, objective: "cost" };
      break;
    case "mclp-p":
      problem = { type: "mclp", radius, p };
      break;
    case "mclp-budget":
      problem = { type: "mclp", radius, budget, ...(rand() < 0.5 ? { p } : {}) };
      break;
    case "pmedian-p":
      problem = { type: "pmedian", p };
      break;
    case "pmedian-budget":
      problem = { type: "pmedian", budget, ...(rand() < 0.5 ? { p } : {}) };
      break;
    case "pcenter":
      problem = { type: "pcenter", p };
      break;
    case "cap-pmedian-p":
      problem = { type: "pmedian", p, capacitated: true };
      break;
    case "cap-pmedian-budget-modules":
      problem = { type: "pmedian", budget: budget + 10, capacitated: true };
      break;
    case "cap-mclp-p":
      // demand units from a field of the demand points: 1 unit per 1 of `units`
      problem = { type: "mclp", radius, p, capacitated: true, standard: { per: 1, units: 1, of: "units" } };
      break;
    case "cap-mclp-budget-modules":
      problem = { type: "mclp", radius, budget, capacitated: true };
      break;
    case "cap-lscp":
      problem = { type: "lscp", radius: radius + 20, objective: "cost", capacitated: true };
      break;
    case "cap-lscp-modules-standard":
      // 450 units per 1,000 of weight (0.45 per 1,000 would be too small for these weights)
      // odd seeds minimise the number of sites, even ones the module cost
      problem = { type: "lscp", radius: radius + 20, capacitated: true, standard: { per: 1000, units: 450, of: "weight" }, ...(seed % 2 ? { objective: "count" } : {}) };
      break;
  }
  const parsed = parseProblem(problem, scenario);
  const spec = specFromProblem(scenario, parsed);
  return { name: `${variant}#${seed}`, scenario, inst, problem: parsed, spec };
}

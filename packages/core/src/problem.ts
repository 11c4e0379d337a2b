import { z } from "zod";
import { IssueList } from "./errors.js";
import { zodCheck } from "./parse.js";
import type { Scenario } from "./scenario.js";

export const PROBLEM_TYPES = ["lscp", "mclp", "pmedian", "pcenter"] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

/**
 * What to optimise.
 * - `lscp`: fewest sites (or least total cost of new sites, when sites have costs) so that every
 *   demand point with weight > 0 has an open site within `radius`.
 * - `mclp`: most demand weight within `radius` of an open site, with at most `p` open sites and/or
 *   total cost of new sites ≤ `budget`.
 * - `pmedian`: least Σ weight × distance to the nearest open site, with at most `p` open sites
 *   and/or cost ≤ `budget` (with `p` alone, exactly p are opened: more never hurts).
 * - `pcenter`: least largest distance from a demand point (weight > 0) to its nearest open site,
 *   with at most `p` open sites.
 * Coverage is inclusive: a site covers a demand point when distance ≤ radius. Existing sites are
 * open, count toward `p`, and their cost is sunk (not charged to `budget`). For `pmedian` and
 * `pcenter` a `radius` is optional and only used to report coverage.
 */
export interface Problem {
  type: ProblemType;
  p?: number;
  radius?: number;
  budget?: number;
}

const problemSchema = z.strictObject(
  {
    type: z.enum(PROBLEM_TYPES, { error: `unknown problem; expected one of ${PROBLEM_TYPES.join(", ")}` }),
    p: z.number({ error: "expected an integer ≥ 1" }).int({ error: "expected an integer ≥ 1" }).min(1, { error: "expected an integer ≥ 1" }).optional(),
    radius: z.number({ error: "expected a finite number > 0" }).gt(0, { error: "expected a finite number > 0" }).optional(),
    budget: z.number({ error: "expected a finite number ≥ 0" }).min(0, { error: "expected a finite number ≥ 0" }).optional(),
  },
  { error: "expected a problem object {type, p?, radius?, budget?}" },
);

/** Validates a problem against a scenario. Throws `ScenarioError` naming each bad field. */
export function parseProblem(input: unknown, scenario: Scenario): Problem {
  const issues = new IssueList();
  const pr = zodCheck(problemSchema, input, "problem", issues);
  issues.throwIfAny("invalid problem");
  const problem = pr as Problem;
  const m = scenario.sites.length;
  let existing = 0;
  for (const s of scenario.sites) if (s.existing) existing++;
  const { type, p, radius, budget } = problem;

  if (p !== undefined) {
    if (type === "lscp") issues.add("problem.p", "lscp finds the number of sites itself; p is not allowed", p);
    else if (p > m) issues.add("problem.p", `expected at most the number of sites (${m})`, p);
    else if (p < existing) issues.add("problem.p", `expected at least the number of existing sites (${existing}), which stay open and count toward p`, p);
  }
  if ((type === "lscp" || type === "mclp") && radius === undefined) issues.add("problem.radius", `${type} needs a coverage radius > 0`);
  if (budget !== undefined) {
    if (type === "lscp" || type === "pcenter") issues.add("problem.budget", `a budget is not supported for ${type}`, budget);
    else if (!scenario.hasCosts) issues.add("problem.budget", "a budget needs site costs: give sites a `cost`", budget);
  }
  if ((type === "mclp" || type === "pmedian") && p === undefined && budget === undefined) issues.add("problem.p", `${type} needs p (the number of sites) and/or a budget`);
  if (type === "pcenter" && p === undefined) issues.add("problem.p", "pcenter needs p (the number of sites)");
  issues.throwIfAny("invalid problem");
  const out: Problem = { type };
  if (p !== undefined) out.p = p;
  if (radius !== undefined) out.radius = radius;
  if (budget !== undefined) out.budget = budget;
  return out;
}

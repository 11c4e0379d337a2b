/**
 * The public `evaluate` (what `@siting/core` exports): core `evaluate()` with the variants'
 * evaluation installed. A module of its own, built as a side entry (tsup.config.ts), so that a
 * bundle of `solve` alone, which does not use it, leaves the variants' evaluation in the lazy chunk
 * of the variant solve path.
 */
import { evaluate as evaluateBase, type EvaluateOptions, type Evaluation } from "../evaluate.js";
import type { Problem } from "../problem.js";
import type { Scenario } from "../scenario.js";
import { installVariants } from "./evaluate.js";

/**
 * Evaluates open sites (by id) for a problem, from the scenario's own data: distances are
 * recomputed here, not taken from any solver. Unknown or repeated ids throw `ScenarioError`.
 * Capacitated problems also check the given assignment: served only by open sites, within the
 * radius for LSCP/MCLP, every unit served for LSCP/p-median, and site loads (in demand units)
 * within the capacity of the site or of its chosen size module. The variants (target and backup
 * coverage, per-point radius, attendance, impedance) get their own measures (variants/evaluate.ts).
 */
export function evaluate(scenario: Scenario, problem: Problem, open: readonly string[], opts: EvaluateOptions = {}): Evaluation {
  // installed here, not at load, so that a bundle of `solve` alone leaves the variants out
  installVariants();
  return evaluateBase(scenario, problem, open, opts);
}

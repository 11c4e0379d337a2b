/**
 * Where core `evaluate()` finds the variants' evaluation (variants/evaluate.ts). That module is
 * installed by the public `evaluate` and by the variant solve path when they run, not imported by
 * evaluate.ts, so a browser bundle of `solve` does not carry it up front (test/bundle-size.test.ts).
 */
import type { EvaluateOptions, Evaluation } from "../evaluate.js";
import type { Problem } from "../problem.js";
import type { Scenario } from "../scenario.js";

type VariantEvaluation = (s: Scenario, problem: Problem, open: readonly string[], opts: EvaluateOptions) => Evaluation;

let installed: VariantEvaluation | null = null;

export function installVariantEvaluation(f: VariantEvaluation): void {
  installed = f;
}

export function variantEvaluation(s: Scenario, problem: Problem, open: readonly string[], opts: EvaluateOptions): Evaluation {
  if (!installed) throw new Error("internal error: a variant is evaluated before variants/evaluate.ts was installed (use evaluate from @siting/core)");
  return installed(s, problem, open, opts);
}

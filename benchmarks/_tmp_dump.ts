import { writeFileSync } from "node:fs";
import { benchInstances, makeInstance } from "./cflp-instances.js";
for (const spec of benchInstances()) {
  const inst = makeInstance(spec);
  const tag = `${spec.family}-${spec.seed}-${spec.n}x${spec.m}`;
  writeFileSync(`/tmp/cflp-${tag}.json`, JSON.stringify({ scenario: inst.scenario, problem: inst.problem }));
  writeFileSync(`/tmp/cflp-${tag}-budget.json`, JSON.stringify({ scenario: inst.scenario, problem: inst.budgetProblem }));
}

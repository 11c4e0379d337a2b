import type { Problem } from "./problem.js";
import type { Scenario } from "./scenario.js";

/** Demand units per demand point: the standard applied to its field, or the weight itself. */
export function demandUnitsOf(scenario: Scenario, problem: Problem): Float64Array {
  const n = scenario.demand.length;
  const a = new Float64Array(n);
  const st = problem.standard;
  for (let i = 0; i < n; i++) {
    const d = scenario.demand[i];
    const base = !st || st.of === "weight" ? d.weight : Number(d.properties[st.of]);
    a[i] = st ? (base * st.units) / st.per : base;
  }
  return a;
}

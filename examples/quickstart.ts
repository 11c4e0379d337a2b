/**
 * The README's library example: two residential blocks, one candidate clinic and one existing one;
 * maximise the residents within 1 km under a budget of 10.  Run: `pnpm example quickstart`.
 */
import { solve } from "@siting/core";

const scenario = {
  demand: [
    { id: "a", lon: 121.9, lat: 30.9, weight: 1200 },
    { id: "b", lon: 121.93, lat: 30.91, weight: 800 },
  ],
  sites: [
    { id: "s1", lon: 121.905, lat: 30.9, cost: 10 },
    { id: "s2", lon: 121.94, lat: 30.905, cost: 12, existing: true },
  ],
};
const result = await solve(scenario, { type: "mclp", radius: 1000, budget: 10 }, { timeLimit: 5, seed: 1 });
console.log(result.status, result.objective, result.open, result.coverage.fraction);

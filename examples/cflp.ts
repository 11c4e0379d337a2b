/** The planner's model on a small town: sizes with the sites, a coverage frontier, two services on shared sites. */
import { readFileSync } from "node:fs";
import { frontier, solve, solveServices } from "@siting/core";

const town = JSON.parse(readFileSync(new URL("../test/fixtures/cflp-town.json", import.meta.url), "utf8"));
const problem = { type: "cflp", reach: 3000, radius: 1000, coverage: 0.9, minUse: 0.6 } as const;
const r = await solve(town, problem, { timeLimit: 20 });
console.log(r.status, r.objective, r.bound, r.gap); // optimal 16 16 0
for (const s of r.sites) console.log(s.id, s.module ?? "own size", `${s.units}/${s.capacity}`);
// what each further 10 % within the walking radius costs (each point warm-starts the next)
for (const p of await frontier(town, problem, { coverage: [0.5, 0.6, 0.7, 0.8, 0.9] })) console.log(p.coverage, p.cost, p.status, p.dominated ? "dominated" : "");
// health and elder care on shared sites: the land is paid once
const both = await solveServices(town, [{ name: "health", problem }, { name: "elder", problem: { ...problem, coverage: 0.8, minUse: 0.3 }, demand: "elderly" }], { siteCost: 2 });
console.log(both.status, both.cost, both.aloneCost, both.saving, both.sharedSites); // optimal 36 42 6 [s2, s6, s10]

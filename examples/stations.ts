/**
 * Doorstep service stations (家门口服务站): the plan wants everyone within the 15-minute life
 * circle of one. How many new stations does that take in the first-start zone (set covering, LSCP,
 * with the existing stations kept), and with a smaller budget — "with 20 million CNY, how many
 * residents can we reach?" — what does each budget buy (maximal covering, MCLP)?
 * Our exact engine solves both, stopped by a deterministic work limit, with a proven bound.
 *
 * Run: `pnpm example stations` (≈ 10 s). The grid is SYNTHETIC and calibrated (see @siting/lingang).
 */
import { parseScenario, solve, type Result } from "@siting/core";
import { ASSUMPTIONS, lingangScenario } from "@siting/lingang";

const ls = lingangScenario({ facility: "stations", year: 2024, zone: "first-start", resolution: 250 });
const scenario = parseScenario(ls.scenario);
const total = scenario.demand.reduce((a, d) => a + d.weight, 0);
const existing = scenario.sites.filter((s) => s.existing).length;
const options = { solver: "engine" as const, workLimit: 2_000, timeLimit: 120, seed: 1 };
const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const t0 = performance.now();

// everyone within the circle, least cost of new stations
const lscp = await solve(scenario, { type: "lscp", radius: ls.radius, objective: "cost" }, options);
const full = lscp.cost;
// the trade-off: residents within the circle for growing budgets (million CNY)
const budgets = [0, 5, 10, 20, 30, 40, Math.ceil(full * 0.75)];
const runs: [number, Result][] = [];
for (const budget of budgets) runs.push([budget, await solve(scenario, { type: "mclp", radius: ls.radius, budget }, options)]);
console.error(`(solved in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

console.log(`Lingang first-start zone, 2024, ${ls.resolution} m grid: ${fmt(total)} residents (synthetic grid)`);
console.log(`15-minute life circle: ${ls.radius} m straight line; a new station costs ${ASSUMPTIONS["station.cost"].value} M CNY; ${existing} existing, ${scenario.sites.length - existing} candidates\n`);
const gap = (r: Result) => (r.gap === null ? "no bound" : `${fmt(100 * r.gap, 2)} %`);
console.log(`Everyone covered (LSCP): ${lscp.open.length - existing} new stations, ${fmt(full, 1)} M CNY — ${lscp.status}, gap to proven bound ${gap(lscp)}\n`);

const head = ["budget M CNY", "new stations", "residents reached", "reached %", "+ per M CNY", "status", "gap"];
const rows: string[][] = [];
let prev: { budget: number; reached: number } | null = null;
for (const [budget, r] of runs) {
  const reached = r.objective ?? 0;
  const perM = prev === null ? "—" : fmt((reached - prev.reached) / (budget - prev.budget));
  rows.push([fmt(budget), String(r.open.length - existing), fmt(reached), fmt((100 * reached) / total, 1), perM, r.status, gap(r)]);
  prev = { budget, reached };
}
rows.push([fmt(full, 1), String(lscp.open.length - existing), fmt(lscp.coverage.covered), fmt(100 * lscp.coverage.fraction, 1), "—", lscp.status, gap(lscp)]);
const width = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
const line = (c: string[]) => console.log(c.map((v, k) => (k < 5 ? v.padStart(width[k]) : v.padEnd(width[k]))).join("  "));
line(head);
for (const r of rows) line(r);
const r20 = runs.find(([b]) => b === 20)?.[1];
if (r20) console.log(`\nWith 20 million CNY: ${fmt(r20.objective ?? 0)} residents (${fmt((100 * (r20.objective ?? 0)) / total, 1)} %) within ${ls.radius} m of a station.`);
console.log("Marginal value falls as the budget grows: the first stations go where the new city is dense.");

/**
 * Doorstep service stations (家门口服务站): the plan wants everyone within the 15-minute life
 * circle (1,000 m) of one. What does the least-cost network of stations (each serving up to 10,000
 * residents, at least 60 % of that) cost, what does it cost to hold 90 % of urban residents within
 * 1,000 m, and — "with N million CNY, how many can we reach?" — what does each budget buy?
 * One `cflp` per planning district, solved by HiGHS within a time limit.
 *
 * Run: `pnpm example stations` (≈ 15 s). The grid is SYNTHETIC and calibrated (see @siting/lingang).
 */
import { ASSUMPTIONS, lingangGrid, planFacility, type FacilityPlan } from "@siting/lingang";

const timeLimit = 2; // seconds per facility type (all its planning districts; the default is 6): raise it for smaller gaps
const grid = lingangGrid({ year: 2024, zone: "first-start", resolution: 500 });
const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (x: number | null) => (x === null ? "—" : `${fmt(100 * x, 1)} %`);
const t0 = performance.now();

// the least-cost plan and its trade-off (no walking standard; 90 % within the radius; the plan)
const plan = await planFacility("stations", grid, { timeLimit, tradeoffSeconds: 1 });
// the budget variant: the most urban residents within the radius for the money (every cell still served)
const budgets = [28, 32];
const runs: [number, FacilityPlan][] = [];
for (const budget of budgets) runs.push([budget, await planFacility("stations", grid, { timeLimit, budget })]);
console.error(`(solved in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

console.log(`Lingang first-start zone, 2024, ${grid.resolution} m grid: ${fmt(plan.demandTotal)} residents planned for, ${fmt(plan.urbanTotal)} in urban cells (synthetic grid)`);
console.log(
  `A station costs ${ASSUMPTIONS["station.cost"].value} M CNY and serves up to ${fmt(ASSUMPTIONS["station.capacity"].value)} residents; ` +
    `${plan.existingSites} exist today; ${timeLimit} s per facility type\n`,
);
console.log(`Least-cost plan: ${plan.newSites} new stations, ${fmt(plan.cost, 1)} M CNY; capacity ${fmt(plan.capacity)} for ${fmt(plan.need)} residents; median use ${pct(plan.utilization.median)}`);
console.log(`  ${pct(plan.withinRadius.share)} of urban residents within ${fmt(plan.withinRadius.radius)} m; ${plan.status}, gap ${plan.gap === null ? "no bound" : pct(plan.gap)}`);
if (plan.flags.length) console.log(`  flags: ${plan.flags.join("; ")}`);

const table = (head: string[], rows: string[][]) => {
  const width = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (c: string[]) => console.log(c.map((v, k) => (k ? v.padStart(width[k]) : v.padEnd(width[k]))).join("  "));
  line(head);
  for (const r of rows) line(r);
};
console.log("\nTrade-off (least cost under each walking rule):");
table(
  ["plan", "M CNY", "within 1 km", "status (gap)", ""],
  (plan.tradeoff ?? []).map((p) => [p.label, p.cost === null ? "—" : fmt(p.cost, 1), pct(p.coverage), `${p.status} (${p.gap === null ? "no bound" : pct(p.gap)})`, p.dominated ? "dominated" : ""]),
);

// FacilityPlan.gap reads the objective as a cost; the budget variant maximises, so its gap is (bound − objective) / objective
const maxGap = (p: FacilityPlan) => (p.objective && p.bound !== null ? Math.max(0, (p.bound - p.objective) / p.objective) : null);
console.log("\nWhat a budget buys (most urban residents within 1,000 m):");
table(
  ["budget M CNY", "spent", "new stations", "urban within 1 km", "share", "status (gap)"],
  runs.map(([budget, p]) => [
    fmt(budget), p.objective === null ? "—" : fmt(p.budget?.spent ?? p.cost, 1), p.objective === null ? "—" : String(p.newSites),
    p.objective === null ? "—" : fmt(p.objective), p.objective === null ? "—" : pct(p.withinRadius.share), `${p.status} (${pct(maxGap(p))})`,
  ]),
);
console.log(
  `\nBelow ≈ ${Math.ceil((plan.need - plan.existingCapacity) / ASSUMPTIONS["station.capacity"].value)} new stations there is not room for everyone, so no budget plan exists;` +
    " above it, each further million buys stations nearer the people.",
);
const cheaper = runs.find(([, p]) => p.objective !== null && p.cost < plan.cost - 1e-9 && p.withinRadius.share >= plan.withinRadius.share - 0.02);
if (cheaper) console.log(`The ${fmt(cheaper[0])} M CNY plan is cheaper than the least-cost one at almost its share: that solve stopped at its time limit (gap above); raise timeLimit.`);

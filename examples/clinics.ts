/**
 * Clinics: how many general practitioners does the plan's standard (0.45 GPs per 1,000 residents)
 * ask for in the 2024 first-start zone, how far do the existing community health centres (CHCs)
 * and the plan's named projects go, and which new health stations and CHCs (size modules) serve
 * everyone at least cost — urban residents within the 1,500 m walk where a facility can be filled,
 * every new one at least 60 % used?  One `cflp` per planning district, solved by HiGHS.
 *
 * Run: `pnpm example clinics` (≈ 5 s). The grid is SYNTHETIC and calibrated (see @siting/lingang).
 */
import { lingangGrid, planFacility, STANDARDS } from "@siting/lingang";

const timeLimit = 2; // seconds per facility type (all its planning districts; the default is 6): raise it for smaller gaps
const grid = lingangGrid({ year: 2024, zone: "first-start", resolution: 500 });
const t0 = performance.now();
const plan = await planFacility("clinics", grid, { timeLimit, frontier: false });
console.error(`(solved in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (x: number | null) => (x === null ? "—" : `${fmt(100 * x, 1)} %`);
console.log(`Lingang first-start zone, 2024, ${grid.resolution} m grid: ${fmt(grid.totals.residents)} residents (synthetic grid)`);
console.log(`Standard: ${STANDARDS.gpPerThousand.value} GPs per 1,000 residents -> ${fmt(plan.need, 1)} GPs for the ${fmt(plan.demandTotal)} residents planned for`);
console.log(`Today: ${plan.existingSites} existing CHC(s) and ${plan.committedSites} committed project(s), ${fmt(plan.existingCapacity)} GPs\n`);

// the plan, grouped by origin and size
const rows = new Map<string, { n: number; gps: number; used: number; cost: number }>();
for (const s of plan.sites) {
  const key = s.existing ? `${s.origin}${s.module ? ` + ${s.module}` : ""}` : `new ${s.module ?? "site"}`;
  const r = rows.get(key) ?? { n: 0, gps: 0, used: 0, cost: 0 };
  r.n++;
  r.gps += s.capacity;
  r.used += s.units;
  r.cost += s.cost;
  rows.set(key, r);
}
const line = (c: (string | number)[]) => console.log(c.map((v, k) => String(v)[k ? "padStart" : "padEnd"](k ? 10 : 30)).join(""));
line(["sites", "count", "GPs", "GPs used", "M CNY"]);
for (const [k, r] of [...rows].sort()) line([k, r.n, fmt(r.gps), fmt(r.used, 1), fmt(r.cost, 1)]);
line(["total", plan.sites.length, fmt(plan.capacity), fmt(plan.sites.reduce((a, s) => a + s.units, 0), 1), fmt(plan.cost, 1)]);

console.log(`\nCapacity vs need: ${fmt(plan.capacity)} vs ${fmt(plan.need, 1)} GPs (${fmt(plan.capacity / plan.need, 2)}×)`);
console.log(`New sites' use: min ${pct(plan.utilization.min)}, median ${pct(plan.utilization.median)} (minimum ${pct(plan.minUse)})`);
console.log(`Urban residents within ${fmt(plan.withinRadius.radius)} m: ${pct(plan.withinRadius.share)}; farthest assignment ${fmt(plan.farthest / 1000, 1)} km`);
console.log(`Solve: ${plan.solver} ${plan.status}, gap ${plan.gap === null ? "— (no bound)" : pct(plan.gap)} in ${timeLimit} s`);
for (const m of plan.messages) console.log(`Note: ${m}`);
console.log(plan.flags.length ? `Flags: ${plan.flags.join("; ")}` : "No plausibility flags.");

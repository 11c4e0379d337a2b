/**
 * Elder care: the plan asks for at least 40 m² of community elder-care floor area per 1,000
 * residents (plus a forward margin) within the 15-minute life circle. Which centres — modules of
 * 300 m² (meal point), 600 m² (day care) or 1,200 m² (综合为老服务中心) — meet it at least cost next
 * to the existing centres, and what does putting elder care into the new community health centres'
 * buildings (co-location, at a lower cost) save?  The health centres are planned first; elder care
 * is then planned once on its own and once with the new CHC buildings as extra candidates.
 *
 * Run: `pnpm example eldercare` (≈ 10 s). The grid is SYNTHETIC and calibrated (see @siting/lingang).
 */
import { ASSUMPTIONS, lingangGrid, moduleMenu, planFacility, STANDARDS, type FacilityPlan } from "@siting/lingang";

const timeLimit = 2; // seconds per facility type (all its planning districts; the default is 6): raise it for smaller gaps
const grid = lingangGrid({ year: 2024, zone: "first-start", resolution: 500 });
const options = { timeLimit, frontier: false };
const t0 = performance.now();
const clinics = await planFacility("clinics", grid, options);
const plans: [string, FacilityPlan][] = [
  ["on its own", await planFacility("eldercare", grid, options)],
  ["sharing new CHCs", await planFacility("eldercare", grid, options, { colocateWith: clinics.sites })],
];
console.error(`(solved in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (x: number | null) => (x === null ? "—" : `${fmt(100 * x, 1)} %`);
const [, shared] = plans[1];
console.log(`Lingang first-start zone, 2024, ${grid.resolution} m grid: ${fmt(grid.totals.residents)} residents, ${fmt(grid.totals.age60plus)} aged 60+ (synthetic grid)`);
console.log(`Standard: ${STANDARDS.eldercareArea.value} m² per 1,000 residents × margin ${shared.margin} -> ${fmt(shared.need)} m²; existing ${fmt(shared.existingCapacity)} m² at ${shared.existingSites} centres`);
console.log(`Modules: ${moduleMenu("eldercare").map((m) => `${fmt(m.capacity)} m² for ${m.cost} M CNY`).join(", ")}; in a new CHC building × ${ASSUMPTIONS["eldercare.colocated.factor"].value}`);
console.log(`Health centres planned first: ${clinics.newSites} new (${fmt(clinics.cost, 1)} M CNY), ${clinics.status}, gap ${pct(clinics.gap)}\n`);

const names = moduleMenu("eldercare").map((m) => m.name);
const head = ["elder care", "new", ...names.map((n) => n.replace("eldercare-", "")), "of which in CHCs", "m² planned / need", "M CNY", "median use", "within 1 km", "status (gap)"];
const rows = plans.map(([label, p]) => {
  const count = (n: string) => p.sites.filter((s) => !s.existing && s.module === n).length;
  return [
    label,
    String(p.newSites),
    ...names.map((n) => String(count(n))),
    String(p.sites.filter((s) => s.origin === "colocated").length),
    `${fmt(p.capacity)} / ${fmt(p.need)}`,
    fmt(p.cost, 1),
    pct(p.utilization.median),
    pct(p.withinRadius.share),
    `${p.status} (${p.gap === null ? "no bound" : pct(p.gap)})`,
  ];
});
const width = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
const line = (c: string[]) => console.log(c.map((v, k) => (k ? v.padStart(width[k]) : v.padEnd(width[k]))).join("  "));
line(head);
for (const r of rows) line(r);

const c = shared.colocation;
if (c) console.log(`\nCo-location: ${c.shared} elder-care modules in new CHC buildings cost ${fmt(c.costTogether, 1)} instead of ${fmt(c.costAlone, 1)} M CNY: saves ${fmt(c.saving, 1)} M CNY.`);
else console.log("\nCo-location: no plan with the CHC buildings (see the status).");
const diff = plans[0][1].cost - shared.cost;
console.log(
  `Whole plan: ${fmt(shared.cost, 1)} vs ${fmt(plans[0][1].cost, 1)} M CNY on its own (${diff >= 0 ? `${fmt(diff, 1)} less` : `${fmt(-diff, 1)} more`}); ` +
    "both are time-limited, so compare within their gaps.",
);
for (const [label, p] of plans) if (p.flags.length) console.log(`Flags (${label}): ${p.flags.join("; ")}`);

/**
 * Elder care: the plan asks for at least 40 m² of community elder-care floor area per 1,000
 * residents within the 15-minute life circle. Which centres — modules of 300 m² (meal point),
 * 600 m² (day care) or 1,200 m² (综合为老服务中心) — meet it at least cost, next to the existing
 * centres?  And what would it cost with large centres only?  HiGHS solves the capacitated model.
 *
 * Run: `pnpm example eldercare` (≈ 6 s). The grid is SYNTHETIC and calibrated (see @siting/lingang).
 */
import { highs } from "@siting/highs";
import { lingangGrid, lingangScenario, moduleMenu, planFacility, STANDARDS, type FacilityPlan } from "@siting/lingang";

const grid = lingangGrid({ year: 2024, zone: "first-start", resolution: 250 });
const ls = lingangScenario({ facility: "eldercare", grid });
const backend = highs();
const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const t0 = performance.now();
// access stage: engine under a deterministic work limit; capacity stage: HiGHS
const opts = { workLimit: 2_000, timeLimit: 120, backend };
// the same scenario with one module only at every candidate: the 1,200 m² centre
const large = moduleMenu("eldercare").filter((m) => m.capacity === 1_200);
const largeOnly = { ...ls, scenario: { ...ls.scenario, sites: ls.scenario.sites.map((s) => (s.modules ? { ...s, modules: large, cost: large[0].cost } : s)) } };
const plans: [string, FacilityPlan][] = [
  ["all three modules", await planFacility(ls, opts)],
  ["1,200 m² centres only", await planFacility(largeOnly, opts)],
];
console.error(`(solved in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

const existing = ls.scenario.sites.filter((s) => s.existing);
console.log(`Lingang first-start zone, 2024, ${grid.resolution} m grid: ${fmt(grid.totals.residents)} residents, ${fmt(grid.totals.age60plus)} aged 60+ (synthetic grid)`);
console.log(`Standard: ${STANDARDS.eldercareArea.value} m² per 1,000 residents within ${ls.radius} m -> ${fmt((grid.totals.residents * STANDARDS.eldercareArea.value) / 1000)} m² required`);
console.log(`Existing: ${existing.length} centres, ${fmt(existing.reduce((a, s) => a + (s.capacity ?? 0), 0))} m²`);
console.log(`Modules: ${moduleMenu("eldercare").map((m) => `${m.capacity} m² for ${m.cost} M CNY`).join(", ")}\n`);

const names = moduleMenu("eldercare").map((m) => m.name);
const head = ["plan", "existing", ...names.map((n) => n.replace("eldercare-", "")), "m² planned", "m² used", "M CNY", "within 800 m %", "standard"];
const rows = plans.map(([label, p]) => {
  const count = (n: string) => p.sites.filter((s) => !s.existing && s.module === n).length;
  const st = p.standard;
  const used = p.sites.reduce((a, s) => a + (s.units ?? 0), 0);
  return [
    label,
    String(p.existingSites),
    ...names.map((n) => String(count(n))),
    fmt(st?.provided ?? 0),
    fmt(used),
    fmt(p.cost, 1),
    fmt(100 * p.coveredFraction, 2),
    st ? (st.met ? "met" : `short ${fmt(st.shortfall)} m²`) : "—",
  ];
});
const width = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
const line = (c: string[]) => console.log(c.map((v, k) => (k ? v.padStart(width[k]) : v.padEnd(width[k]))).join("  "));
line(head);
for (const r of rows) line(r);
console.log("");
const gap = (g: number | null) => (g === null ? "no bound" : `gap ${fmt(100 * g, 2)} %`);
for (const [label, p] of plans) {
  console.log(`${label}: access ${p.access.solver} ${p.access.status} (${gap(p.access.gap)}); capacity ${p.capacity?.solver} ${p.capacity?.status} (${gap(p.capacity?.gap ?? null)})`);
}

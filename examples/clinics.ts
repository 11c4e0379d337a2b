/**
 * Clinics: how many general practitioners does the plan's standard (0.45 GPs per 1,000 residents)
 * ask for in the 2024 first-start zone, how far do the existing community health centres (CHCs)
 * go, and which new CHCs (size modules S/M/L) put everyone within the 15-minute walk with enough
 * GPs at least cost?  Existing CHCs first; the capacitated model is solved by HiGHS.
 *
 * Run: `pnpm example clinics` (≈ 5 s). The grid is SYNTHETIC and calibrated (see @siting/lingang).
 */
import { evaluate, parseScenario } from "@siting/core";
import { highs } from "@siting/highs";
import { lingangGrid, lingangScenario, planFacility, STANDARDS } from "@siting/lingang";

const grid = lingangGrid({ year: 2024, zone: "first-start", resolution: 250 });
const ls = lingangScenario({ facility: "clinics", grid });
const gpRate = STANDARDS.gpPerThousand.value;
const required = (grid.totals.residents * gpRate) / 1000;
const existing = ls.scenario.sites.filter((s) => s.existing);
const existingGPs = existing.reduce((a, s) => a + (s.capacity ?? 0), 0);

// reach of the existing CHCs alone: residents within the walking radius
const sc = parseScenario(ls.scenario);
const now = evaluate(sc, { type: "mclp", radius: ls.radius, p: existing.length }, existing.map((s) => s.id));

const t0 = performance.now();
// access stage: our engine with a deterministic work limit; capacity stage: HiGHS (proves optimality)
const plan = await planFacility(ls, { workLimit: 2_000, timeLimit: 120, backend: highs() });
console.error(`(solved in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`Lingang first-start zone, 2024, ${grid.resolution} m grid: ${fmt(grid.totals.residents)} residents (synthetic grid)`);
console.log(`Standard: ${gpRate} GPs per 1,000 residents -> ${fmt(required, 1)} GPs required`);
console.log(`Existing: ${existing.length} CHC(s), ${fmt(existingGPs)} GPs; ${fmt(100 * now.coverage.fraction, 1)} % of residents within ${ls.radius} m\n`);

// the plan, grouped by size module
const rows = new Map<string, { n: number; gps: number; served: number; cost: number }>();
for (const s of plan.sites) {
  const key = s.existing ? "existing CHC" : `new ${s.module ?? "site"}`;
  const r = rows.get(key) ?? { n: 0, gps: 0, served: 0, cost: 0 };
  r.n++;
  r.gps += s.capacity ?? 0;
  r.served += s.units ?? 0;
  r.cost += s.cost;
  rows.set(key, r);
}
const line = (c: (string | number)[]) => console.log(c.map((v, k) => String(v)[k ? "padStart" : "padEnd"](k ? 12 : 16)).join(""));
line(["sites", "count", "GPs", "GPs used", "M CNY"]);
for (const [k, r] of [...rows].sort()) line([k, r.n, fmt(r.gps), fmt(r.served, 1), fmt(r.cost, 1)]);
line(["total", plan.sites.length, fmt(plan.standard?.provided ?? 0), fmt(required, 1), fmt(plan.cost, 1)]);

console.log(`\nResidents within ${plan.radius} m: ${fmt(plan.covered)} of ${fmt(plan.demandTotal)} (${fmt(100 * plan.coveredFraction, 2)} %)`);
const st = plan.standard;
if (st) console.log(`GP standard: ${st.met ? "met" : `short by ${fmt(st.shortfall, 1)} GPs`} (${st.how})`);
const gap = (g: number | null) => (g === null ? "no bound" : `gap ${fmt(100 * g, 2)} %`);
console.log(`Access stage: ${plan.access.solver} ${plan.access.status} (${gap(plan.access.gap)}); capacity stage: ${plan.capacity?.solver} ${plan.capacity?.status} (${gap(plan.capacity?.gap ?? null)})`);

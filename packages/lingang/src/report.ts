/**
 * The main job's outputs as strings: a Markdown report, a machine-readable report object and one
 * SVG map per facility type. No file access here (the CLI writes them).
 */
import { assumptionsTable } from "./assumptions.js";
import type { FacilityPlan, LingangPlan, StageSummary } from "./plan.js";
import { renderMap } from "./svg.js";

const FACILITY_TITLE: Record<string, string> = {
  clinics: "Clinics (community health centres, GPs)",
  "schools-kindergarten": "Kindergartens (seats)",
  "schools-primary": "Primary schools (seats)",
  "schools-middle": "Middle schools (seats)",
  eldercare: "Community elder care (floor area)",
  stations: "Doorstep service stations",
};

const int = (x: number) => Math.round(x).toLocaleString("en-US");
const num = (x: number, d = 1) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: 0 });
const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const gapText = (s: StageSummary | null) => (s === null ? "—" : s.gap === null ? "no bound" : pct(s.gap));

/** The plan as plain data (no grid, no per-cell arrays beyond the uncovered ids): report.json. */
export function planToJSON(plan: LingangPlan) {
  return {
    year: plan.year,
    zone: plan.zone,
    resolution: plan.resolution,
    residents: plan.residents,
    cells: plan.cells,
    budget: plan.budget,
    synthetic: true,
    note: "SYNTHETIC calibrated population grid and approximate boundary (see @siting/lingang README); costs in million CNY are estimates.",
    facilities: plan.facilities.map((f) => ({
      facility: f.facility,
      group: f.group,
      problem: f.problem,
      radius: f.radius,
      demand: f.weightOf,
      demandTotal: f.demandTotal,
      covered: f.covered,
      coveredFraction: f.coveredFraction,
      existingSites: f.existingSites,
      newSites: f.newSites,
      cost: f.cost,
      standard: f.standard && {
        id: f.standard.standard.id,
        title: f.standard.standard.title,
        required: f.standard.required,
        provided: f.standard.provided,
        unit: f.standard.unit,
        met: f.standard.met,
        shortfall: f.standard.shortfall,
        how: f.standard.how,
        source: f.standard.standard.source,
      },
      access: f.access,
      capacity: f.capacity,
      sites: f.sites,
      uncovered: f.uncovered,
      standards: f.standards.map((s) => ({ id: s.id, title: s.title, value: s.value, unit: s.unit, grade: s.grade, source: s.source })),
    })),
    assumptions: assumptionsTable(),
  };
}

function standardText(f: FacilityPlan): string {
  if (!f.standard) return f.coveredFraction >= 1 - 1e-12 ? "met: everyone within the radius" : `not met: ${pct(1 - f.coveredFraction)} outside the radius`;
  const s = f.standard;
  return s.met
    ? `met: ${num(s.required)} ${s.unit} needed, ${num(s.provided)} planned`
    : `short by ${num(s.shortfall)} ${s.unit} (${num(s.required)} needed, ${num(s.provided)} planned)`;
}

function stageText(s: StageSummary | null): string {
  if (!s) return "—";
  const status = s.status === "time_limit" ? "stopped at the limit" : s.status;
  return `${status} (${s.solver}, gap ${gapText(s)}, ${s.seconds.toFixed(1)} s)`;
}

/** report.md */
export function planToMarkdown(plan: LingangPlan): string {
  const L: string[] = [];
  L.push(`# Lingang social-services plan — ${plan.year}, zone ${plan.zone}, ${plan.resolution} m grid`, "");
  L.push(
    `Residents in the grid: **${int(plan.residents)}** (${int(plan.cells)} cells). ${plan.budget !== null ? `Budget per facility type: ${num(plan.budget)} million CNY (maximal covering).` : "Goal: everyone within the service radius at least cost (set covering), then the plan's per-capita standard on the chosen sites."}`,
    "",
    "> The population grid is **synthetic and calibrated** to documented totals, the boundary is traced by hand, and costs are estimates: read the numbers as a planning exercise, not survey results (see the assumptions below and the @siting/lingang README).",
    "",
  );
  L.push("## Summary", "");
  L.push("| facility | radius | existing | new | cost (M CNY) | covered | standard | access stage | capacity stage |");
  L.push("|---|---:|---:|---:|---:|---:|---|---|---|");
  for (const f of plan.facilities) {
    L.push(
      `| ${FACILITY_TITLE[f.facility] ?? f.facility} | ${int(f.radius)} m | ${f.existingSites} | ${f.newSites} | ${num(f.cost)} | ${num(f.covered, 0)} of ${num(f.demandTotal, 0)} ${f.weightOf} (${pct(f.coveredFraction)}) | ${standardText(f)} | ${stageText(f.access)} | ${stageText(f.capacity)} |`,
    );
  }
  L.push("");
  for (const f of plan.facilities) {
    L.push(`## ${FACILITY_TITLE[f.facility] ?? f.facility}`, "");
    L.push(`Model: ${f.problem}; demand = ${f.weightOf} per cell. Map: \`${f.facility}.svg\`.`, "");
    L.push("| | |", "|---|---|");
    L.push(`| existing sites kept | ${f.existingSites} |`);
    L.push(`| new sites | ${f.newSites} |`);
    L.push(`| cost of new sites | ${num(f.cost)} million CNY |`);
    L.push(`| ${f.weightOf} within ${int(f.radius)} m | ${num(f.covered, 0)} of ${num(f.demandTotal, 0)} (${pct(f.coveredFraction)}) |`);
    L.push(`| cells left uncovered | ${f.uncovered.length} |`);
    L.push(`| standard | ${standardText(f)}${f.standard ? ` — ${f.standard.how}` : ""} |`);
    L.push(`| access stage | ${stageText(f.access)}${f.access.bound !== null ? `; objective ${num(f.access.objective ?? NaN)}, proven bound ${num(f.access.bound)}` : ""} |`);
    L.push(`| capacity stage | ${stageText(f.capacity)}${f.capacity?.message ? `; ${f.capacity.message}` : ""} |`);
    L.push("");
    const mods = new Map<string, number>();
    for (const s of f.sites) if (!s.existing && s.module) mods.set(s.module, (mods.get(s.module) ?? 0) + 1);
    if (mods.size) L.push(`New sites by size: ${[...mods].map(([k, v]) => `${k} × ${v}`).join(", ")}.`, "");
    L.push("Standards:", "");
    for (const s of f.standards) L.push(`- **${s.title}**: ${num(s.value, 3)} ${s.unit} (grade ${s.grade}) — ${s.source}`);
    L.push("");
  }
  L.push("## Assumptions", "");
  L.push("| assumption | value | unit | grade | source |", "|---|---:|---|---|---|");
  for (const a of assumptionsTable()) L.push(`| ${a.key} | ${a.value} | ${a.unit} | ${a.grade} | ${a.source.replace(/\|/g, "/")} |`);
  L.push("");
  L.push(
    "Method: access stage = our exact engine (greedy + local search incumbent, Lagrangian bound, branch-and-bound) stopped by a deterministic work limit, so re-runs give the same plan; " +
      "capacity stage = the capacitated single-source model (per-capita standard, size modules) on the sites the access stage chose, solved by a MIP backend. " +
      "Status `optimal` means proven; otherwise the gap to the proven bound is given. Seconds are measured and vary between runs; every other number is reproducible.",
    "",
  );
  return L.join("\n");
}

/** One SVG map per facility type. */
export function planMaps(plan: LingangPlan): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of plan.facilities) {
    out[`${f.facility}.svg`] = renderMap({
      grid: plan.grid,
      sites: f.sites.map((s) => ({ id: s.id, lon: s.lon, lat: s.lat, existing: s.existing, name: s.name })),
      uncovered: f.uncovered,
      title: `${FACILITY_TITLE[f.facility] ?? f.facility} — Lingang ${plan.year}, ${plan.zone}, ${plan.resolution} m`,
      subtitle: `${f.existingSites} existing + ${f.newSites} new sites; ${pct(f.coveredFraction)} of ${f.weightOf} within ${f.radius} m; ${standardText(f)}. Synthetic grid.`,
    });
  }
  return out;
}

/**
 * The main job's outputs as strings: a Markdown report, a machine-readable report object, one SVG
 * map (with catchments) per facility type and one cost–coverage trade-off chart per type. No file
 * access here (the CLI writes them).
 */
import { assumptionsTable } from "./assumptions.js";
import { existingFacilities } from "./facilities.js";
import type { FacilityPlan, LingangPlan } from "./plan.js";
import { pointInZone } from "./boundary.js";
import { renderMap, type MapSite } from "./svg.js";

const FACILITY_TITLE: Record<string, string> = {
  clinics: "Community health centres and stations (GPs)",
  "schools-kindergarten": "Kindergartens (seats)",
  "schools-primary": "Primary schools (seats)",
  "schools-middle": "Middle schools (seats)",
  eldercare: "Community elder care (floor area)",
  stations: "Doorstep service stations (residents)",
};

const int = (x: number) => Math.round(x).toLocaleString("en-US");
const num = (x: number, d = 1) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: 0 });
const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)} %`);
const gapText = (f: FacilityPlan) => (f.gap === null ? "no bound" : `${(f.gap * 100).toFixed(2)} %`);

/** One facility type as report.json writes it. */
function facilityJSON(f: FacilityPlan) {
  return {
    type: f.facility,
    year: f.year,
    existing: f.existingSites,
    committed: f.committedSites,
    new: f.newSites,
    cost: f.cost,
    costBreakdown: { newSites: f.costNew, expansions: f.costExpansions, committed: f.costCommitted },
    need: f.need,
    needWithoutMargin: f.needWithoutMargin,
    margin: f.margin,
    capacity: f.capacity,
    existingCapacity: f.existingCapacity,
    unit: f.capacityUnit,
    utilization: f.utilization,
    minUse: f.minUse,
    withinRadius: { radius: f.withinRadius.radius, share: f.withinRadius.share },
    withinReach: f.withinReach,
    beyondUrbanReach: f.beyondUrbanReach,
    beyondRuralReach: f.beyondRuralReach,
    catchment: f.catchment,
    farthest: f.farthest,
    perTenThousand: f.perTenThousand,
    splitCells: f.splitCells,
    status: f.status,
    objective: f.objective,
    bound: f.bound,
    gap: f.gap,
    seconds: f.seconds,
    solver: f.solver,
    flags: f.flags,
    messages: f.messages,
    ...(f.unplanned.length ? { unplanned: f.unplanned } : {}),
    ...(f.colocation ? { colocation: f.colocation } : {}),
    ...(f.budget ? { budget: f.budget } : {}),
    ...(f.tradeoff ? { tradeoff: f.tradeoff } : {}),
    sites: f.sites,
    standards: f.standards.map((s) => ({ id: s.id, title: s.title, value: s.value, unit: s.unit, grade: s.grade, source: s.source })),
  };
}

/** District-level facilities of the zone (hospitals and the named schools): shown, not planned. */
function districtLevel(plan: LingangPlan) {
  const ids = ["hospital-liuyuan", "hospital-pudong-lingang", "middle-shzx-east", "middle-hsefz-lingang"];
  return existingFacilities(plan.year)
    .filter((f) => ids.includes(f.id))
    .map((f) => ({ id: f.id, name: f.name, kind: f.kind, status: f.status, capacity: f.capacity ?? null, lon: f.lon, lat: f.lat, inZone: pointInZone(f.lon, f.lat, plan.zone) }));
}

/** The plan as plain data (report.json): no grid, no per-cell arrays. */
export function planToJSON(plan: LingangPlan) {
  return {
    year: plan.year,
    zone: plan.zone,
    resolution: plan.resolution,
    residents: plan.residents,
    cells: plan.cells,
    seconds: plan.seconds,
    budget: plan.budget,
    synthetic: true,
    note: "SYNTHETIC calibrated population grid and approximate boundary (see @siting/lingang README); costs in million CNY are estimates.",
    excluded: plan.excluded,
    facilities: plan.facilities.map(facilityJSON),
    phasing: plan.phasing && {
      year: plan.phasing.year,
      residents: plan.phasing.residents,
      subset: plan.phasing.subset,
      offNetwork: plan.phasing.offNetwork,
      sites2035: Object.fromEntries(plan.phasing.facilities.map((f) => [f.facility, f.sites.map((s) => s.id)])),
      sitesNearTerm: Object.fromEntries(plan.facilities.map((f) => [f.facility, f.sites.filter((s) => !s.existing).map((s) => s.id)])),
      facilities: plan.phasing.facilities.map(facilityJSON),
    },
    districtLevel: districtLevel(plan),
    assumptions: assumptionsTable(),
  };
}

function summaryTable(L: string[], list: FacilityPlan[]) {
  L.push("| facility | existing + committed | new | cost (M CNY) | capacity / need | new sites' use (min / median) | urban within radius | farthest | per 10k residents | status (gap) | flags |");
  L.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
  for (const f of list) {
    L.push(
      `| ${FACILITY_TITLE[f.facility] ?? f.facility} | ${f.existingSites} + ${f.committedSites} | ${f.newSites} | ${num(f.cost)} | ${num(f.capacity, 0)} / ${num(f.need, 0)} ${f.capacityUnit} (${(f.capacity / Math.max(f.need, 1e-9)).toFixed(2)}×) | ${pct(f.utilization.min)} / ${pct(f.utilization.median)} | ${pct(f.withinRadius.share)} within ${int(f.withinRadius.radius)} m | ${num(f.farthest / 1000, 1)} km | ${num(f.perTenThousand, 2)} | ${f.status} (${gapText(f)}) | ${f.flags.length ? "⚠ " + f.flags.join("; ") : "—"} |`,
    );
  }
  const cost = list.reduce((a, f) => a + f.cost, 0);
  L.push("", `Total cost: **${num(cost / 1000, 2)} billion CNY** (${num(cost, 0)} million).`, "");
}

/** report.md */
/**
 * Where a flag comes from the norms themselves (they cannot all hold here) rather than from the
 * plan, said plainly: shown for the flags the plan raises.
 */
function readingTheFlags(L: string[], plans: FacilityPlan[]): void {
  const notes: string[] = [];
  const has = (f: FacilityPlan, text: string) => f.flags.some((x) => x.includes(text));
  if (plans.some((f) => f.kind === "chc" && has(f, "residents per facility")))
    notes.push(
      "**Health centres per resident.** The 15-minute standard (≥ 99 % of urban residents within 1,500 m of a CHC or health station) needs more facilities than “a station per 1.5–2.5万 residents” allows where the new city thins out at its edges: in the first-start zone the plan with the fewest facilities that meets the standard has 20 (proven optimal when each facility is made to cost 100 million CNY more), ≈ 14,400 residents each. The two norms conflict there; the plan keeps the walking standard and opens small (4-GP) stations at the edges.",
    );
  if (plans.some((f) => f.gap !== null && f.gap > 0.01 && (f.kind === "kindergarten" || f.kind === "eldercare" || f.kind === "middle")))
    notes.push(
      "**Gaps of the sized types.** These models (per district: cells × candidate sites with 3–5 sizes each, split demand, minimum use) are hard to prove: on the first-start zone's 2024 models (≈ 250 cells × 50–280 sites), native HiGHS alone for 60 s per model leaves middle schools 3.6 % and elder care (planned without the health centres' sites) 2.8 % above its bound, its middle-school plan equal to the run's; within the run's seconds per type the gap stays above 1 %. Every model carries the valid row “at least as many new facilities as it takes to reach the cells no existing one reaches”, which brought the first-start kindergartens' gap from 3.3 % to 0.9–1.5 %. The plan is the best found and the gap is the honest distance to the bound; a longer run (`seconds`) narrows it.",
    );
  if (plans.some((f) => f.kind === "middle" && has(f, "urban residents within")))
    notes.push(
      "**Middle schools at the edges.** Where an urban cell has within 1,500 m only sites that cannot be filled to 60 % even by an 8-class middle section (216 pupils), it is served by the nearest school that can be filled (listed as “urban cells beyond”): the minimum use and the radius cannot both hold there.",
    );
  if (plans.some((f) => f.kind === "station" && has(f, "urban residents within")))
    notes.push(
      "**Doorstep stations at the edges.** A station opens for a 5-minute circle and must serve at least 60 % of its 10,000 residents (FACTS §4: 5–12k per circle); urban cells at thin edges (on the whole area's 2024 plan: 9 cells of 390–1,110 residents at 泥城's edge, 4,879 residents — the optimum of 泥城's model) have within 1,000 m only sites that cannot gather that many, so they are served by the nearest station that can be filled: the walking radius and the station's minimum cannot both hold there (a 5,000-resident minimum, the norm's lower bound, leaves the same 4,879 beyond on 泥城's model).",
    );
  for (const f of plans) {
    if (!has(f, "capacity") || f.existingCapacity <= 0) continue;
    // capacity above 1.5 × need where the existing facilities stand idle: the radius keeps their seats from the new demand
    const existing = f.sites.filter((x) => x.existing);
    const used = existing.reduce((a, x) => a + x.units, 0);
    const fresh = f.sites.filter((x) => !x.existing);
    const freshCap = fresh.reduce((a, x) => a + x.capacity, 0);
    const freshUnits = fresh.reduce((a, x) => a + x.units, 0);
    if (used >= 0.5 * f.existingCapacity || freshUnits <= 0) continue;
    notes.push(
      `**${FACILITY_TITLE[f.facility] ?? f.facility}, ${f.year}: capacity ${(f.capacity / Math.max(f.need, 1e-9)).toFixed(2)}× the need.** The existing facilities hold ${num(f.existingCapacity, 0)} ${f.capacityUnit} but serve ${num(used, 0)} (${pct(used / f.existingCapacity)}): few ${f.weightOf} live within ${int(f.catchment.urbanReach)} m of them, and the walking limit keeps the rest from them. The new facilities hold ${num(freshCap, 0)} for ${num(freshUnits, 0)} (${(freshCap / freshUnits).toFixed(2)}×). The 1.5× check and the walking standard conflict while the existing stock stands where the ${f.weightOf} do not live.`,
    );
  }
  if (!notes.length) return;
  L.push("## Reading the flags", "", ...notes.flatMap((n) => [n, ""]));
}

export function planToMarkdown(plan: LingangPlan): string {
  const L: string[] = [];
  L.push(`# Lingang social-services plan — ${plan.year}, zone ${plan.zone}, ${plan.resolution} m grid`, "");
  const served = plan.residents - plan.excluded.reduce((a, e) => a + e.residents, 0);
  L.push(
    `Residents in the grid: **${int(plan.residents)}** (${int(plan.cells)} cells); planned for: ${int(served)}. ` +
      (plan.budget !== null
        ? `Budget per facility type: ${num(plan.budget)} million CNY — the plan maximises the share of urban residents within the standard radius.`
        : "Each facility type is planned with the planner's model (sites and sizes together, existing capacity first, every new facility at least its minimum use, every cell served within its land-use reach)."),
    "",
    "> The population grid is **synthetic and calibrated** to documented totals, the boundary is traced by hand, and costs are estimates: read the numbers as a planning exercise, not survey results (see the assumptions below and the @siting/lingang README).",
    "",
  );
  for (const e of plan.excluded) if (e.residents > 0) L.push(`- Not planned here: ${e.name}, ${int(e.residents)} residents — ${e.reason}.`);
  L.push("");
  L.push(`## Summary — ${plan.year === 2024 ? "near term (2024 population, building to 2025)" : plan.year}`, "");
  summaryTable(L, plan.facilities);
  if (plan.phasing) {
    L.push(`## Phasing — the 2035 network (${int(plan.phasing.residents)} residents in the zone)`, "");
    L.push(
      `The 2035 network keeps every near-term site open (counted as existing below; expandable to a larger size for the cost difference) and adds what 2035 needs: it is the land reservation. Costs below are what 2035 adds to the near-term plan. ` +
        `Near-term sites on the 2035 network: **${plan.phasing.subset ? "all" : `all but ${plan.phasing.offNetwork.length}`}**.`,
      "",
    );
    summaryTable(L, plan.phasing.facilities);
  }
  readingTheFlags(L, [...plan.facilities, ...(plan.phasing?.facilities ?? [])]);
  L.push("## District level (shown, not planned)", "");
  for (const d of districtLevel(plan)) L.push(`- ${d.name}: ${d.status}${d.capacity !== null ? `, ${int(d.capacity)} ${d.kind === "hospital" ? "beds" : "seats"}` : ""}${d.inZone ? "" : " (outside this zone)"}`);
  L.push("");
  for (const f of plan.facilities) {
    L.push(`## ${FACILITY_TITLE[f.facility] ?? f.facility}`, "");
    L.push(`Map with catchments: \`${f.facility}.svg\`${f.tradeoffSvg ? `; trade-off chart: \`${f.facility}-tradeoff.svg\`` : ""}.`, "");
    L.push("| | |", "|---|---|");
    L.push(`| demand | ${num(f.demandTotal, 0)} ${f.weightOf}${f.margin > 1 ? `; need includes a forward margin ×${f.margin} (适度超前): ${num(f.needWithoutMargin, 0)} → ${num(f.need, 0)} ${f.capacityUnit}` : `; need ${num(f.need, 0)} ${f.capacityUnit}`} |`);
    L.push(`| catchment | urban cells within ${int(f.catchment.urbanReach)} m (${f.catchment.urbanReachRule === "price" ? "farther only where no facility could be filled nearer" : "a limit"}); rural cells within ${int(f.catchment.ruralReach)} m or their nearest existing facility; coverage measured within ${int(f.catchment.radius)} m |`);
    L.push(`| sites | ${f.existingSites} existing, ${f.committedSites} committed, ${f.newSites} new |`);
    L.push(`| cost | ${num(f.cost)} million CNY (new ${num(f.costNew)}, expansions ${num(f.costExpansions)}, committed ${num(f.costCommitted)}) |`);
    L.push(`| capacity vs need | ${num(f.capacity, 0)} vs ${num(f.need, 0)} ${f.capacityUnit} (existing ${num(f.existingCapacity, 0)}) |`);
    L.push(`| new sites' use | min ${pct(f.utilization.min)}, median ${pct(f.utilization.median)} (minimum ${pct(f.minUse)}) |`);
    L.push(`| urban ${f.weightOf} within ${int(f.withinRadius.radius)} m | ${pct(f.withinRadius.share)} |`);
    L.push(`| served within reach | ${pct(f.withinReach)}; farthest assignment ${num(f.farthest / 1000, 2)} km; urban cells beyond ${int(f.catchment.urbanReach)} m: ${f.beyondUrbanReach.cells}; cells split between two sites: ${f.splitCells} |`);
    L.push(`| solve | ${f.status}, objective ${f.objective === null ? "—" : num(f.objective, 2)}, bound ${f.bound === null ? "—" : num(f.bound, 2)}, gap ${gapText(f)}, ${f.seconds.toFixed(1)} s (${f.solver}) |`);
    if (f.colocation) L.push(`| co-location | ${f.colocation.shared} elder-care modules in new CHC buildings: ${num(f.colocation.costTogether)} instead of ${num(f.colocation.costAlone)} million CNY — **saves ${num(f.colocation.saving)} million CNY** |`);
    if (f.budget) {
      L.push(
        f.objective === null
          ? `| budget | ${num(f.budget.budget)} million CNY cannot meet the standard${f.budget.needed !== undefined ? `; the least-cost plan found costs ${num(f.budget.needed)} million CNY` : ""} |`
          : `| budget | ${num(f.budget.budget)} million CNY buys ${pct(f.budget.share)} of urban ${f.weightOf} within ${int(f.withinRadius.radius)} m (spent ${num(f.budget.spent)}) |`,
      );
    }
    L.push("");
    if (f.flags.length) L.push(`**Plausibility flags:** ${f.flags.join("; ")}.`, "");
    if (f.messages.length) L.push(`Notes: ${f.messages.join("; ")}.`, "");
    if (f.tradeoff) {
      L.push("Trade-off (cost vs the share of urban demand within the radius):", "");
      L.push("| plan | cost (M CNY) | within radius | status (gap) |", "|---|---:|---:|---|");
      for (const p of f.tradeoff) L.push(`| ${p.label} | ${p.cost === null ? "—" : num(p.cost)} | ${pct(p.coverage)} | ${p.status} (${p.gap === null ? "no bound" : `${(p.gap * 100).toFixed(2)} %`}) |`);
      const base = f.tradeoff[1];
      if (base?.cost != null && f.cost !== null && base.coverage !== null) L.push("", `From ${pct(base.coverage)} to ${pct(f.withinRadius.share)} within ${int(f.withinRadius.radius)} m costs ${num(f.cost - base.cost)} million CNY more.`);
      L.push("");
    }
    const mods = new Map<string, number>();
    for (const s of f.sites) if (s.module) mods.set(s.module, (mods.get(s.module) ?? 0) + 1);
    if (mods.size) L.push(`Sizes and expansions: ${[...mods].map(([k, v]) => `${k} × ${v}`).join(", ")}.`, "");
    L.push("Standards:", "");
    for (const s of f.standards) L.push(`- **${s.title}**: ${num(s.value, 3)} ${s.unit} (grade ${s.grade}) — ${s.source}`);
    L.push(`- **Catchment** (grade ${f.catchment.grade}): ${f.catchment.source}`);
    L.push("");
  }
  L.push("## Assumptions", "");
  L.push("| assumption | value | unit | grade | source |", "|---|---:|---|---|---|");
  for (const a of assumptionsTable()) L.push(`| ${a.key} | ${a.value} | ${a.unit} | ${a.grade} | ${a.source.replace(/\|/g, "/")} |`);
  L.push("");
  L.push(
    "Method: each type is a `cflp` of @siting/core (split demand: a catchment boundary may run through a cell), solved per planning district by HiGHS within its share of the run's time " +
      "(our engine when HiGHS finds no plan); status `optimal` means proven, otherwise the gap to the proven bound is given. " +
      "Seconds are measured and vary between runs.",
    "",
  );
  return L.join("\n");
}

/** One SVG map per facility type (sites, catchments, named projects, district level) and one trade-off chart per type. */
export function planMaps(plan: LingangPlan): Record<string, string> {
  const out: Record<string, string> = {};
  const cellPos = new Map(plan.grid.cells.map((c) => [c.id, [c.lon, c.lat] as [number, number]]));
  const district = districtLevel(plan);
  for (const f of plan.facilities) {
    const sitePos = new Map(f.sites.map((s) => [s.id, [s.lon, s.lat] as [number, number]]));
    const sites: MapSite[] = f.sites.map((s) => ({
      id: s.id, lon: s.lon, lat: s.lat, existing: s.existing, name: `${s.name}${s.module ? ` — ${s.module}` : ""}, ${num(s.units, 0)} / ${num(s.capacity, 0)} ${f.capacityUnit}`,
      role: s.origin === "committed" ? "committed" : s.existing ? "existing" : "new",
    }));
    for (const d of district) {
      if (!d.inZone) continue;
      if ((f.facility === "clinics" && d.kind === "hospital") || (f.facility === "schools-middle" && d.kind === "middle" && !f.sites.some((s) => s.id === d.id))) {
        sites.push({ id: d.id, lon: d.lon, lat: d.lat, existing: d.status === "existing", name: `${d.name} (${d.status})`, role: d.status === "existing" ? "existing" : "planned" });
      }
    }
    out[`${f.facility}.svg`] = renderMap({
      grid: plan.grid,
      sites,
      links: f.cells.flatMap((c) => {
        const a = cellPos.get(c.cell), b = sitePos.get(c.site);
        return a && b ? [{ from: a, to: b }] : [];
      }),
      title: `${FACILITY_TITLE[f.facility] ?? f.facility} — Lingang ${plan.year}, ${plan.zone}, ${plan.resolution} m`,
      subtitle: `${f.existingSites} existing + ${f.committedSites} committed + ${f.newSites} new; ${pct(f.withinRadius.share)} of urban ${f.weightOf} within ${f.withinRadius.radius} m; capacity ${(f.capacity / Math.max(f.need, 1e-9)).toFixed(2)}× need. Synthetic grid.`,
    });
    if (f.tradeoffSvg) out[`${f.facility}-tradeoff.svg`] = f.tradeoffSvg;
  }
  return out;
}

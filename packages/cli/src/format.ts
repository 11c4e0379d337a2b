import type { Result, Scenario } from "@siting/core";
import { formatNumber } from "./progress.js";

type Geometry = { type: "Point"; coordinates: [number, number] } | null;

function point(s: Scenario, x: number, y: number): Geometry {
  return s.coords === "none" ? null : { type: "Point", coordinates: [x, y] };
}

/**
 * One FeatureCollection: the open sites (load, demand served, covered weight) then every demand
 * point (assigned site, distance, covered), each keeping the input's own properties. The
 * result's summary is a foreign member `siting` on the collection. Coordinates are as given
 * (WGS84 lon/lat, or the scenario's x/y).
 */
export function toGeoJSON(scenario: Scenario, result: Result) {
  const { assignment, sites, ...summary } = result;
  const siteById = new Map(scenario.sites.map((s) => [s.id, s]));
  const features: unknown[] = [];
  for (const o of sites) {
    const s = siteById.get(o.id)!;
    features.push({
      type: "Feature",
      id: s.id,
      geometry: point(scenario, s.x, s.y),
      properties: { ...s.properties, id: s.id, role: "site", existing: o.existing, cost: o.cost, load: o.load, coveredWeight: o.coveredLoad },
    });
  }
  scenario.demand.forEach((d, i) => {
    const a = assignment[i];
    features.push({
      type: "Feature",
      id: d.id,
      geometry: point(scenario, d.x, d.y),
      properties: { ...d.properties, id: d.id, role: "demand", weight: d.weight, site: a.site, distance: a.distance, covered: a.covered },
    });
  });
  return { type: "FeatureCollection", siting: summary, features };
}

/** The largest distance; when an unserved point's nearest open site is farther (capacitated), that too. */
function maxDistance(result: Result): string {
  if (result.maxDistance === null) return "—";
  const eq = result.equity;
  const unserved = eq && eq.maxDistance > result.maxDistance ? ` (${formatNumber(eq.maxDistance)} counting unserved points at their nearest open site)` : "";
  return formatNumber(result.maxDistance) + unserved;
}

/** The equity rows: weight beyond the cutoff, the worst-served 10 %'s mean distance, the Gini of distance. */
function equityRows(result: Result): [string, string][] {
  const eq = result.equity;
  const pr = result.problem;
  const cutoff = pr.radius !== undefined ? "radius" : pr.type === "cflp" && pr.reach !== undefined ? "reach" : "";
  const rows: [string, string][] = [];
  if (cutoff) rows.push([`beyond ${cutoff}`, !eq || eq.beyondShare === null ? "—" : `${(eq.beyondShare * 100).toFixed(2)} % of weight`]);
  rows.push(["worst 10 % mean", eq ? `${formatNumber(eq.worst10MeanDistance)} (mean distance of the worst-served 10 % of weight)` : "—"]);
  rows.push(["distance Gini", eq ? eq.gini.toFixed(4) : "—"]);
  return rows;
}

/** A short human summary. */
export function toTable(result: Result): string {
  const pr = result.problem;
  const params = [
    pr.p !== undefined ? `p = ${pr.p}` : "",
    typeof pr.reach === "number" ? `reach = ${formatNumber(pr.reach)}` : pr.reach ? `reach = field ${pr.reach.field}` : "",
    typeof pr.newSiteReach === "number" ? `new-site reach = ${formatNumber(pr.newSiteReach)}` : pr.newSiteReach ? `new-site reach = field ${pr.newSiteReach.field}` : "",
    pr.radius !== undefined ? `radius = ${formatNumber(pr.radius)}` : "",
    pr.coverage !== undefined ? `coverage ≥ ${formatNumber(pr.coverage * 100)} %` : "",
    pr.budget !== undefined ? `budget = ${formatNumber(pr.budget)}` : "",
    pr.minUse !== undefined ? `min use = ${formatNumber(pr.minUse * 100)} %` : "",
    pr.type === "cflp" && pr.singleSource === false ? "multi-source" : "",
    pr.distanceCost !== undefined ? `distance cost = ${formatNumber(pr.distanceCost)}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  const rows: [string, string][] = [
    ["problem", `${pr.type}${params ? ` (${params})` : ""}`],
    ["status", `${result.status} (${result.solver})`],
    ["objective", result.objective === null ? "—" : formatNumber(result.objective)],
    ["bound", result.bound === null ? "—" : formatNumber(result.bound)],
    ["gap", result.gap === null ? "—" : `${(result.gap * 100).toFixed(4)} %`],
    ["open sites", `${result.open.length}: ${result.open.slice(0, 20).join(", ")}${result.open.length > 20 ? ", …" : ""}`],
    ["new-site cost", formatNumber(result.cost)],
    ["covered", `${formatNumber(result.coverage.covered)} of ${formatNumber(result.coverage.total)} (${(result.coverage.fraction * 100).toFixed(2)} %)`],
    ["max distance", maxDistance(result)],
    ["mean distance", result.meanDistance === null ? "—" : formatNumber(result.meanDistance)],
    ...equityRows(result),
    ["seconds", result.seconds.toFixed(3)],
  ];
  if (pr.type === "cflp" && result.sites.length) {
    const sized = result.sites.map((o) => {
      const size = o.module !== undefined ? ` ${o.module}` : "";
      const use = o.units !== undefined && o.units !== null ? ` ${formatNumber(o.units)}${o.capacity !== undefined && o.capacity !== null ? `/${formatNumber(o.capacity)}` : ""}` : "";
      return `${o.id}${o.existing ? " (existing)" : ""}${size}${use}`;
    });
    rows.push(["sizes, load/cap", `${sized.slice(0, 20).join("; ")}${sized.length > 20 ? "; …" : ""}`]);
  }
  if (result.message) rows.push(["note", result.message]);
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n") + "\n";
}

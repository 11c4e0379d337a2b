/**
 * A dependency-free SVG map renderer (pure string building, no DOM): population shading,
 * water, industrial land, zone outlines, existing vs new sites, uncovered cells, legend, scale bar.
 */
import { dishuiLakePolygon, lingangBoundary, type ZoneName } from "./boundary.js";
import type { Feature, FeatureCollection, MultiPolygonGeometry, PolygonGeometry, Position } from "./geojson.js";
import type { GridCell } from "./grid.js";
import { gridLayout } from "./grid.js";
import { toX, toY } from "./projection.js";

export interface MapSite {
  id: string;
  lon: number;
  lat: number;
  /** existing (kept) or new (opened by the plan) */
  existing: boolean;
  name?: string;
  /** drawn as: existing (blue square), new (orange circle), committed — the plan's named projects (red diamond), planned — district level, not open yet (hollow square) */
  role?: "existing" | "new" | "committed" | "planned";
}

export interface MapOptions {
  grid: { cells: GridCell[]; resolution: number };
  /** zone outlines (default: lingangBoundary()) */
  boundary?: FeatureCollection<MultiPolygonGeometry | PolygonGeometry, Record<string, unknown>>;
  /** which zones of the boundary to outline (matched on properties.zone; default all three) */
  zones?: ZoneName[];
  /** extra water polygons drawn over the cells (default: Dishui Lake) */
  water?: Feature<PolygonGeometry, Record<string, unknown>>[];
  sites?: MapSite[];
  /** ids of cells left uncovered */
  uncovered?: Iterable<string>;
  /** catchments: a thin line from each cell to the site serving it */
  links?: { from: [number, number]; to: [number, number] }[];
  title?: string;
  subtitle?: string;
  /** width in px (default 960) */
  width?: number;
  /** what the shading shows (default residents per km²) */
  value?: (cell: GridCell) => number;
  valueLabel?: string;
}

/** Density classes (per km²) and their colours. */
export const DENSITY_CLASSES: { min: number; color: string; label: string }[] = [
  { min: 0, color: "#f4f1e8", label: "0" },
  { min: 1e-9, color: "#fde9c9", label: "< 500" },
  { min: 500, color: "#fbc98a", label: "500–2,000" },
  { min: 2_000, color: "#f59e4c", label: "2,000–5,000" },
  { min: 5_000, color: "#e0642b", label: "5,000–10,000" },
  { min: 10_000, color: "#a8321d", label: "≥ 10,000" },
];
const WATER = "#9cc9e8";
const INDUSTRIAL = "#c9c9cf";
const UNCOVERED = "#d6196b";
const ZONE_STYLE: Record<string, { stroke: string; width: number; dash?: string }> = {
  all: { stroke: "#222", width: 1.6 },
  focus: { stroke: "#2b5fb4", width: 1.4, dash: "6 3" },
  "first-start": { stroke: "#0f7a3c", width: 2.2, dash: "3 2" },
};

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const f1 = (v: number) => (Math.round(v * 10) / 10).toString();

/** Renders an SVG map as a string. */
export function renderMap(options: MapOptions): string {
  const { grid } = options;
  const res = grid.resolution as 100 | 250 | 500;
  const layout = gridLayout(res);
  const width = options.width ?? 960;
  const cells = grid.cells;
  // extent: the cells (plus half a cell) and the sites
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const grow = (x: number, y: number) => {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  };
  const ij = cells.map((c) => {
    const parts = c.id.split("-");
    const i = Number(parts[1]), j = Number(parts[2]);
    grow(layout.x0 + i * res, layout.y0 + j * res);
    grow(layout.x0 + (i + 1) * res, layout.y0 + (j + 1) * res);
    return [i, j] as const;
  });
  for (const s of options.sites ?? []) grow(toX(s.lon), toY(s.lat));
  if (!Number.isFinite(minX)) { minX = 0; minY = 0; maxX = 1000; maxY = 1000; }
  const pad = 1_000;
  minX -= pad; minY -= pad; maxX += pad; maxY += pad;
  const top = 56, legendH = 0, right = 190;
  const mapW = width - right - 16;
  const k = mapW / (maxX - minX);
  const mapH = (maxY - minY) * k;
  const height = Math.max(Math.ceil(mapH + top + 48 + legendH), 420);
  const px = (x: number) => 16 + (x - minX) * k;
  const py = (y: number) => top + (maxY - y) * k;
  const pt = (p: Position) => `${f1(px(toX(p[0])))},${f1(py(toY(p[1])))}`;

  const value = options.value ?? ((c: GridCell) => c.residents / ((res * res) / 1e6));
  const classOf = (c: GridCell): string => {
    if (c.water) return WATER;
    if (c.industrial) return INDUSTRIAL;
    const v = value(c);
    let col = DENSITY_CLASSES[0].color;
    for (const cl of DENSITY_CLASSES) if (v >= cl.min) col = cl.color;
    return col;
  };
  // run-length rows of same-coloured cells, so a 100 m grid stays a few hundred kB
  const runs = (pick: (c: GridCell, n: number) => string | null): string => {
    const rows = new Map<number, { i: number; color: string }[]>();
    cells.forEach((c, n) => {
      const color = pick(c, n);
      if (color === null) return;
      const [i, j] = ij[n];
      let row = rows.get(j);
      if (!row) rows.set(j, (row = []));
      row.push({ i, color });
    });
    const out: string[] = [];
    const cw = res * k;
    for (const j of [...rows.keys()].sort((a, b) => a - b)) {
      const row = rows.get(j)!.sort((a, b) => a.i - b.i);
      let start = 0;
      for (let q = 1; q <= row.length; q++) {
        if (q < row.length && row[q].i === row[q - 1].i + 1 && row[q].color === row[start].color) continue;
        const i0 = row[start].i, i1 = row[q - 1].i;
        const x = px(layout.x0 + i0 * res), y = py(layout.y0 + (j + 1) * res);
        out.push(`<rect x="${f1(x)}" y="${f1(y)}" width="${f1((i1 - i0 + 1) * cw + 0.3)}" height="${f1(cw + 0.3)}" fill="${row[start].color}"/>`);
        start = q;
      }
    }
    return out.join("");
  };

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, 'Noto Sans CJK SC', sans-serif" font-size="12">`);
  parts.push(
    `<defs><pattern id="hatch-uncovered" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)">` +
      `<rect width="5" height="5" fill="${UNCOVERED}" fill-opacity="0.18"/><line x1="0" y1="0" x2="0" y2="5" stroke="${UNCOVERED}" stroke-width="1.6"/></pattern></defs>`,
  );
  parts.push(`<rect id="sea" x="0" y="0" width="${width}" height="${height}" fill="#e3eef6"/>`);
  parts.push(`<text id="title" x="16" y="24" font-size="17" font-weight="bold">${escapeXml(options.title ?? "Lingang Special Area")}</text>`);
  parts.push(`<text id="subtitle" x="16" y="42" fill="#555">${escapeXml(options.subtitle ?? "Synthetic calibrated population grid (not survey data); approximate traced boundary")}</text>`);
  parts.push(`<g id="population">${runs((c) => (c.water || c.industrial ? null : classOf(c)))}</g>`);
  parts.push(`<g id="industrial">${runs((c) => (c.industrial ? INDUSTRIAL : null))}</g>`);
  const waterPolys = options.water ?? [dishuiLakePolygon()];
  parts.push(
    `<g id="water">${runs((c) => (c.water ? WATER : null))}` +
      waterPolys.map((f) => `<path d="${f.geometry.coordinates.map((r) => "M" + r.map(pt).join("L") + "Z").join("")}" fill="${WATER}" stroke="#6fa8d0" stroke-width="0.8"/>`).join("") +
      `</g>`,
  );
  const uncovered = new Set(options.uncovered ?? []);
  parts.push(`<g id="uncovered">${uncovered.size ? runs((c) => (uncovered.has(c.id) ? "url(#hatch-uncovered)" : null)) : ""}</g>`);
  const boundary = options.boundary ?? lingangBoundary();
  const zones = new Set<string>(options.zones ?? ["all", "focus", "first-start"]);
  const zoneParts: string[] = [];
  for (const f of boundary.features) {
    const z = String(f.properties?.zone ?? "all");
    if (!zones.has(z)) continue;
    const st = ZONE_STYLE[z] ?? ZONE_STYLE.all;
    const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    const d = polys.map((poly) => poly.map((r) => "M" + r.map(pt).join("L") + "Z").join("")).join("");
    zoneParts.push(`<path data-zone="${escapeXml(z)}" d="${d}" fill="none" stroke="${st.stroke}" stroke-width="${st.width}"${st.dash ? ` stroke-dasharray="${st.dash}"` : ""}/>`);
  }
  parts.push(`<g id="zones">${zoneParts.join("")}</g>`);
  const links = options.links ?? [];
  parts.push(`<g id="catchments" stroke="#333" stroke-opacity="0.45" stroke-width="0.7">${links.map((l) => `<line x1="${f1(px(toX(l.from[0])))}" y1="${f1(py(toY(l.from[1])))}" x2="${f1(px(toX(l.to[0])))}" y2="${f1(py(toY(l.to[1])))}"/>`).join("")}</g>`);
  const sites = options.sites ?? [];
  const roleOf = (s: MapSite) => s.role ?? (s.existing ? "existing" : "new");
  const siteMark = (s: MapSite) => {
    const x = px(toX(s.lon)), y = py(toY(s.lat));
    const t = s.name ? `<title>${escapeXml(s.name)}</title>` : "";
    switch (roleOf(s)) {
      case "existing": return `<rect x="${f1(x - 4)}" y="${f1(y - 4)}" width="8" height="8" fill="#1f3a93" stroke="#fff" stroke-width="1">${t}</rect>`;
      case "committed": return `<path d="M${f1(x)},${f1(y - 6)}L${f1(x + 6)},${f1(y)}L${f1(x)},${f1(y + 6)}L${f1(x - 6)},${f1(y)}Z" fill="#d62728" stroke="#fff" stroke-width="1">${t}</path>`;
      case "planned": return `<rect x="${f1(x - 5)}" y="${f1(y - 5)}" width="10" height="10" fill="none" stroke="#1f3a93" stroke-width="2">${t}</rect>`;
      default: return `<circle cx="${f1(x)}" cy="${f1(y)}" r="4.2" fill="#ffb000" stroke="#222" stroke-width="1">${t}</circle>`;
    }
  };
  parts.push(`<g id="sites-existing">${sites.filter((s) => roleOf(s) === "existing" || roleOf(s) === "planned").map(siteMark).join("")}</g>`);
  parts.push(`<g id="sites-new">${sites.filter((s) => roleOf(s) === "new").map(siteMark).join("")}</g>`);
  parts.push(`<g id="sites-committed">${sites.filter((s) => roleOf(s) === "committed").map(siteMark).join("")}</g>`);

  // legend
  const lx = width - right + 8;
  let ly = top + 4;
  const L: string[] = [`<text x="${lx}" y="${ly}" font-weight="bold">${escapeXml(options.valueLabel ?? "Residents per km²")}</text>`];
  ly += 8;
  for (const cl of DENSITY_CLASSES) {
    L.push(`<rect x="${lx}" y="${ly}" width="14" height="11" fill="${cl.color}" stroke="#999" stroke-width="0.5"/><text x="${lx + 20}" y="${ly + 10}">${escapeXml(cl.label)}</text>`);
    ly += 16;
  }
  const item = (sw: string, label: string) => {
    L.push(`${sw}<text x="${lx + 20}" y="${ly + 10}">${escapeXml(label)}</text>`);
    ly += 18;
  };
  ly += 6;
  item(`<rect x="${lx}" y="${ly}" width="14" height="11" fill="${WATER}"/>`, "water");
  item(`<rect x="${lx}" y="${ly}" width="14" height="11" fill="${INDUSTRIAL}"/>`, "industrial (no residents)");
  item(`<rect x="${lx}" y="${ly}" width="14" height="11" fill="url(#hatch-uncovered)" stroke="${UNCOVERED}" stroke-width="0.5"/>`, `uncovered cells (${uncovered.size})`);
  item(`<rect x="${lx + 3}" y="${ly + 1}" width="8" height="8" fill="#1f3a93"/>`, `existing site (${sites.filter((s) => roleOf(s) === "existing").length})`);
  item(`<circle cx="${lx + 7}" cy="${ly + 5}" r="4.2" fill="#ffb000" stroke="#222"/>`, `new site (${sites.filter((s) => roleOf(s) === "new").length})`);
  if (sites.some((s) => roleOf(s) === "committed")) item(`<path d="M${lx + 7},${ly - 1}L${lx + 13},${ly + 5}L${lx + 7},${ly + 11}L${lx + 1},${ly + 5}Z" fill="#d62728"/>`, `named / committed project (${sites.filter((s) => roleOf(s) === "committed").length})`);
  if (sites.some((s) => roleOf(s) === "planned")) item(`<rect x="${lx + 2}" y="${ly}" width="10" height="10" fill="none" stroke="#1f3a93" stroke-width="2"/>`, `planned, not open yet (${sites.filter((s) => roleOf(s) === "planned").length})`);
  if (links.length) item(`<line x1="${lx}" y1="${ly + 6}" x2="${lx + 14}" y2="${ly + 6}" stroke="#333" stroke-opacity="0.6"/>`, "cell → serving site");
  for (const z of ["all", "focus", "first-start"]) {
    if (!zones.has(z)) continue;
    const st = ZONE_STYLE[z];
    item(`<line x1="${lx}" y1="${ly + 6}" x2="${lx + 14}" y2="${ly + 6}" stroke="${st.stroke}" stroke-width="${st.width}"${st.dash ? ` stroke-dasharray="${st.dash}"` : ""}/>`, z === "all" ? "whole area (873 km²)" : z === "focus" ? "focus zone (386 km²)" : "first-start zone (119.5 km²)");
  }
  parts.push(`<g id="legend">${L.join("")}</g>`);

  // scale bar: a round length ≈ 1/5 of the map width
  const target = (maxX - minX) / 5;
  const steps = [500, 1_000, 2_000, 5_000, 10_000, 20_000];
  const len = steps.reduce((b, s) => (Math.abs(s - target) < Math.abs(b - target) ? s : b), steps[0]);
  const sx = 16 + 12, sy = height - 20, sw = len * k;
  parts.push(
    `<g id="scale-bar"><rect x="${f1(sx)}" y="${sy - 6}" width="${f1(sw / 2)}" height="6" fill="#222"/><rect x="${f1(sx + sw / 2)}" y="${sy - 6}" width="${f1(sw / 2)}" height="6" fill="#fff" stroke="#222" stroke-width="0.8"/>` +
      `<text x="${f1(sx)}" y="${sy + 12}">0</text><text x="${f1(sx + sw)}" y="${sy + 12}" text-anchor="middle">${len >= 1000 ? `${len / 1000} km` : `${len} m`}</text></g>`,
  );
  parts.push(`<text id="north" x="${f1(16 + mapW - 14)}" y="${top + 14}" font-weight="bold" text-anchor="middle">N ↑</text>`);
  parts.push(`</svg>`);
  return parts.join("\n");
}

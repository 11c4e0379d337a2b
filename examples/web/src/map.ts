/**
 * The map: an SVG in the grid's local metric projection (x east, y north, metres; drawn with y
 * flipped), panned and zoomed through its viewBox (mouse wheel, drag, the buttons). No tiles:
 * everything drawn comes from @siting/lingang's data, so the page works offline.
 *
 * Layers (bottom to top): population (one path per density class, run-length rows), water and
 * industrial cells, Dishui Lake, zone outlines, coverage circles, catchments (cell → serving site),
 * uncovered cells, candidate sites, open sites. Each open site is one element with `data-site`.
 */
/// <reference lib="dom" />
import type { Result } from "@siting/core";
import { DENSITY_CLASSES, dishuiLakePolygon, gridLayout, lingangBoundary, toX, toY, type GridCell, type LingangGrid } from "@siting/lingang";
import type { DemoInput } from "./model";

const NS = "http://www.w3.org/2000/svg";
const WATER = "#9cc9e8";
const INDUSTRIAL = "#c9c9cf";
const UNCOVERED = "#d6196b";
const ZONE_STYLE: Record<string, { stroke: string; width: number; dash?: string }> = {
  all: { stroke: "#222", width: 1.4 },
  focus: { stroke: "#2b5fb4", width: 1.3, dash: "6 3" },
  "first-start": { stroke: "#0f7a3c", width: 2, dash: "3 2" },
};

export interface Layers {
  coverage: boolean;
  catchments: boolean;
  uncovered: boolean;
  candidates: boolean;
}

interface View { x: number; y: number; w: number; h: number }

const el = <K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number> = {}, parent?: Element): SVGElementTagNameMap[K] => {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
};
const r1 = (v: number) => Math.round(v * 10) / 10;
/** projected metres, y flipped for SVG */
const X = (lon: number) => r1(toX(lon));
const Y = (lat: number) => r1(-toY(lat));

/** What the map fits to: the demand cells and the sites of the scenario (the parts solved), plus a margin. */
function extentOf(input: DemoInput): View {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const half = input.grid.resolution / 2;
  for (const p of [...input.scenario.demand, ...input.scenario.sites]) {
    const x = toX(p.lon), y = -toY(p.lat);
    minX = Math.min(minX, x - half); maxX = Math.max(maxX, x + half);
    minY = Math.min(minY, y - half); maxY = Math.max(maxY, y + half);
  }
  if (!Number.isFinite(minX)) return { x: -5000, y: -5000, w: 10000, h: 10000 };
  const pad = 0.04 * Math.max(maxX - minX, maxY - minY) + 500;
  return { x: minX - pad, y: minY - pad, w: maxX - minX + 2 * pad, h: maxY - minY + 2 * pad };
}

export class MapView {
  readonly svg: SVGSVGElement;
  private readonly root: SVGGElement;
  private readonly g: Record<"population" | "water" | "zones" | "coverage" | "catchments" | "uncovered" | "candidates" | "sites", SVGGElement>;
  private view: View = { x: 0, y: 0, w: 1000, h: 1000 };
  private extent: View = { x: 0, y: 0, w: 1000, h: 1000 };
  private input: DemoInput | null = null;
  private open = new Set<string>();

  constructor(svg: SVGSVGElement) {
    this.svg = svg;
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    const defs = el("defs", {}, svg);
    const pat = el("pattern", { id: "hatch-uncovered", patternUnits: "userSpaceOnUse", width: 120, height: 120, patternTransform: "rotate(45)" }, defs);
    el("rect", { width: 120, height: 120, fill: UNCOVERED, "fill-opacity": 0.1 }, pat);
    el("line", { x1: 0, y1: 0, x2: 0, y2: 120, stroke: UNCOVERED, "stroke-width": 16, "stroke-opacity": 0.85 }, pat);
    this.root = el("g", { id: "map-root" }, svg);
    const layer = (id: string) => el("g", { id }, this.root);
    this.g = {
      population: layer("population"),
      water: layer("water"),
      zones: layer("zones"),
      coverage: layer("coverage"),
      catchments: layer("catchments"),
      uncovered: layer("uncovered"),
      candidates: layer("candidates"),
      sites: layer("sites"),
    };
    this.enablePanZoom();
    new ResizeObserver(() => this.updateMarkers()).observe(svg);
  }

  /** Draws the grid, the zone outlines and the candidate sites; clears any result. */
  setInput(input: DemoInput, layers: Layers): void {
    const key = (i: DemoInput | null) => (i ? `${i.grid.year}/${i.grid.zone}/${i.grid.resolution}` : "");
    const sameGrid = key(this.input) === key(input);
    this.input = input;
    this.open.clear();
    if (!sameGrid) this.drawGrid(input.grid, input.params.zone);
    this.clear(["coverage", "catchments", "uncovered", "sites"]);
    this.extent = extentOf(input);
    this.drawCandidates();
    this.applyLayers(layers);
    if (!sameGrid) this.fit();
    else this.updateMarkers();
  }

  /** Draws a result: open sites, coverage circles, catchments and uncovered cells. */
  setResult(result: Result, layers: Layers): void {
    const input = this.input;
    if (!input) return;
    this.clear(["coverage", "catchments", "uncovered", "sites"]);
    this.open = new Set(result.open);
    const siteById = new Map(input.scenario.sites.map((s) => [s.id, s]));
    const demandById = new Map(input.scenario.demand.map((d) => [d.id, d]));
    const radius = input.problem.radius;

    // coverage circles (cover problems) around every open site
    if (radius !== undefined) {
      const cov = el("g", { fill: "#1f77b4", "fill-opacity": 0.1, stroke: "#1f77b4", "stroke-opacity": 0.55 }, this.g.coverage);
      for (const id of result.open) {
        const s = siteById.get(id);
        if (s) el("circle", { cx: X(s.lon), cy: Y(s.lat), r: radius, "vector-effect": "non-scaling-stroke", "stroke-width": 1 }, cov);
      }
    }
    // catchments: each demand cell to the site serving it (the largest share)
    const d: string[] = [];
    for (const a of result.assignment) {
      if (!a.site) continue;
      const from = demandById.get(a.demand), to = siteById.get(a.site);
      if (from && to) d.push(`M${X(from.lon)} ${Y(from.lat)}L${X(to.lon)} ${Y(to.lat)}`);
    }
    el("path", { d: d.join(""), fill: "none", stroke: "#333", "stroke-opacity": 0.45, "stroke-width": 0.7, "vector-effect": "non-scaling-stroke" }, this.g.catchments);
    // uncovered cells (weight > 0, no open site within the radius)
    const res = input.grid.resolution;
    const unc: string[] = [];
    let nUnc = 0;
    if (radius !== undefined) {
      for (const a of result.assignment) {
        if (a.covered) continue;
        const p = demandById.get(a.demand);
        if (!p || !(p.weight > 0)) continue;
        nUnc++;
        unc.push(`M${r1(toX(p.lon) - res / 2)} ${r1(-toY(p.lat) - res / 2)}h${res}v${res}h${-res}z`);
      }
    }
    el("path", { d: unc.join(""), fill: "url(#hatch-uncovered)", stroke: UNCOVERED, "stroke-opacity": 0.5, "stroke-width": 0.6, "vector-effect": "non-scaling-stroke" }, this.g.uncovered);
    this.g.uncovered.dataset.count = String(nUnc);
    // open sites: one element each, with data-site
    const existing = new Set(result.sites.filter((s) => s.existing).map((s) => s.id));
    for (const id of result.open) {
      const s = siteById.get(id);
      if (!s) continue;
      const isExisting = existing.has(id) || s.existing === true;
      const m = isExisting
        ? el("rect", { class: "site existing", "data-site": id, "data-x": X(s.lon), "data-y": Y(s.lat) }, this.g.sites)
        : el("circle", { class: "site new", "data-site": id, cx: X(s.lon), cy: Y(s.lat) }, this.g.sites);
      el("title", {}, m).textContent = `${s.name} (${id})${isExisting ? ", existing" : `, new, ${s.cost} M CNY`}`;
    }
    this.drawCandidates();
    this.applyLayers(layers);
    this.updateMarkers();
  }

  applyLayers(layers: Layers): void {
    this.g.coverage.style.display = layers.coverage ? "" : "none";
    this.g.catchments.style.display = layers.catchments ? "" : "none";
    this.g.uncovered.style.display = layers.uncovered ? "" : "none";
    this.g.candidates.style.display = layers.candidates ? "" : "none";
  }

  /** Zoom by a factor about a point in screen coordinates (default: the centre). */
  zoomBy(factor: number, clientX?: number, clientY?: number): void {
    const v = this.view;
    const c = clientX === undefined || clientY === undefined ? { x: v.x + v.w / 2, y: v.y + v.h / 2 } : this.toWorld(clientX, clientY);
    const w = Math.min(Math.max(v.w / factor, 300), this.extent.w * 4);
    const k = w / v.w;
    this.setView({ x: c.x - (c.x - v.x) * k, y: c.y - (c.y - v.y) * k, w, h: v.h * k });
  }

  fit(): void {
    this.setView({ ...this.extent });
  }

  private clear(names: (keyof MapView["g"])[]): void {
    for (const n of names) this.g[n].replaceChildren();
  }

  private drawGrid(grid: LingangGrid, zone: string): void {
    this.clear(["population", "water", "zones"]);
    const res = grid.resolution;
    const layout = gridLayout(res);
    const area = grid.cellAreaKm2;
    const colorOf = (c: GridCell): string => {
      if (c.water) return WATER;
      if (c.industrial) return INDUSTRIAL;
      const v = c.residents / area;
      let col = DENSITY_CLASSES[0].color;
      for (const cl of DENSITY_CLASSES) if (v >= cl.min) col = cl.color;
      return col;
    };
    // run-length rows per colour → one path per colour
    const rows = new Map<number, { i: number; color: string }[]>();
    for (const c of grid.cells) {
      const [, si, sj] = c.id.split("-");
      const i = Number(si), j = Number(sj);
      let row = rows.get(j);
      if (!row) rows.set(j, (row = []));
      row.push({ i, color: colorOf(c) });
    }
    const paths = new Map<string, string[]>();
    for (const [j, row] of rows) {
      row.sort((a, b) => a.i - b.i);
      let start = 0;
      for (let q = 1; q <= row.length; q++) {
        if (q < row.length && row[q].i === row[q - 1].i + 1 && row[q].color === row[start].color) continue;
        const x = layout.x0 + row[start].i * res;
        const w = (row[q - 1].i - row[start].i + 1) * res;
        const y = -(layout.y0 + (j + 1) * res);
        let list = paths.get(row[start].color);
        if (!list) paths.set(row[start].color, (list = []));
        list.push(`M${x} ${y}h${w}v${res}h${-w}z`);
        start = q;
      }
    }
    for (const [color, list] of paths) {
      const target = color === WATER ? this.g.water : this.g.population;
      // a hair of stroke in the same colour hides the seams between runs
      el("path", { d: list.join(""), fill: color, stroke: color, "stroke-width": 0.6, "vector-effect": "non-scaling-stroke", "data-class": color }, target);
    }
    const lake = dishuiLakePolygon();
    el("path", { d: lake.geometry.coordinates.map((r) => "M" + r.map((p) => `${X(p[0])} ${Y(p[1])}`).join("L") + "Z").join(""), fill: WATER, stroke: "#6fa8d0", "stroke-width": 0.8, "vector-effect": "non-scaling-stroke" }, this.g.water);
    for (const f of lingangBoundary().features) {
      const z = String(f.properties?.zone ?? "all");
      const st = ZONE_STYLE[z] ?? ZONE_STYLE.all;
      const d = f.geometry.coordinates.map((poly) => poly.map((r) => "M" + r.map((p) => `${X(p[0])} ${Y(p[1])}`).join("L") + "Z").join("")).join("");
      el("path", {
        d, fill: "none", stroke: st.stroke, "stroke-width": z === zone ? st.width + 0.8 : st.width, "stroke-opacity": z === zone ? 1 : 0.45,
        ...(st.dash ? { "stroke-dasharray": st.dash } : {}), "vector-effect": "non-scaling-stroke", "data-zone": z,
      }, this.g.zones);
    }
  }

  private drawCandidates(): void {
    this.clear(["candidates"]);
    if (!this.input) return;
    for (const s of this.input.scenario.sites) {
      if (this.open.has(s.id) || s.existing) continue;
      el("circle", { class: "candidate", cx: X(s.lon), cy: Y(s.lat), "data-candidate": s.id }, this.g.candidates);
    }
    // existing sites are open in every solution; before a result they show as existing
    if (this.open.size === 0) {
      for (const s of this.input.scenario.sites) {
        if (!s.existing) continue;
        const m = el("rect", { class: "site existing pending", "data-x": X(s.lon), "data-y": Y(s.lat) }, this.g.candidates);
        el("title", {}, m).textContent = `${s.name} (${s.id}), existing`;
      }
    }
  }

  /** Screen pixels per metre at the current view. */
  private scale(): number {
    const w = this.svg.clientWidth || 800, h = this.svg.clientHeight || 600;
    return Math.min(w / this.view.w, h / this.view.h);
  }

  /** Markers keep a constant size on screen. */
  private updateMarkers(): void {
    const m = 1 / this.scale();
    for (const e of Array.from(this.root.querySelectorAll<SVGElement>(".site, .candidate"))) {
      if (e instanceof SVGCircleElement) {
        e.setAttribute("r", String((e.classList.contains("candidate") ? 2 : 5) * m));
        e.setAttribute("stroke-width", String(1.2 * m));
      } else {
        const s = 9 * m;
        e.setAttribute("x", String(Number(e.dataset.x) - s / 2));
        e.setAttribute("y", String(Number(e.dataset.y) - s / 2));
        e.setAttribute("width", String(s));
        e.setAttribute("height", String(s));
        e.setAttribute("stroke-width", String(1.2 * m));
      }
    }
  }

  private setView(v: View): void {
    this.view = v;
    this.svg.setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${v.h}`);
    this.updateMarkers();
  }

  private toWorld(clientX: number, clientY: number): { x: number; y: number } {
    const ctm = this.svg.getScreenCTM();
    if (!ctm) return { x: this.view.x + this.view.w / 2, y: this.view.y + this.view.h / 2 };
    const p = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
    return { x: p.x, y: p.y };
  }

  private enablePanZoom(): void {
    const svg = this.svg;
    svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      this.zoomBy(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), e.clientX, e.clientY);
    }, { passive: false });
    let drag: { id: number; x: number; y: number; view: View } | null = null;
    svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      drag = { id: e.pointerId, x: e.clientX, y: e.clientY, view: { ...this.view } };
      svg.setPointerCapture(e.pointerId);
      svg.classList.add("dragging");
    });
    svg.addEventListener("pointermove", (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      const k = 1 / this.scale();
      this.setView({ ...drag.view, x: drag.view.x - (e.clientX - drag.x) * k, y: drag.view.y - (e.clientY - drag.y) * k });
    });
    const end = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.id) return;
      drag = null;
      svg.classList.remove("dragging");
    };
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("dblclick", (e) => this.zoomBy(2, e.clientX, e.clientY));
  }
}

/**
 * A plain, independent reference for network costs: roads → segments keyed by exact coordinates,
 * points snapped by scanning every segment, every segment split at its snap points, access legs
 * added as edges, and an O(V²) Dijkstra from every origin. Dense, slow and simple.
 */
import { haversine } from "@siting/core";
import { graphFromArcs } from "../../packages/core/src/network/index.js";
import { mulberry32 } from "../support/random.js";

export type Pt = { x: number; y: number };
export interface Feature {
  type: "Feature";
  geometry: { type: "LineString"; coordinates: number[][] } | { type: "MultiLineString"; coordinates: number[][][] };
  properties: Record<string, unknown>;
}

export interface OracleOptions {
  coords: "lonlat" | "xy";
  unit: "metres" | "minutes";
  accessSpeed?: number;
  defaultSpeed?: number;
  maxAccess?: number;
  direction?: "toSite" | "fromSite";
}

interface Seg {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  a: string;
  b: string;
  len: number;
  time: number;
  dir: number;
}

const R = 6371008.8;
const RAD = Math.PI / 180;

/** Segments in feature order (consecutive positions; repeated positions skipped). */
export function segmentsOf(features: Feature[], o: OracleOptions): Seg[] {
  const out: Seg[] = [];
  for (const f of features) {
    const lines = f.geometry.type === "LineString" ? [f.geometry.coordinates] : f.geometry.coordinates;
    const sp = f.properties?.speed as number | undefined;
    const ow = f.properties?.oneway;
    const dir = ow === true || ow === "yes" || ow === 1 ? 1 : ow === "-1" || ow === -1 ? -1 : 0;
    for (const line of lines) {
      for (let k = 0; k + 1 < line.length; k++) {
        const [ax, ay] = line[k];
        const [bx, by] = line[k + 1];
        if (ax === bx && ay === by) continue;
        const len = o.coords === "lonlat" ? haversine(ax, ay, bx, by) : Math.hypot(bx - ax, by - ay);
        const speed = sp ?? o.defaultSpeed ?? NaN;
        out.push({ ax, ay, bx, by, a: `${ax},${ay}`, b: `${bx},${by}`, len, time: (len / 1000 / speed) * 60, dir });
      }
    }
  }
  return out;
}

/** Planar metres for nearest-segment search (equirectangular about the roads' bounding-box centre). */
function planar(features: Feature[], o: OracleOptions): (x: number, y: number) => [number, number] {
  if (o.coords === "xy") return (x, y) => [x, y];
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const s of segmentsOf(features, o)) {
    minX = Math.min(minX, s.ax, s.bx);
    maxX = Math.max(maxX, s.ax, s.bx);
    minY = Math.min(minY, s.ay, s.by);
    maxY = Math.max(maxY, s.ay, s.by);
  }
  const lon0 = (minX + maxX) / 2;
  const lat0 = (minY + maxY) / 2;
  const ky = R * RAD;
  const kx = ky * Math.cos(lat0 * RAD);
  return (x, y) => [(x - lon0) * kx, (y - lat0) * ky];
}

export interface BruteSnap {
  seg: number;
  t: number;
  access: number; // metres; Infinity when beyond maxAccess
}

/** Scans every segment. */
export function bruteSnap(features: Feature[], pts: Pt[], o: OracleOptions): BruteSnap[] {
  const segs = segmentsOf(features, o);
  const proj = planar(features, o);
  return pts.map((p) => {
    const [px, py] = proj(p.x, p.y);
    let best = { seg: -1, t: 0, d: Infinity };
    segs.forEach((s, k) => {
      const [ax, ay] = proj(s.ax, s.ay);
      const [bx, by] = proj(s.bx, s.by);
      const dx = bx - ax, dy = by - ay;
      const t = Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
      const d = Math.hypot(px - ax - t * dx, py - ay - t * dy);
      if (d < best.d) best = { seg: k, t, d };
    });
    const s = segs[best.seg];
    const access = o.coords === "lonlat" ? haversine(p.x, p.y, s.ax + best.t * (s.bx - s.ax), s.ay + best.t * (s.by - s.ay)) : best.d;
    if (access > (o.maxAccess ?? Infinity)) return { seg: -1, t: 0, access: Infinity };
    return { seg: best.seg, t: best.t, access };
  });
}

/** Dense n × m costs (Infinity: unreachable) by all-pairs Dijkstra on the split graph. */
export function oracleCosts(features: Feature[], demand: Pt[], sites: Pt[], o: OracleOptions): number[][] {
  const segs = segmentsOf(features, o);
  const minutes = o.unit === "minutes";
  const accessSpeed = o.accessSpeed ?? 4.8;
  const acc = (m: number) => (minutes ? (m / 1000 / accessSpeed) * 60 : m);
  const ds = bruteSnap(features, demand, o);
  const ss = bruteSnap(features, sites, o);
  const ids = new Map<string, number>();
  const id = (key: string) => {
    let v = ids.get(key);
    if (v === undefined) ids.set(key, (v = ids.size));
    return v;
  };
  const edges: [number, number, number][] = [];
  // split each segment at its snap points
  const onSeg = new Map<number, number[]>();
  for (const s of [...ds, ...ss]) if (s.seg >= 0) onSeg.set(s.seg, [...(onSeg.get(s.seg) ?? []), s.t]);
  const posKey = (k: number, t: number) => (t === 0 ? segs[k].a : t === 1 ? segs[k].b : `seg${k}@${t}`);
  segs.forEach((s, k) => {
    const ts = [...new Set([0, 1, ...(onSeg.get(k) ?? [])])].sort((x, y) => x - y);
    const w = minutes ? s.time : s.len;
    for (let q = 0; q + 1 < ts.length; q++) {
      const u = id(posKey(k, ts[q]));
      const v = id(posKey(k, ts[q + 1]));
      const c = (ts[q + 1] - ts[q]) * w;
      if (s.dir >= 0) edges.push([u, v, c]);
      if (s.dir <= 0) edges.push([v, u, c]);
    }
  });
  const pointNode = (prefix: string, snaps: BruteSnap[]) =>
    snaps.map((s, i) => {
      if (s.seg < 0) return -1;
      const p = id(`${prefix}${i}`);
      const q = id(posKey(s.seg, s.t));
      edges.push([p, q, acc(s.access)], [q, p, acc(s.access)]);
      return p;
    });
  const dn = pointNode("demand", ds);
  const sn = pointNode("site", ss);
  const V = ids.size;
  const adj: [number, number][][] = Array.from({ length: V }, () => []);
  for (const [u, v, c] of edges) adj[u].push([v, c]);
  const dijkstra = (src: number) => {
    const d = new Array<number>(V).fill(Infinity);
    const done = new Array<boolean>(V).fill(false);
    d[src] = 0;
    for (;;) {
      let u = -1;
      for (let v = 0; v < V; v++) if (!done[v] && d[v] < Infinity && (u < 0 || d[v] < d[u])) u = v;
      if (u < 0) return d;
      done[u] = true;
      for (const [v, c] of adj[u]) if (d[u] + c < d[v]) d[v] = d[u] + c;
    }
  };
  const toSite = (o.direction ?? "toSite") === "toSite";
  const C = demand.map(() => sites.map(() => Infinity));
  if (toSite) {
    dn.forEach((p, i) => {
      if (p < 0) return;
      const d = dijkstra(p);
      sn.forEach((q, j) => {
        if (q >= 0) C[i][j] = d[q];
      });
    });
  } else {
    sn.forEach((q, j) => {
      if (q < 0) return;
      const d = dijkstra(q);
      dn.forEach((p, i) => {
        if (p >= 0) C[i][j] = d[p];
      });
    });
  }
  return C;
}

/** x/y metres → lon/lat degrees about (lon0, lat0), equirectangular. */
export function toLonLat(x: number, y: number, lon0 = 121.9, lat0 = 30.9): [number, number] {
  return [lon0 + x / (R * RAD * Math.cos(lat0 * RAD)), lat0 + y / (R * RAD)];
}

export function featuresToLonLat(features: Feature[]): Feature[] {
  const conv = (line: number[][]) => line.map(([x, y]) => toLonLat(x, y));
  return features.map((f) => ({
    ...f,
    geometry:
      f.geometry.type === "LineString"
        ? { type: "LineString", coordinates: conv(f.geometry.coordinates) }
        : { type: "MultiLineString", coordinates: f.geometry.coordinates.map(conv) },
  }));
}

/** The tests' seeded generator (test/support/random.ts), under the name these tests use. */
export { mulberry32 as mulberry } from "../support/random.js";

/** A random graph of `arcs` arcs on `n` nodes (uniform ends), each weight drawn by `weight(rnd)`. */
export function randomArcs(seed: number, n: number, arcs: number, weight: (rnd: () => number) => number) {
  const rnd = mulberry32(seed);
  const tail = new Int32Array(arcs);
  const head = new Int32Array(arcs);
  const w = new Float64Array(arcs);
  for (let e = 0; e < arcs; e++) {
    tail[e] = Math.floor(rnd() * n);
    head[e] = Math.floor(rnd() * n);
    w[e] = weight(rnd);
  }
  return { tail, head, w, graph: graphFromArcs(n, tail, head, w, null) };
}

/**
 * A small street grid (x/y metres): `size` × `size` intersections `block` m apart, rows as long
 * LineStrings through every intersection, columns as one feature each (one as a MultiLineString);
 * row 1 one-way eastbound, column 3 one-way southbound (reverse coordinate order via "-1"), the
 * link (2,2)–(3,2) of row 2 missing, column 0 an arterial at 50 km/h, row 3 without a speed, and
 * a detached two-segment street far to the east.
 */
export function smallGrid(size = 5, block = 100): Feature[] {
  const f: Feature[] = [];
  for (let r = 0; r < size; r++) {
    const y = r * block;
    const props: Record<string, unknown> = r === 3 ? {} : { speed: 30 };
    if (r === 1) props.oneway = "yes";
    if (r === 2) {
      // row 2 with a missing link between columns 2 and 3
      f.push({ type: "Feature", geometry: { type: "LineString", coordinates: [0, 1, 2].map((c) => [c * block, y]) }, properties: props });
      f.push({ type: "Feature", geometry: { type: "LineString", coordinates: Array.from({ length: size - 3 }, (_, k) => [(k + 3) * block, y]) }, properties: props });
      continue;
    }
    f.push({ type: "Feature", geometry: { type: "LineString", coordinates: Array.from({ length: size }, (_, c) => [c * block, y]) }, properties: props });
  }
  for (let c = 0; c < size; c++) {
    const x = c * block;
    const coords = Array.from({ length: size }, (_, r) => [x, r * block]);
    const props: Record<string, unknown> = { speed: c === 0 ? 50 : 30 };
    if (c === 3) props.oneway = "-1";
    if (c === 2) {
      f.push({ type: "Feature", geometry: { type: "MultiLineString", coordinates: [coords.slice(0, 3), coords.slice(2)] }, properties: props });
    } else f.push({ type: "Feature", geometry: { type: "LineString", coordinates: coords }, properties: props });
  }
  const far = (size + 5) * block;
  f.push({ type: "Feature", geometry: { type: "LineString", coordinates: [[far, 0], [far + block, 0], [far + block, block]] }, properties: { speed: 20 } });
  return f;
}

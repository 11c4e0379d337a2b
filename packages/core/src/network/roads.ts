import KDBush from "kdbush";
import { IssueList } from "../errors.js";
import { haversine, localProjection, projectInto, type Projection } from "../geo.js";
import { graphFromArcs, weakComponents, type Graph } from "./graph.js";

/** Road coordinates: lon/lat degrees (WGS 84, lengths by haversine) or x/y metres (euclidean). */
export type RoadCoords = "lonlat" | "xy";

/** A road as a GeoJSON Feature: a LineString or MultiLineString, optional `speed` and `oneway`. */
export interface RoadFeature {
  type: "Feature";
  geometry: { type: "LineString"; coordinates: number[][] } | { type: "MultiLineString"; coordinates: number[][][] };
  properties?: { speed?: number | string | null; oneway?: boolean | number | string | null; [key: string]: unknown } | null;
}

/** A GeoJSON FeatureCollection of roads, or a plain array of road features. */
export type RoadsInput = { type: "FeatureCollection"; features: readonly RoadFeature[] } | readonly RoadFeature[];

export interface RoadOptions {
  coords: RoadCoords;
  /** Speed (km/h) of roads without a `speed` property; without it, such roads have no travel time. */
  defaultSpeed?: number;
  /**
   * Vertices closer than this (metres) become one node (chains merge: single linkage). Default 0:
   * only vertices with exactly equal coordinates are joined. Lines that cross without a shared
   * vertex (bridges, tunnels) are never joined.
   */
  tolerance?: number;
  /** Property holding the speed in km/h (default `"speed"`). */
  speedProperty?: string;
  /**
   * Property holding the one-way flag (default `"oneway"`): true, "yes", "true", 1, "1" — travel
   * only in coordinate order; "-1", -1, "reverse" — only against it; false, "no", "false", 0,
   * "0", null or absent — both ways.
   */
  onewayProperty?: string;
}

/**
 * A road network: nodes (merged vertices), segments (straight pieces between consecutive
 * vertices, the unit of snapping) and the directed CSR graph of their arcs.
 */
export interface RoadNetwork {
  readonly kind: "road-network";
  readonly coords: RoadCoords;
  readonly featureCount: number;
  readonly nodeCount: number;
  /** Node coordinates as given (lon/lat degrees or x/y). */
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
  /** Node coordinates in planar metres (a local equirectangular projection for lon/lat). */
  readonly planeX: Float64Array;
  readonly planeY: Float64Array;
  /** The projection behind `planeX/Y` for lon/lat; null for x/y. */
  readonly projection: Projection | null;
  readonly segmentCount: number;
  readonly segA: Int32Array;
  readonly segB: Int32Array;
  /** Segment length in metres. */
  readonly segLength: Float64Array;
  /** Segment travel time in minutes; null when some road has neither a speed nor a default. */
  readonly segTime: Float64Array | null;
  /** 0: both ways; 1: only a → b (coordinate order); -1: only b → a. */
  readonly segDir: Int8Array;
  /** The feature each segment came from. */
  readonly segFeature: Int32Array;
  /** Directed arcs: a → b and/or b → a per segment, by `segDir`. */
  readonly graph: Graph;
  /** Weakly connected pieces (one-ways taken as two-way): per node, numbered 0.. */
  readonly componentCount: number;
  readonly component: Int32Array;
  /** Road length (metres) per component, and in all. */
  readonly componentLength: Float64Array;
  readonly totalLength: number;
  /** Features with no speed when no `defaultSpeed` was given (then `segTime` is null). */
  readonly featuresWithoutSpeed: Int32Array;
}

const MAX_ISSUES = 100;
const TRUE_ONEWAY = new Set<unknown>([true, 1, "1", "yes", "true"]);
const REVERSE_ONEWAY = new Set<unknown>([-1, "-1", "reverse"]);
const NOT_ONEWAY = new Set<unknown>([false, 0, "0", "no", "false", null, undefined]);

export function isRoadNetwork(x: unknown): x is RoadNetwork {
  return typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "road-network";
}

/**
 * Reads roads into a network. Throws a `ScenarioError` listing every problem found, each with its
 * path (`features[3].geometry.coordinates[1]`, `features[7].properties.speed`, …).
 */
export function readRoads(input: RoadsInput, options: RoadOptions): RoadNetwork {
  const issues = new IssueList();
  const coords = options.coords;
  if (coords !== "lonlat" && coords !== "xy") issues.add("options.coords", 'expected "lonlat" or "xy"', coords);
  const defaultSpeed = options.defaultSpeed;
  if (defaultSpeed !== undefined && !(typeof defaultSpeed === "number" && Number.isFinite(defaultSpeed) && defaultSpeed > 0)) {
    issues.add("options.defaultSpeed", "expected a speed in km/h, a finite number > 0", defaultSpeed);
  }
  const tolerance = options.tolerance ?? 0;
  if (!(typeof tolerance === "number" && Number.isFinite(tolerance) && tolerance >= 0)) {
    issues.add("options.tolerance", "expected a distance in metres, a finite number ≥ 0", tolerance);
  }
  const features = featureList(input);
  if (!features) issues.add("", "expected a GeoJSON FeatureCollection of LineString/MultiLineString features, or an array of such features", input);
  issues.throwIfAny("invalid road network");
  const list = features as readonly unknown[];
  const speedKey = options.speedProperty ?? "speed";
  const onewayKey = options.onewayProperty ?? "oneway";
  const lonlat = coords === "lonlat";

  // pass 1: validate, count vertices and lines, read properties
  const F = list.length;
  const featSpeed = new Float64Array(F).fill(NaN);
  const featDir = new Int8Array(F);
  let vertexCount = 0;
  let lineCount = 0;
  const lines: unknown[][] = [];
  const lineFeatureList: number[] = [];
  for (let fi = 0; fi < F && issues.size < MAX_ISSUES; fi++) {
    const path = `features[${fi}]`;
    const f = list[fi] as { type?: unknown; geometry?: unknown; properties?: unknown; coordinates?: unknown } | null;
    if (typeof f !== "object" || f === null || Array.isArray(f)) {
      issues.add(path, "expected a GeoJSON Feature", f);
      continue;
    }
    // a bare geometry is accepted as a feature without properties
    const bare = f.type === "LineString" || f.type === "MultiLineString";
    if (!bare && f.type !== "Feature") {
      issues.add(`${path}.type`, 'expected "Feature"', f.type);
      continue;
    }
    const g = (bare ? f : f.geometry) as { type?: unknown; coordinates?: unknown } | null | undefined;
    const gpath = bare ? path : `${path}.geometry`;
    if (typeof g !== "object" || g === null) {
      issues.add(gpath, "expected a LineString or MultiLineString geometry", g);
      continue;
    }
    if (g.type === "LineString") {
      if (checkLine(g.coordinates, `${gpath}.coordinates`, lonlat, issues)) {
        lines.push(g.coordinates as unknown[]);
        lineFeatureList.push(fi);
        vertexCount += (g.coordinates as unknown[]).length;
        lineCount++;
      }
    } else if (g.type === "MultiLineString") {
      const parts = g.coordinates;
      if (!Array.isArray(parts) || parts.length === 0) {
        issues.add(`${gpath}.coordinates`, "expected a non-empty array of lines", parts);
        continue;
      }
      for (let p = 0; p < parts.length; p++) {
        if (checkLine(parts[p], `${gpath}.coordinates[${p}]`, lonlat, issues)) {
          lines.push(parts[p] as unknown[]);
          lineFeatureList.push(fi);
          vertexCount += (parts[p] as unknown[]).length;
          lineCount++;
        }
      }
    } else {
      issues.add(`${gpath}.type`, 'expected "LineString" or "MultiLineString"', g.type);
      continue;
    }
    if (bare) continue;
    const props = f.properties;
    if (props !== undefined && props !== null && (typeof props !== "object" || Array.isArray(props))) {
      issues.add(`${path}.properties`, "expected an object or null", props);
      continue;
    }
    const p = (props ?? {}) as Record<string, unknown>;
    const sp = p[speedKey];
    if (sp !== undefined && sp !== null) {
      const v = typeof sp === "number" ? sp : typeof sp === "string" && sp.trim() !== "" ? Number(sp) : NaN;
      if (Number.isFinite(v) && v > 0) featSpeed[fi] = v;
      else issues.add(`${path}.properties.${speedKey}`, v < 0 ? "a speed cannot be negative (km/h, a finite number > 0)" : "expected a speed in km/h, a finite number > 0", sp);
    }
    const ow = p[onewayKey];
    const owKey = typeof ow === "string" ? ow.trim().toLowerCase() : ow;
    if (TRUE_ONEWAY.has(owKey)) featDir[fi] = 1;
    else if (REVERSE_ONEWAY.has(owKey)) featDir[fi] = -1;
    else if (!NOT_ONEWAY.has(owKey)) issues.add(`${path}.properties.${onewayKey}`, 'expected true/"yes"/1 (one way, in coordinate order), "-1" (one way, against it) or false/"no"/0', ow);
  }
  if (F === 0) issues.add("features", "expected at least one road");
  issues.throwIfAny("invalid road network");

  // pass 2: vertices in typed arrays
  const X = new Float64Array(vertexCount);
  const Y = new Float64Array(vertexCount);
  const lineStart = new Int32Array(lineCount + 1);
  const lineFeature = Int32Array.from(lineFeatureList);
  let v = 0;
  for (let l = 0; l < lineCount; l++) {
    lineStart[l] = v;
    const line = lines[l] as number[][];
    for (let k = 0; k < line.length; k++, v++) {
      X[v] = line[k][0];
      Y[v] = line[k][1];
    }
  }
  lineStart[lineCount] = v;

  // planar metres (for merging and snapping)
  let projection: Projection | null = null;
  let PX = X;
  let PY = Y;
  if (lonlat) {
    projection = localProjection(X, Y);
    PX = new Float64Array(vertexCount);
    PY = new Float64Array(vertexCount);
    projectInto(projection, X, Y, PX, PY);
  }

  // merge vertices into nodes, numbered in (x, y) order of their first vertex
  const order = new Int32Array(vertexCount);
  for (let i = 0; i < vertexCount; i++) order[i] = i;
  order.sort((a, b) => X[a] - X[b] || Y[a] - Y[b] || a - b);
  const nodeOf = new Int32Array(vertexCount).fill(-1);
  let nodeCount = 0;
  if (tolerance > 0) {
    const rank = new Int32Array(vertexCount);
    for (let r = 0; r < vertexCount; r++) rank[order[r]] = r;
    const parent = new Int32Array(vertexCount);
    for (let i = 0; i < vertexCount; i++) parent[i] = i;
    const find = (i: number): number => {
      while (parent[i] !== i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
      }
      return i;
    };
    const tree = new KDBush(vertexCount, 64, Float64Array);
    for (let i = 0; i < vertexCount; i++) tree.add(PX[i], PY[i]);
    tree.finish();
    for (let i = 0; i < vertexCount; i++) {
      const near = tree.within(PX[i], PY[i], tolerance);
      for (const k of near) {
        const ri = find(i);
        const rk = find(k);
        if (ri === rk) continue;
        if (rank[ri] < rank[rk]) parent[rk] = ri;
        else parent[ri] = rk;
      }
    }
    // a root is the first-ranked vertex of its cluster, so it is met before the rest
    for (let r = 0; r < vertexCount; r++) {
      const i = order[r];
      const root = find(i);
      if (nodeOf[root] < 0) nodeOf[root] = nodeCount++;
      nodeOf[i] = nodeOf[root];
    }
  } else {
    for (let r = 0; r < vertexCount; r++) {
      const i = order[r];
      if (r > 0) {
        const prev = order[r - 1];
        if (X[prev] === X[i] && Y[prev] === Y[i]) {
          nodeOf[i] = nodeOf[prev];
          continue;
        }
      }
      nodeOf[i] = nodeCount++;
    }
  }
  // renumber the nodes along a Z-order curve of their planar position: nodes near each other
  // get near numbers, so a search touches nearby memory
  const firstX = new Float64Array(nodeCount);
  const firstY = new Float64Array(nodeCount);
  const firstVertex = new Int32Array(nodeCount).fill(-1);
  for (let r = 0; r < vertexCount; r++) {
    const i = order[r];
    const u = nodeOf[i];
    if (firstVertex[u] >= 0) continue;
    firstVertex[u] = i;
    firstX[u] = PX[i];
    firstY[u] = PY[i];
  }
  const rank = zOrderRank(firstX, firstY);
  const nodeX = new Float64Array(nodeCount);
  const nodeY = new Float64Array(nodeCount);
  const planeX = lonlat ? new Float64Array(nodeCount) : nodeX;
  const planeY = lonlat ? new Float64Array(nodeCount) : nodeY;
  for (let u = 0; u < nodeCount; u++) {
    const i = firstVertex[u];
    const w = rank[u];
    nodeX[w] = X[i];
    nodeY[w] = Y[i];
    if (lonlat) {
      planeX[w] = PX[i];
      planeY[w] = PY[i];
    }
  }
  for (let i = 0; i < vertexCount; i++) nodeOf[i] = rank[nodeOf[i]];

  // segments: consecutive vertices on distinct nodes
  let segCap = 0;
  for (let l = 0; l < lineCount; l++) segCap += lineStart[l + 1] - lineStart[l] - 1;
  let segA = new Int32Array(segCap);
  let segB = new Int32Array(segCap);
  let segLength = new Float64Array(segCap);
  let segDir = new Int8Array(segCap);
  let segFeature = new Int32Array(segCap);
  let S = 0;
  for (let l = 0; l < lineCount; l++) {
    const fi = lineFeature[l];
    for (let k = lineStart[l]; k < lineStart[l + 1] - 1; k++) {
      const a = nodeOf[k];
      const b = nodeOf[k + 1];
      if (a === b) continue;
      segA[S] = a;
      segB[S] = b;
      segLength[S] = lonlat ? haversine(nodeX[a], nodeY[a], nodeX[b], nodeY[b]) : Math.hypot(nodeX[b] - nodeX[a], nodeY[b] - nodeY[a]);
      segDir[S] = featDir[fi];
      segFeature[S] = fi;
      S++;
    }
  }
  if (S === 0) {
    issues.add("features", "the roads have no segment of positive length");
    issues.throwIfAny("invalid road network");
  }
  if (S < segCap) {
    segA = segA.slice(0, S);
    segB = segB.slice(0, S);
    segLength = segLength.slice(0, S);
    segDir = segDir.slice(0, S);
    segFeature = segFeature.slice(0, S);
  }

  // travel times, when every road has a speed
  const without: number[] = [];
  if (defaultSpeed === undefined) for (let fi = 0; fi < F; fi++) if (Number.isNaN(featSpeed[fi])) without.push(fi);
  let segTime: Float64Array | null = null;
  if (without.length === 0) {
    segTime = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      const sp = featSpeed[segFeature[s]];
      segTime[s] = (segLength[s] * 0.06) / (Number.isNaN(sp) ? (defaultSpeed as number) : sp);
    }
  }

  // arcs
  let arcs = 0;
  for (let s = 0; s < S; s++) arcs += segDir[s] === 0 ? 2 : 1;
  const tail = new Int32Array(arcs);
  const head = new Int32Array(arcs);
  const aLen = new Float64Array(arcs);
  const aTime = segTime ? new Float64Array(arcs) : null;
  let e = 0;
  for (let s = 0; s < S; s++) {
    const d = segDir[s];
    if (d >= 0) {
      tail[e] = segA[s];
      head[e] = segB[s];
      aLen[e] = segLength[s];
      if (aTime) aTime[e] = (segTime as Float64Array)[s];
      e++;
    }
    if (d <= 0) {
      tail[e] = segB[s];
      head[e] = segA[s];
      aLen[e] = segLength[s];
      if (aTime) aTime[e] = (segTime as Float64Array)[s];
      e++;
    }
  }
  const graph = graphFromArcs(nodeCount, tail, head, aLen, aTime);

  const { count: componentCount, component } = weakComponents(nodeCount, segA, segB);
  const componentLength = new Float64Array(componentCount);
  let totalLength = 0;
  for (let s = 0; s < S; s++) {
    componentLength[component[segA[s]]] += segLength[s];
    totalLength += segLength[s];
  }

  return {
    kind: "road-network",
    coords,
    featureCount: F,
    nodeCount,
    nodeX,
    nodeY,
    planeX,
    planeY,
    projection,
    segmentCount: S,
    segA,
    segB,
    segLength,
    segTime,
    segDir,
    segFeature,
    graph,
    componentCount,
    component,
    componentLength,
    totalLength,
    featuresWithoutSpeed: Int32Array.from(without),
  };
}

/** Each point's rank along a Z-order (Morton) curve over the points' bounding box (ties by index). */
export function zOrderRank(xs: Float64Array, ys: Float64Array): Int32Array {
  const count = xs.length;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let u = 0; u < count; u++) {
    if (xs[u] < minX) minX = xs[u];
    if (xs[u] > maxX) maxX = xs[u];
    if (ys[u] < minY) minY = ys[u];
    if (ys[u] > maxY) maxY = ys[u];
  }
  const sx = 65535 / Math.max(maxX - minX, 1e-9);
  const sy = 65535 / Math.max(maxY - minY, 1e-9);
  const spread = (v: number) => {
    v = (v | (v << 8)) & 0x00ff00ff;
    v = (v | (v << 4)) & 0x0f0f0f0f;
    v = (v | (v << 2)) & 0x33333333;
    return (v | (v << 1)) & 0x55555555;
  };
  const code = new Float64Array(count);
  for (let u = 0; u < count; u++) {
    const qx = Math.min(65535, Math.floor((xs[u] - minX) * sx));
    const qy = Math.min(65535, Math.floor((ys[u] - minY) * sy));
    code[u] = (spread(qx) | (spread(qy) << 1)) >>> 0;
  }
  const rank = new Int32Array(count);
  if (count <= 2 ** 21) {
    // packed keys (code · 2^21 + index) sort natively, exactly
    const keys = new Float64Array(count);
    for (let u = 0; u < count; u++) keys[u] = code[u] * 2 ** 21 + u;
    keys.sort();
    for (let r = 0; r < count; r++) rank[keys[r] % 2 ** 21] = r;
  } else {
    const idx = Array.from({ length: count }, (_, u) => u);
    idx.sort((a, b) => code[a] - code[b] || a - b);
    for (let r = 0; r < count; r++) rank[idx[r]] = r;
  }
  return rank;
}

function featureList(input: unknown): readonly unknown[] | null {
  if (Array.isArray(input)) return input;
  if (typeof input === "object" && input !== null) {
    const o = input as { type?: unknown; features?: unknown };
    if (o.type === "FeatureCollection" && Array.isArray(o.features)) return o.features;
    if (o.type === "Feature" || o.type === "LineString" || o.type === "MultiLineString") return [input];
  }
  return null;
}

function checkLine(line: unknown, path: string, lonlat: boolean, issues: IssueList): boolean {
  if (!Array.isArray(line)) {
    issues.add(path, "expected an array of positions [x, y]", line);
    return false;
  }
  if (line.length < 2) {
    issues.add(path, "a line needs at least 2 positions", line);
    return false;
  }
  let ok = true;
  for (let k = 0; k < line.length; k++) {
    const p = line[k] as unknown;
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== "number" || typeof p[1] !== "number" || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      issues.add(`${path}[${k}]`, "expected a position [x, y] of finite numbers", p);
      ok = false;
    } else if (lonlat && (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90)) {
      issues.add(`${path}[${k}]`, "expected [longitude, latitude] in degrees (longitude within ±180, latitude within ±90); are these x/y metres?", p);
      ok = false;
    }
    if (!ok && issues.size >= MAX_ISSUES) break;
  }
  return ok;
}

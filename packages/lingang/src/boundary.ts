/**
 * APPROXIMATE boundary of the Lingang Special Area (中国(上海)自由贸易试验区临港新片区), WGS84.
 *
 * No official outline is available offline (FACTS.md §6), so every vertex below is TRACED BY HAND
 * from the documented points and extents in FACTS.md §1–2 (grade E: ±1–4 km), then adjusted so
 * that `turf.area` of each zone comes within a few per cent of the plan's figures:
 * - whole area 873 km² (plan §一 "全域面积873平方公里", grade S),
 * - mainland part south of the Dazhi River and east of Jinhui Port ≈ 830 km² (S2),
 * - focus zone 386 km² (plan §一 "产城融合区,面积为386平方公里"),
 * - first-start zone 119.5 km² (plan §一 "先行启动的……面积为119.5平方公里").
 * The split of the remaining 43 km² (D) between the airport-south strip (≈ 30 km²) and
 * Xiaoyangshan (≈ 13 km²) is an estimate (E).
 * Sub-zones share the outer vertices exactly, so first-start ⊂ focus ⊂ all by construction.
 * Do not use these polygons for anything but synthetic benchmarks.
 */
import type { Feature, FeatureCollection, MultiPolygonGeometry, PolygonGeometry, Position } from "./geojson.js";
import { area } from "@turf/area";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { M_PER_DEG_LAT, M_PER_DEG_LON } from "./projection.js";

export type ZoneName = "first-start" | "focus" | "all";
export const ZONES: readonly ZoneName[] = ["first-start", "focus", "all"];

/** The plan's stated areas in km² (plan §一; the mainland figure is S2, FACTS.md §1). */
export const STATED_AREA_KM2 = {
  all: 873,
  focus: 386,
  "first-start": 119.5,
  mainland: 830,
  airportSouthAndXiaoyangshan: 43,
} as const;

// ---- mainland (S of the Dazhi River, E of Jinhui Port) -------------------------------------
// North edge: the Dazhi River, ≈ 31.035 N at Jinhui Port falling to ≈ 30.99 N at its mouth (FACTS §1, E).
const NORTH: Position[] = [
  [121.5, 31.035], [121.56, 31.031], [121.62, 31.027], [121.68, 31.021],
  [121.752, 31.013], // focus-zone cut meets the Dazhi River here
  [121.8, 31.007], [121.86, 31.0], [121.91, 30.994], [121.945, 30.989],
];
// East coast (East China Sea) south to 南汇嘴 (≈ 121.975 E), then the Hangzhou Bay coast west past
// 芦潮港 (121.845, 30.853) to Jinhui Port (FACTS §1–2, E).
const COAST: Position[] = [
  [121.952, 30.975], [121.958, 30.958],
  [121.964, 30.942], // first-start cut meets the east coast here
  [121.967, 30.935], [121.973, 30.915], [121.978, 30.895], [121.978, 30.88],
  [121.968, 30.868], [121.95, 30.86], [121.925, 30.853], [121.9, 30.851], [121.87, 30.853],
  [121.845, 30.854],
  [121.823, 30.851], // first-start cut meets the bay coast here
  [121.815, 30.8505], [121.8, 30.849], [121.79, 30.849], [121.76, 30.848],
  [121.749, 30.847], // focus-zone cut meets the bay coast here
  [121.72, 30.845], [121.68, 30.842], [121.64, 30.839], [121.6, 30.836],
  [121.56, 30.833], [121.53, 30.83], [121.505, 30.829],
];
// West edge: Jinhui Port, ≈ 121.50 E (FACTS §1, E).
const WEST: Position[] = [[121.502, 30.88], [121.5, 30.95]];

/** The focus zone's western limit on the mainland ("原临港地区", E): from the bay coast north to the Dazhi River. */
const FOCUS_CUT: Position[] = [[121.749, 30.847], [121.742, 30.9], [121.745, 30.96], [121.752, 31.013]];
/**
 * The first-start zone's limit on the mainland (E): 南汇新城 around Dishui Lake plus the
 * 临港装备产业区 to its west, from the bay coast at 121.823 E north and east round the new city to
 * the east coast.
 */
const FIRST_START_CUT: Position[] = [
  [121.823, 30.851], [121.823, 30.881], [121.848, 30.888], [121.876, 30.9], [121.892, 30.917],
  [121.912, 30.927], [121.94, 30.933], [121.964, 30.942],
];

// ---- airport-south strip (S of Pudong airport, N of 惠南/老港; ≈ 121.78–121.88 E, 31.05–31.11 N, FACTS §1, E)
const AIRPORT_SOUTH: Position[] = [
  [121.782, 31.062], [121.81, 31.056],
  [121.843, 31.0525], // first-start part starts here (E)
  [121.86, 31.052], [121.879, 31.058], [121.877, 31.082], [121.855, 31.087],
  [121.843, 31.0875], // first-start part ends here (E)
  [121.8, 31.088], [121.784, 31.083],
];
const AIRPORT_SOUTH_FS_CUT: Position[] = [[121.843, 31.0875], [121.843, 31.0525]];

// ---- Xiaoyangshan (小洋山) and its port land, around Yangshan Port 122.067 E 30.617 N (S); outline E
const XIAOYANGSHAN: Position[] = [
  [122.015, 30.627], [122.04, 30.621], [122.065, 30.612], [122.09, 30.612], [122.096, 30.62],
  [122.085, 30.629], [122.06, 30.633], [122.035, 30.637], [122.018, 30.635],
];

function indexOf(ring: Position[], p: Position): number {
  const k = ring.findIndex((q) => q[0] === p[0] && q[1] === p[1]);
  if (k < 0) throw new Error(`vertex ${p} not on ring`);
  return k;
}
/** The part of `ring` from `from` forward to `to` (inclusive), closed by `cut` run backwards (to → from). */
function slice(ring: Position[], from: Position, to: Position, cut: Position[]): Position[] {
  const a = indexOf(ring, from);
  const b = indexOf(ring, to);
  const out: Position[] = [];
  for (let k = a; ; k = (k + 1) % ring.length) {
    out.push(ring[k]);
    if (k === b) break;
  }
  // cut runs from→to or to→from; append its interior vertices going back from `to` to `from`
  const c = cut[0][0] === to[0] && cut[0][1] === to[1] ? cut : [...cut].reverse();
  for (let k = 1; k < c.length - 1; k++) out.push(c[k]);
  return out;
}
/** Closes a ring and orients it counter-clockwise (RFC 7946 right-hand rule for exterior rings). */
function close(ring: Position[]): Position[] {
  let s = 0;
  for (let k = 0; k < ring.length; k++) {
    const [x1, y1] = ring[k];
    const [x2, y2] = ring[(k + 1) % ring.length];
    s += (x2 - x1) * (y2 + y1);
  }
  const r = s > 0 ? [...ring].reverse() : [...ring]; // s > 0: clockwise
  return [...r.map((p) => [p[0], p[1]] as Position), [r[0][0], r[0][1]]];
}

const MAINLAND: Position[] = [...NORTH, ...COAST, ...WEST];
const FOCUS_MAINLAND = slice(MAINLAND, FOCUS_CUT[3], FOCUS_CUT[0], FOCUS_CUT);
const FIRST_START_MAINLAND = slice(MAINLAND, FIRST_START_CUT[FIRST_START_CUT.length - 1], FIRST_START_CUT[0], FIRST_START_CUT);
const FIRST_START_AIRPORT = slice(AIRPORT_SOUTH, AIRPORT_SOUTH_FS_CUT[1], AIRPORT_SOUTH_FS_CUT[0], AIRPORT_SOUTH_FS_CUT);

/** Each zone as a list of simple polygons (one exterior ring each, closed, CCW). */
export const ZONE_POLYGONS: Record<ZoneName, Position[][]> = {
  all: [close(MAINLAND), close(AIRPORT_SOUTH), close(XIAOYANGSHAN)],
  focus: [close(FOCUS_MAINLAND), close(AIRPORT_SOUTH), close(XIAOYANGSHAN)],
  "first-start": [close(FIRST_START_MAINLAND), close(FIRST_START_AIRPORT), close(XIAOYANGSHAN)],
};

/** Names of the parts, in the order of `ZONE_POLYGONS[zone]`. */
export const PART_NAMES = ["mainland", "airport-south", "xiaoyangshan"] as const;

export interface ZoneProperties {
  zone: ZoneName;
  name: string;
  statedAreaKm2: number;
  approximate: true;
  source: string;
}

const ZONE_LABEL: Record<ZoneName, { name: string; source: string }> = {
  all: { name: "临港新片区 全域 (whole area)", source: "plan §一 规划背景: 大治河以南、金汇港以东以及小洋山岛、浦东国际机场南侧区域,全域面积873平方公里" },
  focus: { name: "产城融合区 (focus zone)", source: "plan §一 规划背景: 原临港地区、机场南侧、小洋山岛范围所形成的产城融合区,面积为386平方公里" },
  "first-start": { name: "先行启动区 (first-start zone)", source: "plan §一 规划背景: 南汇新城、临港装备产业区、小洋山岛和机场南侧等区域,面积为119.5平方公里" },
};

/** One zone as a GeoJSON MultiPolygon feature (approximate, traced; see the module comment). */
export function zoneFeature(zone: ZoneName): Feature<MultiPolygonGeometry, ZoneProperties> {
  return {
    type: "Feature",
    id: zone,
    geometry: { type: "MultiPolygon", coordinates: ZONE_POLYGONS[zone].map((r) => [r.map((p) => [p[0], p[1]] as Position)]) },
    properties: { zone, name: ZONE_LABEL[zone].name, statedAreaKm2: STATED_AREA_KM2[zone], approximate: true, source: ZONE_LABEL[zone].source },
  };
}

/** The three zones (all, focus, first-start) as a FeatureCollection of MultiPolygons. */
export function lingangBoundary(): FeatureCollection<MultiPolygonGeometry, ZoneProperties> {
  return { type: "FeatureCollection", features: ZONES.slice().reverse().map(zoneFeature) };
}

// ---- Dishui Lake ---------------------------------------------------------------------------
/** Dishui Lake 滴水湖: circular, 5.56 km² (S), centre ≈ 121.932 E, 30.900 N (D ±0.5 km). */
export const DISHUI_LAKE = {
  lon: 121.932,
  lat: 30.9,
  areaKm2: 5.56,
  /** radius in metres of a circle of 5.56 km² */
  radiusM: Math.sqrt(5.56e6 / Math.PI),
};

/** Dishui Lake as a 96-gon whose area equals the lake's 5.56 km². */
export function dishuiLakePolygon(vertices = 96): Feature<PolygonGeometry, { name: string; areaKm2: number }> {
  // a regular n-gon with the circle's area: r_n = r * sqrt((pi/n) / sin(pi/n) / cos(pi/n))
  const t = Math.PI / vertices;
  const rn = DISHUI_LAKE.radiusM * Math.sqrt(t / (Math.sin(t) * Math.cos(t)));
  const ring: Position[] = [];
  for (let k = 0; k < vertices; k++) {
    const a = (2 * Math.PI * k) / vertices;
    ring.push([
      +(DISHUI_LAKE.lon + (rn * Math.cos(a)) / M_PER_DEG_LON).toFixed(6),
      +(DISHUI_LAKE.lat + (rn * Math.sin(a)) / M_PER_DEG_LAT).toFixed(6),
    ]);
  }
  ring.push([ring[0][0], ring[0][1]]);
  return { type: "Feature", id: "dishui-lake", geometry: { type: "Polygon", coordinates: [ring] }, properties: { name: "滴水湖 Dishui Lake", areaKm2: 5.56 } };
}

/** Whether a lon/lat point lies inside a zone (turf.booleanPointInPolygon on the traced polygons). */
export function pointInZone(lon: number, lat: number, zone: ZoneName): boolean {
  return ZONE_POLYGONS[zone].some((ring) => booleanPointInPolygon([lon, lat], { type: "Polygon", coordinates: [ring] }));
}

/** `turf.area` of a zone's traced polygons, in km². */
export function zoneAreaKm2(zone: ZoneName): number {
  return area(zoneFeature(zone)) / 1e6;
}

/**
 * A deterministic, SYNTHETIC population grid for the Lingang Special Area, calibrated to the
 * documented totals (FACTS.md §3). It is not survey data: every number comes from a stated
 * assumption (`assumptions.ts`) and a seeded PRNG (mulberry32 from @siting/core).
 *
 * Method, per (year, resolution):
 * 1. Square cells in a local metric projection; a cell belongs to a zone when its centre lies inside
 *    the traced zone polygon (scanline fill, exact for the centre test).
 * 2. Water: Dishui Lake (circle, 5.56 km²) plus synthetic meandering channels (ridges of smooth
 *    value noise) so that ≈ 8.8 % of the mainland is water. Water cells have no residents.
 * 3. Industrial polygons (装备产业区, Tesla area, Yangshan port): no residents.
 * 4. Raw density per land cell = new-city ring around the lake (built / open blocks) + Gaussian
 *    town-seat bumps + villages (noise-modulated 100–600/km²) + the university-town students.
 * 5. Towns by nearest seat (Voronoi within each part of the boundary). Each town's urban
 *    components are scaled so the town total hits its target exactly (villages keep their density;
 *    students are placed as an absolute number); integers by largest remainder.
 * 6. Aged 60+ and children by school level: shares by land use (see ASSUMPTIONS), kept as
 *    expected (fractional) counts.
 */
import { ASSUMPTIONS, TOWN_RESIDENTS } from "./assumptions.js";
import { DISHUI_LAKE, PART_NAMES, ZONE_POLYGONS, type ZoneName } from "./boundary.js";
import { CAMPUS, INDUSTRIAL_ZONES } from "./landuse.js";
import { ageBandShare, SCHOOL_AGES } from "./cohorts.js";
import { ValueNoise } from "./noise.js";
import { SEATS, TOWNS, type TownId } from "./places.js";
import { toLat, toLon, toX, toY } from "./projection.js";
import { fillRing, type GridLayout } from "./scanline.js";

export type Year = 2024 | 2035;
export type Resolution = 100 | 250 | 500;
export const YEARS: readonly Year[] = [2024, 2035];
export const RESOLUTIONS: readonly Resolution[] = [100, 250, 500];

export type LandUse = "water" | "industrial" | "newcity" | "campus" | "town" | "village" | "empty";
export type SchoolSystem = "6-3" | "5-4";

export interface GridCell {
  /** `r{resolution}-{column}-{row}`; columns/rows count from a fixed origin, so ids are stable. */
  id: string;
  /** cell centre, WGS84 */
  lon: number;
  lat: number;
  town: TownId;
  /** 0 = mainland, 1 = airport-south, 2 = Xiaoyangshan */
  part: 0 | 1 | 2;
  residents: number;
  /** expected number aged 60+ (fractional) */
  age60plus: number;
  /** expected children aged 3–5 (single-year cohorts by birth year, see cohorts.ts) */
  kindergarten: number;
  /** expected children of primary-school age (6–10 with the default "5-4" system, 6–11 with "6-3") */
  primary: number;
  /** expected children of middle-school age (11–14 with "5-4", 12–14 with "6-3") */
  middle: number;
  water: boolean;
  industrial: boolean;
  landUse: LandUse;
  focus: boolean;
  firstStart: boolean;
}

export interface GridOptions {
  year?: Year;
  zone?: ZoneName;
  resolution?: Resolution;
  /** Age bands for schools: "5-4" (Shanghai: primary 6–10, middle 11–14; default) or "6-3" (national: primary 6–11, middle 12–14). */
  schoolSystem?: SchoolSystem;
  /** PRNG seed of the noise fields (default 20210315, the plan's date). */
  seed?: number;
}

export interface Totals {
  residents: number;
  age60plus: number;
  kindergarten: number;
  primary: number;
  middle: number;
  cells: number;
  landCells: number;
}

export interface LingangGrid {
  year: Year;
  zone: ZoneName;
  resolution: Resolution;
  schoolSystem: SchoolSystem;
  seed: number;
  cellAreaKm2: number;
  /** cells whose centre is inside the zone, water cells included */
  cells: GridCell[];
  totals: Totals;
  byTown: Record<TownId, Totals>;
  /** share of the zone's cells that are water */
  waterShare: number;
  synthetic: true;
}

/** Shape parameters of the density model (all E; levels are then calibrated per town). */
export const DENSITY_MODEL = {
  /** σ multipliers per seat, × density.seat.sigma.{year}; 申港 is inside the new-city ring and has no bump */
  seatSpread: {
    shengang: 0, luchaogang: 0.9, nicheng: 1.5, shuyuan: 1.4, wanxiang: 1.1, datuan: 0.8, situan: 1.1, pingan: 0.8,
    fengcheng: 0.8, qingcun: 0.8, haiwan: 1.0, jinhui: 0.8, zhuqiao: 0.8, xiaoyangshan: 0.45,
  } as Record<string, number>,
  /** value-noise lattice spacings (m) */
  waterSpacing: [1_600, 650],
  /** half-width of the channel ridge |n − ½| < t, calibrated once so the mainland is ≈ 8.8 % water */
  waterRidge: 0.0167,
  builtSpacing: 380,
  villageSpacing: 800,
  /** new-city texture: built block when the noise exceeds this (fewer, denser built blocks in 2024) */
  builtThreshold: { 2024: 0.52, 2035: 0.4 },
} as const;

const DEFAULT_SEED = 20210315;

interface Base {
  layout: GridLayout;
  /** indices (into the layout) of cells inside the whole area */
  idx: Int32Array;
  zone: Uint8Array; // bit 1 all, 2 focus, 4 first-start
  part: Uint8Array;
  water: Uint8Array;
  industrial: Uint8Array;
  town: Uint8Array;
  residents: Int32Array;
  landUse: Uint8Array;
  x: Float64Array;
  y: Float64Array;
}

const LAND_USES: LandUse[] = ["water", "industrial", "newcity", "campus", "town", "village", "empty"];
const LU = { water: 0, industrial: 1, newcity: 2, campus: 3, town: 4, village: 5, empty: 6 } as const;

function boundsM(): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const ring of ZONE_POLYGONS.all) {
    for (const [lon, lat] of ring) {
      const x = toX(lon), y = toY(lat);
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return { minX, minY, maxX, maxY };
}

/** The grid layout for a resolution; the origin is a multiple of 500 m so 100/250/500 m grids nest. */
export function gridLayout(res: Resolution): GridLayout {
  const b = boundsM();
  const x0 = Math.floor(b.minX / 500) * 500;
  const y0 = Math.floor(b.minY / 500) * 500;
  return { x0, y0, nx: Math.ceil((b.maxX - x0) / res), ny: Math.ceil((b.maxY - y0) / res), res };
}

function buildBase(year: Year, res: Resolution, seed: number): Base {
  const layout = gridLayout(res);
  const { x0, y0, nx, ny } = layout;
  const N = nx * ny;
  const zoneMask = new Uint8Array(N);
  const partMask = new Uint8Array(N);
  const indMask = new Uint8Array(N);
  const bits: Record<ZoneName, number> = { all: 1, focus: 2, "first-start": 4 };
  for (const z of ["all", "focus", "first-start"] as ZoneName[]) for (const ring of ZONE_POLYGONS[z]) fillRing(layout, ring, zoneMask, bits[z]);
  fillRing(layout, ZONE_POLYGONS.all[1], partMask, 1);
  fillRing(layout, ZONE_POLYGONS.all[2], partMask, 2);
  for (const zoneP of INDUSTRIAL_ZONES) fillRing(layout, zoneP.ring, indMask, 1);

  let count = 0;
  for (let k = 0; k < N; k++) if (zoneMask[k] & 1) count++;
  const idx = new Int32Array(count);
  for (let k = 0, c = 0; k < N; k++) if (zoneMask[k] & 1) idx[c++] = k;

  const bx1 = x0 + nx * res, by1 = y0 + ny * res;
  const w1 = new ValueNoise(seed + 1, DENSITY_MODEL.waterSpacing[0], x0, y0, bx1, by1);
  const w2 = new ValueNoise(seed + 2, DENSITY_MODEL.waterSpacing[1], x0, y0, bx1, by1);
  const built = new ValueNoise(seed + 3, DENSITY_MODEL.builtSpacing, x0, y0, bx1, by1);
  const village = new ValueNoise(seed + 4, DENSITY_MODEL.villageSpacing, x0, y0, bx1, by1);

  const lakeX = toX(DISHUI_LAKE.lon), lakeY = toY(DISHUI_LAKE.lat);
  const campusX = toX(CAMPUS.lon), campusY = toY(CAMPUS.lat);
  const inner = ASSUMPTIONS["density.newcity.inner"].value;
  const outer = year === 2024 ? ASSUMPTIONS["density.newcity.outer.2024"].value : ASSUMPTIONS["density.newcity.outer.2035"].value;
  const fade = ASSUMPTIONS["density.newcity.fade"].value;
  const builtD = ASSUMPTIONS["density.newcity.built"].value;
  const openD = ASSUMPTIONS["density.newcity.open"].value;
  const seatPeak = ASSUMPTIONS["density.seat.peak"].value;
  const sigma0 = year === 2024 ? ASSUMPTIONS["density.seat.sigma.2024"].value : ASSUMPTIONS["density.seat.sigma.2035"].value;
  const villageD = ASSUMPTIONS["density.village"].value;
  const campusD = ASSUMPTIONS["density.campus"].value;
  const ridge = DENSITY_MODEL.waterRidge;

  const townIndex = new Map<TownId, number>(TOWNS.map((t, i) => [t.id, i]));
  const seats = SEATS.map((s) => ({
    x: toX(s.lon), y: toY(s.lat), town: townIndex.get(s.town)!,
    part: s.town === "zhuqiao" ? 1 : s.town === "xiaoyangshan" ? 2 : 0,
    sigma: sigma0 * (DENSITY_MODEL.seatSpread[s.id] ?? 1),
  }));

  const n = count;
  const x = new Float64Array(n), y = new Float64Array(n);
  const part = new Uint8Array(n), water = new Uint8Array(n), industrial = new Uint8Array(n), town = new Uint8Array(n), zone = new Uint8Array(n);
  const rawVillage = new Float64Array(n), rawUrban = new Float64Array(n), rawCampus = new Float64Array(n), rawCity = new Float64Array(n);
  const cellKm2 = (res * res) / 1e6;

  for (let c = 0; c < n; c++) {
    const k = idx[c];
    const i = k % nx, j = (k - i) / nx;
    const cx = x0 + (i + 0.5) * res, cy = y0 + (j + 0.5) * res;
    x[c] = cx;
    y[c] = cy;
    zone[c] = zoneMask[k];
    const p = partMask[k] & 2 ? 2 : partMask[k] & 1 ? 1 : 0;
    part[c] = p;
    // town: nearest seat of the same part
    let best = Infinity, bt = 0;
    for (const s of seats) {
      if (s.part !== p) continue;
      const d = (s.x - cx) ** 2 + (s.y - cy) ** 2;
      if (d < best) { best = d; bt = s.town; }
    }
    town[c] = bt;
    const dl = Math.hypot(cx - lakeX, cy - lakeY);
    const isLake = dl <= DISHUI_LAKE.radiusM;
    const n1 = 0.62 * w1.at(cx, cy) + 0.38 * w2.at(cx, cy);
    const isChannel = p !== 2 && Math.abs(n1 - 0.5) < ridge;
    if (isLake || isChannel) { water[c] = 1; continue; }
    if (indMask[k]) { industrial[c] = 1; continue; }
    // new-city ring weight
    let ring = 0;
    if (p === 0 && dl >= inner) ring = dl <= outer ? 1 : dl < outer + fade ? 1 - (dl - outer) / fade : 0;
    const inPark = p === 0 && dl < inner;
    const b = built.at(cx, cy);
    const city = ring * (b > DENSITY_MODEL.builtThreshold[year] ? builtD * (0.75 + 0.5 * b) : openD);
    let seat = 0;
    for (const s of seats) {
      if (s.part !== p || s.sigma === 0) continue;
      const d2 = (s.x - cx) ** 2 + (s.y - cy) ** 2;
      if (d2 < 16 * s.sigma * s.sigma) seat += seatPeak * Math.exp(-d2 / (2 * s.sigma * s.sigma));
    }
    const v = p === 2 || inPark ? 0 : villageD * (0.3 + 1.4 * village.at(cx, cy)) * (1 - ring);
    if (Math.hypot(cx - campusX, cy - campusY) <= CAMPUS.radiusM) {
      // campus land: student housing only
      rawCampus[c] = campusD * cellKm2;
      continue;
    }
    rawCity[c] = city * cellKm2;
    rawUrban[c] = (city + seat) * cellKm2;
    rawVillage[c] = v * cellKm2;
  }

  // ---- calibration per town ------------------------------------------------------------------
  const T = TOWNS.length;
  const students = year === 2024 ? ASSUMPTIONS["population.2024.students"].value : ASSUMPTIONS["population.2035.students"].value;
  let campusSum = 0;
  for (let c = 0; c < n; c++) campusSum += rawCampus[c];
  const campusScale = campusSum > 0 ? students / campusSum : 0;
  const V = new Float64Array(T), U = new Float64Array(T), C = new Float64Array(T);
  for (let c = 0; c < n; c++) {
    V[town[c]] += rawVillage[c];
    U[town[c]] += rawUrban[c];
    C[town[c]] += rawCampus[c] * campusScale;
  }
  const urbanScale = new Float64Array(T), villageScale = new Float64Array(T);
  const target = new Float64Array(T);
  TOWNS.forEach((t, ti) => {
    target[ti] = TOWN_RESIDENTS[year][t.id].value;
    const rest = target[ti] - C[ti];
    if (rest < 0) throw new Error(`town ${t.id}: students exceed the town total`);
    if (rest >= V[ti] && U[ti] > 0) {
      villageScale[ti] = 1;
      urbanScale[ti] = (rest - V[ti]) / U[ti];
    } else {
      const s = V[ti] + U[ti] > 0 ? rest / (V[ti] + U[ti]) : 0;
      villageScale[ti] = s;
      urbanScale[ti] = s;
    }
  });
  const expected = new Float64Array(n);
  const landUse = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    if (water[c]) { landUse[c] = LU.water; continue; }
    if (industrial[c]) { landUse[c] = LU.industrial; continue; }
    const t = town[c];
    const vil = rawVillage[c] * villageScale[t];
    const city = rawCity[c] * urbanScale[t];
    const seat = (rawUrban[c] - rawCity[c]) * urbanScale[t];
    const camp = rawCampus[c] * campusScale;
    expected[c] = vil + city + seat + camp;
    if (expected[c] <= 0) landUse[c] = LU.empty;
    else if (camp >= vil && camp >= city && camp >= seat) landUse[c] = LU.campus;
    else if (city >= vil && city >= seat) landUse[c] = LU.newcity;
    else if (seat >= vil) landUse[c] = LU.town;
    else landUse[c] = LU.village;
  }
  // integers by largest remainder, per town, so each town hits its target exactly
  const residents = new Int32Array(n);
  const order: number[][] = Array.from({ length: T }, () => []);
  const floorSum = new Float64Array(T), expSum = new Float64Array(T);
  for (let c = 0; c < n; c++) {
    residents[c] = Math.floor(expected[c]);
    floorSum[town[c]] += residents[c];
    expSum[town[c]] += expected[c];
    if (expected[c] > 0) order[town[c]].push(c);
  }
  const frac = new Float64Array(n);
  for (let c = 0; c < n; c++) frac[c] = expected[c] - residents[c];
  for (let t = 0; t < T; t++) {
    let left = Math.round(target[t] - floorSum[t]);
    const list = order[t];
    list.sort((a, b) => frac[b] - frac[a] || a - b);
    for (let q = 0; left > 0 && list.length > 0; q = (q + 1) % list.length, left--) residents[list[q]]++;
  }
  return { layout, idx, zone, part, water, industrial, town, residents, landUse, x, y };
}

/** Shares of residents aged 60+ and of each school level's ages, by land use; no children in the port and airport-south parts. */
function shares(year: Year, lu: number, part: number, system: SchoolSystem): { old: number; k: number; p: number; m: number } {
  const key = (c: string) => ASSUMPTIONS[`age.60plus.${c}.${year}` as keyof typeof ASSUMPTIONS].value;
  if (lu === LU.campus) return { old: ASSUMPTIONS["age.60plus.campus"].value, k: 0, p: 0, m: 0 };
  const old = lu === LU.newcity ? key("newcity") : lu === LU.town ? key("town") : key("village");
  const f = part !== 0 ? ASSUMPTIONS["children.factor.none"].value
    : ASSUMPTIONS[lu === LU.newcity ? "children.factor.newcity" : lu === LU.town ? "children.factor.town" : "children.factor.village"].value;
  const ages = SCHOOL_AGES[system];
  const band = (b: readonly [number, number]) => f * ageBandShare(year, b[0], b[1]);
  return { old, k: band(ages.kindergarten), p: band(ages.primary), m: band(ages.middle) };
}

const r2 = (v: number) => Math.round(v * 100) / 100;
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
function add(t: Totals, cell: GridCell): void {
  t.residents += cell.residents;
  t.age60plus += cell.age60plus;
  t.kindergarten += cell.kindergarten;
  t.primary += cell.primary;
  t.middle += cell.middle;
  t.cells++;
  if (!cell.water) t.landCells++;
}
const emptyTotals = (): Totals => ({ residents: 0, age60plus: 0, kindergarten: 0, primary: 0, middle: 0, cells: 0, landCells: 0 });

/**
 * The synthetic, calibrated population grid. Deterministic: the same options give the same
 * cells on every run. Town totals are exact for zone "all" (the calibration zone); the focus and
 * first-start zones are cut from the same grid.
 */
export function lingangGrid(options: GridOptions = {}): LingangGrid {
  const year = options.year ?? 2024;
  const zone = options.zone ?? "all";
  const resolution = options.resolution ?? 500;
  const schoolSystem = options.schoolSystem ?? "5-4";
  const seed = options.seed ?? DEFAULT_SEED;
  if (!YEARS.includes(year)) throw new Error(`year must be 2024 or 2035, got ${year}`);
  if (!RESOLUTIONS.includes(resolution)) throw new Error(`resolution must be 100, 250 or 500, got ${resolution}`);
  const bit = zone === "all" ? 1 : zone === "focus" ? 2 : zone === "first-start" ? 4 : 0;
  if (!bit) throw new Error(`zone must be first-start, focus or all, got ${zone}`);
  const b = buildBase(year, resolution, seed);
  const { layout } = b;
  const cells: GridCell[] = [];
  const totals = emptyTotals();
  const byTown = Object.fromEntries(TOWNS.map((t) => [t.id, emptyTotals()])) as Record<TownId, Totals>;
  const shareCache = new Map<number, ReturnType<typeof shares>>();
  let water = 0;
  for (let c = 0; c < b.idx.length; c++) {
    if (!(b.zone[c] & bit)) continue;
    const k = b.idx[c];
    const i = k % layout.nx, j = (k - i) / layout.nx;
    const lu = b.landUse[c];
    const shKey = lu * 4 + b.part[c];
    let sh = shareCache.get(shKey);
    if (!sh) shareCache.set(shKey, (sh = shares(year, lu, b.part[c], schoolSystem)));
    const res = b.residents[c];
    const town = TOWNS[b.town[c]].id;
    const cell: GridCell = {
      id: `r${resolution}-${i}-${j}`,
      lon: r6(toLon(b.x[c])),
      lat: r6(toLat(b.y[c])),
      town,
      part: b.part[c] as 0 | 1 | 2,
      residents: res,
      age60plus: r2(res * sh.old),
      kindergarten: r2(res * sh.k),
      primary: r2(res * sh.p),
      middle: r2(res * sh.m),
      water: b.water[c] === 1,
      industrial: b.industrial[c] === 1,
      landUse: LAND_USES[lu],
      focus: (b.zone[c] & 2) !== 0,
      firstStart: (b.zone[c] & 4) !== 0,
    };
    cells.push(cell);
    if (cell.water) water++;
    add(totals, cell);
    add(byTown[town], cell);
  }
  for (const t of [totals, ...Object.values(byTown)]) {
    t.age60plus = r2(t.age60plus);
    t.kindergarten = r2(t.kindergarten);
    t.primary = r2(t.primary);
    t.middle = r2(t.middle);
  }
  return {
    year, zone, resolution, schoolSystem, seed,
    cellAreaKm2: (resolution * resolution) / 1e6,
    cells, totals, byTown,
    waterShare: cells.length ? water / cells.length : 0,
    synthetic: true,
  };
}

export { PART_NAMES };

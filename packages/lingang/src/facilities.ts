/**
 * Facility sets: existing facilities (FACTS.md §5) and candidate sites (a lattice over built
 * cells plus the plan's named new/relocated community health centres). Every capacity and cost
 * comes from the ASSUMPTIONS table.
 */
import { ASSUMPTIONS } from "./assumptions.js";
import type { GridCell, LingangGrid, Year } from "./grid.js";
import { SEATS, type Grade, type TownId } from "./places.js";
import { toX, toY } from "./projection.js";

export type FacilityKind = "chc" | "hospital" | "kindergarten" | "primary" | "middle" | "eldercare" | "station";
export const FACILITY_KINDS: readonly FacilityKind[] = ["chc", "hospital", "kindergarten", "primary", "middle", "eldercare", "station"];

/** The unit of each kind's capacity. */
export const CAPACITY_UNIT: Record<FacilityKind, string> = {
  chc: "GPs",
  hospital: "beds",
  kindergarten: "seats",
  primary: "seats",
  middle: "seats",
  eldercare: "m² floor area",
  station: "residents",
};

export interface Facility {
  id: string;
  name: string;
  kind: FacilityKind;
  lon: number;
  lat: number;
  status: "existing" | "planned" | "under-construction";
  /** capacity in CAPACITY_UNIT[kind] */
  capacity?: number;
  /**
   * A town's facility whose town lies mostly outside the area (青村, 金汇): the scenario counts as
   * its capacity only the need of the town's cells inside the area, up to `capacity` (they keep
   * their places there; the rest serves the town outside).
   */
  partTown?: true;
  town?: TownId;
  /** grade of the point (location) */
  grade: Grade;
  source: string;
}

export interface Module {
  name: string;
  cost: number;
  capacity: number;
  /** Least load at opening (absolute); without it the plan's minimum use × capacity applies. */
  min?: number;
}

/** Size modules (name, cost in million CNY, capacity in CAPACITY_UNIT) offered at candidate sites. */
export function moduleMenu(kind: Exclude<FacilityKind, "hospital">): Module[] {
  const A = ASSUMPTIONS;
  switch (kind) {
    case "station":
      return [{ name: "station", cost: A["station.cost"].value, capacity: A["station.capacity"].value }];
    case "chc":
      return [
        { name: `health station (${A["chc.module.XS.gps"].value} GPs)`, cost: A["chc.module.XS.cost"].value, capacity: A["chc.module.XS.gps"].value },
        { name: `health station (${A["chc.module.S.gps"].value} GPs)`, cost: A["chc.module.S.cost"].value, capacity: A["chc.module.S.gps"].value },
        { name: `CHC (${A["chc.module.M.gps"].value} GPs)`, cost: A["chc.module.M.cost"].value, capacity: A["chc.module.M.gps"].value },
        { name: `CHC (${A["chc.module.L.gps"].value} GPs)`, cost: A["chc.module.L.cost"].value, capacity: A["chc.module.L.gps"].value },
      ];
    case "eldercare":
      return (["S", "M", "L"] as const).map((s) => ({
        name: `eldercare-${A[`eldercare.module.${s}`].value}m2`,
        cost: A[`eldercare.module.${s}.cost`].value,
        capacity: A[`eldercare.module.${s}`].value,
      }));
    default: {
      const sizes = (["S", "M", "L"] as const).map((s) => ({
        name: `${kind}-${A[`school.${kind}.module.${s}`].value} seats`,
        cost: A[`school.${kind}.module.${s}.cost`].value,
        capacity: A[`school.${kind}.module.${s}`].value,
      }));
      // middle schools: a 16-class school (or the middle section of a 九年一贯制 school) for the edges
      // and the middle section of an 18-class one for village and edge catchments
      if (kind === "middle") {
        sizes.unshift(
          { name: `middle-${A["school.middle.module.XXS"].value} seats`, cost: A["school.middle.module.XXS.cost"].value, capacity: A["school.middle.module.XXS"].value },
          { name: `middle-${A["school.middle.module.XS"].value} seats`, cost: A["school.middle.module.XS.cost"].value, capacity: A["school.middle.module.XS"].value },
        );
      }
      return sizes;
    }
  }
}

/** The one expansion an existing facility may take (none for stations). */
export function expansionModules(kind: Exclude<FacilityKind, "hospital">): Module[] {
  const A = ASSUMPTIONS;
  switch (kind) {
    case "station":
      return [];
    case "chc":
      return [{ name: `+${A["chc.expansion.gps"].value} GPs`, cost: A["chc.expansion.cost"].value, capacity: A["chc.expansion.gps"].value }];
    case "eldercare":
      return [{ name: `+${A["eldercare.expansion"].value} m²`, cost: A["eldercare.expansion.cost"].value, capacity: A["eldercare.expansion"].value }];
    default:
      return [{ name: `+${A[`school.${kind}.expansion`].value} seats`, cost: A[`school.${kind}.expansion.cost`].value, capacity: A[`school.${kind}.expansion`].value }];
  }
}

/**
 * Seats assumed to host one existing CHC each: FACTS §5's nine (南汇新城 (芦潮港), 泥城, 书院, 万祥,
 * 大团, 四团, 平安, 海湾, 奉城) and, by the same rule (“one existing CHC at each town seat”), the
 * two Fengxian towns FACTS §1 lists as touched whose seats (FACTS §2, E ±4 km) lie inside the traced
 * boundary, 青村 and 金汇. Without them their 12,000 residents (all 608 cells at 500 m) were served
 * by other towns' facilities up to 18.7 km away — every Shanghai town has its own CHC and schools.
 */
const CHC_SEATS = ["luchaogang", "nicheng", "shuyuan", "wanxiang", "datuan", "situan", "pingan", "haiwan", "fengcheng", "qingcun", "jinhui"];
/** Seats of towns mostly outside the area: their facilities serve the whole town (`Facility.partTown`). */
const PART_TOWN_SEATS = new Set(["qingcun", "jinhui"]);
/** Seats assumed to host one existing school of each level, one elder-care centre and one doorstep station (E): the CHC seats plus 申港. */
const SERVICE_SEATS = ["shengang", ...CHC_SEATS];

function seat(id: string) {
  const s = SEATS.find((q) => q.id === id);
  if (!s) throw new Error(`unknown seat ${id}`);
  return s;
}

/**
 * Existing facilities in `year` (2024 default). In 2035 the facilities under construction or
 * planned in 2024 (Pudong Hospital Lingang branch, 华二附中临港) count as existing.
 */
export function existingFacilities(year: Year = 2024): Facility[] {
  const A = ASSUMPTIONS;
  const out: Facility[] = [];
  for (const id of CHC_SEATS) {
    const s = seat(id);
    const part = PART_TOWN_SEATS.has(id);
    out.push({
      id: `chc-${id}`, name: `${s.name.split(" ")[0]} 社区卫生服务中心 (assumed at the seat)`, kind: "chc", lon: s.lon, lat: s.lat,
      status: "existing", capacity: A["chc.existing.gps"].value, town: s.town, grade: "E", ...(part ? { partTown: true as const } : {}),
      source: `FACTS §5: one existing CHC assumed at each town seat (E${part ? "; FACTS §5's list omits this seat, which lies inside the traced boundary: the same rule applied" : ""}); capacity: ASSUMPTIONS chc.existing.gps`,
    });
  }
  out.push({
    id: "hospital-liuyuan", name: "上海市第六人民医院临港院区 (六院临港院区)", kind: "hospital", lon: 121.902, lat: 30.905,
    status: "existing", capacity: A["hospital.liuyuan.beds"].value, town: "nanhui-xincheng", grade: "E",
    source: "600 beds S (FACTS §2); plan §四(二)4/6 “市六医院临港院区”; point E ±1.5 km",
  });
  out.push({
    id: "hospital-pudong-lingang", name: "复旦大学附属浦东医院 临港院区 (planned 2025)", kind: "hospital", lon: 121.8, lat: 30.93,
    status: year === 2035 ? "existing" : "planned", capacity: A["hospital.pudong.beds"].value, town: "wanxiang", grade: "E",
    source: "700 beds, due 2025: S (FACTS §2); point E ±4 km",
  });
  const levels = ["kindergarten", "primary", "middle"] as const;
  const levelName = { kindergarten: "幼儿园", primary: "中心小学", middle: "中学" };
  for (const id of SERVICE_SEATS) {
    const s = seat(id);
    const part = PART_TOWN_SEATS.has(id) ? { partTown: true as const } : {};
    const short = s.name.split(" ")[0];
    for (const lvl of levels) {
      out.push({
        id: `${lvl}-${id}`, name: `${short} ${levelName[lvl]} (assumed at the seat)`, kind: lvl, lon: s.lon, lat: s.lat,
        status: "existing", capacity: A[`school.${lvl}.existing.seats`].value, town: s.town, grade: "E", ...part,
        source: `E: one ${lvl} school assumed at each town seat; capacity: ASSUMPTIONS school.${lvl}.existing.seats`,
      });
    }
    out.push({
      id: `eldercare-${id}`, name: `${short} 社区综合为老服务中心 (assumed at the seat)`, kind: "eldercare", lon: s.lon, lat: s.lat,
      status: "existing", capacity: A["eldercare.existing.m2"].value, town: s.town, grade: "E", ...part,
      source: "E: one community elder-care centre assumed at each town seat; capacity: ASSUMPTIONS eldercare.existing.m2",
    });
    out.push({
      id: `station-${id}`, name: `${short} 家门口服务站 (assumed at the seat)`, kind: "station", lon: s.lon, lat: s.lat,
      status: "existing", capacity: A["station.capacity"].value, town: s.town, grade: "E", ...part,
      source: "E: one doorstep service station assumed at each town seat (ASSUMPTIONS station.existing, station.capacity)",
    });
  }
  out.push({
    id: "middle-shzx-east", name: "上海中学东校 (junior section)", kind: "middle", lon: 121.9, lat: 30.92,
    status: "existing", capacity: A["school.shzx-east.seats"].value, town: "nanhui-xincheng", grade: "E",
    source: "existence S (FACTS §2; plan §四(一)1 “加快建设上海中学东校高中部”); point E ±3 km; seats E",
  });
  out.push({
    id: "middle-hsefz-lingang", name: "华东师范大学第二附属中学 临港校区 (junior section assumed)", kind: "middle", lon: 121.62, lat: 30.86,
    status: year === 2035 ? "existing" : "under-construction", capacity: A["school.hsefz-lingang.seats"].value, town: "haiwan", grade: "E",
    source: "under construction S (FACTS §2; plan §四(一)1 “华师大二附中临港校区”); in the Fengxian part (海湾); point E ±4 km; seats E",
  });
  return out;
}

export interface CandidateSite {
  id: string;
  name: string;
  kind: Exclude<FacilityKind, "hospital">;
  lon: number;
  lat: number;
  /** opening cost (million CNY) when opened without a size choice: the smallest module, or the station cost */
  cost: number;
  modules?: Module[];
  origin: "lattice" | "plan" | "under-construction";
  town: TownId;
  source: string;
}

export interface CandidateOptions {
  /** lattice spacing in metres (default 500), a multiple of the grid resolution */
  spacing?: number;
  /** a cell is "built" when it is land (not water, not industrial) with at least this many residents (default 1) */
  minResidents?: number;
}

/**
 * Default lattice spacing for a service radius: 500 m (FACTS §5), reduced for small radii so
 * that every built cell has a candidate within the radius (the cell centres of one s × s block
 * are at most (s − r)·√2 apart): s = min(500, r·⌊(r + radius/√2) / r⌋).
 */
export function defaultSpacing(resolution: number, radius: number): number {
  return Math.max(resolution, Math.min(500, resolution * Math.floor((resolution + radius / Math.SQRT2) / resolution)));
}

/** The plan's new/relocated CHCs (plan §四(二)5); exact sites unknown, placed at the seats (E). */
const PLAN_CHCS = [
  { id: "shengang", name: "申港社区卫生服务中心 (new, plan §四(二)5)" },
  { id: "wanxiang", name: "万祥社区卫生服务中心 (new/relocated, plan §四(二)5)" },
  { id: "shuyuan", name: "书院社区卫生服务中心 (new/relocated, plan §四(二)5)" },
  { id: "pingan", name: "四团平安社区卫生服务中心 (new/relocated, plan §四(二)5)" },
];

/**
 * Candidate sites of one kind over a grid: in every `spacing` × `spacing` block, the built cell
 * nearest the block centre; plus, for CHCs, the plan's four named projects, and for middle
 * schools in 2024 the 华二附中临港 campus under construction.
 */
export function candidateSites(grid: LingangGrid, kind: CandidateSite["kind"], options: CandidateOptions = {}): CandidateSite[] {
  const spacing = options.spacing ?? 500;
  const minResidents = options.minResidents ?? ASSUMPTIONS["candidates.minResidents"].value;
  if (!(spacing > 0) || spacing % grid.resolution !== 0) throw new Error(`spacing must be a positive multiple of the grid resolution (${grid.resolution} m), got ${spacing}`);
  const modules = moduleMenu(kind);
  const cost = Math.min(...modules.map((m) => m.cost));
  const best = new Map<string, { cell: GridCell; d: number }>();
  for (const cell of grid.cells) {
    if (cell.water || cell.industrial || cell.residents < minResidents) continue;
    const x = toX(cell.lon), y = toY(cell.lat);
    const bi = Math.floor(x / spacing), bj = Math.floor(y / spacing);
    const d = (x - (bi + 0.5) * spacing) ** 2 + (y - (bj + 0.5) * spacing) ** 2;
    const key = `${bi}_${bj}`;
    const cur = best.get(key);
    if (!cur || d < cur.d - 1e-9 || (Math.abs(d - cur.d) <= 1e-9 && cell.id < cur.cell.id)) best.set(key, { cell, d });
  }
  const out: CandidateSite[] = [];
  if (kind === "chc") {
    const f = ASSUMPTIONS["chc.plan.costFactor"].value;
    for (const p of PLAN_CHCS) {
      const s = seat(p.id);
      out.push({
        id: `plan-chc-${p.id}`, name: p.name, kind, lon: s.lon, lat: s.lat,
        cost: +(cost * f).toFixed(3), modules: modules.map((m) => ({ ...m, cost: +(m.cost * f).toFixed(3) })),
        origin: "plan", town: s.town,
        source: "plan §四(二)5 “加快推进申港、万祥和书院、四团平安等社区卫生服务中心新建和迁建工程项目”; site unknown, placed at the seat (E); cost × chc.plan.costFactor",
      });
    }
  }
  if (kind === "middle" && grid.year === 2024) {
    const e = existingFacilities(2024).find((q) => q.id === "middle-hsefz-lingang")!;
    out.push({
      id: "uc-middle-hsefz-lingang", name: e.name, kind, lon: e.lon, lat: e.lat, cost: 0,
      modules: [{ name: "hsefz-lingang", cost: 0, capacity: e.capacity! }], origin: "under-construction", town: "haiwan",
      source: `${e.source}; already funded: cost 0`,
    });
  }
  const keys = [...best.keys()].sort((a, b) => {
    const [ai, aj] = a.split("_").map(Number);
    const [bi, bj] = b.split("_").map(Number);
    return aj - bj || ai - bi;
  });
  for (const key of keys) {
    const { cell } = best.get(key)!;
    out.push({
      id: `cand-${kind}-${key}`, name: `lattice ${key} (${cell.town})`, kind, lon: cell.lon, lat: cell.lat,
      cost, ...(modules ? { modules: modules.map((m) => ({ ...m })) } : {}), origin: "lattice", town: cell.town,
      source: `${spacing} m lattice over built cells (ASSUMPTIONS candidates.spacing)`,
    });
  }
  return out;
}

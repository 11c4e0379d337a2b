/**
 * The planner's model for one facility type over the synthetic grid, as a ready-made @siting/core
 * `cflp` scenario: demand = the cells' residents or children of the level (part 0, the mainland),
 * each with its land-use class (`urban`), district and reach; sites = existing facilities (open,
 * with their capacity and one expansion), the plan's committed projects, and candidates (a lattice
 * over built cells, size modules from the norms). Sites and sizes are chosen together under capacity,
 * minimum use and reach (FACTS.md §8; `catchments.ts`). Urban cells are held to the urban reach by a
 * price per person served beyond it (`outsideCost`), rural cells to the rural rule.
 */
import { buildCoverage, buildInstance, haversine, parseScenario, type CflpProblem, type Problem } from "@siting/core";
import { ASSUMPTIONS } from "./assumptions.js";
import { pointInZone, type ZoneName } from "./boundary.js";
import { CATCHMENTS, FACILITY_TYPES, isUrban, type Catchment, type FacilityType } from "./catchments.js";
import {
  CAPACITY_UNIT, candidateSites, existingFacilities, expansionModules, moduleMenu, type CandidateSite, type Facility, type FacilityKind, type Module,
} from "./facilities.js";
import { lingangGrid, type GridCell, type LingangGrid, type Resolution, type Year } from "./grid.js";
import { SEATS, TOWNS, type TownId } from "./places.js";
import { STANDARDS, type Standard } from "./standards.js";

export { FACILITY_TYPES, type FacilityType };

/** Planning districts: the plan's four towns, the Fengxian parts and 大团 (FACTS §3 groups). */
export type District = "南汇新城" | "泥城" | "书院" | "万祥" | "Fengxian parts" | "others";
export const DISTRICT_OF: Record<TownId, District> = Object.fromEntries(TOWNS.map((t) => [t.id, t.group])) as Record<TownId, District>;

/** Residents the plan does not serve, and why (the airport-south strip and the port island). */
export const EXCLUDED_PARTS = [
  { part: 1, name: "airport-south strip (祝桥镇 part)", reason: "an airport dormitory strip ≈ 19 km from the nearest seat in the area; served by its parent town 祝桥镇 outside the Special Area (E)" },
  { part: 2, name: "小洋山 port island", reason: "port staff housing administered by 嵊泗县 (Zhejiang); served there (E)" },
] as const;

export interface ScenarioOptions {
  year?: Year;
  zone?: ZoneName;
  resolution?: Resolution;
  facility: FacilityType;
  /** a grid already generated (year/zone/resolution default to its own) */
  grid?: LingangGrid;
  /** override parts of the catchment (radius, reaches, lattice spacing) */
  catchment?: Partial<Catchment>;
  /** forward margin (适度超前) on schools and elder care; default ASSUMPTIONS margin.* */
  margin?: number;
  /** minimum use of new sites (default ASSUMPTIONS minUse, 0.6) */
  minUse?: number;
  /** Candidate sites to use instead of the lattice (e.g. a planning tool's own list). Existing facilities and committed projects are always added. */
  candidates?: SiteJSON[];
  /**
   * Sites the near-term plan builds (phasing): in the 2035 plan they are open, with the capacity
   * built and upgrades to the larger sizes (the cost difference).
   */
  built?: readonly { id: string; name: string; lon: number; lat: number; town: TownId; capacity: number; cost: number; with?: string }[];
  /** Budget (million CNY): maximise the share of urban residents within the radius (every cell still served within reach). */
  budget?: number;
  /** Elder care only: new CHC sites where an elder-care module may share the building at ASSUMPTIONS eldercare.colocated.factor × cost. */
  colocateWith?: readonly { id: string; name: string; lon: number; lat: number; town: TownId }[];
}

/** Plain JSON accepted by `parseScenario` from @siting/core. */
export interface ScenarioJSON {
  name: string;
  description: string;
  demand: DemandJSON[];
  sites: SiteJSON[];
}

export interface DemandJSON {
  id: string;
  lon: number;
  lat: number;
  weight: number;
  town: TownId;
  district: District;
  /** 1 for an urban cell (the coverage counts it), else 0 */
  urban: 0 | 1;
  /** longest assignment (m) */
  reach: number;
  /** the rural rule's reach (m): an urban cell's reach is raised to it when nothing nearer can be filled */
  ruleReach: number;
  /** why the reach is what it is */
  reachRule: "urban" | "rural" | "nearest-existing";
  residents: number;
  age60plus: number;
}

export interface SiteJSON {
  id: string;
  lon: number;
  lat: number;
  name: string;
  kind: Exclude<FacilityKind, "hospital">;
  town: TownId;
  district: District;
  origin: "existing" | "committed" | "colocated" | "near-term" | CandidateSite["origin"];
  existing?: boolean;
  cost?: number;
  capacity?: number;
  modules?: Module[];
  /** committed projects: what the plan already funds (million CNY), counted in the plan's cost */
  committedCost?: number;
  /** co-located elder care: the CHC site it shares */
  with?: string;
}

export interface LingangScenario {
  facility: FacilityType;
  kind: Exclude<FacilityKind, "hospital">;
  year: Year;
  zone: ZoneName;
  resolution: Resolution;
  catchment: Catchment;
  /** what a demand point's weight counts */
  weightOf: "residents" | "kindergarten" | "primary" | "middle";
  capacityUnit: string;
  /** demand units per weight: norm × margin (e.g. 0.45 GPs per 1,000 residents) */
  standard: { per: number; units: number; of: "weight" };
  /** the forward margin included in `standard` (1 = none) */
  margin: number;
  minUse: number;
  standards: Standard[];
  scenario: ScenarioJSON;
  /** the cflp (sites and sizes together; with a budget: most urban weight within the radius) */
  problem: CflpProblem;
  /** residents of the grid (all cells of the zone) */
  residents: number;
  /** residents in cells the plan does not serve (excluded parts), by part */
  excluded: { name: string; reason: string; residents: number }[];
  /** facilities of this kind that are not open yet (planned / under construction); shown on maps */
  pending: Facility[];
}

interface Spec {
  kind: Exclude<FacilityKind, "hospital">;
  weightOf: LingangScenario["weightOf"];
  norm: { per: number; units: number };
  margin: "margin.schools" | "margin.eldercare" | null;
  standards: Standard[];
}

const SPECS: Record<FacilityType, Spec> = {
  clinics: {
    kind: "chc", weightOf: "residents", norm: { per: 1000, units: STANDARDS.gpPerThousand.value }, margin: null,
    standards: [STANDARDS.gpPerThousand, STANDARDS.lifeCircle, STANDARDS.chcPlan, STANDARDS.chcCatchment],
  },
  "schools-kindergarten": {
    kind: "kindergarten", weightOf: "kindergarten", norm: { per: 1, units: STANDARDS.seatsPerChild.value }, margin: "margin.schools",
    standards: [STANDARDS.kindergartenRadius, STANDARDS.seatsPerChild],
  },
  "schools-primary": {
    kind: "primary", weightOf: "primary", norm: { per: 1, units: STANDARDS.seatsPerChild.value }, margin: "margin.schools",
    standards: [STANDARDS.primaryRadius, STANDARDS.seatsPerChild],
  },
  "schools-middle": {
    kind: "middle", weightOf: "middle", norm: { per: 1, units: STANDARDS.seatsPerChild.value }, margin: "margin.schools",
    standards: [STANDARDS.middleRadius, STANDARDS.seatsPerChild],
  },
  eldercare: {
    kind: "eldercare", weightOf: "residents", norm: { per: 1000, units: STANDARDS.eldercareArea.value }, margin: "margin.eldercare",
    standards: [STANDARDS.eldercareArea, STANDARDS.lifeCircle],
  },
  stations: { kind: "station", weightOf: "residents", norm: { per: 1, units: 1 }, margin: null, standards: [STANDARDS.doorstepStations, STANDARDS.lifeCircle] },
};

/** The plan's named CHC projects (plan §四(二)5); the relocated ones replace the existing CHC at their seat. */
export const NAMED_CHCS = [
  { seat: "shengang", name: "申港社区卫生服务中心 (new, plan §四(二)5)", replaces: null },
  { seat: "wanxiang", name: "万祥社区卫生服务中心 (relocated, plan §四(二)5)", replaces: "chc-wanxiang" },
  { seat: "shuyuan", name: "书院社区卫生服务中心 (relocated, plan §四(二)5)", replaces: "chc-shuyuan" },
  { seat: "pingan", name: "四团平安社区卫生服务中心 (relocated, plan §四(二)5)", replaces: "chc-pingan" },
] as const;

/**
 * The `cflp` scenario for one facility type. Every cell may be served within the rural rule (see
 * `assignReach`); urban cells served beyond `urbanReach` cost `outsideCost` per unit of weight. With
 * a budget the share of urban weight within the standard radius is maximised instead. Sites only
 * serve their own district.
 */
export function lingangScenario(options: ScenarioOptions): LingangScenario {
  const facility = options.facility;
  const spec = SPECS[facility];
  if (!spec) throw new Error(`facility must be one of ${FACILITY_TYPES.join(", ")}, got ${facility}`);
  const year = options.year ?? options.grid?.year ?? 2024;
  const zone = options.zone ?? options.grid?.zone ?? "first-start";
  const resolution = options.resolution ?? options.grid?.resolution ?? 500;
  const grid = options.grid ?? lingangGrid({ year, zone, resolution });
  if (grid.year !== year || grid.zone !== zone || grid.resolution !== resolution) throw new Error("options.grid was generated with another year, zone or resolution");
  const catchment: Catchment = { ...CATCHMENTS[facility], ...options.catchment };
  const margin = options.margin ?? (spec.margin ? ASSUMPTIONS[spec.margin].value : 1);
  if (!(margin >= 1)) throw new Error(`margin must be ≥ 1, got ${margin}`);
  const minUse = options.minUse ?? ASSUMPTIONS.minUse.value;
  const inZone = (p: { lon: number; lat: number }) => pointInZone(p.lon, p.lat, grid.zone);

  // ---- demand -------------------------------------------------------------------------------
  const demand: DemandJSON[] = [];
  const excluded = EXCLUDED_PARTS.map((e) => ({ name: e.name, reason: e.reason, residents: 0 }));
  for (const c of grid.cells) {
    if (c.residents <= 0) continue;
    if (c.part !== 0) {
      excluded[c.part - 1].residents += c.residents;
      continue;
    }
    const w = weightOf(c, spec.weightOf);
    if (!(w > 0)) continue;
    const urban = isUrban(c, grid.cellAreaKm2) ? 1 : 0;
    demand.push({
      id: c.id, lon: c.lon, lat: c.lat, weight: w, town: c.town, district: DISTRICT_OF[c.town], urban,
      reach: urban ? catchment.urbanReach : catchment.ruralReach, ruleReach: catchment.ruralReach, reachRule: urban ? "urban" : "rural",
      residents: c.residents, age60plus: c.age60plus,
    });
  }

  // ---- sites --------------------------------------------------------------------------------
  // demand units per unit of weight (the norm with the forward margin)
  const standard = { per: spec.norm.per, units: spec.norm.units * margin, of: "weight" as const };
  const all = existingFacilities(year).filter((f) => f.kind === spec.kind);
  const named = spec.kind === "chc" ? NAMED_CHCS.map((p) => ({ ...p, s: SEATS.find((q) => q.id === p.seat)! })).filter((p) => inZone(p.s)) : [];
  const replaced = new Set<string>(named.flatMap((p) => (p.replaces === null ? [] : [p.replaces])));
  const sites: SiteJSON[] = [];
  const expansions = expansionModules(spec.kind);
  /**
   * A part town's facility (`Facility.partTown`): what it holds for the town's cells in the area is
   * their need (units, with the margin), up to the facility's assumed size — in 2035
   * the growth beyond it is planned like everywhere else.
   */
  const partNeed = (town: TownId | undefined) => demand.reduce((a, d) => a + (d.town === town ? (d.weight * standard.units) / standard.per : 0), 0);
  for (const f of all) {
    if (!inZone(f) || replaced.has(f.id)) continue;
    const t = f.town ?? "nanhui-xincheng";
    const uc = f.status === "under-construction" && year === 2024;
    if (f.status !== "existing" && !uc) continue;
    sites.push({
      id: f.id, lon: f.lon, lat: f.lat, name: f.name, kind: spec.kind, town: t, district: DISTRICT_OF[t],
      origin: uc ? "committed" : "existing", existing: true, capacity: f.partTown ? Math.min(f.capacity ?? 0, partNeed(f.town)) : f.capacity ?? 0,
      ...(uc ? { committedCost: 0 } : {}),
      ...(expansions.length ? { modules: expansions.map((m) => ({ ...m })) } : {}),
    });
  }
  if (named.length) {
    const base = moduleMenu("chc").find((m) => m.capacity === ASSUMPTIONS["chc.module.M.gps"].value)!;
    const f = ASSUMPTIONS["chc.plan.costFactor"].value;
    for (const p of named) {
      sites.push({
        id: `plan-chc-${p.seat}`, lon: p.s.lon, lat: p.s.lat, name: p.name, kind: "chc", town: p.s.town, district: DISTRICT_OF[p.s.town],
        // with `built` (the 2035 network) the near-term plan already paid for it
        origin: "committed", existing: true, capacity: base.capacity, committedCost: options.built ? 0 : +(base.cost * f).toFixed(3),
        modules: expansions.map((m) => ({ ...m })),
      });
    }
  }
  for (const b of options.built ?? []) {
    const ups = moduleMenu(spec.kind).filter((mod) => mod.capacity > b.capacity + 1e-9)
      .map((mod) => ({ name: `upgrade to ${mod.name}`, cost: +Math.max(0, mod.cost - b.cost).toFixed(3), capacity: mod.capacity - b.capacity }));
    sites.push({
      id: b.id, lon: b.lon, lat: b.lat, name: `${b.name} (built in the near term)`, kind: spec.kind, town: b.town, district: DISTRICT_OF[b.town],
      origin: "near-term", existing: true, capacity: b.capacity, ...(ups.length ? { modules: ups } : {}), ...(b.with ? { with: b.with } : {}),
    });
  }
  const builtIds = new Set((options.built ?? []).map((b) => b.id));
  const given = options.candidates;
  if (given) {
    for (const s of given) if (!s.existing) sites.push({ ...s, modules: s.modules?.map((m) => ({ ...m })) });
  } else {
    for (const c of candidateSites(grid, spec.kind, { spacing: catchment.spacing })) {
      if (c.origin !== "lattice" || !inZone(c) || c.town === "zhuqiao" || c.town === "xiaoyangshan" || builtIds.has(c.id)) continue;
      sites.push({
        id: c.id, lon: c.lon, lat: c.lat, name: c.name, kind: c.kind, town: c.town, district: DISTRICT_OF[c.town], origin: c.origin,
        cost: c.cost, modules: (c.modules ?? []).map((m) => ({ ...m })),
      });
    }
  }
  if (options.colocateWith && spec.kind === "eldercare") {
    const k = ASSUMPTIONS["eldercare.colocated.factor"].value;
    for (const h of options.colocateWith) {
      if (builtIds.has(`colo-${h.id}`)) continue;
      const mods = moduleMenu("eldercare").map((m) => ({ ...m, cost: +(m.cost * k).toFixed(3) }));
      sites.push({
        id: `colo-${h.id}`, lon: h.lon, lat: h.lat, name: `elder care in ${h.name}`, kind: "eldercare", town: h.town, district: DISTRICT_OF[h.town],
        origin: "colocated", cost: Math.min(...mods.map((m) => m.cost)), modules: mods, with: h.id,
      });
    }
  }

  assignReach(demand, sites, catchment);
  // with a budget the share within the radius is the objective: every cell at its rule reach
  if (options.budget !== undefined) for (const d of demand) d.reach = d.ruleReach;

  const problem: Problem = {
    type: "cflp",
    reach: { field: "reach" },
    // beyond the rural reach only existing facilities serve (a cell far from everything keeps its
    // town's facility; no new one is opened for it farther than a bus ride)
    newSiteReach: catchment.ruralReach,
    minUse,
    standard: { ...standard },
    singleSource: false,
    distanceCost: spec.weightOf === "residents" ? ASSUMPTIONS.distanceCost.value : ASSUMPTIONS.distanceCost.value * 20,
  };
  if (options.budget !== undefined) Object.assign(problem, { radius: catchment.radius, budget: options.budget, coverageOf: "urban" });
  else if (catchment.urbanReachRule === "price") Object.assign(problem, { radius: catchment.urbanReach, outsideCost: outsidePrice(sites, standard, minUse, catchment.priceFactor), coverageOf: "urban" });

  const name = `lingang-${facility}-${year}-${zone}-${resolution}m`;
  return {
    facility, kind: spec.kind, year, zone, resolution, catchment,
    weightOf: spec.weightOf,
    capacityUnit: CAPACITY_UNIT[spec.kind],
    standard, margin, minUse,
    standards: [...spec.standards],
    scenario: {
      name,
      description:
        `Lingang ${facility}, ${year}, zone ${zone}, ${resolution} m cells. SYNTHETIC calibrated population grid (not survey data); ` +
        `approximate traced boundary; demand weight = ${spec.weightOf}; costs in million CNY (estimates). See @siting/lingang README.`,
      demand,
      sites,
    },
    problem,
    residents: grid.totals.residents,
    excluded,
    pending: all.filter((f) => f.status !== "existing" && inZone(f)),
  };
}

/**
 * Sets each demand point's reach: rural cells the rural reach, or the nearest existing facility of
 * the district, whichever is farther; urban cells twice the urban reach (at most the rural rule),
 * held to the urban reach by the price of serving them beyond it (`outsideCost`), so an urban cell
 * is served farther only where no facility could be filled nearer.
 */
export function assignReach(demand: DemandJSON[], sites: SiteJSON[], c: Catchment): void {
  const existing = sites.filter((s) => s.existing);
  for (const d of demand) {
    let near = Infinity;
    for (const s of existing) if (s.district === d.district) near = Math.min(near, haversine(d.lon, d.lat, s.lon, s.lat));
    const nearest = Number.isFinite(near) ? Math.ceil(near) + 1 : 0;
    d.ruleReach = Math.max(c.ruralReach, nearest);
    if (d.urban) {
      d.reach = c.urbanReachRule === "limit" ? c.urbanReach : Math.min(d.ruleReach, 2 * c.urbanReach);
      d.reachRule = "urban";
    } else {
      d.reach = Math.max(c.ruralReach, nearest);
      d.reachRule = nearest > c.ruralReach ? "nearest-existing" : "rural";
    }
  }
}

/**
 * The price of serving one unit of weight of an urban cell beyond the urban reach: `factor` × the
 * highest cost per weight of a new facility at its minimum use, so that opening a facility near
 * people is always cheaper than sending them beyond the reach when one can be filled there.
 */
export function outsidePrice(sites: SiteJSON[], standard: { per: number; units: number }, minUse: number, factor = 1.5): number {
  let worst = 0;
  for (const s of sites) {
    if (s.existing) continue;
    for (const m of s.modules ?? []) {
      const minWeight = ((m.min ?? minUse * m.capacity) * standard.per) / standard.units;
      if (minWeight > 0) worst = Math.max(worst, m.cost / minWeight);
    }
  }
  return +(factor * worst).toPrecision(3);
}

function weightOf(c: GridCell, of: LingangScenario["weightOf"]): number {
  switch (of) {
    case "residents": return c.residents;
    case "kindergarten": return c.kindergarten;
    case "primary": return c.primary;
    case "middle": return c.middle;
  }
}

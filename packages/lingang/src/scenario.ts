/**
 * Ready-made @siting/core scenarios: demand = grid cells weighted by the population the facility
 * serves; sites = existing facilities (open, capacities) + candidates (costs, size modules); and the
 * recommended problem(s) with the plan's standards.
 */
import type { Problem } from "@siting/core";
import { ASSUMPTIONS } from "./assumptions.js";
import { pointInZone, type ZoneName } from "./boundary.js";
import { CAPACITY_UNIT, candidateSites, defaultSpacing, existingFacilities, type CandidateSite, type Facility, type FacilityKind } from "./facilities.js";
import { lingangGrid, type GridCell, type LingangGrid, type Resolution, type SchoolSystem, type Year } from "./grid.js";
import { STANDARDS, walkRadius, type Standard, type WalkRadiusOptions } from "./standards.js";

export type FacilityType = "clinics" | "schools-kindergarten" | "schools-primary" | "schools-middle" | "eldercare" | "stations";
export const FACILITY_TYPES: readonly FacilityType[] = ["clinics", "schools-kindergarten", "schools-primary", "schools-middle", "eldercare", "stations"];

export interface ScenarioOptions {
  year?: Year;
  zone?: ZoneName;
  resolution?: Resolution;
  facility: FacilityType;
  /** candidate lattice spacing (m); default 500, reduced for small radii (see defaultSpacing) */
  spacing?: number;
  /** override the service radius (m) */
  radius?: number;
  /** the 15-minute walk (default 15 min, 4.5 km/h, detour 1.4 → 800 m) used by clinics, elder care and stations */
  walk?: WalkRadiusOptions;
  /** budget (million CNY) of the MCLP variant; default ASSUMPTIONS budget.{facility} */
  budget?: number;
  schoolSystem?: SchoolSystem;
  /** leave out demand cells with fewer residents than this (default 0: every cell with demand) */
  minResidents?: number;
  /** a grid already generated (saves regenerating it); year/zone/resolution default to its own */
  grid?: LingangGrid;
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
  town: string;
  residents: number;
  age60plus: number;
}

export interface SiteJSON {
  id: string;
  lon: number;
  lat: number;
  name: string;
  kind: FacilityKind;
  town?: string;
  origin: "existing" | CandidateSite["origin"];
  existing?: boolean;
  cost?: number;
  capacity?: number;
  modules?: { name: string; cost: number; capacity: number }[];
}

export interface RecommendedProblem {
  id: string;
  label: string;
  /** true when it needs an exact MIP backend (capacitated) */
  needsMip: boolean;
  problem: Problem;
}

export interface LingangScenario {
  facility: FacilityType;
  year: Year;
  zone: ZoneName;
  resolution: Resolution;
  radius: number;
  spacing: number;
  /** what a demand point's weight counts */
  weightOf: "residents" | "kindergarten" | "primary" | "middle";
  capacityUnit: string;
  standards: Standard[];
  scenario: ScenarioJSON;
  /** the first is the plan's standard (capacitated where it has one); the others are fallbacks */
  problems: RecommendedProblem[];
  /** residents of the grid (all cells of the zone) */
  residents: number;
  /** existing facilities of this kind that are not open yet (planned / under construction); shown on maps */
  pending: Facility[];
}

interface Spec {
  kind: Exclude<FacilityKind, "hospital">;
  weightOf: LingangScenario["weightOf"];
  radius: (o: ScenarioOptions) => number;
  standard?: { per: number; units: number };
  standards: Standard[];
}

const walk = (o: ScenarioOptions) => walkRadius(o.walk);

const SPECS: Record<FacilityType, Spec> = {
  clinics: {
    kind: "chc", weightOf: "residents", radius: walk,
    standard: { per: 1000, units: STANDARDS.gpPerThousand.value },
    standards: [STANDARDS.gpPerThousand, STANDARDS.lifeCircle, STANDARDS.chcPlan],
  },
  "schools-kindergarten": {
    kind: "kindergarten", weightOf: "kindergarten", radius: () => STANDARDS.kindergartenRadius.value,
    standard: { per: 1, units: STANDARDS.seatsPerChild.value }, standards: [STANDARDS.kindergartenRadius, STANDARDS.seatsPerChild],
  },
  "schools-primary": {
    kind: "primary", weightOf: "primary", radius: () => STANDARDS.primaryRadius.value,
    standard: { per: 1, units: STANDARDS.seatsPerChild.value }, standards: [STANDARDS.primaryRadius, STANDARDS.seatsPerChild],
  },
  "schools-middle": {
    kind: "middle", weightOf: "middle", radius: () => STANDARDS.middleRadius.value,
    standard: { per: 1, units: STANDARDS.seatsPerChild.value }, standards: [STANDARDS.middleRadius, STANDARDS.seatsPerChild],
  },
  eldercare: {
    kind: "eldercare", weightOf: "residents", radius: walk,
    standard: { per: 1000, units: STANDARDS.eldercareArea.value }, standards: [STANDARDS.eldercareArea, STANDARDS.lifeCircle],
  },
  stations: { kind: "station", weightOf: "residents", radius: walk, standards: [STANDARDS.doorstepStations, STANDARDS.lifeCircle] },
};

/**
 * The scenario for one facility type over the synthetic grid, plus the recommended problems:
 * - `standard`: capacitated LSCP (least cost) — everyone within the radius of a site with enough
 *   capacity for the per-capita standard (GPs, seats, m²); needs a MIP backend. For stations: the
 *   uncapacitated LSCP (everyone within the 15-minute circle).
 * - `coverage`: uncapacitated LSCP — every cell with demand within the radius (heuristic OK).
 * - `budget`: MCLP — most demand within the radius for a budget (million CNY).
 */
export function lingangScenario(options: ScenarioOptions): LingangScenario {
  const facility = options.facility;
  const spec = SPECS[facility];
  if (!spec) throw new Error(`facility must be one of ${FACILITY_TYPES.join(", ")}, got ${facility}`);
  const year = options.year ?? options.grid?.year ?? 2024;
  const zone = options.zone ?? options.grid?.zone ?? "all";
  const resolution = options.resolution ?? options.grid?.resolution ?? 500;
  const grid = options.grid ?? lingangGrid({ year, zone, resolution, schoolSystem: options.schoolSystem });
  if (grid.year !== year || grid.zone !== zone || grid.resolution !== resolution) throw new Error("options.grid was generated with another year, zone or resolution");
  const radius = options.radius ?? spec.radius(options);
  const spacing = options.spacing ?? defaultSpacing(resolution, radius);
  const budget = options.budget ?? ASSUMPTIONS[`budget.${facility}`].value;

  const demand: DemandJSON[] = [];
  const minResidents = options.minResidents ?? 0;
  for (const c of grid.cells) {
    const w = weightOf(c, spec.weightOf);
    if (w > 0 && c.residents >= minResidents) demand.push({ id: c.id, lon: c.lon, lat: c.lat, weight: w, town: c.town, residents: c.residents, age60plus: c.age60plus });
  }
  const zoneBit = (f: { lon: number; lat: number }) => inZone(grid, f);
  const all = existingFacilities(year).filter((f) => f.kind === spec.kind);
  const open = all.filter((f) => f.status === "existing" && zoneBit(f));
  const pending = all.filter((f) => f.status !== "existing" && zoneBit(f));
  const sites: SiteJSON[] = open.map((f) => ({
    id: f.id, lon: f.lon, lat: f.lat, name: f.name, kind: f.kind, town: f.town, origin: "existing", existing: true,
    ...(f.capacity !== undefined ? { capacity: f.capacity } : {}),
  }));
  for (const c of candidateSites(grid, spec.kind, { spacing })) {
    if (c.origin !== "lattice" && !zoneBit(c)) continue;
    sites.push({
      id: c.id, lon: c.lon, lat: c.lat, name: c.name, kind: c.kind, town: c.town, origin: c.origin, cost: c.cost,
      ...(c.modules ? { modules: c.modules.map((m) => ({ ...m })) } : {}),
    });
  }
  const problems: RecommendedProblem[] = [];
  if (spec.standard) {
    problems.push({
      id: "standard",
      label: `plan standard: everyone within ${radius} m of a site with enough capacity (${spec.standard.units} ${CAPACITY_UNIT[spec.kind]} per ${spec.standard.per === 1 ? "child" : `${spec.standard.per} residents`}), least cost`,
      needsMip: true,
      problem: { type: "lscp", radius, capacitated: true, standard: { per: spec.standard.per, units: spec.standard.units, of: "weight" }, objective: "cost" },
    });
  }
  problems.push({
    id: "coverage",
    label: `everyone within ${radius} m of a site (uncapacitated), least cost of new sites`,
    needsMip: false,
    problem: { type: "lscp", radius, objective: "cost", capacitated: false },
  });
  problems.push({
    id: "budget",
    label: `most ${spec.weightOf} within ${radius} m for a budget of ${budget} million CNY (uncapacitated)`,
    needsMip: false,
    problem: { type: "mclp", radius, budget, capacitated: false },
  });
  const name = `lingang-${facility}-${year}-${zone}-${resolution}m`;
  return {
    facility, year, zone, resolution, radius, spacing,
    weightOf: spec.weightOf,
    capacityUnit: CAPACITY_UNIT[spec.kind],
    standards: [...spec.standards],
    scenario: {
      name,
      description:
        `Lingang ${facility}, ${year}, zone ${zone}, ${resolution} m cells. SYNTHETIC calibrated population grid (not survey data); ` +
        `approximate traced boundary; demand weight = ${spec.weightOf}; costs in million CNY (estimates). See @siting/lingang README.`,
      demand,
      sites,
    },
    problems,
    residents: grid.totals.residents,
    pending,
  };
}

function weightOf(c: GridCell, of: LingangScenario["weightOf"]): number {
  switch (of) {
    case "residents": return c.residents;
    case "kindergarten": return c.kindergarten;
    case "primary": return c.primary;
    case "middle": return c.middle;
  }
}

/** Whether a point lies in the grid's zone polygon. */
function inZone(grid: LingangGrid, p: { lon: number; lat: number }): boolean {
  return pointInZone(p.lon, p.lat, grid.zone);
}

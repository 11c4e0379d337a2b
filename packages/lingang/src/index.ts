/**
 * @siting/lingang — the Lingang Special Area (Shanghai) as siting data.
 *
 * Everything here is APPROXIMATE or SYNTHETIC: the boundary is traced by hand from documented
 * points, and the population grid is synthetic and calibrated to documented totals, not survey
 * data. Sources and confidence grades: ASSUMPTIONS, STANDARDS and the package README.
 */
export {
  ZONES, STATED_AREA_KM2, ZONE_POLYGONS, PART_NAMES, DISHUI_LAKE,
  zoneFeature, zoneAreaKm2, lingangBoundary, dishuiLakePolygon, pointInZone,
  type ZoneName, type ZoneProperties,
} from "./boundary.js";
export { TOWNS, SEATS, PLACES, type Town, type TownId, type Seat, type Place, type Grade } from "./places.js";
export { INDUSTRIAL_ZONES, CAMPUS, type LandPolygon } from "./landuse.js";
export { ASSUMPTIONS, TOWN_RESIDENTS, assumptionsTable, type Assumption, type AssumptionKey, type AssumptionRow } from "./assumptions.js";
export {
  lingangGrid, gridLayout, DENSITY_MODEL, YEARS, RESOLUTIONS,
  type LingangGrid, type GridCell, type GridOptions, type Totals, type Year, type Resolution, type LandUse, type SchoolSystem,
} from "./grid.js";
export { STANDARDS, LIFE_CIRCLE_RADIUS_M, walkRadius, type Standard, type WalkRadiusOptions } from "./standards.js";
export {
  existingFacilities, candidateSites, moduleMenu, expansionModules, defaultSpacing, FACILITY_KINDS, CAPACITY_UNIT,
  type Facility, type FacilityKind, type CandidateSite, type CandidateOptions, type Module,
} from "./facilities.js";
export { CATCHMENTS, FACILITY_TYPES, isUrban, type Catchment, type FacilityType } from "./catchments.js";
export { BIRTH_RATE, FUTURE_BIRTH_RATE, cohortShare, ageBandShare, SCHOOL_AGES } from "./cohorts.js";
export {
  lingangScenario, DISTRICT_OF, EXCLUDED_PARTS, NAMED_CHCS,
  type District, type ScenarioOptions, type LingangScenario, type ScenarioJSON, type DemandJSON, type SiteJSON,
} from "./scenario.js";
export { renderMap, escapeXml, DENSITY_CLASSES, type MapOptions, type MapSite } from "./svg.js";
export type { Position, Feature, FeatureCollection, PolygonGeometry, MultiPolygonGeometry, PointGeometry, Geometry } from "./geojson.js";
export { toX, toY, toLon, toLat, distM } from "./projection.js";
export {
  planLingang, planFacility, plausibilityFlags,
  type PlanOptions, type LingangPlan, type FacilityPlan, type PlannedSite, type CellAssignment, type TradeoffPoint,
} from "./plan.js";
export { planToJSON, planToMarkdown, planMaps } from "./report.js";

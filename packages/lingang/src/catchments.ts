/**
 * Catchments by land use (FACTS.md §4 and §8): urban cells (≥ `urban.density` residents/km²: the
 * new city, the campus and the town seats) are served within the facility's walking reach, and the
 * share of urban residents within its standard radius is the coverage measure; rural and island
 * cells are served at town level within a longer reach (school bus, village clinics for the last
 * mile), so that no facility is opened for a handful of people. Every number is data with its
 * source and grade.
 */
import { ASSUMPTIONS } from "./assumptions.js";
import type { GridCell } from "./grid.js";

export type FacilityType = "clinics" | "schools-kindergarten" | "schools-primary" | "schools-middle" | "eldercare" | "stations";
export const FACILITY_TYPES: readonly FacilityType[] = ["clinics", "schools-kindergarten", "schools-primary", "schools-middle", "eldercare", "stations"];

export interface Catchment {
  /** The standard radius (m): the share of urban residents served within it is the coverage measure. */
  radius: number;
  /** Longest assignment of an urban cell (m). */
  urbanReach: number;
  /** Longest assignment of a rural cell (m); a rural cell may always reach its nearest existing facility of the type. */
  ruralReach: number;
  /** Spacing of the candidate lattice (m). */
  spacing: number;
  /** A coarser lattice spacing (m) solved first with a share of the time; its plan starts the solve on `spacing` (`warmstart.ts`). */
  coarse?: number;
  /** A 15-minute type: ≥ 99 % of urban residents within a radius of 800–1,500 m is the check. */
  fifteenMinute: boolean;
  /**
   * How the urban reach holds: "price" — an urban cell may be served up to twice as far at a price
   * per person (the plan goes farther only where no facility could be filled nearer); "limit" — a
   * hard limit, raised only for cells whose every site within it could not be filled.
   */
  urbanReachRule: "price" | "limit";
  /** "price": the price per person beyond the urban reach, × the dearest cost per person of a new facility at its minimum use (see `outsidePrice`). */
  priceFactor?: number;
  source: string;
  grade: "S" | "S2" | "D" | "E";
}

const NEW_CITY = "Shanghai 15-min life circle draft standard (2024): new cities (南汇新城 is one) 15-min slow travel, radius 800–1,500 m (FACTS §8, S2)";
const RURAL = "rural and island cells served at town level (FACTS §8, E): within the rural reach, or by the nearest existing facility of the type";

export const CATCHMENTS: Record<FacilityType, Catchment> = {
  clinics: {
    radius: 1_500, urbanReach: 1_500, ruralReach: 5_000, spacing: 1_500, fifteenMinute: true, urbanReachRule: "limit", grade: "S2",
    source: `${NEW_CITY}: a CHC or health station within 1,500 m (an 8-GP station needs ≈ 10,700 residents at 60 % use, a 4-GP one ≈ 5,300, more than a 1,000 m circle holds at the new city's edges); ${RURAL}, village clinics (村卫生室) the last mile`,
  },
  eldercare: {
    radius: 1_000, urbanReach: 1_000, ruralReach: 5_000, spacing: 1_000, fifteenMinute: true, urbanReachRule: "limit", grade: "S2",
    source: `plan §四(四)13 “15分钟养老服务圈” (S); ${NEW_CITY}; ${RURAL}`,
  },
  stations: {
    radius: 1_000, urbanReach: 1_000, ruralReach: 5_000, spacing: 1_000, fifteenMinute: true, urbanReachRule: "limit", grade: "S2",
    source: `plan §四(四)11 “按照15分钟生活圈的建设目标” (S); ${NEW_CITY}; ${RURAL}`,
  },
  "schools-middle": {
    radius: 1_500, urbanReach: 1_500, ruralReach: 5_000, spacing: 1_000, fifteenMinute: true, urbanReachRule: "limit", grade: "S2",
    source: `${NEW_CITY} (pupils walk or cycle), a limit; GB 50180's ≤ 1,000 m (FACTS §4, S) cannot fill a 24-class school (≈ 650 pupils at 60 % use ⇒ ≈ 35,000 residents) at these cohorts, so the new city's edges get 16-class schools and villages 8-class 九年一贯制 middle sections (ASSUMPTIONS school.middle.module.XS, XXS); ${RURAL}, school bus`,
  },
  "schools-primary": {
    radius: 500, urbanReach: 1_000, ruralReach: 4_000, spacing: 1_000, fifteenMinute: false, urbanReachRule: "price", priceFactor: 1.5, grade: "E",
    source: "GB 50180: primary school ≤ 500 m (FACTS §4, S) is the coverage measure; urban reach 1,000 m (E: a 15-min walk — a 24-class school cannot be filled from 500 m at these densities); rural reach 4 km by school bus (FACTS §8, E)",
  },
  "schools-kindergarten": {
    radius: 300, urbanReach: 1_000, ruralReach: 3_000, spacing: 500, fifteenMinute: false, urbanReachRule: "limit", grade: "E",
    source: "GB 50180: kindergarten ≤ 300 m (FACTS §4, S) is the coverage measure; urban reach 1,000 m (E: a 9-class kindergarten needs ≈ 8,000–12,000 residents, more than a 300 m circle holds here); rural reach 3 km (E)",
  },
};

/** Whether a cell is urban (its density at least `urban.density`). */
export function isUrban(cell: GridCell, cellAreaKm2: number): boolean {
  return !cell.water && !cell.industrial && cell.residents / cellAreaKm2 >= ASSUMPTIONS["urban.density"].value;
}

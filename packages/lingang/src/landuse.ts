/**
 * Land-use overlays for the synthetic grid (all E: traced from FACTS.md §2–3 extents, not surveyed).
 */
import type { Position } from "./geojson.js";

export interface LandPolygon {
  id: string;
  name: string;
  ring: Position[];
  note: string;
}

/** Industrial zones: modelled with 0 residents (FACTS §3 "close to 0"). */
export const INDUSTRIAL_ZONES: readonly LandPolygon[] = [
  {
    id: "equipment",
    name: "临港装备产业区 (equipment industrial zone, approx.)",
    ring: [[121.826, 30.866], [121.872, 30.866], [121.878, 30.882], [121.862, 30.893], [121.826, 30.893], [121.826, 30.866]],
    note: "E: between 芦潮港 and the new city, inside the first-start zone as the plan says (§一)",
  },
  {
    id: "tesla",
    name: "Tesla / intelligent-manufacturing area (approx.)",
    ring: [[121.762, 30.866], [121.823, 30.866], [121.823, 30.896], [121.8, 30.9], [121.762, 30.9], [121.762, 30.866]],
    note: "E: FACTS §3 box 121.76–121.86 E, 30.87–30.93 N, stopped at ≈ 30.90 N so the 泥城 seat (±2 km) stays residential; its eastern part is the equipment zone",
  },
  {
    id: "yangshan-port",
    name: "洋山港 Yangshan Port land (Xiaoyangshan)",
    ring: [[122.03, 30.6], [122.11, 30.6], [122.11, 30.65], [122.03, 30.65], [122.03, 30.6]],
    note: "E: the island east of 122.03 E is container port; port staff housing is at its west end",
  },
];

/** Student housing of 临港大学城 (SHOU, SMU, 上海电机学院, 上海建桥学院; FACTS §2 centroid, E ±2 km). */
export const CAMPUS = { lon: 121.895, lat: 30.88, radiusM: 1_400 };

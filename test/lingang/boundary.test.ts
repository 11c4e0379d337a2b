import { area } from "@turf/turf";
import { describe, expect, it } from "vitest";
import { DISHUI_LAKE, STATED_AREA_KM2, ZONE_POLYGONS, ZONES, dishuiLakePolygon, lingangBoundary, pointInZone, zoneAreaKm2, zoneFeature } from "@siting/lingang";

describe("Lingang boundary (approximate, traced)", () => {
  it.each(ZONES)("zone %s: turf.area within 5 %% of the plan's area", (zone) => {
    const km2 = area(zoneFeature(zone)) / 1e6;
    expect(Math.abs(km2 / STATED_AREA_KM2[zone] - 1)).toBeLessThan(0.05);
    expect(zoneAreaKm2(zone)).toBeCloseTo(km2, 6);
  });

  it("mainland part ≈ 830 km² and the two outlying parts ≈ 43 km²", () => {
    const parts = ZONE_POLYGONS.all.map((ring) => area({ type: "Polygon", coordinates: [ring] }) / 1e6);
    expect(Math.abs(parts[0] / STATED_AREA_KM2.mainland - 1)).toBeLessThan(0.05);
    expect(Math.abs((parts[1] + parts[2]) / STATED_AREA_KM2.airportSouthAndXiaoyangshan - 1)).toBeLessThan(0.1);
  });

  it("is a MultiPolygon of three disconnected parts, closed rings, first-start ⊂ focus ⊂ all", () => {
    const fc = lingangBoundary();
    expect(fc.features.map((f) => f.properties.zone)).toEqual(["all", "focus", "first-start"]);
    for (const f of fc.features) {
      expect(f.geometry.type).toBe("MultiPolygon");
      expect(f.geometry.coordinates).toHaveLength(3);
      expect(f.properties.approximate).toBe(true);
      for (const poly of f.geometry.coordinates) expect(poly[0][0]).toEqual(poly[0][poly[0].length - 1]);
    }
    // every vertex of a sub-zone lies in (or on) its parent zone
    for (const [child, parent] of [["first-start", "focus"], ["focus", "all"]] as const) {
      for (const ring of ZONE_POLYGONS[child]) {
        for (const [lon, lat] of ring) {
          const nudged = [[lon, lat], [lon + 1e-7, lat], [lon - 1e-7, lat], [lon, lat + 1e-7], [lon, lat - 1e-7]];
          expect(nudged.some(([x, y]) => pointInZone(x, y, parent))).toBe(true);
        }
      }
    }
    // documented points
    expect(pointInZone(121.933, 30.9, "first-start")).toBe(true); // Nanhui New City
    expect(pointInZone(122.067, 30.617, "first-start")).toBe(true); // Yangshan Port
    expect(pointInZone(121.76, 31.05, "all")).toBe(false); // 惠南, N of the Dazhi River
    expect(pointInZone(121.6, 30.95, "all")).toBe(true);
    expect(pointInZone(121.6, 30.95, "focus")).toBe(false); // Fengxian part: outside the focus zone
  });

  it("Dishui Lake polygon has the lake's 5.56 km²", () => {
    expect(area(dishuiLakePolygon()) / 1e6).toBeCloseTo(DISHUI_LAKE.areaKm2, 2);
  });
});

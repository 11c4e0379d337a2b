import { describe, expect, it } from "vitest";
import { readRoads, snapPoints } from "../../packages/core/src/network/index.js";
import { bruteSnap, featuresToLonLat, mulberry, smallGrid, toLonLat, type Feature } from "./oracle.js";

/** Random streets: short and long segments, clustered and isolated, some polylines. */
function randomRoads(seed: number, count: number): Feature[] {
  const rnd = mulberry(seed);
  const f: Feature[] = [];
  for (let k = 0; k < count; k++) {
    const x = rnd() * 5000;
    const y = rnd() * 5000;
    const coords = [[x, y]];
    const parts = 1 + Math.floor(rnd() * 4);
    const long = rnd() < 0.1 ? 2000 : 150;
    for (let p = 0; p < parts; p++) {
      const [px, py] = coords[coords.length - 1];
      coords.push([px + (rnd() - 0.5) * long, py + (rnd() - 0.5) * long]);
    }
    f.push({ type: "Feature", geometry: { type: "LineString", coordinates: coords }, properties: {} });
  }
  return f;
}

describe("snapPoints: the nearest point of the nearest segment, as a scan over all segments", () => {
  it.each([1, 2, 3])("x/y, random streets (seed %i)", (seed) => {
    const roads = randomRoads(seed, 300);
    const net = readRoads(roads, { coords: "xy" });
    const rnd = mulberry(seed + 50);
    const pts = Array.from({ length: 400 }, () => ({ x: -1000 + rnd() * 7000, y: -1000 + rnd() * 7000 }));
    const snaps = snapPoints(net, pts);
    const brute = bruteSnap(roads, pts, { coords: "xy", unit: "metres" });
    for (let i = 0; i < pts.length; i++) {
      expect(snaps.access[i]).toBeCloseTo(brute[i].access, 9);
      // a different segment only on a tie (two segments meeting at the nearest vertex)
      if (snaps.segment[i] !== brute[i].seg) expect(snaps.t[i] === 0 || snaps.t[i] === 1).toBe(true);
      else expect(snaps.t[i]).toBeCloseTo(brute[i].t, 12);
    }
  });

  it("lon/lat: the same segment and access (haversine to the snap point) as the scan", () => {
    const roads = featuresToLonLat(randomRoads(9, 200));
    const net = readRoads(roads, { coords: "lonlat" });
    const rnd = mulberry(77);
    const pts = Array.from({ length: 300 }, () => ((p) => ({ x: p[0], y: p[1] }))(toLonLat(-500 + rnd() * 6000, -500 + rnd() * 6000)));
    const snaps = snapPoints(net, pts);
    const brute = bruteSnap(roads, pts, { coords: "lonlat", unit: "metres" });
    for (let i = 0; i < pts.length; i++) {
      expect(snaps.access[i]).toBeCloseTo(brute[i].access, 6);
      if (snaps.segment[i] !== brute[i].seg) expect(snaps.t[i] === 0 || snaps.t[i] === 1).toBe(true);
    }
  });

  it("maxAccess: farther points are not snapped", () => {
    const net = readRoads(smallGrid(), { coords: "xy" });
    const snaps = snapPoints(net, [{ x: 50, y: -30 }, { x: 50, y: -31 }, { x: -3000, y: -3000 }, { x: 150, y: 150 }], { maxAccess: 30 });
    expect(Array.from(snaps.segment).map((s) => s >= 0)).toEqual([true, false, false, false]);
    expect(snaps.access[0]).toBe(30);
    expect(snaps.access[1]).toBe(Infinity);
    expect(snaps.t[0]).toBe(0.5);
  });

  it("a network of one long segment and many short ones: the long one is still found", () => {
    const roads: Feature[] = [{ type: "Feature", geometry: { type: "LineString", coordinates: [[0, 0], [100000, 0]] }, properties: {} }];
    for (let k = 0; k < 200; k++) roads.push({ type: "Feature", geometry: { type: "LineString", coordinates: [[k * 10, 5000], [k * 10 + 5, 5000]] }, properties: {} });
    const net = readRoads(roads, { coords: "xy" });
    const pts = [{ x: 70000, y: 10 }, { x: 50000, y: -2000 }, { x: 500, y: 2600 }, { x: 500, y: 2400 }];
    const snaps = snapPoints(net, pts);
    const brute = bruteSnap(roads, pts, { coords: "xy", unit: "metres" });
    expect(Array.from(snaps.segment)).toEqual(brute.map((b) => b.seg));
    snaps.access.forEach((a, i) => expect(a).toBeCloseTo(brute[i].access, 9));
    expect(snaps.segment[0]).toBe(0);
    expect(snaps.access[0]).toBe(10);
  });
});

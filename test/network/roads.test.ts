import { describe, expect, it } from "vitest";
import { ScenarioError, haversine } from "@siting/core";
import { readRoads, reverseGraph, type RoadsInput } from "../../packages/core/src/network/index.js";
import { featuresToLonLat, smallGrid } from "./oracle.js";

const line = (coordinates: number[][], properties: Record<string, unknown> = {}) => ({ type: "Feature" as const, geometry: { type: "LineString" as const, coordinates }, properties });

function issuesOf(f: () => unknown): { path: string; message: string }[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).issues;
  }
  throw new Error("expected a ScenarioError");
}

describe("readRoads", () => {
  it("merges shared vertices into nodes and builds the CSR graph with one-ways", () => {
    const net = readRoads(smallGrid(), { coords: "xy", defaultSpeed: 20 });
    expect(net.nodeCount).toBe(25 + 3);
    // 5 rows × 4 segments − 1 missing + 5 columns × 4 + 2 detached
    expect(net.segmentCount).toBe(20 - 1 + 20 + 2);
    // one-way: row 1 (4 segments) and column 3 (4 segments) carry one arc each
    expect(net.graph.targets.length).toBe(2 * net.segmentCount - 8);
    expect(net.componentCount).toBe(2);
    expect(net.totalLength).toBeCloseTo(3900 + 200, 9);
    expect(net.componentLength[net.component[0]]).toBeCloseTo(3900, 9);
    // the arcs leaving each node point at nodes one segment away, with the segment's length
    const { offsets, targets, length } = net.graph;
    for (let u = 0; u < net.nodeCount; u++) {
      for (let e = offsets[u]; e < offsets[u + 1]; e++) {
        const v = targets[e];
        expect(Math.hypot(net.nodeX[v] - net.nodeX[u], net.nodeY[v] - net.nodeY[u])).toBeCloseTo(length[e], 9);
      }
    }
    // row 1 (y = 100) one-way eastbound: arcs from (100,100) go east, none west
    const at = (x: number, y: number) => Array.from(net.nodeX).findIndex((xx, u) => xx === x && net.nodeY[u] === y);
    const heads = (u: number) => Array.from(net.graph.targets.subarray(offsets[u], offsets[u + 1]));
    expect(heads(at(100, 100))).toContain(at(200, 100));
    expect(heads(at(100, 100))).not.toContain(at(0, 100));
    // column 3 "-1": travel against coordinate order (southbound)
    expect(heads(at(300, 300))).toContain(at(300, 200));
    expect(heads(at(300, 200))).not.toContain(at(300, 300));
    // times: 30 km/h → 100 m in 0.2 min; row 3 has no speed → defaultSpeed 20 km/h → 0.3 min
    expect(net.segTime).not.toBeNull();
    const rev = reverseGraph(net.graph);
    expect(rev.targets.length).toBe(net.graph.targets.length);
    expect(Array.from(rev.offsets.subarray(1)).every((v, u) => v >= rev.offsets[u])).toBe(true);
  });

  it("travel times from speeds (km/h), default speed for roads without one", () => {
    const net = readRoads([line([[0, 0], [1000, 0]], { speed: 60 }), line([[1000, 0], [1000, 500]], { speed: "30" }), line([[1000, 500], [0, 500]])], { coords: "xy", defaultSpeed: 10 });
    expect(Array.from(net.segTime as Float64Array)).toEqual([1, 1, 6]);
    const none = readRoads([line([[0, 0], [1000, 0]], { speed: 60 }), line([[1000, 0], [1000, 500]])], { coords: "xy" });
    expect(none.segTime).toBeNull();
    expect(Array.from(none.featuresWithoutSpeed)).toEqual([1]);
  });

  it("lon/lat lengths are haversine", () => {
    const net = readRoads(featuresToLonLat(smallGrid()), { coords: "lonlat" });
    for (let s = 0; s < net.segmentCount; s++) {
      const a = net.segA[s], b = net.segB[s];
      expect(net.segLength[s]).toBe(haversine(net.nodeX[a], net.nodeY[a], net.nodeX[b], net.nodeY[b]));
      expect(net.segLength[s]).toBeCloseTo(100, 1);
    }
    expect(net.projection).not.toBeNull();
  });

  it("a snapping tolerance joins near-coincident ends; exact matching does not", () => {
    const roads = [line([[0, 0], [100, 0]]), line([[100.004, 0.003], [200, 0]]), line([[300, 0], [400, 0]])];
    expect(readRoads(roads, { coords: "xy" }).componentCount).toBe(3);
    const merged = readRoads(roads, { coords: "xy", tolerance: 0.01 });
    expect(merged.componentCount).toBe(2);
    expect(merged.nodeCount).toBe(5);
    // the merged node takes the coordinates of the first in (x, y) order
    expect(Array.from(merged.nodeX)).toEqual([0, 100, 200, 300, 400]);
    // lon/lat: a tolerance in metres
    const ll = featuresToLonLat(roads as never);
    expect(readRoads(ll, { coords: "lonlat", tolerance: 0.01 }).componentCount).toBe(2);
    expect(readRoads(ll, { coords: "lonlat", tolerance: 0.001 }).componentCount).toBe(3);
  });

  it("MultiLineStrings, bare geometries and repeated positions", () => {
    const net = readRoads(
      {
        type: "FeatureCollection",
        features: [
          { type: "Feature", geometry: { type: "MultiLineString", coordinates: [[[0, 0], [10, 0], [10, 0]], [[10, 0], [10, 10]]] }, properties: null },
          { type: "LineString", coordinates: [[10, 10], [0, 10]] } as never,
        ],
      },
      { coords: "xy" },
    );
    expect(net.segmentCount).toBe(3);
    expect(net.nodeCount).toBe(4);
    expect(Array.from(net.segFeature)).toEqual([0, 0, 1]);
  });

  it("rejects bad input naming the feature and the problem", () => {
    const bad = [
      line([[0, 0], [1, 1]]),
      { type: "Feature", geometry: { type: "Point", coordinates: [0, 0] }, properties: {} },
      line([[0, 0], [NaN, 1]]),
      line([[0, 0], [1, 1]], { speed: -30 }),
      line([[0, 0]]),
      { type: "Feature", geometry: null, properties: {} },
      line([[0, 0], [1, 1]], { oneway: "sometimes" }),
      line([[0, 0], [1, 1]], { speed: "fast" }),
      "road",
    ] as unknown as RoadsInput;
    const issues = issuesOf(() => readRoads(bad, { coords: "xy" }));
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(Object.keys(byPath)).toEqual([
      "features[1].geometry.type",
      "features[2].geometry.coordinates[1]",
      "features[3].properties.speed",
      "features[4].geometry.coordinates",
      "features[5].geometry",
      "features[6].properties.oneway",
      "features[7].properties.speed",
      "features[8]",
    ]);
    expect(byPath["features[3].properties.speed"]).toMatch(/negative/);
    expect(byPath["features[2].geometry.coordinates[1]"]).toMatch(/finite/);
    expect(() => readRoads(bad, { coords: "xy" })).toThrow(/features\[1\]\.geometry\.type: expected "LineString" or "MultiLineString", got "Point"/);
  });

  it("rejects lon/lat out of range (x/y metres given as lon/lat), non-collections, empty networks and bad options", () => {
    expect(issuesOf(() => readRoads([line([[500000, 3400000], [500100, 3400000]])], { coords: "lonlat" }))[0].path).toBe("features[0].geometry.coordinates[0]");
    expect(issuesOf(() => readRoads({ type: "Topology" } as never, { coords: "xy" }))[0].path).toBe("");
    expect(issuesOf(() => readRoads([], { coords: "xy" }))[0].path).toBe("features");
    expect(issuesOf(() => readRoads([line([[1, 1], [1, 1]])], { coords: "xy" }))[0].message).toMatch(/positive length/);
    const opts = issuesOf(() => readRoads([line([[0, 0], [1, 0]])], { coords: "utm" as never, defaultSpeed: -5, tolerance: NaN }));
    expect(opts.map((i) => i.path)).toEqual(["options.coords", "options.defaultSpeed", "options.tolerance"]);
  });
});

import { describe, expect, it } from "vitest";
import { networkCosts, readRoads, type NetworkCosts } from "../../packages/core/src/network/index.js";
import { ScenarioError } from "@siting/core";
import { featuresToLonLat, mulberry, oracleCosts, smallGrid, toLonLat, type Feature, type OracleOptions, type Pt } from "./oracle.js";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Every oracle pair within the cutoff is kept at the same cost; every kept pair is one of them; rows sorted. */
function expectSameCosts(nc: NetworkCosts, C: number[][], cutoff: number): number {
  let kept = 0;
  for (let i = 0; i < nc.n; i++) {
    const row = new Map<number, number>();
    for (let k = nc.ptr[i]; k < nc.ptr[i + 1]; k++) {
      row.set(nc.site[k], nc.cost[k]);
      if (k > nc.ptr[i]) {
        const ordered = nc.cost[k - 1] < nc.cost[k] || (nc.cost[k - 1] === nc.cost[k] && nc.site[k - 1] < nc.site[k]);
        expect(ordered, `row ${i} sorted at ${k}`).toBe(true);
      }
      expect(nc.cost[k]).toBeLessThanOrEqual(cutoff);
    }
    expect(row.size, `row ${i} has no repeated site`).toBe(nc.ptr[i + 1] - nc.ptr[i]);
    for (let j = 0; j < nc.m; j++) {
      const want = C[i][j];
      const got = row.get(j);
      if (want < Infinity && want <= cutoff * (1 - 1e-9)) {
        expect(got, `demand ${i} → site ${j}: ${want} expected`).toBeDefined();
        kept++;
      }
      if (got !== undefined) {
        expect(want, `demand ${i} → site ${j} kept at ${got}`).toBeLessThanOrEqual(cutoff * (1 + 1e-9));
        expect(close(got, want), `demand ${i} → site ${j}: ${got} vs ${want}`).toBe(true);
      }
    }
  }
  return kept;
}

function points(seed: number, count: number, extra: Pt[] = []): Pt[] {
  const rnd = mulberry(seed);
  const pts: Pt[] = [...extra];
  while (pts.length < count) {
    // mostly in the grid, some near the detached street, some off the end of streets
    const u = rnd();
    if (u < 0.8) pts.push({ x: -40 + rnd() * 480, y: -40 + rnd() * 480 });
    else pts.push({ x: 960 + rnd() * 180, y: -30 + rnd() * 160 });
  }
  return pts;
}

// points on intersections, on street ends, on the one-way row and the one-way column, on the missing link
const SPECIAL_DEMAND: Pt[] = [
  { x: 0, y: 0 },
  { x: 200, y: 100 },
  { x: 130, y: 100 },
  { x: 170, y: 100 },
  { x: 300, y: 250 },
  { x: 300, y: 220 },
  { x: -25, y: -25 },
  { x: 240, y: 203 },
  { x: 440, y: 400 },
];
const SPECIAL_SITES: Pt[] = [
  { x: 150, y: 100 },
  { x: 300, y: 230 },
  { x: 400, y: 400 },
  { x: 1050, y: 0 },
];

const scale = (pts: Pt[], lonlat: boolean) => (lonlat ? pts.map((p) => ((q) => ({ x: q[0], y: q[1] }))(toLonLat(p.x, p.y))) : pts);

describe("networkCosts vs an all-pairs Dijkstra on the split graph", () => {
  const cases: { coords: "xy" | "lonlat"; unit: "metres" | "minutes"; direction: "toSite" | "fromSite"; cutoff: number }[] = [];
  for (const coords of ["xy", "lonlat"] as const)
    for (const unit of ["metres", "minutes"] as const)
      for (const direction of ["toSite", "fromSite"] as const)
        for (const cutoff of unit === "metres" ? [350, 800, Infinity] : [2.5, 6, Infinity]) cases.push({ coords, unit, direction, cutoff });

  it.each(cases)("$coords, $unit, $direction, cutoff $cutoff", ({ coords, unit, direction, cutoff }) => {
    const lonlat = coords === "lonlat";
    const grid = smallGrid();
    const roads = lonlat ? featuresToLonLat(grid) : grid;
    const seed = (lonlat ? 100 : 0) + (unit === "minutes" ? 10 : 0) + (direction === "fromSite" ? 5 : 0);
    const demand = scale(points(seed + 1, 45, SPECIAL_DEMAND), lonlat);
    const sites = scale(points(seed + 2, 12, SPECIAL_SITES), lonlat);
    const o: OracleOptions = { coords, unit, direction, defaultSpeed: 20, accessSpeed: 5 };
    const nc = networkCosts(roads, demand, sites, { ...o, cutoff });
    const C = oracleCosts(roads, demand, sites, o);
    const kept = expectSameCosts(nc, C, cutoff);
    expect(kept).toBeGreaterThan(0);
    expect(nc.report.pairs).toBe(nc.ptr[nc.n]);
    // the detached street: its points reach only its own sites, and only there
    expect(nc.report.components).toBe(2);
    expect(nc.report.largestComponentShare).toBeGreaterThan(0.9);
    expect(nc.report.demandOffLargest).toBeGreaterThan(0);
    // unreachable demand: exactly the rows the oracle leaves empty within the cutoff
    const empty = C.map((row, i) => (row.every((c) => !(c <= cutoff)) ? i : -1)).filter((i) => i >= 0);
    expect(nc.report.unreachableDemand).toEqual(empty);
    const lonely = sites.map((_, j) => (C.every((row) => !(row[j] <= cutoff)) ? j : -1)).filter((j) => j >= 0);
    expect(nc.report.unreachableSites).toEqual(lonely);
  });

  it("one-ways make the two directions differ, and each matches the oracle's", () => {
    const roads = smallGrid();
    const demand = points(7, 30, SPECIAL_DEMAND);
    const sites = points(8, 8, SPECIAL_SITES);
    const a = networkCosts(roads, demand, sites, { coords: "xy", unit: "metres", cutoff: Infinity });
    const b = networkCosts(roads, demand, sites, { coords: "xy", unit: "metres", cutoff: Infinity, direction: "fromSite" });
    let differ = 0;
    for (let k = 0; k < a.cost.length; k++) if (a.site[k] !== b.site[k] || !close(a.cost[k], b.cost[k])) differ++;
    expect(differ).toBeGreaterThan(0);
  });

  it("points on one segment: the direct path along it, or around the block when a one-way forbids it", () => {
    // row 1 is one-way eastbound: demand at x=130 reaches a site at x=150 directly (20 m), but a
    // demand at x=170 must go round the block to reach it
    const roads = smallGrid();
    const nc = networkCosts(roads, [{ x: 130, y: 100 }, { x: 170, y: 100 }], [{ x: 150, y: 100 }], { coords: "xy", unit: "metres", cutoff: Infinity });
    expect(nc.cost[nc.ptr[0]]).toBeCloseTo(20, 9);
    const around = nc.cost[nc.ptr[1]];
    expect(around).toBeGreaterThan(200);
    const C = oracleCosts(roads, [{ x: 130, y: 100 }, { x: 170, y: 100 }], [{ x: 150, y: 100 }], { coords: "xy", unit: "metres" });
    expect(around).toBeCloseTo(C[1][0], 9);
    // in the other direction (site → demand) it is the other way round
    const back = networkCosts(roads, [{ x: 130, y: 100 }, { x: 170, y: 100 }], [{ x: 150, y: 100 }], { coords: "xy", unit: "metres", cutoff: Infinity, direction: "fromSite" });
    expect(back.cost[back.ptr[1]]).toBeCloseTo(20, 9);
    expect(back.cost[back.ptr[0]]).toBeGreaterThan(200);
  });

  it("two points on one long segment, far from its ends: the direct path alone", () => {
    const roads: Feature[] = [{ type: "Feature", geometry: { type: "LineString", coordinates: [[0, 0], [10000, 0]] }, properties: { speed: 30 } }];
    const nc = networkCosts(roads, [{ x: 5000, y: 10 }, { x: 9000, y: 0 }], [{ x: 5100, y: 0 }], { coords: "xy", unit: "metres", cutoff: 200 });
    expect(Array.from(nc.ptr)).toEqual([0, 1, 1]);
    expect(nc.cost[0]).toBeCloseTo(110, 9);
    expect(nc.report.unreachableDemand).toEqual([1]);
  });

  it("the cutoff is inclusive and respected; minutes add the access legs at the access speed", () => {
    const roads: Feature[] = [{ type: "Feature", geometry: { type: "LineString", coordinates: [[0, 0], [1000, 0]] }, properties: { speed: 60 } }];
    // demand 48 m off the road at x=0 (36 s walking at 4.8 km/h), site on the road at x=500 (30 s at 60 km/h)
    const demand = [{ x: 0, y: 48 }];
    const sites = [{ x: 500, y: 0 }, { x: 1000, y: 80 }];
    const nc = networkCosts(roads, demand, sites, { coords: "xy", unit: "minutes", cutoff: 1.2 });
    expect(Array.from(nc.site)).toEqual([0]);
    expect(nc.cost[0]).toBeCloseTo(0.6 + 0.5, 12);
    const all = networkCosts(roads, demand, sites, { coords: "xy", unit: "minutes", cutoff: Infinity });
    expect(Array.from(all.site)).toEqual([0, 1]);
    expect(all.cost[1]).toBeCloseTo(0.6 + 1 + 1, 12);
    const exact = networkCosts(roads, demand, sites, { coords: "xy", unit: "metres", cutoff: 548 });
    expect(Array.from(exact.site)).toEqual([0]);
    expect(exact.cost[0]).toBe(548);
    const faster = networkCosts(roads, demand, sites, { coords: "xy", unit: "minutes", cutoff: Infinity, accessSpeed: 9.6 });
    expect(faster.cost[0]).toBeCloseTo(0.3 + 0.5, 12);
  });

  it("points beyond maxAccess are reported unsnapped and unreachable", () => {
    const roads = smallGrid();
    const demand = [{ x: 50, y: 0 }, { x: 5000, y: 5000 }, { x: 210, y: 30 }];
    const sites = [{ x: 100, y: 10 }, { x: -3000, y: 0 }];
    const nc = networkCosts(roads, demand, sites, { coords: "xy", unit: "metres", cutoff: Infinity, maxAccess: 100 });
    expect(nc.report.unsnappedDemand).toEqual([1]);
    expect(nc.report.unsnappedSites).toEqual([1]);
    expect(nc.report.unreachableDemand).toEqual([1]);
    expect(nc.report.unreachableSites).toEqual([1]);
    expect(nc.ptr[3] - nc.ptr[2]).toBe(1);
    expect(nc.report.snapped.maxAccess).toBeCloseTo(10, 12);
    expect(nc.report.snapped.meanAccess).toBeCloseTo((0 + 10 + 0) / 3, 12);
    // without the limit, the far points are snapped (the demand point to the detached street's end)
    const all = networkCosts(roads, demand, sites, { coords: "xy", unit: "metres", cutoff: Infinity });
    expect(all.report.unsnappedSites).toEqual([]);
    expect(all.report.unsnappedDemand).toEqual([]);
    expect(all.report.snapped.maxAccess).toBeCloseTo(Math.hypot(3900, 4900), 9);
  });

  it("a prebuilt network is reused; minutes without speeds are refused naming the roads", () => {
    const net = readRoads(smallGrid(), { coords: "xy" });
    expect(net.segTime).toBeNull();
    expect(Array.from(net.featuresWithoutSpeed)).toEqual([4]);
    expect(() => networkCosts(net, [{ x: 0, y: 0 }], [{ x: 10, y: 0 }], { coords: "xy", unit: "minutes", cutoff: 10 })).toThrow(/features\[4\]\.properties\.speed/);
    const nc = networkCosts(net, [{ x: 0, y: 0 }], [{ x: 10, y: 0 }], { coords: "xy", unit: "metres", cutoff: 10 });
    expect(nc.cost[0]).toBe(10);
    expect(nc.network).toBe(net);
  });

  it("validates points and options", () => {
    const roads = smallGrid();
    const bad = () => networkCosts(roads, [{ x: 0, y: NaN }], [{ x: 0, y: 0 }], { coords: "xy", unit: "metres", cutoff: -1, accessSpeed: 0 });
    expect(bad).toThrow(ScenarioError);
    try {
      bad();
    } catch (e) {
      const paths = (e as ScenarioError).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(["demand[0]", "options.cutoff", "options.accessSpeed"]));
    }
    expect(() => networkCosts(featuresToLonLat(roads), [{ x: 500, y: 30 }], [], { coords: "lonlat", unit: "metres", cutoff: 1 })).toThrow(/demand\[0\]/);
  });

  // few demand points on a big grid with a short cutoff: sites keep their demand costs and reach
  // few nodes; many demand points on a small grid: sites keep node distances and reach most nodes
  it.each([
    { size: 20, demand: 40, sites: 30, cutoff: 1.2 },
    { size: 20, demand: 40, sites: 30, cutoff: 6 },
    { size: 6, demand: 400, sites: 20, cutoff: 0.8 },
    { size: 6, demand: 400, sites: 20, cutoff: 4 },
  ])("grid $size × $size, $demand demand points, $sites sites, cutoff $cutoff min", ({ size, demand: nd, sites: ns, cutoff }) => {
    const roads = smallGrid(size, 100);
    const rnd = mulberry(size * 1000 + nd + cutoff);
    const ext = (size - 1) * 100;
    const demand = Array.from({ length: nd }, () => ({ x: rnd() * ext, y: rnd() * ext }));
    const sites = Array.from({ length: ns }, () => ({ x: rnd() * ext, y: rnd() * ext }));
    for (const direction of ["toSite", "fromSite"] as const) {
      const o: OracleOptions = { coords: "xy", unit: "minutes", defaultSpeed: 25, direction };
      const nc = networkCosts(roads, demand, sites, { ...o, cutoff });
      expectSameCosts(nc, oracleCosts(roads, demand, sites, o), cutoff);
    }
  });

  it("demand crowded on a few streets of a big grid (sites keep the few nodes that carry demand)", () => {
    const roads = smallGrid(30, 100);
    const rnd = mulberry(31);
    const demand = Array.from({ length: 60 }, (_, k) => ({ x: 1000 + (k % 3) * 100 + rnd() * 100, y: 1000 + rnd() * 3 }));
    const sites = Array.from({ length: 25 }, () => ({ x: rnd() * 2900, y: rnd() * 2900 }));
    for (const cutoff of [3, 12]) {
      const o: OracleOptions = { coords: "xy", unit: "minutes", defaultSpeed: 25 };
      const nc = networkCosts(roads, demand, sites, { ...o, cutoff });
      expectSameCosts(nc, oracleCosts(roads, demand, sites, o), cutoff);
    }
  });

  it("sparse memory: a random grid keeps only pairs within the cutoff", () => {
    const roads = smallGrid(12, 100);
    const rnd = mulberry(3);
    const demand = Array.from({ length: 120 }, () => ({ x: rnd() * 1100, y: rnd() * 1100 }));
    const sites = Array.from({ length: 25 }, () => ({ x: rnd() * 1100, y: rnd() * 1100 }));
    const o: OracleOptions = { coords: "xy", unit: "minutes", defaultSpeed: 25 };
    const nc = networkCosts(roads, demand, sites, { ...o, cutoff: 3 });
    const C = oracleCosts(roads, demand, sites, o);
    expectSameCosts(nc, C, 3);
    expect(nc.report.pairs).toBeLessThan(120 * 25);
  });
});

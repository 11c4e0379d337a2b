/**
 * Input validation: one test per class of bad input, each checking that a `ScenarioError` is
 * thrown whose message names the field path and shows the offending value; then the good paths
 * (GeoJSON, lon/lat with haversine against turf, kd-tree coverage against a brute-force scan,
 * manhattan).
 */
import { distance as turfDistance, point as turfPoint } from "@turf/turf";
import { describe, expect, it } from "vitest";
import { buildCoverage, buildInstance, evaluate, haversine, parseProblem, parseScenario, ScenarioError, solveSync, type ProblemInput } from "@siting/core";
import { mulberry32 } from "./support/random.js";

const D = [
  { id: "a", x: 0, y: 0, weight: 1 },
  { id: "b", x: 1, y: 1, weight: 2 },
];
const S = [
  { id: "s0", x: 0, y: 1 },
  { id: "s1", x: 1, y: 0 },
];

function caught(f: () => unknown): ScenarioError {
  let err: unknown = null;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, "expected a ScenarioError").toBeInstanceOf(ScenarioError);
  return err as ScenarioError;
}

/**
 * Asserts the error has an issue at exactly `path` whose line in the message shows `shown`
 * (the offending value as the message renders it, e.g. `-1`, `"5"`, `NaN`).
 */
function expectIssue(err: ScenarioError, path: string, shown?: string, words?: string): void {
  const line = err.message.split("\n").find((l) => l.startsWith(`  - ${path}: `));
  expect(line, `no line for ${path} in:\n${err.message}`).toBeDefined();
  expect(err.issues.some((i) => i.path === (path === "input" ? "" : path))).toBe(true); // "" is the document itself
  if (shown !== undefined) expect(line).toContain(`got ${shown}`);
  if (words !== undefined) expect(line).toContain(words);
}

const bad = (input: unknown, path: string, shown?: string, words?: string) => expectIssue(caught(() => parseScenario(input)), path, shown, words);

describe("scenario validation: one test per class of bad input", () => {
  it("not JSON", () => {
    const err = caught(() => parseScenario('{"demand": [,'));
    expectIssue(err, "input", undefined, "not valid JSON");
  });

  it("wrong top-level shape", () => {
    bad([1, 2], "input", "[1,2]", "expected an object");
    bad(42, "input", "42");
    bad({ demand: 5, sites: S }, "demand", "5", "expected an array");
  });

  it("empty demand", () => bad({ demand: [], sites: S }, "demand", "[]", "at least one"));
  it("empty sites", () => bad({ demand: D, sites: [] }, "sites", "[]", "at least one"));
  it("missing id", () => bad({ demand: [D[0], { x: 0, y: 0, weight: 1 }], sites: S }, "demand[1].id", "nothing"));
  it("duplicate id", () => bad({ demand: D, sites: [S[0], { ...S[1], id: "s0" }] }, "sites[1].id", '"s0"', "duplicate"));

  it("NaN where a number belongs", () => bad({ demand: [D[0], { ...D[1], weight: NaN }], sites: S }, "demand[1].weight", "NaN"));
  it("Infinity where a number belongs", () => bad({ demand: [D[0], { ...D[1], x: Infinity }], sites: S }, "demand[1].x", "Infinity"));
  it("a string where a number belongs", () => bad({ demand: [D[0], { ...D[1], weight: "5" }], sites: S }, "demand[1].weight", '"5"'));
  it("negative weight", () => bad({ demand: [D[0], { ...D[1], weight: -1 }], sites: S }, "demand[1].weight", "-1"));
  it("negative cost", () => bad({ demand: D, sites: [S[0], { ...S[1], cost: -3 }] }, "sites[1].cost", "-3"));
  it("negative capacity", () => bad({ demand: D, sites: [{ ...S[0], capacity: -2 }, S[1]] }, "sites[0].capacity", "-2"));
  it("longitude out of range", () => bad({ demand: [{ id: "a", lon: 200, lat: 0, weight: 1 }], sites: [{ id: "s", lon: 0, lat: 0 }] }, "demand[0].lon", "200"));
  it("latitude out of range", () => bad({ demand: [{ id: "a", lon: 20, lat: 0, weight: 1 }], sites: [{ id: "s", lon: 0, lat: -95 }] }, "sites[0].lat", "-95"));

  it("x/y mixed with lon/lat within one point", () => {
    bad({ demand: [D[0], { id: "b", x: 1, y: 2, lon: 3, lat: 4, weight: 1 }], sites: S }, "demand[1]", undefined, "mixes x/y with lon/lat");
  });
  it("x/y mixed with lon/lat across points", () => {
    const err = caught(() => parseScenario({ demand: D, sites: [S[0], { id: "s1", lon: 3, lat: 4 }] }));
    expectIssue(err, "sites[1]", undefined, "uses lon/lat while demand[0] uses x/y");
  });

  it("costs matrix: wrong row count", () => bad({ demand: D, sites: S, costs: [[1, 2]] }, "costs", "1 rows", "expected 2 rows"));
  it("costs matrix: wrong row length", () => bad({ demand: D, sites: S, costs: [[1, 2], [1, 2, 3]] }, "costs[1]", '"an array of 3 items"', "2 numbers"));
  it("costs matrix: negative entry", () => bad({ demand: D, sites: S, costs: [[1, -2], [1, 2]] }, "costs[0][1]", "-2"));
  it("costs matrix: NaN entry", () => bad({ demand: D, sites: S, costs: [[1, 2], [NaN, 2]] }, "costs[1][0]", "NaN"));

  it("unknown metric", () => bad({ demand: D, sites: S, metric: "chebyshev" }, "metric", '"chebyshev"', "unknown metric"));
  it("haversine with x/y", () => bad({ demand: D, sites: S, metric: "haversine" }, "metric", '"haversine"', "needs lon/lat"));
  it("unknown top-level field (the path is the field)", () => bad({ demand: D, sites: S, colour: "red" }, "colour", undefined, "unknown field"));

  it("lists every problem at once", () => {
    const err = caught(() => parseScenario({ demand: [{ id: "a", x: 0, y: 0, weight: -1 }, { id: "a", x: 0, y: "1", weight: 1 }], sites: [{ id: "s", x: 0, y: 0, cost: -1 }] }));
    expectIssue(err, "demand[0].weight", "-1");
    expectIssue(err, "demand[1].y", '"1"');
    expectIssue(err, "sites[0].cost", "-1");
  });
});

describe("problem validation", () => {
  const sc = parseScenario({ demand: D, sites: [S[0], { ...S[1], existing: true }] });
  const priced = parseScenario({ demand: D, sites: [{ ...S[0], cost: 3 }, { ...S[1], cost: 1 }] });
  const badP = (problem: unknown, scenario: typeof sc, path: string, shown?: string, words?: string) => {
    expectIssue(caught(() => parseProblem(problem, scenario)), path, shown, words);
    // solve() validates the same way (an untyped caller: the types would reject these problems)
    expectIssue(caught(() => solveSync(scenario, problem as ProblemInput)), path, shown, words);
  };

  it("p < 1", () => badP({ type: "pmedian", p: 0 }, sc, "problem.p", "0"));
  it("p > number of sites", () => badP({ type: "pmedian", p: 5 }, sc, "problem.p", "5", "at most the number of sites (2)"));
  it("p < number of existing sites", () => {
    const two = parseScenario({ demand: D, sites: [{ ...S[0], existing: true }, { ...S[1], existing: true }, { id: "s2", x: 3, y: 3 }] });
    badP({ type: "pcenter", p: 1 }, two, "problem.p", "1", "existing sites (2)");
  });
  it("radius ≤ 0", () => {
    badP({ type: "mclp", p: 1, radius: 0 }, sc, "problem.radius", "0");
    badP({ type: "lscp", radius: -5 }, sc, "problem.radius", "-5");
  });
  it("budget < 0", () => badP({ type: "mclp", radius: 1, budget: -1 }, priced, "problem.budget", "-1"));
  it("budget without site costs", () => badP({ type: "pmedian", budget: 10 }, sc, "problem.budget", "10", "needs site costs"));
  it("unknown problem type", () => badP({ type: "kmeans", p: 1 }, sc, "problem.type", '"kmeans"', "unknown problem"));
});

const fc = (features: unknown[]) => ({ type: "FeatureCollection", features });
const pt = (lon: number, lat: number, properties: Record<string, unknown>) => ({ type: "Feature", geometry: { type: "Point", coordinates: [lon, lat] }, properties });

describe("GeoJSON input", () => {
  it("non-Point geometry", () => {
    const line = { type: "Feature", geometry: { type: "LineString", coordinates: [[0, 0], [1, 1]] }, properties: { id: "b", weight: 1 } };
    bad({ demand: fc([pt(121.8, 30.9, { id: "a", weight: 1 }), line]), sites: fc([pt(121.8, 30.9, { id: "s" })]) }, "demand.features[1].geometry", '"LineString"', "Point");
  });

  it("paths name the feature property: demand.features[2].properties.weight", () => {
    const demand = fc([pt(121.8, 30.9, { id: "a", weight: 1 }), pt(121.81, 30.9, { id: "b", weight: 1 }), pt(121.82, 30.9, { id: "c", weight: -4 })]);
    bad({ demand, sites: fc([pt(121.8, 30.9, { id: "s" })]) }, "demand.features[2].properties.weight", "-4");
    const sites = fc([pt(121.8, 30.9, { id: "s" }), pt(191.8, 30.9, { id: "t" })]);
    bad({ demand, sites }, "sites.features[1].geometry.coordinates[0]", "191.8", "longitude");
  });

  it("a single FeatureCollection with properties.role", () => {
    const ok = parseScenario(
      fc([
        pt(121.80, 30.90, { id: "a", role: "demand", weight: 3, town: "Nanhui" }),
        pt(121.81, 30.91, { id: "b", role: "demand", weight: 1 }),
        pt(121.805, 30.905, { id: "clinic-1", role: "site", cost: 2, beds: 40 }),
      ]),
    );
    expect(ok.format).toBe("geojson");
    expect(ok.demand.map((d) => d.id)).toEqual(["a", "b"]);
    expect(ok.sites.map((s) => s.id)).toEqual(["clinic-1"]);
    expect(ok.demand[0].properties).toEqual({ town: "Nanhui" });
    expect(ok.sites[0].properties).toEqual({ beds: 40 });
    expect(ok.sites[0].cost).toBe(2);
    bad(fc([pt(121.8, 30.9, { id: "a", role: "demand", weight: 1 }), pt(121.8, 30.9, { id: "s", role: "depot" })]), "features[1].properties.role", '"depot"', '"demand" or "site"');
  });

  it("two FeatureCollections parse, extra properties are kept, lon/lat means haversine", () => {
    const s = parseScenario({
      demand: fc([pt(121.8, 30.9, { id: "a", weight: 2, name: "block 7", households: 120 }), pt(121.83, 30.92, { id: "b", weight: 1 })]),
      sites: fc([{ ...pt(121.81, 30.91, { name: "school site", area_m2: 5000 }), id: "S1" }]),
    });
    expect(s.format).toBe("geojson");
    expect(s.coords).toBe("lonlat");
    expect(s.metric).toBe("haversine");
    expect(s.demand[0]).toMatchObject({ id: "a", x: 121.8, y: 30.9, weight: 2, properties: { name: "block 7", households: 120 } });
    expect(s.sites[0]).toMatchObject({ id: "S1", properties: { name: "school site", area_m2: 5000 } });
  });
});

/** Random lon/lat points in a box around (121.8E, 30.9N), about 9 km × 11 km. */
function shanghai(count: number, seed: number, prefix: string, weight = true) {
  const rand = mulberry32(seed);
  return Array.from({ length: count }, (_, k) => ({
    id: `${prefix}${k}`,
    lon: 121.75 + rand() * 0.1,
    lat: 30.85 + rand() * 0.1,
    ...(weight ? { weight: 1 + Math.floor(rand() * 5) } : {}),
  }));
}

describe("distances and coverage", () => {
  it("lon/lat distances agree with turf's distance in metres (1e-6 relative)", () => {
    const demand = shanghai(40, 1, "d");
    const sites = shanghai(20, 2, "s", false);
    const sc = parseScenario({ demand, sites });
    expect(sc.metric).toBe("haversine");
    const inst = buildInstance(sc);
    for (let i = 0; i < demand.length; i++) {
      for (let j = 0; j < sites.length; j++) {
        const t = turfDistance(turfPoint([demand[i].lon, demand[i].lat]), turfPoint([sites[j].lon, sites[j].lat]), { units: "meters" });
        expect(Math.abs(inst.dist(i, j) - t)).toBeLessThanOrEqual(1e-6 * t);
      }
    }
    // and so do the distances a solve reports
    const r = solveSync(sc, { type: "pmedian", p: 3 });
    for (const a of r.assignment) {
      const i = demand.findIndex((d) => d.id === a.demand);
      const j = sites.findIndex((s) => s.id === a.site);
      const t = turfDistance(turfPoint([demand[i].lon, demand[i].lat]), turfPoint([sites[j].lon, sites[j].lat]), { units: "meters" });
      expect(Math.abs((a.distance as number) - t)).toBeLessThanOrEqual(1e-6 * t);
    }
  });

  it("kd-tree coverage on lon/lat equals a brute-force haversine scan (300 points near Shanghai, 1000 m)", () => {
    const demand = shanghai(300, 11, "d");
    const sites = shanghai(300, 12, "s", false);
    const sc = parseScenario({ demand, sites });
    const inst = buildInstance(sc);
    const scan = (radius: number) => {
      const rows: number[][] = [];
      for (const d of demand) {
        const row: number[] = [];
        sites.forEach((s, j) => {
          if (haversine(d.lon, d.lat, s.lon, s.lat) <= radius) row.push(j);
        });
        rows.push(row);
      }
      return rows;
    };
    const rowsOf = (radius: number) => {
      const cov = buildCoverage(inst, radius);
      return demand.map((_, i) => Array.from(cov.byDemand.idx.subarray(cov.byDemand.ptr[i], cov.byDemand.ptr[i + 1])));
    };
    const want = scan(1000);
    expect(rowsOf(1000)).toEqual(want);
    const pairs = want.reduce((s, r) => s + r.length, 0);
    expect(pairs).toBeGreaterThan(300); // the test means something: about 3 sites per point

    // inclusive boundary: a radius equal to some pair's exact distance keeps that pair
    const i0 = 17;
    const j0 = 123;
    const r0 = haversine(demand[i0].lon, demand[i0].lat, sites[j0].lon, sites[j0].lat);
    const at = rowsOf(r0);
    expect(at[i0]).toContain(j0);
    expect(at).toEqual(scan(r0));
    const below = rowsOf(r0 * (1 - 1e-12));
    expect(below[i0]).not.toContain(j0);
    expect(below).toEqual(scan(r0 * (1 - 1e-12)));
  });

  it("inclusive boundary on x/y for every exact integer distance in a grid", () => {
    // sites on a grid, one demand point at the origin; every radius that is an exact distance
    const sites: { id: string; x: number; y: number }[] = [];
    for (let x = 0; x <= 40; x += 5) for (let y = 0; y <= 130; y += 5) sites.push({ id: `s${x}_${y}`, x, y });
    sites.push({ id: "t", x: 35, y: 120 }, { id: "u", x: 20, y: 99 }, { id: "v", x: 4, y: 7 });
    const sc = parseScenario({ demand: [{ id: "o", x: 0, y: 0, weight: 1 }], sites });
    const inst = buildInstance(sc);
    for (const r of [5, 13, 25, 101, 125, Math.sqrt(65)]) {
      const cov = buildCoverage(inst, r);
      const got = new Set(cov.byDemand.idx);
      sites.forEach((s, j) => expect(got.has(j), `${s.id} at radius ${r}`).toBe(Math.sqrt(s.x * s.x + s.y * s.y) <= r));
    }
  });

  it("manhattan metric", () => {
    const json = {
      metric: "manhattan" as const,
      demand: [
        { id: "a", x: 0, y: 0, weight: 2 },
        { id: "b", x: 10, y: 0, weight: 1 },
      ],
      sites: [
        { id: "s", x: 3, y: 4 },
        { id: "t", x: 10, y: 7 },
      ],
    };
    const sc = parseScenario(json);
    expect(sc.metric).toBe("manhattan");
    const inst = buildInstance(sc);
    expect(inst.dist(0, 0)).toBe(7);
    expect(inst.dist(1, 0)).toBe(11);
    expect(inst.dist(1, 1)).toBe(7);
    expect(Array.from(buildCoverage(inst, 7).byDemand.idx)).toEqual([0, 1]);
    expect(Array.from(buildCoverage(inst, 6.999).byDemand.idx)).toEqual([]);
    const ev = evaluate(sc, { type: "pmedian", p: 1 }, ["s"]);
    expect(ev.objective).toBe(2 * 7 + 11);
    expect(solveSync(json, { type: "pmedian", p: 1 })).toMatchObject({ objective: 25, open: ["s"] });
    expect(solveSync(json, { type: "lscp", radius: 7 })).toMatchObject({ objective: 2, status: "optimal" });
  });
});

/**
 * Equity measures (share beyond the cutoff, mean distance of the worst-served 10 %, Gini of
 * distance, largest distance): `equityOf` against quadratic brute force on random weighted items,
 * and the `equity` of solved results against values recomputed here from the open sites, the
 * assignment and distances computed from the coordinates.
 */
import { equityOf, evaluate, mulberry32, parseProblem, parseScenario, solve, type Equity, type Result } from "@siting/core";
import { describe, expect, it } from "vitest";

interface Item {
  d: number;
  w: number;
  cutoff?: number;
  unserved?: boolean;
}

/** The measures by definition: the double-sum Gini, and the worst 10 % group by group of equal distance. */
function brute(items: Item[], hasCutoff: boolean): Equity {
  const pos = items.filter((t) => t.w > 0);
  const W = pos.reduce((a, t) => a + t.w, 0);
  let beyond = 0;
  for (const t of pos) if (t.unserved || t.d > (t.cutoff as number)) beyond += t.w;
  let pairs = 0;
  let wd = 0;
  for (const a of pos) {
    wd += a.w * a.d;
    for (const b of pos) pairs += a.w * b.w * Math.abs(a.d - b.d);
  }
  const mu = W > 0 ? wd / W : 0;
  const gini = mu > 0 ? pairs / (2 * W * W * mu) : 0;
  // worst 10 %: each distinct distance v takes min(weight at v, 10 % − weight farther than v)
  const T = 0.1 * W;
  let sum = 0;
  for (const v of new Set(pos.map((t) => t.d))) {
    const farther = pos.filter((t) => t.d > v).reduce((a, t) => a + t.w, 0);
    const at = pos.filter((t) => t.d === v).reduce((a, t) => a + t.w, 0);
    sum += v * Math.min(at, Math.max(0, T - farther));
  }
  return {
    beyondShare: hasCutoff ? (W > 0 ? beyond / W : 0) : null,
    worst10MeanDistance: T > 0 ? sum / T : 0,
    gini,
    maxDistance: pos.reduce((a, t) => Math.max(a, t.d), 0),
  };
}

function close(a: Equity | null, b: Equity, tag = "") {
  expect(a, tag).not.toBeNull();
  const e = a as Equity;
  const near = (x: number, y: number, what: string) => expect(x === y ? 0 : Math.abs(x - y), `${tag} ${what}: ${x} vs ${y}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y)));
  if (b.beyondShare === null) expect(e.beyondShare, tag).toBeNull();
  else near(e.beyondShare as number, b.beyondShare, "beyondShare");
  near(e.worst10MeanDistance, b.worst10MeanDistance, "worst10MeanDistance");
  near(e.gini, b.gini, "gini");
  near(e.maxDistance, b.maxDistance, "maxDistance");
}

function run(items: Item[], cutoff: "none" | "one" | "each", one = 0): Equity {
  const d = Float64Array.from(items, (t) => t.d);
  const w = Float64Array.from(items, (t) => t.w);
  const served = Uint8Array.from(items, (t) => (t.unserved ? 0 : 1));
  if (cutoff === "one") items.forEach((t) => (t.cutoff = one));
  const c = cutoff === "none" ? null : cutoff === "one" ? one : Float64Array.from(items, (t) => t.cutoff as number);
  return equityOf(d, w, c, served);
}

describe("equityOf", () => {
  it("matches brute force on random weighted items (ties, zero weights, per-item cutoffs, unserved items)", () => {
    const rand = mulberry32(12);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rand() * 40);
      const levels = 1 + Math.floor(rand() * 8); // few distinct distances: many ties
      const items: Item[] = [];
      for (let i = 0; i < n; i++) {
        const r = rand();
        items.push({
          d: trial % 2 ? Math.floor(rand() * levels) * 250 : rand() * 5000,
          w: r < 0.2 ? 0 : r < 0.4 ? 1 + Math.floor(rand() * 3) : rand() * 100,
          cutoff: rand() * 5000,
          unserved: rand() < 0.1,
        });
      }
      const mode = (["none", "one", "each"] as const)[trial % 3];
      close(run(items, mode, 2000), brute(items, mode !== "none"), `trial ${trial}`);
    }
  });

  it("one point, equal distances, no positive weight, the 10 % boundary inside one point", () => {
    // one point: it is the worst 10 %; Gini 0
    expect(run([{ d: 7, w: 3 }], "one", 5)).toEqual({ beyondShare: 1, worst10MeanDistance: 7, gini: 0, maxDistance: 7 });
    // all equally far: Gini 0 whatever the weights
    const same = run([{ d: 4, w: 1 }, { d: 4, w: 10 }, { d: 4, w: 0 }, { d: 4, w: 0.5 }], "none");
    expect(same).toEqual({ beyondShare: null, worst10MeanDistance: 4, gini: 0, maxDistance: 4 });
    // all at distance 0
    expect(run([{ d: 0, w: 1 }, { d: 0, w: 2 }], "one", 0)).toEqual({ beyondShare: 0, worst10MeanDistance: 0, gini: 0, maxDistance: 0 });
    // no positive weight: nothing to measure; a zero-weight far point does not count
    expect(run([{ d: 9, w: 0 }], "one", 1)).toEqual({ beyondShare: 0, worst10MeanDistance: 0, gini: 0, maxDistance: 0 });
    expect(run([{ d: 9, w: 0 }, { d: 1, w: 2 }], "one", 1).maxDistance).toBe(1);
    // weights 1 at 10 and 9 at 0: the worst 10 % is exactly the far point; Gini = 1·9·10·2 / (2·100·1) = 0.9
    const two = run([{ d: 10, w: 1 }, { d: 0, w: 9 }], "one", 5);
    expect(two.worst10MeanDistance).toBe(10);
    expect(two.beyondShare).toBeCloseTo(0.1, 12);
    expect(two.gini).toBeCloseTo(0.9, 12);
    // weight 4 at 10 and 6 at 0: the 10 % (weight 1) lies inside the far point
    expect(run([{ d: 10, w: 4 }, { d: 0, w: 6 }], "none").worst10MeanDistance).toBe(10);
    // weights 0.5 at 10 and 9.5 at 2: 0.5 at 10 and 0.5 at 2 → mean 6
    expect(run([{ d: 10, w: 0.5 }, { d: 2, w: 9.5 }], "none").worst10MeanDistance).toBeCloseTo(6, 12);
  });

  it("an unreachable item (distance Infinity) is beyond the cutoff, makes the worst 10 % and the maximum Infinity, and is left out of the Gini", () => {
    const e = run([{ d: Infinity, w: 1 }, { d: 10, w: 1 }, { d: 0, w: 2 }], "one", Infinity);
    expect(e.beyondShare).toBeCloseTo(0.25, 12);
    expect(e.worst10MeanDistance).toBe(Infinity);
    expect(e.maxDistance).toBe(Infinity);
    close(e, { ...brute([{ d: 10, w: 1 }, { d: 0, w: 2 }], false), beyondShare: 0.25, worst10MeanDistance: Infinity, maxDistance: Infinity });
    expect(run([{ d: Infinity, w: 1 }, { d: Infinity, w: 0 }], "none")).toEqual({ beyondShare: null, worst10MeanDistance: Infinity, gini: 0, maxDistance: Infinity });
  });

  it("an unserved item is beyond the cutoff even when near", () => {
    expect(run([{ d: 1, w: 1, unserved: true }, { d: 1, w: 3 }], "one", 5).beyondShare).toBeCloseTo(0.25, 12);
  });
});

// ---- end to end: solve, then recompute the measures from the open sites and the coordinates ----

interface Pt {
  id: string;
  x: number;
  y: number;
  [k: string]: unknown;
}
type Demand = Pt & { weight: number };

function randomScenario(seed: number, n: number, m: number, extra: (rand: () => number, j: number) => Record<string, unknown> = () => ({})) {
  const rand = mulberry32(seed);
  const demand: Demand[] = [];
  for (let i = 0; i < n; i++) demand.push({ id: `d${i}`, x: Math.round(rand() * 1000), y: Math.round(rand() * 1000), weight: rand() < 0.15 ? 0 : 1 + Math.floor(rand() * 20) });
  // two points on top of each other (ties in distance)
  demand.push({ ...demand[0], id: "dup" });
  const sites: Pt[] = [];
  for (let j = 0; j < m; j++) sites.push({ id: `s${j}`, x: Math.round(rand() * 1000), y: Math.round(rand() * 1000), ...extra(rand, j) });
  return { demand, sites, metric: "euclidean" as const };
}

type Raw = ReturnType<typeof randomScenario>;
const dense = (raw: Raw) => raw.demand.map((d) => raw.sites.map((s) => Math.hypot(d.x - s.x, d.y - s.y)));

/** Every point at its nearest open site (by the dense distances), beyond `cutoff` when given. */
function nearestItems(raw: Raw, r: Result, cutoff: number | undefined): Item[] {
  const D = dense(raw);
  const open = r.open.map((id) => raw.sites.findIndex((s) => s.id === id));
  return raw.demand.map((d, i) => ({ d: Math.min(...open.map((j) => D[i][j])), w: d.weight, cutoff: cutoff ?? Infinity }));
}

describe("equity in solved results", () => {
  it.each([1, 2, 3])("p-median (seed %i), with and without a radius", async (seed) => {
    const raw = randomScenario(seed, 30, 10);
    for (const radius of [undefined, 250]) {
      const r = await solve(raw, { type: "pmedian", p: 3, ...(radius !== undefined ? { radius } : {}) }, { solver: "engine", seed: 1 });
      expect(r.open.length).toBe(3);
      close(r.equity, brute(nearestItems(raw, r, radius), radius !== undefined), `radius ${radius}`);
      // the share beyond the radius is the uncovered share of the weight
      if (radius !== undefined) expect(r.equity!.beyondShare).toBeCloseTo(1 - r.coverage.fraction, 12);
      expect(r.equity!.maxDistance).toBeCloseTo(r.maxDistance!, 12);
    }
  });

  it.each([4, 5])("MCLP (seed %i): uncovered points count at their nearest open site", async (seed) => {
    const raw = randomScenario(seed, 40, 12);
    const r = await solve(raw, { type: "mclp", radius: 150, p: 2 }, { solver: "engine", seed: 1 });
    const items = nearestItems(raw, r, 150);
    expect(items.some((t) => t.d > 150 && t.w > 0)).toBe(true);
    close(r.equity, brute(items, true));
  });

  it("capacitated MCLP: an unserved point counts at its nearest open site and beyond the radius", () => {
    const raw = randomScenario(6, 8, 3, () => ({ capacity: 1000 }));
    const scenario = parseScenario(raw);
    const problem = parseProblem({ type: "mclp", radius: 400, p: 2, capacitated: true }, scenario);
    const D = dense(raw);
    const open = [0, 1];
    // nearest of the two, except the first two points with weight after d0 unserved
    const left = raw.demand.map((d, i) => i).filter((i) => i > 0 && raw.demand[i].weight > 0).slice(0, 2);
    const assignment = raw.demand.map((_, i) => (left.includes(i) ? null : D[i][0] <= D[i][1] ? "s0" : "s1"));
    const ev = evaluate(scenario, problem, open.map((j) => raw.sites[j].id), { assignment });
    const items: Item[] = raw.demand.map((d, i) => ({ d: Math.min(D[i][0], D[i][1]), w: d.weight, cutoff: 400, unserved: assignment[i] === null }));
    expect(items.filter((t) => t.unserved && t.w > 0).length).toBe(2);
    close(ev.equity, brute(items, true));
  });

  /** The items of a cflp result: one per share, at the distance of its site (dense distances). */
  function cflpItems(raw: Raw, r: Result, cutoff: (i: number) => number): Item[] {
    const D = dense(raw);
    const col = (id: string) => raw.sites.findIndex((s) => s.id === id);
    const items: Item[] = [];
    r.assignment.forEach((a, i) => {
      const w = raw.demand[i].weight;
      const parts = a.shares ?? (a.site !== null ? [{ site: a.site, share: 1 }] : []);
      for (const p of parts) {
        expect(r.open).toContain(p.site);
        items.push({ d: D[i][col(p.site)], w: w * p.share, cutoff: cutoff(i) });
      }
    });
    return items;
  }

  it.each([{ reach: 600, radius: 300, coverage: 0.3 }, { reach: 600 }])("cflp, single-source (%j): the radius, else the reach, is the cutoff", async (cut) => {
    const raw = randomScenario(7, 24, 6, (rand) => ({ capacity: 60 + Math.floor(rand() * 80), cost: 5 + Math.floor(rand() * 10) }));
    const r = await solve(raw, { type: "cflp", distanceCost: 0.01, ...cut }, { solver: "engine", seed: 1, workLimit: 2000 });
    expect(r.objective, r.message).not.toBeNull();
    const items = cflpItems(raw, r, () => cut.radius ?? cut.reach);
    close(r.equity, brute(items, true));
    const ev = evaluate(parseScenario(raw), r.problem, r.open, { assignment: r.assignment.map((a) => a.site) });
    close(ev.equity, brute(items, true), "evaluate");
  });

  // demand 15 + 5 on two sites of capacity 12: the big point must split
  const splitRaw: Raw = {
    demand: [
      { id: "a", x: 0, y: 0, weight: 15, r: 80 },
      { id: "b", x: 100, y: 0, weight: 5, r: 120 },
      { id: "z", x: 900, y: 0, weight: 0, r: 80 },
    ],
    sites: [
      { id: "s0", x: 10, y: 0, capacity: 12, cost: 1 },
      { id: "s1", x: 50, y: 0, capacity: 12, cost: 1 },
      { id: "s2", x: 500, y: 0, capacity: 10, cost: 50 },
    ],
    metric: "euclidean",
  };

  it.each([
    [{ reach: 200, radius: 30, coverage: 0.3 }, () => 30],
    [{ reach: { field: "r" } }, (i: number) => [80, 120, 80][i]],
  ] as const)("cflp, split demand (%j): each share is its own item at its own distance", async (cut, cutoff) => {
    const r = await solve(splitRaw, { type: "cflp", singleSource: false, distanceCost: 0.01, ...cut }, { solver: "highs", seed: 1 });
    expect(r.objective, r.message).not.toBeNull();
    expect(r.assignment[0].shares!.length).toBe(2);
    const items = cflpItems(splitRaw, r, cutoff);
    close(r.equity, brute(items, true));
    if ("radius" in cut) expect(r.equity!.beyondShare).toBeGreaterThan(0);
    const ev = evaluate(parseScenario(splitRaw), r.problem, r.open, { shares: r.assignment.map((a) => (a.shares ?? []).map((e) => ({ site: e.site, share: e.share }))) });
    close(ev.equity, brute(items, true), "evaluate");
  });

  it("cflp: a point's unserved part counts at its nearest open site, beyond the cutoff", () => {
    const scenario = parseScenario(splitRaw);
    const problem = parseProblem({ type: "cflp", singleSource: false, reach: 200, radius: 30, coverage: 0.1 }, scenario);
    // a: 0.6 at s1 (50 away), 0.4 unserved (s0 is its nearest open site, 10 away); b: all at s1
    const ev = evaluate(scenario, problem, ["s0", "s1"], { shares: [[{ site: "s1", share: 0.6 }], [{ site: "s1", share: 1 }], null] });
    expect(ev.feasible).toBe(false);
    const items: Item[] = [
      { d: 50, w: 9, cutoff: 30 },
      { d: 10, w: 6, cutoff: 30, unserved: true },
      { d: 50, w: 5, cutoff: 30 },
    ];
    close(ev.equity, brute(items, true));
    expect(ev.equity!.beyondShare).toBeCloseTo(1, 12);
  });

  it("no site open: equity is null", () => {
    const raw = randomScenario(8, 5, 3);
    const ev = evaluate(parseScenario(raw), parseProblem({ type: "mclp", radius: 1, p: 1 }, parseScenario(raw)), []);
    expect(ev.equity).toBeNull();
  });
});

import type { Scenario } from "@siting/core";
import { mulberry32 } from "@siting/core";

/** Random small scenario: n demand points, m sites on a 100×100 grid (integer coords optional). */
export function randomScenario(seed: number, n: number, m: number, o: { costs?: boolean; existing?: number; zeroWeights?: boolean; matrix?: boolean } = {}): Scenario {
  const r = mulberry32(seed);
  const demand = Array.from({ length: n }, (_, i) => ({
    id: `d${i}`,
    x: Math.floor(r() * 100),
    y: Math.floor(r() * 100),
    weight: o.zeroWeights && r() < 0.2 ? 0 : 1 + Math.floor(r() * 9),
    properties: {},
  }));
  const ex = new Set<number>();
  while (ex.size < Math.min(o.existing ?? 0, m)) ex.add(Math.floor(r() * m));
  const sites = Array.from({ length: m }, (_, j) => ({
    id: `s${j}`,
    x: Math.floor(r() * 100),
    y: Math.floor(r() * 100),
    existing: ex.has(j),
    forbidden: false,
    cost: o.costs ? 1 + Math.floor(r() * 20) : undefined,
    properties: {},
  }));
  let costs: Float64Array | null = null;
  if (o.matrix) {
    costs = new Float64Array(n * m);
    for (let k = 0; k < n * m; k++) costs[k] = 1 + Math.floor(r() * 50);
  }
  return {
    kind: "siting.scenario",
    demand,
    sites,
    coords: o.matrix ? "none" : "xy",
    metric: "euclidean",
    costs,
    format: "json",
    hasCosts: !!o.costs,
  } as unknown as Scenario;
}

export interface Limits {
  p: number;
  budget: number;
}

/** Every subset of sites that keeps the existing ones open, fits p and the budget (bitmask over m ≤ 16). */
export function* subsets(ex: Uint8Array, cost: Float64Array, lim: Limits): Generator<Uint8Array> {
  const m = ex.length;
  const open = new Uint8Array(m);
  for (let mask = 0; mask < 1 << m; mask++) {
    let c = 0;
    let spent = 0;
    let ok = true;
    for (let j = 0; j < m; j++) {
      open[j] = (mask >> j) & 1;
      if (ex[j] && !open[j]) {
        ok = false;
        break;
      }
      if (open[j]) {
        c++;
        if (!ex[j]) spent += cost[j];
      }
    }
    if (!ok || c > lim.p || spent > lim.budget + 1e-9) continue;
    yield open;
  }
}

type Dist = (i: number, j: number) => number;

/** Whether an open set keeps the existing sites open and fits p and the budget (new sites' cost). */
export function fits(open: Uint8Array, ex: Uint8Array, cost: Float64Array, lim: Limits): boolean {
  let c = 0;
  let spent = 0;
  for (let j = 0; j < open.length; j++) {
    if (ex[j] && !open[j]) return false;
    if (open[j]) {
      c++;
      if (!ex[j]) spent += cost[j];
    }
  }
  return c <= lim.p && spent <= lim.budget + 1e-9;
}

/** Distance from point i to its nearest open site (Infinity with nothing open). */
function nearestOpen(open: Uint8Array, i: number, dist: Dist): number {
  let d = Infinity;
  for (let j = 0; j < open.length; j++) if (open[j]) d = Math.min(d, dist(i, j));
  return d;
}

/** Σ w·(distance to the nearest open site) over points with weight; Infinity with nothing open. */
export function medianValue(open: Uint8Array, n: number, w: Float64Array, dist: Dist): number {
  let s = 0;
  for (let i = 0; i < n; i++) if (w[i] > 0) s += w[i] * nearestOpen(open, i, dist);
  return open.some((x) => x === 1) ? s : Infinity;
}

/** The largest distance to the nearest open site over points with weight; Infinity with nothing open. */
export function centerValue(open: Uint8Array, n: number, w: Float64Array, dist: Dist): number {
  let mx = 0;
  for (let i = 0; i < n; i++) if (w[i] > 0) mx = Math.max(mx, nearestOpen(open, i, dist));
  return open.some((x) => x === 1) ? mx : Infinity;
}

/** LSCP: the count (existing included) or the cost of new sites; Infinity when a point with weight is not covered or nothing is open. */
export function lscpValue(open: Uint8Array, n: number, w: Float64Array, dist: Dist, ex: Uint8Array, cost: Float64Array, radius: number, byCount: boolean): number {
  if (!open.some((x) => x === 1)) return Infinity;
  for (let i = 0; i < n; i++) {
    if (!(w[i] > 0)) continue;
    let c = false;
    for (let j = 0; j < open.length; j++) if (open[j] && dist(i, j) <= radius) c = true;
    if (!c) return Infinity;
  }
  let v = 0;
  for (let j = 0; j < open.length; j++) if (open[j]) v += byCount ? 1 : ex[j] ? 0 : cost[j];
  return v;
}

/** MCLP: the weight within the radius of an open site. */
export function mclpValue(open: Uint8Array, n: number, w: Float64Array, dist: Dist, radius: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!(w[i] > 0)) continue;
    for (let j = 0; j < open.length; j++) if (open[j] && dist(i, j) <= radius) {
      s += w[i];
      break;
    }
  }
  return s;
}

export function bruteMedian(n: number, w: Float64Array, dist: Dist, ex: Uint8Array, cost: Float64Array, lim: Limits): number {
  let best = Infinity;
  for (const open of subsets(ex, cost, lim)) best = Math.min(best, medianValue(open, n, w, dist));
  return best;
}

export function bruteCenter(n: number, w: Float64Array, dist: Dist, ex: Uint8Array, p: number): number {
  let best = Infinity;
  for (const open of subsets(ex, new Float64Array(ex.length), { p, budget: Infinity })) best = Math.min(best, centerValue(open, n, w, dist));
  return best;
}

/** LSCP: least count (existing included) or least cost of new sites; Infinity when nothing covers. */
export function bruteLscp(n: number, w: Float64Array, dist: Dist, ex: Uint8Array, cost: Float64Array, radius: number, byCount: boolean): number {
  let best = Infinity;
  // (evaluate() requires at least one open site for LSCP: lscpValue is Infinity without one)
  for (const open of subsets(ex, cost, { p: Infinity, budget: Infinity })) best = Math.min(best, lscpValue(open, n, w, dist, ex, cost, radius, byCount));
  return best;
}

export function bruteMclp(n: number, w: Float64Array, dist: Dist, ex: Uint8Array, cost: Float64Array, radius: number, lim: Limits): number {
  let best = -Infinity;
  for (const open of subsets(ex, cost, lim)) best = Math.max(best, mclpValue(open, n, w, dist, radius));
  return best;
}

/** Rows (demand points) and sites given as lists: distance 1 where the site covers the row, 10 elsewhere. */
export function listScenario(rows: number[][], m: number, weights?: number[]): Scenario {
  const costs = new Float64Array(rows.length * m).fill(10);
  rows.forEach((r, i) => r.forEach((j) => (costs[i * m + j] = 1)));
  return {
    kind: "siting.scenario",
    demand: rows.map((_, i) => ({ id: `r${i}`, x: 0, y: 0, weight: weights?.[i] ?? 1, properties: {} })),
    sites: Array.from({ length: m }, (_, j) => ({ id: `s${j}`, x: 0, y: 0, existing: false, forbidden: false, properties: {} })),
    coords: "none",
    metric: "euclidean",
    costs,
    format: "json",
    hasCosts: false,
  } as unknown as Scenario;
}

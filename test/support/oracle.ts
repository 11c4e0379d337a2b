/**
 * Brute-force oracle: the true optimum of a small siting problem, by enumerating every subset of
 * the non-existing sites (2^m subsets; meant for m ≤ ~12). It reads the plain JSON scenario and
 * computes distances itself — nothing from @siting/core — so it checks the library rather than
 * repeating it. Semantics follow the `Problem` documentation in packages/core/src/problem.ts:
 *
 * - lscp: fewest open sites (or least cost of new sites when sites have costs) such that every
 *   demand point with weight > 0 has an open site within `radius`;
 * - mclp: most demand weight within `radius` of an open site, ≤ p open and/or new cost ≤ budget;
 * - pmedian: least Σ w·d to the nearest open site, ≤ p open and/or new cost ≤ budget;
 * - pcenter: least max distance over demand points with weight > 0, ≤ p open;
 *
 * coverage inclusive (d ≤ radius); existing sites always open, counted in p, cost sunk; forbidden
 * sites never open; LSCP's optional `objective: "count" | "cost"` is honoured. Like
 * `evaluate`, a solution with no open site is infeasible except for mclp.
 */
import type { RawProblem, RawScenario } from "./random.js";

const R_EARTH = 6371008.8;
const RAD = Math.PI / 180;

function greatCircle(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const a = Math.sin(((lat2 - lat1) * RAD) / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2;
  return 2 * R_EARTH * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

/**
 * d(i, j) straight from the JSON: the cost matrix when given, else x/y (euclidean or manhattan)
 * or lon/lat (haversine). Euclidean is `Math.sqrt(dx*dx + dy*dy)`: correctly rounded for integer
 * coordinates, so exact ties (3-4-5, 35-120-125, …) stay exact.
 */
export function oracleDistance(s: RawScenario): (i: number, j: number) => number {
  if (s.costs) {
    const c = s.costs;
    return (i, j) => c[i][j];
  }
  const D = s.demand;
  const S = s.sites;
  if (D[0].lon !== undefined) {
    if (s.metric !== undefined && s.metric !== "haversine") throw new Error("oracle: only haversine on lon/lat");
    return (i, j) => greatCircle(D[i].lon!, D[i].lat!, S[j].lon!, S[j].lat!);
  }
  if (s.metric === "manhattan") return (i, j) => Math.abs(D[i].x! - S[j].x!) + Math.abs(D[i].y! - S[j].y!);
  return (i, j) => {
    const dx = D[i].x! - S[j].x!;
    const dy = D[i].y! - S[j].y!;
    return Math.sqrt(dx * dx + dy * dy);
  };
}

export interface OracleResult {
  /** Whether any subset satisfies the constraints. */
  feasible: boolean;
  /** The optimal objective, or null when infeasible. */
  objective: number | null;
  /** Ids (as strings, input order) of one optimal set of open sites, existing ones included. */
  open: string[] | null;
  /** Subsets enumerated. */
  subsets: number;
}

export const BUDGET_TOL = (budget: number) => budget * 1e-12 + 1e-9;

/** The exact optimum of `problem` on scenario `s`, by enumeration. */
export function oracle(s: RawScenario, problem: RawProblem): OracleResult {
  const n = s.demand.length;
  const m = s.sites.length;
  const d = oracleDistance(s);
  const dist: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < m; j++) row.push(d(i, j));
    dist.push(row);
  }
  const w = s.demand.map((x) => x.weight);
  const hasCosts = s.sites.some((x) => x.cost !== undefined);
  const fixed: number[] = [];
  const free: number[] = [];
  s.sites.forEach((x, j) => (x.existing ? fixed : x.forbidden ? null : free)?.push(j));
  if (free.length > 20) throw new Error(`oracle: ${free.length} free sites is too many to enumerate`);
  const { type, p, radius, budget } = problem;
  const byCost = (problem.objective ?? (hasCosts ? "cost" : "count")) === "cost";
  const maximise = type === "mclp";

  let best: number | null = null;
  let bestOpen: number[] | null = null;
  const total = 1 << free.length;
  const near = new Float64Array(n);
  for (let mask = 0; mask < total; mask++) {
    const open = fixed.slice();
    let newCost = 0;
    for (let k = 0; k < free.length; k++) {
      if (mask & (1 << k)) {
        open.push(free[k]);
        newCost += s.sites[free[k]].cost ?? 0;
      }
    }
    if (p !== undefined && open.length > p) continue;
    if (budget !== undefined && newCost > budget + BUDGET_TOL(budget)) continue;
    if (open.length === 0 && type !== "mclp") continue;
    for (let i = 0; i < n; i++) {
      let b = Infinity;
      for (const j of open) if (dist[i][j] < b) b = dist[i][j];
      near[i] = b;
    }
    let obj: number;
    if (type === "lscp") {
      let ok = true;
      for (let i = 0; i < n; i++) if (w[i] > 0 && !(near[i] <= radius!)) ok = false;
      if (!ok) continue;
      obj = byCost ? newCost : open.length;
    } else if (type === "mclp") {
      obj = 0;
      for (let i = 0; i < n; i++) if (near[i] <= radius!) obj += w[i];
    } else if (type === "pmedian") {
      obj = 0;
      for (let i = 0; i < n; i++) obj += w[i] * near[i];
    } else {
      obj = 0;
      for (let i = 0; i < n; i++) if (w[i] > 0 && near[i] > obj) obj = near[i];
    }
    if (best === null || (maximise ? obj > best : obj < best)) {
      best = obj;
      bestOpen = open;
    }
  }
  return {
    feasible: best !== null,
    objective: best,
    open: bestOpen ? bestOpen.sort((a, b) => a - b).map((j) => String(s.sites[j].id)) : null,
    subsets: total,
  };
}

/** Relative tolerance used when comparing objectives: |a − b| ≤ tol · max(1, |a|, |b|). */
export function close(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

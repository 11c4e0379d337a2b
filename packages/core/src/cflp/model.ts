import { buildCoverage } from "../coverage.js";
import type { Instance } from "../instance.js";
import type { Problem } from "../problem.js";
import type { Scenario } from "../scenario.js";
import { demandUnitsOf } from "../units.js";

/**
 * A cflp problem on flat arrays, built once per solve and shared by the heuristic, the engine, the
 * MIP formulation and the precheck.
 *
 * Options: site j may open at options `optPtr[j] .. optPtr[j+1]` (cost, capacity, minimum load);
 * a new site opens at most one, an existing site is open at `baseCap[j]` and may add one of its
 * options (expansions, minimum 0). Pairs: for demand i, entries `pairPtr[i] .. pairPtr[i+1]` are the
 * sites within its reach (a new site: within its `newSiteReach`) that can serve it (open-able and,
 * single-source, large enough), by
 * increasing distance; `pairCov` marks those within the coverage radius. `sitePairPtr`/`sitePair`
 * list each site's pairs (pair indices, by demand index).
 */
export interface CflpModel {
  readonly n: number;
  readonly m: number;
  readonly weight: Float64Array;
  /** Demand units a_i (the standard applied, or the weight). */
  readonly units: Float64Array;
  /** 1 when the point must be served (units > 0 or weight > 0). */
  readonly served: Uint8Array;
  readonly totalWeight: number;
  readonly totalUnits: number;
  readonly existing: Uint8Array;
  /** 1 for forbidden sites (never open). */
  readonly closed: Uint8Array;
  /** Existing sites' own capacity (Infinity when none is given); 0 for new sites. */
  readonly baseCap: Float64Array;
  readonly optPtr: Int32Array;
  readonly optCost: Float64Array;
  readonly optCap: Float64Array;
  readonly optMin: Float64Array;
  /** The option's name in results: the module's name, else its index; "" for a site without modules. */
  readonly optName: string[];
  /** 1 when site j's options are modules (so results name them), 0 for a site's own cost/capacity. */
  readonly hasModules: Uint8Array;
  readonly pairPtr: Int32Array;
  readonly pairSite: Int32Array;
  readonly pairDist: Float64Array;
  readonly pairCov: Uint8Array;
  readonly sitePairPtr: Int32Array;
  readonly sitePair: Int32Array;
  /** Pair index → its demand point. */
  readonly pairDemand: Int32Array;
  readonly radius: number | null;
  /** Weight of the points the coverage counts (problem.coverageOf; all by default). */
  readonly coverTotal: number;
  /** Weight that must be served within the radius (coverage × total weight), 0 without a target. */
  readonly coverTarget: number;
  readonly budget: number | null;
  readonly singleSource: boolean;
  readonly distanceCost: number;
  /** Cost per unit of counted weight served beyond the radius (problem.outsideCost, 0 by default). */
  readonly outsideCost: number;
  /** Per point: 1 when the coverage counts it. */
  readonly counted: Uint8Array;
  /** Per demand point: its reach (Infinity when unlimited). */
  readonly reach: Float64Array;
  /** Per site: the demand units of all the points it may serve (Σ over its pairs). */
  readonly siteUnits: Float64Array;
  /** New sites whose smallest minimum exceeds all the demand within their reach (they never open; no pairs). */
  readonly unfillable: Uint8Array;
  /** Demand points whose only sites in reach are unfillable. */
  readonly lostToMinimum: Uint8Array;
}

/** Per point, a reach as the problem gives it: a number, a demand field (with its default), or unlimited. */
function perPoint(scenario: Scenario, reach: Problem["reach"]): Float64Array {
  const n = scenario.demand.length;
  const r = new Float64Array(n).fill(Infinity);
  if (typeof reach === "number") r.fill(reach);
  else if (reach) {
    for (let i = 0; i < n; i++) {
      const v = scenario.demand[i].properties[reach.field];
      r[i] = typeof v === "number" ? v : (reach.default as number);
    }
  }
  return r;
}

/**
 * Per-point reach from the problem: `"reach"` to any site, `"newSiteReach"` to a new site (the
 * smaller of the two; the reach when the problem gives none).
 */
export function reachOf(scenario: Scenario, problem: Problem, which: "reach" | "newSiteReach" = "reach"): Float64Array {
  const all = perPoint(scenario, problem.reach);
  if (which === "reach" || problem.newSiteReach === undefined) return all;
  const own = perPoint(scenario, problem.newSiteReach);
  for (let i = 0; i < all.length; i++) if (own[i] < all[i]) all[i] = own[i];
  return all;
}

/** Per point: 1 when the coverage counts it (problem.coverageOf; every point without it). */
export function coverageCounts(scenario: Scenario, problem: Problem): Uint8Array {
  const n = scenario.demand.length;
  const field = problem.coverageOf;
  const c = new Uint8Array(n).fill(1);
  if (field !== undefined) {
    for (let i = 0; i < n; i++) {
      const v = scenario.demand[i].properties[field];
      c[i] = v === true || (typeof v === "number" && v > 0) ? 1 : 0;
    }
  }
  return c;
}

export function buildCflpModel(inst: Instance, scenario: Scenario, problem: Problem): CflpModel {
  const { n, m } = inst;
  const units = demandUnitsOf(scenario, problem);
  const weight = inst.weight;
  const served = new Uint8Array(n);
  let totalWeight = 0;
  let totalUnits = 0;
  for (let i = 0; i < n; i++) {
    served[i] = weight[i] > 0 || units[i] > 0 ? 1 : 0;
    totalWeight += weight[i];
    totalUnits += units[i];
  }
  // options
  const existing = new Uint8Array(m);
  const closed = new Uint8Array(m);
  const baseCap = new Float64Array(m);
  const hasModules = new Uint8Array(m);
  const optPtr = new Int32Array(m + 1);
  const cost: number[] = [];
  const cap: number[] = [];
  const min: number[] = [];
  const optName: string[] = [];
  const minUse = problem.minUse ?? 0;
  for (let j = 0; j < m; j++) {
    const s = scenario.sites[j];
    if (s.forbidden) closed[j] = 1;
    if (s.existing) {
      existing[j] = 1;
      baseCap[j] = s.capacity ?? Infinity;
      if (s.modules) {
        hasModules[j] = 1;
        s.modules.forEach((md, k) => {
          cost.push(md.cost);
          cap.push(md.capacity);
          min.push(0);
          optName.push(md.name ?? String(k));
        });
      }
    } else if (!s.forbidden) {
      const mods = s.modules ?? problem.modules;
      if (mods) {
        hasModules[j] = 1;
        mods.forEach((md, k) => {
          cost.push(md.cost);
          cap.push(md.capacity);
          min.push(md.min ?? minUse * md.capacity);
          optName.push(md.name ?? String(k));
        });
      } else {
        const c = s.capacity ?? Infinity;
        cost.push(s.cost ?? 0);
        cap.push(c);
        min.push(Number.isFinite(c) ? minUse * c : 0);
        optName.push("");
      }
    }
    optPtr[j + 1] = cost.length;
  }
  const optCap = Float64Array.from(cap);
  const maxCap = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let mx = existing[j] ? baseCap[j] : 0;
    for (let k = optPtr[j]; k < optPtr[j + 1]; k++) mx = Math.max(mx, existing[j] ? baseCap[j] + optCap[k] : optCap[k]);
    maxCap[j] = mx;
  }

  // pairs within reach
  const reach = reachOf(scenario, problem);
  const newReach = reachOf(scenario, problem, "newSiteReach");
  const radius = problem.radius ?? null;
  const singleSource = problem.singleSource !== false;
  const ptr = new Int32Array(n + 1);
  // pairs in growable typed buffers; a point's candidates are sorted by distance (ties: site index)
  let sites = new Int32Array(Math.max(16, n * 8));
  let dists = new Float64Array(sites.length);
  const candSite = new Int32Array(m);
  const candDist = new Float64Array(m);
  const candOrder = new Int32Array(m);
  let P = 0;
  // sparse costs: only the listed pairs, whatever the reach (a pair not listed is unreachable)
  // (each point queried at its own reach to new sites: a few far-reaching points must not widen
  // every query; existing sites farther than that but within the reach are added from their list)
  const ownReach = Float64Array.from(newReach, (r, i) => (served[i] ? r : -1));
  let maxQuery = 0;
  for (let i = 0; i < n; i++) maxQuery = Math.max(maxQuery, ownReach[i]);
  const cov = (Number.isFinite(maxQuery) || inst.sparse) && maxQuery > 0 ? buildCoverage(inst, maxQuery, undefined, ownReach) : null;
  let E = 0;
  for (let j = 0; j < m; j++) if (existing[j]) E++;
  const existingList = new Int32Array(E);
  for (let j = 0, k = 0; j < m; j++) if (existing[j]) existingList[k++] = j;
  const seen = new Int32Array(m).fill(-1);
  /** Site j as point i's k-th candidate when it may serve i: the next k. */
  const consider = (i: number, j: number, k: number): number => {
    if (seen[j] === i) return k;
    seen[j] = i;
    if ((closed[j] && !existing[j]) || maxCap[j] <= 0) return k;
    if (singleSource && units[i] > maxCap[j] * (1 + 1e-12)) return k;
    const d = inst.dist(i, j);
    if (d > (existing[j] ? reach[i] : newReach[i])) return k;
    candSite[k] = j;
    candDist[k] = d;
    candOrder[k] = k;
    return k + 1;
  };
  for (let i = 0; i < n; i++) {
    let k = 0;
    if (served[i]) {
      const from = cov ? cov.byDemand.ptr[i] : 0;
      const to = cov ? cov.byDemand.ptr[i + 1] : m;
      for (let t = from; t < to; t++) k = consider(i, cov ? cov.byDemand.idx[t] : t, k);
      if (cov && reach[i] > newReach[i]) for (const j of existingList) k = consider(i, j, k);
      const order = candOrder.subarray(0, k).sort((a, b) => candDist[a] - candDist[b] || candSite[a] - candSite[b]);
      if (P + k > sites.length) {
        const grown = Math.max(sites.length * 2, P + k);
        const s2 = new Int32Array(grown);
        s2.set(sites.subarray(0, P));
        const d2 = new Float64Array(grown);
        d2.set(dists.subarray(0, P));
        sites = s2;
        dists = d2;
      }
      for (let t = 0; t < k; t++) {
        sites[P + t] = candSite[order[t]];
        dists[P + t] = candDist[order[t]];
      }
      P += k;
    }
    ptr[i + 1] = P;
  }
  // a new site whose every size needs more than all the demand within its reach never opens: drop its pairs
  const siteUnits = new Float64Array(m);
  for (let i = 0; i < n; i++) for (let k = ptr[i]; k < ptr[i + 1]; k++) siteUnits[sites[k]] += units[i];
  const unfillable = new Uint8Array(m);
  let anyUnfillable = false;
  for (let j = 0; j < m; j++) {
    if (existing[j] || closed[j] || optPtr[j + 1] === optPtr[j]) continue;
    let least = Infinity;
    for (let o = optPtr[j]; o < optPtr[j + 1]; o++) least = Math.min(least, min[o]);
    if (least > siteUnits[j] * (1 + 1e-12) + 1e-9) {
      unfillable[j] = 1;
      siteUnits[j] = 0;
      anyUnfillable = true;
    }
  }
  const lostToMinimum = new Uint8Array(n);
  if (anyUnfillable) {
    let w = 0;
    let start = 0;
    for (let i = 0; i < n; i++) {
      const end = ptr[i + 1];
      for (let k = start; k < end; k++) {
        if (unfillable[sites[k]]) continue;
        sites[w] = sites[k];
        dists[w] = dists[k];
        w++;
      }
      if (end > start && w === ptr[i]) lostToMinimum[i] = 1;
      start = end;
      ptr[i + 1] = w;
    }
    P = w;
  }
  const pairSite = sites.slice(0, P);
  const pairDist = dists.slice(0, P);
  const pairCov = new Uint8Array(P);
  const pairDemand = new Int32Array(P);
  for (let i = 0; i < n; i++) for (let k = ptr[i]; k < ptr[i + 1]; k++) pairDemand[k] = i;
  const counts = coverageCounts(scenario, problem);
  let coverTotal = 0;
  for (let i = 0; i < n; i++) if (counts[i]) coverTotal += weight[i];
  if (radius !== null) for (let k = 0; k < P; k++) pairCov[k] = pairDist[k] <= radius && counts[pairDemand[k]] ? 1 : 0;
  const sitePairPtr = new Int32Array(m + 1);
  for (let k = 0; k < P; k++) sitePairPtr[pairSite[k] + 1]++;
  for (let j = 0; j < m; j++) sitePairPtr[j + 1] += sitePairPtr[j];
  const fill = sitePairPtr.slice(0, m);
  const sitePair = new Int32Array(P);
  for (let k = 0; k < P; k++) sitePair[fill[pairSite[k]]++] = k;
  return {
    n,
    m,
    weight,
    units,
    served,
    totalWeight,
    totalUnits,
    existing,
    closed,
    baseCap,
    optPtr,
    optCost: Float64Array.from(cost),
    optCap,
    optMin: Float64Array.from(min),
    optName,
    hasModules,
    pairPtr: ptr,
    pairSite,
    pairDist,
    pairCov,
    sitePairPtr,
    sitePair,
    pairDemand,
    radius,
    coverTarget: problem.coverage !== undefined ? problem.coverage * coverTotal : 0,
    coverTotal,
    budget: problem.budget ?? null,
    singleSource,
    distanceCost: problem.distanceCost ?? 0,
    outsideCost: problem.outsideCost ?? 0,
    counted: counts,
    reach,
    siteUnits,
    unfillable,
    lostToMinimum,
  };
}

/** A least-cost model that prices counted points served beyond the radius (`outsideCost`). */
export function priced(md: CflpModel): boolean {
  return md.outsideCost > 0 && md.radius !== null && md.budget === null;
}

/** `cheapestSize` found no size of the site that fits. */
export const NO_SIZE = -2;

/**
 * The sizes a plan chose, per site: `open` (existing sites always), `hi` the capacity (an existing
 * site's own plus its expansion, if any) and `lo` the minimum (new sites only; 0 otherwise).
 */
export function chosenSizes(md: CflpModel, option: Int32Array, open: Uint8Array, lo: Float64Array, hi: Float64Array): void {
  const { optPtr, optCap, optMin } = md;
  for (let j = 0; j < md.m; j++) {
    const k = option[j];
    open[j] = 0;
    lo[j] = 0;
    hi[j] = 0;
    if (md.existing[j]) {
      open[j] = 1;
      hi[j] = md.baseCap[j] + (k >= 0 ? optCap[optPtr[j] + k] : 0);
    } else if (k >= 0) {
      open[j] = 1;
      lo[j] = optMin[optPtr[j] + k];
      hi[j] = optCap[optPtr[j] + k];
    }
  }
}

/**
 * The cheapest size of site j for a load (demand units): an option index; -1 for none (a new site
 * without load, or an existing site within its own capacity); `NO_SIZE` when none fits. A new
 * site's size must hold the load and have its minimum met; an existing site's expansion must hold
 * what its own capacity does not. `only`: -2 any size, -1 none only, k size k only.
 */
export function cheapestSize(md: CflpModel, j: number, load: number, only = -2): number {
  const { optPtr, optCap, optMin, optCost } = md;
  const base = md.existing[j] ? md.baseCap[j] : 0;
  if (only < 0 && load <= base + 1e-9) return -1;
  if (only === -1) return NO_SIZE;
  let pick = -1;
  for (let o = optPtr[j]; o < optPtr[j + 1]; o++) {
    if (only >= 0 && o - optPtr[j] !== only) continue;
    if (base + optCap[o] < load - 1e-9 || (!md.existing[j] && optMin[o] > load + 1e-9)) continue;
    if (pick < 0 || optCost[o] < optCost[pick]) pick = o;
  }
  return pick < 0 ? NO_SIZE : pick - optPtr[j];
}

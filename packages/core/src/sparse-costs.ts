/**
 * Sparse demand × site costs in a scenario: compressed rows sorted by cost (the form the road
 * network module produces, `SparseCosts`), where a pair that is not listed is unreachable (cost
 * Infinity: it never covers and is never assigned). Read from triples, looked up by pair, cut down
 * to some sites, and checked against a problem's radius when the rows stop at a cutoff.
 */
import { IssueList } from "./errors.js";
import { sortByDistance } from "./neighbors.js";
import type { SparseCosts } from "./network/sparse.js";
import type { Problem } from "./problem.js";
import { NONNEG } from "./validate.js";

export type { SparseCosts };

/**
 * Sparse costs as a scenario holds them. `cutoff`, when set, says every pair costing at most this
 * is listed (network costs computed with a cutoff): a radius or reach beyond it cannot be seen.
 */
export interface SparseScenarioCosts extends SparseCosts {
  readonly cutoff?: number;
}

/** Sparse cost input: parallel arrays, one entry per reachable pair (0-based demand and site indices). */
export interface CostTriples {
  demand: readonly number[];
  site: readonly number[];
  value: readonly number[];
}

/** Whether a scenario's costs are sparse rows (else a dense row-major matrix). */
export function isSparseCosts(c: Float64Array | SparseScenarioCosts | null | undefined): c is SparseScenarioCosts {
  return c !== null && c !== undefined && !(c instanceof Float64Array);
}

const MAX_ISSUES = 20;
const TRIPLE_KEYS = ["demand", "site", "value"] as const;

/**
 * Validates triples `{demand, site, value}` (indices in range, values finite ≥ 0, no pair twice)
 * and lays them out as rows sorted by cost (ties by site). Problems go to `issues` under `path`
 * (`costs.site[7]`); returns null when there are any.
 */
export function sparseFromTriples(value: Record<string, unknown>, n: number, m: number, issues: IssueList, path = "costs"): SparseScenarioCosts | null {
  const before = issues.size;
  for (const k of Object.keys(value)) if (!(TRIPLE_KEYS as readonly string[]).includes(k)) issues.add(`${path}.${k}`, "unknown field (sparse costs are {demand, site, value})");
  const arrays: unknown[][] = [];
  for (const k of TRIPLE_KEYS) {
    const a = value[k];
    if (!Array.isArray(a)) issues.add(`${path}.${k}`, `expected an array (${k === "value" ? "one cost" : `one 0-based ${k} index`} per pair)`, a);
    else arrays.push(a);
  }
  if (issues.size > before) return null;
  const [di, sj, cv] = arrays;
  const P = di.length;
  for (const [k, a] of [["site", sj], ["value", cv]] as const) {
    if (a.length !== P) issues.add(`${path}.${k}`, `expected ${P} entries, as many as ${path}.demand`, `${a.length} entries`);
  }
  if (issues.size > before) return null;
  const row = new Int32Array(P);
  const site = new Int32Array(P);
  const cost = new Float64Array(P);
  const index = (v: unknown, size: number) => (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < size ? v : -1);
  for (let k = 0; k < P && issues.size - before <= MAX_ISSUES; k++) {
    const i = index(di[k], n);
    const j = index(sj[k], m);
    const c = cv[k];
    if (i < 0) issues.add(`${path}.demand[${k}]`, `expected a demand index: an integer in [0, ${n - 1}]`, di[k]);
    if (j < 0) issues.add(`${path}.site[${k}]`, `expected a site index: an integer in [0, ${m - 1}]`, sj[k]);
    if (typeof c !== "number" || !Number.isFinite(c) || c < 0) issues.add(`${path}.value[${k}]`, `${NONNEG} (leave an unreachable pair out)`, c);
    row[k] = i;
    site[k] = j;
    cost[k] = c as number;
  }
  if (issues.size > before) return null;
  // group by row (a counting sort, stable: a row's pairs keep their input order)
  const ptr = new Int32Array(n + 1);
  for (let k = 0; k < P; k++) ptr[row[k] + 1]++;
  for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
  const next = ptr.slice(0, n);
  const from = new Int32Array(P);
  for (let k = 0; k < P; k++) from[next[row[k]]++] = k;
  const out: SparseScenarioCosts = { n, m, ptr, site: new Int32Array(P), cost: new Float64Array(P) };
  // a pair given twice: marked per row by a stamp per site; each row then sorted by (cost, site)
  // as the neighbour lists are, through a scratch row of costs by site
  const stamp = new Int32Array(m).fill(-1);
  const firstAt = new Int32Array(m);
  const d = new Float64Array(m);
  const cand = new Uint32Array(m);
  const sorted = new Uint32Array(m);
  const keys = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const a = ptr[i];
    const len = ptr[i + 1] - a;
    for (let t = 0; t < len; t++) {
      const k = from[a + t];
      const j = site[k];
      if (stamp[j] === i) {
        if (issues.size - before <= MAX_ISSUES) issues.add(`${path}.site[${k}]`, `duplicate pair: demand ${i} → site ${j} is also given at index ${firstAt[j]}`, j);
        continue;
      }
      stamp[j] = i;
      firstAt[j] = k;
      d[j] = cost[k];
      cand[t] = j;
    }
    if (issues.size > before) continue;
    sortByDistance(d, cand, len, keys, sorted, 0);
    for (let t = 0; t < len; t++) {
      out.site[a + t] = sorted[t];
      out.cost[a + t] = d[sorted[t]];
    }
  }
  return issues.size > before ? null : out;
}

/**
 * d(i, j) from sparse rows: the listed cost, or `missing` (default Infinity) for a pair not listed.
 * A copy of the rows ordered by site is searched by bisection.
 */
export function sparseLookup(c: SparseCosts, missing = Infinity): (i: number, j: number) => number {
  const { n, m, ptr, site, cost } = c;
  const bySite = site.slice();
  const byCost = new Float64Array(ptr[n]);
  const d = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const a = ptr[i];
    const b = ptr[i + 1];
    for (let k = a; k < b; k++) d[site[k]] = cost[k];
    bySite.subarray(a, b).sort();
    for (let k = a; k < b; k++) byCost[k] = d[bySite[k]];
  }
  return (i, j) => {
    let lo = ptr[i];
    let hi = ptr[i + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bySite[mid] < j) lo = mid + 1;
      else hi = mid;
    }
    return lo < ptr[i + 1] && bySite[lo] === j ? byCost[lo] : missing;
  };
}

/** The rows restricted to the sites `index` (ascending), renumbered 0..index.length-1; order kept. */
export function keepSparseSites(c: SparseScenarioCosts, index: readonly number[]): SparseScenarioCosts {
  const { n, m, ptr, site, cost } = c;
  const to = new Int32Array(m).fill(-1);
  index.forEach((j, t) => (to[j] = t));
  const nptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let t = ptr[i]; t < ptr[i + 1]; t++) if (to[site[t]] >= 0) k++;
    nptr[i + 1] = nptr[i] + k;
  }
  const nsite = new Int32Array(nptr[n]);
  const ncost = new Float64Array(nptr[n]);
  for (let i = 0, w = 0; i < n; i++) {
    for (let t = ptr[i]; t < ptr[i + 1]; t++) {
      const j = to[site[t]];
      if (j < 0) continue;
      nsite[w] = j;
      ncost[w++] = cost[t];
    }
  }
  const out: SparseScenarioCosts = { n, m: index.length, ptr: nptr, site: nsite, cost: ncost };
  return c.cutoff === undefined ? out : { ...out, cutoff: c.cutoff };
}

/**
 * A finite stand-in for "unreachable" in searches that add costs up (p-median, p-center): larger
 * than any cost, and than the whole objective of any answer that reaches every point — M · w > Σ
 * w_i · (largest cost of row i) for the least positive weight w — so that the searches prefer
 * serving every point to anything else, and an answer using it is one that cannot serve them all.
 * A power of two.
 */
export function unreachablePenalty(c: SparseCosts, weight: ArrayLike<number>): number {
  let total = 0;
  let largest = 0;
  let least = Infinity;
  for (let i = 0; i < c.n; i++) {
    const e = c.ptr[i + 1];
    const top = e > c.ptr[i] ? c.cost[e - 1] : 0;
    largest = Math.max(largest, top);
    const w = weight[i];
    if (w > 0) {
      total += w * top;
      least = Math.min(least, w);
    }
  }
  const need = 2 * Math.max(largest, least < Infinity ? total / least : 0) + 1;
  return 2 ** Math.ceil(Math.log2(need));
}

/**
 * A radius (or reach, or reach to new sites) beyond the cutoff of the scenario's sparse costs is an error: pairs beyond
 * the cutoff are not listed, so they would count as unreachable. Problems go to `issues`.
 */
export function checkCutoff(costs: Float64Array | SparseScenarioCosts | null, problem: Problem, demand: readonly { properties: Record<string, unknown> }[], issues: IssueList): void {
  if (!isSparseCosts(costs) || costs.cutoff === undefined || !(costs.cutoff < Infinity)) return;
  const cutoff = costs.cutoff;
  const why = `pairs beyond the costs' cutoff ${cutoff} are left out as unreachable; compute the costs with a larger cutoff`;
  if (problem.radius !== undefined && problem.radius > cutoff) issues.add("problem.radius", `is beyond the cutoff: ${why}`, problem.radius);
  // per-point radii / reaches read from a demand field
  const beyond = (field: string, path: string) => {
    for (let i = 0; i < demand.length; i++) {
      const v = demand[i].properties[field];
      if (typeof v === "number" && v > cutoff) return issues.add(path, `demand[${i}].${field} = ${v} is beyond the cutoff: ${why}`, field);
    }
  };
  // cflp's reach, and its reach to new sites
  for (const [name, reach] of [["reach", problem.reach], ["newSiteReach", problem.newSiteReach]] as const) {
    if (typeof reach === "number" && reach > cutoff) issues.add(`problem.${name}`, `is beyond the cutoff: ${why}`, reach);
    if (typeof reach === "object" && reach !== null) {
      if (reach.default !== undefined && reach.default > cutoff) issues.add(`problem.${name}.default`, `is beyond the cutoff: ${why}`, reach.default);
      beyond(reach.field, `problem.${name}.field`);
    }
  }
  if (problem.radiusField !== undefined) beyond(problem.radiusField, "problem.radiusField");
}

import { distanceFunction } from "../distance.js";
import { IssueList } from "../errors.js";
import type { Problem } from "../problem.js";
import type { Scenario } from "../scenario.js";
import { demandUnitsOf } from "../units.js";
import { readOpenSites, siteModules } from "../sizes.js";
import { coverageCounts, reachOf } from "./model.js";
import { equityOf, type Equity } from "../equity.js";

/** One part of a split assignment: the site and the share (0..1] of the point's demand it serves. */
export interface ShareInput {
  site: string;
  /** Fraction of the point's demand; when absent, `amount` (demand units) / the point's units. */
  share?: number;
  amount?: number;
}

/** What `evaluate()` finds for a cflp answer, beyond the common fields. */
export interface CflpEvaluation {
  objective: number;
  feasible: boolean;
  violations: string[];
  open: number[];
  /** Cost of the new sites' sizes and of existing sites' expansions. */
  newCost: number;
  /** Per site: option chosen (-1: none / base only), capacity when open (units), load (units), weight served, weight served within the radius. */
  option: Int32Array;
  capacity: Float64Array;
  unitLoad: Float64Array;
  load: Float64Array;
  coveredLoad: Float64Array;
  /** Per site: the minimum load that applies (0 for existing sites). */
  minLoad: Float64Array;
  /** Per demand point: its sites and shares (single-source: one entry with share 1). */
  shares: { site: number; share: number; distance: number }[][];
  /** Per demand point: the serving site (split: the one with the largest share), -1 if none; its distance; covered share within the radius (0..1). */
  nearest: Int32Array;
  distance: Float64Array;
  coveredShare: Float64Array;
  /** Weight within the radius of the points the coverage counts (problem.coverageOf), their total and the share. */
  coverage: { covered: number; total: number; fraction: number };
  /** Total demand weight (every point). */
  totalWeight: number;
  /** Σ weight × distance over the assignment, and its maximum over points with demand. */
  sumWD: number;
  maxDistance: number;
  units: Float64Array;
  /**
   * Equity over demand weight (see `Equity`), each share of a split point its own item; the cutoff
   * is the radius, else the reach (none without either). A point's unserved part counts at its
   * nearest open site, beyond the cutoff. Null when no site is open.
   */
  equity: Equity | null;
}


const TOL = 1e-9;
const leq = (a: number, b: number) => a <= b + TOL * Math.max(1, Math.abs(b));

/**
 * Evaluates a cflp answer from the scenario's own data (distances recomputed here): open sites by
 * id, the size of each (`modules[id]` = module index; existing sites: an expansion), and the
 * assignment (`assignment[i]` = site id, or `shares[i]` for split demand). Checks every rule:
 * existing open, forbidden closed, one size per new site with modules, served points assigned
 * within reach to open sites (single-source when required), loads within capacity and at least
 * each new site's minimum, the coverage target and the budget.
 */
export function evaluateCflp(
  scenario: Scenario,
  problem: Problem,
  openIds: readonly string[],
  opts: { assignment?: readonly (string | null)[]; shares?: readonly (readonly ShareInput[] | null)[]; modules?: Readonly<Record<string, number>> },
): CflpEvaluation {
  const n = scenario.demand.length;
  const m = scenario.sites.length;
  const issues = new IssueList();
  const { byId, isOpen, module: option } = readOpenSites(scenario, problem, openIds, opts.modules, issues);
  const split = problem.singleSource === false;
  // shares given for a single-source problem are read as shares, and a point split over sites is a violation
  const sharesIn = split || (!opts.assignment && opts.shares !== undefined);
  if (sharesIn) {
    if (!opts.shares || opts.shares.length !== n) issues.add("shares", `expected one list of shares (or null) per demand point (${n})`, opts.shares ? `${opts.shares.length} entries` : undefined);
  } else if (!opts.assignment || opts.assignment.length !== n) {
    issues.add("assignment", `expected one site id (or null) per demand point (${n})`, opts.assignment ? `${opts.assignment.length} entries` : undefined);
  }
  issues.throwIfAny("invalid solution");

  const dist = distanceFunction(scenario);
  const units = demandUnitsOf(scenario, problem);
  const reach = reachOf(scenario, problem);
  const newReach = reachOf(scenario, problem, "newSiteReach");
  const counts = coverageCounts(scenario, problem);
  const radius = problem.radius;
  const violations: string[] = [];
  const note = (count: { k: number }, msg: () => string) => {
    if (count.k++ < 5) violations.push(msg());
  };
  const shares: { site: number; share: number; distance: number }[][] = [];
  const nearest = new Int32Array(n).fill(-1);
  const distance = new Float64Array(n).fill(Infinity);
  const coveredShare = new Float64Array(n);
  const unitLoad = new Float64Array(m);
  const load = new Float64Array(m);
  const coveredLoad = new Float64Array(m);
  const badSite = { k: 0 };
  const badReach = { k: 0 };
  const badSum = { k: 0 };
  const splitPoints = { k: 0 };
  const unserved = { k: 0 };
  let total = 0;
  let all = 0;
  let covered = 0;
  let sumWD = 0;
  let maxD = 0;
  for (let i = 0; i < n; i++) {
    const d = scenario.demand[i];
    const w = d.weight;
    all += w;
    if (counts[i]) total += w;
    const list: { site: number; share: number; distance: number }[] = [];
    if (sharesIn) {
      const given = (opts.shares as readonly (readonly ShareInput[] | null)[])[i] ?? [];
      for (const sh of given) {
        const j = byId.get(String(sh.site));
        const f = sh.share ?? (units[i] > 0 && sh.amount !== undefined ? sh.amount / units[i] : NaN);
        if (!(f >= 0) || f > 1 + TOL) {
          note(badSum, () => `demand point ${d.id} has a share ${f} of site ${sh.site} outside [0, 1]`);
          continue;
        }
        if (f === 0) continue;
        if (j === undefined || !isOpen[j]) {
          note(badSite, () => `demand point ${d.id} is assigned to ${j === undefined ? "unknown" : "closed"} site ${sh.site}`);
          continue;
        }
        list.push({ site: j, share: f, distance: dist(i, j) });
      }
    } else {
      const id = (opts.assignment as readonly (string | null)[])[i];
      if (id !== null && id !== undefined) {
        const j = byId.get(String(id));
        if (j === undefined || !isOpen[j]) note(badSite, () => `demand point ${d.id} is assigned to ${j === undefined ? "unknown" : "closed"} site ${id}`);
        else list.push({ site: j, share: 1, distance: dist(i, j) });
      }
    }
    let sum = 0;
    let best = -1;
    for (let t = 0; t < list.length; t++) {
      const e = list[t];
      sum += e.share;
      if (e.distance > reach[i]) note(badReach, () => `demand point ${d.id} is served by site ${scenario.sites[e.site].id} at ${e.distance}, beyond its reach ${reach[i]}`);
      else if (e.distance > newReach[i] && !scenario.sites[e.site].existing) note(badReach, () => `demand point ${d.id} is served by new site ${scenario.sites[e.site].id} at ${e.distance}, beyond its reach to new sites ${newReach[i]}`);
      unitLoad[e.site] += units[i] * e.share;
      load[e.site] += w * e.share;
      sumWD += w * e.share * e.distance;
      if (w > 0 || units[i] > 0) maxD = Math.max(maxD, e.distance);
      if (counts[i] && (radius === undefined || e.distance <= radius)) {
        coveredShare[i] += e.share;
        coveredLoad[e.site] += w * e.share;
      }
      if (best < 0 || e.share > list[best].share) best = t;
    }
    if (!split && list.length > 1) note(splitPoints, () => `demand point ${d.id} is split over ${list.length} sites in a single-source problem`);
    const mustServe = w > 0 || units[i] > 0;
    if (mustServe && list.length === 0) note(unserved, () => `demand point ${d.id} (weight ${w}) is not served`);
    else if (list.length && Math.abs(sum - 1) > 1e-6) note(badSum, () => `demand point ${d.id}'s shares sum to ${sum}, not 1`);
    if (best >= 0) {
      nearest[i] = list[best].site;
      distance[i] = list[best].distance;
    }
    covered += w * coveredShare[i];
    shares.push(list);
  }
  if (unserved.k > 5) violations.push(`${unserved.k} demand points with demand are not served`);
  if (badReach.k > 5) violations.push(`${badReach.k} assignments beyond reach in all`);

  const capacity = new Float64Array(m);
  const minLoad = new Float64Array(m);
  const open: number[] = [];
  let newCost = 0;
  const minUse = problem.minUse ?? 0;
  for (let j = 0; j < m; j++) {
    const s = scenario.sites[j];
    if (s.existing && !isOpen[j]) violations.push(`existing site ${s.id} is not open`);
    if (s.forbidden && isOpen[j]) violations.push(`forbidden site ${s.id} is open`);
    if (!isOpen[j]) {
      if (unitLoad[j] > 0) violations.push(`closed site ${s.id} serves demand`);
      continue;
    }
    open.push(j);
    const mods = siteModules(s, problem);
    const k = option[j];
    if (s.existing) {
      capacity[j] = (s.capacity ?? Infinity) + (mods && k >= 0 ? mods[k].capacity : 0);
      if (mods && k >= 0) newCost += mods[k].cost;
    } else if (mods) {
      if (k < 0) {
        violations.push(`new site ${s.id} has size modules but none is chosen`);
        continue;
      }
      capacity[j] = mods[k].capacity;
      minLoad[j] = mods[k].min ?? minUse * mods[k].capacity;
      newCost += mods[k].cost;
    } else {
      capacity[j] = s.capacity ?? Infinity;
      minLoad[j] = Number.isFinite(capacity[j]) ? minUse * capacity[j] : 0;
      newCost += s.cost ?? 0;
    }
    if (!leq(unitLoad[j], capacity[j])) violations.push(`site ${s.id} serves ${unitLoad[j]} units, more than its capacity ${capacity[j]}`);
    if (!leq(minLoad[j], unitLoad[j])) violations.push(`new site ${s.id} serves ${unitLoad[j]} units, less than its minimum ${minLoad[j]}`);
  }
  if (problem.coverage !== undefined && !leq(problem.coverage * total, covered)) {
    violations.push(`${covered} of ${total} weight (${((100 * covered) / Math.max(total, 1e-300)).toFixed(3)} %) is served within ${radius}, below the coverage target ${problem.coverage * 100} %`);
  }
  if (problem.budget !== undefined && !leq(newCost, problem.budget)) violations.push(`cost ${newCost} exceeds the budget ${problem.budget}`);
  const equity = open.length ? shareEquity(scenario, problem, open, dist, shares, reach) : null;
  const objective = problem.budget !== undefined ? covered : newCost + (problem.distanceCost ?? 0) * sumWD + (problem.outsideCost ?? 0) * (total - covered);
  return {
    objective,
    feasible: violations.length === 0,
    violations,
    open,
    newCost,
    option,
    capacity,
    unitLoad,
    load,
    coveredLoad,
    minLoad,
    shares,
    nearest,
    distance,
    coveredShare,
    coverage: { covered, total, fraction: total > 0 ? covered / total : 1 },
    totalWeight: all,
    sumWD,
    maxDistance: maxD,
    units,
    equity,
  };
}

/** Equity with one item per share (weight × share), and a point's unserved remainder at its nearest open site. */
function shareEquity(
  scenario: Scenario,
  problem: Problem,
  open: number[],
  dist: (i: number, j: number) => number,
  shares: readonly (readonly { site: number; share: number; distance: number }[])[],
  reach: Float64Array,
): Equity {
  const n = scenario.demand.length;
  let k = 0;
  for (let i = 0; i < n; i++) k += shares[i].length + 1;
  const d = new Float64Array(k);
  const w = new Float64Array(k);
  const served = new Uint8Array(k);
  const perItem = problem.radius === undefined && problem.reach !== undefined ? new Float64Array(k) : null;
  k = 0;
  for (let i = 0; i < n; i++) {
    const wi = scenario.demand[i].weight;
    if (!(wi > 0)) continue;
    let sum = 0;
    for (const e of shares[i]) {
      d[k] = e.distance;
      w[k] = wi * e.share;
      served[k] = 1;
      if (perItem) perItem[k] = reach[i];
      sum += e.share;
      k++;
    }
    if (sum >= 1 - TOL) continue;
    let near = Infinity;
    for (const j of open) near = Math.min(near, dist(i, j));
    d[k] = near;
    w[k] = wi * (1 - sum);
    if (perItem) perItem[k] = reach[i];
    k++;
  }
  const cutoff = problem.radius ?? perItem;
  return equityOf(d.subarray(0, k), w.subarray(0, k), cutoff, served.subarray(0, k));
}

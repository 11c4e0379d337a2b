import { ScenarioError } from "../errors.js";
import { buildInstance } from "../instance.js";
import { parseScenario } from "../parse.js";
import { parseProblem } from "../problem.js";
import { isScenario } from "../scenario.js";
import { MaxFlow } from "../maxflow.js";
import { buildCflpModel, type CflpModel } from "./model.js";

export interface CflpInfeasibility {
  kind: "unreachable" | "capacity" | "coverage" | "minimum" | "budget";
  message: string;
  demand?: number[];
  sites?: number[];
  shortfall?: number;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000));
const list = (ix: number[], name: (k: number) => string) => ix.slice(0, 10).map(name).join(", ") + (ix.length > 10 ? ", …" : "");

/**
 * Explains, before any solver runs, why a cflp cannot be satisfied: sizes whose minimum use exceeds
 * all the demand within reach of the site (such sizes never open, reported as a note only when they
 * make the problem infeasible); demand points with no site within reach (named); total capacity
 * short of total demand (by N units); a coverage target above the weight any site set can serve
 * within the radius; a budget that cannot open any site when one is needed. Passing is necessary,
 * not sufficient, for feasibility.
 */
export function precheckCflp(md: CflpModel, names: { demand: (i: number) => string; site: (j: number) => string }): CflpInfeasibility[] {
  const { n, m, optPtr, optMin, optCap, optCost, sitePairPtr, pairPtr, pairSite } = md;
  const reasons: CflpInfeasibility[] = [];
  // which sites can be used at all: existing, or a size whose minimum the demand in reach can fill
  const usable = new Uint8Array(m);
  const cheapest = new Float64Array(m).fill(Infinity);
  const biggest = new Float64Array(m);
  const unfillable: number[] = [];
  for (let j = 0; j < m; j++) {
    if (md.unfillable[j]) unfillable.push(j);
    if (md.existing[j]) {
      usable[j] = 1;
      cheapest[j] = 0;
      let big = md.baseCap[j];
      for (let o = optPtr[j]; o < optPtr[j + 1]; o++) big = Math.max(big, md.baseCap[j] + optCap[o]);
      biggest[j] = big;
      continue;
    }
    if (md.closed[j] || md.unfillable[j] || optPtr[j + 1] === optPtr[j] || sitePairPtr[j + 1] === sitePairPtr[j]) continue;
    const inReach = md.siteUnits[j];
    for (let o = optPtr[j]; o < optPtr[j + 1]; o++) {
      if (optMin[o] <= inReach * (1 + 1e-12) + 1e-9) {
        usable[j] = 1;
        cheapest[j] = Math.min(cheapest[j], optCost[o]);
        biggest[j] = Math.max(biggest[j], optCap[o]);
      }
    }
  }
  const unreachable: number[] = [];
  const onlyUnfillable: number[] = [];
  let coverable = 0;
  for (let i = 0; i < n; i++) {
    let any = false;
    let anyRaw = false;
    let cov = false;
    for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) {
      anyRaw = true;
      if (usable[pairSite[p]]) {
        any = true;
        if (md.pairCov[p]) cov = true;
      }
    }
    if (cov) coverable += md.weight[i];
    if (!md.served[i] || any) continue;
    (anyRaw || md.lostToMinimum[i] ? onlyUnfillable : unreachable).push(i);
  }
  if (unreachable.length) {
    reasons.push({
      kind: "unreachable",
      demand: unreachable,
      message: `${unreachable.length} demand point${unreachable.length > 1 ? "s have" : " has"} no site within reach that may open${md.singleSource ? " and hold its demand" : ""}: ${list(unreachable, names.demand)}`,
    });
  }
  if (onlyUnfillable.length) {
    reasons.push({
      kind: "minimum",
      demand: onlyUnfillable,
      sites: unfillable,
      message: `${onlyUnfillable.length} demand point${onlyUnfillable.length > 1 ? "s are" : " is"} within reach only of sites whose minimum use exceeds all the demand in their reach (${list(unfillable, names.site)}): ${list(onlyUnfillable, names.demand)}`,
    });
  }
  let capacity = 0;
  for (let j = 0; j < m; j++) if (usable[j]) capacity += biggest[j];
  if (capacity < md.totalUnits * (1 - 1e-12) - 1e-9) {
    reasons.push({
      kind: "capacity",
      shortfall: md.totalUnits - capacity,
      message: `total capacity of every site at its largest size is ${fmt(capacity)} units, below the total demand of ${fmt(md.totalUnits)} units: short by ${fmt(md.totalUnits - capacity)} units`,
    });
  } else {
    const local = localShortfall(md, usable, biggest, new Set([...unreachable, ...onlyUnfillable]));
    if (local) {
      reasons.push({
        kind: "capacity",
        demand: local.demand,
        sites: local.sites,
        shortfall: local.shortfall,
        message: `${local.demand.length} demand point${local.demand.length > 1 ? "s" : ""} (${list(local.demand, names.demand)}) need ${fmt(local.units)} units, but the ${local.sites.length} site${local.sites.length === 1 ? "" : "s"} within their reach hold at most ${fmt(local.capacity)} at their largest sizes: short by ${fmt(local.shortfall)} units`,
      });
    }
  }
  if (md.coverTarget > 0 && coverable < md.coverTarget * (1 - 1e-12) - 1e-9) {
    const share = md.coverTotal > 0 ? (100 * coverable) / md.coverTotal : 0;
    reasons.push({
      kind: "coverage",
      message: `only ${fmt(coverable)} of ${fmt(md.coverTotal)} weight${md.coverTotal < md.totalWeight ? " counted by the coverage" : ""} (${share.toFixed(2)} %) has a usable site within radius ${md.radius}, below the coverage target ${fmt((100 * md.coverTarget) / md.coverTotal)} %`,
    });
  }
  let anyDemand = false;
  for (let i = 0; i < n; i++) if (md.served[i]) anyDemand = true;
  if (md.budget !== null && anyDemand) {
    let existing = false;
    let least = Infinity;
    for (let j = 0; j < m; j++) {
      if (md.existing[j]) existing = true;
      else if (usable[j]) least = Math.min(least, cheapest[j]);
    }
    if (!existing && !(least <= md.budget * (1 + 1e-12) + 1e-9)) {
      reasons.push({ kind: "budget", message: `demand must be served but no site exists and the cheapest usable size costs ${fmt(least)}, above the budget ${fmt(md.budget)}` });
    }
  }
  return reasons;
}

/**
 * Why a cflp cannot be satisfied, before solving (see `precheckCflp`), for a scenario and problem
 * as given to `solve`: each reason names its demand points and sites by id. Empty when the quick
 * checks pass (necessary, not sufficient, for feasibility).
 */
export function explainCflp(scenarioIn: unknown, problemIn: unknown): { kind: CflpInfeasibility["kind"]; message: string; demand: string[]; sites: string[]; shortfall?: number }[] {
  const scenario = isScenario(scenarioIn) ? scenarioIn : parseScenario(scenarioIn);
  const problem = parseProblem(problemIn, scenario);
  if (problem.type !== "cflp") throw new ScenarioError([{ path: "problem.type", message: "explainCflp explains cflp problems", value: problem.type }], "invalid problem");
  const md = buildCflpModel(buildInstance(scenario), scenario, problem);
  return precheckCflp(md, { demand: (i) => scenario.demand[i].id, site: (j) => scenario.sites[j].id }).map((r) => ({
    kind: r.kind,
    message: r.message,
    demand: (r.demand ?? []).map((i) => scenario.demand[i].id),
    sites: (r.sites ?? []).map((j) => scenario.sites[j].id),
    ...(r.shortfall !== undefined ? { shortfall: r.shortfall } : {}),
  }));
}

/**
 * Capacity short where the demand is, though not in total: the most demand every usable site at its
 * largest size can take within reach (split demand: a transportation problem, solved as a maximum
 * flow — a necessary condition for single-source too). Short of the demand, the minimum cut's
 * source side names the points whose demand the sites within their reach cannot hold (Hall's
 * condition): those points, those sites, and the units short. Points in `skip` (reported as
 * unreachable already) are left out. Null when every unit can be placed.
 */
function localShortfall(md: CflpModel, usable: Uint8Array, biggest: Float64Array, skip: Set<number>): { demand: number[]; sites: number[]; units: number; capacity: number; shortfall: number } | null {
  const { n, m, pairPtr, pairSite, units } = md;
  const S = n + m;
  const T = n + m + 1;
  const f = new MaxFlow(n + m + 2, n + m + pairPtr[n]);
  let total = 0;
  for (let i = 0; i < n; i++) if (md.served[i] && units[i] > 0 && !skip.has(i)) total += units[i];
  const sinkArc = new Int32Array(m).fill(-1);
  for (let j = 0; j < m; j++) if (usable[j]) sinkArc[j] = f.addArc(n + j, T, Number.isFinite(biggest[j]) ? biggest[j] : total);
  // a greedy start (each point to its nearest sites with room), which the maximum flow completes
  let greedy = 0;
  for (let i = 0; i < n; i++) {
    if (!md.served[i] || !(units[i] > 0) || skip.has(i)) continue;
    const source = f.addArc(S, i, units[i]);
    for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) {
      const j = pairSite[p];
      if (!usable[j]) continue;
      const e = f.addArc(i, n + j, Infinity);
      const x = Math.min(f.residual(source), f.residual(sinkArc[j]));
      if (x > 0) {
        f.push(source, x);
        f.push(e, x);
        f.push(sinkArc[j], x);
        greedy += x;
      }
    }
  }
  const flow = greedy + f.solve(S, T);
  if (flow >= total * (1 - 1e-9) - 1e-9) return null;
  const demand: number[] = [];
  const sites: number[] = [];
  let need = 0;
  let capacity = 0;
  for (let i = 0; i < n; i++) if (f.sourceSide[i] && md.served[i] && units[i] > 0 && !skip.has(i)) {
    demand.push(i);
    need += units[i];
  }
  for (let j = 0; j < m; j++) if (f.sourceSide[n + j] && usable[j]) {
    sites.push(j);
    capacity += Number.isFinite(biggest[j]) ? biggest[j] : total;
  }
  return { demand, sites, units: need, capacity, shortfall: total - flow };
}

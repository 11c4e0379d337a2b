import type { Coverage } from "../coverage.js";
import type { RunContext } from "../heuristics/context.js";
import { pcenterHeuristic } from "../heuristics/pcenter.js";
import type { Instance } from "../instance.js";
import { buildNeighbors, type Neighbors } from "../neighbors.js";
import { buildCoverage } from "../coverage.js";
import { allIntegers, distinctAscending, tol, type EngineResult } from "./common.js";
import type { CoverEngineOptions } from "./merge.js";
import { solveSetCover } from "./setcover.js";

/**
 * Exact LSCP: every demand point with weight > 0 within `cov.radius` of an open site, with the
 * fewest sites (`countSites`, or when the scenario has no costs; the count includes existing
 * sites, as `evaluate` does) or the least cost of new sites. Existing sites are open and free.
 * Points with the same set of covering sites are one row to the set-covering search (`merge`).
 */
export function lscpExact(
  inst: Instance,
  cov: Coverage,
  ctx: RunContext,
  incumbent?: Uint8Array,
  opts: { countSites?: boolean } & CoverEngineOptions = {},
): EngineResult {
  const { n, m, weight, existing } = inst;
  const byCount = !!opts.countSites || !inst.hasCosts;
  const { ptr, idx } = cov.byDemand;
  let E = 0;
  for (let j = 0; j < m; j++) if (existing[j]) E++;
  const objOf = (open: Uint8Array): number => {
    let s = 0;
    for (let j = 0; j < m; j++) if (open[j]) s += byCount ? 1 : existing[j] ? 0 : inst.cost[j];
    return s;
  };
  const base = new Uint8Array(m);
  for (let j = 0; j < m; j++) base[j] = existing[j];
  // rows: weight > 0, not covered by an existing site
  const rowList: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!(weight[i] > 0)) continue;
    let byExisting = false;
    for (let k = ptr[i]; k < ptr[i + 1]; k++) if (existing[idx[k]]) {
      byExisting = true;
      break;
    }
    if (byExisting) continue;
    if (ptr[i + 1] === ptr[i]) return { open: new Uint8Array(m), objective: Infinity, bound: Infinity, status: "infeasible", nodes: 0 };
    rowList.push(i);
  }
  // columns: every new site (local index = site index; existing sites have no rows left)
  const rptr = new Uint32Array(rowList.length + 1);
  let nnz = 0;
  for (let r = 0; r < rowList.length; r++) {
    const i = rowList[r];
    nnz += ptr[i + 1] - ptr[i];
    rptr[r + 1] = nnz;
  }
  const ridx = new Uint32Array(nnz);
  for (let r = 0; r < rowList.length; r++) {
    const i = rowList[r];
    ridx.set(idx.subarray(ptr[i], ptr[i + 1]), rptr[r]);
  }
  const cost = new Float64Array(m);
  for (let j = 0; j < m; j++) cost[j] = existing[j] ? 0 : byCount ? 1 : inst.cost[j];
  // integral optimum: unit costs, or all costs integers
  const integral = byCount || allIntegers(cost);
  let cutoff = Infinity;
  let inc: Uint8Array | null = null;
  if (incumbent && coversAll(incumbent, rowList, ptr, idx) && existingOpen(incumbent, existing)) {
    inc = incumbent.slice();
    cutoff = objOf(inc) - (byCount ? E : 0);
    ctx.report("engine", objOf(inc), undefined, false, inc);
  }
  const r = solveSetCover({ rows: rowList.length, cols: m, ptr: rptr, idx: ridx, cost }, ctx, { cutoff, integral, merge: opts.merge });
  const extra = byCount ? E : 0;
  if (rowList.length === 0 && E === 0) {
    // nothing to cover, but evaluate() requires some open site: the cheapest one
    let best = 0;
    for (let j = 1; j < m; j++) if (cost[j] < cost[best]) best = j;
    const open = new Uint8Array(m);
    if (m > 0) open[best] = 1;
    const v = objOf(open);
    return { open, objective: v, bound: v, status: m > 0 ? "optimal" : "infeasible", nodes: 0 };
  }
  let open: Uint8Array;
  let objective: number;
  if (r.sel) {
    open = base.slice();
    for (let j = 0; j < m; j++) if (r.sel[j]) open[j] = 1;
    objective = objOf(open);
  } else if (inc) {
    open = inc;
    objective = objOf(inc);
  } else {
    // proven: no cover below the cutoff (Infinity) exists — cannot happen with coverable rows
    return { open: new Uint8Array(m), objective: Infinity, bound: Infinity, status: "infeasible", nodes: r.nodes };
  }
  const bound = Math.min(objective, r.bound + extra);
  const status = r.status === "optimal" || objective - bound <= tol(objective) ? "optimal" : "time_limit";
  return { open, objective, bound: status === "optimal" ? objective : bound, status, nodes: r.nodes };
}

function coversAll(open: Uint8Array, rows: number[], ptr: Uint32Array, idx: Uint32Array): boolean {
  for (const i of rows) {
    let ok = false;
    for (let k = ptr[i]; k < ptr[i + 1]; k++) if (open[idx[k]]) {
      ok = true;
      break;
    }
    if (!ok) return false;
  }
  return true;
}

function existingOpen(open: Uint8Array, existing: Uint8Array): boolean {
  for (let j = 0; j < existing.length; j++) if (existing[j] && !open[j]) return false;
  return true;
}

/**
 * Exact vertex p-center: binary search over the sorted distinct distances d(i, j) (demand i with
 * weight > 0), each step asking the exact set-cover oracle whether p sites (existing ones
 * included) can cover every such demand point within the radius. The search starts between the
 * largest nearest-site distance (a lower bound) and the heuristic's objective, and asks first about
 * the radius just below the incumbent (usually the answer is "no", which proves it).
 *
 * Needs every distance: with sparse neighbour lists the lists are rebuilt complete when n·m is
 * at most `rebuildLimit` (default 4·2^24); otherwise coverage comes from `buildCoverage` and the
 * candidate radii from the listed distances, which can miss the optimum (the result is then
 * "feasible", not "optimal", and the bound is the largest radius proven infeasible: the optimum
 * may be an unlisted distance just above it).
 */
export function pcenterExact(inst: Instance, nbIn: Neighbors, p: number, ctx: RunContext, incumbent?: Uint8Array, options: { rebuildLimit?: number } = {}): EngineResult {
  const { n, m, weight, existing } = inst;
  let nb = nbIn;
  if (!nb.complete && n * m <= (options.rebuildLimit ?? 4 * (1 << 24))) nb = buildNeighbors(inst, m);
  const exact = nb.complete;
  let E = 0;
  for (let j = 0; j < m; j++) if (existing[j]) E++;
  const none = (): EngineResult => ({ open: new Uint8Array(m), objective: Infinity, bound: Infinity, status: "infeasible", nodes: 0 });
  if (E > p || (E === 0 && (p < 1 || m === 0))) return none();
  const act: number[] = [];
  for (let i = 0; i < n; i++) if (weight[i] > 0) act.push(i);
  const { ptr, site, cost } = nb;
  const maxDist = (open: Uint8Array): number => {
    let mx = 0;
    for (const i of act) {
      let d = Infinity;
      for (let k = ptr[i]; k < ptr[i + 1]; k++) if (open[site[k]]) {
        d = cost[k];
        break;
      }
      if (d === Infinity && !exact) for (let j = 0; j < m; j++) if (open[j]) d = Math.min(d, inst.dist(i, j));
      if (d > mx) mx = d;
    }
    return mx;
  };
  if (act.length === 0) {
    const open = new Uint8Array(m);
    for (let j = 0; j < m; j++) open[j] = existing[j];
    if (E === 0) open[0] = 1;
    return { open, objective: 0, bound: 0, status: "optimal", nodes: 0 };
  }
  // incumbent: the caller's or the heuristic's, whichever is better
  let best: Uint8Array | null = null;
  let bestObj = Infinity;
  const consider = (o: Uint8Array) => {
    let c = 0;
    for (let j = 0; j < m; j++) {
      if (existing[j] && !o[j]) return;
      c += o[j];
    }
    if (c === 0 || c > p) return;
    const v = maxDist(o);
    if (v < bestObj) {
      bestObj = v;
      best = o.slice();
      ctx.report("radius search", v, undefined, false, best);
    }
  };
  // a caller's incumbent is used as it is; the heuristic runs only without one (or when it is unusable)
  if (incumbent) consider(incumbent);
  if (!best) consider(pcenterHeuristic(inst, nb, p, ctx).open);
  // candidate radii: distinct distances between the lower bound and the incumbent
  let lbR = 0;
  for (const i of act) if (ptr[i + 1] > ptr[i] && cost[ptr[i]] > lbR) lbR = cost[ptr[i]];
  let cnt = 0;
  for (const i of act) for (let k = ptr[i]; k < ptr[i + 1]; k++) if (cost[k] >= lbR && cost[k] < bestObj) cnt++;
  const all = new Float64Array(cnt);
  cnt = 0;
  for (const i of act) for (let k = ptr[i]; k < ptr[i + 1]; k++) if (cost[k] >= lbR && cost[k] < bestObj) all[cnt++] = cost[k];
  const radii = distinctAscending(all);
  // invariant: radii[hi] (or bestObj when hi = radii.length) feasible; every radius below lo infeasible
  let lo = 0;
  let hi = radii.length;
  let nodes = 0;
  let stopped = false;
  const rowPtr = new Uint32Array(n + 1);
  // the heuristic is usually optimal or a few radii off: gallop down from it (the radius just
  // below, then 2, 4, … below the best cover so far; a "no" there often ends the search), then
  // bisect between the last "no" and the best cover. Probes far below the optimum are cheap but
  // the ones just below it cost most, and bisection from 0 makes several of them.
  let galloping = true;
  let step = 1;
  while (lo < hi) {
    if (ctx.shouldStop()) {
      stopped = true;
      break;
    }
    const mid = galloping ? Math.max(lo, hi - step) : (lo + hi) >> 1;
    const r = radii[mid];
    const ans = coverDecision(inst, nb, act, r, p - E, ctx, rowPtr, exact);
    nodes += ans.nodes;
    ctx.debug?.(`pcenter radius ${r} k=${p - E} -> ${ans.result} nodes ${ans.nodes} t=${ctx.elapsed().toFixed(2)}`);
    if (ans.result === "yes") {
      const open = new Uint8Array(m);
      for (let j = 0; j < m; j++) open[j] = existing[j] || (ans.sel as Uint8Array)[j] ? 1 : 0;
      consider(open);
      // the cover may beat r: hi = first radius ≥ bestObj (≤ mid since bestObj ≤ r)
      let a = lo, b = mid;
      while (a < b) {
        const h = (a + b) >> 1;
        if (radii[h] < bestObj) a = h + 1;
        else b = h;
      }
      hi = a;
      step *= 2;
    } else if (ans.result === "no") {
      lo = mid + 1;
      galloping = false;
    }
    else {
      stopped = true;
      break;
    }
    ctx.report("radius search", bestObj, 1 - (hi - lo) / Math.max(1, radii.length));
  }
  const open = best ?? new Uint8Array(m);
  // every listed radius below lo is infeasible: with every distance listed the optimum is radii[lo];
  // with sparse lists only the largest infeasible radius (or the nearest-site bound) is certain
  const bound = exact ? (lo < radii.length ? Math.min(radii[lo], bestObj) : bestObj) : Math.min(bestObj, lo > 0 ? radii[lo - 1] : lbR);
  if (!stopped) {
    // complete search over candidate radii: optimal when every distance was a candidate
    return { open, objective: bestObj, bound: exact ? bestObj : bound, status: exact || bestObj - bound <= tol(bestObj) ? "optimal" : "feasible", nodes };
  }
  return { open, objective: bestObj, bound, status: bestObj - bound <= tol(bestObj) ? "optimal" : "time_limit", nodes };
}

/** Can `k` new sites cover every active demand point not already within r of an existing site? */
function coverDecision(
  inst: Instance,
  nb: Neighbors,
  act: number[],
  r: number,
  k: number,
  ctx: RunContext,
  rowPtr: Uint32Array,
  exact: boolean,
): { result: "yes" | "no" | "unknown"; sel: Uint8Array | null; nodes: number } {
  const { m, existing } = inst;
  let ptr: Uint32Array, site: Uint32Array, rowStart: (i: number) => number, rowEnd: (i: number) => number;
  if (exact) {
    ptr = nb.ptr;
    site = nb.site;
    const cost = nb.cost;
    rowStart = (i) => ptr[i];
    rowEnd = (i) => {
      // prefix with cost ≤ r (binary search)
      let a = ptr[i], b = ptr[i + 1];
      while (a < b) {
        const h = (a + b) >> 1;
        if (cost[h] <= r) a = h + 1;
        else b = h;
      }
      return a;
    };
  } else {
    const cov = buildCoverage(inst, r);
    ptr = cov.byDemand.ptr;
    site = cov.byDemand.idx;
    rowStart = (i) => ptr[i];
    rowEnd = (i) => ptr[i + 1];
  }
  const rows: number[] = [];
  let nnz = 0;
  for (const i of act) {
    const s = rowStart(i), e = rowEnd(i);
    let byExisting = false;
    for (let t = s; t < e; t++) if (existing[site[t]]) {
      byExisting = true;
      break;
    }
    if (byExisting) continue;
    if (e === s) return { result: "no", sel: null, nodes: 0 };
    rows.push(i);
    nnz += e - s;
  }
  if (rows.length === 0) return { result: "yes", sel: new Uint8Array(m), nodes: 0 };
  if (k <= 0) return { result: "no", sel: null, nodes: 0 };
  const rptr = rowPtr.length >= rows.length + 1 ? rowPtr : new Uint32Array(rows.length + 1);
  const idx = new Uint32Array(nnz);
  let t = 0;
  for (let q = 0; q < rows.length; q++) {
    const i = rows[q];
    const s = rowStart(i), e = rowEnd(i);
    idx.set(site.subarray(s, e), t);
    t += e - s;
    rptr[q + 1] = t;
  }
  rptr[0] = 0;
  // each row's sites sorted ascending by index (the set-cover code expects sorted rows)
  for (let q = 0; q < rows.length; q++) idx.subarray(rptr[q], rptr[q + 1]).sort();
  const cost = new Float64Array(m).fill(1);
  const res = solveSetCover({ rows: rows.length, cols: m, ptr: rptr.subarray(0, rows.length + 1), idx, cost }, ctx, { cutoff: k + 1, decision: true, integral: true });
  if (res.status === "found" && res.sel) return { result: "yes", sel: res.sel, nodes: res.nodes };
  if (res.status === "optimal") return { result: "no", sel: null, nodes: res.nodes };
  return { result: "unknown", sel: null, nodes: res.nodes };
}

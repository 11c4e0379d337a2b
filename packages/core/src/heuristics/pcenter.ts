import type { Coverage, CSR } from "../coverage.js";
import { transpose } from "../coverage.js";
import type { Instance } from "../instance.js";
import type { Neighbors } from "../neighbors.js";
import type { RunContext } from "./context.js";
import { lscpHeuristic } from "./cover.js";
import { distinctAscending } from "../engine/common.js";
import type { HeuristicResult } from "./pmedian.js";

/**
 * p-center: binary search over the sorted distinct distances; at each radius a greedy set cover
 * (existing sites first) tells whether p sites suffice. The best of that and a farthest-first
 * construction is then improved by opening, while sites remain, the site nearest to the farthest
 * demand point. Bound: max over demand points (weight > 0) of the distance to their nearest site.
 */
export function pcenterHeuristic(inst: Instance, nb: Neighbors, p: number, ctx: RunContext): HeuristicResult {
  const { n, weight } = inst;
  const { ptr, site, cost } = nb;
  let lb = 0;
  let count = 0;
  for (let i = 0; i < n; i++) if (weight[i] > 0 && cost[ptr[i]] > lb) lb = cost[ptr[i]];
  // candidate radii: the distinct distances between the bound and the farthest-first answer
  // (each row is sorted, so each row's window is found by binary search)
  const far = farthestFirst(inst, nb, p);
  const ub = maxDistance(inst, far);
  const from = new Uint32Array(n);
  const to = new Uint32Array(n);
  count = 0;
  for (let i = 0; i < n; i++) {
    if (weight[i] <= 0) continue;
    from[i] = lowerBound(cost, ptr[i], ptr[i + 1], lb);
    to[i] = lowerBound(cost, from[i], ptr[i + 1], ub + Math.abs(ub) * 1e-12 + Number.MIN_VALUE);
    count += to[i] - from[i];
  }
  const all = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) if (weight[i] > 0) for (let t = from[i]; t < to[i]; t++) all[k++] = cost[t];
  const radii = distinctAscending(all);

  let bestOpen: Uint8Array | null = null;
  let lo = 0;
  let hi = radii.length - 1;
  while (lo <= hi) {
    if (ctx.shouldStop() && bestOpen) break;
    const mid = (lo + hi) >> 1;
    const cov = coverageFromNeighbors(inst, nb, radii[mid]);
    const r = lscpHeuristic(inst, cov, ctx, { countSites: true, reportIncumbent: false });
    const fits = r.uncoverable.length === 0 && r.objective <= p;
    if (fits) {
      bestOpen = r.open.slice();
      hi = mid - 1;
    } else lo = mid + 1;
    ctx.report("radius search", radii[mid], 1 - (hi - lo + 1) / radii.length, false, fits ? bestOpen ?? undefined : undefined);
  }
  let open = bestOpen && maxDistance(inst, bestOpen) <= maxDistance(inst, far) ? bestOpen : far;
  open = improve(inst, nb, open, p);
  const objective = maxDistance(inst, open);
  ctx.report("radius search", objective, 1, false, open);
  return { open, objective, bound: lb };
}

/** First index in [lo, hi) whose value is ≥ x (values ascending). */
function lowerBound(a: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Coverage at radius r read off the sorted neighbour lists (prefix of each row). */
function coverageFromNeighbors(inst: Instance, nb: Neighbors, r: number): Coverage {
  const { n, m } = inst;
  const ptr = new Uint32Array(n + 1);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    let t = nb.ptr[i];
    while (t < nb.ptr[i + 1] && nb.cost[t] <= r) t++;
    nnz += t - nb.ptr[i];
    ptr[i + 1] = nnz;
  }
  const idx = new Uint32Array(nnz);
  for (let i = 0; i < n; i++) idx.set(nb.site.subarray(nb.ptr[i], nb.ptr[i] + (ptr[i + 1] - ptr[i])), ptr[i]);
  const byDemand: CSR = { rows: n, cols: m, ptr, idx };
  return { radius: r, byDemand, bySite: transpose(byDemand) };
}

function nearestOpenDist(inst: Instance, open: Uint8Array, out: Float64Array): void {
  for (let i = 0; i < inst.n; i++) {
    let best = Infinity;
    for (let j = 0; j < inst.m; j++) if (open[j]) {
      const d = inst.dist(i, j);
      if (d < best) best = d;
    }
    out[i] = best;
  }
}

function maxDistance(inst: Instance, open: Uint8Array): number {
  const d = new Float64Array(inst.n);
  nearestOpenDist(inst, open, d);
  let mx = 0;
  for (let i = 0; i < inst.n; i++) if (inst.weight[i] > 0 && d[i] > mx) mx = d[i];
  return mx;
}

/** The nearest site of the first demand point with weight > 0 and a non-empty list (site 0 if none). */
function firstSite(inst: Instance, nb: Neighbors): number {
  for (let i = 0; i < inst.n; i++) if (inst.weight[i] > 0 && nb.ptr[i + 1] > nb.ptr[i]) return nb.site[nb.ptr[i]];
  return 0;
}

/** Gonzalez's farthest-first traversal, seeded with the existing sites. */
function farthestFirst(inst: Instance, nb: Neighbors, p: number): Uint8Array {
  const open = new Uint8Array(inst.m);
  let count = 0;
  for (let j = 0; j < inst.m; j++) if (inst.existing[j]) { open[j] = 1; count++; }
  if (count === 0) open[firstSite(inst, nb)] = 1;
  return improve(inst, nb, open, p);
}

/** While fewer than p sites are open, open the closed site nearest to the farthest demand point. */
function improve(inst: Instance, nb: Neighbors, start: Uint8Array, p: number): Uint8Array {
  const open = start.slice();
  let count = 0;
  for (let j = 0; j < inst.m; j++) count += open[j];
  if (count === 0) {
    open[firstSite(inst, nb)] = 1;
    count = 1;
  }
  const d = new Float64Array(inst.n);
  nearestOpenDist(inst, open, d);
  while (count < p) {
    let far = -1;
    for (let i = 0; i < inst.n; i++) if (inst.weight[i] > 0 && (far < 0 || d[i] > d[far])) far = i;
    if (far < 0) break;
    let u = -1;
    for (let t = nb.ptr[far]; t < nb.ptr[far + 1]; t++) if (!open[nb.site[t]]) { u = nb.site[t]; break; }
    if (u < 0 || inst.dist(far, u) >= d[far]) break;
    open[u] = 1;
    count++;
    for (let i = 0; i < inst.n; i++) {
      const x = inst.dist(i, u);
      if (x < d[i]) d[i] = x;
    }
  }
  return open;
}

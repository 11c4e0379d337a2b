import { transpose, type Coverage, type CSR } from "../coverage.js";
import { now, RunContext } from "../heuristics/context.js";
import type { CoverInstance } from "../heuristics/cover.js";
import type { SiteLimits } from "../heuristics/pmedian.js";
import { mulberry32 } from "../rng.js";
import type { EngineResult } from "./common.js";

/** Sites a region frees at most (the open centre's neighbours, then theirs). */
export const REGION_SITES = 120;
/** Longest exact solve of one region (seconds), within the search's own deadline. */
const REGION_SECONDS = 2;

/** The exact MCLP engine, as the region search calls it on a region (without regions of its own). */
export type RegionSolver = (inst: CoverInstance, cov: Coverage, limits: SiteLimits, ctx: RunContext, incumbent: Uint8Array) => EngineResult;

/**
 * Exact large-neighbourhood search for an MCLP incumbent ("regions"): around an open site, every
 * site within two steps of it in the shares-a-row graph (sites covering a common demand row, so
 * within twice the radius of each other; at most `REGION_SITES`, nearest steps first) is freed, the
 * other open sites stay open, and the region is solved exactly by the engine (`solve`) on the rows
 * the fixed sites leave uncovered, with as many sites (and as much money) as the region's open
 * sites hold plus the slack — an exchange of several sites at once that the swap local search
 * cannot make. Centres are taken in a seeded random order; the search stops when every open site has
 * been a centre since the last improvement, or at `until` (ms, `now()`). Improvements go to `offer`
 * at once; `open` is updated in place.
 *
 * Measured on the whole Lingang area at 100 m (p = 250, radius 800 m; 26,480 merged rows): the
 * engine's root ends at 560,228 against a bound of 566,530, swaps find nothing more, and such
 * regions solved by native HiGHS took the plan to 561,138 in 44 s (30 regions of ≈ 100 sites),
 * which is why the engine now searches them itself.
 *
 * `rows` are the demand rows (sites per row, columns the instance's sites) with their weights;
 * rows covered by existing sites are left out by the caller, which keeps existing sites open.
 */
export function mclpRegions(
  rows: CSR, weight: Float64Array, inst: CoverInstance, limits: SiteLimits, ctx: RunContext,
  open: Uint8Array, until: number, solve: RegionSolver, offer: (open: Uint8Array) => void,
): { regions: number; improved: number } {
  const { m, existing, cost } = inst;
  const { ptr, idx } = rows;
  const { ptr: sptr, idx: sidx } = transpose(rows);
  const hasBudget = Number.isFinite(limits.budget);
  const rand = mulberry32(ctx.seed + 7);
  // scratch: per site its region-local index (−1: outside), per row a stamp and its local index
  const local = new Int32Array(m).fill(-1);
  const siteStamp = new Int32Array(m);
  const rowStamp = new Int32Array(rows.rows);
  let stamp = 0;
  let regions = 0;
  let improved = 0;
  const centres: number[] = [];
  const refill = () => {
    centres.length = 0;
    for (let j = 0; j < m; j++) if (open[j] && !existing[j]) centres.push(j);
    for (let a = centres.length - 1; a > 0; a--) {
      const b = Math.floor(rand() * (a + 1));
      [centres[a], centres[b]] = [centres[b], centres[a]];
    }
  };
  refill();
  while (centres.length > 0 && now() < until && !ctx.shouldStop()) {
    const c = centres.pop() as number;
    if (!open[c]) continue;
    // the region: c, the sites sharing a row with it, then the sites sharing a row with those
    stamp++;
    const F: number[] = [c];
    siteStamp[c] = stamp;
    const expand = (s: number) => {
      for (let k = sptr[s]; k < sptr[s + 1] && F.length < REGION_SITES; k++) {
        const i = sidx[k];
        for (let q = ptr[i]; q < ptr[i + 1] && F.length < REGION_SITES; q++) {
          const j = idx[q];
          if (siteStamp[j] === stamp || existing[j]) continue;
          siteStamp[j] = stamp;
          F.push(j);
        }
      }
    };
    expand(c);
    const ring = F.length;
    for (let h = 1; h < ring && F.length < REGION_SITES; h++) expand(F[h]);
    // sites and money held outside the region
    let outside = 0;
    let spentOutside = 0;
    for (let j = 0; j < m; j++) if (open[j] && siteStamp[j] !== stamp) {
      outside++;
      if (!existing[j]) spentOutside += cost[j];
    }
    for (let a = 0; a < F.length; a++) local[F[a]] = a;
    // the rows of the region's sites that no open site outside it covers, over the region's sites
    const subRows: number[] = [];
    const subPtr: number[] = [0];
    const subIdx: number[] = [];
    let current = 0;
    const inc = new Uint8Array(F.length);
    for (let a = 0; a < F.length; a++) inc[a] = open[F[a]];
    for (const s of F) {
      for (let k = sptr[s]; k < sptr[s + 1]; k++) {
        const i = sidx[k];
        if (rowStamp[i] === stamp) continue;
        rowStamp[i] = stamp;
        let coveredOutside = false;
        for (let q = ptr[i]; q < ptr[i + 1]; q++) if (open[idx[q]] && local[idx[q]] < 0) {
          coveredOutside = true;
          break;
        }
        if (coveredOutside) continue;
        let byRegion = false;
        for (let q = ptr[i]; q < ptr[i + 1]; q++) {
          const a = local[idx[q]];
          if (a < 0) continue;
          subIdx.push(a);
          if (inc[a]) byRegion = true;
        }
        subRows.push(i);
        subPtr.push(subIdx.length);
        if (byRegion) current += weight[i];
      }
    }
    const nSub = subRows.length;
    const subW = new Float64Array(nSub);
    for (let r = 0; r < nSub; r++) subW[r] = weight[subRows[r]];
    const subCost = new Float64Array(F.length);
    for (let a = 0; a < F.length; a++) subCost[a] = cost[F[a]];
    const byDemand: CSR = { rows: nSub, cols: F.length, ptr: Uint32Array.from(subPtr), idx: Uint32Array.from(subIdx) };
    const subInst: CoverInstance = { n: nSub, m: F.length, weight: subW, cost: subCost, existing: new Uint8Array(F.length) };
    const subLimits: SiteLimits = { p: limits.p - outside, budget: hasBudget ? limits.budget - spentOutside : Infinity };
    if (nSub === 0) {
      for (const s of F) local[s] = -1;
      continue;
    }
    const t = now();
    const sub = new RunContext(Math.min(until, t + REGION_SECONDS * 1000), ctx.signal, undefined, ctx.seed);
    const r = solve(subInst, { radius: 0, byDemand, bySite: transpose(byDemand) }, subLimits, sub, inc);
    regions++;
    for (const s of F) local[s] = -1;
    if (r.objective > current + 1e-9 * Math.max(1, current)) {
      for (let a = 0; a < F.length; a++) open[F[a]] = r.open[a];
      offer(open);
      improved++;
      ctx.debug?.(`mclp region ${regions} around site ${c}: ${F.length} sites, ${nSub} rows, ${current} → ${r.objective}`);
      // every open site a centre again
      refill();
    }
  }
  return { regions, improved };
}

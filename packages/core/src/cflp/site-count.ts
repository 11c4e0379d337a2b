import { now, RunContext } from "../heuristics/context.js";
import { solveSetCover } from "../engine/setcover.js";
import type { CflpModel } from "./model.js";

/**
 * A lower bound on the number of new sites that any plan of a cflp opens.
 *
 * Every served point must be assigned within its reach, so a point that no existing site reaches
 * needs an open new site within its reach: the new sites of any plan cover those points, and the
 * fewest new sites that cover them (a set covering, points × new sites within reach) bounds
 * Σ_j y_j from below. The set-cover engine's proven bound, rounded up, is used: its optimum when it
 * finishes (within a twentieth of the time `ctx` has left, at most 2 s; at district sizes it takes
 * milliseconds), a valid bound whenever it stops. Capacity, minimum use, coverage and budget only add to it, so the row
 * Σ_j y_j ≥ K is valid for every variant (split or single-source, with or without a budget).
 *
 * Why it matters: the LP relaxation bounds Σ y_j only by the covering's LP value, and one site's
 * cost is a large share of a plan. On the first-start kindergartens (247 cells × 274 sites, three
 * sizes, minimum use 60 %) the LP opens 16.2 sites where every plan needs 17; with the row the LP
 * value goes from 490.7 to 510.0 (the optimum is 518.05), above what HiGHS's cuts reach in 12 s.
 *
 * Returns 0 when no point depends on new sites alone.
 */
export function newSiteCount(md: CflpModel, ctx: RunContext): number {
  const { n, m, pairPtr, pairSite, existing } = md;
  // (the model keeps no pairs to sites that can never open: forbidden, without sizes, or whose
  // minimum no demand within reach can fill — every pair to a new site is a usable column)
  const ptr = new Uint32Array(n + 1);
  const idx = new Uint32Array(pairSite.length);
  let rows = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!md.served[i]) continue;
    const from = k;
    for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) {
      if (existing[pairSite[p]]) {
        k = from;
        break;
      }
      idx[k++] = pairSite[p];
    }
    // reached by an existing site, or by no site at all (infeasible: the precheck says why): no row
    if (k === from) continue;
    idx.subarray(from, k).sort();
    ptr[++rows] = k;
  }
  if (rows === 0) return 0;
  const t = now();
  const sub = new RunContext(Math.min(ctx.deadline, t + COUNT_SHARE * (ctx.deadline - t), t + COUNT_SECONDS * 1000), ctx.signal, undefined, ctx.seed, Infinity, ctx.debug);
  const r = solveSetCover({ rows, cols: m, ptr: ptr.subarray(0, rows + 1), idx: idx.subarray(0, k), cost: new Float64Array(m).fill(1) }, sub, { integral: true });
  const count = Number.isFinite(r.bound) ? Math.max(0, Math.ceil(r.bound - 1e-6)) : 0;
  ctx.debug?.(`cflp new-site count: ${rows} points need a new site, at least ${count} (set cover ${r.status}, ${r.objective}), ${((now() - t) / 1000).toFixed(3)} s`);
  return count;
}

/** The share of the time left, and the most seconds, that the count's set covering may take. */
const COUNT_SHARE = 0.05;
const COUNT_SECONDS = 2;

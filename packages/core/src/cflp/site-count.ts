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
  const { n, m, pairPtr, pairSite, existing, closed, unfillable, optPtr } = md;
  const usable = new Uint8Array(m);
  for (let j = 0; j < m; j++) usable[j] = !existing[j] && !closed[j] && !unfillable[j] && optPtr[j + 1] > optPtr[j] ? 1 : 0;
  const ptr: number[] = [0];
  const idx: number[] = [];
  const row: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!md.served[i]) continue;
    let reachedByExisting = false;
    row.length = 0;
    for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) {
      const j = pairSite[p];
      if (existing[j]) {
        reachedByExisting = true;
        break;
      }
      if (usable[j]) row.push(j);
    }
    // a point with no usable site at all: the model is infeasible (the precheck says why); no row
    if (reachedByExisting || row.length === 0) continue;
    row.sort((a, b) => a - b);
    for (let k = 0; k < row.length; k++) if (k === 0 || row[k] !== row[k - 1]) idx.push(row[k]);
    ptr.push(idx.length);
  }
  const rows = ptr.length - 1;
  if (rows === 0) return 0;
  const t = now();
  const sub = new RunContext(Math.min(ctx.deadline, t + COUNT_SHARE * (ctx.deadline - t), t + COUNT_SECONDS * 1000), ctx.signal, undefined, ctx.seed, Infinity, ctx.debug);
  const r = solveSetCover({ rows, cols: m, ptr: Uint32Array.from(ptr), idx: Uint32Array.from(idx), cost: new Float64Array(m).fill(1) }, sub, { integral: true });
  const k = Number.isFinite(r.bound) ? Math.max(0, Math.ceil(r.bound - 1e-6)) : 0;
  ctx.debug?.(`cflp new-site count: ${rows} points need a new site, at least ${k} (set cover ${r.status}, ${r.objective}), ${((now() - t) / 1000).toFixed(3)} s`);
  return k;
}

/** The share of the time left, and the most seconds, that the count's set covering may take. */
const COUNT_SHARE = 0.05;
const COUNT_SECONDS = 2;

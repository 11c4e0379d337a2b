/**
 * The exact p-dispersion search. The optimum is one of the distances between two sites, so it
 * binary-searches the sorted distinct distances D (up to the smallest distance between two
 * existing sites, which every answer keeps): "are there p sites pairwise ≥ D apart, the existing
 * ones among them?" asks for a clique of p − |existing| among the other sites at distance ≥ D from
 * every existing one, in the graph of the pairs ≥ D apart (clique.ts) — an independent set of the
 * conflict graph of the closer pairs. The heuristic's value is the first level known feasible; a
 * feasible level's clique raises it to that set's own smallest distance. Stopped early (time or
 * work limit: checkpoints in the clique search), the answer is the best set found and the bound the
 * largest distance below the smallest level proven infeasible (the optimum is one of the levels).
 */
import type { RunContext } from "../heuristics/context.js";
import { bitGraph, connect, findClique } from "./clique.js";
import { closestPairs, withoutClosed } from "./dispersion.js";

/** The exact search's size limit (its site–site matrix holds m² numbers). */
export const DISPERSION_EXACT_SITES = 2000;

export interface DispersionExact {
  open: Uint8Array;
  value: number;
  bound: number;
  optimal: boolean;
}

/** `mat` is the m × m site–site distance matrix (row-major); `start` a feasible answer (exactly p sites, the fixed ones among them). */
export function dispersionExact(m: number, mat: Float64Array, fixed: Uint8Array, closed: Uint8Array, p: number, start: Uint8Array, ctx: RunContext): DispersionExact {
  const dist = (j: number, k: number) => mat[j * m + k];
  const fixedList: number[] = [];
  const free: number[] = [];
  for (let j = 0; j < m; j++) {
    if (fixed[j]) fixedList.push(j);
    else if (!closed[j]) free.push(j);
  }
  const cap = closestPairs(dist, fixedList).d;
  const levels = distinctDistances(m, mat, closed, cap);
  const listOf = (open: Uint8Array) => {
    const out: number[] = [];
    for (let j = 0; j < m; j++) if (open[j]) out.push(j);
    return out;
  };
  let best = start;
  let value = closestPairs(dist, listOf(start)).d;
  let lo = indexOf(levels, value);
  let hi = levels.length;
  const need = p - fixedList.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    const D = levels[mid];
    const clique = feasibleAt(D, free, fixedList, dist, need, ctx);
    ctx.debug?.(`pdispersion: level ${mid} of ${levels.length} (${D}): ${clique === undefined ? "stopped" : clique ? "feasible" : "infeasible"}, ${ctx.elapsed().toFixed(2)} s`);
    if (clique === undefined) break;
    if (clique === null) hi = mid;
    else {
      best = Uint8Array.from(fixed);
      for (const j of clique) best[j] = 1;
      value = closestPairs(dist, listOf(best)).d;
      lo = indexOf(levels, value);
      ctx.report("dispersion search", value, undefined, false, withoutClosed(best, closed));
    }
  }
  return { open: best, value, bound: levels[hi - 1], optimal: hi - lo === 1 };
}

/** The sites (indices into the m sites) of a clique of `need` among the free sites ≥ D from each other and from every fixed site; null: none; undefined: stopped. */
function feasibleAt(D: number, free: readonly number[], fixedList: readonly number[], dist: (j: number, k: number) => number, need: number, ctx: RunContext): number[] | null | undefined {
  const cand = free.filter((v) => fixedList.every((e) => dist(v, e) >= D));
  const n = cand.length;
  // degree-descending order colours best
  const degree = new Int32Array(n);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (dist(cand[a], cand[b]) >= D) {
    degree[a]++;
    degree[b]++;
  }
  const order = Array.from({ length: n }, (_, a) => a).sort((a, b) => degree[b] - degree[a] || a - b);
  const g = bitGraph(n);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (dist(cand[order[a]], cand[order[b]]) >= D) connect(g, a, b);
  const found = findClique(g, need, ctx);
  if (!found) return found;
  return Array.from(found, (v) => cand[order[v]]);
}

/** The sorted distinct distances between two sites that are not closed, up to `cap`. */
function distinctDistances(m: number, mat: Float64Array, closed: Uint8Array, cap: number): Float64Array {
  let count = 0;
  for (let j = 0; j < m; j++) if (!closed[j]) for (let k = j + 1; k < m; k++) if (!closed[k] && mat[j * m + k] <= cap) count++;
  const all = new Float64Array(count);
  let t = 0;
  for (let j = 0; j < m; j++) if (!closed[j]) for (let k = j + 1; k < m; k++) if (!closed[k] && mat[j * m + k] <= cap) all[t++] = mat[j * m + k];
  all.sort();
  let w = 0;
  for (let r = 0; r < all.length; r++) if (w === 0 || all[r] !== all[w - 1]) all[w++] = all[r];
  return all.slice(0, w);
}

/** The position of `v` in the sorted `a` (it is there: a set's smallest distance is a level). */
function indexOf(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else if (a[mid] > v) hi = mid - 1;
    else return mid;
  }
  throw new Error(`internal error: the p-dispersion value ${v} is not a distance between two sites`);
}

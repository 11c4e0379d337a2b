/**
 * The p-dispersion heuristic: greedy farthest-point insertion — from the existing sites, or from
 * the farthest pair when there are none (beyond 5,000 sites a double sweep's pair), always add the
 * site farthest from those chosen — then a swap local search; repeated from the existing sites plus
 * one site, for a few sites spread over the list, keeping the best. A swap replaces one chosen site
 * (not an existing one) by an unchosen one when that raises the smallest pairwise distance, or
 * keeps it and leaves fewer pairs at it (so ties between several closest pairs are worked off one
 * swap at a time). No proof: the exact search (dispersion-exact.ts) starts from this answer.
 */
import type { RunContext } from "../heuristics/context.js";

/** The sites of a p-dispersion search: distances, the fixed (existing) and closed (forbidden) ones. */
export interface DispersionInput {
  m: number;
  dist: (j: number, k: number) => number;
  fixed: Uint8Array;
  closed: Uint8Array;
  p: number;
}

/** The smallest distance between two of the listed sites (Infinity for fewer than two) and how many pairs are at it. */
export function closestPairs(dist: DispersionInput["dist"], sites: ArrayLike<number>, skip = -1): { d: number; count: number } {
  let d = Infinity;
  let count = 0;
  for (let a = 0; a < sites.length; a++) {
    if (sites[a] === skip) continue;
    for (let b = a + 1; b < sites.length; b++) {
      if (sites[b] === skip) continue;
      const x = dist(sites[a], sites[b]);
      if (x < d) {
        d = x;
        count = 1;
      } else if (x === d) count++;
    }
  }
  return { d, count };
}

/** Restarts from single sites after the first run, at most this many (fewer for large m·p). */
const RESTARTS = 16;
/** Up to this many candidate sites the start is the farthest pair (all pairs scanned). */
const PAIR_SCAN = 5000;

export function dispersionHeuristic(input: DispersionInput, ctx: RunContext): { open: Uint8Array; value: number } {
  const { m, dist, fixed, closed, p } = input;
  const seeds: number[] = [];
  const free: number[] = [];
  for (let j = 0; j < m; j++) {
    if (fixed[j]) seeds.push(j);
    else if (!closed[j]) free.push(j);
  }
  if (seeds.length === 0 && free.length <= PAIR_SCAN) {
    let far = -1;
    for (let a = 0; a < free.length; a++) for (let b = a + 1; b < free.length; b++) {
      const d = dist(free[a], free[b]);
      if (d > far) {
        far = d;
        seeds[0] = free[a];
        seeds[1] = free[b];
      }
    }
  } else if (seeds.length === 0) {
    // many sites: a double sweep (the site farthest from the first, then the one farthest from it)
    const farthest = (from: number) => free.reduce((b, j) => (dist(from, j) > dist(from, b) ? j : b), free[0]);
    seeds[0] = farthest(free[0]);
    seeds[1] = farthest(seeds[0]);
    if (seeds[1] === seeds[0]) seeds[1] = seeds[0] === free[0] ? free[1] : free[0];
  }
  let best = greedySwap(input, seeds, ctx);
  // more starts: the existing sites (if any) and one site, spread over the sites
  const restarts = seeds.length >= p ? 0 : Math.min(RESTARTS, free.length, Math.floor(2e7 / (m * p)));
  for (let t = 0; t < restarts && !ctx.timedOut; t++) {
    const r = greedySwap(input, [...seeds.filter((j) => fixed[j]), free[Math.floor((t * free.length) / restarts)]], ctx);
    if (r.value > best.value || (r.value === best.value && r.count < best.count)) best = r;
  }
  return { open: best.open, value: best.value };
}

/** Greedy farthest-point insertion from `seeds`, then swaps, lexicographically (smallest distance ↑, pairs at it ↓). */
function greedySwap(input: DispersionInput, seeds: readonly number[], ctx: RunContext): { open: Uint8Array; value: number; count: number } {
  const { m, dist, fixed, closed, p } = input;
  const open = new Uint8Array(m);
  const chosen: number[] = [];
  // near[u] = distance from u to the nearest chosen site
  const near = new Float64Array(m).fill(Infinity);
  const add = (c: number) => {
    open[c] = 1;
    chosen.push(c);
    for (let u = 0; u < m; u++) if (!open[u] && !closed[u]) near[u] = Math.min(near[u], dist(u, c));
  };
  for (const j of seeds) add(j);
  while (chosen.length < p) {
    let u = -1;
    for (let v = 0; v < m; v++) if (!open[v] && !closed[v] && (u < 0 || near[v] > near[u])) u = v;
    add(u);
  }
  let cur = closestPairs(dist, chosen);
  for (;;) {
    if (ctx.shouldStop()) break;
    let best = cur;
    let br = -1;
    let bu = -1;
    for (const r of chosen) {
      if (fixed[r] || !touches(dist, chosen, r, cur.d)) continue;
      const rest = closestPairs(dist, chosen, r);
      for (let u = 0; u < m; u++) {
        if (open[u] || closed[u]) continue;
        let du = Infinity;
        let cu = 0;
        for (const s of chosen) {
          if (s === r) continue;
          const x = dist(u, s);
          if (x < du) {
            du = x;
            cu = 1;
          } else if (x === du) cu++;
        }
        const d = Math.min(du, rest.d);
        const count = (du === d ? cu : 0) + (rest.d === d ? rest.count : 0);
        if (d > best.d || (d === best.d && count < best.count)) {
          best = { d, count };
          br = r;
          bu = u;
        }
      }
    }
    if (br < 0) break;
    open[br] = 0;
    open[bu] = 1;
    chosen[chosen.indexOf(br)] = bu;
    cur = best;
    ctx.report("local search", cur.d, undefined, false, withoutClosed(open, closed));
  }
  return { open, value: cur.d, count: cur.count };
}

/** Open flags of the sites that are not closed (what `Progress.open` indexes: the sites without the forbidden ones). */
export function withoutClosed(open: Uint8Array, closed: Uint8Array): Uint8Array {
  if (!closed.includes(1)) return open;
  return open.filter((_, j) => !closed[j]);
}

/** Whether site r is in a pair at distance d among the chosen sites. */
function touches(dist: DispersionInput["dist"], chosen: readonly number[], r: number, d: number): boolean {
  for (const s of chosen) if (s !== r && dist(r, s) === d) return true;
  return false;
}

/**
 * Seeded random p-center instances — 18 demand points × 8 sites in a 1000 × 1000 square, integer
 * coordinates and weights 1..9, p = 3 — and the seeds on which javascript-lp-solver stalls: its
 * simplex has no time limit inside a branch-and-bound node, and on these it ran > 60 s with a 10 s
 * time limit (measured: `--solver lp-solver --time-limit 10`, killed at 75 s without an answer),
 * where 36 of the first 40 seeds finish in under 2 s.
 */
import { mulberry32 } from "../support/random.js";

export const PCENTER_P = 3;

/** Seeds (of the first 40) whose lp-solver p-center solve stalls > 60 s. */
export const STALLING_SEEDS = [14, 17, 23, 25] as const;

export function pcenterInstance(seed: number) {
  const r = mulberry32(seed);
  const demand = Array.from({ length: 18 }, (_, i) => ({ id: `d${i + 1}`, x: Math.round(r() * 1000), y: Math.round(r() * 1000), weight: 1 + Math.floor(r() * 9) }));
  const sites = Array.from({ length: 8 }, (_, j) => ({ id: `s${j + 1}`, x: Math.round(r() * 1000), y: Math.round(r() * 1000) }));
  return { name: `pcenter-18x8-seed${seed}`, demand, sites };
}

/**
 * Shared pieces of the variant tests: small random instances on integer coordinates, the distance
 * recomputed here (the same formula as the library's, so that radius boundaries agree), subset
 * enumeration for the brute-force oracles, and the solvers every variant is run with.
 */
import { mulberry32, solve, type Backend, type ProblemInput, type Result, type SolverName } from "@siting/core";
import { glpk } from "@siting/glpk";
import { highs } from "@siting/highs";
import { lpSolver } from "@siting/lp-solver";

export interface Pt {
  id: string;
  x: number;
  y: number;
  weight?: number;
  cost?: number;
  existing?: boolean;
  forbidden?: boolean;
  [field: string]: unknown;
}
export interface Instance {
  demand: (Pt & { weight: number })[];
  sites: Pt[];
}

export interface RandomOptions {
  n?: [number, number];
  m?: [number, number];
  costs?: boolean;
  existing?: boolean;
  forbidden?: boolean;
}

export function randomInstance(seed: number, o: RandomOptions = {}): Instance & { rand: () => number; ri: (lo: number, hi: number) => number } {
  const rand = mulberry32(seed * 7919 + 17);
  const ri = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const [n0, n1] = o.n ?? [4, 10];
  const [m0, m1] = o.m ?? [3, 7];
  const n = ri(n0, n1);
  const m = ri(m0, m1);
  const demand: Instance["demand"] = Array.from({ length: n }, (_, i) => ({ id: `d${i}`, x: ri(0, 100), y: ri(0, 100), weight: rand() < 0.15 ? 0 : ri(1, 9) }));
  let existingLeft = 1;
  const sites: Pt[] = Array.from({ length: m }, (_, j) => {
    const s: Pt = { id: `s${j}`, x: ri(0, 100), y: ri(0, 100) };
    if (o.existing && existingLeft > 0 && rand() < 0.15) {
      s.existing = true;
      existingLeft--;
    } else if (o.forbidden && rand() < 0.12) s.forbidden = true;
    if (o.costs) s.cost = ri(1, 20);
    return s;
  });
  return { demand, sites, rand, ri };
}

/** Euclidean distance, computed as the library does (√(dx² + dy²), not Math.hypot). */
export function dist(a: { x: number; y: number }, b: { x: number; y: number }): number {
  const ex = a.x - b.x;
  const ey = a.y - b.y;
  return Math.sqrt(ex * ex + ey * ey);
}

/** Every set of site indices that holds the existing sites and no forbidden one. */
export function* subsets(sites: Pt[]): Generator<number[]> {
  const m = sites.length;
  for (let mask = 0; mask < 1 << m; mask++) {
    const s: number[] = [];
    let ok = true;
    for (let j = 0; j < m; j++) {
      const on = (mask >> j) & 1;
      if ((on && sites[j].forbidden) || (!on && sites[j].existing)) ok = false;
      if (on) s.push(j);
    }
    if (ok) yield s;
  }
}

export const BACKENDS: Backend[] = [highs(), glpk(), lpSolver()];

/** The open sites of a result as indices into `sites`. */
export function openIndices(r: Result, sites: Pt[]): number[] {
  return r.open.map((id) => sites.findIndex((s) => s.id === id));
}

/** Solves with the engine, the heuristic and every MIP backend (in that order). */
export async function solveAll(inst: Instance, problem: ProblemInput, solvers: (SolverName | Backend)[] = ["engine", "heuristic", ...BACKENDS]): Promise<{ name: string; r: Result }[]> {
  const out: { name: string; r: Result }[] = [];
  for (const s of solvers) {
    const r = await solve({ demand: inst.demand, sites: inst.sites }, problem as never, { solver: s, timeLimit: 30 });
    out.push({ name: typeof s === "string" ? s : s.name, r });
  }
  return out;
}

export const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Shared pieces of the exact engine: the result type, integrality checks used to round bounds,
 * and a few typed-array helpers for the Lagrangian subproblems.
 */

export type EngineStatus = "optimal" | "time_limit" | "feasible" | "infeasible";

export interface EngineResult {
  /** Open sites (1 = open), existing sites included. All zeros when infeasible. */
  open: Uint8Array;
  /** Objective of `open` (Infinity / NaN-free: Infinity for minimisation when infeasible, −Infinity never). */
  objective: number;
  /** Proven bound on the optimum: lower for minimisation, upper for MCLP. */
  bound: number;
  status: EngineStatus;
  /** Branch-and-bound nodes processed (for p-center: summed over the radius oracle calls). */
  nodes: number;
}

/** Relative tolerance under which incumbent and bound count as equal. */
export const REL_TOL = 1e-9;

export function tol(x: number): number {
  return Number.isFinite(x) ? REL_TOL * Math.max(1, Math.abs(x)) : 0;
}

/** True when every entry of `a` (over the first `len`) is an integer of moderate size. */
export function allIntegers(a: ArrayLike<number>, len = a.length): boolean {
  for (let k = 0; k < len; k++) {
    const v = a[k];
    if (!Number.isInteger(v) || Math.abs(v) > 2 ** 40) return false;
  }
  return true;
}

/**
 * Rounds a lower bound up when the optimum is known to be an integer. The Lagrangian value is a
 * floating-point sum, so a value a hair above an integer k (e.g. k + 1e-10 from rounding noise)
 * must not become k + 1: subtract a small relative slack first.
 */
export function roundLower(lb: number, integral: boolean): number {
  if (!integral || !Number.isFinite(lb)) return lb;
  return Math.ceil(lb - 1e-9 * Math.max(1, Math.abs(lb)));
}

/** Rounds an upper bound (maximisation) down when the optimum is integral. */
export function roundUpper(ub: number, integral: boolean): number {
  if (!integral || !Number.isFinite(ub)) return ub;
  return Math.floor(ub + 1e-9 * Math.max(1, Math.abs(ub)));
}

/** k-th smallest (0-based) of a[0..len), partially reordering `a` so a[0..k] ≤ a[k] ≤ a[k+1..len). */
export function quickselect(a: Float64Array, len: number, k: number): number {
  let lo = 0;
  let hi = len - 1;
  while (hi > lo) {
    // median of three
    const mid = (lo + hi) >> 1;
    let x = a[lo], y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        x = a[i];
        a[i] = a[j];
        a[j] = x;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Minimum of a[from..to), +Infinity when empty. */
export function minOf(a: Float64Array, from: number, to: number): number {
  let v = Infinity;
  for (let k = from; k < to; k++) if (a[k] < v) v = a[k];
  return v;
}

/**
 * The distinct values of `a`, ascending. Integers over a small range (most distance matrices) are
 * marked in a table over their range, O(length + range); anything else is sorted (a sort of every
 * candidate distance was half of the heuristic's time on OR-Library p = 5 instances).
 */
export function distinctAscending(a: Float64Array): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  let ints = true;
  for (let t = 0; t < a.length; t++) {
    const v = a[t];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (ints && !Number.isInteger(v)) ints = false;
  }
  const out: number[] = [];
  if (a.length === 0) return out;
  if (ints && hi - lo <= 4 * a.length + 1024) {
    const seen = new Uint8Array(hi - lo + 1);
    for (let t = 0; t < a.length; t++) seen[a[t] - lo] = 1;
    for (let v = 0; v < seen.length; v++) if (seen[v]) out.push(lo + v);
    return out;
  }
  const s = a.slice().sort();
  // (+ 0: −0, which sorts first, as 0)
  for (let t = 0; t < s.length; t++) if (t === 0 || s[t] !== s[t - 1]) out.push(s[t] + 0);
  return out;
}

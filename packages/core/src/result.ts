import type { Problem } from "./problem.js";
import type { Equity } from "./equity.js";

export type Status = "optimal" | "feasible" | "infeasible" | "time_limit";

/** One demand point's assignment to its nearest open site. */
export interface Assignment {
  demand: string;
  /** Nearest open site, or null when none is open. */
  site: string | null;
  distance: number | null;
  /** Within the radius (always true when the problem has no radius and a site is open). */
  covered: boolean;
  /** cflp with split demand: every site serving the point, its share (0..1), the demand units and the distance. `site` is then the largest share. */
  shares?: { site: string; share: number; amount: number; distance: number }[];
}

/** One open site's share of the demand. */
export interface OpenSite {
  id: string;
  existing: boolean;
  cost: number | null;
  /** Demand weight whose nearest open site this is. */
  load: number;
  /** The part of `load` within the radius. */
  coveredLoad: number;
  /** Capacitated problems: the size module it opened at (name or index), its capacity and the demand units it serves. */
  module?: string;
  capacity?: number | null;
  units?: number | null;
  /** cflp: the least load (units) the site must serve (0 for existing sites) and units / capacity. */
  minimum?: number;
  utilization?: number | null;
}

/** What `solve()` returns. Every number here was recomputed by `evaluate()` from the scenario. */
export interface Result {
  problem: Problem;
  status: Status;
  /** The objective (see `Problem`), or null when infeasible. */
  objective: number | null;
  /** A proven bound on the optimum (lower for minimisation, upper for MCLP), or null if none is known. */
  bound: number | null;
  /** |objective − bound| / |objective| (0 when both are 0), or null without a bound. */
  gap: number | null;
  /** Open site ids, in input order; existing sites included. */
  open: string[];
  coverage: { covered: number; total: number; fraction: number };
  seconds: number;
  solver: string;
  /** Largest and weighted-mean distance from a demand point to its nearest open site. */
  maxDistance: number | null;
  meanDistance: number | null;
  /**
   * How evenly the demand weight is served, recomputed by `evaluate()` (see `Equity`):
   * `beyondShare` (0–1, beyond the radius — cflp: the radius, else the reach; null without one),
   * `worst10MeanDistance` (mean distance of the worst-served 10 % of weight), `gini` (weighted
   * Gini of distance, 0–1) and `maxDistance` (distance units). Null when no site is open.
   */
  equity: Equity | null;
  /** Total cost of the open new (non-existing) sites. */
  cost: number;
  sites: OpenSite[];
  assignment: Assignment[];
  /** Why the problem is infeasible, or other notes. */
  message?: string;
}

export function relativeGap(objective: number, bound: number): number {
  const diff = Math.abs(objective - bound);
  if (diff === 0) return 0;
  return diff / Math.max(Math.abs(objective), 1e-300);
}

/**
 * The capacitated facility-location problem (`type: "cflp"`): the planner's model. Sites and sizes
 * are chosen together; every demand point with demand is served within `reach`; capacities bind;
 * every new site serves at least its minimum; a share of the demand weight is served within
 * `radius` (a target, or — with `budget` — the objective).
 *
 * Indices are dense integers (demand i in 0..n-1, site j in 0..m-1); ids live in the scenario.
 */

/** Per-point reach: a numeric demand field (e.g. `"reach"`), with a default for points without it. */
export interface ReachField {
  field: string;
  /** Used where a point has no such field; without it every point needs the field. */
  default?: number;
}

/**
 * A cflp solution in index terms.
 * - `option[j]`: for a new site, the index of the option it opens at (its module, or 0 for a site
 *   without modules: its own cost and capacity), -1 when closed; for an existing site, -1 for its
 *   own capacity alone, k for the expansion module k on top.
 * - single-source: `site[i]` is the site serving demand point i (-1: not served, only for points
 *   without demand).
 * - split (`singleSource: false`): `share` holds, per demand point, its sites and the fraction of
 *   its demand each serves (fractions sum to 1 for every point with demand).
 */
export interface CflpSolution {
  option: Int32Array;
  site: Int32Array;
  share?: { site: number; fraction: number }[][];
}

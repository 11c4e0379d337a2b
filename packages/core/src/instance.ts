import { haversine, localProjection, type Metric, type Projection } from "./geo.js";
import type { CoordinateSystem, Scenario } from "./scenario.js";
import { isSparseCosts, sparseLookup, type SparseCosts } from "./sparse-costs.js";

/**
 * A scenario on flat typed arrays: what every engine works on. Indices are dense integers;
 * ids stay in the scenario. Coordinates are kept as given (x/y, or lon/lat degrees) and, for
 * lon/lat, also projected to local metres (`dpx`/`dpy`, `spx`/`spy`) for the kd-tree.
 */
export interface Instance {
  readonly n: number;
  readonly m: number;
  readonly weight: Float64Array;
  /** 1 for existing sites (fixed open). */
  readonly existing: Uint8Array;
  /** Opening cost per site, 0 for existing sites (sunk) and for every site when the scenario has no costs. */
  readonly cost: Float64Array;
  readonly hasCosts: boolean;
  readonly metric: Metric;
  readonly coords: CoordinateSystem;
  readonly dx: Float64Array;
  readonly dy: Float64Array;
  readonly sx: Float64Array;
  readonly sy: Float64Array;
  /** Planar coordinates (metres for lon/lat, as given for x/y) used by spatial indexes. */
  readonly dpx: Float64Array;
  readonly dpy: Float64Array;
  readonly spx: Float64Array;
  readonly spy: Float64Array;
  /** Factor by which a planar range query must be enlarged to contain the metric ball. */
  readonly queryInflation: number;
  /** Explicit n × m cost matrix (row-major), or null when distances come from coordinates or sparse rows. */
  readonly matrix: Float64Array | null;
  /**
   * Sparse costs: per demand point its reachable sites sorted by cost (ties by site); a pair not
   * listed costs `unreachable`. Null for a dense matrix or coordinates.
   */
  readonly sparse: SparseCosts | null;
  /** What `dist` returns for a pair the sparse rows leave out: Infinity, or a finite penalty (`buildInstance`'s option). */
  readonly unreachable: number;
  /** Distance (cost) from demand i to site j under the scenario's metric. */
  dist(i: number, j: number): number;
}

export interface InstanceOptions {
  /**
   * With sparse costs: the cost of a pair not listed, Infinity by default. Searches that add costs
   * up (p-median, p-center) use a finite penalty larger than any answer serving every point
   * (`unreachablePenalty`), so their arithmetic stays finite.
   */
  unreachable?: number;
}

export function buildInstance(s: Scenario, options: InstanceOptions = {}): Instance {
  const n = s.demand.length;
  const m = s.sites.length;
  const weight = new Float64Array(n);
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = s.demand[i];
    weight[i] = d.weight;
    dx[i] = d.x;
    dy[i] = d.y;
  }
  const sx = new Float64Array(m);
  const sy = new Float64Array(m);
  const existing = new Uint8Array(m);
  const cost = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const t = s.sites[j];
    sx[j] = t.x;
    sy[j] = t.y;
    existing[j] = t.existing ? 1 : 0;
    // a site offered only as size modules costs, when opened without a capacity model, its cheapest module
    cost[j] = t.existing || !s.hasCosts ? 0 : (t.cost ?? (t.modules ? Math.min(...t.modules.map((mod) => mod.cost)) : 0));
  }
  let dpx = dx;
  let dpy = dy;
  let spx = sx;
  let spy = sy;
  let queryInflation = 1;
  let proj: Projection | null = null;
  if (s.coords === "lonlat") {
    const lons = new Float64Array(n + m);
    const lats = new Float64Array(n + m);
    lons.set(dx);
    lons.set(sx, n);
    lats.set(dy);
    lats.set(sy, n);
    proj = localProjection(lons, lats);
    const P = proj;
    dpx = dx.map((v) => (v - P.lon0) * P.kx);
    dpy = dy.map((v) => (v - P.lat0) * P.ky);
    spx = sx.map((v) => (v - P.lon0) * P.kx);
    spy = sy.map((v) => (v - P.lat0) * P.ky);
    queryInflation = s.metric === "haversine" ? P.inflation : 1;
  }
  const sparse = isSparseCosts(s.costs) ? s.costs : null;
  const matrix = sparse ? null : (s.costs as Float64Array | null);
  const unreachable = sparse ? (options.unreachable ?? Infinity) : Infinity;
  let dist: (i: number, j: number) => number;
  if (sparse) dist = sparseLookup(sparse, unreachable);
  else if (matrix) dist = (i, j) => matrix[i * m + j];
  else if (s.metric === "haversine") dist = (i, j) => haversine(dx[i], dy[i], sx[j], sy[j]);
  else if (s.metric === "manhattan") dist = (i, j) => Math.abs(dpx[i] - spx[j]) + Math.abs(dpy[i] - spy[j]);
  else
    dist = (i, j) => {
      const ex = dpx[i] - spx[j];
      const ey = dpy[i] - spy[j];
      return Math.sqrt(ex * ex + ey * ey);
    };
  return {
    n, m, weight, existing, cost, hasCosts: s.hasCosts, metric: s.metric, coords: s.coords,
    dx, dy, sx, sy, dpx, dpy, spx, spy, queryInflation, matrix, sparse, unreachable, dist,
  };
}

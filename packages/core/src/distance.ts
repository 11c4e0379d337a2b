import { haversine, localProjection } from "./geo.js";
import type { Scenario } from "./scenario.js";
import { isSparseCosts, sparseLookup } from "./sparse-costs.js";

/**
 * d(i, j) straight from the scenario: cost matrix, sparse costs (Infinity for a pair not listed:
 * unreachable), haversine, or planar (projected for lon/lat).
 */
export function distanceFunction(s: Scenario): (i: number, j: number) => number {
  const m = s.sites.length;
  if (isSparseCosts(s.costs)) return sparseLookup(s.costs);
  if (s.costs) {
    const c = s.costs;
    return (i, j) => c[i * m + j];
  }
  return pointDistance(s, s.demand, s.sites);
}

/**
 * d(j, k) between two sites from their coordinates under the scenario's metric — the formula
 * and projection of `distanceFunction`, so that site–site and demand–site distances agree; a
 * cost matrix plays no part. Throws when the scenario has no coordinates (`coords: "none"`).
 */
export function siteDistanceFunction(s: Scenario): (j: number, k: number) => number {
  if (s.coords === "none") throw new Error("internal error: site–site distances need coordinates");
  return pointDistance(s, s.sites, s.sites);
}

/** d(a, b) for a in `A`, b in `B` from coordinates (planar: projected for lon/lat, about every point of the scenario). */
function pointDistance(s: Scenario, A: readonly { x: number; y: number }[], B: readonly { x: number; y: number }[]): (a: number, b: number) => number {
  const D = s.demand;
  const S = s.sites;
  if (s.metric === "haversine") return (i, j) => haversine(A[i].x, A[i].y, B[j].x, B[j].y);
  // the same planar coordinates and formula as `buildInstance`, so that solver and evaluation agree
  // to the last bit on a radius boundary (Math.hypot can differ by an ulp: hypot(35, 120) > 125)
  let lon0 = 0, lat0 = 0, kx = 1, ky = 1;
  if (s.coords === "lonlat") {
    const p = localProjection([...D.map((d) => d.x), ...S.map((t) => t.x)], [...D.map((d) => d.y), ...S.map((t) => t.y)]);
    ({ lon0, lat0, kx, ky } = p);
  }
  const dpx = A.map((d) => (d.x - lon0) * kx);
  const dpy = A.map((d) => (d.y - lat0) * ky);
  const spx = B.map((t) => (t.x - lon0) * kx);
  const spy = B.map((t) => (t.y - lat0) * ky);
  if (s.metric === "manhattan") return (i, j) => Math.abs(dpx[i] - spx[j]) + Math.abs(dpy[i] - spy[j]);
  return (i, j) => {
    const ex = dpx[i] - spx[j];
    const ey = dpy[i] - spy[j];
    return Math.sqrt(ex * ex + ey * ey);
  };
}

import { haversine, localProjection } from "./geo.js";
import type { Scenario } from "./scenario.js";
import { isSparseCosts, sparseLookup } from "./sparse-costs.js";

/**
 * d(i, j) straight from the scenario: cost matrix, sparse costs (Infinity for a pair not listed:
 * unreachable), haversine, or planar (projected for lon/lat).
 */
export function distanceFunction(s: Scenario): (i: number, j: number) => number {
  const m = s.sites.length;
  const D = s.demand;
  const S = s.sites;
  if (isSparseCosts(s.costs)) return sparseLookup(s.costs);
  if (s.costs) {
    const c = s.costs;
    return (i, j) => c[i * m + j];
  }
  if (s.metric === "haversine") return (i, j) => haversine(D[i].x, D[i].y, S[j].x, S[j].y);
  // the same planar coordinates and formula as `buildInstance`, so that solver and evaluation agree
  // to the last bit on a radius boundary (Math.hypot can differ by an ulp: hypot(35, 120) > 125)
  let lon0 = 0, lat0 = 0, kx = 1, ky = 1;
  if (s.coords === "lonlat") {
    const p = localProjection([...D.map((d) => d.x), ...S.map((t) => t.x)], [...D.map((d) => d.y), ...S.map((t) => t.y)]);
    ({ lon0, lat0, kx, ky } = p);
  }
  const dpx = D.map((d) => (d.x - lon0) * kx);
  const dpy = D.map((d) => (d.y - lat0) * ky);
  const spx = S.map((t) => (t.x - lon0) * kx);
  const spy = S.map((t) => (t.y - lat0) * ky);
  if (s.metric === "manhattan") return (i, j) => Math.abs(dpx[i] - spx[j]) + Math.abs(dpy[i] - spy[j]);
  return (i, j) => {
    const ex = dpx[i] - spx[j];
    const ey = dpy[i] - spy[j];
    return Math.sqrt(ex * ex + ey * ey);
  };
}

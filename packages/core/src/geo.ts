/**
 * Geodesy. Distances are in metres for lon/lat input. Haversine on the mean Earth radius
 * (6,371,008.8 m, the value @turf/distance uses, so our numbers match turf's).
 */
export const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

export type Metric = "euclidean" | "haversine" | "manhattan";

/** Great-circle distance in metres between two lon/lat points (degrees). */
export function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLon / 2);
  const a = s1 * s1 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * s2 * s2;
  return 2 * EARTH_RADIUS_M * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

/**
 * Local equirectangular projection to metres about the data's centre. Used (a) as the metric
 * space of `euclidean` / `manhattan` on lon/lat input, and (b) to index lon/lat points in a
 * planar kd-tree for haversine range queries: a query radius r is inflated by `inflation`
 * (the ratio of the centre's cos(latitude) to the smallest one in the data, plus a small slack
 * for the flat-Earth error), so the query returns a superset that is then filtered exactly.
 */
export interface Projection {
  lon0: number;
  lat0: number;
  kx: number; // metres per degree of longitude at lat0
  ky: number; // metres per degree of latitude
  inflation: number;
}

export function localProjection(lons: ArrayLike<number>, lats: ArrayLike<number>): Projection {
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (let i = 0; i < lats.length; i++) {
    const la = lats[i];
    const lo = lons[i];
    if (la < minLat) minLat = la;
    if (la > maxLat) maxLat = la;
    if (lo < minLon) minLon = lo;
    if (lo > maxLon) maxLon = lo;
  }
  if (!(minLat <= maxLat)) minLat = maxLat = minLon = maxLon = 0;
  const lat0 = (minLat + maxLat) / 2;
  const cos0 = Math.max(Math.cos(lat0 * RAD), 1e-9);
  const cosMin = Math.max(Math.min(Math.cos(minLat * RAD), Math.cos(maxLat * RAD)), 1e-9);
  const ky = EARTH_RADIUS_M * RAD;
  return { lon0: (minLon + maxLon) / 2, lat0, kx: ky * cos0, ky, inflation: (cos0 / cosMin) * 1.002 + 1e-9 };
}

export function projectInto(p: Projection, lons: ArrayLike<number>, lats: ArrayLike<number>, xs: Float64Array, ys: Float64Array): void {
  for (let i = 0; i < lons.length; i++) {
    xs[i] = (lons[i] - p.lon0) * p.kx;
    ys[i] = (lats[i] - p.lat0) * p.ky;
  }
}

export function planarDistance(metric: Metric, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  return metric === "manhattan" ? Math.abs(dx) + Math.abs(dy) : Math.sqrt(dx * dx + dy * dy);
}

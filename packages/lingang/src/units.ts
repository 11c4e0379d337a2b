/**
 * Planning units: a district's cells cut into compact units of at most `max` demand by recursive
 * bisection (the longer side of the bounding box, at the demand-weighted median; a half with less
 * than `min` is not cut off) — a stand-in for the life-circle units a Shanghai plan is drawn on
 * (FACTS §4). The plan solves each unit on its own first (small models that solve to optimality in
 * moments) and hands the joined plan to the district's model as its starting point.
 */
export interface UnitPoint {
  lon: number;
  lat: number;
  weight: number;
}

/** Unit index per point (0-based), in the points' order. */
export function planningUnits(points: readonly UnitPoint[], max: number, min: number): Int32Array {
  const unit = new Int32Array(points.length);
  let next = 0;
  const cosLat = Math.cos(((points[0]?.lat ?? 31) * Math.PI) / 180);
  const split = (ix: number[]) => {
    let total = 0;
    for (const i of ix) total += points[i].weight;
    if (total <= max || total < 2 * min || ix.length < 2) {
      const u = next++;
      for (const i of ix) unit[i] = u;
      return;
    }
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const i of ix) {
      const x = points[i].lon * cosLat, y = points[i].lat;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const byX = maxX - minX >= maxY - minY;
    const key = (i: number) => (byX ? points[i].lon : points[i].lat);
    const sorted = [...ix].sort((a, b) => key(a) - key(b) || a - b);
    let acc = 0;
    let cut = 1;
    for (let k = 0; k < sorted.length - 1; k++) {
      acc += points[sorted[k]].weight;
      cut = k + 1;
      if (acc >= total / 2) break;
    }
    split(sorted.slice(0, cut));
    split(sorted.slice(cut));
  };
  split(points.map((_, i) => i));
  return unit;
}

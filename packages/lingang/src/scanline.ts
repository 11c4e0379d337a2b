import type { Position } from "./geojson.js";
import { toX, toY } from "./projection.js";

/** A grid laid out in the local metric projection: cell (i, j) has its centre at x0 + (i + ½)·res, y0 + (j + ½)·res. */
export interface GridLayout {
  x0: number;
  y0: number;
  nx: number;
  ny: number;
  res: number;
}

/**
 * Marks (mask[k] |= bit) every cell whose centre lies inside the polygon ring (lon/lat),
 * by an even-odd scanline fill along each row of cell centres: exact for the centre test and
 * O(rows × edges + cells filled).
 */
export function fillRing(layout: GridLayout, ring: readonly Position[], mask: Uint8Array, bit: number): void {
  const { x0, y0, nx, ny, res } = layout;
  const n = ring.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let ymin = Infinity;
  let ymax = -Infinity;
  for (let k = 0; k < n; k++) {
    xs[k] = toX(ring[k][0]);
    ys[k] = toY(ring[k][1]);
    if (ys[k] < ymin) ymin = ys[k];
    if (ys[k] > ymax) ymax = ys[k];
  }
  const j0 = Math.max(0, Math.floor((ymin - y0) / res - 0.5));
  const j1 = Math.min(ny - 1, Math.ceil((ymax - y0) / res));
  const cross: number[] = [];
  for (let j = j0; j <= j1; j++) {
    const yc = y0 + (j + 0.5) * res;
    cross.length = 0;
    for (let k = 0; k < n; k++) {
      const l = k === n - 1 ? 0 : k + 1;
      const ya = ys[k];
      const yb = ys[l];
      if (ya <= yc !== yb <= yc) cross.push(xs[k] + ((yc - ya) * (xs[l] - xs[k])) / (yb - ya));
    }
    cross.sort((p, q) => p - q);
    for (let c = 0; c + 1 < cross.length; c += 2) {
      const ia = Math.max(0, Math.ceil((cross[c] - x0) / res - 0.5));
      const ib = Math.min(nx - 1, Math.ceil((cross[c + 1] - x0) / res - 0.5) - 1);
      const row = j * nx;
      for (let i = ia; i <= ib; i++) mask[row + i] |= bit;
    }
  }
}

/**
 * Equity measures: how the distance to service is spread over the demand weight. One function on
 * typed arrays of weighted items (a demand point, or one share of a split point), O(k log k).
 */

/** The share of demand weight whose mean distance `worst10MeanDistance` reports. */
const WORST_SHARE = 0.1;

/**
 * How evenly an answer serves its demand. Distances are in the scenario's units: metres for
 * lon/lat scenarios, else the x/y units or those of the cost matrix. Every measure is over demand
 * weight > 0 only; each item is a demand point at the distance to the site serving it (split
 * demand: each share is its own item, weight × share). A point left unserved (capacitated
 * problems) counts at its distance to the nearest open site, and always as beyond the cutoff. A
 * point that no open site can reach (sparse costs: distance Infinity) is beyond the cutoff, makes
 * `worst10MeanDistance` and `maxDistance` Infinity, and is left out of `gini`.
 */
export interface Equity {
  /**
   * Share (0–1) of demand weight not served within the cutoff: the problem's `radius`; for cflp
   * without a radius, its `reach` (per point when read from a field). Null when there is no
   * cutoff (p-median and p-center without a radius, cflp without radius and reach). 0 when no
   * demand weight is positive.
   */
  beyondShare: number | null;
  /**
   * Weighted mean distance of the worst-served 10 % of demand weight (distance units): the items
   * farthest first until 10 % of the total weight, the item on the boundary taken in part.
   */
  worst10MeanDistance: number;
  /**
   * Weighted Gini coefficient of distance over demand weight, Σᵢ Σⱼ wᵢ wⱼ |dᵢ − dⱼ| / (2 W² μ)
   * with W = Σ w and μ the weighted mean distance: 0 when everyone is equally far (or all
   * distances are 0), towards 1 when the distance falls on a small part of the weight. Unitless.
   * Over the weight at a finite distance.
   */
  gini: number;
  /** Largest distance over items with weight > 0 (distance units); 0 when there is none. */
  maxDistance: number;
}

/**
 * The equity measures of weighted items: `distance[k]` and `weight[k]` per item (items with
 * weight ≤ 0 are ignored). `cutoff` is one distance for every item or one per item (null: no
 * cutoff, `beyondShare` null); an item is beyond it when its distance is greater. `served[k] = 0`
 * marks an item not served at all: its distance should be the one to the nearest open site, and
 * it counts as beyond the cutoff whatever that distance.
 */
export function equityOf(distance: Float64Array, weight: Float64Array, cutoff: number | Float64Array | null = null, served?: Uint8Array): Equity {
  const n = distance.length;
  let k = 0;
  const order = new Uint32Array(n);
  let total = 0;
  let beyond = 0;
  let unreachable = 0;
  for (let i = 0; i < n; i++) {
    const w = weight[i];
    if (!(w > 0)) continue;
    const d = distance[i];
    const c = cutoff === null ? Infinity : typeof cutoff === "number" ? cutoff : cutoff[i];
    if ((served && served[i] === 0) || !(d < Infinity) || d > c) beyond += w;
    total += w;
    if (d < Infinity) order[k++] = i;
    else unreachable += w;
  }
  const beyondShare = cutoff === null ? null : total > 0 ? beyond / total : 0;
  if (k === 0) return { beyondShare, worst10MeanDistance: unreachable > 0 ? Infinity : 0, gini: 0, maxDistance: unreachable > 0 ? Infinity : 0 };
  const idx = order.subarray(0, k).sort((a, b) => distance[a] - distance[b]);

  // Gini from the sorted order: Σ_{i<j} wᵢ wⱼ (dⱼ − dᵢ) = Σⱼ wⱼ (dⱼ·C − S), C and S the weight and
  // weight × distance before j (tied items add 0 whatever their order); the double sum is twice it
  let C = 0;
  let S = 0;
  let pairs = 0;
  for (let t = 0; t < k; t++) {
    const i = idx[t];
    const w = weight[i];
    const d = distance[i];
    pairs += w * (d * C - S);
    C += w;
    S += w * d;
  }
  const gini = S > 0 ? Math.min(1, Math.max(0, pairs / (C * S))) : 0;
  if (unreachable > 0) return { beyondShare, worst10MeanDistance: Infinity, gini, maxDistance: Infinity };

  // the worst-served share, farthest first, the boundary item in part (summed below the largest
  // distance, so that equal distances give that distance exactly)
  const top = distance[idx[k - 1]];
  const target = WORST_SHARE * total;
  let taken = 0;
  let below = 0;
  for (let t = k - 1; t >= 0 && taken < target; t--) {
    const i = idx[t];
    const part = Math.min(weight[i], target - taken);
    taken += part;
    below += part * (top - distance[i]);
  }
  return { beyondShare, worst10MeanDistance: taken > 0 ? top - below / taken : 0, gini, maxDistance: top };
}

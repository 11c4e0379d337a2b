/**
 * The subgradient step rule shared by the p-median, MCLP, set-covering and cflp engines: the best
 * value kept, θ halved after `stallLimit` values without improvement, exhausted below its floor,
 * Polyak's step θ·gap/‖g‖²; both senses.
 */
import { describe, expect, it } from "vitest";
import { PolyakRule } from "../../packages/core/src/engine/polyak.js";

describe("PolyakRule", () => {
  it("keeps the best (maximising), halves θ after stallLimit non-improving values, stops below the floor", () => {
    const r = new PolyakRule("max", 2, 3, 0.3);
    expect(r.best).toBe(-Infinity);
    expect(r.record(10)).toBe(true);
    expect(r.record(12)).toBe(true);
    expect(r.record(12)).toBe(false); // equal is not better
    expect(r.record(11)).toBe(false);
    expect(r.theta).toBe(2);
    expect(r.record(12 + 1e-14)).toBe(false); // within the tolerance
    expect(r.theta).toBe(1); // third non-improving value
    expect(r.best).toBe(12);
    expect(r.step(5, 4)).toBeCloseTo((1 * 5) / 4, 15);
    for (let k = 0; k < 6; k++) r.record(0);
    expect(r.theta).toBe(0.25);
    expect(r.exhausted).toBe(true);
    expect(r.record(13)).toBe(true); // an improvement resets the count, not θ
    expect(r.theta).toBe(0.25);
  });

  it("minimising keeps the least value; the tolerance is relative", () => {
    const r = new PolyakRule("min", 1, 2, 1e-3, 1e-6);
    expect(r.best).toBe(Infinity);
    expect(r.record(1000)).toBe(true);
    expect(r.record(1000 - 1e-4)).toBe(false); // 1e-4 < 1e-6 × 1000
    expect(r.record(999)).toBe(true);
    expect(r.best).toBe(999);
    expect(r.record(1001)).toBe(false);
    expect(r.record(1002)).toBe(false);
    expect(r.theta).toBe(0.5);
  });
});

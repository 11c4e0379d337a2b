/**
 * The run's time budget on a fake clock (no timing): shares by weight, time a step does not use
 * goes to the later steps, a late run still gives each step its floor.
 */
import { describe, expect, it } from "vitest";
import { TimeBudget } from "../../packages/lingang/src/budget.js";

function clock() {
  let ms = 0;
  return { now: () => ms, advance: (s: number) => (ms += s * 1000) };
}

describe("TimeBudget", () => {
  it("shares the time by weight and passes time a step does not use to the steps after it", () => {
    const c = clock();
    const b = new TimeBudget(60, 6, c.now);
    expect(b.take(1)).toBeCloseTo(10, 12); // 60 × 1/6
    c.advance(4); // the step used 4 of its 10 s
    expect(b.take(2)).toBeCloseTo((56 * 2) / 5, 12);
    c.advance(56 * 2 / 5);
    b.skip(1); // a step that does not run: its weight goes to the others
    expect(b.take(2)).toBeCloseTo(b.left, 12); // the last step gets all that is left
  });

  it("gives every step at least `least` × its even share when the run is late", () => {
    const c = clock();
    const b = new TimeBudget(60, 6, c.now);
    b.take(1);
    c.advance(100); // far past the end
    expect(b.left).toBe(0);
    expect(b.take(3)).toBeCloseTo(TimeBudget.least * 30, 12);
    expect(b.take(0, 0.25)).toBe(0.25);
  });

  it("rejects an empty budget", () => {
    expect(() => new TimeBudget(0, 1)).toThrow(/seconds > 0/);
    expect(() => new TimeBudget(10, 0)).toThrow(/weight > 0/);
  });
});

/**
 * Facility types planned in parallel lanes (`planLingang({ concurrency })`, the CLI's `--jobs`):
 * the lane limiter itself, the time budget shared over lanes (fake clock), and a run with two lanes
 * whose solves are traced — never more than two at once and two at some point, elder care after
 * the health centres of its year (co-location), each type's 2035 network after its near-term plan.
 */
import { solve } from "@siting/core";
import { lingangGrid, planLingang } from "@siting/lingang";
import { describe, expect, it } from "vitest";
import { TimeBudget } from "../../packages/lingang/src/budget.js";
import { Lanes } from "../../packages/lingang/src/lanes.js";

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

describe("Lanes", () => {
  it("runs at most `count` tasks at once and hands a freed lane to the waiting task of least rank", async () => {
    const lanes = new Lanes(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const gates: (() => void)[] = [];
    const task = (rank: number) => lanes.run(rank, async () => {
      order.push(rank);
      most = Math.max(most, ++running);
      await new Promise<void>((r) => gates.push(r));
      running--;
      return rank;
    });
    const all = [task(5), task(4), task(9), task(1), task(7), task(3)];
    await tick();
    expect(order).toEqual([5, 4]); // the first two asked get the two lanes
    while (gates.length) {
      gates.shift()!();
      await tick();
    }
    expect(await Promise.all(all)).toEqual([5, 4, 9, 1, 7, 3]);
    expect(order).toEqual([5, 4, 1, 3, 7, 9]);
    expect(most).toBe(2);
  });

  it("with one lane, a failing task frees its lane", async () => {
    const lanes = new Lanes(1);
    const a = lanes.run(0, async () => {
      throw new Error("boom");
    });
    const b = lanes.run(1, async () => "b");
    await expect(a).rejects.toThrow("boom");
    expect(await b).toBe("b");
  });

  it("rejects a count that is not a whole number ≥ 1", () => {
    expect(() => new Lanes(0)).toThrow(/whole number ≥ 1/);
    expect(() => new Lanes(1.5)).toThrow(/whole number ≥ 1/);
  });
});

describe("TimeBudget over lanes", () => {
  it("gives a step `lanes` times its one-lane share, at most the time left, and doubles the floor's even share", () => {
    let ms = 0;
    const b = new TimeBudget(60, 6, () => ms, 2);
    expect(b.take(1)).toBeCloseTo((60 * 2) / 6, 12); // two steps at a time: 20 s each
    expect(b.take(1)).toBeCloseTo((60 * 2) / 5, 12); // (nothing spent yet on the clock)
    ms = 30_000;
    expect(b.take(3)).toBeCloseTo(30, 12); // 2 × 3/4 of the 30 s left, capped at the 30 s left
    ms = 100_000; // late: the floor, half of the even share of 2 × 60 s
    expect(b.take(1)).toBeCloseTo(TimeBudget.least * 20, 12);
    expect(() => new TimeBudget(10, 1, () => 0, 0.5)).toThrow(/lanes ≥ 1/);
  });
});

describe("planLingang with two lanes", () => {
  it("rejects a concurrency that is not a whole number ≥ 1, naming it", async () => {
    for (const concurrency of [0, 1.5]) {
      await expect(planLingang({ zone: "first-start", resolution: 500, facilities: ["stations"], timeLimit: 1, concurrency })).rejects.toThrow(/concurrency must be a whole number ≥ 1/);
    }
  });

  it("runs two solves at once (never more), elder care after the health centres, 2035 after 2024, every type planned", async () => {
    const residents2024 = lingangGrid({ zone: "first-start", resolution: 500 }).totals.residents;
    const trace: { type: string; year: number; start: number; end: number }[] = [];
    let clock = 0;
    const plan = await planLingang({
      zone: "first-start", resolution: 500, facilities: ["clinics", "eldercare", "stations"], timeLimit: 1, concurrency: 2,
      solveWith: async (sc, problem, o) => {
        const cand = sc.sites.find((s) => s.id.startsWith("cand-"))?.id ?? "";
        const type = cand.startsWith("cand-chc") ? "clinics" : cand.startsWith("cand-eldercare") ? "eldercare" : cand.startsWith("cand-station") ? "stations" : "warm-up";
        const weight = sc.demand.reduce((a, d) => a + d.weight, 0);
        const entry = { type, year: weight > 1.5 * residents2024 ? 2035 : 2024, start: clock++, end: Infinity };
        trace.push(entry);
        await tick(); // let the other lane start
        const r = await solve(sc as never, problem, { ...o, solver: typeof o.solver === "string" ? o.solver : "auto" });
        entry.end = clock++;
        return r;
      },
    });
    const solves = trace.filter((t) => t.type !== "warm-up");
    expect(solves.every((t) => Number.isFinite(t.end))).toBe(true);
    // solves in flight at each start
    const inFlight = (t: number) => trace.filter((u) => u.start <= t && u.end > t).length;
    const most = Math.max(...trace.map((t) => inFlight(t.start)));
    expect(most).toBe(2);
    const of = (type: string, year: number) => solves.filter((t) => t.type === type && t.year === year);
    for (const type of ["clinics", "eldercare", "stations"]) {
      expect(of(type, 2024).length, type).toBeGreaterThan(0);
      expect(of(type, 2035).length, type).toBeGreaterThan(0);
      expect(Math.min(...of(type, 2035).map((t) => t.start))).toBeGreaterThan(Math.max(...of(type, 2024).map((t) => t.end)));
    }
    for (const year of [2024, 2035]) expect(Math.min(...of("eldercare", year).map((t) => t.start))).toBeGreaterThan(Math.max(...of("clinics", year).map((t) => t.end)));
    // the two lanes overlapped types (not only the warm-up solves)
    expect(solves.some((t) => solves.some((u) => u.type !== t.type && u.start < t.end && t.start < u.end))).toBe(true);
    expect(plan.facilities.map((f) => f.facility)).toEqual(["clinics", "eldercare", "stations"]);
    for (const f of [...plan.facilities, ...(plan.phasing?.facilities ?? [])]) expect(f.objective, f.facility).not.toBeNull();
    expect(plan.phasing?.subset).toBe(true);
  }, 240_000);
});

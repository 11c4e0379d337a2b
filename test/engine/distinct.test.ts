import { describe, expect, it } from "vitest";
import { mulberry32 } from "@siting/core";
import { distinctAscending } from "../../packages/core/src/engine/common.js";

describe("distinctAscending (candidate radii)", () => {
  it("equals a sort and dedupe on integers (table route), fractions, wide ranges and Infinity (sort route)", () => {
    const r = mulberry32(9);
    const sets: number[][] = [
      [],
      [5],
      Array.from({ length: 500 }, () => Math.floor(r() * 40)),
      Array.from({ length: 300 }, () => Math.floor(r() * 40) - 20),
      Array.from({ length: 300 }, () => r() * 100),
      Array.from({ length: 50 }, () => Math.floor(r() * 1e9)),
      [3, Infinity, 3, 0, -0, 7, Infinity],
      [0, -0, 2, 2],
    ];
    for (const v of sets) {
      const want = [...new Set(Float64Array.from(v).sort())];
      expect(distinctAscending(Float64Array.from(v))).toEqual(want);
    }
  });
});

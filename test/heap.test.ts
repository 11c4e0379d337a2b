import { describe, expect, it } from "vitest";
import { mulberry32 } from "@siting/core";
import { IndexedMinHeap } from "../packages/core/src/heap.js";

describe("IndexedMinHeap", () => {
  it("pops ids in key order with decrease-key, re-queues popped ids, and clears (random operations against a brute-force map)", () => {
    const r = mulberry32(5);
    for (let round = 0; round < 20; round++) {
      const cap = 1 + Math.floor(r() * 60);
      const h = new IndexedMinHeap(cap);
      const want = new Map<number, number>();
      for (let op = 0; op < 400; op++) {
        const x = r();
        if (x < 0.55) {
          const id = Math.floor(r() * cap);
          const k = Math.floor(r() * 1000) / 10;
          h.push(id, k);
          const cur = want.get(id);
          if (cur === undefined || k < cur) want.set(id, k);
          expect(h.pos[id]).toBeGreaterThanOrEqual(0);
        } else if (x < 0.97 && want.size > 0) {
          const least = Math.min(...want.values());
          const id = h.pop();
          expect(h.lastKey).toBe(least);
          expect(want.get(id)).toBe(least);
          want.delete(id);
          expect(h.pos[id]).toBe(IndexedMinHeap.POPPED);
        } else if (x >= 0.97) {
          h.clear();
          want.clear();
          for (let id = 0; id < cap; id++) expect(h.pos[id]).toBe(IndexedMinHeap.OUT);
        }
        expect(h.size).toBe(want.size);
      }
    }
  });
});

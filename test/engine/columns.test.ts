import { describe, expect, it } from "vitest";
import { mulberry32 } from "@siting/core";
import { countInPrefixes, listHeads, siteColumns } from "../../packages/core/src/engine/columns.js";

/** Random CSR lists: rows of 0..maxLen distinct sites out of m (some rows empty). */
function randomLists(seed: number, n: number, m: number, maxLen: number) {
  const r = mulberry32(seed);
  const ptr = new Uint32Array(n + 1);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const len = Math.floor(r() * (maxLen + 1));
    const pool = Array.from({ length: m }, (_, j) => j);
    for (let t = 0; t < m; t++) {
      const u = t + Math.floor(r() * (m - t));
      [pool[t], pool[u]] = [pool[u], pool[t]];
    }
    rows.push(pool.slice(0, Math.min(len, m)));
    ptr[i + 1] = ptr[i] + rows[i].length;
  }
  const site = Uint32Array.from(rows.flat());
  const cost = Float64Array.from(site, (_, k) => k);
  return { lists: { ptr, site, cost }, rows, r };
}

describe("list heads and site columns (the p-median Lagrangian's prefix counts)", () => {
  it("heads hold each row's first H entries; counts equal brute force by both routes, prefixes past the head included", () => {
    for (const [seed, n, m, maxLen, H] of [[1, 40, 12, 12, 3], [2, 60, 30, 25, 8], [3, 25, 50, 50, 64], [4, 30, 20, 20, 1]] as const) {
      const { lists, rows, r } = randomLists(seed, n, m, maxLen);
      // rows with weight > 0 only: leave every fifth out
      const act = Int32Array.from(Array.from({ length: n }, (_, i) => i).filter((i) => i % 5 !== 4));
      const heads = listHeads(lists, act, n, m, H);
      const distinct = new Set<number>();
      for (let i = 0; i < n; i++) {
        const want = act.includes(i) ? rows[i].slice(0, H) : [];
        expect(Array.from(heads.site.subarray(heads.ptr[i], heads.ptr[i + 1])), `head ${i}`).toEqual(want);
        want.forEach((j) => distinct.add(j));
      }
      expect(heads.sites).toBe(distinct.size);
      for (let trial = 0; trial < 5; trial++) {
        const flag = Uint8Array.from({ length: m }, () => (r() < 0.3 ? 1 : 0));
        const len = new Uint32Array(n);
        for (const i of act) len[i] = Math.floor(r() * (rows[i].length + 1));
        const want = new Int32Array(n).fill(-7);
        for (const i of act) want[i] = rows[i].slice(0, len[i]).filter((j) => flag[j]).length;
        let built = 0;
        const columns = () => (built++, siteColumns(heads, m));
        for (const pairs of [0, Infinity]) {
          const count = new Int32Array(n).fill(-7); // rows outside `act` stay untouched
          countInPrefixes(lists, heads, columns, act, flag, len, count, pairs);
          expect(Array.from(count), `seed ${seed} trial ${trial} pairs ${pairs}`).toEqual(Array.from(want));
        }
        // the row route never builds the columns; the column route does
        expect(built).toBe(1);
      }
    }
  });
});

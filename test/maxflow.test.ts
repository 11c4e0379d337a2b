import { describe, expect, it } from "vitest";
import { mulberry32 } from "@siting/core";
import { MaxFlow } from "../packages/core/src/maxflow.js";

/** The minimum s–t cut by enumerating every node set holding s and not t (small graphs only). */
function bruteMinCut(nodes: number, arcs: [number, number, number][], s: number, t: number): number {
  let best = Infinity;
  for (let mask = 0; mask < 1 << nodes; mask++) {
    if (!(mask & (1 << s)) || mask & (1 << t)) continue;
    let cut = 0;
    for (const [u, v, c] of arcs) if (mask & (1 << u) && !(mask & (1 << v))) cut += c;
    best = Math.min(best, cut);
  }
  return best;
}

describe("MaxFlow (Dinic)", () => {
  it("equals the brute-force minimum cut on random graphs (with and without a greedy start); flows respect capacities and conservation; the source side is a minimum cut", () => {
    const r = mulberry32(11);
    let nonzero = 0;
    for (let round = 0; round < 200; round++) {
      const nodes = 2 + Math.floor(r() * 8);
      const arcs: [number, number, number][] = [];
      const count = Math.floor(r() * nodes * 3);
      for (let k = 0; k < count; k++) {
        const u = Math.floor(r() * nodes);
        const v = Math.floor(r() * nodes);
        if (u === v) continue;
        arcs.push([u, v, r() < 0.2 ? Infinity : Math.floor(r() * 10) + (r() < 0.3 ? 0.5 : 0)]);
      }
      const s = 0;
      const t = nodes - 1;
      const want = bruteMinCut(nodes, arcs, s, t);
      if (!Number.isFinite(want)) continue; // an infinite path: not a question for this flow
      const f = new MaxFlow(nodes, 1);
      const ids = arcs.map(([u, v, c]) => f.addArc(u, v, c));
      // every other round a greedy start first: flow along s → v → t arc pairs, which solve completes
      let pushed = 0;
      if (round % 2 === 1) {
        arcs.forEach(([u, v], a) => {
          if (u !== s) return;
          arcs.forEach(([u2, v2], b) => {
            if (u2 !== v || v2 !== t) return;
            const x = Math.min(f.residual(ids[a]), f.residual(ids[b]));
            if (x > 0 && Number.isFinite(x)) {
              f.push(ids[a], x);
              f.push(ids[b], x);
              pushed += x;
            }
          });
        });
      }
      const flow = pushed + f.solve(s, t);
      expect(flow).toBeCloseTo(want, 9);
      if (want > 0) nonzero++;
      const net = new Float64Array(nodes);
      arcs.forEach(([u, v, c], k) => {
        const x = f.flowOf(ids[k]);
        expect(x).toBeGreaterThanOrEqual(-1e-9);
        expect(x).toBeLessThanOrEqual(c + 1e-9);
        net[u] -= x;
        net[v] += x;
      });
      for (let v = 0; v < nodes; v++) if (v !== s && v !== t) expect(net[v]).toBeCloseTo(0, 9);
      expect(net[t]).toBeCloseTo(want, 9);
      // the residual source side: holds s, not t, and its cut is the flow
      expect(f.sourceSide[s]).toBe(1);
      expect(f.sourceSide[t]).toBe(0);
      let cut = 0;
      for (const [u, v, c] of arcs) if (f.sourceSide[u] && !f.sourceSide[v]) cut += c;
      expect(cut).toBeCloseTo(want, 9);
    }
    expect(nonzero).toBeGreaterThan(50);
  });
});

/**
 * Does a graph hold a clique of `need` vertices? Branch and bound with the greedy colouring bound
 * (Tomita's MCQ) on bitsets (San Segundo's BBMC): the vertices of one colour class are pairwise
 * non-adjacent, so a clique takes at most one of each, and a branch whose size plus its colour
 * count is below `need` is cut. The vertices come in the caller's order (a degree-descending order
 * colours best); a search that stops at the first clique of `need` answers the decision question.
 * A greedy probe (always the candidate with the most neighbours among the candidates) goes first:
 * it often finds such a clique at once when one exists.
 */
import type { RunContext } from "../heuristics/context.js";

/** A graph on vertices 0..n−1: row v of `adj` (`words` 32-bit words from v·words) has bit u set when u, v are adjacent. */
export interface BitGraph {
  n: number;
  words: number;
  adj: Uint32Array;
}

/** An empty graph on n vertices, to be filled with `connect`. */
export function bitGraph(n: number): BitGraph {
  const words = (n + 31) >>> 5;
  return { n, words, adj: new Uint32Array(n * words) };
}

export function connect(g: BitGraph, u: number, v: number): void {
  g.adj[u * g.words + (v >>> 5)] |= 1 << (v & 31);
  g.adj[v * g.words + (u >>> 5)] |= 1 << (u & 31);
}

/**
 * A clique of `need` vertices (ascending), `null` when the graph has none, or `undefined` when the
 * run context stopped the search first (a checkpoint at the first node and every 64th).
 */
export function findClique(g: BitGraph, need: number, ctx: RunContext): Int32Array | null | undefined {
  const { n, words: W, adj } = g;
  if (need <= 0) return new Int32Array(0);
  if (need > n) return null;
  const depth = need + 1;
  // per depth: the candidate set P, and the colouring's scratch sets Q and Qc; the coloured order and colours
  const sets = new Uint32Array(depth * 3 * W);
  const order = new Int32Array(depth * n);
  const colour = new Int32Array(depth * n);
  const chosen = new Int32Array(need);
  let nodes = 0;
  let stopped = false;

  const expand = (d: number, size: number): boolean => {
    if ((nodes++ & 63) === 0 && ctx.shouldStop()) {
      stopped = true;
      return false;
    }
    const P = d * 3 * W;
    const Q = P + W;
    const Qc = Q + W;
    const o = d * n;
    // greedy colouring of P; only vertices of colour ≥ kmin can complete a clique, so only they are listed
    const kmin = need - size;
    for (let w = 0; w < W; w++) sets[Q + w] = sets[P + w];
    let cnt = 0;
    let k = 0;
    for (let left = true; left; ) {
      k++;
      for (let w = 0; w < W; w++) sets[Qc + w] = sets[Q + w];
      for (let w = 0; w < W; w++) {
        while (sets[Qc + w] !== 0) {
          const bits = sets[Qc + w];
          const v = (w << 5) | (31 - Math.clz32(bits & -bits));
          const bit = ~(1 << (v & 31));
          sets[Q + w] &= bit;
          sets[Qc + w] &= bit;
          // v's neighbours cannot share its colour
          for (let x = w; x < W; x++) sets[Qc + x] &= ~adj[v * W + x];
          if (k >= kmin) {
            order[o + cnt] = v;
            colour[o + cnt] = k;
            cnt++;
          }
        }
      }
      left = false;
      for (let w = 0; w < W; w++) if (sets[Q + w] !== 0) left = true;
    }
    const next = P + 3 * W;
    for (let t = cnt - 1; t >= 0; t--) {
      if (size + colour[o + t] < need) return false;
      const v = order[o + t];
      chosen[size] = v;
      if (size + 1 === need) return true;
      let any = false;
      for (let w = 0; w < W; w++) {
        sets[next + w] = sets[P + w] & adj[v * W + w];
        if (sets[next + w] !== 0) any = true;
      }
      if (any && expand(d + 1, size + 1)) return true;
      if (stopped) return false;
      sets[P + (v >>> 5)] &= ~(1 << (v & 31));
    }
    return false;
  };

  for (let v = 0; v < n; v++) sets[v >>> 5] |= 1 << (v & 31);
  const greedy = greedyClique(g, need);
  if (greedy) return greedy;
  const found = expand(0, 0);
  if (stopped) return undefined;
  return found ? chosen.slice().sort() : null;
}

/** Greedy: add the candidate with the most neighbours among the candidates, keep its neighbours; the clique when it reaches `need`, else null. */
function greedyClique(g: BitGraph, need: number): Int32Array | null {
  const { n, words: W, adj } = g;
  const P = new Uint32Array(W);
  for (let v = 0; v < n; v++) P[v >>> 5] |= 1 << (v & 31);
  const out = new Int32Array(need);
  for (let size = 0; size < need; size++) {
    let best = -1;
    let most = -1;
    for (let w = 0; w < W; w++) {
      for (let bits = P[w]; bits !== 0; bits &= bits - 1) {
        const v = (w << 5) | (31 - Math.clz32(bits & -bits));
        let deg = 0;
        for (let x = 0; x < W; x++) deg += popcount(P[x] & adj[v * W + x]);
        if (deg > most) {
          most = deg;
          best = v;
        }
      }
    }
    if (best < 0 || most < need - size - 1) return null;
    out[size] = best;
    for (let x = 0; x < W; x++) P[x] &= adj[best * W + x];
  }
  return out.sort();
}

function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

import { now, type RunContext } from "../heuristics/context.js";
import { mulberry32, randInt } from "../rng.js";
import type { ScpMatrix } from "./scp-lagrange.js";

/**
 * Row-weighting local search for set covering (Gao, Weise & Li, "An efficient local search
 * heuristic with row weighting for the unicost set covering problem", EJOR 246(3), 2015), with
 * costs. One action per step: a selection that covers every row is recorded (when better) and its
 * column of least weighted loss per unit cost dropped; otherwise a random uncovered row gets its
 * column of most weighted gain per unit cost among those that keep the selection cheaper than the
 * best cover (configuration checking first: a removed column may come back only after one of its
 * rows changed state), and every row left uncovered gains weight one; when the row has no such
 * column, the selected column of least loss per unit cost (not the one just added) is dropped.
 * With unit costs this is the search of Gao et al.: remove one, add one, one column below the
 * best cover.
 *
 * Columns with state 1 in `st` stay selected, state 0 never enter. Starts from `start` (a cover).
 * Calls `found` with every cover better than the best so far. Runs until `until`
 * (`now()` ms), `maxSteps`, or the context stops.
 */
export function scpRowWeighting(
  p: ScpMatrix,
  ctx: RunContext,
  o: { st: Int8Array; start: Uint8Array; until: number; maxSteps: number; seed: number; found: (sel: Uint8Array, cost: number) => void },
): { steps: number; best: number } {
  const { R, C, rptr, ridx, cptr, cidx, cost } = p;
  const st = o.st;
  const sel = new Uint8Array(C);
  const cov = new Int32Array(R);
  const w = new Float64Array(R).fill(1);
  const score = new Float64Array(C);
  const stamp = new Float64Array(C);
  const canAdd = new Uint8Array(C).fill(1);
  // uncovered rows as a list with positions
  const unc = new Int32Array(R);
  const pos = new Int32Array(R).fill(-1);
  let nUnc = 0;
  const selList: number[] = [];
  const rand = mulberry32(o.seed);
  let total = 0;

  const uncover = (r: number) => {
    pos[r] = nUnc;
    unc[nUnc++] = r;
  };
  const recover = (r: number) => {
    const q = pos[r];
    const last = unc[--nUnc];
    unc[q] = last;
    pos[last] = q;
    pos[r] = -1;
  };
  const touch = (r: number) => {
    for (let t = rptr[r]; t < rptr[r + 1]; t++) canAdd[ridx[t]] = 1;
  };
  const add = (j: number) => {
    sel[j] = 1;
    total += cost[j];
    selList.push(j);
    score[j] = -score[j];
    for (let k = cptr[j]; k < cptr[j + 1]; k++) {
      const r = cidx[k];
      const c = ++cov[r];
      if (c === 1) {
        recover(r);
        touch(r);
        for (let t = rptr[r]; t < rptr[r + 1]; t++) {
          const q = ridx[t];
          if (q !== j) score[q] -= w[r];
        }
      } else if (c === 2) {
        // the row's previous sole cover no longer loses it
        for (let t = rptr[r]; t < rptr[r + 1]; t++) {
          const q = ridx[t];
          if (q !== j && sel[q]) {
            score[q] += w[r];
            break;
          }
        }
      }
    }
  };
  const remove = (j: number) => {
    sel[j] = 0;
    total -= cost[j];
    const at = selList.indexOf(j);
    selList[at] = selList[selList.length - 1];
    selList.pop();
    score[j] = -score[j];
    canAdd[j] = 0;
    for (let k = cptr[j]; k < cptr[j + 1]; k++) {
      const r = cidx[k];
      const c = --cov[r];
      if (c === 0) {
        uncover(r);
        touch(r);
        canAdd[j] = 0;
        for (let t = rptr[r]; t < rptr[r + 1]; t++) {
          const q = ridx[t];
          if (q !== j) score[q] += w[r];
        }
      } else if (c === 1) {
        for (let t = rptr[r]; t < rptr[r + 1]; t++) {
          const q = ridx[t];
          if (sel[q]) {
            score[q] -= w[r];
            break;
          }
        }
      }
    }
  };

  // start: every row uncovered, scores = weighted gains; then add the start cover
  for (let r = 0; r < R; r++) uncover(r);
  for (let c = 0; c < C; c++) score[c] = cptr[c + 1] - cptr[c];
  for (let c = 0; c < C; c++) if (o.start[c] || st[c] === 1) add(c);
  let best = nUnc === 0 ? total : Infinity;
  let tabu = -1;
  let steps = 0;
  const removable = (j: number) => st[j] !== 1;
  /** The selected column of least loss per unit cost (ties: the oldest). */
  const pickRemove = (avoid: number): number => {
    let b = -1;
    let bs = -Infinity;
    for (const j of selList) {
      if (j === avoid || !removable(j)) continue;
      const s = cost[j] > 0 ? score[j] / cost[j] : -Infinity;
      if (s > bs || (s === bs && stamp[j] < stamp[b])) {
        bs = s;
        b = j;
      }
    }
    return b;
  };
  while (steps < o.maxSteps) {
    if ((steps & 255) === 0 && (now() >= o.until || ctx.shouldStop())) break;
    steps++;
    if (nUnc === 0) {
      if (total < best - 1e-9 * Math.max(1, best)) {
        best = total;
        o.found(sel, total);
      }
      const j = pickRemove(-1);
      if (j < 0) break;
      remove(j);
      stamp[j] = steps;
      continue;
    }
    if (total >= best - 1e-9 * Math.max(1, best)) {
      const j = pickRemove(tabu);
      if (j < 0) break;
      remove(j);
      stamp[j] = steps;
      continue;
    }
    // a random uncovered row: its column of most gain per unit cost that may be added and keeps
    // the selection cheaper than the best cover; none: drop another column instead
    const r = unc[randInt(rand, nUnc)];
    const room = best - 1e-9 * Math.max(1, best) - total;
    let b = -1;
    let bs = -Infinity;
    for (let pass = 0; pass < 2 && b < 0; pass++) {
      for (let t = rptr[r]; t < rptr[r + 1]; t++) {
        const q = ridx[t];
        if (sel[q] || st[q] === 0 || cost[q] >= room || (pass === 0 && !canAdd[q])) continue;
        const s = cost[q] > 0 ? score[q] / cost[q] : Infinity;
        if (b < 0 || s > bs || (s === bs && stamp[q] < stamp[b])) {
          bs = s;
          b = q;
        }
      }
    }
    if (b < 0) {
      const j = pickRemove(tabu);
      if (j < 0) break;
      remove(j);
      stamp[j] = steps;
      continue;
    }
    add(b);
    stamp[b] = steps;
    tabu = b;
    // raise the weights of the rows still uncovered
    for (let q = 0; q < nUnc; q++) {
      const ur = unc[q];
      w[ur] += 1;
      for (let t = rptr[ur]; t < rptr[ur + 1]; t++) score[ridx[t]] += 1;
    }
  }
  return { steps, best };
}

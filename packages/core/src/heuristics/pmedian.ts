import type { Instance } from "../instance.js";
import type { Neighbors } from "../neighbors.js";
import { mulberry32, randInt } from "../rng.js";
import type { RunContext } from "./context.js";
import { bestMove, pmedianShare, type Move, type MoveFilter } from "./swap.js";

/** How many sites may be open: `p` (count, existing included) and `budget` (cost of new sites). */
export interface SiteLimits {
  p: number;
  budget: number;
}

export interface HeuristicResult {
  open: Uint8Array;
  objective: number;
  /** A proven lower bound (minimisation) or upper bound (maximisation), when one is known. */
  bound: number | null;
}

/**
 * p-median state with Resende–Werneck bookkeeping: for every demand point its nearest and
 * second-nearest open site (`a1`/`c1`, `a2`/`c2`).
 */
class PMedianState {
  readonly open: Uint8Array;
  readonly openList: Int32Array;
  readonly pos: Int32Array;
  count = 0;
  spent = 0;
  readonly c1: Float64Array;
  readonly c2: Float64Array;
  readonly a1: Int32Array;
  readonly a2: Int32Array;
  /** Scratch: distances from every demand point to one site (see `column`). */
  readonly col: Float64Array;

  constructor(readonly inst: Instance, readonly nb: Neighbors) {
    const { n, m } = inst;
    this.col = new Float64Array(n);
    this.open = new Uint8Array(m);
    this.openList = new Int32Array(m);
    this.pos = new Int32Array(m).fill(-1);
    this.c1 = new Float64Array(n).fill(Infinity);
    this.c2 = new Float64Array(n).fill(Infinity);
    this.a1 = new Int32Array(n).fill(-1);
    this.a2 = new Int32Array(n).fill(-1);
  }

  objective(): number {
    const w = this.inst.weight;
    let s = 0;
    for (let i = 0; i < this.inst.n; i++) if (w[i] > 0) s += w[i] * this.c1[i];
    return s;
  }

  private mark(u: number): void {
    this.open[u] = 1;
    this.pos[u] = this.count;
    this.openList[this.count++] = u;
    this.spent += this.inst.cost[u];
  }

  private unmark(r: number): void {
    const k = this.pos[r];
    const last = this.openList[--this.count];
    this.openList[k] = last;
    this.pos[last] = k;
    this.pos[r] = -1;
    this.open[r] = 0;
    this.spent -= this.inst.cost[r];
  }

  /** Recomputes a1/a2 of demand i from its sorted list (falling back to all open sites). */
  nearestTwo(i: number): void {
    const { ptr, site, cost, complete } = this.nb;
    let f1 = -1, f2 = -1, d1 = Infinity, d2 = Infinity;
    for (let k = ptr[i], e = ptr[i + 1]; k < e; k++) {
      const j = site[k];
      if (!this.open[j]) continue;
      if (f1 < 0) {
        f1 = j;
        d1 = cost[k];
      } else {
        f2 = j;
        d2 = cost[k];
        break;
      }
    }
    if (f2 < 0 && !complete) {
      f1 = f2 = -1;
      d1 = d2 = Infinity;
      for (let k = 0; k < this.count; k++) {
        const j = this.openList[k];
        const d = this.inst.dist(i, j);
        if (d < d1 || (d === d1 && j < f1)) {
          f2 = f1; d2 = d1; f1 = j; d1 = d;
        } else if (d < d2 || (d === d2 && j < f2)) {
          f2 = j; d2 = d;
        }
      }
    }
    this.a1[i] = f1; this.c1[i] = d1; this.a2[i] = f2; this.c2[i] = d2;
  }

  /** Fills `col` with d(i, u) for every demand point i and returns it. */
  column(u: number): Float64Array {
    const { n, m, matrix } = this.inst;
    const col = this.col;
    if (matrix) for (let i = 0, k = u; i < n; i++, k += m) col[i] = matrix[k];
    else for (let i = 0; i < n; i++) col[i] = this.inst.dist(i, u);
    return col;
  }

  /** Opens u; `col` may hold u's distances already (from `column(u)`). */
  add(u: number, col = this.column(u)): void {
    this.mark(u);
    const { n } = this.inst;
    const { c1, c2, a1, a2 } = this;
    for (let i = 0; i < n; i++) {
      const d = col[i];
      if (d < c1[i] || (d === c1[i] && u < a1[i])) {
        c2[i] = c1[i]; a2[i] = a1[i]; c1[i] = d; a1[i] = u;
      } else if (d < c2[i] || (d === c2[i] && u < a2[i])) {
        c2[i] = d; a2[i] = u;
      }
    }
  }

  remove(r: number): void {
    this.unmark(r);
    for (let i = 0; i < this.inst.n; i++) if (this.a1[i] === r || this.a2[i] === r) this.nearestTwo(i);
  }

  /** Opens exactly the sites with `flags[j]` set. */
  setOpen(flags: Uint8Array): void {
    while (this.count > 0) this.unmark(this.openList[this.count - 1]);
    for (let j = 0; j < flags.length; j++) if (flags[j]) this.mark(j);
    if (this.count === 0) {
      this.c1.fill(Infinity); this.c2.fill(Infinity); this.a1.fill(-1); this.a2.fill(-1);
    } else for (let i = 0; i < this.inst.n; i++) this.nearestTwo(i);
  }
}

/**
 * The fast-interchange arrays of the state's solution (Resende & Werneck): `gain[u]` of opening
 * closed site u, `loss[r]` of closing open site r, and `extra[u·P + pos[r]]`, the part of that loss
 * saved when u replaces r. After a swap only the demand points whose nearest or second-nearest
 * site changes, or that the new site serves better than their second, are taken out before and
 * put back after, so a swap costs about as much as the points it touches.
 */
class SwapArrays {
  readonly gain: Float64Array;
  readonly loss: Float64Array;
  extra = new Float64Array(0);
  /** The open count (stride of `extra`) the arrays were built for; -1 when stale. */
  P = -1;
  /** Per demand point, the second distance its share was computed with (0 when it has none). */
  private readonly reach: Float64Array;
  /** How many (site, demand point) terms the shares hold: the cost of a sparse move scan. */
  private terms = 0;
  private readonly touched: Int32Array;
  private lossAt = new Float64Array(0);

  constructor(readonly st: PMedianState) {
    const { n, m } = st.inst;
    this.gain = new Float64Array(m);
    this.loss = new Float64Array(m);
    this.reach = new Float64Array(n);
    this.touched = new Int32Array(n);
  }

  /** Adds (sign 1) or takes out (sign −1) demand point i's share. */
  private share(i: number, sign: number): void {
    const st = this.st;
    const w = st.inst.weight[i];
    if (!(w > 0)) return;
    const { ptr, site, cost: dc } = st.nb;
    const r = st.a1[i];
    const c1 = st.c1[i];
    let c2 = st.c2[i];
    // a single open site: beyond the row's end nothing changes
    if (c2 === Infinity) {
      const e = ptr[i + 1];
      c2 = (e > ptr[i] && dc[e - 1] > c1 ? dc[e - 1] : c1) + 1;
    }
    if (sign > 0) this.reach[i] = c2;
    const ws = sign * w;
    if (!st.inst.existing[r]) this.loss[r] += ws * (c2 - c1);
    this.terms += sign * pmedianShare(ptr, site, dc, st.open, null, i, ws, c1, c2, st.pos[r], this.P, this.gain, this.extra);
  }

  rebuild(): void {
    const { n, m } = this.st.inst;
    const P = (this.P = this.st.count);
    if (this.extra.length < m * P) this.extra = new Float64Array(m * P);
    else this.extra.fill(0, 0, m * P);
    this.gain.fill(0);
    this.loss.fill(0);
    this.reach.fill(0);
    this.terms = 0;
    for (let i = 0; i < n; i++) this.share(i, 1);
  }

  /** Opens u and closes r, in the state and (incrementally) in the arrays. */
  swap(u: number, r: number): void {
    const st = this.st;
    const col = st.column(u);
    if (this.P !== st.count) {
      st.add(u, col);
      st.remove(r);
      return;
    }
    const { n, m } = st.inst;
    const { a1, a2, c2 } = st;
    const touched = this.touched;
    let t = 0;
    for (let i = 0; i < n; i++) if (a1[i] === r || a2[i] === r || col[i] <= c2[i]) touched[t++] = i;
    for (let k = 0; k < t; k++) this.share(touched[k], -1);
    const k = st.pos[r];
    st.add(u, col);
    st.remove(r); // u takes r's place in the open list
    // what is left in these entries is rounding: clear it
    this.gain[u] = this.gain[r] = this.loss[u] = this.loss[r] = 0;
    const P = this.P;
    for (let v = k; v < m * P; v += P) this.extra[v] = 0;
    for (let k = 0; k < t; k++) this.share(touched[k], 1);
  }

  /**
   * The best move from the arrays (see `bestMove`). A swap-only search without a budget takes a
   * sparse route when the shares hold fewer terms than the m × P table: for each u, the best
   * site to close is the one of least loss unless u saves part of some other site's loss, and
   * those (u, r) pairs are exactly the shares' terms.
   */
  best(room: number, canAdd: boolean, filter?: MoveFilter): Move {
    const st = this.st;
    const { m, cost, existing } = st.inst;
    const P = this.P;
    if (canAdd || room !== Infinity || 2 * (this.terms + m) > m * P) {
      return bestMove(st.open, st.openList, P, this.gain, this.loss, this.extra, cost, existing, room, canAdd, filter);
    }
    const { open, openList, pos, a1 } = st;
    const { gain, extra, reach } = this;
    const inMask = filter?.inMask;
    const outMask = filter?.outMask;
    if (this.lossAt.length < P) this.lossAt = new Float64Array(P);
    const lossAt = this.lossAt;
    let k1 = -1;
    for (let k = 0; k < P; k++) {
      const r = openList[k];
      lossAt[k] = existing[r] || (outMask !== undefined && !outMask[r]) ? Infinity : this.loss[r];
      if (lossAt[k] !== Infinity && (k1 < 0 || lossAt[k] < lossAt[k1])) k1 = k;
    }
    const best: Move = { u: -1, r: -1, profit: filter?.floor ?? 0 };
    if (k1 < 0) return best;
    const l1 = lossAt[k1];
    for (let u = 0; u < m; u++) {
      if (open[u] || (inMask !== undefined && !inMask[u])) continue;
      const profit = gain[u] - l1 + extra[u * P + k1];
      if (profit > best.profit) {
        best.profit = profit;
        best.u = u;
        best.r = openList[k1];
      }
    }
    const { ptr, site, cost: dc } = st.nb;
    const weight = st.inst.weight;
    for (let i = 0; i < st.inst.n; i++) {
      if (!(weight[i] > 0)) continue;
      const k = pos[a1[i]];
      const lk = lossAt[k];
      if (lk === Infinity) continue;
      const c2 = reach[i];
      for (let t = ptr[i], e = ptr[i + 1]; t < e; t++) {
        if (dc[t] >= c2) break;
        const u = site[t];
        if (open[u] || (inMask !== undefined && !inMask[u])) continue;
        const profit = gain[u] - lk + extra[u * P + k];
        if (profit > best.profit) {
          best.profit = profit;
          best.u = u;
          best.r = openList[k];
        }
      }
    }
    return best;
  }
}

/**
 * Solutions kept for path relinking: at most `cap`, all different; a newcomer better than the
 * worst replaces the most similar of those it beats.
 */
class ElitePool {
  readonly sols: Uint8Array[] = [];
  readonly objs: number[] = [];
  constructor(readonly cap: number) {}

  static diff(a: Uint8Array, b: Uint8Array): number {
    let d = 0;
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) d++;
    return d;
  }

  /** Offers a solution (copied); true when it entered the pool. */
  offer(s: Uint8Array, obj: number): boolean {
    const diffs = this.sols.map((e) => ElitePool.diff(e, s));
    if (diffs.some((d) => d === 0)) return false;
    if (this.sols.length < this.cap) {
      this.sols.push(s.slice());
      this.objs.push(obj);
      return true;
    }
    let worst = 0;
    for (let k = 1; k < this.objs.length; k++) if (this.objs[k] > this.objs[worst]) worst = k;
    if (!(obj < this.objs[worst])) return false;
    let at = -1;
    for (let k = 0; k < this.sols.length; k++) if (this.objs[k] > obj && (at < 0 || diffs[k] < diffs[at])) at = k;
    this.sols[at] = s.slice();
    this.objs[at] = obj;
    return true;
  }

  /** A member other than s, drawn with probability proportional to its difference from s. */
  pick(s: Uint8Array, rand: () => number): number {
    const diffs = this.sols.map((e) => ElitePool.diff(e, s));
    let total = 0;
    for (const d of diffs) total += d;
    if (total === 0) return -1;
    let x = rand() * total;
    for (let k = 0; k < diffs.length; k++) {
      x -= diffs[k];
      if (x < 0 && diffs[k] > 0) return k;
    }
    for (let k = diffs.length - 1; k >= 0; k--) if (diffs[k] > 0) return k;
    return -1;
  }
}

/**
 * Restart rounds: `shakes` / 3 (a round does about the work of three of the single perturbations
 * that `shakes` used to count), scaled by the instance size n·m: up to 4× more on small instances,
 * whose rounds are cheap (× √(250 000 / n·m)), and fewer beyond n·m = 10⁶, where rounds grow
 * costly (× √(10⁶ / n·m), at least a tenth: one round at 100 000 × 2 000).
 */
function roundsFor(shakes: number, n: number, m: number): number {
  const size = Math.max(1, n * m);
  const scale = Math.min(4, Math.max(1, Math.sqrt(250_000 / size))) * Math.max(0.1, Math.min(1, Math.sqrt(1e6 / size)));
  return Math.ceil((shakes / 3) * scale);
}

/** Elite pool size: Resende & Werneck's 10, fewer when there are only a few rounds to fill it. */
function eliteFor(rounds: number): number {
  return Math.min(10, Math.max(2, rounds));
}

/**
 * p-median (and budgeted p-median) heuristic after Resende & Werneck's hybrid (GRASP with path
 * relinking): greedy add and best-improvement swap local search (fast-interchange gain/loss/extra
 * arrays, updated incrementally), then rounds of randomized ("sample") greedy + local search, each
 * local optimum relinked with a member of an elite pool — walking by the best swaps from the
 * better of the two towards the other, the best solution strictly between them improved by local
 * search — and finally every pair of the elite pool relinked once. The number of rounds comes from
 * `shakes` (see `roundsFor`) and every random choice from `ctx.seed`: the same input and seed give
 * the same answer on any machine (a time or work limit can only cut the search short).
 */
export function pmedianHeuristic(inst: Instance, nb: Neighbors, limits: SiteLimits, ctx: RunContext, shakes = 30): HeuristicResult {
  const st = new PMedianState(inst, nb);
  const sw = new SwapArrays(st);
  for (let j = 0; j < inst.m; j++) if (inst.existing[j]) st.add(j);
  const base = st.open.slice();
  greedy(st, limits, ctx);
  localSearch(st, sw, limits, ctx, true);
  let best = st.open.slice();
  let bestObj = st.objective();
  ctx.report("local search", bestObj, undefined, true, best);
  const lb = allOpenBound(inst, nb);
  const done = (): HeuristicResult => ({ open: best, objective: bestObj, bound: lb > 0 || bestObj === 0 ? lb : null });
  if (shakes <= 0 || st.count === 0) return done();

  const rand = mulberry32(ctx.seed);
  const rounds = roundsFor(shakes, inst.n, inst.m);
  const pool = new ElitePool(eliteFor(rounds));
  pool.offer(best, bestObj);
  /** Keeps the state's solution if it is the best so far, and offers it to the pool. */
  const consider = (phase: string, fraction: number): void => {
    const obj = st.objective();
    const improved = obj < bestObj - 1e-9 * Math.max(1, Math.abs(bestObj));
    if (improved) {
      bestObj = obj;
      best = st.open.slice();
    }
    pool.offer(st.open, obj);
    ctx.report(phase, bestObj, fraction, false, improved ? best : undefined);
  };
  /** Relinks `from` towards `to`; the path's best, after local search, is considered. */
  const relinkPair = (from: Uint8Array, to: Uint8Array, phase: string, fraction: number): void => {
    st.setOpen(from);
    const mid = relink(st, sw, to, limits, ctx);
    if (mid === null) return;
    st.setOpen(mid);
    localSearch(st, sw, limits, ctx, false);
    consider(phase, fraction);
  };

  for (let round = 0; round < rounds && !ctx.shouldStop(); round++) {
    st.setOpen(base);
    sampleGreedy(st, limits, rand);
    localSearch(st, sw, limits, ctx, false);
    const s = st.open.slice();
    const sObj = st.objective();
    consider("multistart", (round + 0.5) / rounds);
    const k = pool.pick(s, rand);
    if (k < 0) continue;
    // from the better of the two towards the other (Resende & Werneck's "backward" relinking)
    const f = (round + 1) / rounds;
    if (pool.objs[k] < sObj) relinkPair(pool.sols[k], s, "path relinking", f);
    else relinkPair(s, pool.sols[k], "path relinking", f);
  }
  // post-optimisation: every pair of the elite pool, once, from the worse towards the better (this
  // way round measured better here than the other)
  const sols = pool.sols.slice();
  const objs = pool.objs.slice();
  for (let a = 0; a < sols.length && !ctx.timedOut; a++) {
    for (let b = a + 1; b < sols.length && !ctx.timedOut; b++) {
      if (objs[a] > objs[b]) relinkPair(sols[a], sols[b], "elite relinking", 1);
      else relinkPair(sols[b], sols[a], "elite relinking", 1);
    }
  }
  return done();
}

/**
 * The heuristic's swap local search (best improvement, fast-interchange arrays) from a given set of
 * open sites, which must respect the limits; returns the local optimum and its objective.
 */
export function pmedianLocalSearch(inst: Instance, nb: Neighbors, limits: SiteLimits, ctx: RunContext, open: Uint8Array): HeuristicResult {
  const st = new PMedianState(inst, nb);
  const sw = new SwapArrays(st);
  st.setOpen(open);
  localSearch(st, sw, limits, ctx, false);
  return { open: st.open.slice(), objective: st.objective(), bound: null };
}

/** Σ w_i · min_j d(i, j): every site open. A valid (weak) lower bound for any p or budget. */
function allOpenBound(inst: Instance, nb: Neighbors): number {
  let s = 0;
  for (let i = 0; i < inst.n; i++) if (inst.weight[i] > 0) s += inst.weight[i] * (nb.ptr[i + 1] > nb.ptr[i] ? nb.cost[nb.ptr[i]] : Infinity);
  return s;
}

function greedy(st: PMedianState, limits: SiteLimits, ctx: RunContext): void {
  const { inst, nb } = st;
  const { n, m, weight, cost } = inst;
  const gain = new Float64Array(m);
  while (st.count < limits.p) {
    if (ctx.shouldStop() && st.count > 0) break;
    let best = -1;
    let bestScore = -Infinity;
    if (st.count === 0) {
      // nothing open yet: the first site is the best 1-median (least Σ w·d)
      for (let u = 0; u < m; u++) {
        if (cost[u] > limits.budget) continue;
        let s = 0;
        const col = st.column(u);
        for (let i = 0; i < n; i++) if (weight[i] > 0) s += weight[i] * col[i];
        if (-s > bestScore) {
          bestScore = -s;
          best = u;
        }
      }
      if (best < 0) return;
      st.add(best);
      continue;
    }
    gain.fill(0);
    const { ptr, site, cost: dc } = nb;
    for (let i = 0; i < n; i++) {
      const w = weight[i];
      if (w <= 0) continue;
      const c1 = st.c1[i];
      for (let k = ptr[i], e = ptr[i + 1]; k < e && dc[k] < c1; k++) gain[site[k]] += w * (c1 - dc[k]);
    }
    const room = limits.budget - st.spent;
    const useRatio = Number.isFinite(limits.budget);
    for (let u = 0; u < m; u++) {
      if (st.open[u] || cost[u] > room) continue;
      const score = useRatio ? (cost[u] > 0 ? gain[u] / cost[u] : gain[u] > 0 ? Infinity : 0) : gain[u];
      if (score > bestScore || (score === bestScore && useRatio && gain[u] > gain[best])) {
        bestScore = score;
        best = u;
      }
    }
    if (best < 0) return;
    // with only a budget, stop when nothing improves; with p, pad to exactly p (never worse)
    if (gain[best] <= 0 && !Number.isFinite(limits.p)) return;
    st.add(best);
    ctx.report("greedy", st.objective(), st.count / limits.p, false, st.open);
  }
}

/**
 * Resende & Werneck's "sample" greedy: each step opens the best of ⌈log₂(m/p)⌉ (at least 2)
 * closed sites drawn at random among those the budget still allows, until p sites are open or
 * none fits.
 */
function sampleGreedy(st: PMedianState, limits: SiteLimits, rand: () => number): void {
  const { n, m, weight, cost } = st.inst;
  const cand = new Int32Array(m);
  let nc = 0;
  for (let j = 0; j < m; j++) if (!st.open[j]) cand[nc++] = j;
  const q = Math.max(2, Math.ceil(Math.log2(m / Math.min(m, Math.max(1, limits.p)))));
  const c1 = st.c1;
  while (st.count < limits.p && nc > 0) {
    const room = limits.budget - st.spent;
    let best = -1;
    let bestScore = Infinity;
    // draw q distinct candidates: each drawn one moves to the end of the live range
    let live = nc;
    for (let t = 0; t < q && live > 0; ) {
      const k = randInt(rand, live);
      const u = cand[k];
      cand[k] = cand[--live];
      cand[live] = u;
      if (cost[u] > room) {
        // unaffordable now means unaffordable for good: drop it
        cand[live] = cand[--nc];
        continue;
      }
      t++;
      let s = 0;
      const col = st.column(u);
      for (let i = 0; i < n; i++) {
        const w = weight[i];
        if (!(w > 0)) continue;
        const d = col[i];
        s += w * (d < c1[i] ? d : c1[i]);
      }
      if (s < bestScore) {
        bestScore = s;
        best = u;
      }
    }
    if (best < 0) return;
    st.add(best);
    for (let k = 0; k < nc; k++) if (cand[k] === best) {
      cand[k] = cand[--nc];
      break;
    }
  }
}

/**
 * Best-improvement swap (and, below p, add) local search on the state. The arrays are rebuilt at
 * the start and updated incrementally after each swap; every move is checked against the exact
 * objective, and a move the (rounded) arrays overrated is undone and the arrays rebuilt.
 * `announce` reports each step's solution as the best so far (the first descent only).
 */
function localSearch(st: PMedianState, sw: SwapArrays, limits: SiteLimits, ctx: RunContext, announce: boolean): void {
  const { cost, existing } = st.inst;
  if (st.count === 0) return;
  sw.rebuild();
  let clean = true;
  let obj = st.objective();
  for (;;) {
    if (ctx.shouldStop()) return;
    if (sw.P !== st.count) {
      sw.rebuild();
      clean = true;
    }
    const mv = sw.best(limits.budget - st.spent, st.count < limits.p);
    const tol = 1e-10 * Math.max(1, Math.abs(obj));
    if (mv.u < 0 || mv.profit <= tol) return;
    if (mv.r < 0) st.add(mv.u);
    else sw.swap(mv.u, mv.r);
    const next = st.objective();
    if (next < obj - tol) {
      obj = next;
      clean = false;
      if (announce) ctx.report("local search", obj, undefined, false, st.open);
      continue;
    }
    if (mv.r < 0) st.remove(mv.u);
    else sw.swap(mv.r, mv.u);
    if (clean) return;
    sw.rebuild();
    clean = true;
  }
}

/**
 * Path relinking: from the state's solution, swap towards `target` one step at a time, each time
 * the best swap that opens a site of the target and closes one it lacks (even when it worsens the
 * objective). Returns the best solution strictly between the two ends, or null when they are
 * too close for one to exist (or the budget blocks every step).
 */
function relink(st: PMedianState, sw: SwapArrays, target: Uint8Array, limits: SiteLimits, ctx: RunContext): Uint8Array | null {
  const { m, cost, existing } = st.inst;
  const inMask = new Uint8Array(m);
  const outMask = new Uint8Array(m);
  let nIn = 0, nOut = 0;
  for (let j = 0; j < m; j++) {
    if (target[j] && !st.open[j]) {
      inMask[j] = 1;
      nIn++;
    } else if (!target[j] && st.open[j] && !existing[j]) {
      outMask[j] = 1;
      nOut++;
    }
  }
  let best: Uint8Array | null = null;
  let bestObj = Infinity;
  if (Math.min(nIn, nOut) < 2) return null;
  sw.rebuild();
  const filter = { inMask, outMask, floor: -Infinity };
  while (Math.min(nIn, nOut) > 1) {
    if (ctx.shouldStop()) break;
    const mv = sw.best(limits.budget - st.spent, false, filter);
    if (mv.u < 0) break;
    sw.swap(mv.u, mv.r);
    inMask[mv.u] = 0;
    outMask[mv.r] = 0;
    nIn--;
    nOut--;
    const obj = st.objective();
    if (obj < bestObj) {
      bestObj = obj;
      best = st.open.slice();
    }
  }
  return best;
}

import { now, type RunContext } from "../heuristics/context.js";
import { roundLower, tol } from "./common.js";
import { PolyakRule } from "./polyak.js";

/**
 * The Lagrangian machinery of weighted set covering, shared by the branch and bound
 * (setcover.ts) and its primal search: the relaxation of the cover constraints, subgradient
 * optimisation of the multipliers, and the Caprara–Fischetti–Toth primal side — a greedy guided
 * by Lagrangian costs, redundancy removal, and refinement by fixing the columns of the best cover
 * that the multipliers trust most (Caprara, Fischetti & Toth, "A heuristic method for the set
 * covering problem", Operations Research 47(5), 1999).
 *
 * Columns carry a state: −1 free, 0 out, 1 in. Rows covered by an "in" column drop out of the
 * relaxation (`covered[r] > 0`).
 */
export interface ScpMatrix {
  R: number;
  C: number;
  /** Row → columns (CSR), ascending. */
  rptr: Uint32Array;
  ridx: Uint32Array;
  /** Column → rows (CSR), ascending. */
  cptr: Uint32Array;
  cidx: Uint32Array;
  cost: Float64Array;
}

/** Rows covered by the "in" columns of `st` (counts). */
export function coveredBy(p: ScpMatrix, st: Int8Array, covered: Int32Array): void {
  const { cptr, cidx, C } = p;
  covered.fill(0);
  for (let c = 0; c < C; c++) if (st[c] === 1) for (let k = cptr[c]; k < cptr[c + 1]; k++) covered[cidx[k]]++;
}

/**
 * Lagrangian value L(u) = Σ_{uncovered r} u_r + Σ_{in} c_j + Σ_{free} min(0, c_j − Σ_{uncovered r ∈ j} u_r);
 * fills the reduced costs `rc` of the free columns.
 */
export function scpLagrangian(p: ScpMatrix, u: Float64Array, st: Int8Array, covered: Int32Array, rc: Float64Array): number {
  const { cptr, cidx, cost, R, C } = p;
  let L = 0;
  for (let r = 0; r < R; r++) if (!covered[r]) L += u[r];
  for (let c = 0; c < C; c++) {
    const s = st[c];
    if (s === 1) {
      L += cost[c];
      continue;
    }
    if (s === 0) continue;
    let v = cost[c];
    for (let k = cptr[c], e = cptr[c + 1]; k < e; k++) {
      const r = cidx[k];
      if (!covered[r]) v -= u[r];
    }
    rc[c] = v;
    if (v < 0) L += v;
  }
  return L;
}

export interface SubgradientOptions {
  maxIter: number;
  /** Initial step factor (halved after `stallLimit` iterations without a better value). */
  theta: number;
  stallLimit: number;
  /** Upper bound for the Polyak step (the incumbent's cost, or an estimate). */
  target: () => number;
  /**
   * Called after each evaluation with the iteration, its value and multipliers (rc holds the
   * reduced costs at u); return true to stop.
   */
  visit?: (it: number, L: number, u: Float64Array) => boolean;
}

/**
 * Subgradient optimisation of the cover multipliers from `u` (updated in place to the last
 * iterate); `best` receives the best multipliers. Returns the best value and the iterations run.
 */
export function scpSubgradient(
  p: ScpMatrix,
  st: Int8Array,
  covered: Int32Array,
  u: Float64Array,
  best: Float64Array,
  rc: Float64Array,
  g: Float64Array,
  o: SubgradientOptions,
): { value: number; iterations: number } {
  const { cptr, cidx, R, C } = p;
  const rule = new PolyakRule("max", o.theta, o.stallLimit, 1e-3);
  let it = 0;
  for (; it < o.maxIter; it++) {
    const L = scpLagrangian(p, u, st, covered, rc);
    if (rule.record(L)) best.set(u);
    if (o.visit?.(it, L, u)) {
      it++;
      break;
    }
    // subgradient g_r = 1 − Σ_{free c: rc < 0} a_rc over uncovered rows
    for (let r = 0; r < R; r++) g[r] = covered[r] ? 0 : 1;
    for (let c = 0; c < C; c++) if (st[c] === -1 && rc[c] < 0) for (let k = cptr[c]; k < cptr[c + 1]; k++) g[cidx[k]]--;
    let norm = 0;
    for (let r = 0; r < R; r++) {
      if (covered[r]) continue;
      if (g[r] < 0 && u[r] <= 0) g[r] = 0;
      norm += g[r] * g[r];
    }
    if (norm === 0 || rule.exhausted) {
      it++;
      break;
    }
    const ub = o.target();
    const target = Number.isFinite(ub) ? ub : Math.max(1, Math.abs(L)) * 1.2 + 1;
    const step = rule.step(target - L, norm);
    if (!(step > 0)) {
      it++;
      break;
    }
    for (let r = 0; r < R; r++) {
      if (covered[r] || g[r] === 0) continue;
      const v = u[r] + step * g[r];
      u[r] = v > 0 ? v : 0;
    }
  }
  return { value: rule.best, iterations: it };
}

/**
 * The Lagrangian greedy of Caprara, Fischetti & Toth: from the "in" columns, repeatedly take the
 * free column of least score, where for column j with μ_j rows not yet covered and Lagrangian
 * cost γ_j = c_j − Σ_{uncovered r ∈ j} u_r the score is γ_j / μ_j when γ_j > 0 and γ_j · μ_j
 * otherwise; then drop redundant columns, dearest first (ties: the larger Lagrangian cost).
 * Scratch arrays are held for repeated calls.
 */
export class ScpGreedy {
  private readonly cnt: Int32Array;
  private readonly mu: Int32Array;
  private readonly gam: Float64Array;
  private readonly order: number[] = [];

  constructor(readonly p: ScpMatrix) {
    this.cnt = new Int32Array(p.R);
    this.mu = new Int32Array(p.C);
    this.gam = new Float64Array(p.C);
  }

  /** Fills `sel` (1 = chosen, the "in" columns included) and returns its cost; Infinity when some row cannot be covered. */
  run(u: Float64Array, st: Int8Array, sel: Uint8Array): number {
    const { rptr, ridx, cptr, cidx, cost, R, C } = this.p;
    const { cnt, mu, gam } = this;
    sel.fill(0);
    cnt.fill(0);
    for (let c = 0; c < C; c++) if (st[c] === 1) {
      sel[c] = 1;
      for (let k = cptr[c]; k < cptr[c + 1]; k++) cnt[cidx[k]]++;
    }
    let left = 0;
    for (let r = 0; r < R; r++) if (!cnt[r]) left++;
    for (let c = 0; c < C; c++) {
      mu[c] = 0;
      if (st[c] !== -1) continue;
      let m = 0;
      let v = cost[c];
      for (let k = cptr[c]; k < cptr[c + 1]; k++) {
        const r = cidx[k];
        if (!cnt[r]) {
          m++;
          v -= u[r];
        }
      }
      mu[c] = m;
      gam[c] = v;
    }
    while (left > 0) {
      let best = -1;
      let bs = Infinity;
      for (let c = 0; c < C; c++) {
        const m = mu[c];
        if (m <= 0 || sel[c] || st[c] !== -1) continue;
        const v = gam[c];
        const s = v > 0 ? v / m : v * m;
        if (s < bs) {
          bs = s;
          best = c;
        }
      }
      if (best < 0) return Infinity;
      sel[best] = 1;
      for (let k = cptr[best]; k < cptr[best + 1]; k++) {
        const r = cidx[k];
        if (cnt[r]++ !== 0) continue;
        left--;
        const ur = u[r];
        for (let t = rptr[r]; t < rptr[r + 1]; t++) {
          const c = ridx[t];
          mu[c]--;
          gam[c] += ur;
        }
      }
    }
    return this.dropRedundant(u, sel);
  }

  /** Removes redundant columns of `sel` (rows all covered twice), dearest first; returns the cost. */
  dropRedundant(u: Float64Array, sel: Uint8Array): number {
    const { cptr, cidx, cost, C } = this.p;
    const { cnt, gam } = this;
    cnt.fill(0);
    for (let c = 0; c < C; c++) if (sel[c]) for (let k = cptr[c]; k < cptr[c + 1]; k++) cnt[cidx[k]]++;
    const order = this.order;
    order.length = 0;
    for (let c = 0; c < C; c++) {
      if (!sel[c]) continue;
      let red = true;
      for (let k = cptr[c]; k < cptr[c + 1]; k++) if (cnt[cidx[k]] < 2) {
        red = false;
        break;
      }
      if (!red) continue;
      let v = cost[c];
      for (let k = cptr[c]; k < cptr[c + 1]; k++) v -= u[cidx[k]];
      gam[c] = v;
      order.push(c);
    }
    order.sort((a, b) => cost[b] - cost[a] || gam[b] - gam[a] || a - b);
    for (const c of order) {
      let red = true;
      for (let k = cptr[c]; k < cptr[c + 1]; k++) if (cnt[cidx[k]] < 2) {
        red = false;
        break;
      }
      if (!red) continue;
      sel[c] = 0;
      for (let k = cptr[c]; k < cptr[c + 1]; k++) cnt[cidx[k]]--;
    }
    let total = 0;
    for (let c = 0; c < C; c++) if (sel[c]) total += cost[c];
    return total;
  }
}

export interface RefineOptions {
  /** The state to refine within (branching and reduced-cost fixings; "in" columns stay in). */
  st: Int8Array;
  /** Best multipliers of the relaxation at `st`. */
  u: Float64Array;
  /** The best cover known (1 = chosen) and its cost. */
  best: () => { sel: Uint8Array | null; cost: number };
  /** A cover found; the caller keeps it when it is better. */
  offer: (sel: Uint8Array) => void;
  /** Stop at this time (`now()` ms) or when the context stops. */
  until: number;
  /** Refinement cycles without a better cover before giving up (default 2). */
  idleCycles?: number;
  /** The optimum is an integer: residual bounds are rounded up. */
  integral: boolean;
}

/**
 * CFT refinement: fix the columns of the best cover that the multipliers trust most (least
 * δ_j = max(γ_j, 0) + Σ_{r ∈ j} u_r (k_r − 1) / k_r, k_r the cover's columns on row r) until a
 * share π of the rows is covered, re-optimise the multipliers of the residual problem and run the
 * Lagrangian greedy at each iterate; π grows by 10 % per round and restarts at 0.3 after reaching
 * 1 or when the residual cannot beat the best cover. Stops after `idleCycles` cycles without a
 * better cover, at `until`, or when the context stops. Every cover found goes to `offer`.
 */
export function scpRefine(p: ScpMatrix, ctx: RunContext, o: RefineOptions): { greedyRuns: number; rounds: number } {
  const { R, C, cptr, cidx, cost } = p;
  const greedy = new ScpGreedy(p);
  const sel = new Uint8Array(C);
  const st = new Int8Array(C);
  const covered = new Int32Array(R);
  const k = new Int32Array(R);
  const rc = new Float64Array(C);
  const g = new Float64Array(R);
  const u = new Float64Array(R);
  const ubest = new Float64Array(R);
  const delta = new Float64Array(C);
  const cols: number[] = [];
  let pi = 0.3;
  let idle = 0;
  let greedyRuns = 0;
  let rounds = 0;
  // the cover to refine: the caller's best, or the greedy's at the multipliers (the caller's
  // best may be an incumbent it cannot express as columns here)
  let inc = o.best();
  let incSel = inc.sel ? inc.sel.slice() : new Uint8Array(C);
  let incCost = inc.sel ? inc.cost : Infinity;
  const consider = (s: Uint8Array, v: number) => {
    o.offer(s);
    if (v < incCost - tol(incCost)) {
      incCost = v;
      incSel.set(s);
    }
  };
  if (!inc.sel) {
    greedyRuns++;
    st.set(o.st);
    const v = greedy.run(o.u, st, sel);
    if (v < Infinity) consider(sel, v);
  }
  const ub = () => Math.min(incCost, o.best().cost);
  let cycleStart = ub();
  const idleCycles = o.idleCycles ?? 2;
  const beats = (L: number) => roundLower(L, o.integral) < ub() - tol(ub());
  const timeUp = () => now() >= o.until || ctx.shouldStop();
  while (!timeUp()) {
    inc = o.best();
    if (inc.sel && inc.cost < incCost - tol(incCost)) {
      incCost = inc.cost;
      incSel = inc.sel.slice();
    }
    if (!Number.isFinite(incCost)) break;
    rounds++;
    // δ of the best cover's columns (not already in)
    k.fill(0);
    for (let c = 0; c < C; c++) if (incSel[c]) for (let t = cptr[c]; t < cptr[c + 1]; t++) k[cidx[t]]++;
    cols.length = 0;
    for (let c = 0; c < C; c++) {
      if (!incSel[c] || o.st[c] !== -1) continue;
      let gam = cost[c];
      let share = 0;
      for (let t = cptr[c]; t < cptr[c + 1]; t++) {
        const r = cidx[t];
        gam -= o.u[r];
        share += (o.u[r] * (k[r] - 1)) / k[r];
      }
      delta[c] = Math.max(gam, 0) + share;
      cols.push(c);
    }
    cols.sort((a, b) => delta[a] - delta[b] || a - b);
    st.set(o.st);
    coveredBy(p, st, covered);
    let nCov = 0;
    for (let r = 0; r < R; r++) if (covered[r]) nCov++;
    const goal = Math.min(R, Math.ceil(pi * R));
    let fixedCount = 0;
    for (const c of cols) {
      if (nCov >= goal && fixedCount > 0) break;
      st[c] = 1;
      fixedCount++;
      for (let t = cptr[c]; t < cptr[c + 1]; t++) if (covered[cidx[t]]++ === 0) nCov++;
    }
    let stuck = nCov >= R;
    if (!stuck) {
      // residual: multipliers from the best ones, greedy at each iterate after a short warm-up
      u.set(o.u);
      const warm = 10;
      const r = scpSubgradient(p, st, covered, u, ubest, rc, g, {
        maxIter: 150,
        theta: 0.1,
        stallLimit: 10,
        target: ub,
        visit: (it, L) => {
          if (it >= warm || it === 0) {
            greedyRuns++;
            const v = greedy.run(u, st, sel);
            if (v < Infinity) consider(sel, v);
          }
          // the residual cannot improve on the best cover: refix less
          return !beats(L) || ((it & 7) === 7 && timeUp());
        },
      });
      stuck = !beats(r.value);
    }
    pi *= 1.1;
    if (pi >= 1 || stuck) {
      pi = 0.3;
      const now = ub();
      if (now < cycleStart - tol(cycleStart)) idle = 0;
      else if (++idle >= idleCycles) break;
      cycleStart = now;
    }
  }
  return { greedyRuns, rounds };
}

/**
 * Primal–dual hybrid gradient on the LP saddle problem min_{x ∈ [0,1]} max_{u ≥ 0}
 * c·x + u·(1 − A x) over the free columns and uncovered rows of `st`: the multipliers come far
 * closer to the LP optimum than subgradient steps from a poor start. `u` (in/out) ends at the
 * multipliers of best exact Lagrangian value, which is returned. Runs up to `iters` iterations,
 * stops early when 500 iterations raise the value by less than 10⁻⁵ of it, and polls `stop`
 * every 16 iterations.
 */
export function scpPdhg(p: ScpMatrix, st: Int8Array, covered: Int32Array, u: Float64Array, rc: Float64Array, iters: number, stop: () => boolean): number {
  const { R, C, cptr, cidx, cost } = p;
  const x = new Float64Array(C);
  const xBar = new Float64Array(C);
  const ax = new Float64Array(R);
  const uu = new Float64Array(u);
  const uAvg = new Float64Array(u);
  let maxR = 1;
  let maxC = 1;
  let nnz = 0;
  let cSum = 0;
  let free = 0;
  for (let r = 0; r < R; r++) maxR = Math.max(maxR, p.rptr[r + 1] - p.rptr[r]);
  for (let c = 0; c < C; c++) {
    if (st[c] !== -1) continue;
    const len = cptr[c + 1] - cptr[c];
    maxC = Math.max(maxC, len);
    nnz += len;
    cSum += cost[c];
    free++;
  }
  if (free === 0) return scpLagrangian(p, u, st, covered, rc);
  // the dual scale: a row's share of a column's cost
  const omega = Math.max(1e-12, cSum / Math.max(1, nnz));
  const L = Math.sqrt(maxR * maxC);
  const tau = 0.9 / (L * Math.sqrt(omega));
  const sig = (0.9 * Math.sqrt(omega)) / L;
  let best = scpLagrangian(p, u, st, covered, rc);
  let lastCheck = -Infinity;
  const check = (cand: Float64Array) => {
    const v = scpLagrangian(p, cand, st, covered, rc);
    if (v > best) {
      best = v;
      u.set(cand);
    }
  };
  for (let it = 1; it <= iters; it++) {
    if ((it & 15) === 0 && stop()) break;
    // x ← proj[0,1](x − τ (c − Aᵀu)), x̄ = 2x − x_old
    for (let c = 0; c < C; c++) {
      if (st[c] !== -1) continue;
      let a = cost[c];
      for (let k = cptr[c], e = cptr[c + 1]; k < e; k++) {
        const r = cidx[k];
        if (!covered[r]) a -= uu[r];
      }
      const old = x[c];
      let v = old - tau * a;
      v = v < 0 ? 0 : v > 1 ? 1 : v;
      x[c] = v;
      xBar[c] = 2 * v - old;
    }
    // u ← max(0, u + σ (1 − A x̄))
    ax.fill(0);
    for (let c = 0; c < C; c++) {
      if (st[c] !== -1) continue;
      const v = xBar[c];
      if (v === 0) continue;
      for (let k = cptr[c], e = cptr[c + 1]; k < e; k++) ax[cidx[k]] += v;
    }
    for (let r = 0; r < R; r++) {
      if (covered[r]) continue;
      const v = uu[r] + sig * (1 - ax[r]);
      uu[r] = v > 0 ? v : 0;
      uAvg[r] += (uu[r] - uAvg[r]) / it;
    }
    if (it % 50 === 0) {
      check(uu);
      check(uAvg);
    }
    if (it % 500 === 0) {
      if (best - lastCheck < 1e-5 * Math.max(1, Math.abs(best))) break;
      lastCheck = best;
    }
  }
  check(uu);
  check(uAvg);
  return best;
}

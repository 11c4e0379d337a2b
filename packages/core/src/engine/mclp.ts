import type { Coverage } from "../coverage.js";
import type { RunContext } from "../heuristics/context.js";
import { mclpHeuristic } from "../heuristics/cover.js";
import type { SiteLimits } from "../heuristics/pmedian.js";
import type { Instance } from "../instance.js";
import { allIntegers, minOf, quickselect, roundUpper, tol, type EngineResult } from "./common.js";

/**
 * Exact MCLP (at most p sites and/or cost of new sites ≤ budget; maximise the covered weight) by
 * Lagrangian branch-and-bound.
 *
 * Relaxing z_i ≤ Σ_{j covers i} y_j with u_i ∈ [0, w_i] (and the budget with μ ≥ 0) gives the
 * upper bound  Σ_i max(0, w_i − u_i) + Σ_{p best} max(0, σ_j − μ c_j) + μ·B,  σ_j = Σ_{i ∈ N(j)} u_i,
 * minimised by subgradient steps; then reduced-cost fixing and depth-first branching on the site
 * whose averaged subproblem value is the most fractional. Demand covered by existing sites is
 * counted up front; demand that no site covers is never covered. The covered weight is an integer
 * when all weights are, and then bounds are rounded down.
 */
export function mclpExact(inst: Instance, cov: Coverage, limits: SiteLimits, ctx: RunContext, incumbent?: Uint8Array): EngineResult {
  const { n, m, weight, existing, cost } = inst;
  const pMax = Math.min(limits.p, m);
  const budget = limits.budget;
  const hasBudget = Number.isFinite(budget);
  const { ptr: dptr, idx: didx } = cov.byDemand;
  const { ptr: sptr, idx: sidx } = cov.bySite;
  let E = 0;
  for (let j = 0; j < m; j++) if (existing[j]) E++;
  if (E > pMax) return { open: new Uint8Array(m), objective: -Infinity, bound: -Infinity, status: "infeasible", nodes: 0 };

  // base: covered by existing sites; rows: the rest with weight > 0 and some covering site
  let base = 0;
  const isRow = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (!(weight[i] > 0)) continue;
    let byE = false;
    for (let k = dptr[i]; k < dptr[i + 1]; k++) if (existing[didx[k]]) {
      byE = true;
      break;
    }
    if (byE) base += weight[i];
    else if (dptr[i + 1] > dptr[i]) isRow[i] = 1;
  }
  const integral = allIntegers(weight);
  const coveredOf = (open: Uint8Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (!(weight[i] > 0)) continue;
      for (let k = dptr[i]; k < dptr[i + 1]; k++) if (open[didx[k]]) {
        s += weight[i];
        break;
      }
    }
    return s;
  };
  const feasible = (open: Uint8Array): boolean => {
    let c = 0;
    let spent = 0;
    for (let j = 0; j < m; j++) {
      if (existing[j] && !open[j]) return false;
      if (open[j]) {
        c++;
        if (!existing[j]) spent += cost[j];
      }
    }
    return c <= pMax && (!hasBudget || spent <= budget * (1 + 1e-12) + 1e-9);
  };
  let lbObj = -Infinity;
  let lbOpen = new Uint8Array(m);
  const offer = (open: Uint8Array) => {
    if (!feasible(open)) return;
    const v = coveredOf(open);
    if (v > lbObj + 1e-12 * Math.max(1, Math.abs(v))) {
      lbObj = v;
      lbOpen = open.slice();
      ctx.report("engine", v, undefined, false, lbOpen);
    }
  };
  // a caller's incumbent is used as it is; the heuristic runs only without one
  if (incumbent) offer(incumbent);
  else offer(mclpHeuristic(inst, cov, { p: pMax, budget }, ctx, 10).open);
  {
    const only = new Uint8Array(m);
    for (let j = 0; j < m; j++) only[j] = existing[j];
    offer(only);
  }
  // prune test: can a subtree with upper bound ub hold something strictly better?
  const beats = (ub: number) => roundUpper(ub, integral) > lbObj + tol(lbObj);

  const u = new Float64Array(n);
  const sigma = new Float64Array(m);
  const val = new Float64Array(m);
  const inY = new Uint8Array(m);
  const cnt = new Int32Array(n);
  const g = new Float64Array(n);
  const scratch = new Float64Array(m);
  const yAvg = new Float64Array(m);
  const Y = new Uint8Array(m);
  let vLast = 0, vNext = 0, gMu = 0;
  let nodes = 0;

  /** Upper bound at (u, μ) for node state st; fills val, inY, vLast, vNext. */
  const evaluate = (uu: Float64Array, mu: number, st: Int8Array, pRem: number, bRem: number): number => {
    let U = base;
    for (let i = 0; i < n; i++) if (isRow[i] && uu[i] < weight[i]) U += weight[i] - uu[i];
    let K = 0;
    for (let j = 0; j < m; j++) {
      const s = st[j];
      inY[j] = 0;
      if (s === 0) continue;
      let v = 0;
      for (let k = sptr[j], e = sptr[j + 1]; k < e; k++) {
        const i = sidx[k];
        if (isRow[i]) v += uu[i];
      }
      sigma[j] = v;
      if (s === 1) {
        inY[j] = 1;
        U += v;
        continue;
      }
      const x = v - mu * cost[j];
      val[j] = x;
      if (x > 0) scratch[K++] = -x;
    }
    if (hasBudget) U += mu * bRem;
    if (K <= pRem) {
      for (let j = 0; j < m; j++) if (st[j] === -1 && val[j] > 0) {
        inY[j] = 1;
        U += val[j];
      }
      vLast = 0;
      vNext = 0;
      return U;
    }
    if (pRem === 0) {
      vLast = 0;
      vNext = -minOf(scratch, 0, K);
      return U;
    }
    const T = -quickselect(scratch, K, pRem - 1);
    const nx = -minOf(scratch, pRem, K);
    let taken = 0;
    for (let j = 0; j < m; j++) if (st[j] === -1 && val[j] > T) {
      inY[j] = 1;
      U += val[j];
      taken++;
    }
    for (let j = 0; j < m && taken < pRem; j++) if (st[j] === -1 && val[j] === T) {
      inY[j] = 1;
      U += T;
      taken++;
    }
    vLast = T;
    vNext = nx;
    return U;
  };

  interface Node {
    st: Int8Array;
    u: Float64Array;
    mu: number;
    ub: number;
    depth: number;
  }
  const remaining = (st: Int8Array) => {
    let c = 0, spent = 0;
    for (let j = 0; j < m; j++) if (st[j] === 1) {
      c++;
      if (!existing[j]) spent += cost[j];
    }
    const pRem = pMax - c;
    const bRem = budget - spent;
    if (pRem < 0 || bRem < -1e-9 * Math.max(1, Math.abs(budget))) return null;
    return { pRem, bRem };
  };

  const subgradient = (node: Node, pRem: number, bRem: number, root: boolean): boolean => {
    const uu = new Float64Array(node.u);
    let mu = node.mu;
    let best = Infinity;
    let theta = root ? 2 : 0.25;
    const stallLimit = root ? 30 : 10;
    const maxIter = root ? 2000 : 300;
    let stall = 0;
    let first = true;
    for (let it = 0; it < maxIter; it++) {
      if ((it & 15) === 15 && ctx.shouldStop()) {
        if (best < node.ub) node.ub = best;
        return false;
      }
      const U = evaluate(uu, mu, node.st, pRem, bRem);
      if (first) {
        for (let j = 0; j < m; j++) yAvg[j] = inY[j];
        first = false;
      } else for (let j = 0; j < m; j++) yAvg[j] += 0.1 * (inY[j] - yAvg[j]);
      if (U < best - 1e-12 * Math.max(1, Math.abs(U))) {
        best = U;
        node.u.set(uu);
        node.mu = mu;
        stall = 0;
      } else if (++stall >= stallLimit) {
        theta *= 0.5;
        stall = 0;
      }
      if (!beats(best)) break;
      if ((it & 7) === 0) {
        for (let j = 0; j < m; j++) Y[j] = inY[j];
        offer(Y);
        if (!beats(best)) break;
      }
      // g_i = cnt_i − z_i (∂U/∂u_i); step downhill
      cnt.fill(0);
      let spent = 0;
      for (let j = 0; j < m; j++) if (inY[j]) {
        if (!existing[j]) spent += cost[j];
        for (let k = sptr[j], e = sptr[j + 1]; k < e; k++) cnt[sidx[k]]++;
      }
      let norm = 0;
      for (let i = 0; i < n; i++) {
        if (!isRow[i]) continue;
        const z = uu[i] < weight[i] ? 1 : 0;
        let gi = (cnt[i] > 0 ? cnt[i] : 0) - z;
        // projection onto [0, w_i]
        if ((gi > 0 && uu[i] <= 0) || (gi < 0 && uu[i] >= weight[i])) gi = 0;
        g[i] = gi;
        norm += gi * gi;
      }
      gMu = 0;
      if (hasBudget) {
        gMu = bRem - spent;
        if (gMu > 0 && mu <= 0) gMu = 0;
        norm += gMu * gMu;
      }
      if (norm === 0 || theta < 1e-3) break;
      const target = Number.isFinite(lbObj) ? lbObj : 0;
      const step = (theta * (U - target)) / norm;
      if (!(step > 0)) break;
      for (let i = 0; i < n; i++) {
        if (!isRow[i] || g[i] === 0) continue;
        let v = uu[i] - step * g[i];
        if (v < 0) v = 0;
        else if (v > weight[i]) v = weight[i];
        uu[i] = v;
      }
      if (hasBudget) {
        mu -= step * gMu;
        if (mu < 0) mu = 0;
      }
    }
    if (best < node.ub) node.ub = best;
    return true;
  };

  const rootSt = new Int8Array(m).fill(-1);
  for (let j = 0; j < m; j++) if (existing[j]) rootSt[j] = 1;
  const u0 = new Float64Array(n);
  for (let i = 0; i < n; i++) if (isRow[i]) u0[i] = weight[i] * 0.5;
  const stack: Node[] = [{ st: rootSt, u: u0, mu: 0, ub: Infinity, depth: 0 }];
  let stopped = false;
  let current: Node | null = null;
  while (stack.length) {
    const node = stack.pop() as Node;
    if (!beats(node.ub)) continue;
    if (ctx.shouldStop()) {
      stack.push(node);
      stopped = true;
      break;
    }
    current = node;
    nodes++;
    const st = node.st;
    let kids: Node[] | null = null;
    let leafDone = false;
    for (let round = 0; round < 2; round++) {
      const rem = remaining(st);
      if (!rem) {
        leafDone = true;
        break;
      }
      let free = 0;
      for (let j = 0; j < m; j++) if (st[j] === -1) {
        if (rem.pRem === 0 || (hasBudget && cost[j] > rem.bRem + 1e-9 * Math.max(1, Math.abs(rem.bRem)))) st[j] = 0;
        else free++;
      }
      if (free === 0) {
        for (let j = 0; j < m; j++) Y[j] = st[j] === 1 ? 1 : 0;
        offer(Y);
        leafDone = true;
        break;
      }
      if (!subgradient(node, rem.pRem, rem.bRem, node.depth === 0 && round === 0)) {
        stopped = true;
        break;
      }
      if (!beats(node.ub)) {
        leafDone = true;
        break;
      }
      const U = evaluate(node.u, node.mu, st, rem.pRem, rem.bRem);
      let fixed = 0;
      for (let j = 0; j < m; j++) {
        if (st[j] !== -1) continue;
        if (inY[j]) {
          if (!beats(U - val[j] + vNext)) {
            st[j] = 1;
            fixed++;
          }
        } else if (!beats(U + val[j] - vLast)) {
          st[j] = 0;
          fixed++;
        }
      }
      if (fixed === 0) break;
    }
    if (stopped) break;
    current = null;
    if (leafDone) continue;
    const rem = remaining(st);
    if (!rem) continue;
    evaluate(node.u, node.mu, st, rem.pRem, rem.bRem);
    let bj = -1;
    let bf = -1;
    for (let j = 0; j < m; j++) if (st[j] === -1) {
      const f = Math.min(yAvg[j], 1 - yAvg[j]);
      if (f > bf) {
        bf = f;
        bj = j;
      }
    }
    if (bf < 0.01) {
      // no fractional site: the free site with the largest value
      bj = -1;
      for (let j = 0; j < m; j++) if (st[j] === -1 && (bj < 0 || val[j] > val[bj])) bj = j;
    }
    if (bj < 0) continue;
    const openFirst = yAvg[bj] >= 0.5;
    const mk = (s: number): Node => {
      const c = st.slice();
      c[bj] = s;
      return { st: c, u: node.u.slice(), mu: node.mu, ub: node.ub, depth: node.depth + 1 };
    };
    kids = openFirst ? [mk(1), mk(0)] : [mk(0), mk(1)];
    stack.push(kids[1]);
    stack.push(kids[0]);
    ctx.report("branch and bound", lbObj);
  }
  let bound = lbObj;
  if (stopped) {
    if (current && beats(current.ub)) bound = Math.max(bound, current.ub);
    for (const s of stack) if (beats(s.ub)) bound = Math.max(bound, s.ub);
    bound = Math.max(lbObj, roundUpper(bound, integral));
  }
  const status = !stopped || !beats(bound) ? "optimal" : "time_limit";
  return { open: lbOpen, objective: lbObj, bound: status === "optimal" ? lbObj : bound, status, nodes };
}

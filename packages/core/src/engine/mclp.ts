import { transpose, type Coverage } from "../coverage.js";
import { now, RunContext } from "../heuristics/context.js";
import { mclpHeuristic, mclpImprove, type CoverInstance } from "../heuristics/cover.js";
import type { SiteLimits } from "../heuristics/pmedian.js";
import { allIntegers, minOf, quickselect, roundUpper, tol, type EngineResult } from "./common.js";
import { mergeRows, type CoverEngineOptions } from "./merge.js";
import { OddSetCuts, separateTriangles } from "./mclp-cuts.js";
import { mclpRegions } from "./mclp-regions.js";
import { solveSetCover } from "./setcover.js";
import { depthFirst, openBound } from "./tree.js";
import { PolyakRule } from "./polyak.js";

/** Primal–dual iterations at the root (no budget), and their step scale (τσ‖N‖² ≤ PD_SCALE²). */
const PD_ITERS = 2000;
const PD_SCALE = 0.9;
/** Root subgradient steps between local-search polishes of the Lagrangian solution. */
const POLISH_EVERY = 32;
/** Root rounds of triangle-cut separation, cuts kept per round, primal–dual iterations after each. */
const CUT_ROUNDS = 8;
const CUTS_PER_ROUND = 400;
const CUT_PD_ITERS = 3000;
/** Cut rounds stop when one closes less than this share of the gap, or after this share of the time left. */
const CUT_PROGRESS = 0.05;
const CUT_TIME_SHARE = 0.4;
/** Share of the time left that the root may give the set-cover query "can the sites cover everything?". */
const FULL_COVER_SHARE = 0.5;
/**
 * Share of the time left after an unproven root for the region search (`mclpRegions`): after the
 * cuts, or before them — with the larger share — when the root's gap exceeds `REGION_FIRST_GAP` of
 * the incumbent (a gap that wide is the incumbent's, or the LP's that the cuts barely move).
 */
const REGION_SHARE = 0.5;
const REGION_FIRST_SHARE = 0.8;
const REGION_FIRST_GAP = 0.002;

/**
 * Exact MCLP (at most p sites and/or cost of new sites ≤ budget; maximise the covered weight) by
 * Lagrangian branch-and-bound with cuts (relax-and-cut).
 *
 * Relaxing z_i ≤ Σ_{j covers i} y_j with u_i ∈ [0, w_i], the cuts Σ_{i ∈ S} z_i − a·y ≤ r with
 * π ≥ 0 (and the budget with μ ≥ 0) gives the upper bound
 *   Σ_i max(0, w_i − u_i − ρ_i) + Σ_c π_c r_c + Σ_{p best} max(0, σ_j − μ c_j),  (+ μ·B)
 * with ρ_i the π of the cuts holding row i and σ_j = Σ_{i ∈ N(j)} u_i + Σ_c π_c a_cj, minimised by
 * subgradient steps — at the root, without a budget, first by diagonally preconditioned
 * primal–dual hybrid gradient steps on the LP (Pock & Chambolle), which reach the LP bound far
 * sooner and give the fractional point the cuts are separated from.
 * Root: bound, reduced-cost fixing, the rows restricted to the sites left free (`restrict`), then
 * rounds of triangle cuts ({0,½}-Chvátal–Gomory over three rows, `mclp-cuts.ts`) each followed by
 * primal–dual steps, and the bound and fixing again with the cuts. Random 5,000 × 1,000, r 10,
 * p 20: LP 18,475.05, with the cuts 18,466.97 — the optimum 18,466 proven at the root in ≈ 4.5 s
 * (without them 9,000 nodes in 300 s did not prove it). Below the root: depth-first branching on
 * the site whose averaged subproblem value is the most fractional, every node's bound with the
 * root's cuts. At the root, Lagrangian and rounded primal–dual solutions are polished by the
 * heuristic's swap local search (`mclpImprove`) for the incumbent. When the root bound still admits
 * covering every coverable point, that question is a set-covering decision ("do p sites, or sites
 * within the budget, cover every row?") asked of the set-cover engine: a cover is optimal at once,
 * and a proof that none exists lowers the bound by the lightest row. Demand covered by existing sites
 * is counted up front; demand that no site covers is never covered. With a time limit, an unproven
 * root also searches regions around the incumbent's sites exactly (`mclpRegions`: the sites within
 * two shared-row steps of an open one freed, this engine on the rows the others leave uncovered) —
 * before the cuts when the gap is wide (the whole Lingang area at 100 m, p 250: 560,228 → 561,526 in
 * 60 s, where swaps found nothing more), after them otherwise. The covered weight is an
 * integer when all weights are, and then bounds are rounded down. The search runs on the remaining
 * demand with points of equal site sets merged (`mergeRows`); the open sites it returns are the
 * answer for the original points, with the same covered weight.
 */
export function mclpExact(inst: CoverInstance, cov: Coverage, limits: SiteLimits, ctx: RunContext, incumbent?: Uint8Array, opts: CoverEngineOptions = {}): EngineResult {
  const { m, existing, cost } = inst;
  const pMax = Math.min(limits.p, m);
  const budget = limits.budget;
  const hasBudget = Number.isFinite(budget);
  let E = 0;
  for (let j = 0; j < m; j++) if (existing[j]) E++;
  if (E > pMax) return { open: new Uint8Array(m), objective: -Infinity, bound: -Infinity, status: "infeasible", nodes: 0 };

  // base: covered by existing sites; rows: the rest with weight > 0 and some covering site, merged
  let base = 0;
  const rowList: number[] = [];
  {
    const { ptr, idx } = cov.byDemand;
    const w = inst.weight;
    for (let i = 0; i < inst.n; i++) {
      if (!(w[i] > 0)) continue;
      let byE = false;
      for (let k = ptr[i]; k < ptr[i + 1]; k++) if (existing[idx[k]]) {
        byE = true;
        break;
      }
      if (byE) base += w[i];
      else if (ptr[i + 1] > ptr[i]) rowList.push(i);
    }
  }
  const merged = mergeRows(cov.byDemand, rowList, inst.weight, opts.merge !== false);
  const n = merged.csr.rows;
  const weight = merged.weight;
  const { ptr: dptr, idx: didx } = merged.csr;
  // the branch and bound's rows: at first these; after the root, restricted to the sites left free (`restrict`)
  let bn = n, bw = weight, bbase = base, bptr = dptr, bidx = didx;
  let { ptr: sptr, idx: sidx } = transpose(merged.csr);
  ctx.debug?.(`mclp: ${rowList.length} demand rows, ${n} after merging equal site sets`);
  const integral = allIntegers(inst.weight);
  /** Covered weight of a feasible `open` (existing sites open). */
  const coveredOf = (open: Uint8Array): number => {
    let s = base;
    for (let i = 0; i < n; i++) {
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
  // Lagrangian solutions polished by the heuristic's swap local search (each distinct one once)
  const lastPolished = new Uint8Array(m);
  let polishes = 0;
  const polish = (open: Uint8Array) => {
    if (!feasible(open)) return;
    let same = true;
    for (let j = 0; j < m; j++) if (open[j] !== lastPolished[j]) {
      same = false;
      break;
    }
    if (same) return;
    lastPolished.set(open);
    polishes++;
    offer(mclpImprove(inst, cov, { p: pMax, budget }, ctx, open).open);
  };
  // prune test: can a subtree with upper bound ub hold something strictly better?
  const beats = (ub: number) => roundUpper(ub, integral) > lbObj + tol(lbObj);
  let wAll = base;
  let wMin = Infinity;
  for (let i = 0; i < n; i++) {
    wAll += weight[i];
    if (weight[i] < wMin) wMin = weight[i];
  }
  /**
   * Every coverable row covered within the limits? Asked of the set-cover engine (unit costs against
   * p, or site costs against the budget when p does not bind) with part of the time left. Returns
   * the bound the answer proves: wAll when a cover was found (it is offered) or nothing was proven,
   * wAll − wMin when no cover exists.
   */
  const fullCover = (): number => {
    const pNew = pMax - E;
    const byCount = !hasBudget;
    if (!byCount && pNew < m - E) return wAll;
    const colCost = new Float64Array(m);
    for (let j = 0; j < m; j++) colCost[j] = existing[j] ? 0 : byCount ? 1 : cost[j];
    const t = now();
    const sub = new RunContext(Math.min(ctx.deadline, t + FULL_COVER_SHARE * (ctx.deadline - t)), ctx.signal, undefined, ctx.seed, Infinity, ctx.debug);
    const cutoff = byCount ? pNew + 1 : budget * (1 + 1e-12) + 1e-9;
    const r = solveSetCover({ rows: n, cols: m, ptr: dptr, idx: didx, cost: colCost }, sub, { cutoff, decision: true, integral: byCount || allIntegers(colCost), merge: false });
    ctx.debug?.(`mclp full-cover query: ${r.status}${r.sel ? ` (${r.objective})` : ""}, ${ctx.elapsed().toFixed(2)} s`);
    if (r.sel) {
      const open = r.sel.slice();
      for (let j = 0; j < m; j++) if (existing[j]) open[j] = 1;
      offer(open);
      return wAll;
    }
    return r.status === "optimal" ? wAll - wMin : wAll;
  };

  const val = new Float64Array(m);
  const inY = new Uint8Array(m);
  let cnt = new Int32Array(bn);
  let g = new Float64Array(bn);
  let zRow = new Uint8Array(bn);
  let gCut = new Float64Array(0);
  const scratch = new Float64Array(m);
  const yAvg = new Float64Array(m);
  const Y = new Uint8Array(m);
  let vLast = 0, vNext = 0, gMu = 0;
  let nodes = 0;

  // odd-set cuts (added at the root after `restrict`, over its rows) and, per row and per site, their multipliers' sums
  const cuts = new OddSetCuts();
  let rho = new Float64Array(bn);
  const kap = new Float64Array(m);
  /** The node's cut multipliers as long as the pool (cuts added after the node was made start at 0). */
  const piOf = (node: Node): Float64Array => {
    if (node.pi.length === cuts.count) return new Float64Array(node.pi);
    const a = new Float64Array(cuts.count);
    a.set(node.pi.subarray(0, Math.min(node.pi.length, cuts.count)));
    return a;
  };
  /**
   * Upper bound at (u, π, μ) for node state st (π: the cuts' multipliers); fills val, inY, vLast,
   * vNext, and rho (per row, the π of the cuts holding it: its z is 1 when w − u − rho > 0).
   */
  const evaluate = (uu: Float64Array, pi: Float64Array, mu: number, st: Int8Array, pRem: number, bRem: number): number => {
    let U = bbase;
    const K0 = cuts.count;
    if (K0 > 0) {
      rho.fill(0);
      kap.fill(0);
      const { rowPtr, rows, sitePtr, sites, coef, rhs } = cuts;
      for (let c = 0; c < K0; c++) {
        const q = pi[c];
        if (q === 0) continue;
        U += q * rhs[c];
        for (let k = rowPtr[c]; k < rowPtr[c + 1]; k++) rho[rows[k]] += q;
        for (let k = sitePtr[c]; k < sitePtr[c + 1]; k++) kap[sites[k]] += q * coef[k];
      }
      for (let i = 0; i < bn; i++) {
        const x = bw[i] - uu[i] - rho[i];
        if (x > 0) U += x;
      }
    } else for (let i = 0; i < bn; i++) if (uu[i] < bw[i]) U += bw[i] - uu[i];
    let K = 0;
    for (let j = 0; j < m; j++) {
      const s = st[j];
      inY[j] = 0;
      if (s === 0) continue;
      let v = K0 > 0 ? kap[j] : 0;
      for (let k = sptr[j], e = sptr[j + 1]; k < e; k++) v += uu[sidx[k]];
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
    /** Multipliers of the cuts (length: the cuts at the node's creation; missing ones are 0). */
    pi: Float64Array;
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

  // the primal–dual steps' primal point (per site y, per row z): kept between calls, the cuts' separation point
  const pdY = new Float64Array(m);
  let pdZ: Float64Array | null = null;
  /** Per B&B row: min(1, Σ y over its sites) — the best z for y (a fresh separation or primal–dual point). */
  const zOf = (y: Float64Array): Float64Array => {
    const z = new Float64Array(bn);
    for (let i = 0; i < bn; i++) {
      let s = 0;
      for (let k = bptr[i]; k < bptr[i + 1]; k++) s += y[bidx[k]];
      z[i] = s < 1 ? s : 1;
    }
    return z;
  };
  /**
   * Primal–dual hybrid gradient (Chambolle–Pock) on the LP relaxation with the cuts,
   * max wᵀz  s.t.  z_i ≤ (N y)_i (u_i),  Σ_{S_c} z − a_c·y ≤ r_c (π_c),  y, z ∈ [0, 1],  Σ y ≤ pRem
   * over the free sites: a far better start for the multipliers than the subgradient finds alone.
   * Keeps the best (u, π) by its exact Lagrangian value (`evaluate`), and its primal point in pdY,
   * pdZ (the cuts' separation point); starts from the last call's primal point.
   */
  const pdhg = (node: Node, pRem: number, bRem: number, iters: number): void => {
    const st = node.st;
    const K0 = cuts.count;
    const { rowPtr, rows: cRows, sitePtr, sites: cSites, coef, rhs } = cuts;
    const uu = new Float64Array(node.u);
    const pp = piOf(node);
    const uOld = new Float64Array(bn);
    const pOld = new Float64Array(K0);
    const y = pdY;
    for (let j = 0; j < m; j++) y[j] = st[j] === 1 ? 1 : st[j] === 0 ? 0 : y[j];
    const ny = new Float64Array(bn);
    const nyOf = () => {
      ny.fill(0);
      for (let j = 0; j < m; j++) {
        const yj = y[j];
        if (yj === 0) continue;
        for (let k = sptr[j], e = sptr[j + 1]; k < e; k++) ny[sidx[k]] += yj;
      }
    };
    const z = pdZ && pdZ.length === bn ? pdZ : zOf(y);
    const v = new Float64Array(m);
    const cz = new Float64Array(bn); // per row: Σ π̄ of the cuts holding it
    // diagonal preconditioning (Pock & Chambolle 2011, α = 1): each dual row's step 1 / its row sum
    // of |coefficients|, each primal variable's 1 / its column sum, scaled by the mean weight ω
    // (duals live on the weights' scale, primals in [0, 1])
    let wSum = 0;
    for (let i = 0; i < bn; i++) wSum += bw[i];
    const omega = bn > 0 ? wSum / bn : 1;
    const tauRow = new Float64Array(bn);
    const sigZ = new Float64Array(bn).fill(1);
    const sigY = new Float64Array(m);
    const tauCut = new Float64Array(K0);
    for (let c = 0; c < K0; c++) {
      let len = rowPtr[c + 1] - rowPtr[c];
      for (let k = rowPtr[c]; k < rowPtr[c + 1]; k++) sigZ[cRows[k]]++;
      for (let k = sitePtr[c]; k < sitePtr[c + 1]; k++) {
        len += coef[k];
        sigY[cSites[k]] += coef[k];
      }
      tauCut[c] = (PD_SCALE * omega) / len;
    }
    for (let i = 0; i < bn; i++) {
      tauRow[i] = (PD_SCALE * omega) / (1 + bptr[i + 1] - bptr[i]);
      sigZ[i] = PD_SCALE / (omega * sigZ[i]);
    }
    for (let j = 0; j < m; j++) sigY[j] = PD_SCALE / (omega * Math.max(1, sigY[j] + sptr[j + 1] - sptr[j]));
    let best = evaluate(uu, pp, 0, st, pRem, bRem);
    const uAvg = new Float64Array(bn);
    const pAvg = new Float64Array(K0);
    const check = (cu: Float64Array, cp: Float64Array) => {
      const U = evaluate(cu, cp, 0, st, pRem, bRem);
      if (U < best) {
        best = U;
        node.u.set(cu);
        node.pi = cp.slice();
      }
    };
    for (let it = 1; it <= iters; it++) {
      if ((it & 15) === 0 && ctx.shouldStop()) break;
      // dual step: u ← clip(u + τ(z − N y), 0, w), π ← max(0, π + τ(Σ_S z − a·y − r))
      nyOf();
      uOld.set(uu);
      for (let i = 0; i < bn; i++) {
        let x = uu[i] + tauRow[i] * (z[i] - ny[i]);
        if (x < 0) x = 0;
        else if (x > bw[i]) x = bw[i];
        uu[i] = x;
      }
      if (K0 > 0) {
        pOld.set(pp);
        for (let c = 0; c < K0; c++) {
          let r = -rhs[c];
          for (let k = rowPtr[c]; k < rowPtr[c + 1]; k++) r += z[cRows[k]];
          let s2 = 0;
          for (let k = sitePtr[c]; k < sitePtr[c + 1]; k++) s2 += coef[k] * y[cSites[k]];
          const x = pp[c] + tauCut[c] * (r - s2);
          pp[c] = x > 0 ? x : 0;
        }
        // extrapolated π̄ = 2π − πOld, summed per row and (× coefficient) per site
        cz.fill(0);
        v.fill(0);
        for (let c = 0; c < K0; c++) {
          const q = 2 * pp[c] - pOld[c];
          if (q === 0) continue;
          for (let k = rowPtr[c]; k < rowPtr[c + 1]; k++) cz[cRows[k]] += q;
          for (let k = sitePtr[c]; k < sitePtr[c + 1]; k++) v[cSites[k]] += q * coef[k];
        }
      } else v.fill(0);
      // primal step with ū = 2u − uOld: z ← clip(z + σ(w − ū − Cᵀπ̄)), y ← proj(y + σ(Nᵀū + Aᵀπ̄))
      for (let i = 0; i < bn; i++) {
        const x = z[i] + sigZ[i] * (bw[i] - (2 * uu[i] - uOld[i]) - cz[i]);
        z[i] = x < 0 ? 0 : x > 1 ? 1 : x;
      }
      let lo = 0, hi = 0, sum = 0;
      for (let j = 0; j < m; j++) {
        if (st[j] !== -1) continue;
        let grad = v[j];
        for (let k = sptr[j], e = sptr[j + 1]; k < e; k++) {
          const i = sidx[k];
          grad += 2 * uu[i] - uOld[i];
        }
        const x = y[j] + sigY[j] * grad;
        v[j] = x;
        if (x / sigY[j] > hi) hi = x / sigY[j];
        sum += x < 0 ? 0 : x > 1 ? 1 : x;
      }
      let theta = 0;
      if (sum > pRem) {
        // the projection on Σ y ≤ pRem in the preconditioned norm: smallest θ ≥ 0 with
        // Σ clip(v − θ·σ_j) ≤ pRem (bisection)
        for (let t = 0; t < 40; t++) {
          const mid = 0.5 * (lo + hi);
          let s2 = 0;
          for (let j = 0; j < m; j++) if (st[j] === -1) {
            const x = v[j] - mid * sigY[j];
            s2 += x < 0 ? 0 : x > 1 ? 1 : x;
          }
          if (s2 > pRem) lo = mid;
          else hi = mid;
        }
        theta = hi;
      }
      for (let j = 0; j < m; j++) if (st[j] === -1) {
        const x = v[j] - theta * sigY[j];
        y[j] = x < 0 ? 0 : x > 1 ? 1 : x;
      }
      for (let i = 0; i < bn; i++) uAvg[i] += (uu[i] - uAvg[i]) / it;
      for (let c = 0; c < K0; c++) pAvg[c] += (pp[c] - pAvg[c]) / it;
      if (it % 50 === 0) {
        check(uu, pp);
        check(uAvg, pAvg);
        if (!beats(best)) break;
        // the pRem free sites of largest y, polished, as an incumbent
        const order: number[] = [];
        for (let j = 0; j < m; j++) if (st[j] === -1 && y[j] > 0) order.push(j);
        order.sort((a, b) => y[b] - y[a]);
        for (let j = 0; j < m; j++) Y[j] = st[j] === 1 ? 1 : 0;
        for (let k = 0; k < order.length && k < pRem; k++) Y[order[k]] = 1;
        offerNode(Y);
        if (it % 200 === 0) polish(Y);
      }
    }
    pdZ = z;
    if (best < node.ub) node.ub = best;
    ctx.debug?.(`mclp pdhg: ${iters} iterations, ${K0} cuts, bound ${best.toFixed(2)}, ${ctx.elapsed().toFixed(2)} s`);
  };

  const subgradient = (node: Node, pRem: number, bRem: number, root: boolean): boolean => {
    const uu = new Float64Array(node.u);
    const pp = piOf(node);
    const K0 = cuts.count;
    if (gCut.length < K0) gCut = new Float64Array(K0);
    let mu = node.mu;
    const rule = new PolyakRule("min", root ? 2 : 0.25, root ? 30 : 10, 1e-3);
    const maxIter = root ? 2000 : 300;
    let first = true;
    for (let it = 0; it < maxIter; it++) {
      if ((it & 15) === 15 && ctx.shouldStop()) {
        if (rule.best < node.ub) node.ub = rule.best;
        return false;
      }
      const U = evaluate(uu, pp, mu, node.st, pRem, bRem);
      if (first) {
        for (let j = 0; j < m; j++) yAvg[j] = inY[j];
        first = false;
      } else for (let j = 0; j < m; j++) yAvg[j] += 0.1 * (inY[j] - yAvg[j]);
      if (rule.record(U)) {
        node.u.set(uu);
        node.pi = pp.slice();
        node.mu = mu;
      }
      if (!beats(rule.best)) break;
      if ((it & 7) === 0) {
        for (let j = 0; j < m; j++) Y[j] = inY[j];
        offerNode(Y);
        if (root && it % POLISH_EVERY === 0) polish(Y);
        if (!beats(rule.best)) break;
      }
      // g_i = cnt_i − z_i (∂U/∂u_i); step downhill
      cnt.fill(0);
      let spent = 0;
      for (let j = 0; j < m; j++) if (inY[j]) {
        if (!existing[j]) spent += cost[j];
        for (let k = sptr[j], e = sptr[j + 1]; k < e; k++) cnt[sidx[k]]++;
      }
      let norm = 0;
      for (let i = 0; i < bn; i++) {
        const z = (K0 > 0 ? bw[i] - uu[i] - rho[i] > 0 : uu[i] < bw[i]) ? 1 : 0;
        zRow[i] = z;
        let gi = (cnt[i] > 0 ? cnt[i] : 0) - z;
        // projection onto [0, w_i]
        if ((gi > 0 && uu[i] <= 0) || (gi < 0 && uu[i] >= bw[i])) gi = 0;
        g[i] = gi;
        norm += gi * gi;
      }
      // a cut's ∂U/∂π_c = rhs_c + Σ coef·y − Σ_{i ∈ S_c} z_i (projected at π_c = 0)
      for (let c = 0; c < K0; c++) {
        let gc = cuts.rhs[c];
        for (let k = cuts.sitePtr[c]; k < cuts.sitePtr[c + 1]; k++) if (inY[cuts.sites[k]]) gc += cuts.coef[k];
        for (let k = cuts.rowPtr[c]; k < cuts.rowPtr[c + 1]; k++) gc -= zRow[cuts.rows[k]];
        if (gc > 0 && pp[c] <= 0) gc = 0;
        gCut[c] = gc;
        norm += gc * gc;
      }
      gMu = 0;
      if (hasBudget) {
        gMu = bRem - spent;
        if (gMu > 0 && mu <= 0) gMu = 0;
        norm += gMu * gMu;
      }
      if (norm === 0 || rule.exhausted) break;
      const target = Number.isFinite(lbObj) ? lbObj : 0;
      const step = rule.step(U - target, norm);
      if (!(step > 0)) break;
      for (let i = 0; i < bn; i++) {
        if (g[i] === 0) continue;
        let v = uu[i] - step * g[i];
        if (v < 0) v = 0;
        else if (v > bw[i]) v = bw[i];
        uu[i] = v;
      }
      for (let c = 0; c < K0; c++) {
        const v = pp[c] - step * gCut[c];
        pp[c] = v > 0 ? v : 0;
      }
      if (hasBudget) {
        mu -= step * gMu;
        if (mu < 0) mu = 0;
      }
    }
    if (rule.best < node.ub) node.ub = rule.best;
    return true;
  };

  /**
   * After the root's fixings, the rows the branch and bound reads are restricted to the sites left
   * free: rows a fixed-in site covers go into bbase, rows no free site covers are dropped (nothing
   * below the root can cover them), equal rows are merged again, and the root's multipliers are
   * summed over each merged group (a bound no weaker). Every node lies below the root, so its bound
   * is the same on these rows, and each evaluation reads far fewer pairs.
   */
  const restrict = (node: Node): void => {
    const st = node.st;
    let closed = 0;
    for (let j = 0; j < m; j++) if (st[j] === 0) closed++;
    if (closed < m / 4) return;
    const rows: number[] = [];
    const rp = new Uint32Array(bn + 1);
    const ri = new Uint32Array(bptr[bn]);
    const rw: number[] = [];
    let nb = bbase;
    let t = 0;
    for (let i = 0; i < bn; i++) {
      const s = t;
      let covered = false;
      for (let k = bptr[i]; k < bptr[i + 1]; k++) {
        const j = bidx[k];
        if (st[j] === 1) {
          covered = true;
          break;
        }
        if (st[j] === -1) ri[t++] = j;
      }
      if (covered) {
        t = s;
        nb += bw[i];
      } else if (t > s) {
        rows.push(i);
        rw.push(bw[i]);
        rp[rows.length] = t;
      }
    }
    const mg = mergeRows({ rows: rows.length, cols: m, ptr: rp.subarray(0, rows.length + 1), idx: ri.subarray(0, t) }, undefined, rw);
    const G = mg.csr.rows;
    const uNew = new Float64Array(G);
    for (let q = 0; q < rows.length; q++) uNew[mg.groupOf[q]] += node.u[rows[q]];
    for (let q = 0; q < G; q++) if (uNew[q] > mg.weight[q]) uNew[q] = mg.weight[q];
    ctx.debug?.(`mclp restrict: ${closed} sites closed, rows ${bn} → ${G}, pairs ${bptr[bn]} → ${mg.csr.ptr[G]}`);
    bn = G;
    bw = mg.weight;
    bbase = nb;
    bptr = mg.csr.ptr;
    bidx = mg.csr.idx;
    ({ ptr: sptr, idx: sidx } = transpose(mg.csr));
    cnt = new Int32Array(bn);
    g = new Float64Array(bn);
    zRow = new Uint8Array(bn);
    rho = new Float64Array(bn);
    pdZ = null;
    node.u = uNew;
  };

  /**
   * Root only, after `restrict` (cuts index its rows): rounds of triangle cuts (`separateTriangles`)
   * at the primal–dual point, each followed by primal–dual steps with every cut so far, while cuts
   * are found, the bound may still beat the incumbent, a round closes at least `CUT_PROGRESS` of
   * the gap, and the rounds have used less than `CUT_TIME_SHARE` of the time left. Returns the cuts
   * added.
   */
  const cutRounds = (node: Node, pRem: number, bRem: number): number => {
    let added = 0;
    const t0 = now();
    const until = t0 + CUT_TIME_SHARE * (ctx.deadline - t0);
    for (let r = 0; r < CUT_ROUNDS && beats(node.ub) && now() < until && !ctx.shouldStop(); r++) {
      const before = node.ub;
      const z = pdZ && pdZ.length === bn ? pdZ : (pdZ = zOf(pdY));
      const k = cuts.add(separateTriangles(bn, m, bptr, bidx, sptr, sidx, pdY, z, CUTS_PER_ROUND));
      if (k === 0) break;
      added += k;
      pdhg(node, pRem, bRem, CUT_PD_ITERS);
      if (before - node.ub < CUT_PROGRESS * (before - lbObj)) break;
    }
    return added;
  };

  /** Root, before branching: the tree keeps only the cuts the root's multipliers use (every node evaluates them all). */
  const keepUsedCuts = (node: Node): void => {
    const pi = piOf(node);
    const before = cuts.count;
    const keep = new Uint8Array(before);
    for (let c = 0; c < before; c++) keep[c] = pi[c] > 0 ? 1 : 0;
    node.pi = pi.filter((q) => q > 0);
    cuts.retain(keep);
    ctx.debug?.(`mclp cuts kept for the tree: ${cuts.count} of ${before}`);
  };

  /**
   * Offers a node's solution (every site fixed in at the root open, none it closed) after counting
   * its covered weight on the branch and bound's rows — a fraction of the pairs once restricted —
   * so that only an improvement pays for the full count in `offer`.
   */
  const offerNode = (open: Uint8Array): void => {
    let s = bbase;
    for (let i = 0; i < bn; i++) {
      for (let k = bptr[i], e = bptr[i + 1]; k < e; k++) if (open[bidx[k]]) {
        s += bw[i];
        break;
      }
    }
    if (s > lbObj + 1e-12 * Math.max(1, Math.abs(s))) offer(open);
  };

  /**
   * Once, at the root (unproven, time-limited): regions around the incumbent's sites solved exactly
   * (`mclpRegions`) for a share of the time left — a better incumbent prunes and fixes more.
   */
  let regionsDone = opts.regions === false || !Number.isFinite(ctx.deadline) || n === 0;
  const regions = (share: number): void => {
    if (regionsDone) return;
    regionsDone = true;
    const t0 = now();
    const open = lbOpen.slice();
    const solveRegion = (si: CoverInstance, sc: Coverage, sl: SiteLimits, sctx: RunContext, inc: Uint8Array) => mclpExact(si, sc, sl, sctx, inc, { regions: false });
    const r = mclpRegions(merged.csr, weight, inst, { p: pMax, budget }, ctx, open, t0 + share * (ctx.deadline - t0), solveRegion, offer);
    ctx.debug?.(`mclp regions: ${r.regions} solved, ${r.improved} improved, incumbent ${lbObj}, ${ctx.elapsed().toFixed(2)} s`);
  };

  const rootSt = new Int8Array(m).fill(-1);
  for (let j = 0; j < m; j++) if (existing[j]) rootSt[j] = 1;
  const u0 = new Float64Array(bn);
  for (let i = 0; i < bn; i++) u0[i] = bw[i] * 0.5;
  /** Bounds (rounds of subgradient and fixing; at the root also primal–dual steps, the full-cover query, `restrict` and the cuts) and branches one node. */
  const processNode = (node: Node): Node[] | null | "stopped" => {
    const st = node.st;
    for (let round = 0; round < 2; round++) {
      const rem = remaining(st);
      if (!rem) return null;
      let free = 0;
      for (let j = 0; j < m; j++) if (st[j] === -1) {
        if (rem.pRem === 0 || (hasBudget && cost[j] > rem.bRem + 1e-9 * Math.max(1, Math.abs(rem.bRem)))) st[j] = 0;
        else free++;
      }
      if (free === 0) {
        for (let j = 0; j < m; j++) Y[j] = st[j] === 1 ? 1 : 0;
        offerNode(Y);
        return null;
      }
      if (PD_ITERS > 0 && node.depth === 0 && round === 0 && !hasBudget) pdhg(node, rem.pRem, rem.bRem, PD_ITERS);
      if (!subgradient(node, rem.pRem, rem.bRem, node.depth === 0)) return "stopped";
      if (node.depth === 0) ctx.debug?.(`mclp root round ${round}: bound ${node.ub.toFixed(2)}, incumbent ${lbObj}, ${polishes} polished, ${ctx.elapsed().toFixed(2)} s`);
      if (node.depth === 0 && round === 0 && n > 0 && lbObj < wAll - tol(wAll) && roundUpper(node.ub, integral) >= wAll - tol(wAll)) node.ub = Math.min(node.ub, fullCover());
      if (!beats(node.ub)) return null;
      if (node.depth === 0 && round === 0 && lbObj > 0 && roundUpper(node.ub, integral) - lbObj > REGION_FIRST_GAP * lbObj) {
        regions(REGION_FIRST_SHARE);
        if (!beats(node.ub)) return null;
      }
      const U = evaluate(node.u, piOf(node), node.mu, st, rem.pRem, rem.bRem);
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
      if (node.depth === 0) ctx.debug?.(`mclp root round ${round}: ${fixed} sites fixed`);
      if (node.depth === 0 && round === 0) {
        // the rows below the root, then the cuts over them (another round: the bound and fixing with the cuts)
        restrict(node);
        if (!hasBudget && cutRounds(node, rem.pRem, rem.bRem) > 0) continue;
      }
      if (fixed === 0) break;
    }
    if (node.depth === 0 && cuts.count > 0) keepUsedCuts(node);
    if (node.depth === 0) {
      regions(REGION_SHARE);
      if (!beats(node.ub)) return null;
    }
    const rem = remaining(st);
    if (!rem) return null;
    evaluate(node.u, piOf(node), node.mu, st, rem.pRem, rem.bRem);
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
    if (bj < 0) return null;
    const openFirst = yAvg[bj] >= 0.5;
    const mk = (s: number): Node => {
      const c = st.slice();
      c[bj] = s;
      return { st: c, u: node.u.slice(), pi: node.pi.slice(), mu: node.mu, ub: node.ub, depth: node.depth + 1 };
    };
    return openFirst ? [mk(1), mk(0)] : [mk(0), mk(1)];
  };
  const root: Node = { st: rootSt, u: u0, pi: new Float64Array(0), mu: 0, ub: Infinity, depth: 0 };
  const search = {
    bound: (x: Node) => x.ub,
    beats,
    shouldStop: () => ctx.shouldStop(),
    process: processNode,
    after: () => ctx.report("branch and bound", lbObj),
  };
  const t = depthFirst(root, search);
  nodes = t.nodes;
  const stopped = t.stopped;
  let bound = lbObj;
  if (stopped) bound = Math.max(lbObj, roundUpper(openBound(t.open, search, lbObj, "max"), integral));
  const status = !stopped || !beats(bound) ? "optimal" : "time_limit";
  return { open: lbOpen, objective: lbObj, bound: status === "optimal" ? lbObj : bound, status, nodes };
}

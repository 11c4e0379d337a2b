import { now, type RunContext } from "../heuristics/context.js";
import type { Status } from "../result.js";
import { coverageSeeds } from "./covering.js";
import { CflpSearch, splitPolishable } from "./heuristic.js";
import { CflpLagrangian, cflpSubgradient, rootFixing, type Fixing } from "./lagrange.js";
import { cheapestSize, NO_SIZE, type CflpModel } from "./model.js";
import { newSiteCount } from "./site-count.js";
import { branchAndBound, NodeHeap } from "../engine/tree.js";
import type { CflpSolution } from "./types.js";

interface Node {
  fix: Fixing;
  /** The parent's multipliers (shared, read-only) and bound. */
  lambda: Float64Array;
  mu: number;
  kappa: number;
  bound: number;
  depth: number;
  /** Position among its siblings (the relaxation's preference first). */
  order?: number;
}

/** Best-first order: least bound; ties: deeper first, then the preferred sibling. */
function before(x: Node, y: Node): boolean {
  if (x.bound !== y.bound) return x.bound < y.bound;
  if (x.depth !== y.depth) return x.depth > y.depth;
  return (x.order ?? 0) < (y.order ?? 0);
}

/** The largest q with every value a multiple of q (values scaled by up to 10³ to integers), 0 if none. */
function quantumOf(values: ArrayLike<number>): number {
  for (let scale = 1; scale <= 1000; scale *= 10) {
    let g = 0;
    let ok = true;
    for (let k = 0; k < values.length && ok; k++) {
      const v = values[k] * scale;
      const r = Math.round(v);
      if (Math.abs(v - r) > 1e-9 * Math.max(1, Math.abs(v))) ok = false;
      else g = gcd(g, Math.abs(r));
    }
    if (ok) return g > 0 ? g / scale : 0;
  }
  return 0;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Σ cost of the decided sizes when every site's size is decided (null otherwise). */
function decidedCost(md: CflpModel, fix: Fixing): number | null {
  let c = 0;
  for (let j = 0; j < md.m; j++) {
    const st = fix.site[j];
    const free = md.optPtr[j + 1] > md.optPtr[j] && !md.closed[j];
    if (st === -2) {
      if (free) return null;
      continue;
    }
    if (st >= 0) c += md.optCost[md.optPtr[j] + st];
  }
  return c;
}

/** Subgradient steps at the root and at each node (deterministic work, checked against the limits). */
const ROOT_STEPS = 1500;
/** Coverage-first starts tried (cflp/covering.ts) and the share of the time they may take. */
const SEEDS = 4;
const SEED_SHARE = 0.25;
const NODE_STEPS = 40;
/**
 * The iterated local search's share of the time left after the root: half, or 85 % when the root
 * gap exceeds WIDE_ROOT_GAP. Measured on the 2,000 × 400 × 3 coverage instances (20 s, seeds 1 and
 * 2, half → 85 %): random-1 5,250 / 5,180 → 5,180 / 5,180, random-3 5,370 / 5,220 → 5,240 / 5,220,
 * lingang-1 801.8 / 816.7 → 801.8 / 802.1, random-2 unchanged, lingang-2 773.8 / 779.9 → 779.9 /
 * 779.9; the bounds the same.
 */
const ITERATE_SHARE = 0.5;
const ITERATE_SHARE_WIDE = 0.85;
const WIDE_ROOT_GAP = 0.02;
/**
 * Split demand: the share of the time left at the tree's start kept for `CflpSearch.polishSplitAll`
 * (the tree cannot prove split plans; on the first-start zone's models it moved no bound in 10 s,
 * while half the time for the polish took health centres 246.2 → 216.3, elder care 129.2 → 128.7).
 */
const POLISH_SHARE = 0.5;

/**
 * Our exact engine for cflp: Lagrangian bounds (`CflpLagrangian`: assignment rows and the coverage
 * target priced, per-site bounded knapsacks, the aggregate capacity row kept) by subgradient
 * optimisation, inside a best-first branch and bound, with incumbents from the local search
 * (`CflpSearch`: construction, close / resize / move, iterated perturbation) seeded by the
 * relaxation's sizes and assignments.
 * - Time: the root bound takes at most 40 % of the time left, the iterated local search up to half
 *   of what remains (85 % when the root gap exceeds 2 %, but for split demand), the tree the
 *   rest; every phase stops at the run's limits. Single-source least-cost models keep the last
 *   5 % (at most 1 s) for packing the final plan's sizes
 *   (`CflpSearch.packSizes`: ejection chains, then the split flow in several site orders).
 * - Branching: first on sites the relaxation opens (each size, then closed), then — single-source —
 *   on demand points whose relaxed assignment is not one whole site (each site in reach); a node
 *   whose points are all fixed is solved directly (loads known: cheapest sizes that fit). Without a
 *   distance cost, a node whose sizes are all decided is settled by one feasible assignment at its
 *   cost (all its plans cost the same).
 * - Bounds are rounded up to the objective's quantum (the gcd of the size costs without a distance
 *   cost; of the weights with a budget).
 * - Split demand (`singleSource: false`) branches on sites only; a leaf whose assignment the local
 *   search cannot settle stays open, so such problems may end with a bound and a gap (a MIP backend
 *   proves them).
 * Returns `optimal` only when the tree is exhausted (or the bound meets the incumbent).
 */
export function cflpEngine(md: CflpModel, ctx: RunContext, start?: CflpSolution): { sol: CflpSolution | null; bound: number | null; status: Status; message?: string } {
  const budgetMode = md.budget !== null;
  const search = new CflpSearch(md, ctx);
  // single-source least-cost models: the end of the run kept for packing the final plan's sizes
  const reserve = search.packReserve();
  if (start) search.seed(start);
  search.construct(new Int32Array(md.m).fill(-1), Math.min(4 * md.m + 10, 100));
  search.improve();
  // coverage-first starts (fewest sites for the target, largest sizes), a quarter of the time
  const share = (f: number) => (Number.isFinite(ctx.deadline) ? now() + f * (ctx.deadline - now()) : Infinity);
  // the row Σ y ≥ K of the fewest new sites whose reach covers the points no existing site reaches
  const lr = new CflpLagrangian(md, newSiteCount(md, ctx));
  if (!budgetMode && md.coverTarget > 0) {
    const saved = search.stopAt;
    search.stopAt = share(SEED_SHARE);
    for (const seed of coverageSeeds(md, ctx, SEEDS)) {
      if (search.stop()) break;
      const v = search.explore(seed, Math.min(4 * md.m + 10, 100));
      ctx.debug?.(`cflp coverage seed: ${v}, best ${search.bestValue}, ${ctx.elapsed().toFixed(2)} s`);
    }
    search.stopAt = saved;
  }
  // the multipliers start at zero: the first step's bound is the relaxation with the aggregate
  // capacity row alone — the cheapest sizes holding the whole need, which on the Lingang-like
  // 500 × 100 kindergartens is the optimum, 445.7, while the steps from each point's fair share of
  // the cheapest size per unit (`initialise`) ended at 439.6–442.0 — and the steps end higher from
  // there: 20 s, 2,000 × 400 × 3 random-1/2/3: 4,960/5,020/4,960 → 5,020/5,090/4,980; 500 × 100:
  // 1,350 → 1,370; first-start health centres (split, 6 s) 191.5 → 205.1; the other first-start
  // models within 0.1 %

  // every objective value is a multiple of `q` (sums of size costs without a distance cost; sums of
  // integer weights with a budget): bounds round up to the next multiple, and a node whose bound is
  // within q of the incumbent holds nothing better
  const q = budgetMode ? quantumOf(md.weight) : md.distanceCost === 0 && md.outsideCost === 0 ? quantumOf(md.optCost) : 0;
  const round = (b: number) => (q > 0 && Number.isFinite(b) ? Math.ceil(b / q - 1e-6) * q : b);
  const tolOf = (ub: number) => (q > 0 ? q * (1 - 1e-6) : 1e-9 * Math.max(1, Math.abs(ub)));
  const pruned = (b: number) => b >= search.bestValue - tolOf(search.bestValue);
  const sub = lr.subgradientScratch();

  const hint = new Int32Array(md.n);
  /** Incumbent from the relaxation: its sizes, each point preferring the site it leans to most. */
  const lagrangianHeuristic = (fix: Fixing): void => {
    const opt = lr.option.slice();
    for (let j = 0; j < md.m; j++) if (fix.site[j] >= -1 && !md.existing[j]) opt[j] = fix.site[j];
    for (let i = 0; i < md.n; i++) {
      let best = -1;
      let bx = 1e-9;
      for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) {
        if (lr.x[p] > bx) {
          bx = lr.x[p];
          best = p;
        }
      }
      hint[i] = best;
    }
    search.asg.hint = hint;
    search.construct(opt, 30);
    search.asg.hint = null;
  };

  /** Subgradient optimisation at a node; returns the best bound found (+Infinity when the node is infeasible). */
  const optimise = (fix: Fixing, steps: number, heuristicEvery: number, until = Infinity): number =>
    cflpSubgradient(md, lr, fix, sub, {
      steps,
      stop: () => ctx.shouldStop() || now() > until,
      target: (best) => (Number.isFinite(search.bestValue) ? search.bestValue : Math.abs(best) * 1.1 + 1),
      visit: (it, best) => {
        if (heuristicEvery > 0 && it >= 100 && it % heuristicEvery === heuristicEvery - 1) lagrangianHeuristic(fix);
        return pruned(round(best));
      },
    });

  // root
  ctx.report("lagrangian bound", toObjective(search.bestValue, budgetMode), 0, true);
  // the root bound takes at most 40 % of the time left, the iterated local search at most 30 % of it
  // (the Lagrangian heuristic every 200 steps and at the end of the root: more often, on large
  // instances, its constructions cost more time than the local search they displace)
  const rootBound = round(optimise(rootFixing(md), ROOT_STEPS, 200, share(0.4)));
  if (rootBound < Infinity && !ctx.timedOut) {
    lr.solve(rootFixing(md));
    lagrangianHeuristic(rootFixing(md));
  }
  if (rootBound === Infinity && !Number.isFinite(search.bestValue)) {
    return { sol: null, bound: null, status: "infeasible", message: "the engine proved that no solution meets every constraint" };
  }
  search.improve();
  // a root gap over WIDE_ROOT_GAP: the tree will not close it in the time left (2,000 × 400 × 3:
  // fewer than 16 nodes in 20 s, the bound the root's), so the iterated search takes most of it
  // (not for split demand without a side row: its polish after the tree needs that time)
  const wide = !splitPolishable(md) && Number.isFinite(search.bestValue) && rootBound < search.bestValue * (1 - WIDE_ROOT_GAP);
  if (!pruned(rootBound)) search.iterate(share(wide ? ITERATE_SHARE_WIDE : ITERATE_SHARE), ctx.seed);
  const root: Node = { fix: rootFixing(md), lambda: lr.lambda.slice(), mu: lr.mu, kappa: lr.kappa, bound: rootBound, depth: 0 };
  // best-first: the open node with the least bound (deeper first among equals)
  const queue = new NodeHeap<Node>(before);
  queue.push(root);
  let unexplored = Infinity; // least bound of the nodes whose children could not be made (split leaves)
  const splitNoProof = !md.singleSource;
  let unresolvedSplit = false;
  // a single-source node with nothing left to branch on leaves the tree unproven
  let unbranched = false;
  // split demand (no coverage row, no budget): the tree stops early for the fractional polish of the plan
  const polish = splitPolishable(md);
  const treeEnd = polish ? share(1 - POLISH_SHARE) : reserve > 0 ? ctx.deadline - reserve : Infinity;
  let reserveReached = false;
  const tree = {
    bound: (node: Node) => node.bound,
    beats: (b: number) => !pruned(b),
    shouldStop: () => {
      if (ctx.shouldStop()) return true;
      if (now() <= treeEnd) return false;
      // stopped for the packing's reserve: the time limit, for the status
      if (reserve > 0) reserveReached = true;
      return true;
    },
    process: (node: Node): Node[] | null => {
      lr.lambda.set(node.lambda);
      lr.mu = node.mu;
      lr.kappa = node.kappa;
      const b = node.depth === 0 ? node.bound : Math.max(node.bound, round(optimise(node.fix, NODE_STEPS, 0)));
      if (b === Infinity || pruned(b)) return null;
      // re-solve at the best multipliers to read the relaxed solution
      lr.solve(node.fix);
      if (node.depth > 0) lagrangianHeuristic(node.fix);
      // every size decided and no distance cost: the node's plans all cost the same, so one
      // feasible assignment at that cost (or less) settles it
      if (!budgetMode && md.distanceCost === 0 && md.outsideCost === 0) {
        const fixed = decidedCost(md, node.fix);
        if (fixed !== null) {
          const opt = node.fix.site.slice();
          for (let j = 0; j < md.m; j++) if (opt[j] < -1) opt[j] = -1;
          if (search.evaluate(opt) <= fixed + 1e-9 * Math.max(1, fixed)) return null;
        }
      }
      const children = branch(md, lr, node.fix);
      if (children === "infeasible") return null;
      if (children === null) {
        // all points fixed: the leaf's own value
        leafValue(md, node.fix, search);
        return null;
      }
      if (children.length === 0) {
        if (splitNoProof) unresolvedSplit = true;
        else unbranched = true;
        unexplored = Math.min(unexplored, b);
        return null;
      }
      const shared = lr.lambda.slice();
      return children.map((fix, k) => ({ fix, lambda: shared, mu: lr.mu, kappa: lr.kappa, bound: b, depth: node.depth + 1, order: k }));
    },
    after: (_node: Node, nodes: number) => {
      if (nodes % 16 === 0) ctx.report("branch and bound", toObjective(search.bestValue, budgetMode), undefined);
    },
  };
  const t = branchAndBound(queue, tree);
  const exhausted = !t.stopped && !unbranched;
  // least bound among the nodes left unexplored (pruned ones included: the incumbent bounds them)
  let openBound = unexplored;
  for (const node of t.open) openBound = Math.min(openBound, node.bound);
  if (!ctx.timedOut) {
    // the final local search leaves most of the reserve to the packing
    const saved = search.stopAt;
    if (reserve > 0) search.stopAt = ctx.deadline - 0.75 * reserve;
    search.improve();
    search.stopAt = saved;
  }
  const packed = search.packSizes();
  if (packed) ctx.debug?.(`cflp sizes down by ejection chains and the split flow at the end: ${packed}, ${search.bestValue}`);
  if (polish) {
    const v = search.polishSplitAll();
    ctx.debug?.(`cflp split polish: ${v} (single-source ${search.bestValue}), ${search.flows} flows, ${ctx.elapsed().toFixed(2)} s`);
  }
  const sol = search.solution();
  const ub = search.value;
  let lb: number;
  if (exhausted && !unresolvedSplit) lb = ub;
  else lb = Math.min(openBound, ub);
  if (!sol) {
    if (exhausted && !unresolvedSplit) return { sol: null, bound: null, status: "infeasible", message: "the engine proved that no solution meets every constraint" };
    return { sol: null, bound: null, status: ctx.timedOut || reserveReached ? "time_limit" : "feasible", message: "the engine found no feasible solution before stopping" };
  }
  const bound = Number.isFinite(lb) ? toObjective(lb, budgetMode) : null;
  const proven = lb >= ub - tolOf(ub);
  return { sol, bound: proven ? toObjective(ub, budgetMode) : bound, status: proven ? "optimal" : ctx.timedOut || reserveReached ? "time_limit" : "feasible" };
}

const toObjective = (v: number, budgetMode: boolean) => (budgetMode ? -v : v);

/**
 * Children of a node, or null when every served point is fixed (a leaf), [] when nothing is left
 * to branch on (split demand with every site fixed), "infeasible" when a point has no site left.
 */
function branch(md: CflpModel, lr: CflpLagrangian, fix: Fixing): Fixing[] | null | "infeasible" {
  const { m, optPtr } = md;
  // a free site the relaxation opens: the one carrying the most relaxed load
  let bestJ = -1;
  let bestLoad = -1;
  for (let j = 0; j < m; j++) {
    if (fix.site[j] !== -2 || md.existing[j] || lr.option[j] < 0) continue;
    let load = 0;
    for (let t = md.sitePairPtr[j]; t < md.sitePairPtr[j + 1]; t++) {
      const p = md.sitePair[t];
      load += lr.x[p] * md.units[md.pairDemand[p]];
    }
    if (load > bestLoad) {
      bestLoad = load;
      bestJ = j;
    }
  }
  if (bestJ < 0) {
    // existing sites with free expansions the relaxation uses
    for (let j = 0; j < m; j++) if (fix.site[j] === -2 && md.existing[j] && lr.option[j] >= 0) bestJ = j;
  }
  if (bestJ >= 0) {
    const j = bestJ;
    const first = lr.option[j];
    const out: Fixing[] = [];
    const child = (v: number) => {
      const site = fix.site.slice();
      site[j] = v;
      const pair = fix.pair.slice();
      if (v === -1 && !md.existing[j]) for (let t = md.sitePairPtr[j]; t < md.sitePairPtr[j + 1]; t++) if (pair[md.sitePair[t]] === -1) pair[md.sitePair[t]] = 0;
      out.push({ site, pair });
    };
    child(first);
    for (let o = 0; o < optPtr[j + 1] - optPtr[j]; o++) if (o !== first) child(o);
    child(-1);
    return out;
  }
  if (!md.singleSource) {
    // split: close the remaining free sites the relaxation leaves closed only if all are decided
    let free = -1;
    for (let j = 0; j < m && free < 0; j++) if (fix.site[j] === -2) free = j;
    if (free < 0) return [];
    const out: Fixing[] = [];
    for (const v of [-1, ...Array.from({ length: optPtr[free + 1] - optPtr[free] }, (_, k) => k)]) {
      const site = fix.site.slice();
      site[free] = v;
      out.push({ site, pair: fix.pair.slice() });
    }
    return out;
  }
  // a point not wholly assigned to one site in the relaxation (else the first unfixed point)
  let pick = -1;
  let worst = -1;
  let anyUnfixed = -1;
  for (let i = 0; i < md.n; i++) {
    if (!md.served[i]) continue;
    let fixed = false;
    let sum = 0;
    let mx = 0;
    for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) {
      if (fix.pair[p] === 1) fixed = true;
      sum += lr.x[p];
      mx = Math.max(mx, lr.x[p]);
    }
    if (fixed) continue;
    if (anyUnfixed < 0) anyUnfixed = i;
    const viol = Math.abs(1 - sum) + (1 - mx);
    if (viol > worst + 1e-12) {
      worst = viol;
      pick = i;
    }
  }
  if (pick < 0) pick = anyUnfixed;
  if (pick < 0) return null;
  const i = pick;
  const cands: number[] = [];
  for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) if (fix.pair[p] !== 0 && (fix.site[md.pairSite[p]] !== -1 || md.existing[md.pairSite[p]])) cands.push(p);
  if (cands.length === 0) return "infeasible";
  cands.sort((a, b) => lr.x[b] - lr.x[a] || md.pairDist[a] - md.pairDist[b]);
  return cands.map((p) => {
    const pair = fix.pair.slice();
    for (let q = md.pairPtr[i]; q < md.pairPtr[i + 1]; q++) pair[q] = q === p ? 1 : 0;
    return { site: fix.site.slice(), pair };
  });
}

/** A leaf: every served point's site is fixed; sizes follow (cheapest that holds the load and whose minimum it meets). */
function leafValue(md: CflpModel, fix: Fixing, search: CflpSearch): number {
  const { m, n } = md;
  const load = new Float64Array(m);
  const site = new Int32Array(n).fill(-1);
  let covered = 0;
  let sumWD = 0;
  for (let i = 0; i < n; i++) {
    for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) {
      if (fix.pair[p] !== 1) continue;
      site[i] = md.pairSite[p];
      load[md.pairSite[p]] += md.units[i];
      if (md.pairCov[p]) covered += md.weight[i];
      sumWD += md.weight[i] * md.pairDist[p];
    }
  }
  const option = new Int32Array(m).fill(-1);
  let cost = 0;
  for (let j = 0; j < m; j++) {
    const k = cheapestSize(md, j, load[j], fix.site[j]);
    if (k === NO_SIZE) return Infinity;
    option[j] = k;
    if (k >= 0) cost += md.optCost[md.optPtr[j] + k];
  }
  if (md.budget !== null) {
    if (cost > md.budget * (1 + 1e-12) + 1e-9) return Infinity;
  } else if (covered < md.coverTarget * (1 - 1e-12) - 1e-9) return Infinity;
  const value = md.budget !== null ? -covered : cost + md.distanceCost * sumWD + md.outsideCost * (md.coverTotal - covered);
  search.offer(option, site, value);
  return value;
}

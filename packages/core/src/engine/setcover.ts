import { now, type RunContext } from "../heuristics/context.js";
import { roundLower, tol } from "./common.js";
import { mergeRows } from "./merge.js";
import { scpRowWeighting } from "./scp-rwls.js";
import { depthFirst, openBound } from "./tree.js";
import { coveredBy, scpLagrangian, scpPdhg, type ScpMatrix, ScpGreedy, scpRefine, scpSubgradient } from "./scp-lagrange.js";

/**
 * Exact weighted set covering: choose columns of least total cost so that every row is covered.
 * Rows are given as column lists (CSR); the transpose is built here.
 *
 * Method: reductions (equal rows merged into one by hashing, `mergeRows`; rows covered by a single column force it; dominated rows — a row whose
 * columns include all of another row's — are dropped; dominated columns — whose rows are a subset
 * of a no more expensive column's — are dropped), a Lagrangian bound (cover constraints relaxed
 * with u ≥ 0, reduced costs c_j − Σ u_i; primal–dual steps then subgradient with a Polyak step at
 * the root), the Lagrangian greedy with redundancy removal (engine/scp-lagrange.ts), at the root the
 * CFT refinement and the row-weighting search (engine/scp-rwls.ts), reduced-cost fixing, and
 * depth-first branching on the free column of least reduced cost in the uncovered row with the
 * fewest free columns.
 */
export interface SetCoverInput {
  rows: number;
  cols: number;
  /** Row → columns, ascending. */
  ptr: Uint32Array;
  idx: Uint32Array;
  cost: Float64Array;
}

export interface SetCoverOptions {
  /** Only solutions of cost strictly below this matter (prune at it); default Infinity. */
  cutoff?: number;
  /** Stop at the first solution strictly below `cutoff` (a decision query). */
  decision?: boolean;
  /** The optimum is an integer (unit or integer costs): bounds are rounded up. */
  integral: boolean;
  /** Merge equal rows before the other reductions (default true; `false` for comparison runs). */
  merge?: boolean;
}

export interface SetCoverResult {
  /** Chosen columns (1 = chosen), or null when none strictly below the cutoff was found. */
  sel: Uint8Array | null;
  objective: number;
  /** Proven lower bound on the optimum (≥ cutoff when the search proved nothing is below it). */
  bound: number;
  /** "optimal": search complete; "stopped": time limit; "found": decision query answered yes. */
  status: "optimal" | "stopped" | "found";
  nodes: number;
}

/** Primal–dual iterations for the root multipliers (0 = subgradient only). */
const PD_ITERS = 20_000;
/** Shares of the time left at the root for the CFT refinement, then for the row-weighting search. */
const REFINE_SHARE = 0.2;
const RWLS_SHARE = 0.4;
/** Row-weighting steps when the run has no deadline (deterministic). */
const RWLS_STEPS = 50_000;

interface Node {
  st: Int8Array; // per reduced column: -1 free, 0 out, 1 in
  u: Float64Array; // per reduced row
  lb: number;
  depth: number;
}

/** Sorted merge: every alive entry of the sorted list a[as, ae) also appears in the sorted list a[bs, be). */
function aliveSubset(a: ArrayLike<number>, as: number, ae: number, bs: number, be: number, alive: Uint8Array): boolean {
  let q = bs;
  for (let k = as; k < ae; k++) {
    const c = a[k];
    if (!alive[c]) continue;
    while (q < be && a[q] < c) q++;
    if (q === be || a[q] !== c) return false;
    q++;
  }
  return true;
}

export function solveSetCover(input: SetCoverInput, ctx: RunContext, opts: SetCoverOptions): SetCoverResult {
  let rowsIn: SetCoverInput = input;
  if (opts.merge !== false && input.rows > 1) {
    const g = mergeRows(input);
    if (g.csr.rows < input.rows) rowsIn = { ...g.csr, cost: input.cost };
    ctx.debug?.(`setcover: ${input.rows} rows, ${g.csr.rows} after merging equal rows`);
  }
  const red = reduce(rowsIn);
  const cutoff = opts.cutoff ?? Infinity;
  if (red === null) return { sel: null, objective: Infinity, bound: Infinity, status: "optimal", nodes: 0 };
  let forcedCost = 0;
  for (let j = 0; j < input.cols; j++) if (red.forced[j]) forcedCost += input.cost[j];
  if (red.R === 0) {
    const sel = red.forced.slice();
    if (forcedCost < cutoff - tol(cutoff)) return { sel, objective: forcedCost, bound: forcedCost, status: opts.decision ? "found" : "optimal", nodes: 0 };
    return { sel: null, objective: Infinity, bound: forcedCost, status: "optimal", nodes: 0 };
  }
  const bb = new CoverBB(red, ctx, opts.integral, cutoff - forcedCost, !!opts.decision);
  const r = bb.run();
  if (r.sel) {
    const sel = red.forced.slice();
    for (let c = 0; c < red.C; c++) if (r.sel[c]) sel[red.colMap[c]] = 1;
    return { sel, objective: r.obj + forcedCost, bound: r.lb + forcedCost, status: r.status, nodes: r.nodes };
  }
  return { sel: null, objective: Infinity, bound: r.lb + forcedCost, status: r.status, nodes: r.nodes };
}

interface Reduced extends ScpMatrix {
  colMap: Int32Array;
  /** Original columns forced in by the reductions. */
  forced: Uint8Array;
}

/** Reductions; null when some row has no column (infeasible). */
function reduce(inp: SetCoverInput): Reduced | null {
  const { rows, cols, ptr, idx, cost } = inp;
  const rowAlive = new Uint8Array(rows).fill(1);
  const colAlive = new Uint8Array(cols).fill(1);
  const forced = new Uint8Array(cols);
  for (let i = 0; i < rows; i++) if (ptr[i + 1] === ptr[i]) return null;
  // transpose
  const cptr = new Uint32Array(cols + 1);
  for (let k = 0; k < ptr[rows]; k++) cptr[idx[k] + 1]++;
  for (let c = 0; c < cols; c++) cptr[c + 1] += cptr[c];
  const fill = cptr.slice(0, cols);
  const cidx = new Uint32Array(ptr[rows]);
  for (let i = 0; i < rows; i++) for (let k = ptr[i]; k < ptr[i + 1]; k++) cidx[fill[idx[k]]++] = i;

  const rowLen = new Int32Array(rows);
  const colLen = new Int32Array(cols);
  // dominance tests are capped at a multiple of the matrix size per pass (they only speed things up)
  const workLimit = 30 * ptr[rows] + 1000;
  let work = 0;
  const recount = () => {
    for (let i = 0; i < rows; i++) {
      if (!rowAlive[i]) continue;
      let l = 0;
      for (let k = ptr[i]; k < ptr[i + 1]; k++) if (colAlive[idx[k]]) l++;
      rowLen[i] = l;
    }
    for (let c = 0; c < cols; c++) {
      if (!colAlive[c]) continue;
      let l = 0;
      for (let k = cptr[c]; k < cptr[c + 1]; k++) if (rowAlive[cidx[k]]) l++;
      colLen[c] = l;
    }
  };
  const take = (c: number) => {
    forced[c] = 1;
    colAlive[c] = 0;
    for (let k = cptr[c]; k < cptr[c + 1]; k++) rowAlive[cidx[k]] = 0;
  };
  for (let round = 0; round < 20; round++) {
    let changed = false;
    recount();
    // essential columns and empty columns
    for (let i = 0; i < rows; i++) {
      if (!rowAlive[i]) continue;
      if (rowLen[i] === 0) return null;
      if (rowLen[i] === 1) {
        for (let k = ptr[i]; k < ptr[i + 1]; k++) if (colAlive[idx[k]]) {
          take(idx[k]);
          break;
        }
        changed = true;
      }
    }
    if (changed) continue;
    for (let c = 0; c < cols; c++) if (colAlive[c] && colLen[c] === 0) colAlive[c] = 0;
    // row dominance: row b ⊇ row a (alive columns) → drop b
    work = 0;
    for (let a = 0; a < rows; a++) {
      if (!rowAlive[a]) continue;
      // the alive column of a with the fewest alive rows: every b ⊇ a lies in it
      let best = -1;
      for (let k = ptr[a]; k < ptr[a + 1]; k++) {
        const c = idx[k];
        if (colAlive[c] && (best < 0 || colLen[c] < colLen[best])) best = c;
      }
      const la = rowLen[a];
      for (let t = cptr[best]; t < cptr[best + 1]; t++) {
        const b = cidx[t];
        if (b === a || !rowAlive[b] || rowLen[b] < la) continue;
        if (rowLen[b] === la && b < a) continue; // equal rows: keep the lower index
        work += la;
        if (aliveSubset(idx, ptr[a], ptr[a + 1], ptr[b], ptr[b + 1], colAlive)) {
          rowAlive[b] = 0;
          changed = true;
        }
      }
      if (work > workLimit) break;
    }
    if (changed) {
      recount();
    }
    // column dominance: rows(c) ⊆ rows(d) and cost c ≥ cost d → drop c
    work = 0;
    for (let c = 0; c < cols; c++) {
      if (!colAlive[c]) continue;
      const lc = colLen[c];
      if (lc === 0) {
        colAlive[c] = 0;
        changed = true;
        continue;
      }
      let best = -1;
      for (let k = cptr[c]; k < cptr[c + 1]; k++) {
        const i = cidx[k];
        if (rowAlive[i] && (best < 0 || rowLen[i] < rowLen[best])) best = i;
      }
      for (let t = ptr[best]; t < ptr[best + 1]; t++) {
        const d = idx[t];
        if (d === c || !colAlive[d] || colLen[d] < lc || cost[d] > cost[c]) continue;
        if (colLen[d] === lc && cost[d] === cost[c] && d > c) continue; // identical: keep the lower index
        work += lc;
        if (aliveSubset(cidx, cptr[c], cptr[c + 1], cptr[d], cptr[d + 1], rowAlive)) {
          colAlive[c] = 0;
          changed = true;
          // rows of c lose a column
          for (let k = cptr[c]; k < cptr[c + 1]; k++) if (rowAlive[cidx[k]]) rowLen[cidx[k]]--;
          break;
        }
      }
      if (work > workLimit) break;
    }
    if (!changed) break;
  }
  recount();
  // build reduced CSR
  const rowMap = new Int32Array(rows).fill(-1);
  const colMapInv = new Int32Array(cols).fill(-1);
  let R = 0;
  let C = 0;
  for (let i = 0; i < rows; i++) if (rowAlive[i]) {
    if (rowLen[i] === 0) return null;
    rowMap[i] = R++;
  }
  for (let c = 0; c < cols; c++) if (colAlive[c] && colLen[c] > 0) colMapInv[c] = C++;
  const colMap = new Int32Array(C);
  for (let c = 0; c < cols; c++) if (colMapInv[c] >= 0) colMap[colMapInv[c]] = c;
  const rptr = new Uint32Array(R + 1);
  let nnz = 0;
  for (let i = 0; i < rows; i++) if (rowMap[i] >= 0) {
    for (let k = ptr[i]; k < ptr[i + 1]; k++) if (colMapInv[idx[k]] >= 0) nnz++;
    rptr[rowMap[i] + 1] = nnz;
  }
  const ridx = new Uint32Array(nnz);
  let t = 0;
  for (let i = 0; i < rows; i++) if (rowMap[i] >= 0) for (let k = ptr[i]; k < ptr[i + 1]; k++) if (colMapInv[idx[k]] >= 0) ridx[t++] = colMapInv[idx[k]];
  const ccost = new Float64Array(C);
  for (let c = 0; c < C; c++) ccost[c] = cost[colMap[c]];
  const tp = new Uint32Array(C + 1);
  for (let k = 0; k < nnz; k++) tp[ridx[k] + 1]++;
  for (let c = 0; c < C; c++) tp[c + 1] += tp[c];
  const f2 = tp.slice(0, C);
  const tidx = new Uint32Array(nnz);
  for (let r = 0; r < R; r++) for (let k = rptr[r]; k < rptr[r + 1]; k++) tidx[f2[ridx[k]]++] = r;
  return { R, C, rptr, ridx, cptr: tp, cidx: tidx, cost: ccost, colMap, forced };
}

class CoverBB {
  readonly R: number;
  readonly C: number;
  readonly rc: Float64Array;
  readonly g: Float64Array;
  readonly covered: Int32Array; // per row: number of fixed-in columns covering it
  readonly sel: Uint8Array;
  readonly greedyAt: ScpGreedy;
  readonly ubest: Float64Array;
  ub: number;
  ubSel: Uint8Array | null = null;
  nodes = 0;
  stopped = false;

  constructor(
    readonly p: Reduced,
    readonly ctx: RunContext,
    readonly integral: boolean,
    cutoff: number,
    readonly decision: boolean,
  ) {
    this.R = p.R;
    this.C = p.C;
    this.rc = new Float64Array(p.C);
    this.g = new Float64Array(p.R);
    this.covered = new Int32Array(p.R);
    this.sel = new Uint8Array(p.C);
    this.greedyAt = new ScpGreedy(p);
    this.ubest = new Float64Array(p.R);
    this.ub = cutoff;
  }

  beats(lb: number): boolean {
    return roundLower(lb, this.integral) < this.ub - tol(this.ub);
  }

  offer(sel: Uint8Array): void {
    let c = 0;
    for (let j = 0; j < this.C; j++) if (sel[j]) c += this.p.cost[j];
    if (c < this.ub - tol(this.ub)) {
      this.ub = c;
      this.ubSel = sel.slice();
    }
  }

  /** rows covered by fixed-in columns of st */
  setCovered(st: Int8Array): void {
    coveredBy(this.p, st, this.covered);
  }

  /** Lagrangian value; fills reduced costs rc (for free columns). */
  lagr(u: Float64Array, st: Int8Array): number {
    return scpLagrangian(this.p, u, st, this.covered, this.rc);
  }

  /** The Lagrangian greedy at multipliers u from the fixed-in columns of st; offers its cover. */
  primal(st: Int8Array, u: Float64Array): void {
    if (this.greedyAt.run(u, st, this.sel) < Infinity) this.offer(this.sel);
  }

  /** Plain greedy set cover (cost per newly covered row: the Lagrangian greedy at u = 0), for the first incumbent. */
  greedy(): void {
    const st = new Int8Array(this.C).fill(-1);
    if (this.greedyAt.run(new Float64Array(this.R), st, this.sel) < Infinity) this.offer(this.sel);
  }

  run(): { sel: Uint8Array | null; obj: number; lb: number; status: "optimal" | "stopped" | "found"; nodes: number } {
    const { R, C } = this;
    const { rptr, ridx, cost } = this.p;
    this.greedy();
    const done = () => this.decision && this.ubSel !== null;
    if (done()) return { sel: this.ubSel, obj: this.ub, lb: -Infinity, status: "found", nodes: 0 };
    const u0 = new Float64Array(R);
    const cptr = this.p.cptr;
    for (let r = 0; r < R; r++) {
      let v = Infinity;
      for (let k = rptr[r]; k < rptr[r + 1]; k++) {
        const c = ridx[k];
        const x = cost[c] / (cptr[c + 1] - cptr[c]);
        if (x < v) v = x;
      }
      u0[r] = v;
    }
    const root: Node = { st: new Int8Array(C).fill(-1), u: u0, lb: -Infinity, depth: 0 };
    const search = {
      bound: (node: Node) => node.lb,
      beats: (lb: number) => this.beats(lb),
      shouldStop: () => this.ctx.shouldStop(),
      process: (node: Node) => {
        const kids = this.process(node);
        return this.stopped ? ("stopped" as const) : kids;
      },
      done,
    };
    const t = depthFirst(root, search);
    this.nodes = t.nodes;
    if (t.stopped) this.stopped = true;
    if (t.done) return { sel: this.ubSel, obj: this.ub, lb: -Infinity, status: "found", nodes: this.nodes };
    let lb = this.ub;
    if (t.stopped) lb = Math.min(this.ub, roundLower(openBound(t.open, search, this.ub, "min"), this.integral));
    return { sel: this.ubSel, obj: this.ub, lb, status: this.stopped ? "stopped" : "optimal", nodes: this.nodes };
  }

  process(node: Node): [Node, Node] | null {
    const { R, C, rc, g, covered } = this;
    const { rptr, ridx, cptr, cidx } = this.p;
    const st = node.st;
    for (let round = 0; round < 2; round++) {
      this.setCovered(st);
      // infeasible node: an uncovered row with no allowed column
      let allCovered = true;
      for (let r = 0; r < R; r++) {
        if (covered[r]) continue;
        allCovered = false;
        let ok = false;
        for (let k = rptr[r]; k < rptr[r + 1]; k++) if (st[ridx[k]] !== 0) {
          ok = true;
          break;
        }
        if (!ok) return null;
      }
      if (allCovered) {
        const sel = new Uint8Array(C);
        for (let c = 0; c < C; c++) sel[c] = st[c] === 1 ? 1 : 0;
        this.offer(sel);
        return null;
      }
      // subgradient, the Lagrangian greedy every 10 iterations
      const root = node.depth === 0 && round === 0;
      if (root && PD_ITERS > 0 && !this.decision) {
        // at most a sixth of the time left (it stops by itself when the value levels off)
        const left = this.ctx.deadline - now();
        const until = Number.isFinite(left) ? now() + left / 6 : Infinity;
        const v = scpPdhg(this.p, st, covered, node.u, rc, PD_ITERS, () => now() >= until || this.ctx.shouldStop());
        this.ctx.debug?.(`  setcover pdhg: bound ${v.toFixed(4)}, ${this.ctx.elapsed().toFixed(2)} s`);
        if (v > node.lb) node.lb = v;
      }
      const u = new Float64Array(node.u);
      let stop = false;
      const sg = scpSubgradient(this.p, st, covered, u, this.ubest, rc, g, {
        maxIter: root ? 1500 : round > 0 ? 80 : 250,
        theta: root ? 2 : 0.5,
        stallLimit: root ? 30 : 10,
        target: () => this.ub,
        visit: (it, L) => {
          if ((it & 15) === 15 && this.ctx.shouldStop()) return (stop = true);
          if (!this.beats(Math.max(L, node.lb))) return true;
          if (it % 10 === 0) {
            this.primal(st, u);
            if (this.decision && this.ubSel) return true;
            if (!this.beats(Math.max(L, node.lb))) return true;
          }
          return false;
        },
      });
      const bestL = sg.value;
      if (sg.iterations > 0) node.u.set(this.ubest);
      if (bestL > node.lb) node.lb = bestL;
      if (stop) {
        this.stopped = true;
        return null;
      }
      if (this.decision && this.ubSel) return null;
      if (root && !this.decision && this.beats(node.lb)) {
        // CFT refinement at the root: a share of the time left for a better cover
        const left = this.ctx.deadline - now();
        const r = scpRefine(this.p, this.ctx, {
          st,
          u: node.u,
          best: () => ({ sel: this.ubSel, cost: this.ub }),
          offer: (sel) => this.offer(sel),
          until: Number.isFinite(left) ? now() + REFINE_SHARE * left : Infinity,
          integral: this.integral,
        });
        this.ctx.debug?.(`  setcover refine: ${r.rounds} rounds, ${r.greedyRuns} greedy runs, ub ${this.ub}, ${this.ctx.elapsed().toFixed(2)} s`);
        // row-weighting local search from the best cover (or the greedy's at the multipliers)
        let start = this.ubSel;
        if (!start && this.greedyAt.run(node.u, st, this.sel) < Infinity) start = this.sel.slice();
        if (start && !this.ctx.timedOut && this.beats(node.lb)) {
          const left2 = this.ctx.deadline - now();
          const w = scpRowWeighting(this.p, this.ctx, {
            st,
            start,
            until: Number.isFinite(left2) ? now() + RWLS_SHARE * left2 : Infinity,
            maxSteps: Number.isFinite(left2) ? Infinity : RWLS_STEPS,
            seed: this.ctx.seed,
            found: (sel) => this.offer(sel),
          });
          this.ctx.debug?.(`  setcover row weighting: ${w.steps} steps, best ${w.best}, ub ${this.ub}, ${this.ctx.elapsed().toFixed(2)} s`);
        }
        if (this.ctx.timedOut) {
          this.stopped = true;
          return null;
        }
      }
      if (node.depth === 0) this.ctx.debug?.(`  setcover root R=${R} C=${C} lb=${bestL.toFixed(4)} ub=${this.ub} round=${round}`);
      if (!this.beats(node.lb)) return null;
      // reduced-cost fixing at the best multipliers
      const L = this.lagr(node.u, st);
      this.primal(st, node.u);
      if (this.decision && this.ubSel) return null;
      if (!this.beats(L)) return null;
      let fixed = 0;
      for (let c = 0; c < C; c++) {
        if (st[c] !== -1) continue;
        if (rc[c] >= 0) {
          if (!this.beats(L + rc[c])) {
            st[c] = 0;
            fixed++;
          }
        } else if (!this.beats(L - rc[c])) {
          st[c] = 1;
          fixed++;
        }
      }
      if (fixed === 0) break;
    }
    // branch: uncovered row with fewest allowed columns; its free column with least reduced cost
    this.setCovered(st);
    this.lagr(node.u, st);
    let br = -1;
    let bl = Infinity;
    for (let r = 0; r < R; r++) {
      if (covered[r]) continue;
      let l = 0;
      for (let k = rptr[r]; k < rptr[r + 1]; k++) if (st[ridx[k]] === -1) l++;
      if (l < bl) {
        bl = l;
        br = r;
      }
    }
    if (br < 0 || bl === 0) return null; // (cannot happen: infeasible rows were caught above)
    let bc = -1;
    for (let k = rptr[br]; k < rptr[br + 1]; k++) {
      const c = ridx[k];
      if (st[c] === -1 && (bc < 0 || rc[c] < rc[bc])) bc = c;
    }
    const mk = (s: number): Node => {
      const cst = st.slice();
      cst[bc] = s;
      return { st: cst, u: node.u.slice(), lb: node.lb, depth: node.depth + 1 };
    };
    return [mk(1), mk(0)];
  }
}

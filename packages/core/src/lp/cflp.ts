import type { CflpModel } from "../cflp/model.js";
import type { CflpSolution } from "../cflp/types.js";
import { maxViolation, ModelBuilder, type LinearModel } from "./model.js";

/** The cflp MIP with its column layout. */
export interface CflpFormulation {
  readonly model: LinearModel;
  /** z_o (option o chosen) is column `z + o`. */
  readonly z: number;
  /** y_j (new site j open, = Σ_o z_o) is column `y + j` (fixed 0 for existing and forbidden sites). */
  readonly y: number;
  /** x_p (pair p: demand point serves from its site) is column `x + p`. */
  readonly x: number;
}

/**
 * The sparse cflp model: assignment variables only for pairs within reach.
 * - z_o ∈ {0,1} per option; y_j = Σ_o z_o ≤ 1 for new sites; Σ_o z_o ≤ 1 for existing sites' expansions;
 * - x_p ∈ {0,1} (single-source) or [0,1] (split); Σ_{p of i} x_p = 1 for every point with demand;
 * - x_p ≤ y_j for new sites (strong linking);
 * - Σ a_i x_p ≤ baseCap_j + Σ_o Q_o z_o (finite capacities), Σ a_i x_p ≥ Σ_o min_o z_o (new sites);
 * - coverage Σ_{p within radius} w_i x_p ≥ target; budget Σ c_o z_o ≤ B;
 * - with `minNewSites` K > 0: Σ_j y_j ≥ K over new sites (a valid row, `newSiteCount` in cflp/site-count.ts);
 * - objective: min Σ c_o z_o + distanceCost Σ w_i d_p x_p + outsideCost Σ_{counted p beyond radius} w_i x_p, or (budget) max Σ_{p within radius} w_i x_p.
 */
export function formulateCflp(md: CflpModel, minNewSites = 0): CflpFormulation {
  const b = new ModelBuilder(md.budget !== null ? "max" : "min");
  const cols = addCflpTo(b, md, "", minNewSites);
  return { model: b.build(), ...cols };
}

/** Where one cflp's columns start in a model built by `addCflpTo` (see `CflpFormulation`). */
export interface CflpColumns {
  readonly z: number;
  readonly y: number;
  readonly x: number;
}

/**
 * Appends the cflp model of `md` (the columns and rows of `formulateCflp`) to an existing builder,
 * e.g. to combine several cflps with shared variables, and returns where its columns start.
 * Column and row block names get `prefix` (e.g. `"s1."`). The builder's sense must be the model's
 * (`max` with a budget, else `min`). `minNewSites` > 0 adds the row Σ_j y_j ≥ minNewSites.
 */
export function addCflpTo(b: ModelBuilder, md: CflpModel, prefix = "", minNewSites = 0): CflpColumns {
  const { n, m, optPtr, optCost, optCap, optMin, pairPtr, pairSite, pairDist, pairCov, sitePairPtr, sitePair, pairDemand } = md;
  const budgetMode = md.budget !== null;
  if (b.sense !== (budgetMode ? "max" : "min")) throw new Error(`internal error: a cflp ${budgetMode ? "with a budget maximises" : "minimises"}, the builder's sense is ${b.sense}`);
  const O = optPtr[m];
  const P = pairSite.length;
  const z = b.addVars(`${prefix}z`, O, { lower: 0, upper: 1, integer: true, cost: budgetMode ? 0 : optCost });
  const y = b.addVars(`${prefix}y`, m, { lower: 0, upper: 1, integer: true });
  for (let j = 0; j < m; j++) if (md.existing[j] || md.closed[j]) b.setBounds(y + j, 0, 0);
  const xCost = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const i = pairDemand[p];
    xCost[p] = budgetMode ? (pairCov[p] ? md.weight[i] : 0) : md.distanceCost * md.weight[i] * pairDist[p] + (md.counted[i] && !pairCov[p] ? md.outsideCost * md.weight[i] : 0);
  }
  const x = b.addVars(`${prefix}x`, P, { lower: 0, upper: 1, integer: md.singleSource, cost: xCost });

  b.rows(`${prefix}assign`);
  for (let i = 0; i < n; i++) {
    if (!md.served[i]) continue;
    for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) b.term(x + p, 1);
    b.endRow(1, 1);
  }
  b.rows(`${prefix}size`);
  for (let j = 0; j < m; j++) {
    if (optPtr[j + 1] === optPtr[j]) continue;
    for (let o = optPtr[j]; o < optPtr[j + 1]; o++) b.term(z + o, 1);
    if (md.existing[j]) b.endRow(-Infinity, 1);
    else b.term(y + j, -1).endRow(0, 0);
  }
  b.rows(`${prefix}link`);
  for (let p = 0; p < P; p++) {
    const j = pairSite[p];
    if (!md.existing[j]) b.term(x + p, 1).term(y + j, -1).endRow(-Infinity, 0);
  }
  b.rows(`${prefix}capacity`);
  for (let j = 0; j < m; j++) {
    let finite = md.existing[j] ? Number.isFinite(md.baseCap[j]) : false;
    for (let o = optPtr[j]; o < optPtr[j + 1]; o++) if (Number.isFinite(optCap[o])) finite = true;
    if (!finite || sitePairPtr[j] === sitePairPtr[j + 1]) continue;
    const total = md.siteUnits[j];
    const base = md.existing[j] ? md.baseCap[j] : 0;
    if (total <= base) continue;
    for (let t = sitePairPtr[j]; t < sitePairPtr[j + 1]; t++) {
      const p = sitePair[t];
      const a = md.units[pairDemand[p]];
      if (a !== 0) b.term(x + p, a);
    }
    for (let o = optPtr[j]; o < optPtr[j + 1]; o++) b.term(z + o, -Math.min(optCap[o], total));
    b.endRow(-Infinity, base);
  }
  b.rows(`${prefix}minimum`);
  for (let j = 0; j < m; j++) {
    if (md.existing[j]) continue;
    let any = false;
    for (let o = optPtr[j]; o < optPtr[j + 1]; o++) if (optMin[o] > 0) any = true;
    if (!any) continue;
    for (let t = sitePairPtr[j]; t < sitePairPtr[j + 1]; t++) {
      const p = sitePair[t];
      const a = md.units[pairDemand[p]];
      if (a !== 0) b.term(x + p, a);
    }
    for (let o = optPtr[j]; o < optPtr[j + 1]; o++) if (optMin[o] > 0) b.term(z + o, -optMin[o]);
    b.endRow(0, Infinity);
  }
  if (md.coverTarget > 0) {
    b.rows(`${prefix}coverage`);
    for (let p = 0; p < P; p++) if (pairCov[p] && md.weight[pairDemand[p]] > 0) b.term(x + p, md.weight[pairDemand[p]]);
    b.endRow(md.coverTarget, Infinity);
  }
  if (budgetMode) {
    b.rows(`${prefix}budget`);
    for (let o = 0; o < O; o++) if (optCost[o] !== 0) b.term(z + o, optCost[o]);
    b.endRow(-Infinity, md.budget as number);
  }
  if (minNewSites > 0) {
    b.rows(`${prefix}count`);
    for (let j = 0; j < m; j++) if (!md.existing[j] && !md.closed[j]) b.term(y + j, 1);
    b.endRow(minNewSites, Infinity);
  }
  return { z, y, x };
}

/** Reads a backend's point back as a cflp solution (options and assignment). */
export function decodeCflp(md: CflpModel, f: CflpColumns, xv: ArrayLike<number>): CflpSolution {
  const { n, m, optPtr, pairPtr, pairSite } = md;
  const option = new Int32Array(m).fill(-1);
  for (let j = 0; j < m; j++) {
    for (let o = optPtr[j]; o < optPtr[j + 1]; o++) if (xv[f.z + o] > 0.5) option[j] = o - optPtr[j];
  }
  const site = new Int32Array(n).fill(-1);
  const share: { site: number; fraction: number }[][] | undefined = md.singleSource ? undefined : [];
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bv = 0;
    const list: { site: number; fraction: number }[] = [];
    let sum = 0;
    for (let p = pairPtr[i]; p < pairPtr[i + 1]; p++) {
      const v = xv[f.x + p];
      if (v > bv) {
        bv = v;
        best = pairSite[p];
      }
      if (share && v > 1e-9) {
        list.push({ site: pairSite[p], fraction: v });
        sum += v;
      }
    }
    site[i] = md.singleSource ? (bv > 0.5 ? best : -1) : best;
    if (share) share.push(sum > 0 ? list.map((e) => ({ site: e.site, fraction: e.fraction / sum })) : []);
  }
  return share ? { option, site, share } : { option, site };
}

/** Writes a solution into a point `xv` at one cflp's columns (sizes, open flags, assignment). */
export function writeCflpSolution(md: CflpModel, cols: CflpColumns, sol: CflpSolution, xv: Float64Array): void {
  for (let j = 0; j < md.m; j++) {
    const k = sol.option[j];
    if (k < 0) continue;
    xv[cols.z + md.optPtr[j] + k] = 1;
    if (!md.existing[j]) xv[cols.y + j] = 1;
  }
  for (let i = 0; i < md.n; i++) {
    for (let p = md.pairPtr[i]; p < md.pairPtr[i + 1]; p++) {
      const j = md.pairSite[p];
      if (sol.share) {
        for (const e of sol.share[i]) if (e.site === j) xv[cols.x + p] = e.fraction;
      } else if (sol.site[i] === j) xv[cols.x + p] = 1;
    }
  }
}

/** A full starting point for the model from a solution; null when it violates the model. */
export function cflpIncumbent(md: CflpModel, f: CflpFormulation, sol: CflpSolution): Float64Array | null {
  const xv = new Float64Array(f.model.numCols);
  writeCflpSolution(md, f, sol, xv);
  return maxViolation(f.model, xv).max <= 1e-7 ? xv : null;
}

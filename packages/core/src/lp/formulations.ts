import { buildCoverage, type Coverage } from "../coverage.js";
import type { Instance } from "../instance.js";
import type { Scenario } from "../scenario.js";
import { maxViolation, ModelBuilder, type LinearModel } from "./model.js";

export type MipProblemType = "lscp" | "mclp" | "pmedian" | "pcenter";

/**
 * A per-capita standard: demand units = (`of` value) × units / per. `{ per: 1000, units: 0.45,
 * of: "weight" }` reads "0.45 units per 1,000 of weight" (e.g. GPs per 1,000 residents).
 */
export interface PerCapitaStandard {
  per: number;
  units: number;
  /** `weight`, or a demand field whose values are given in `CapacitySpec.base`. */
  of: string;
}

/** One size a site may be opened at: its opening cost and its capacity in demand units. */
export interface SizeModule {
  cost: number;
  capacity: number;
  name?: string;
}

/**
 * Capacities, single-source: every served demand point i is assigned to exactly one open site, and
 * the units assigned to site j stay within its capacity.
 */
export interface CapacitySpec {
  /** Capacity Q_j per site in demand units; `Infinity` (or no array) means unlimited. Used for sites without modules. */
  site?: ArrayLike<number>;
  /** Demand units a_i per demand point. Default: from `standard`, else the weight itself. */
  demand?: ArrayLike<number>;
  /** Turns weight (or `base`) into demand units when `demand` is not given. */
  standard?: PerCapitaStandard;
  /** The values the standard counts (its `of` field) per demand point, when `of` is not `weight`. */
  base?: ArrayLike<number>;
  /**
   * Size modules: one list for every candidate (non-existing) site, or one list per site (an empty
   * list: that site has no modules and uses `site[j]` and its own cost). A site with modules opens
   * at exactly one of them and pays that module's cost instead of its own (`site[j]` is ignored
   * for it). Existing sites never use modules (they are open at their `site[j]` capacity).
   */
  modules?: readonly SizeModule[] | readonly (readonly SizeModule[])[];
}

/**
 * What to formulate. Mirrors `Problem` (see problem.ts) plus the options the exact models add.
 * - `lscp`: min number of sites (or their cost, see `objective`) covering every demand point with
 *   weight > 0 within `radius`; capacitated: every demand unit is served within `radius`.
 * - `mclp`: max weight within `radius` of an open site (capacitated: weight of the demand served,
 *   within the radius and within capacity), with `p` and/or `budget`.
 * - `pmedian`: min Σ w_i·d(i, site of i), with `p` and/or `budget`; capacitated: assignment need not
 *   be to the nearest site.
 * - `pcenter`: min max d(i, nearest open site) over weight > 0, with `p` (no capacities).
 * Existing sites (`Instance.existing`) are fixed open and count toward p; their cost is sunk.
 * `forbidden` sites are fixed closed.
 */
export interface MipSpec {
  type: MipProblemType;
  p?: number;
  radius?: number;
  budget?: number;
  /** LSCP objective; default `cost` when the instance has costs or modules are given, else `count` (as `evaluate()`). */
  objective?: "count" | "cost";
  /** Site indices fixed closed. */
  forbidden?: ArrayLike<number>;
  capacity?: CapacitySpec;
}

/** A model emitted from an instance and a spec, with the column layout needed to read it back. */
export interface Formulation {
  readonly model: LinearModel;
  readonly spec: MipSpec;
  readonly n: number;
  readonly m: number;
  /** y_j (site j open) is column `y + j`. */
  readonly y: number;
  /** Assignment columns: for demand i, entries k in `xPtr[i] .. xPtr[i+1]` are site `xSite[k]` at column `x + k`; null when the model has none. */
  readonly xPtr: Int32Array | null;
  readonly xSite: Int32Array | null;
  readonly x: number;
  /** Coverage columns u_i (uncapacitated MCLP) per demand point, -1 when absent; null otherwise. */
  readonly u: Int32Array | null;
  /** The p-center radius column, or -1. */
  readonly d: number;
  /** Per site: first module column z_jk and the modules; `zCount[j]` = 0 for sites without modules. */
  readonly zStart: Int32Array | null;
  readonly zCount: Int32Array | null;
  readonly modules: readonly (readonly SizeModule[])[] | null;
  /** Demand units a_i (capacitated models), else null. */
  readonly units: Float64Array | null;
  /** Capacity per site when opened without modules (capacitated models), else null. */
  readonly siteCapacity: Float64Array | null;
  /** 1 for demand points that must be / may be served by the model. */
  readonly served: Uint8Array;
  readonly coverage: Coverage | null;
}

/** Why a spec cannot be satisfied, found before any solver runs. */
export interface Infeasibility {
  kind: "conflict" | "p" | "unreachable" | "oversize" | "capacity" | "budget";
  message: string;
  /** Demand point indices concerned (unreachable / oversize). */
  demand?: number[];
  /** Site indices concerned (conflict). */
  sites?: number[];
  /** Capacity shortfall: units required, available, and the difference. */
  required?: number;
  available?: number;
  shortfall?: number;
}

export interface PreCheck {
  feasible: boolean;
  reasons: Infeasibility[];
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000));

function listIdx(ix: number[], name: (i: number) => string): string {
  const shown = ix.slice(0, 10).map(name).join(", ");
  return ix.length > 10 ? `${shown}, …` : shown;
}

/** Demand units a_i for a spec (capacitated), from `demand`, the standard, or the weight. */
export function demandUnits(inst: Instance, cap: CapacitySpec): Float64Array {
  const a = new Float64Array(inst.n);
  for (let i = 0; i < inst.n; i++) {
    if (cap.demand) a[i] = cap.demand[i];
    else if (cap.standard) a[i] = ((cap.base ? cap.base[i] : inst.weight[i]) * cap.standard.units) / cap.standard.per;
    else a[i] = inst.weight[i];
  }
  return a;
}

function moduleLists(inst: Instance, cap: CapacitySpec): (readonly SizeModule[])[] | null {
  const mods = cap.modules;
  if (!mods || mods.length === 0) return null;
  const perSite = Array.isArray(mods[0]);
  if (perSite && mods.length !== inst.m) throw new Error(`capacity.modules has ${mods.length} lists, expected one per site (${inst.m})`);
  const out: (readonly SizeModule[])[] = [];
  for (let j = 0; j < inst.m; j++) {
    const list = perSite ? (mods as readonly (readonly SizeModule[])[])[j] : (mods as readonly SizeModule[]);
    out.push(inst.existing[j] ? [] : list);
  }
  return out;
}

interface Prepared {
  closed: Uint8Array;
  units: Float64Array | null;
  capOf: Float64Array | null;
  maxCap: Float64Array | null;
  modules: (readonly SizeModule[])[] | null;
  served: Uint8Array;
  coverage: Coverage | null;
}

function checkSpec(inst: Instance, spec: MipSpec): void {
  const bad = (msg: string) => {
    throw new Error(`invalid MIP spec: ${msg}`);
  };
  if (!["lscp", "mclp", "pmedian", "pcenter"].includes(spec.type)) bad(`unknown type ${spec.type}`);
  if ((spec.type === "lscp" || spec.type === "mclp") && !(spec.radius !== undefined && spec.radius >= 0)) bad(`${spec.type} needs a radius ≥ 0`);
  if (spec.p !== undefined && !(Number.isInteger(spec.p) && spec.p >= 0)) bad(`p must be an integer ≥ 0, got ${spec.p}`);
  if (spec.budget !== undefined && !(spec.budget >= 0)) bad(`budget must be ≥ 0, got ${spec.budget}`);
  if (spec.type === "pcenter" && spec.capacity) bad("capacities are not supported for pcenter");
  const cap = spec.capacity;
  if (cap) {
    if (cap.site && cap.site.length !== inst.m) bad(`capacity.site has ${cap.site.length} entries, expected ${inst.m}`);
    if (cap.demand && cap.demand.length !== inst.n) bad(`capacity.demand has ${cap.demand.length} entries, expected ${inst.n}`);
    if (cap.standard && !(cap.standard.per > 0 && cap.standard.units >= 0)) bad("capacity.standard must be {per > 0, units ≥ 0, of}");
    if (cap.standard && cap.standard.of !== "weight" && !cap.demand && !(cap.base && cap.base.length === inst.n))
      bad(`capacity.standard counts "${cap.standard.of}": give its values per demand point in capacity.base`);
    if (cap.base) for (let i = 0; i < inst.n; i++) if (!(cap.base[i] >= 0 && Number.isFinite(cap.base[i]))) bad(`capacity.base[${i}] must be a finite number ≥ 0, got ${cap.base[i]}`);
    if (cap.site) for (let j = 0; j < inst.m; j++) if (!(cap.site[j] >= 0)) bad(`capacity.site[${j}] must be ≥ 0, got ${cap.site[j]}`);
    if (cap.demand) for (let i = 0; i < inst.n; i++) if (!(cap.demand[i] >= 0 && Number.isFinite(cap.demand[i]))) bad(`capacity.demand[${i}] must be a finite number ≥ 0, got ${cap.demand[i]}`);
    const mods = cap.modules ?? [];
    const flat: SizeModule[] = Array.isArray(mods[0]) ? (mods as SizeModule[][]).flat() : (mods as SizeModule[]);
    for (const md of flat) if (!(md.cost >= 0 && Number.isFinite(md.cost) && md.capacity >= 0)) bad(`a module needs a finite cost ≥ 0 and a capacity ≥ 0, got ${JSON.stringify(md)}`);
  }
  if (spec.forbidden) for (const j of Array.from(spec.forbidden)) if (!(Number.isInteger(j) && j >= 0 && j < inst.m)) bad(`forbidden site index ${j} out of range`);
}

function prepare(inst: Instance, spec: MipSpec): Prepared {
  checkSpec(inst, spec);
  const { n, m } = inst;
  const closed = new Uint8Array(m);
  if (spec.forbidden) for (const j of Array.from(spec.forbidden)) closed[j] = 1;
  const cap = spec.capacity;
  let units: Float64Array | null = null;
  let capOf: Float64Array | null = null;
  let maxCap: Float64Array | null = null;
  let modules: (readonly SizeModule[])[] | null = null;
  if (cap) {
    units = demandUnits(inst, cap);
    modules = moduleLists(inst, cap);
    capOf = new Float64Array(m);
    maxCap = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      capOf[j] = cap.site ? cap.site[j] : Infinity;
      const mods = modules?.[j];
      if (mods && mods.length) {
        let mx = 0;
        for (const md of mods) mx = Math.max(mx, md.capacity);
        maxCap[j] = mx;
      } else maxCap[j] = capOf[j];
    }
  }
  const served = new Uint8Array(n);
  for (let i = 0; i < n; i++) served[i] = inst.weight[i] > 0 || (units !== null && units[i] > 0) ? 1 : 0;
  // with sparse costs, p-median and p-center may assign a point only to the sites its row lists
  const coverage = spec.type === "lscp" || spec.type === "mclp" ? buildCoverage(inst, spec.radius as number) : inst.sparse ? buildCoverage(inst, Infinity) : null;
  return { closed, units, capOf, maxCap, modules, served, coverage };
}

/** Sites demand i may be assigned to: within the radius (coverage models) or all; open-able and big enough. */
function candidates(inst: Instance, spec: MipSpec, pr: Prepared, i: number, out: number[]): number[] {
  out.length = 0;
  const push = (j: number) => {
    if (pr.closed[j] && !inst.existing[j]) return;
    if (pr.units && pr.maxCap && pr.units[i] > pr.maxCap[j]) return;
    out.push(j);
  };
  if (pr.coverage) {
    const c = pr.coverage.byDemand;
    for (let k = c.ptr[i]; k < c.ptr[i + 1]; k++) push(c.idx[k]);
  } else for (let j = 0; j < inst.m; j++) push(j);
  return out;
}

/**
 * Reports, before any solver runs, why a spec cannot be satisfied: an existing site that is also
 * forbidden; more existing sites than p; demand points that must be served but have no open-able
 * site within the radius (or none big enough for their units); total capacity — of all sites, or of
 * the p largest — below total demand, with the shortfall in units; a budget that cannot open any
 * site when one is needed. Passing is necessary, not sufficient, for feasibility.
 */
export function precheck(inst: Instance, spec: MipSpec, names?: { demand?: (i: number) => string; site?: (j: number) => string }): PreCheck {
  const pr = prepare(inst, spec);
  const dn = names?.demand ?? ((i: number) => `#${i}`);
  const sn = names?.site ?? ((j: number) => `#${j}`);
  const reasons: Infeasibility[] = [];
  const { n, m } = inst;
  const conflict: number[] = [];
  let existing = 0;
  for (let j = 0; j < m; j++) {
    if (inst.existing[j]) {
      existing++;
      if (pr.closed[j]) conflict.push(j);
    }
  }
  if (conflict.length)
    reasons.push({ kind: "conflict", sites: conflict, message: `${conflict.length} existing site${conflict.length > 1 ? "s are" : " is"} also forbidden: ${listIdx(conflict, sn)}` });
  if (spec.p !== undefined && existing > spec.p)
    reasons.push({ kind: "p", message: `${existing} existing sites stay open, more than p = ${spec.p}` });

  const mustServe = spec.type !== "mclp";
  const unreachable: number[] = [];
  const oversize: number[] = [];
  let required = 0;
  const cand: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!pr.served[i]) continue;
    if (pr.units) required += pr.units[i];
    if (!mustServe) continue;
    if (candidates(inst, spec, pr, i, cand).length > 0) continue;
    // none: because of the radius (or closures) or because of capacity?
    if (pr.units) {
      const saved = pr.units[i];
      pr.units[i] = 0;
      const reach = candidates(inst, spec, pr, i, cand).length;
      pr.units[i] = saved;
      if (reach > 0) {
        oversize.push(i);
        continue;
      }
    }
    unreachable.push(i);
  }
  if (unreachable.length) {
    const where = spec.radius !== undefined && pr.coverage ? ` within radius ${spec.radius}` : "";
    reasons.push({
      kind: "unreachable",
      demand: unreachable,
      message: `${unreachable.length} demand point${unreachable.length > 1 ? "s have" : " has"} no site${where} that may open: ${listIdx(unreachable, dn)}`,
    });
  }
  if (oversize.length && pr.units) {
    const u = pr.units;
    reasons.push({
      kind: "oversize",
      demand: oversize,
      message: `${oversize.length} demand point${oversize.length > 1 ? "s need" : " needs"} more units than any site in reach can hold (single sourcing): ${listIdx(oversize, (i) => `${dn(i)} (${fmt(u[i])} units)`)}`,
    });
  }
  if (pr.units && pr.maxCap && mustServe) {
    // capacity of every site that may open, and of the best p of them (existing ones always open)
    const caps: number[] = [];
    let existingCap = 0;
    for (let j = 0; j < m; j++) {
      if (inst.existing[j]) existingCap += pr.capOf ? pr.capOf[j] : 0;
      else if (!pr.closed[j]) caps.push(pr.maxCap[j]);
    }
    caps.sort((a, b) => b - a);
    let all = existingCap;
    for (const c of caps) all += c;
    let withP = all;
    if (spec.p !== undefined) {
      withP = existingCap;
      for (let k = 0; k < Math.min(caps.length, spec.p - existing); k++) withP += caps[k];
    }
    const available = Math.min(all, withP);
    if (available < required * (1 - 1e-12) - 1e-9) {
      const limit = withP < all ? ` with at most p = ${spec.p} sites open` : "";
      reasons.push({
        kind: "capacity",
        required,
        available,
        shortfall: required - available,
        message: `total capacity${limit} is ${fmt(available)} units, below the total demand of ${fmt(required)} units: short by ${fmt(required - available)} units`,
      });
    }
  }
  if (spec.type !== "mclp") {
    // a site must open: is any affordable?
    let can = existing > 0;
    if (!can && (spec.p === undefined || spec.p > 0)) {
      for (let j = 0; j < m && !can; j++) {
        if (pr.closed[j]) continue;
        const mods = pr.modules?.[j];
        const c = mods && mods.length ? Math.min(...mods.map((md) => md.cost)) : inst.cost[j];
        if (spec.budget === undefined || c <= spec.budget * (1 + 1e-12) + 1e-9) can = true;
      }
    }
    if (!can) {
      const why = spec.p === 0 ? "p = 0" : spec.budget !== undefined ? `no site fits the budget ${spec.budget}` : "every site is forbidden";
      reasons.push({ kind: "budget", message: `a site must open to serve demand, but ${why} and none exists` });
    }
  }
  return { feasible: reasons.length === 0, reasons };
}

/**
 * Emits the MIP for a spec. Variables: y_j ∈ {0,1} (site open; existing fixed at 1, forbidden at 0);
 * z_jk ∈ {0,1} (site j opened at module k, Σ_k z_jk = y_j); x_ij (demand i assigned to site j:
 * continuous in uncapacitated models, binary when single-sourced); u_i ∈ [0,1] (MCLP covered); D ≥ 0
 * (p-center). Assignment models use the strong linking x_ij ≤ y_j. Throws on an invalid spec or an
 * existing site that is also forbidden (see `precheck`).
 */
export function formulate(inst: Instance, spec: MipSpec): Formulation {
  const pr = prepare(inst, spec);
  const { n, m } = inst;
  for (let j = 0; j < m; j++) if (inst.existing[j] && pr.closed[j]) throw new Error(`site ${j} is both existing and forbidden`);
  const capacitated = pr.units !== null;
  const type = spec.type;
  const sense = type === "mclp" ? "max" : "min";
  const b = new ModelBuilder(sense);
  const costObjective = type === "lscp" && (spec.objective ?? (inst.hasCosts || pr.modules ? "cost" : "count")) === "cost";

  // y
  const y = b.addVars("y", m, { lower: 0, upper: 1, integer: true });
  for (let j = 0; j < m; j++) {
    if (inst.existing[j]) b.setBounds(y + j, 1, 1);
    else if (pr.closed[j]) b.setBounds(y + j, 0, 0);
    if (type === "lscp") b.setCost(y + j, costObjective ? inst.cost[j] : 1);
  }
  // z (modules)
  let zStart: Int32Array | null = null;
  let zCount: Int32Array | null = null;
  if (pr.modules) {
    zStart = new Int32Array(m).fill(-1);
    zCount = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      const mods = pr.modules[j];
      if (!mods.length) continue;
      const closed = pr.closed[j] === 1;
      zStart[j] = b.addVars(`z${j}`, mods.length, { lower: 0, upper: closed ? 0 : 1, integer: true });
      zCount[j] = mods.length;
      if (type === "lscp" && costObjective) {
        // the module's cost replaces the site's
        b.setCost(y + j, 0);
        for (let k = 0; k < mods.length; k++) b.setCost(zStart[j] + k, mods[k].cost);
      }
    }
  }
  const costTerms = (): void => {
    for (let j = 0; j < m; j++) {
      if (zCount && zCount[j] > 0) {
        const mods = (pr.modules as (readonly SizeModule[])[])[j];
        for (let k = 0; k < mods.length; k++) b.term((zStart as Int32Array)[j] + k, mods[k].cost);
      } else if (!inst.existing[j]) b.term(y + j, inst.cost[j]);
    }
  };

  // assignment variables
  let xPtr: Int32Array | null = null;
  let xSite: Int32Array | null = null;
  let x = -1;
  let u: Int32Array | null = null;
  let d = -1;
  const cand: number[] = [];
  const needX = capacitated || type === "pmedian" || type === "pcenter";
  if (needX) {
    xPtr = new Int32Array(n + 1);
    const sites: number[] = [];
    for (let i = 0; i < n; i++) {
      if (pr.served[i]) for (const j of candidates(inst, spec, pr, i, cand)) sites.push(j);
      xPtr[i + 1] = sites.length;
    }
    xSite = Int32Array.from(sites);
    const cost = new Float64Array(sites.length);
    if (type === "pmedian" || type === "mclp") {
      for (let i = 0; i < n; i++) {
        for (let k = xPtr[i]; k < xPtr[i + 1]; k++) cost[k] = type === "pmedian" ? inst.weight[i] * inst.dist(i, xSite[k]) : inst.weight[i];
      }
    }
    x = b.addVars("x", sites.length, { lower: 0, upper: 1, integer: capacitated, cost });
    for (let k = 0; k < sites.length; k++) if (b.upperOf(y + xSite[k]) === 0) b.setBounds(x + k, 0, 0);
    // each served demand point: assigned once (MCLP: at most once)
    b.rows("assign");
    for (let i = 0; i < n; i++) {
      if (!pr.served[i]) continue;
      for (let k = xPtr[i]; k < xPtr[i + 1]; k++) b.term(x + k, 1);
      if (type === "mclp") b.endRow(-Infinity, 1);
      else b.endRow(1, 1);
    }
    b.rows("link");
    for (let k = 0; k < sites.length; k++) b.term(x + k, 1).term(y + xSite[k], -1).endRow(-Infinity, 0);
    if (capacitated) {
      const units = pr.units as Float64Array;
      // Σ_i a_i x_ij ≤ Q_j y_j (or Σ_k Q_k z_jk): gather each site's assignment columns
      const cnt = new Int32Array(m + 1);
      for (let k = 0; k < sites.length; k++) cnt[xSite[k] + 1]++;
      for (let j = 0; j < m; j++) cnt[j + 1] += cnt[j];
      const fill = cnt.slice(0, m);
      const byCol = new Int32Array(sites.length);
      const byUnits = new Float64Array(sites.length);
      for (let i = 0; i < n; i++) {
        for (let k = xPtr[i]; k < xPtr[i + 1]; k++) {
          const p = fill[xSite[k]]++;
          byCol[p] = x + k;
          byUnits[p] = units[i];
        }
      }
      b.rows("cap");
      for (let j = 0; j < m; j++) {
        const hasMods = zCount !== null && zCount[j] > 0;
        const Q = (pr.capOf as Float64Array)[j];
        if (!hasMods && !Number.isFinite(Q)) continue;
        let load = 0;
        for (let p = cnt[j]; p < cnt[j + 1]; p++) load += byUnits[p];
        if (load === 0) continue;
        for (let p = cnt[j]; p < cnt[j + 1]; p++) if (byUnits[p] !== 0) b.term(byCol[p], byUnits[p]);
        if (hasMods) {
          const mods = (pr.modules as (readonly SizeModule[])[])[j];
          for (let k = 0; k < mods.length; k++) b.term((zStart as Int32Array)[j] + k, -mods[k].capacity);
        } else b.term(y + j, -Q);
        b.endRow(-Infinity, 0);
      }
    }
    if (type === "pcenter") {
      d = b.addVars("D", 1, { lower: 0, upper: Infinity, cost: 1 });
      b.rows("radius");
      for (let i = 0; i < n; i++) {
        if (!(inst.weight[i] > 0)) continue;
        b.term(d, 1);
        for (let k = xPtr[i]; k < xPtr[i + 1]; k++) b.term(x + k, -inst.dist(i, xSite[k]));
        b.endRow(0, Infinity);
      }
    }
  } else if (type === "lscp") {
    const cov = pr.coverage as Coverage;
    b.rows("cover");
    for (let i = 0; i < n; i++) {
      if (!pr.served[i]) continue;
      for (const j of candidates(inst, spec, pr, i, cand)) b.term(y + j, 1);
      b.endRow(1, Infinity);
    }
    void cov;
  } else if (type === "mclp") {
    u = new Int32Array(n).fill(-1);
    const rowsI: number[] = [];
    for (let i = 0; i < n; i++) if (inst.weight[i] > 0 && candidates(inst, spec, pr, i, cand).length > 0) rowsI.push(i);
    const u0 = b.addVars("u", rowsI.length, { lower: 0, upper: 1, cost: rowsI.map((i) => inst.weight[i]) });
    b.rows("cover");
    rowsI.forEach((i, k) => {
      (u as Int32Array)[i] = u0 + k;
      b.term(u0 + k, 1);
      for (const j of candidates(inst, spec, pr, i, cand)) b.term(y + j, -1);
      b.endRow(-Infinity, 0);
    });
  }

  // modules: y_j = Σ_k z_jk
  if (zCount) {
    b.rows("size");
    for (let j = 0; j < m; j++) {
      if (zCount[j] === 0) continue;
      b.term(y + j, 1);
      for (let k = 0; k < zCount[j]; k++) b.term((zStart as Int32Array)[j] + k, -1);
      b.endRow(0, 0);
    }
  }
  // p, budget, at least one site
  if (spec.p !== undefined) {
    b.rows("p");
    for (let j = 0; j < m; j++) b.term(y + j, 1);
    b.endRow(-Infinity, spec.p);
  }
  if (spec.budget !== undefined) {
    b.rows("budget");
    costTerms();
    b.endRow(-Infinity, spec.budget);
  }
  if (type !== "mclp") {
    b.rows("open");
    for (let j = 0; j < m; j++) b.term(y + j, 1);
    b.endRow(1, Infinity);
  }
  return {
    model: b.build(),
    spec,
    n,
    m,
    y,
    xPtr,
    xSite,
    x,
    u,
    d,
    zStart,
    zCount,
    modules: pr.modules,
    units: pr.units,
    siteCapacity: pr.capOf,
    served: pr.served,
    coverage: pr.coverage,
  };
}

/** A solution read back in the instance's terms. */
export interface DecodedSolution {
  /** Open site indices, ascending (existing included). */
  open: number[];
  /** Per site: 1 when open. */
  isOpen: Uint8Array;
  /** Per site: the module index it opened at, or -1 (closed, or no modules). */
  size: Int32Array;
  /**
   * Per demand point: its site, or -1 (not served). Capacitated models: the solver's assignment.
   * Uncapacitated: the nearest open site (ties → lowest index), as `evaluate()` assigns; for MCLP
   * only when within the radius.
   */
  assignment: Int32Array;
  /** Per site: demand units assigned (capacitated) or weight assigned (uncapacitated). */
  load: Float64Array;
  /** Total opening cost of the new (non-existing) open sites, module costs included. */
  cost: number;
  /** The objective recomputed from the instance (not from the solver): see `MipSpec`. */
  objective: number;
}

/** Maps a backend's point back to open sites, sizes and the assignment, and recomputes the objective. */
export function decodeSolution(inst: Instance, f: Formulation, xv: ArrayLike<number>): DecodedSolution {
  const { n, m } = f;
  const isOpen = new Uint8Array(m);
  const open: number[] = [];
  const size = new Int32Array(m).fill(-1);
  let cost = 0;
  for (let j = 0; j < m; j++) {
    if (xv[f.y + j] > 0.5) {
      isOpen[j] = 1;
      open.push(j);
      if (f.zCount && f.zStart && f.modules && f.zCount[j] > 0) {
        for (let k = 0; k < f.zCount[j]; k++) if (xv[f.zStart[j] + k] > 0.5) size[j] = k;
        if (size[j] >= 0) cost += f.modules[j][size[j]].cost;
      } else if (!inst.existing[j]) cost += inst.cost[j];
    }
  }
  const assignment = new Int32Array(n).fill(-1);
  const load = new Float64Array(m);
  const capacitated = f.units !== null;
  if (capacitated && f.xPtr && f.xSite) {
    for (let i = 0; i < n; i++) {
      for (let k = f.xPtr[i]; k < f.xPtr[i + 1]; k++) {
        if (xv[f.x + k] > 0.5) {
          assignment[i] = f.xSite[k];
          load[f.xSite[k]] += (f.units as Float64Array)[i];
        }
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      let best = -1;
      let bd = Infinity;
      for (const j of open) {
        const dd = inst.dist(i, j);
        if (dd < bd) {
          bd = dd;
          best = j;
        }
      }
      if (best >= 0 && f.spec.type === "mclp" && bd > (f.spec.radius as number)) best = -1;
      assignment[i] = best;
      if (best >= 0) load[best] += inst.weight[i];
    }
  }
  let objective = 0;
  switch (f.spec.type) {
    case "lscp": {
      const costObjective = (f.spec.objective ?? (inst.hasCosts || f.modules ? "cost" : "count")) === "cost";
      objective = costObjective ? cost : open.length;
      break;
    }
    case "mclp":
      for (let i = 0; i < n; i++) if (assignment[i] >= 0) objective += inst.weight[i];
      break;
    case "pmedian":
      for (let i = 0; i < n; i++) if (assignment[i] >= 0) objective += inst.weight[i] * inst.dist(i, assignment[i]);
      break;
    case "pcenter":
      for (let i = 0; i < n; i++) if (inst.weight[i] > 0 && assignment[i] >= 0) objective = Math.max(objective, inst.dist(i, assignment[i]));
      break;
  }
  return { open, isOpen, size, assignment, load, cost, objective };
}

/**
 * A full starting point for the model from a set of open sites (e.g. a heuristic's answer), for
 * backends that accept one. Uncapacitated: nearest-site assignment. Capacitated: a greedy
 * assignment (largest demand first, to the nearest open site with room) and, with modules, the
 * smallest module that holds each site's load. Returns null when the point is not feasible.
 */
export function incumbentFromOpen(inst: Instance, f: Formulation, open: ArrayLike<number>): Float64Array | null {
  const { n, m, model } = f;
  const xv = new Float64Array(model.numCols);
  for (let j = 0; j < m; j++) xv[f.y + j] = open[j] ? 1 : 0;
  const sites: number[] = [];
  for (let j = 0; j < m; j++) if (open[j]) sites.push(j);
  const type = f.spec.type;
  if (f.units && f.xPtr && f.xSite) {
    const units = f.units;
    const xPtr: Int32Array = f.xPtr;
    const xSite: Int32Array = f.xSite;
    const room = new Float64Array(m);
    for (const j of sites) {
      if (f.zCount && f.modules && f.zCount[j] > 0) room[j] = Math.max(...f.modules[j].map((md) => md.capacity));
      else room[j] = (f.siteCapacity as Float64Array)[j];
    }
    const order = Array.from({ length: n }, (_, i) => i).filter((i) => f.served[i]);
    order.sort((a, b) => units[b] - units[a] || a - b);
    const load = new Float64Array(m);
    for (const i of order) {
      let bestK = -1;
      let bd = Infinity;
      for (let k = xPtr[i]; k < xPtr[i + 1]; k++) {
        const j = xSite[k];
        if (!open[j] || units[i] > room[j] - load[j] + 1e-9) continue;
        const dd = inst.dist(i, j);
        if (dd < bd) {
          bd = dd;
          bestK = k;
        }
      }
      if (bestK < 0) {
        if (type === "mclp") continue;
        return null;
      }
      xv[f.x + bestK] = 1;
      load[xSite[bestK]] += units[i];
    }
    if (f.zCount && f.zStart && f.modules) {
      for (const j of sites) {
        if (f.zCount[j] === 0) continue;
        let pick = -1;
        f.modules[j].forEach((md, k) => {
          if (md.capacity >= load[j] - 1e-9 && (pick < 0 || md.cost < f.modules![j][pick].cost)) pick = k;
        });
        if (pick < 0) return null;
        xv[f.zStart[j] + pick] = 1;
      }
    }
  } else {
    const nearest = new Int32Array(n).fill(-1);
    const nd = new Float64Array(n).fill(Infinity);
    for (let i = 0; i < n; i++) {
      for (const j of sites) {
        const dd = inst.dist(i, j);
        if (dd < nd[i]) {
          nd[i] = dd;
          nearest[i] = j;
        }
      }
    }
    if (f.xPtr && f.xSite) {
      for (let i = 0; i < n; i++) {
        for (let k = f.xPtr[i]; k < f.xPtr[i + 1]; k++) {
          if (f.xSite[k] === nearest[i]) {
            xv[f.x + k] = 1;
            break;
          }
        }
      }
    }
    if (f.u) {
      for (let i = 0; i < n; i++) if (f.u[i] >= 0 && nearest[i] >= 0 && nd[i] <= (f.spec.radius as number)) xv[f.u[i]] = 1;
    }
    if (f.d >= 0) {
      let mx = 0;
      for (let i = 0; i < n; i++) if (inst.weight[i] > 0) mx = Math.max(mx, nd[i]);
      xv[f.d] = mx;
    }
    if (f.zCount && f.zStart && f.modules) {
      for (const j of sites) {
        if (f.zCount[j] === 0) continue;
        let pick = 0;
        f.modules[j].forEach((md, k) => {
          if (md.cost < f.modules![j][pick].cost) pick = k;
        });
        xv[f.zStart[j] + pick] = 1;
      }
    }
  }
  return maxViolation(model, xv).max <= 1e-9 ? xv : null;
}

/**
 * The capacity part of a spec from a scenario: site capacities (`Infinity` where a site has none),
 * per-site module lists (a site's own `modules`, else `modules` for candidate sites; none for
 * existing sites), and, for a standard that counts a demand field other than `weight`, that
 * field's values.
 */
export function capacityFromScenario(s: Scenario, o: { standard?: PerCapitaStandard | undefined; modules?: readonly SizeModule[] | undefined } = {}): CapacitySpec {
  const cap: CapacitySpec = {
    site: Float64Array.from(s.sites, (t) => t.capacity ?? Infinity),
  };
  const own = s.sites.some((t) => t.modules && t.modules.length);
  if (own || (o.modules && o.modules.length)) {
    cap.modules = s.sites.map((t) => (t.existing ? [] : ((t as { modules?: readonly SizeModule[] }).modules ?? o.modules ?? [])));
  }
  if (o.standard) {
    cap.standard = o.standard;
    if (o.standard.of !== "weight") {
      const f = o.standard.of;
      cap.base = Float64Array.from(s.demand, (d) => Number(d.properties[f]));
    }
  }
  return cap;
}

/**
 * A spec from a validated scenario and problem (the shape `parseProblem` returns): forbidden sites
 * from the scenario, and for a capacitated problem the capacities, modules and standard via
 * `capacityFromScenario`.
 */
export function specFromProblem(
  s: Scenario,
  problem: {
    type: MipProblemType | "cflp" | "attendance" | "pdispersion";
    p?: number;
    radius?: number;
    budget?: number;
    capacitated?: boolean;
    standard?: PerCapitaStandard;
    modules?: readonly SizeModule[];
    objective?: "count" | "cost";
  },
): MipSpec {
  if (problem.type === "cflp") throw new Error("cflp has its own formulation (formulateCflp in lp/cflp.ts)");
  if (problem.type === "attendance" || problem.type === "pdispersion") throw new Error("the variants have their own formulations (variants/solve.ts)");
  const spec: MipSpec = { type: problem.type };
  if (problem.p !== undefined) spec.p = problem.p;
  if (problem.radius !== undefined) spec.radius = problem.radius;
  if (problem.budget !== undefined) spec.budget = problem.budget;
  if (problem.objective !== undefined) spec.objective = problem.objective;
  const forbidden: number[] = [];
  s.sites.forEach((t, j) => {
    if ((t as { forbidden?: boolean }).forbidden) forbidden.push(j);
  });
  if (forbidden.length) spec.forbidden = forbidden;
  if (problem.capacitated) spec.capacity = capacityFromScenario(s, { standard: problem.standard, modules: problem.modules });
  return spec;
}

import { IssueList } from "./errors.js";
import type { Metric } from "./geo.js";
import { isSparseCosts, keepSparseSites, type SparseScenarioCosts } from "./sparse-costs.js";

/** A demand point after validation. `x`/`y` hold lon/lat (degrees) when `coords` is `"lonlat"`. */
export interface DemandPoint {
  id: string;
  x: number;
  y: number;
  weight: number;
  /** The input's own extra fields, passed through to outputs untouched. */
  properties: Record<string, unknown>;
}

/** One size a site may be opened at: its opening cost and its capacity in demand units. */
export interface SizeModule {
  name?: string;
  cost: number;
  capacity: number;
  /** cflp: the least load (demand units) a new site opened at this size must serve; overrides `minUse`. */
  min?: number;
}

/** A candidate (or existing) site after validation. */
export interface SitePoint {
  id: string;
  x: number;
  y: number;
  /** Opening cost; `undefined` when the scenario has no costs. Existing sites' cost is sunk. */
  cost?: number;
  /** Capacity in demand units (used by capacitated models). */
  capacity?: number;
  /** Sizes this site may be opened at (at most one); each has its own cost and capacity. */
  modules?: SizeModule[];
  /** An existing facility: always open, counts toward p, its cost is not charged to a budget. */
  existing: boolean;
  /** Fixed closed: never opened by any solver (e.g. a site the plan rules out). */
  forbidden: boolean;
  properties: Record<string, unknown>;
}

export type CoordinateSystem = "xy" | "lonlat" | "none";

/**
 * A validated scenario. Build one with `parseScenario` (JSON / GeoJSON / object) or
 * `readOrlibPmedian`; never by hand, so every solver can trust it.
 */
export interface Scenario {
  readonly kind: "siting.scenario";
  name?: string;
  demand: DemandPoint[];
  sites: SitePoint[];
  /** `none` when only a cost matrix is given (coordinates are then placeholders, 0). */
  coords: CoordinateSystem;
  metric: Metric;
  /**
   * Explicit demand × site costs; override coordinates. Dense: row-major (`costs[i * m + j]`).
   * Sparse (`isSparseCosts`): per demand point its reachable sites sorted by cost, a pair not
   * listed being unreachable (cost Infinity) — from `costs: {demand, site, value}` triples or a road
   * network (`withNetworkCosts`).
   */
  costs: Float64Array | SparseScenarioCosts | null;
  /** Where the scenario came from; GeoJSON input gets GeoJSON-shaped output by default. */
  format: "json" | "geojson" | "orlib";
  /** Whether any site has a cost (then every non-existing site has one). */
  hasCosts: boolean;
}

/**
 * A scenario straight from an n × m cost matrix (row-major; demand i to site j), with no
 * coordinates: demand points `1..n` of weight 1 and sites `1..m` unless given. The matrix-first
 * entry point for benchmark readers and tools that already have distances (validated here: every
 * entry finite and ≥ 0). Optional `x`/`y` are kept for display only.
 */
export function scenarioFromCostMatrix(
  costs: Float64Array,
  n: number,
  m: number = n,
  opts: { weight?: ArrayLike<number>; x?: ArrayLike<number>; y?: ArrayLike<number>; format?: Scenario["format"] } = {},
): Scenario {
  const issues = new IssueList();
  if (!Number.isInteger(n) || n < 1) issues.add("n", "expected an integer ≥ 1", n);
  if (!Number.isInteger(m) || m < 1) issues.add("m", "expected an integer ≥ 1", m);
  if (costs.length !== n * m) issues.add("costs", `expected n × m = ${n * m} entries`, `${costs.length} entries`);
  issues.throwIfAny("invalid cost matrix");
  for (let k = 0; k < costs.length; k++) {
    const c = costs[k];
    if (!(c >= 0) || c === Infinity) issues.add(`costs[${Math.floor(k / m)}][${k % m}]`, "expected a finite number ≥ 0", c);
    if (issues.size > 20) break;
  }
  issues.throwIfAny("invalid cost matrix");
  const { weight, x, y } = opts;
  return {
    kind: "siting.scenario",
    demand: Array.from({ length: n }, (_, i) => ({ id: String(i + 1), x: x?.[i] ?? 0, y: y?.[i] ?? 0, weight: weight?.[i] ?? 1, properties: {} })),
    sites: Array.from({ length: m }, (_, j) => ({ id: String(j + 1), x: x?.[j] ?? 0, y: y?.[j] ?? 0, existing: false, forbidden: false, properties: {} })),
    coords: "none",
    metric: "euclidean",
    costs,
    format: opts.format ?? "json",
    hasCosts: false,
  };
}

/** The scenario with some sites left out (their cost-matrix columns too); ids are kept. */
export function keepSites(s: Scenario, keep: (j: number) => boolean): { scenario: Scenario; index: number[] } {
  const index: number[] = [];
  for (let j = 0; j < s.sites.length; j++) if (keep(j)) index.push(j);
  let costs: Float64Array | SparseScenarioCosts | null = null;
  if (isSparseCosts(s.costs)) costs = keepSparseSites(s.costs, index);
  else if (s.costs) {
    const n = s.demand.length;
    const m = s.sites.length;
    const k = index.length;
    costs = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) costs[i * k + t] = s.costs[i * m + index[t]];
  }
  return { scenario: { ...s, sites: index.map((j) => s.sites[j]), costs }, index };
}

export function isScenario(x: unknown): x is Scenario {
  return typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "siting.scenario";
}

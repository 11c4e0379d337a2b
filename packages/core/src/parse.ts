import { IssueList, ScenarioError } from "./errors.js";
import type { Metric } from "./geo.js";
import type { CoordinateSystem, DemandPoint, Scenario, SitePoint, SizeModule } from "./scenario.js";
import { sparseFromTriples, type CostTriples, type SparseScenarioCosts } from "./sparse-costs.js";
import { NONNEG, bool, check, is, isObject, list, nonneg, num, obj, oneOf, opt, sizeModules, str, type Rule } from "./validate.js";

const finite = num("expected a finite number");
const LON = "expected a longitude in [-180, 180]";
const LAT = "expected a latitude in [-90, 90]";

const coordFields: Record<string, Rule> = {
  id: is((v) => (typeof v === "string" && v !== "") || Number.isSafeInteger(v), "expected a non-empty string or an integer id"),
  x: opt(finite),
  y: opt(finite),
  lon: opt(num(LON, -180, 180)),
  lat: opt(num(LAT, -90, 90)),
};

const demandRule = obj({ ...coordFields, weight: nonneg }, "expected an object", false);
const siteRule = obj(
  { ...coordFields, cost: opt(nonneg), capacity: opt(nonneg), existing: opt(bool), forbidden: opt(bool), modules: opt(sizeModules) },
  "expected an object",
  false,
);

export const METRICS = ["euclidean", "haversine", "manhattan"] as const;

const scenarioRule = obj(
  {
    name: opt(str("expected a string")),
    description: opt(str("expected a string")),
    demand: list("expected an array of demand points", "expected at least one demand point"),
    sites: list("expected an array of sites", "expected at least one site"),
    metric: opt(oneOf(METRICS, `unknown metric; expected one of ${METRICS.join(", ")}`)),
    costs: () => true,
  },
  "expected an object with `demand` and `sites`",
);

/** A point's fields once its rule has passed. */
interface PointFields {
  id: string | number;
  x?: number;
  y?: number;
  lon?: number;
  lat?: number;
}
interface DemandFields extends PointFields {
  weight: number;
}
interface SiteFields extends PointFields {
  cost?: number;
  capacity?: number;
  existing?: boolean;
  forbidden?: boolean;
  modules?: SizeModule[];
}

/**
 * The fields every input point (demand or site) has: an id and one coordinate pair (none with a
 * `costs` matrix). Any other field is kept in the point's `properties` (e.g. the field that
 * `standard.of` or `reach.field` reads); `solve` accepts such extra fields in literals too.
 */
export interface PointInput {
  /** A non-empty string or an integer; unique among the demand points, and among the sites. */
  id: string | number;
  x?: number;
  y?: number;
  /** Degrees in [-180, 180]; lon/lat points use the haversine metric by default. */
  lon?: number;
  /** Degrees in [-90, 90]. */
  lat?: number;
  /** Any other field is kept in the point's `properties` (`any`: `unknown` would reject interfaces, which have no index signature). */
  [field: string]: any;
}

/** A demand point's own fields (in GeoJSON: its `properties`). */
export interface DemandProperties {
  id?: string | number;
  /** The demand (residents, children, …) at the point, ≥ 0. */
  weight: number;
  [field: string]: any;
}

/** A site's own fields (in GeoJSON: its `properties`). */
export interface SiteProperties {
  id?: string | number;
  /** Opening cost ≥ 0 (once one site has a cost, every new site needs one or modules). */
  cost?: number;
  /** Capacity in demand units ≥ 0. */
  capacity?: number;
  /** An existing facility: always open, counts toward p, its cost is sunk. */
  existing?: boolean;
  /** Fixed closed. */
  forbidden?: boolean;
  /** Sizes the site may open at (at most one); for an existing site, expansions. */
  modules?: readonly SizeModule[];
  [field: string]: any;
}

/** A demand point as a user writes it. */
export interface DemandInput extends PointInput, DemandProperties {
  id: string | number;
}

/** A candidate or existing site as a user writes it. */
export interface SiteInput extends PointInput, SiteProperties {
  id: string | number;
}

/** A GeoJSON Point feature; the point's fields (not its coordinates) are its `properties`. */
export interface PointFeature<Props> {
  type: "Feature";
  id?: string | number;
  geometry: { type: "Point"; coordinates: readonly [lon: number, lat: number] | readonly number[] };
  properties: Props | null;
}

/** A GeoJSON FeatureCollection of Points. */
export interface PointCollection<Props> {
  type: "FeatureCollection";
  features: readonly PointFeature<Props>[];
}

/** A scenario as an object: demand points and candidate sites, as arrays or GeoJSON FeatureCollections. */
export interface ScenarioObject {
  name?: string;
  description?: string;
  demand: readonly DemandInput[] | PointCollection<DemandProperties>;
  sites: readonly SiteInput[] | PointCollection<SiteProperties>;
  /** Default: `haversine` for lon/lat, else `euclidean`. */
  metric?: Metric;
  /**
   * Explicit demand × site costs (distances, minutes, …), instead of coordinates: a matrix (one row
   * per demand point, one number per site), or sparse triples `{demand, site, value}` — parallel
   * arrays, one entry per reachable pair, demand and site as 0-based indices into `demand` and
   * `sites` — where a pair not listed is unreachable (never covering, never assigned).
   */
  costs?: readonly (readonly number[])[] | CostTriples;
}

/**
 * Everything `parseScenario` (and so `solve`) accepts: a scenario object, a single GeoJSON
 * FeatureCollection whose features say `properties.role: "demand" | "site"`, or either as JSON text.
 */
export type ScenarioInput =
  | ScenarioObject
  | PointCollection<(DemandProperties & { role: "demand" }) | (SiteProperties & { role: "site" | "sites" })>
  | string;

const DEMAND_KEYS = new Set(["id", "x", "y", "lon", "lat", "weight"]);
const SITE_KEYS = new Set(["id", "x", "y", "lon", "lat", "cost", "capacity", "existing", "forbidden", "modules"]);

type Role = "demand" | "sites";

interface RawPoint {
  raw: Record<string, unknown>;
  /** Maps a field path of the plain form (`demand[3].weight`) to the user's path. */
  rename: (path: string) => string;
}

function isFeatureCollection(x: unknown): x is { type: "FeatureCollection"; features: unknown } {
  return isObject(x) && x.type === "FeatureCollection";
}

/** GeoJSON features → plain points with lon/lat, remembering how to name fields in errors. */
function fromFeatures(fc: Record<string, unknown>, prefix: string, issues: IssueList, role: Role | null): { points: RawPoint[]; roles: (Role | null)[] } {
  const points: RawPoint[] = [];
  const roles: (Role | null)[] = [];
  const features = fc.features;
  if (!Array.isArray(features)) {
    issues.add(`${prefix}features`, "expected an array of GeoJSON Features", features);
    return { points, roles };
  }
  features.forEach((f, k) => {
    const fp = `${prefix}features[${k}]`;
    if (!isObject(f) || f.type !== "Feature") {
      issues.add(fp, "expected a GeoJSON Feature", f);
      return;
    }
    const props = f.properties === null || f.properties === undefined ? {} : f.properties;
    if (!isObject(props)) {
      issues.add(`${fp}.properties`, "expected an object or null", props);
      return;
    }
    const g = f.geometry;
    if (!isObject(g) || g.type !== "Point") {
      issues.add(`${fp}.geometry`, "expected a Point geometry", isObject(g) ? g.type : g);
      return;
    }
    const c = g.coordinates;
    if (!Array.isArray(c) || c.length < 2) {
      issues.add(`${fp}.geometry.coordinates`, "expected [longitude, latitude]", c);
      return;
    }
    const raw: Record<string, unknown> = { ...props, lon: c[0], lat: c[1] };
    if (f.id !== undefined && raw.id === undefined) raw.id = f.id;
    if ("x" in props || "y" in props || "lon" in props || "lat" in props) {
      issues.add(`${fp}.properties`, "coordinates belong in geometry.coordinates, not in properties (x/y/lon/lat)");
    }
    let r: Role | null = role;
    if (role === null) {
      const kind = props.role ?? props.kind;
      if (kind === "demand") r = "demand";
      else if (kind === "site" || kind === "sites") r = "sites";
      else issues.add(`${fp}.properties.role`, 'expected "demand" or "site"', kind);
      delete raw.role;
      delete raw.kind;
    }
    roles.push(r);
    points.push({
      raw,
      rename: (p) =>
        p
          .replace(/^(demand|sites)\[\d+\]\.lon$/, `${fp}.geometry.coordinates[0]`)
          .replace(/^(demand|sites)\[\d+\]\.lat$/, `${fp}.geometry.coordinates[1]`)
          .replace(/^(demand|sites)\[\d+\]\.id$/, f.id !== undefined ? `${fp}.id` : `${fp}.properties.id`)
          .replace(/^(demand|sites)\[\d+\]/, `${fp}.properties`),
    });
  });
  return { points, roles };
}

function fromArray(arr: unknown[]): RawPoint[] {
  return arr.map((raw) => ({ raw: raw as Record<string, unknown>, rename: (p: string) => p }));
}

/**
 * Validates and normalises a scenario given as a JSON string or a parsed value:
 * - plain JSON: `{demand:[{id,x,y|lon,lat,weight,...}], sites:[{id,x,y|lon,lat,cost?,capacity?,existing?,...}], metric?, costs?}`
 * - GeoJSON: `{demand: FeatureCollection, sites: FeatureCollection, metric?, costs?}` of Points, fields in `properties`,
 *   or a single FeatureCollection whose features say `properties.role: "demand" | "site"`.
 * Throws `ScenarioError` listing every problem with its path and value.
 */
export function parseScenario(input: unknown): Scenario {
  let doc: unknown = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      throw new ScenarioError([{ path: "", message: `not valid JSON (${(e as Error).message})` }], "invalid scenario");
    }
  }
  const issues = new IssueList();
  let format: Scenario["format"] = "json";
  let demandRaw: RawPoint[] | null = null;
  let sitesRaw: RawPoint[] | null = null;

  if (isFeatureCollection(doc)) {
    format = "geojson";
    const { points, roles } = fromFeatures(doc, "", issues, null);
    const d = points.filter((_, k) => roles[k] === "demand");
    const s = points.filter((_, k) => roles[k] === "sites");
    demandRaw = d;
    sitesRaw = s;
    if (issues.size === 0) {
      if (d.length === 0) issues.add("features", "expected at least one feature with properties.role \"demand\"");
      if (s.length === 0) issues.add("features", "expected at least one feature with properties.role \"site\"");
    }
    issues.throwIfAny("invalid scenario");
    doc = { demand: d.map((r) => r.raw), sites: s.map((r) => r.raw) };
  }

  if (!isObject(doc)) {
    throw new ScenarioError([{ path: "", message: "expected an object with `demand` and `sites` (or a GeoJSON FeatureCollection)", value: doc }], "invalid scenario");
  }
  const top = { ...doc };
  for (const role of ["demand", "sites"] as const) {
    if (isFeatureCollection(top[role])) {
      format = "geojson";
      const { points } = fromFeatures(top[role] as Record<string, unknown>, `${role}.`, issues, role);
      if (role === "demand") demandRaw = points;
      else sitesRaw = points;
      top[role] = points.map((p) => p.raw);
    }
  }
  // a bad top level does not stop the points from being checked: every problem is listed at once
  const shape = (check(scenarioRule, top, "", issues) ? top : { demand: Array.isArray(top.demand) ? top.demand : [], sites: Array.isArray(top.sites) ? top.sites : [] }) as {
    demand: unknown[];
    sites: unknown[];
    metric?: Metric;
    costs?: unknown;
    name?: string;
  };
  demandRaw ??= fromArray(shape.demand);
  sitesRaw ??= fromArray(shape.sites);

  const hasCostMatrix = shape.costs !== undefined;
  const demand: DemandPoint[] = [];
  const sites: SitePoint[] = [];
  let system: CoordinateSystem | null = null;
  let systemAt = "";

  const checkCoords = (raw: Record<string, unknown>, path: string, rename: (p: string) => string) => {
    const hasXY = raw.x !== undefined || raw.y !== undefined;
    const hasLL = raw.lon !== undefined || raw.lat !== undefined;
    if (hasXY && hasLL) {
      issues.add(rename(path), "mixes x/y with lon/lat; give one pair");
      return;
    }
    if (!hasXY && !hasLL) {
      if (!hasCostMatrix) issues.add(rename(path), "expected coordinates: x and y, or lon and lat (or a top-level costs matrix)");
      return;
    }
    const sys: CoordinateSystem = hasXY ? "xy" : "lonlat";
    const [a, b] = hasXY ? ["x", "y"] : ["lon", "lat"];
    if (raw[a] === undefined) issues.add(rename(`${path}.${a}`), `expected a finite number (${b} is given)`);
    if (raw[b] === undefined) issues.add(rename(`${path}.${b}`), `expected a finite number (${a} is given)`);
    if (system === null) {
      system = sys;
      systemAt = rename(path);
    } else if (system !== sys) {
      issues.add(rename(path), `uses ${sys === "xy" ? "x/y" : "lon/lat"} while ${systemAt} uses ${system === "xy" ? "x/y" : "lon/lat"}; one scenario uses one coordinate system`);
    }
  };

  const extra = (raw: Record<string, unknown>, known: Set<string>) => {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(raw)) if (!known.has(k)) out[k] = raw[k];
    return out;
  };

  const seen = new Map<string, string>();
  const checkId = (id: string | number, path: string, rename: (p: string) => string, kind: string) => {
    const key = String(id);
    const prev = seen.get(kind + "\u0000" + key);
    if (prev !== undefined) issues.add(rename(`${path}.id`), `duplicate id (also used by ${prev})`, id);
    else seen.set(kind + "\u0000" + key, rename(path));
    return key;
  };

  demandRaw.forEach(({ raw, rename }, i) => {
    const path = `demand[${i}]`;
    if (!check(demandRule, raw, path, issues, rename)) return;
    const d = raw as unknown as DemandFields;
    checkCoords(raw, path, rename);
    const id = checkId(d.id, path, rename, "d");
    const [x, y] = d.x !== undefined || d.y !== undefined ? [d.x ?? 0, d.y ?? 0] : [d.lon ?? 0, d.lat ?? 0];
    demand.push({ id, x, y, weight: d.weight, properties: extra(raw, DEMAND_KEYS) });
  });
  let withCost = 0;
  sitesRaw.forEach(({ raw, rename }, j) => {
    const path = `sites[${j}]`;
    if (!check(siteRule, raw, path, issues, rename)) return;
    const s = raw as unknown as SiteFields;
    checkCoords(raw, path, rename);
    const id = checkId(s.id, path, rename, "s");
    const [x, y] = s.x !== undefined || s.y !== undefined ? [s.x ?? 0, s.y ?? 0] : [s.lon ?? 0, s.lat ?? 0];
    if (s.cost !== undefined || (s.modules !== undefined && !s.existing)) withCost++;
    if (s.existing && s.forbidden) issues.add(rename(`${path}.forbidden`), "a site cannot be both existing (fixed open) and forbidden (fixed closed)", true);
    const site: SitePoint = { id, x, y, existing: s.existing ?? false, forbidden: s.forbidden ?? false, properties: extra(raw, SITE_KEYS) };
    if (s.cost !== undefined) site.cost = s.cost;
    if (s.capacity !== undefined) site.capacity = s.capacity;
    // an existing site's modules are expansions (cflp: at most one on top of its own capacity);
    // the textbook problems keep existing sites at their own capacity
    if (s.modules !== undefined) site.modules = s.modules.map((mod) => ({ ...mod }));
    sites.push(site);
  });
  issues.throwIfAny("invalid scenario");

  const hasCosts = withCost > 0;
  if (hasCosts) {
    sitesRaw.forEach(({ raw, rename }, j) => {
      if (raw.cost === undefined && raw.existing !== true && raw.modules === undefined) issues.add(rename(`sites[${j}].cost`), "missing: other sites have a cost, so every non-existing site needs one");
    });
  }

  const coords: CoordinateSystem = (system as CoordinateSystem | null) ?? "none";
  let metric: Metric = shape.metric ?? (coords === "lonlat" ? "haversine" : "euclidean");
  if (shape.metric === "haversine" && coords === "xy") issues.add("metric", "haversine needs lon/lat coordinates; this scenario uses x/y", shape.metric);

  let costs: Float64Array | SparseScenarioCosts | null = null;
  if (hasCostMatrix) {
    costs = isObject(shape.costs) ? sparseFromTriples(shape.costs, demand.length, sites.length, issues) : parseCostMatrix(shape.costs, demand.length, sites.length, issues);
  }
  issues.throwIfAny("invalid scenario");
  if (costs) metric = shape.metric ?? "euclidean";

  const scenario: Scenario = { kind: "siting.scenario", demand, sites, coords, metric, costs, format, hasCosts };
  if (shape.name !== undefined) scenario.name = shape.name;
  return scenario;
}

function parseCostMatrix(value: unknown, n: number, m: number, issues: IssueList): Float64Array | null {
  if (!Array.isArray(value)) {
    issues.add("costs", `expected an array of ${n} rows (one per demand point) of ${m} numbers (one per site), or sparse triples {demand, site, value}`, value);
    return null;
  }
  if (value.length !== n) {
    issues.add("costs", `expected ${n} rows (one per demand point), got ${value.length} rows`);
    return null;
  }
  const out = new Float64Array(n * m);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const row = value[i];
    if (!Array.isArray(row) || row.length !== m) {
      issues.add(`costs[${i}]`, `expected an array of ${m} numbers (one per site)`, Array.isArray(row) ? `an array of ${row.length} items` : row);
      if (++bad > 20) return null;
      continue;
    }
    for (let j = 0; j < m; j++) {
      const c = row[j];
      if (typeof c !== "number" || !Number.isFinite(c) || c < 0) {
        issues.add(`costs[${i}][${j}]`, NONNEG, c);
        if (++bad > 20) return null;
      } else out[i * m + j] = c;
    }
  }
  return bad ? null : out;
}

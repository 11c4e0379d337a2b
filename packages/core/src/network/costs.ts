import { IssueList, ScenarioError } from "../errors.js";
import { buildAccess } from "./access.js";
import { BucketPaths, ShortestPaths } from "./dijkstra.js";
import { DemandReach } from "./reach.js";
import { reversedArcOrigin, reverseGraph } from "./graph.js";
import { isRoadNetwork, readRoads, type RoadCoords, type RoadNetwork, type RoadsInput } from "./roads.js";
import { SegmentIndex, snapPoints, type Snaps } from "./snap.js";
import { RowFiller, sortRows, type SparseCosts } from "./sparse.js";
import { DEMAND, EMPTY, NODES, ROOT_BYTE, SiteResults, TREE } from "./store.js";

export type CostUnit = "metres" | "minutes";

export interface NetworkCostOptions {
  /** Coordinates of the roads and of the points: lon/lat degrees or x/y metres. */
  coords: RoadCoords;
  /** Metres along the roads, or minutes at the roads' speeds (needs a speed on every road or `defaultSpeed`). */
  unit: CostUnit;
  /** Pairs costing more than this (in `unit`, access legs included) are left out. */
  cutoff: number;
  /**
   * `"toSite"` (default): travel from the demand point to the site (people going to a service);
   * `"fromSite"`: from the site to the demand point (a response from a station). Differs only
   * with one-way roads.
   */
  direction?: "toSite" | "fromSite";
  /** Speed (km/h) on the straight access legs when `unit` is minutes; default 4.8 (walking). */
  accessSpeed?: number;
  /** Speed (km/h) of roads without a `speed` property (when reading GeoJSON). */
  defaultSpeed?: number;
  /** Points farther than this (metres) from every road are not snapped (default: no limit). */
  maxAccess?: number;
  /** Vertices closer than this (metres) are merged into one node (when reading GeoJSON; default 0, exact). */
  tolerance?: number;
}

export interface NetworkReport {
  /** Weakly connected pieces of the network (one-ways taken as two-way). */
  components: number;
  /** Share of the road length in the largest piece. */
  largestComponentShare: number;
  /** Snapped demand points that joined a piece other than the largest. */
  demandOffLargest: number;
  /** Demand points with no site within the cutoff (including those not snapped). */
  unreachableDemand: number[];
  /** Sites that reach no demand point within the cutoff (including those not snapped). */
  unreachableSites: number[];
  /** Points farther than `maxAccess` from every road. */
  unsnappedDemand: number[];
  unsnappedSites: number[];
  /** Access legs of the snapped points (demand and sites together), metres. */
  snapped: { maxAccess: number; meanAccess: number };
  /** Demand–site pairs kept (within the cutoff). */
  pairs: number;
  /**
   * Milliseconds per phase: reading roads (and reversing the graph); snapping and attaching
   * points; the shortest-path searches from the sites; counting the demand points each search
   * reaches within the cutoff and keeping its result; laying out the rows (allocating the output,
   * recomputing each site's demand costs from what was kept and filling them in); sorting them.
   */
  timings: { build: number; snap: number; dijkstra: number; evaluate: number; layout: number; sort: number };
  /** Bytes the searches' results took between the search and the layout (the working memory beyond the output). */
  storedBytes: number;
}

export interface NetworkCosts extends SparseCosts {
  readonly unit: CostUnit;
  readonly cutoff: number;
  readonly direction: "toSite" | "fromSite";
  readonly report: NetworkReport;
  readonly network: RoadNetwork;
  readonly demandSnap: Snaps;
  readonly siteSnap: Snaps;
}

const MAX_PAIRS = 2 ** 31 - 1;
/** Pairs buffered before they are written into the rows (16 MB). */
const FILL_BUFFER = 1 << 20;
const clock = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * Travel costs on a road network from every demand point to every site within a cutoff, as
 * sparse rows (each demand point's reachable sites, sorted by cost; ties by site index).
 *
 * A point joins the network at the nearest point of its nearest segment; its straight access leg
 * (at `accessSpeed` for minutes) and the part of the segment to each end the segment's direction
 * allows are added; two points on one segment also get the direct path along it. One Dijkstra per
 * site, over the reversed graph for "toSite" (the forward graph for "fromSite"), stopped at the
 * cutoff, so the work is m searches whatever n is (with a bucket queue when every arc weighs more
 * than 0 and the cutoff is finite, else a binary heap; the same distances either way).
 *
 * Memory: the output (12 bytes a pair) plus, between the searches and the layout, each site's
 * result in its smallest form — its shortest-path tree (a bitmap of the nodes and one byte a
 * node), the demand points it reaches with their costs, or the nodes it reaches with their
 * distances, as index/value pairs or a bitmap plus values (`report.storedBytes`); no n × m array.
 * The searches only count each demand point's pairs; the rows are then laid out at their exact
 * sizes, filled site by site (demand costs recomputed from what was kept, with the same sums) and
 * sorted.
 */
export function networkCosts(
  roads: RoadsInput | RoadNetwork,
  demand: ArrayLike<{ x: number; y: number }>,
  sites: ArrayLike<{ x: number; y: number }>,
  options: NetworkCostOptions,
): NetworkCosts {
  const t0 = clock();
  checkOptions(roads, demand, sites, options);
  const { unit, cutoff } = options;
  const direction = options.direction ?? "toSite";
  const accessSpeed = options.accessSpeed ?? 4.8;
  const net = isRoadNetwork(roads) ? roads : readRoads(roads, { coords: options.coords, defaultSpeed: options.defaultSpeed, tolerance: options.tolerance });
  const minutes = unit === "minutes";
  if (minutes && !net.segTime) {
    const issues = new IssueList();
    for (const fi of Array.from(net.featuresWithoutSpeed).slice(0, 20)) issues.add(`features[${fi}].properties.speed`, "missing: a road has no speed and no defaultSpeed was given (needed for minutes)");
    throw new ScenarioError(issues.items, `invalid road network (${net.featuresWithoutSpeed.length} roads without a speed)`);
  }
  const segCost = minutes ? (net.segTime as Float64Array) : net.segLength;
  const by = minutes ? "time" : "length";
  // the searches run from the sites, over the reversed graph when demand travels to them; the
  // "opposite" graph holds each search arc turned round, so a node's shortest-path arc can be
  // kept as one byte: its place among the node's arcs there
  const origin = reversedArcOrigin(net.graph);
  const reversed = reverseGraph(net.graph);
  const toSite = direction === "toSite";
  const searchGraph = toSite ? reversed : net.graph;
  const opposite = toSite ? net.graph : reversed;
  let toOpposite = origin;
  if (!toSite) {
    toOpposite = new Int32Array(origin.length);
    for (let k = 0; k < origin.length; k++) toOpposite[origin[k]] = k;
  }
  let maxDegree = 0;
  for (let u = 0; u < opposite.nodeCount; u++) maxDegree = Math.max(maxDegree, opposite.offsets[u + 1] - opposite.offsets[u]);
  const trees = maxDegree <= ROOT_BYTE;
  // per search arc: its place among its head's arcs in the opposite graph (the byte a tree keeps)
  const arcByteOf = new Uint8Array(trees ? searchGraph.targets.length : 0);
  if (trees) for (let e = 0; e < arcByteOf.length; e++) arcByteOf[e] = toOpposite[e] - opposite.offsets[searchGraph.targets[e]];
  const accessCost = minutes ? (metres: number) => (metres * 0.06) / accessSpeed : (metres: number) => metres;
  const t1 = clock();

  const index = new SegmentIndex(net);
  const snapOpts = { maxAccess: options.maxAccess ?? Infinity };
  const ds = snapPoints(net, demand, snapOpts, index);
  const ss = snapPoints(net, sites, snapOpts, index);
  const n = demand.length;
  const m = sites.length;
  const N = net.nodeCount;
  const acc = buildAccess(net, ds, ss, segCost, accessCost, direction === "toSite");
  const t2 = clock();

  // search from every site; keep what it reaches compactly, count pairs per demand point
  const { order, nodeSegPtr, seedNode, seedCost } = acc;
  const { segA } = net;
  const D = order.length;
  // no demand point joins a node for less than minAttach, so the searches can stop that much
  // earlier (a hair less, so rounding never drops a pair at the cutoff)
  const searchCutoff = cutoff - (Number.isFinite(acc.minAttach) ? acc.minAttach * (1 - 1e-9) : 0);
  // a bucket queue when the arcs allow it (all heavier than 0), else the binary heap: the same
  // distances, and the nodes settled in an order fine for what follows (parents first)
  const buckets = BucketPaths.for(searchGraph, by, searchCutoff);
  const heap = buckets ? null : new ShortestPaths(N);
  const paths: { readonly dist: Float64Array; readonly order: Int32Array; readonly pred: Int32Array } = buckets ?? (heap as ShortestPaths);
  const search = (sources: Int32Array, start: Float64Array, count: number): number =>
    buckets ? buckets.run(sources, start, count) : (heap as ShortestPaths).run(searchGraph, by, sources, start, count, searchCutoff);
  const reach = new DemandReach(acc, net, ss, segCost, cutoff);
  const { emit, value } = reach;
  /** The settled nodes that carry demand (in the order settled) into `out`; returns how many, and the least and greatest node settled in `span`. */
  const span = new Int32Array(2);
  const reachedNodes = (settled: number, out: Int32Array): number => {
    const { order: settledOrder } = paths;
    let S = 0;
    let lo = N;
    let hi = -1;
    for (let k = 0; k < settled; k++) {
      const u = settledOrder[k];
      lo = u < lo ? u : lo;
      hi = u > hi ? u : hi;
      if (nodeSegPtr[u + 1] > nodeSegPtr[u]) out[S++] = u;
    }
    span[0] = lo;
    span[1] = hi;
    return S;
  };
  const results = new SiteResults(m, { demand: D, nodes: N });
  const rowCount = new Int32Array(D);
  const siteCount = new Int32Array(m);
  const withDemand = new Int32Array(N);
  const arcByte = new Uint8Array(N);
  const sn = new Int32Array(2);
  const sc = new Float64Array(2);
  let P = 0;
  let dijkstraMs = 0;
  for (let j = 0; j < m; j++) {
    if (ss.segment[j] < 0 || D === 0) continue;
    let seeds = 0;
    for (let q = 2 * j; q < 2 * j + 2; q++) {
      if (seedNode[q] < 0) continue;
      sn[seeds] = seedNode[q];
      sc[seeds++] = seedCost[q];
    }
    const d0 = clock();
    const settled = search(sn, sc, seeds);
    dijkstraMs += clock() - d0;
    const S = reachedNodes(settled, withDemand);
    const R = reach.tally(j, paths.order, settled, paths.dist, rowCount, span[0], span[1]);
    siteCount[j] = R;
    P += R;
    if (P > MAX_PAIRS) throw new RangeError(`more than ${MAX_PAIRS} demand–site pairs within the cutoff; lower the cutoff`);
    if (R === 0) continue;
    // keep the tree, the reached nodes that carry demand, or the demand costs, whichever is smallest
    const demandBytes = Math.min(SiteResults.pairBytes(R), SiteResults.bitBytes(R, D));
    const nodeBytes = S > 0 ? Math.min(SiteResults.pairBytes(S), SiteResults.bitBytes(S, N)) : Infinity;
    const treeBytes = trees && settled > 0 ? results.treeBytes(settled) : Infinity;
    if (treeBytes < nodeBytes && treeBytes < demandBytes) results.storeTree(j, paths.order, settled, paths.pred, arcByteOf);
    else if (nodeBytes < demandBytes) results.store(j, NODES, withDemand, S, paths.dist);
    else results.store(j, DEMAND, emit, reach.evaluate(j, paths.order, settled, paths.dist, span[0], span[1]), value);
  }
  const storedBytes = results.bytes;
  const t3 = clock();

  // lay out the rows: exact sizes, filled site by site, then sorted by cost
  const ptr = new Int32Array(n + 1);
  for (let k = 0; k < D; k++) ptr[order[k] + 1] = rowCount[k];
  for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
  const site = new Int32Array(P);
  const cost = new Float64Array(P);
  const filler = new RowFiller({ n, m, ptr, site, cost }, Math.min(P, FILL_BUFFER));
  const ids = new Int32Array(Math.max(n, N));
  const vals = new Float64Array(Math.max(n, N));
  const restored = new Float64Array(N).fill(Infinity);
  const stack = new Int32Array(N);
  const w = opposite[by] as Float64Array;
  /** Site j's node distances from its tree (nodes `ids[0 .. k)`, arcs in `arcByte`) into `restored`: the search's own sums. */
  const rebuildDistances = (j: number, ids: Int32Array, k: number): void => {
    const { offsets, targets } = opposite;
    for (let t = 0; t < k; t++) {
      let x = ids[t];
      if (restored[x] !== Infinity) continue;
      let top = 0;
      for (;;) {
        const b = arcByte[x];
        if (b === ROOT_BYTE) {
          restored[x] = x === seedNode[2 * j] ? seedCost[2 * j] : seedCost[2 * j + 1];
          break;
        }
        const a = offsets[x] + b;
        const p = targets[a];
        if (restored[p] !== Infinity) {
          restored[x] = restored[p] + w[a];
          break;
        }
        stack[top++] = x;
        x = p;
      }
      while (top > 0) {
        x = stack[--top];
        const a = offsets[x] + arcByte[x];
        restored[x] = restored[targets[a]] + w[a];
      }
    }
  };
  for (let j = 0; j < m; j++) {
    const universe = results.universe[j];
    if (universe === EMPTY) continue;
    if (universe === TREE) {
      const k = results.readTree(j, ids, arcByte, true);
      rebuildDistances(j, ids, k);
      // the tree's nodes come ascending
      reach.fill(j, ids, k, restored, filler, order, ids[0], ids[k - 1]);
      for (let t = 0; t < k; t++) restored[ids[t]] = Infinity;
      continue;
    }
    const k = results.read(j, ids, vals, true);
    if (universe === DEMAND) {
      for (let t = 0; t < k; t++) filler.push(order[ids[t]], j, vals[t]);
    } else {
      for (let t = 0; t < k; t++) restored[ids[t]] = vals[t];
      reach.fill(j, ids, k, restored, filler, order);
      for (let t = 0; t < k; t++) restored[ids[t]] = Infinity;
    }
  }
  filler.flush();
  results.clear();
  const t35 = clock();
  sortRows(ptr, site, cost);
  const rows: SparseCosts = { n, m, ptr, site, cost };
  const t4 = clock();

  // report
  let largest = 0;
  for (let c = 0; c < net.componentCount; c++) if (net.componentLength[c] > net.componentLength[largest]) largest = c;
  let demandOffLargest = 0;
  const unsnappedDemand: number[] = [];
  const unsnappedSites: number[] = [];
  const unreachableDemand: number[] = [];
  const unreachableSites: number[] = [];
  let accSum = 0;
  let accMax = 0;
  let snappedCount = 0;
  for (let i = 0; i < n; i++) {
    const s = ds.segment[i];
    if (s < 0) unsnappedDemand.push(i);
    else {
      if (net.component[segA[s]] !== largest) demandOffLargest++;
      accSum += ds.access[i];
      accMax = Math.max(accMax, ds.access[i]);
      snappedCount++;
    }
    if (rows.ptr[i + 1] === rows.ptr[i]) unreachableDemand.push(i);
  }
  for (let j = 0; j < m; j++) {
    if (ss.segment[j] < 0) unsnappedSites.push(j);
    else {
      accSum += ss.access[j];
      accMax = Math.max(accMax, ss.access[j]);
      snappedCount++;
    }
    if (siteCount[j] === 0) unreachableSites.push(j);
  }
  const report: NetworkReport = {
    components: net.componentCount,
    largestComponentShare: net.totalLength > 0 ? net.componentLength[largest] / net.totalLength : 0,
    demandOffLargest,
    unreachableDemand,
    unreachableSites,
    unsnappedDemand,
    unsnappedSites,
    snapped: { maxAccess: accMax, meanAccess: snappedCount > 0 ? accSum / snappedCount : 0 },
    pairs: P,
    timings: { build: t1 - t0, snap: t2 - t1, dijkstra: dijkstraMs, evaluate: t3 - t2 - dijkstraMs, layout: t35 - t3, sort: t4 - t35 },
    storedBytes,
  };
  return { ...rows, unit, cutoff, direction, report, network: net, demandSnap: ds, siteSnap: ss };
}

function checkOptions(roads: unknown, demand: ArrayLike<{ x: number; y: number }>, sites: ArrayLike<{ x: number; y: number }>, o: NetworkCostOptions): void {
  const issues = new IssueList();
  const opt = (o ?? {}) as unknown as Record<string, unknown>;
  if (o?.coords !== "lonlat" && o?.coords !== "xy") issues.add("options.coords", 'expected "lonlat" or "xy"', opt.coords);
  if (o?.unit !== "metres" && o?.unit !== "minutes") issues.add("options.unit", 'expected "metres" or "minutes"', opt.unit);
  if (!(typeof o?.cutoff === "number" && o.cutoff >= 0)) issues.add("options.cutoff", "expected a number ≥ 0 (Infinity keeps every pair: dense)", opt.cutoff);
  if (o?.direction !== undefined && o.direction !== "toSite" && o.direction !== "fromSite") issues.add("options.direction", 'expected "toSite" or "fromSite"', opt.direction);
  for (const key of ["accessSpeed", "defaultSpeed"] as const) {
    const v = o?.[key];
    if (v !== undefined && !(typeof v === "number" && Number.isFinite(v) && v > 0)) issues.add(`options.${key}`, "expected a speed in km/h, a finite number > 0", v);
  }
  if (o?.maxAccess !== undefined && !(typeof o.maxAccess === "number" && o.maxAccess >= 0)) issues.add("options.maxAccess", "expected a distance in metres ≥ 0", o.maxAccess);
  if (isRoadNetwork(roads) && o?.coords !== undefined && roads.coords !== o.coords) issues.add("options.coords", `the network was read with coords "${roads.coords}"`, o.coords);
  const lonlat = o?.coords === "lonlat";
  for (const [name, pts] of [["demand", demand], ["sites", sites]] as const) {
    if (!pts || typeof pts.length !== "number") {
      issues.add(name, "expected an array of points {x, y}", pts);
      continue;
    }
    for (let i = 0; i < pts.length && issues.size < 100; i++) {
      const p = pts[i];
      if (typeof p !== "object" || p === null || typeof p.x !== "number" || typeof p.y !== "number" || !Number.isFinite(p.x) || !Number.isFinite(p.y)) {
        issues.add(`${name}[${i}]`, "expected a point {x, y} of finite numbers", p);
      } else if (lonlat && (p.x < -180 || p.x > 180 || p.y < -90 || p.y > 90)) {
        issues.add(`${name}[${i}]`, "expected x = longitude within ±180, y = latitude within ±90", p);
      }
    }
  }
  issues.throwIfAny("invalid network cost input");
}

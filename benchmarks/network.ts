/**
 * `network` suite: travel costs on a road network (`networkCosts`) at city scale — a generated
 * street grid of ≥ 100,000 segments, 100,000 demand points and 2,000 sites, minutes with a
 * 15-minute cutoff — timed per phase, with the peak memory of a fresh child process.
 *
 *   npx tsx benchmarks/network.ts [--edges 100000] [--points 100000] [--sites 2000]
 *       [--cutoff 15] [--unit minutes|metres] [--speeds 30,50] [--seed 1] [--runs 1] [--in-process]
 *
 * The grid (x/y metres): blocks 100–150 m, every street a LineString through its intersections
 * (jittered ±5 m), an arterial (two-way, never cut) about every kilometre each way, local streets
 * 15 % one-way (either direction) and 4 % of their blocks missing; `--speeds local,arterial` in
 * km/h (default 30,50: free-flow urban limits). Demand points and sites lie uniformly over the
 * grid; access legs are walked at 4.8 km/h.
 *
 * Phases are `networkCosts`' own timings: build (read the GeoJSON, merge vertices, CSR graph and
 * its reverse), snap (segment index, both point sets, attachments), dijkstra (the searches, one per
 * site over the reversed graph), evaluate (counting each search's demand points within the cutoff
 * per demand point, keeping each site's result), layout (allocating the output at its exact size,
 * recomputing each site's demand costs from what was kept and filling them into the rows), sort
 * (rows by cost). Peak RSS is the child's kernel high-water mark (`process.resourceUsage().maxRSS`): Node,
 * tsx, the GeoJSON and the points included. Times vary with the machine's load; the table shows
 * the load average when each run started.
 */
import { loadavg } from "node:os";
import { networkCosts } from "../packages/core/src/network/index.js";
import { mulberry32 } from "../packages/core/src/rng.js";
import { flag, int, num, runChildTask, runInProcess, suiteEntry } from "./common.js";

const CHILD_ENV = "SITING_BENCH_NETWORK_CHILD";

interface Task {
  edges: number;
  speeds: [number, number];
  points: number;
  sites: number;
  cutoff: number;
  unit: "minutes" | "metres";
  seed: number;
}

interface Row {
  segments: number;
  arcs: number;
  nodes: number;
  features: number;
  n: number;
  m: number;
  pairs: number;
  unreachableDemand: number;
  unreachableSites: number;
  components: number;
  largestShare: number;
  meanAccess: number;
  generate: number;
  build: number;
  snap: number;
  dijkstra: number;
  evaluate: number;
  layout: number;
  sort: number;
  storedMB: number;
  total: number;
  peakRssMB: number;
  load: string;
}


interface Feature {
  type: "Feature";
  geometry: { type: "LineString"; coordinates: number[][] };
  properties: { speed: number; oneway?: string };
}

/**
 * A street grid with at least `edges` segments: street positions step 100–150 m; the first street
 * past each kilometre is an arterial. Returns the GeoJSON and the extent.
 */
export function streetGrid(edges: number, seed: number, speeds: [number, number] = [30, 50]): { roads: { type: "FeatureCollection"; features: Feature[] }; width: number; height: number } {
  const rnd = mulberry32(seed);
  // 2·k² segments, less the missing 4 % of local ones
  const k = Math.ceil(Math.sqrt(edges / (2 * 0.96))) + 1;
  const positions = () => {
    const p = [0];
    for (let i = 1; i < k; i++) p.push(p[i - 1] + 100 + rnd() * 50);
    const arterial = p.map((v, i) => i === 0 || Math.floor(v / 1000) > Math.floor(p[i - 1] / 1000));
    return { p, arterial };
  };
  const cols = positions();
  const rows = positions();
  const jx = new Float64Array(k * k);
  const jy = new Float64Array(k * k);
  for (let q = 0; q < k * k; q++) {
    jx[q] = (rnd() - 0.5) * 10;
    jy[q] = (rnd() - 0.5) * 10;
  }
  const at = (r: number, c: number) => [Math.round((cols.p[c] + jx[r * k + c]) * 100) / 100, Math.round((rows.p[r] + jy[r * k + c]) * 100) / 100];
  const features: Feature[] = [];
  const street = (arterial: boolean, point: (i: number) => number[]) => {
    const props: Feature["properties"] = { speed: arterial ? speeds[1] : speeds[0] };
    if (!arterial && rnd() < 0.15) props.oneway = rnd() < 0.5 ? "yes" : "-1";
    let line: number[][] = [point(0)];
    for (let i = 1; i < k; i++) {
      if (!arterial && rnd() < 0.04) {
        // a missing block: end this piece, start the next
        if (line.length > 1) features.push({ type: "Feature", geometry: { type: "LineString", coordinates: line }, properties: props });
        line = [point(i)];
        continue;
      }
      line.push(point(i));
    }
    if (line.length > 1) features.push({ type: "Feature", geometry: { type: "LineString", coordinates: line }, properties: props });
  };
  for (let r = 0; r < k; r++) street(rows.arterial[r], (c) => at(r, c));
  for (let c = 0; c < k; c++) street(cols.arterial[c], (r) => at(r, c));
  return { roads: { type: "FeatureCollection", features }, width: cols.p[k - 1], height: rows.p[k - 1] };
}

/** Child process: one run, one JSON line on stdout. */
async function child(task: Task): Promise<void> {
  const load = loadavg().map((l) => l.toFixed(2)).join(" ");
  const g0 = performance.now();
  const { roads, width, height } = streetGrid(task.edges, task.seed, task.speeds);
  const rnd = mulberry32(task.seed + 1000);
  const demand = Array.from({ length: task.points }, () => ({ x: rnd() * width, y: rnd() * height }));
  const sites = Array.from({ length: task.sites }, () => ({ x: rnd() * width, y: rnd() * height }));
  const generate = (performance.now() - g0) / 1000;
  const t0 = performance.now();
  const nc = networkCosts(roads, demand, sites, { coords: "xy", unit: task.unit, cutoff: task.cutoff, accessSpeed: 4.8 });
  const total = (performance.now() - t0) / 1000;
  const r = nc.report;
  const row: Row = {
    segments: nc.network.segmentCount,
    arcs: nc.network.graph.targets.length,
    nodes: nc.network.nodeCount,
    features: nc.network.featureCount,
    n: nc.n,
    m: nc.m,
    pairs: r.pairs,
    unreachableDemand: r.unreachableDemand.length,
    unreachableSites: r.unreachableSites.length,
    components: r.components,
    largestShare: r.largestComponentShare,
    meanAccess: r.snapped.meanAccess,
    generate,
    build: r.timings.build / 1000,
    snap: r.timings.snap / 1000,
    dijkstra: r.timings.dijkstra / 1000,
    evaluate: r.timings.evaluate / 1000,
    layout: r.timings.layout / 1000,
    sort: r.timings.sort / 1000,
    storedMB: r.storedBytes / 2 ** 20,
    total,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    load,
  };
  process.stdout.write(`@@RESULT ${JSON.stringify(row)}\n`);
}

function runChild(task: Task): Promise<Row | { error: string }> {
  return runChildTask<Task, Row>(import.meta.url, CHILD_ENV, task);
}

export async function run(args: string[]): Promise<void> {
  const num0 = (name: string, dflt: number) => {
    const v = Number(flag(args, name) ?? dflt);
    if (!(v > 0)) throw new Error(`--${name}: expected a number > 0, got ${flag(args, name)}`);
    return v;
  };
  const unit = (flag(args, "unit") ?? "minutes") as Task["unit"];
  if (unit !== "minutes" && unit !== "metres") throw new Error(`--unit: minutes or metres, got ${unit}`);
  const speeds = (flag(args, "speeds") ?? "30,50").split(",").map(Number);
  if (speeds.length !== 2 || !speeds.every((v) => v > 0)) throw new Error(`--speeds: local,arterial in km/h, got ${flag(args, "speeds")}`);
  const task: Task = {
    edges: num0("edges", 100_000),
    speeds: [speeds[0], speeds[1]],
    points: num0("points", 100_000),
    sites: num0("sites", 2_000),
    cutoff: num0("cutoff", unit === "minutes" ? 15 : 5_000),
    unit,
    seed: num0("seed", 1),
  };
  const runs = num0("runs", 1);
  console.log(`\n## Network costs — street grid ≥ ${int(task.edges)} segments (${task.speeds[0]} / ${task.speeds[1]} km/h), ${int(task.points)} demand × ${int(task.sites)} sites, ${unit}, cutoff ${task.cutoff}\n`);
  console.log("| segments | arcs | nodes | n | m | pairs kept | per demand | build s | snap s | dijkstra s | evaluate s | layout s | sort s | total s | kept between MB | peak RSS MB | load (1/5/15 min) |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (let k = 0; k < runs; k++) {
    const r = args.includes("--in-process") ? await inProcess(task) : await runChild(task);
    if ("error" in r) {
      console.log(`| failed: ${r.error} |`);
      continue;
    }
    console.log(
      `| ${int(r.segments)} | ${int(r.arcs)} | ${int(r.nodes)} | ${int(r.n)} | ${int(r.m)} | ${int(r.pairs)} | ${num(r.pairs / r.n, 0)} | ` +
        `${num(r.build, 2)} | ${num(r.snap, 2)} | ${num(r.dijkstra, 2)} | ${num(r.evaluate, 2)} | ${num(r.layout, 2)} | ${num(r.sort, 2)} | **${num(r.total, 2)}** | ${num(r.storedMB, 0)} | ${num(r.peakRssMB, 0)} | ${r.load} |`,
    );
    if (k === runs - 1) {
      console.log(
        `\n${int(r.features)} GeoJSON features; ${int(r.unreachableDemand)} demand points reach no site, ${int(r.unreachableSites)} sites no demand point; ${r.components} connected pieces, the largest ${(r.largestShare * 100).toFixed(1)} % of the length; ` +
          `mean access leg ${num(r.meanAccess, 1)} m; generating the GeoJSON and points took ${num(r.generate, 2)} s (not in the total). ` +
          `Peak RSS: the whole child process (Node, tsx, the GeoJSON and points included).`,
      );
    }
  }
}

function inProcess(task: Task): Promise<Row> {
  return runInProcess<Task, Row>(child, task);
}

await suiteEntry(import.meta.url, CHILD_ENV, child, run);

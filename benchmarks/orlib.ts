/**
 * `orlib` suite: the exact engine on OR-Library pmed1–pmed40 (p-median and p-center, same graphs)
 * and on the TSPLIB p-center set, against the published optima, next to the heuristic alone.
 *
 *   npx tsx benchmarks/orlib.ts [--only pmedian|pcenter|tsplib] [--instances 1-10,12]
 *                               [--time 60] [--pcenter-time 30]
 *                               [--large [--large-instances rl1304,fl1400,u1432,pcb3038,rl5934] [--large-p 10,100]]
 *
 * `--large` adds the TSPLIB p-median stretch (floor-Euclidean distances computed in doubles, see
 * shared/benchmarks/tsplib-pmedian/README.md), each (instance, p) with the `--time` limit.
 *
 * Peak memory is the largest `process.memoryUsage().rss` sampled during the solve (on the
 * engine's progress reports, throttled to one per 100 ms, plus before and after).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildInstance, buildNeighbors, scenarioFromCostMatrix, readOrlibPmedian, readTsplib, type Instance, type Neighbors } from "@siting/core";
import { RunContext, pcenterExact, pcenterHeuristic, pmedianExact, pmedianHeuristic, type EngineResult } from "@siting/core/lp";

// shared/ sits beside the repository (as in CI's clean clones)
const ROOT = fileURLToPath(new URL("../../shared/benchmarks", import.meta.url));

interface Row {
  instance: string;
  n: number;
  p: number;
  known: number;
  ours: number;
  status: string;
  gap: number;
  seconds: number;
  peakMB: number;
  heurObj: number;
  heurSeconds: number;
  nodes: number;
}

function arg(args: string[], name: string): string | undefined {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
}

function parseList(s: string | undefined, max: number): number[] {
  if (!s) return Array.from({ length: max }, (_, i) => i + 1);
  const out: number[] = [];
  for (const part of s.split(",")) {
    const [a, b] = part.split("-").map(Number);
    for (let k = a; k <= (b ?? a); k++) out.push(k);
  }
  return out;
}

function readKnown(path: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(path, "utf8").trim().split("\n").slice(1)) {
    const f = line.split("\t");
    out.set(f[0] + (f[0].startsWith("pr") ? `:${f[2]}` : ""), Number(f[3]));
  }
  return out;
}

function measure(solve: (ctx: RunContext) => EngineResult, seconds: number): { r: EngineResult; seconds: number; peakMB: number } {
  let peak = process.memoryUsage.rss();
  const sample = () => {
    const v = process.memoryUsage.rss();
    if (v > peak) peak = v;
  };
  const t0 = performance.now();
  const ctx = new RunContext(t0 + seconds * 1000, undefined, sample);
  const r = solve(ctx);
  sample();
  return { r, seconds: (performance.now() - t0) / 1000, peakMB: peak / 2 ** 20 };
}

function heuristic(f: (ctx: RunContext) => { objective: number }): { obj: number; seconds: number } {
  const t0 = performance.now();
  const h = f(new RunContext());
  return { obj: h.objective, seconds: (performance.now() - t0) / 1000 };
}

function row(name: string, n: number, p: number, known: number, m: { r: EngineResult; seconds: number; peakMB: number }, h: { obj: number; seconds: number }): Row {
  const { r } = m;
  const gap = Number.isFinite(r.objective) && Number.isFinite(r.bound) ? Math.abs(r.objective - r.bound) / Math.max(1e-300, Math.abs(r.objective)) : NaN;
  return { instance: name, n, p, known, ours: r.objective, status: r.status, gap, seconds: m.seconds, peakMB: m.peakMB, heurObj: h.obj, heurSeconds: h.seconds, nodes: r.nodes };
}

function table(title: string, rows: Row[]): void {
  console.log(`\n### ${title}\n`);
  console.log("| instance | n | p | known optimum | ours | status | gap | nodes | seconds | peak RSS MB | heuristic | heuristic s |");
  console.log("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
  let total = 0;
  let proven = 0;
  let match = 0;
  for (const r of rows) {
    total += r.seconds;
    if (r.status === "optimal") proven++;
    if (r.ours === r.known) match++;
    const flag = r.ours === r.known ? "" : " ≠";
    console.log(`| ${r.instance} | ${r.n} | ${r.p} | ${r.known} | ${r.ours}${flag} | ${r.status} | ${r.gap.toExponential(1)} | ${r.nodes} | ${r.seconds.toFixed(2)} | ${r.peakMB.toFixed(0)} | ${r.heurObj} | ${r.heurSeconds.toFixed(2)} |`);
  }
  console.log(`\n${rows.length} instances: ${proven} proven optimal, ${match} equal to the published value, total ${total.toFixed(1)} s (engine, heuristic incumbent included).`);
}

export async function run(args: string[]): Promise<void> {
  const only = arg(args, "--only");
  const ids = parseList(arg(args, "--instances"), 40);
  const tPmed = Number(arg(args, "--time") ?? 60);
  const tPcen = Number(arg(args, "--pcenter-time") ?? 30);
  if (!existsSync(`${ROOT}/orlib-pmed`)) {
    console.log(`orlib: ${ROOT}/orlib-pmed not found; skipped`);
    return;
  }
  const knownMed = readKnown(`${ROOT}/orlib-pmed/known-optimal.tsv`);
  const knownCen = readKnown(`${ROOT}/orlib-pcenter/known-optimal.tsv`);
  const cache = new Map<number, { inst: Instance; nb: Neighbors; p: number; n: number }>();
  const load = (k: number) => {
    let c = cache.get(k);
    if (!c) {
      const o = readOrlibPmedian(readFileSync(`${ROOT}/orlib-pmed/pmed${k}.txt`, "utf8"));
      const inst = buildInstance(o.scenario);
      c = { inst, nb: buildNeighbors(inst), p: o.p, n: o.n };
      cache.set(k, c);
    }
    return c;
  };
  if (!only || only === "pmedian") {
    const rows: Row[] = [];
    for (const k of ids) {
      const { inst, nb, p, n } = load(k);
      const h = heuristic((ctx) => pmedianHeuristic(inst, nb, { p, budget: Infinity }, ctx));
      const m = measure((ctx) => pmedianExact(inst, nb, { p, budget: Infinity }, ctx), tPmed);
      rows.push(row(`pmed${k}`, n, p, knownMed.get(`pmed${k}`) ?? NaN, m, h));
    }
    table(`p-median, OR-Library pmed (time limit ${tPmed} s each)`, rows);
  }
  if (!only || only === "pcenter") {
    const rows: Row[] = [];
    for (const k of ids) {
      const { inst, nb, p, n } = load(k);
      const h = heuristic((ctx) => pcenterHeuristic(inst, nb, p, ctx));
      const m = measure((ctx) => pcenterExact(inst, nb, p, ctx), tPcen);
      rows.push(row(`pmed${k}`, n, p, knownCen.get(`pmed${k}`) ?? NaN, m, h));
    }
    table(`p-center, OR-Library pmed graphs (time limit ${tPcen} s each)`, rows);
  }
  cache.clear();
  if ((!only || only === "tsplib") && existsSync(`${ROOT}/tsplib-pcenter`)) {
    const D = `${ROOT}/tsplib-pcenter`;
    const rows: Row[] = [];
    const lines = readFileSync(`${D}/known-optimal.tsv`, "utf8").trim().split("\n").slice(1).map((l) => l.split("\t"));
    const loaded = new Map<string, { inst: Instance; nb: Neighbors; n: number }>();
    for (const [name, , pStr, val] of lines) {
      let c = loaded.get(name);
      if (!c) {
        const ts = readTsplib(readFileSync(`${D}/${name}.tsp`, "utf8"));
        const inst = buildInstance(ts.scenario);
        c = { inst, nb: buildNeighbors(inst), n: ts.n };
        loaded.set(name, c);
      }
      const { inst, nb, n } = c;
      const p = Number(pStr);
      const h = heuristic((ctx) => pcenterHeuristic(inst, nb, p, ctx));
      const m = measure((ctx) => pcenterExact(inst, nb, p, ctx), tPcen);
      rows.push(row(name, n, p, Number(val), m, h));
    }
    table(`p-center, TSPLIB (EUC_2D nint distances, time limit ${tPcen} s each)`, rows);
  }
  if (args.includes("--large") && existsSync(`${ROOT}/tsplib-pmedian`)) large(args, tPmed);
}

/** TSPLIB p-median: points are demand and sites, d = floor(sqrt(dx² + dy²)) in doubles. */
function large(args: string[], limit: number): void {
  const D = `${ROOT}/tsplib-pmedian`;
  const names = (arg(args, "--large-instances") ?? "rl1304,fl1400,u1432,pcb3038,rl5934").split(",");
  const ps = arg(args, "--large-p")?.split(",").map(Number);
  const lines = readFileSync(`${D}/known-optimal.tsv`, "utf8").trim().split("\n").slice(1).map((l) => l.split("\t"));
  const rows: Row[] = [];
  for (const name of names) {
    const ts = readTsplib(readFileSync(`${D}/${name}.tsp`, "utf8"));
    const n = ts.n;
    const costs = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const dx = ts.x[i] - ts.x[j];
        const dy = ts.y[i] - ts.y[j];
        costs[i * n + j] = Math.floor(Math.sqrt(dx * dx + dy * dy));
      }
    }
    const scenario = scenarioFromCostMatrix(costs, n);
    const inst = buildInstance(scenario);
    const nb = buildNeighbors(inst);
    for (const [inst_, , pStr, val] of lines) {
      const p = Number(pStr);
      if (inst_ !== name || (ps && !ps.includes(p))) continue;
      const h = heuristic((ctx) => pmedianHeuristic(inst, nb, { p, budget: Infinity }, ctx));
      const m = measure((ctx) => pmedianExact(inst, nb, { p, budget: Infinity }, ctx), limit);
      rows.push(row(`${name}`, n, p, Number(val), m, h));
    }
  }
  table(`p-median, TSPLIB large (floor-Euclidean, time limit ${limit} s each)`, rows);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run(process.argv.slice(2));
}

/**
 * `covering` suite: the exact covering engines (MCLP, LSCP) on random instances — 5,000 demand
 * points × 1,000 candidate sites, uniform in a 100 × 100 square, euclidean, integer weights 1–10
 * (mulberry32, seed 1) — and on the whole Lingang area at 100 m (`lingangCovering`: ≈ 60,000
 * inhabited cells × ≈ 3,200 lattice sites, radius 800 m), with merging of equal site sets on and off.
 *
 *   npx tsx benchmarks/covering.ts [--time 60] [--merge both|on|off]
 *       [--only mclp-r5-p20,mclp-r10-p20,mclp-r10-p50,lscp-r10,lingang100-lscp-r800,lingang100-mclp-r800-p250]
 *       [--seed 1] [--native] [--in-process]
 *
 * Each run is what `solve(…, { solver: "engine", timeLimit })` does for the problem (coverage,
 * the heuristic with 30 shakes, then the engine from its answer, all within the time limit), in a
 * fresh child process: seconds from the coverage build to the engine's return, peak RSS the
 * child's kernel high-water mark (Node and tsx included). The objective is re-evaluated on the
 * original demand points by `evaluate`. Rows: demand points the engine must cover (weight > 0,
 * some covering site) before and after merging equal site sets (in parentheses with merging off:
 * what merging would give; the engine then works on the rows before). `--native` adds scipy's HiGHS
 * (benchmarks/covering-native.py, same time limit) on the merged rows, and its LP relaxation.
 * Times vary with the machine's load; each row shows the load average when the run started.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCoverage } from "../packages/core/src/coverage.js";
import { mergeRows } from "../packages/core/src/engine/merge.js";
import { lscpExact } from "../packages/core/src/engine/cover.js";
import { mclpExact } from "../packages/core/src/engine/mclp.js";
import type { EngineResult } from "../packages/core/src/engine/common.js";
import { evaluate } from "../packages/core/src/evaluate.js";
import { RunContext } from "../packages/core/src/heuristics/context.js";
import { lscpHeuristic, mclpHeuristic } from "../packages/core/src/heuristics/cover.js";
import { buildInstance } from "../packages/core/src/instance.js";
import { parseProblem } from "../packages/core/src/problem.js";
import { mulberry32 } from "../packages/core/src/rng.js";
import type { Scenario } from "../packages/core/src/scenario.js";
import { candidateSites, lingangGrid, toX, toY } from "../packages/lingang/src/index.js";
import { flag, int, list, num, pct, runChildTask, runInProcess, suiteEntry } from "./common.js";

const CHILD_ENV = "SITING_BENCH_COVERING_CHILD";

interface Spec {
  key: string;
  type: "mclp" | "lscp";
  radius: number;
  p?: number;
  /** "random" (default): `randomCovering`; "lingang": `lingangCovering` (whole area, 100 m). */
  source?: "random" | "lingang";
}

const SPECS: Spec[] = [
  { key: "mclp-r5-p20", type: "mclp", radius: 5, p: 20 },
  { key: "mclp-r10-p20", type: "mclp", radius: 10, p: 20 },
  { key: "mclp-r10-p50", type: "mclp", radius: 10, p: 50 },
  { key: "lscp-r10", type: "lscp", radius: 10 },
  { key: "lingang100-lscp-r800", type: "lscp", radius: 800, source: "lingang" },
  { key: "lingang100-mclp-r800-p250", type: "mclp", radius: 800, p: 250, source: "lingang" },
];

interface Task {
  spec: Spec;
  merge: boolean;
  time: number;
  seed: number;
  /** Write the merged rows here for the native reference (and do not solve). */
  dump?: string;
}

interface Row {
  rowsBefore: number;
  rowsAfter: number;
  status: string;
  objective: number;
  evaluated: number;
  bound: number;
  gap: number;
  heuristic: number;
  nodes: number;
  seconds: number;
  peakRssMB: number;
  load: string;
}

/** The random instance: n demand points, m sites uniform in [0, 100)², weights 1–10. */
export function randomCovering(seed: number, n = 5000, m = 1000): Scenario {
  const r = mulberry32(seed);
  const demand = Array.from({ length: n }, (_, i) => ({ id: `d${i}`, x: r() * 100, y: r() * 100, weight: 1 + Math.floor(r() * 10), properties: {} }));
  const sites = Array.from({ length: m }, (_, j) => ({ id: `s${j}`, x: r() * 100, y: r() * 100, existing: false, forbidden: false, properties: {} }));
  return { kind: "siting.scenario", demand, sites, coords: "xy", metric: "euclidean", costs: null, format: "json", hasCosts: false } as unknown as Scenario;
}

/**
 * The whole Lingang area on the 100 m grid (2024): every inhabited mainland cell a demand point
 * weighted by its residents (rounded), candidates the built-cell lattice at 500 m
 * (`candidateSites(grid, "station")`, the plan's named projects left out), metres, euclidean.
 */
export function lingangCovering(): Scenario {
  const grid = lingangGrid({ year: 2024, zone: "all", resolution: 100 });
  const demand = grid.cells
    .filter((c) => c.part === 0 && Math.round(c.residents) > 0)
    .map((c) => ({ id: c.id, x: toX(c.lon), y: toY(c.lat), weight: Math.round(c.residents), properties: {} }));
  const sites = candidateSites(grid, "station", { spacing: 500 })
    .filter((s) => s.origin !== "plan")
    .map((s) => ({ id: s.id, x: toX(s.lon), y: toY(s.lat), existing: false, forbidden: false, properties: {} }));
  return { kind: "siting.scenario", demand, sites, coords: "xy", metric: "euclidean", costs: null, format: "json", hasCosts: false } as unknown as Scenario;
}

const scenarioOf = (s: Spec, seed: number) => (s.source === "lingang" ? lingangCovering() : randomCovering(seed));

const problemOf = (s: Spec) => (s.type === "mclp" ? { type: "mclp" as const, radius: s.radius, p: s.p } : { type: "lscp" as const, radius: s.radius });

/** Child process: one run, one JSON line on stdout. */
async function child(task: Task): Promise<void> {
  const load = loadavg().map((l) => l.toFixed(2)).join(" ");
  const { spec } = task;
  const scenario = scenarioOf(spec, task.seed);
  const inst = buildInstance(scenario);
  const t0 = performance.now();
  const ctx = new RunContext(t0 + task.time * 1000);
  const cov = buildCoverage(inst, spec.radius);
  const rows: number[] = [];
  for (let i = 0; i < inst.n; i++) if (inst.weight[i] > 0 && cov.byDemand.ptr[i + 1] > cov.byDemand.ptr[i]) rows.push(i);
  const merged = mergeRows(cov.byDemand, rows, inst.weight);
  if (task.dump) {
    const { ptr, idx } = merged.csr;
    writeFileSync(task.dump, JSON.stringify({ problem: spec.type, p: spec.p ?? 0, cols: inst.m, ptr: Array.from(ptr), idx: Array.from(idx), weight: Array.from(merged.weight) }));
    process.stdout.write(`@@RESULT {}\n`);
    return;
  }
  let e: EngineResult;
  let heuristic: number;
  if (spec.type === "mclp") {
    const limits = { p: spec.p as number, budget: Infinity };
    const h = mclpHeuristic(inst, cov, limits, ctx, 30);
    heuristic = h.objective;
    e = mclpExact(inst, cov, limits, ctx, h.open, { merge: task.merge });
  } else {
    const h = lscpHeuristic(inst, cov, ctx, { countSites: true });
    heuristic = h.objective;
    e = lscpExact(inst, cov, ctx, h.open, { countSites: true, merge: task.merge });
  }
  const seconds = (performance.now() - t0) / 1000;
  const open: string[] = [];
  for (let j = 0; j < inst.m; j++) if (e.open[j]) open.push(scenario.sites[j].id);
  const ev = evaluate(scenario, parseProblem(problemOf(spec), scenario), open);
  const row: Row = {
    rowsBefore: rows.length,
    rowsAfter: merged.csr.rows,
    status: e.status,
    objective: e.objective,
    evaluated: ev.feasible ? ev.objective : NaN,
    bound: e.bound,
    gap: Math.abs(e.objective - e.bound) / Math.max(1, Math.abs(e.objective)),
    heuristic,
    nodes: e.nodes,
    seconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    load,
  };
  process.stdout.write(`@@RESULT ${JSON.stringify(row)}\n`);
}

function runChild(task: Task): Promise<Row | { error: string }> {
  return runChildTask<Task, Row>(import.meta.url, CHILD_ENV, task);
}

function inProcess(task: Task): Promise<Row> {
  return runInProcess<Task, Row>(child, task);
}

interface Native {
  status: string;
  objective: number | null;
  bound: number | null;
  gap: number | null;
  seconds: number;
  lp: number | null;
  peak_mb: number;
  message?: string;
}

/** scipy's HiGHS on the merged rows (benchmarks/covering-native.py). */
async function native(spec: Spec, task: Task, inProc: boolean): Promise<Native | { error: string }> {
  const file = join(mkdtempSync(join(tmpdir(), "siting-covering-")), `${spec.key}.json`);
  const dumped = inProc ? await inProcess({ ...task, dump: file }) : await runChild({ ...task, dump: file });
  if ("error" in dumped) return dumped;
  const script = fileURLToPath(new URL("./covering-native.py", import.meta.url));
  const r = spawnSync("python3", [script, file, "--lp", "--time-limit", String(task.time)], { encoding: "utf8" });
  const line = (r.stdout ?? "").trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as Native;
  } catch {
    return { error: `python3: ${(r.stderr || r.error?.message || "no output").trim().split("\n").slice(-2).join(" / ")}` };
  }
}

export async function run(args: string[]): Promise<void> {
  const time = Number(flag(args, "time") ?? 60);
  if (!(time > 0)) throw new Error(`--time: expected seconds > 0, got ${flag(args, "time")}`);
  const seed = Number(flag(args, "seed") ?? 1);
  const mergeFlag = flag(args, "merge") ?? "both";
  const modes = mergeFlag === "both" ? [false, true] : mergeFlag === "on" ? [true] : mergeFlag === "off" ? [false] : null;
  if (!modes) throw new Error(`--merge: both, on or off, got ${mergeFlag}`);
  const only = list(flag(args, "only"), SPECS.map((s) => s.key).join(","));
  const specs = SPECS.filter((s) => only.includes(s.key));
  if (specs.length === 0) throw new Error(`--only: none of ${only.join(", ")}; available: ${SPECS.map((s) => s.key).join(", ")}`);
  const inProc = args.includes("--in-process");
  const withNative = args.includes("--native");
  for (const merge of modes) {
    console.log(`\n### covering — random 5,000 demand × 1,000 sites (seed ${seed}) and Lingang whole area 100 m, merging ${merge ? "on" : "off"}, time limit ${time} s\n`);
    console.log("| instance | problem | p / radius | rows before | rows after | status | objective | bound | gap | heuristic | nodes | seconds | peak RSS MB | load (1/5/15 min) |");
    console.log("|:---|:---|---:|---:|---:|:---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const spec of specs) {
      const task: Task = { spec, merge, time, seed };
      const r = inProc ? await inProcess(task) : await runChild(task);
      const pr = spec.type === "mclp" ? `p ${spec.p} / r ${spec.radius}` : `r ${spec.radius}`;
      if ("error" in r) {
        console.log(`| ${spec.key} | ${spec.type} | ${pr} | failed: ${r.error} |`);
        continue;
      }
      if (!(Math.abs(r.evaluated - r.objective) <= 1e-9 * Math.max(1, Math.abs(r.objective)))) {
        console.log(`| ${spec.key} | ${spec.type} | ${pr} | reported objective ${r.objective} but evaluate gives ${r.evaluated} |`);
        continue;
      }
      console.log(
        `| ${spec.key} | ${spec.type} | ${pr} | ${int(r.rowsBefore)} | ${merge ? int(r.rowsAfter) : `(${int(r.rowsAfter)})`} | ${r.status} | ${int(r.evaluated)} | ${int(r.bound)} | ${pct(r.gap)} | ${int(r.heuristic)} | ${int(r.nodes)} | **${num(r.seconds, 2)}** | ${num(r.peakRssMB, 0)} | ${r.load} |`,
      );
    }
  }
  if (withNative) {
    console.log(`\n### covering — scipy HiGHS on the merged rows (benchmarks/covering-native.py), time limit ${time} s\n`);
    console.log("| instance | status | objective | bound | gap | LP relaxation | seconds | peak RSS MB | load (1/5/15 min) |");
    console.log("|:---|:---|---:|---:|---:|---:|---:|---:|---|");
    for (const spec of specs) {
      const load = loadavg().map((l) => l.toFixed(2)).join(" ");
      const r = await native(spec, { spec, merge: true, time, seed }, inProc);
      if ("error" in r) console.log(`| ${spec.key} | failed: ${r.error} |`);
      else if (r.status === "unavailable") console.log(`| ${spec.key} | ${r.message} |`);
      else console.log(`| ${spec.key} | ${r.status} | ${int(r.objective)} | ${int(r.bound)} | ${pct(r.gap)} | ${num(r.lp, 2)} | ${num(r.seconds, 2)} | ${num(r.peak_mb, 0)} | ${load} |`);
    }
  }
}

await suiteEntry(import.meta.url, CHILD_ENV, child, run);

/**
 * `pnpm bench scale [--n 100000] [--m 2000] [--p 50] [--time-limit 60] [--seeds 1]` — p-median at
 * scale (issue 10 item 3): random demand and candidate points uniform in a 10 km square, integer
 * weights 1–20, euclidean; `solve` with the default solver (heuristic incumbent, then the
 * engine's Lagrangian bound on the k-nearest lists, valid with their truncation). Prints one
 * Markdown row per seed: objective, bound, gap, reported and wall seconds, peak RSS and the load.
 */
import { loadavg } from "node:os";
import { parseScenario, solve } from "@siting/core";
import { mulberry32 } from "../packages/core/src/rng.js";
import { flag, int, pct } from "./common.js";

export async function run(args: string[]): Promise<void> {
  const n = Number(flag(args, "--n") ?? 100_000);
  const m = Number(flag(args, "--m") ?? 2_000);
  const p = Number(flag(args, "--p") ?? 50);
  const limit = Number(flag(args, "--time-limit") ?? 60);
  const seeds = Number(flag(args, "--seeds") ?? 1);
  console.log(`\n### p-median at scale: ${n.toLocaleString("en-US")} × ${m.toLocaleString("en-US")}, p = ${p}, time limit ${limit} s\n`);
  console.log("| seed | status | objective | bound | gap | reported s | wall s | peak RSS MB | load (1/5/15 min) |");
  console.log("|---:|---|---:|---:|---:|---:|---:|---:|---|");
  for (let seed = 1; seed <= seeds; seed++) {
    const rnd = mulberry32(seed);
    const demand = Array.from({ length: n }, (_, i) => ({ id: `d${i}`, x: rnd() * 10_000, y: rnd() * 10_000, weight: 1 + Math.floor(rnd() * 20) }));
    const sites = Array.from({ length: m }, (_, j) => ({ id: `s${j}`, x: rnd() * 10_000, y: rnd() * 10_000 }));
    const scenario = parseScenario({ demand, sites });
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
    const t = performance.now();
    const r = await solve(scenario, { type: "pmedian", p }, { timeLimit: limit, onProgress: () => (peak = Math.max(peak, process.memoryUsage().rss)) });
    const wall = (performance.now() - t) / 1000;
    clearInterval(timer);
    const load = loadavg().map((x) => x.toFixed(2)).join(" ");
    console.log(`| ${seed} | ${r.status} | ${int(r.objective)} | ${int(r.bound)} | ${pct(r.gap, 3)} | ${r.seconds.toFixed(1)} | ${wall.toFixed(1)} | ${Math.round(peak / 1e6)} | ${load} |`);
  }
}

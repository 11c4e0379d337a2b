/**
 * `lingang` suite: the Lingang scenarios (@siting/lingang) — problem × resolution × solver →
 * residents covered / objective, status, gap, seconds, peak memory.
 *
 *   npx tsx benchmarks/lingang.ts [--zone first-start|focus|all] [--year 2024|2035]
 *       [--resolutions 500,250,100] [--facilities clinics,schools-primary,eldercare,stations]
 *       [--problems coverage,budget,standard] [--solvers engine,heuristic,highs,glpk,lp-solver]
 *       [--limit 60] [--engine-limit 60] [--standard-resolutions 500]
 *
 * Problems (from `lingangScenario(...).problems`): `coverage` = uncapacitated LSCP (everyone within
 * the radius, least cost of new sites), `budget` = MCLP (most residents / children within the
 * radius for the facility type's default budget), `standard` = the capacitated LSCP with the plan's
 * per-capita standard and size modules (MIP backends only; on `--standard-resolutions`).
 *
 * Solvers: `engine` (our exact engine, stopped by `--engine-limit` seconds, proven bound and gap),
 * `heuristic` (greedy + local search, no proof), `highs`, `glpk`, `lp-solver` (MIP backends with
 * `--limit` seconds). A MIP backend is stopped for a problem and facility at the first resolution it
 * does not solve to proven optimality within the limit (time limit, crash, kill, or lp-solver's
 * size guard: "refused"); the larger resolutions then show "skipped". The engine and the heuristic
 * always return an answer, so they run at every resolution.
 *
 * Every solve runs in its own child process (killed at the limit + 60 s: javascript-lp-solver has
 * no time limit inside a simplex), after a warm-up solve that loads the solver. Seconds are
 * `solve()`'s own (model building, warm-start heuristic for MIP backends, solve, independent
 * evaluation). Peak RSS is the largest `process.memoryUsage.rss()` sampled before the solve, on
 * every progress report (throttled to 100 ms by the solver) and after it; WebAssembly heaps never
 * shrink, so the after-sample holds the HiGHS / GLPK high-water mark. The kernel's max RSS of the
 * child (grid generation and warm-up included) is shown beside it.
 */
import { flag, int, list, num, pct, suiteEntry } from "./common.js";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseScenario, solve, type SolverName } from "@siting/core";
import { lingangGrid, lingangScenario, type FacilityType, type Resolution, type Year, type ZoneName } from "@siting/lingang";

const SOLVERS = ["engine", "heuristic", "highs", "glpk", "lp-solver"] as const;
type Solver = (typeof SOLVERS)[number];
const MIP: readonly Solver[] = ["highs", "glpk", "lp-solver"];
type ProblemId = "coverage" | "budget" | "standard";
const CHILD_ENV = "SITING_LINGANG_BENCH_CHILD";

interface Task {
  facility: FacilityType;
  problem: ProblemId;
  resolution: Resolution;
  zone: ZoneName;
  year: Year;
  solver: Solver;
  limit: number;
}

interface Row {
  status: string;
  objective: number | null;
  bound: number | null;
  gap: number | null;
  covered: number | null;
  total: number;
  fraction: number | null;
  open: number;
  newSites: number;
  cost: number | null;
  seconds: number;
  peakMB: number;
  maxRssMB: number;
  demand: number;
  sites: number;
  message?: string;
}

/** Child process: one solve, one JSON line on stdout. */
async function child(task: Task): Promise<void> {
  const rss = () => process.memoryUsage.rss();
  const grid = lingangGrid({ year: task.year, zone: task.zone, resolution: task.resolution });
  const ls = lingangScenario({ facility: task.facility, grid });
  const rp = ls.problems.find((p) => p.id === task.problem);
  if (!rp) throw new Error(`${task.facility} has no ${task.problem} problem`);
  const sc = parseScenario(ls.scenario);
  const solver = task.solver as SolverName;
  // warm-up: load the solver (module import, WebAssembly compile) on a two-point scenario
  const tiny = { demand: [{ id: "d", x: 0, y: 0, weight: 1 }], sites: [{ id: "s", x: 1, y: 0, cost: 1 }] };
  await solve(tiny, { type: "lscp", radius: 5 }, { solver, timeLimit: 10 });
  let peak = rss();
  const sample = () => {
    const v = rss();
    if (v > peak) peak = v;
  };
  const base: Pick<Row, "total" | "demand" | "sites"> = { total: sc.demand.reduce((a, d) => a + d.weight, 0), demand: sc.demand.length, sites: sc.sites.length };
  process.stdout.write(`@@SIZE ${JSON.stringify(base)}\n`); // for the report if the solve is killed
  let row: Row;
  try {
    const r = await solve(sc, rp.problem, { solver, timeLimit: task.limit, seed: 1, onProgress: sample });
    sample();
    const existing = r.sites.filter((s) => s.existing).length;
    row = {
      ...base,
      status: r.status,
      objective: r.objective,
      bound: r.bound,
      gap: r.gap,
      covered: r.objective === null ? null : r.coverage.covered,
      fraction: r.objective === null ? null : r.coverage.fraction,
      open: r.open.length,
      newSites: r.open.length - existing,
      cost: r.objective === null ? null : r.cost,
      seconds: r.seconds,
      peakMB: peak / 2 ** 20,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    };
    if (r.message) row.message = r.message;
  } catch (e) {
    sample();
    const message = (e as Error).message;
    row = {
      ...base,
      status: /too large for javascript-lp-solver/.test(message) ? "refused" : "error",
      objective: null, bound: null, gap: null, covered: null, fraction: null, open: 0, newSites: 0, cost: null, seconds: NaN,
      peakMB: peak / 2 ** 20,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      message,
    };
  }
  process.stdout.write(`@@RESULT ${JSON.stringify(row)}\n`);
}

function runChild(task: Task): Promise<Row> {
  const self = fileURLToPath(import.meta.url);
  const tsx = import.meta.resolve("tsx");
  const grace = 60;
  return new Promise((resolve) => {
    const t0 = Date.now();
    const proc = spawn(process.execPath, ["--import", tsx, self], { env: { ...process.env, [CHILD_ENV]: JSON.stringify(task) }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.stderr.on("data", (d) => (err += d));
    const hard = setTimeout(() => proc.kill("SIGKILL"), (task.limit + grace) * 1000);
    proc.on("close", (code, sig) => {
      clearTimeout(hard);
      const line = out.split("\n").find((l) => l.startsWith("@@RESULT "));
      if (line) return resolve(JSON.parse(line.slice(9)) as Row);
      const killed = sig === "SIGKILL";
      const sizeLine = out.split("\n").find((l) => l.startsWith("@@SIZE "));
      const size = sizeLine ? (JSON.parse(sizeLine.slice(7)) as Pick<Row, "total" | "demand" | "sites">) : { total: NaN, demand: NaN, sites: NaN };
      resolve({
        status: killed ? "killed" : "crashed",
        objective: null, bound: null, gap: null, covered: null, fraction: null, open: 0, newSites: 0, cost: null,
        seconds: (Date.now() - t0) / 1000, peakMB: NaN, maxRssMB: NaN, ...size,
        message: killed ? `killed after ${task.limit + grace} s` : `exit ${code}: ${err.trim().split("\n").slice(-3).join(" / ")}`,
      });
    });
  });
}


export async function run(args: string[]): Promise<void> {
  const zone = (flag(args, "zone") ?? "first-start") as ZoneName;
  const year = Number(flag(args, "year") ?? 2024) as Year;
  const resolutions = list(flag(args, "resolutions"), "500,250,100").map(Number) as Resolution[];
  const stdResolutions = list(flag(args, "standard-resolutions"), "500").map(Number) as Resolution[];
  const facilities = list(flag(args, "facilities"), "clinics,schools-primary,eldercare,stations") as FacilityType[];
  const problems = list(flag(args, "problems"), "coverage,budget,standard") as ProblemId[];
  const solvers = list(flag(args, "solvers"), SOLVERS.join(",")) as Solver[];
  const limit = Number(flag(args, "limit") ?? 60);
  const engineLimit = Number(flag(args, "engine-limit") ?? limit);
  const t0 = Date.now();
  console.log(`\n## Lingang scenarios — ${year}, zone ${zone} (SYNTHETIC calibrated grid)\n`);
  console.log(`MIP backends: time limit ${limit} s; engine: ${engineLimit} s; heuristic: no proof. One child process per solve.`);

  for (const problem of problems) {
    const mipOnly = problem === "standard";
    const res = mipOnly ? stdResolutions : resolutions;
    const which = mipOnly ? solvers.filter((s) => s === "highs" || s === "glpk") : solvers;
    const title = {
      coverage: "coverage — uncapacitated LSCP: everyone within the radius, least cost of new sites (objective = M CNY)",
      budget: "budget — MCLP: most demand within the radius for the default budget (objective = demand covered)",
      standard: "standard — capacitated LSCP with the per-capita standard and size modules, least cost (objective = M CNY)",
    }[problem];
    console.log(`\n### ${title}\n`);
    console.log("| facility | grid | demand pts × sites | solver | status | objective | covered | new sites | gap | seconds | peak RSS MB | max RSS MB |");
    console.log("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (const facility of facilities) {
      if (mipOnly && facility === "stations") continue;
      const stopped = new Map<Solver, string>();
      for (const resolution of res) {
        for (const solver of which) {
          const lead = `| ${facility} | ${resolution} m |`;
          const why = stopped.get(solver);
          if (why !== undefined) {
            console.log(`${lead} | ${solver} | skipped (${why}) | | | | | | | |`);
            continue;
          }
          const lim = solver === "engine" ? engineLimit : limit;
          const r = await runChild({ facility, problem, resolution, zone, year, solver, limit: lim });
          const covered = r.covered === null ? "—" : `${int(r.covered)} (${pct(r.fraction, 1)})`;
          const obj = problem === "budget" ? int(r.objective) : num(r.objective, 1);
          const status = r.status === "refused" ? "refused (size guard)" : r.status;
          console.log(
            `${lead} ${int(r.demand)} × ${int(r.sites)} | ${solver} | ${status} | ${obj} | ${covered} | ${r.objective === null ? "—" : r.newSites} | ${pct(r.gap)} | ${num(r.seconds, 2)} | ${num(r.peakMB, 0)} | ${num(r.maxRssMB, 0)} |`,
          );
          if (r.status !== "optimal" && r.status !== "infeasible" && MIP.includes(solver)) stopped.set(solver, `${r.status === "refused" ? "refused" : r.status} at ${resolution} m`);
          if (r.message && r.status !== "optimal" && r.status !== "time_limit") console.error(`  ${facility} ${resolution} m ${solver}: ${r.message}`);
        }
      }
    }
  }
  console.log(
    `\nSeconds: solve() wall time after a warm-up solve (a "killed" row: the child's lifetime). Gap: |objective − proven bound| / objective; ` +
      `the heuristic's MCLP bound is the trivial one (the weight some site can cover), so its gap says little; glpk and lp-solver report no bound short of optimality (—). ` +
      `Peak RSS: sampled before, during (progress reports) and after the solve; max RSS: the child's kernel high-water mark.`,
  );
  console.log(`\n_lingang suite: ${((Date.now() - t0) / 1000).toFixed(0)} s in all_\n`);
}

await suiteEntry(import.meta.url, CHILD_ENV, child, run);

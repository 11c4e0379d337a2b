/**
 * `pnpm bench cflp [flags]` — the capacitated facility-location problem (`type: "cflp"`: sizes
 * chosen with the sites, single-source, capacities and a minimum use per new site, every point
 * served within `reach`, a share of the weight within `radius`) on seeded instances
 * (benchmarks/cflp-instances.ts) × solver → status, objective, bound, gap, seconds, peak memory.
 *
 *   npx tsx benchmarks/cflp.ts [--quick] [--only random|lingang] [--solvers engine,highs,glpk,lp-solver]
 *       [--time-limit 20] [--variant coverage,budget] [--native [--native-limit S] [--native-weak]]
 *       [--grace 60] [--lp-solver-max-cells 6e6]
 *
 * Instances: random seeds 1–3 and Lingang-like seeds 1–2 at 2,000 points × 400 candidates × 3
 * sizes; random-1 and lingang-1 at 500 × 100 for the slow backends; random-1 at 60 × 12, the only
 * one small enough for javascript-lp-solver. `--quick`: random-1 (60×12) alone. `--only` keeps one
 * family. Problems: `coverage` (least module cost with ≥ 90 % of the weight served within 1 km;
 * the default) and `budget` (most weight served within 1 km for the instance's budget).
 *
 * lp-solver is skipped, with a note, where the library's model (estimated from the instance)
 * would exceed its dense-tableau guard (`--lp-solver-max-cells`, the backend's
 * DEFAULT_MAX_CELLS 6e6); it has no time limit inside a simplex, so it is killed at the limit +
 * `--grace` seconds like any other child.
 *
 * `--native`: a reference row per instance from benchmarks/cflp-native.py (scipy.optimize.milp,
 * native HiGHS, same data via a JSON dump; needs python3 with scipy — not installed by this script),
 * with `--native-limit` seconds (default: the time limit) and the strong formulation (x ≤ y linking
 * rows) unless `--native-weak`.
 *
 * Every solve runs in its own child process, after a warm-up solve that loads the solver. Seconds
 * are `solve()`'s own. Peak RSS is the largest `process.memoryUsage.rss()` sampled before, during
 * (progress reports) and after the solve; max RSS is the child's kernel high-water mark (instance
 * generation and warm-up included). The self-check column re-checks the returned sites: load ≤
 * capacity, load ≥ minUse × capacity for new sites, coverage ≥ the target (or cost ≤ budget).
 */
import { flag, int, list, num, pct, suiteEntry } from "./common.js";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { solve, type SolverName } from "@siting/core";
import { benchInstances, instanceStats, makeInstance, unitsOf, type CflpInstance, type CflpProblem } from "./cflp-instances.js";

const SOLVERS = ["engine", "highs", "glpk", "lp-solver"] as const;
type Solver = (typeof SOLVERS)[number] | "auto";
type Variant = "coverage" | "budget";
type Spec = ReturnType<typeof benchInstances>[number];
const CHILD_ENV = "SITING_CFLP_BENCH_CHILD";
const LP_SOLVER_MAX_CELLS = 6_000_000;

interface Task {
  spec: Spec;
  variant: Variant;
  solver: Solver;
  limit: number;
}

interface Row {
  status: string;
  objective: number | null;
  bound: number | null;
  gap: number | null;
  seconds: number;
  peakMB: number;
  maxRssMB: number;
  open: number | null;
  newSites: number | null;
  cost: number | null;
  fraction: number | null;
  check?: string;
  message?: string;
}

const problemOf = (inst: CflpInstance, variant: Variant): CflpProblem => (variant === "budget" ? inst.budgetProblem : inst.problem);

/** Re-checks what the result reports per open site (capacitated results carry capacity and units). */
function selfCheck(inst: CflpInstance, problem: CflpProblem, r: Awaited<ReturnType<typeof solve>>): string {
  const bad: string[] = [];
  let cap = 0;
  let min = 0;
  let unknown = 0;
  for (const s of r.sites) {
    if (s.capacity == null || s.units == null) {
      unknown++;
      continue;
    }
    if (s.units > s.capacity * (1 + 1e-6) + 1e-6) cap++;
    if (!s.existing && s.units < problem.minUse * s.capacity * (1 - 1e-6) - 1e-6) min++;
  }
  if (cap) bad.push(`over capacity ×${cap}`);
  if (min) bad.push(`under minUse ×${min}`);
  if (problem.coverage !== undefined && r.coverage.fraction < problem.coverage - 1e-9) bad.push(`coverage ${(r.coverage.fraction * 100).toFixed(2)} %`);
  if (problem.budget !== undefined && r.cost > problem.budget * (1 + 1e-9)) bad.push(`cost ${r.cost} > budget`);
  const units = unitsOf(inst).reduce((a, u) => a + u, 0);
  const served = r.sites.reduce((a, s) => a + (s.units ?? 0), 0);
  if (!unknown && Math.abs(served - units) > 1e-6 * Math.max(1, units)) bad.push(`served ${served.toFixed(1)} of ${units.toFixed(1)} units`);
  if (unknown) bad.push(`${unknown} sites without units`);
  return bad.length ? bad.join("; ") : "ok";
}

/** Child process: one solve, one JSON line on stdout. */
async function child(task: Task): Promise<void> {
  const rss = () => process.memoryUsage.rss();
  const inst = makeInstance(task.spec);
  const problem = problemOf(inst, task.variant);
  const solver = task.solver as SolverName;
  // warm-up: load the solver (module import, WebAssembly compile) on a two-point scenario
  const tiny = { demand: [{ id: "d", x: 0, y: 0, weight: 1 }], sites: [{ id: "s", x: 1, y: 0, cost: 1 }] };
  await solve(tiny, { type: "lscp", radius: 5 }, { solver, timeLimit: 10 });
  let peak = rss();
  const sample = () => {
    const v = rss();
    if (v > peak) peak = v;
  };
  let row: Row;
  try {
    const r = await solve(inst.scenario, problem, { solver, timeLimit: task.limit, seed: 1, onProgress: sample });
    sample();
    const feasible = r.objective !== null;
    row = {
      status: r.status,
      objective: r.objective,
      bound: r.bound,
      gap: r.gap,
      seconds: r.seconds,
      peakMB: peak / 2 ** 20,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      open: feasible ? r.open.length : null,
      newSites: feasible ? r.sites.filter((s) => !s.existing).length : null,
      cost: feasible ? r.cost : null,
      fraction: feasible ? r.coverage.fraction : null,
    };
    if (feasible) row.check = selfCheck(inst, problem, r);
    if (r.message) row.message = r.message;
  } catch (e) {
    sample();
    const message = (e as Error).message;
    row = {
      status: /too large for javascript-lp-solver/.test(message) ? "refused" : "error",
      objective: null, bound: null, gap: null, seconds: NaN,
      peakMB: peak / 2 ** 20,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      open: null, newSites: null, cost: null, fraction: null,
      message,
    };
  }
  process.stdout.write(`@@RESULT ${JSON.stringify(row)}\n`);
}

const failed = (status: string, seconds: number, message: string): Row => ({
  status, objective: null, bound: null, gap: null, seconds, peakMB: NaN, maxRssMB: NaN, open: null, newSites: null, cost: null, fraction: null, message,
});

/** Runs a command whose stdout has one result line; kills it after `killAfter` seconds. */
function runProcess(cmd: string, argv: string[], env: NodeJS.ProcessEnv, killAfter: number, parse: (out: string) => Row | null): Promise<Row> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const proc = spawn(cmd, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.stderr.on("data", (d) => (err += d));
    const hard = setTimeout(() => proc.kill("SIGKILL"), killAfter * 1000);
    proc.on("error", (e) => {
      clearTimeout(hard);
      resolve(failed("crashed", (Date.now() - t0) / 1000, e.message));
    });
    proc.on("close", (code, sig) => {
      clearTimeout(hard);
      const row = parse(out);
      if (row) return resolve(row);
      const killed = sig === "SIGKILL";
      resolve(failed(killed ? "killed" : "crashed", (Date.now() - t0) / 1000, killed ? `killed after ${killAfter} s` : `exit ${code}: ${err.trim().split("\n").slice(-3).join(" / ")}`));
    });
  });
}

function runChild(task: Task, grace: number): Promise<Row> {
  const self = fileURLToPath(import.meta.url);
  const tsx = import.meta.resolve("tsx");
  return runProcess(process.execPath, ["--import", tsx, self], { ...process.env, [CHILD_ENV]: JSON.stringify(task) }, task.limit + grace, (out) => {
    const line = out.split("\n").find((l) => l.startsWith("@@RESULT "));
    return line ? (JSON.parse(line.slice(9)) as Row) : null;
  });
}

interface NativeOut {
  status: string;
  objective: number | null;
  bound: number | null;
  gap: number | null;
  seconds: number;
  peak_mb?: number;
  open?: number;
  new_sites?: number;
  cost?: number;
  fraction?: number;
  vars?: number;
  rows?: number;
  message?: string;
}

function runNative(file: string, limit: number, weak: boolean, grace: number): Promise<Row> {
  const script = fileURLToPath(new URL("./cflp-native.py", import.meta.url));
  const argv = [script, file, "--time-limit", String(limit), ...(weak ? ["--weak"] : [])];
  return runProcess("python3", argv, process.env, limit + grace, (out) => {
    const line = out.trim().split("\n").filter(Boolean).pop();
    if (!line?.startsWith("{")) return null;
    const o = JSON.parse(line) as NativeOut;
    return {
      status: o.status,
      objective: o.objective,
      bound: o.bound,
      gap: o.gap,
      seconds: o.seconds ?? NaN,
      peakMB: NaN,
      maxRssMB: o.peak_mb ?? NaN,
      open: o.open ?? null,
      newSites: o.new_sites ?? null,
      cost: o.cost ?? null,
      fraction: o.fraction ?? null,
      message: o.vars !== undefined ? `${o.vars} vars × ${o.rows} rows${o.message ? `; ${o.message}` : ""}` : o.message,
    };
  });
}

/**
 * The dense tableau javascript-lp-solver would build for the library's sparse cflp model (see
 * packages/core/src/lp/cflp.ts): columns z (one per site option), y (one per site), x (one per
 * pair within reach); rows assign (equality), size (equality), x ≤ y linking for new sites,
 * capacity, minimum use, coverage/budget; the translation adds a row per equality and a bound row
 * per binary column. An estimate, used only to skip lp-solver before its own guard refuses.
 */
function tableauCells(inst: CflpInstance): { vars: number; rows: number; cells: number } {
  const { demand, sites } = inst.scenario;
  const { reach, modules } = inst.problem;
  let pairs = 0;
  let pairsNew = 0;
  let positive = 0;
  for (const d of demand) {
    if (d.weight <= 0) continue;
    positive++;
    for (const s of sites) {
      if ((d.x - s.x) ** 2 + (d.y - s.y) ** 2 > reach * reach) continue;
      pairs++;
      if (!s.existing) pairsNew++;
    }
  }
  const m = sites.length;
  const cand = sites.filter((s) => !s.existing).length;
  const vars = cand * modules.length + m + pairs;
  const rows = positive + cand + pairsNew + 2 * m + 1;
  const constraints = rows + positive + cand + vars;
  return { vars, rows, cells: (vars + 1) * (constraints + 1) };
}


export async function run(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const only = flag(args, "only");
  const solvers = list(flag(args, "solvers"), SOLVERS.join(",")) as Solver[];
  const limit = Number(flag(args, "time-limit") ?? 20);
  const grace = Number(flag(args, "grace") ?? 60);
  const variants = list(flag(args, "variant"), "coverage") as Variant[];
  const maxCells = Number(flag(args, "lp-solver-max-cells") ?? LP_SOLVER_MAX_CELLS);
  const native = args.includes("--native");
  const nativeLimit = Number(flag(args, "native-limit") ?? limit);
  const nativeWeak = args.includes("--native-weak");
  for (const s of solvers) if (![...SOLVERS, "auto"].includes(s)) throw new Error(`unknown solver "${s}"; expected ${SOLVERS.join(", ")} or auto`);
  for (const v of variants) if (v !== "coverage" && v !== "budget") throw new Error(`unknown variant "${v}"; expected coverage or budget`);
  if (only !== undefined && only !== "random" && only !== "lingang") throw new Error(`--only expects random or lingang, not "${only}"`);

  let specs = benchInstances();
  if (quick) specs = specs.slice(0, 1);
  if (only) specs = specs.filter((s) => s.family === only);
  const t0 = Date.now();
  const insts = specs.map((s) => ({ spec: s, inst: makeInstance(s) }));

  console.log(`\n## cflp — capacitated facility location with sizes, minimum use and a coverage target\n`);
  console.log("### Instances\n");
  console.log("| instance | points (weight > 0) × candidates (+ existing) × sizes | total weight | demand units | within 1 km of a site | candidates within 3 km / point | capacity bound (sites) | greedy 90 % cover (sites) | budget |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const { inst } of insts) {
    const s = instanceStats(inst);
    console.log(
      `| ${inst.name} | ${int(s.points)} (${int(s.positive)}) × ${s.candidates}${s.existing ? ` (+${s.existing})` : ""} × ${inst.sizes} | ${int(s.totalWeight)} | ${num(s.totalUnits, 0)} | ${pct(s.withinRadius, 2)} | ${num(s.meanInReach, 1)} | ${s.capacityBound} | ${s.greedyCover} | ${int(s.budget ?? null)} |`,
    );
  }
  console.log(
    `\nrandom: uniform points and candidates (20 and 4 per km²), weights 1–8 = demand units, sizes 150/300/450 units at 100/170/230. ` +
      `lingang: synthetic 250 m grid (new-city ring around a lake, three town seats, industrial zone, villages), weight = residents, ` +
      `demand = 25 places per 1,000 residents, kindergartens of 9/12/15 classes × 30 places at 28/34.7/41.1 M CNY, two existing (360 and 270 places). ` +
      `All: reach 3 km, radius 1 km, minUse 60 %, single-source; coverage 90 % (random) and 80 % (lingang: at 90 % no solver finds a plan, the villages cannot fill a 162-place minimum within 1 km). Capacity bound: fewest largest modules holding the units; ` +
      `greedy cover: sites a greedy pick needs for 90 % of the weight within 1 km, capacities ignored.`,
  );

  let dir: string | undefined;
  let nativeNote = "";
  if (native) {
    const probe = spawnSync("python3", ["-c", "import scipy, numpy; print(scipy.__version__)"], { encoding: "utf8" });
    if (probe.status === 0) {
      dir = mkdtempSync(join(tmpdir(), "siting-cflp-"));
      nativeNote = `native: scipy ${probe.stdout.trim()} milp (HiGHS), ${nativeWeak ? "weak" : "strong"} formulation, ${nativeLimit} s.`;
    } else nativeNote = "native: skipped, python3 cannot import scipy (not installed here; install python3-scipy to get the reference column).";
  }

  const notes: string[] = [];
  for (const variant of variants) {
    const title =
      variant === "coverage"
        ? "coverage — least module cost, every point served within 3 km, ≥ 90 % (lingang 80 %) of the weight served within 1 km (objective = cost)"
        : "budget — most weight served within 1 km for the budget, every point served within 3 km (objective = weight within 1 km)";
    console.log(`\n### ${title}\n`);
    console.log(`Time limit ${limit} s per solve; one child process per solve.\n`);
    console.log("| instance | n×m×sizes | solver | status | objective | bound | gap | seconds | peak RSS MB | max RSS MB | open (new) | within 1 km | self-check |");
    console.log("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const { spec, inst } of insts) {
      const lead = `| ${inst.name} | ${inst.n}×${inst.m}${inst.existing ? `+${inst.existing}` : ""}×${inst.sizes} |`;
      let reference: Row | undefined;
      const rows: [string, Row][] = [];
      if (dir) {
        const file = join(dir, `${inst.name.replace(/[^\w-]+/g, "_")}-${variant}.json`);
        writeFileSync(file, JSON.stringify({ scenario: inst.scenario, problem: problemOf(inst, variant) }));
        reference = await runNative(file, nativeLimit, nativeWeak, grace);
      }
      for (const solver of solvers) {
        if (solver === "lp-solver") {
          const t = tableauCells(inst);
          if (t.cells > maxCells) {
            console.log(`${lead} lp-solver | skipped (size) | | | | | | | | | |`);
            const note = `lp-solver skipped on ${inst.name}: the library's model has ≈ ${int(t.vars)} variables × ${int(t.rows)} rows, a dense tableau of ≈ ${t.cells.toExponential(1)} cells > ${maxCells.toExponential(0)} (its size guard)`;
            if (!notes.includes(note)) notes.push(note);
            continue;
          }
        }
        const r = await runChild({ spec, variant, solver, limit }, grace);
        rows.push([solver, r]);
        const match =
          reference?.status === "optimal" && r.objective !== null && reference.objective !== null
            ? Math.abs(r.objective - reference.objective) <= 1e-6 * Math.max(1, Math.abs(reference.objective))
              ? " ✓"
              : r.status === "optimal"
                ? " ✗"
                : ""
            : "";
        const status = r.status === "refused" ? "refused (size guard)" : r.status;
        const open = r.open === null ? "—" : `${r.open} (${r.newSites})`;
        console.log(
          `${lead} ${solver} | ${status} | ${num(r.objective, 1)}${match} | ${num(r.bound, 1)} | ${pct(r.gap)} | ${num(r.seconds, 2)} | ${num(r.peakMB, 0)} | ${num(r.maxRssMB, 0)} | ${open} | ${pct(r.fraction, 1)} | ${r.check ?? "—"} |`,
        );
        if (r.message && r.status !== "optimal" && r.status !== "time_limit") console.error(`  ${inst.name} ${variant} ${solver}: ${r.message}`);
      }
      if (reference) {
        const r = reference;
        const open = r.open === null ? "—" : `${r.open} (${r.newSites})`;
        console.log(
          `${lead} native scipy/HiGHS | ${r.status} | ${num(r.objective, 1)} | ${num(r.bound, 1)} | ${pct(r.gap)} | ${num(r.seconds, 2)} | — | ${num(r.maxRssMB, 0)} | ${open} | ${pct(r.fraction, 1)} | — |`,
        );
        if (r.status !== "optimal" && r.status !== "time_limit") console.error(`  ${inst.name} ${variant} native: ${r.message ?? ""}`);
        // a proven optimum below (minimisation) / above (budget) the reference's proven bound is a contradiction
        for (const [solver, t] of rows) {
          if (t.objective === null || r.bound === null) continue;
          const wrong = variant === "coverage" ? t.objective < r.bound - 1e-6 * Math.abs(r.bound) : t.objective > r.bound + 1e-6 * Math.abs(r.bound);
          if (wrong) notes.push(`${inst.name} ${variant}: ${solver}'s objective ${t.objective} is beyond the native proven bound ${r.bound} — check the models agree`);
        }
      }
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  console.log(
    `\nObjective ✓ / ✗: equal / not equal to the native reference's proven optimum (with --native). Gap: |objective − bound| / objective. ` +
      `Seconds: solve() after a warm-up solve (a killed row: the child's lifetime; native: model build + milp). ` +
      `Peak RSS: sampled before, during and after the solve; max RSS: the child's kernel high-water mark (native: Python's ru_maxrss). ` +
      `Open (new): open sites, existing included (new sites). Self-check: the returned sites' loads against capacity and minimum use, coverage against the target.`,
  );
  if (nativeNote) console.log(`\n${nativeNote}`);
  for (const n of notes) console.log(`\n- ${n}`);
  console.log(`\n_cflp suite: ${((Date.now() - t0) / 1000).toFixed(0)} s in all_\n`);
}

await suiteEntry(import.meta.url, CHILD_ENV, child, run);

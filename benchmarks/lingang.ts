/**
 * `lingang` suite: the main job (`planLingang` of @siting/lingang, as `siting lingang` runs it)
 * timed on several grids — each facility type a `cflp` per planning district (sites and sizes
 * together, existing capacity first, minimum use, catchments by land use), the near-term plan, the
 * 2035 network grown from it and the cost–coverage trade-off, within the run's time — and what it
 * plans: per type seconds, status, gap, new sites, cost, capacity vs need, median use of new sites,
 * urban share within the standard radius, plausibility flags.
 *
 *   npx tsx benchmarks/lingang.ts [--grids first-start:500,first-start:250,all:500]
 *       [--zone first-start|focus|all] [--resolutions 500,250,100] [--year 2024|2035]
 *       [--facilities clinics,schools-kindergarten,...] [--seconds S | --time-limit S]
 *       [--solver auto|highs|glpk|lp-solver] [--no-phasing] [--no-tradeoff] [--grace 300] [--jobs N]
 *
 * Grids: `--grids` lists zone:resolution pairs (default first-start 500 m, first-start 250 m, all
 * 500 m); `--zone` and/or `--resolutions` replace them with zone × resolutions. Time: by default
 * planLingang's own run time by zone (split over the near term, the 2035 network, the trade-off and
 * the types); `--seconds` sets that run time, `--time-limit` (alias `--limit`) the seconds of each
 * facility type instead. `--no-phasing` skips the 2035 network, `--no-tradeoff` the trade-off.
 *
 * Solves run as `siting lingang` runs them: in a pool of `--jobs` worker threads (default the CLI's:
 * the machine's cores, at most 4), that many facility types at once, each solve with a hard deadline.
 *
 * Every grid runs in its own child process (a cold start, as from the CLI: the first HiGHS solve of
 * a process is slower), killed after `--grace` seconds beyond three times the run time. Seconds per
 * type are the plan's own (`FacilityPlan.seconds`: its districts' solves, without the trade-off);
 * the grid's seconds are planLingang's wall time, grid generation included. Max RSS: the child's
 * kernel high-water mark. Results at a time limit vary with the machine's load.
 */
import { flag, int, list, num, pct, suiteEntry } from "./common.js";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { defaultJobs, lingangPool } from "../packages/cli/src/lingang.js";
import { FACILITY_TYPES, planLingang, type FacilityPlan, type FacilityType, type Resolution, type Year, type ZoneName } from "@siting/lingang";

const CHILD_ENV = "SITING_LINGANG_BENCH_CHILD";
const SOLVERS = ["auto", "highs", "glpk", "lp-solver"] as const;

interface Task {
  zone: ZoneName;
  resolution: Resolution;
  year: Year;
  facilities: FacilityType[];
  seconds?: number;
  timeLimit?: number;
  solver: (typeof SOLVERS)[number];
  phasing: boolean;
  tradeoff: boolean;
  /** Worker threads (the CLI's `--jobs`): facility types planned at once. */
  jobs: number;
}

interface TypeRow {
  facility: FacilityType;
  year: Year;
  seconds: number;
  status: string;
  gap: number | null;
  existing: number;
  committed: number;
  newSites: number;
  cost: number;
  capacity: number;
  need: number;
  unit: string;
  medianUse: number | null;
  within: number;
  radius: number;
  flags: string[];
  messages: string[];
  tradeoff: { label: string; cost: number | null; coverage: number | null; status: string }[];
}

interface GridResult {
  residents: number;
  cells: number;
  seconds: number;
  maxRssMB: number;
  rows: TypeRow[];
  subset: boolean | null;
  offNetwork: number;
}

const typeRow = (f: FacilityPlan): TypeRow => ({
  facility: f.facility, year: f.year, seconds: f.seconds, status: f.status, gap: f.gap,
  existing: f.existingSites, committed: f.committedSites, newSites: f.newSites, cost: f.cost,
  capacity: f.capacity, need: f.need, unit: f.capacityUnit, medianUse: f.utilization.median,
  within: f.withinRadius.share, radius: f.withinRadius.radius, flags: f.flags, messages: f.messages,
  tradeoff: (f.tradeoff ?? []).map((p) => ({ label: p.label, cost: p.cost, coverage: p.coverage, status: p.status })),
});

/** Child process: one planLingang run, one JSON line on stdout. */
async function child(task: Task): Promise<void> {
  // the CLI's worker pool (hard deadlines per solve, `jobs` types at once)
  const pool = lingangPool(task.jobs, task.solver);
  const plan = await planLingang({
    year: task.year, zone: task.zone, resolution: task.resolution, facilities: task.facilities,
    solver: task.solver, phasing: task.phasing, frontier: task.tradeoff,
    ...(task.seconds !== undefined ? { seconds: task.seconds } : {}),
    ...(task.timeLimit !== undefined ? { timeLimit: task.timeLimit } : {}),
    ...pool.options,
  }).finally(() => pool.close());
  const result: GridResult = {
    residents: plan.residents,
    cells: plan.cells,
    seconds: plan.seconds,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    rows: [...plan.facilities, ...(plan.phasing?.facilities ?? [])].map(typeRow),
    subset: plan.phasing ? plan.phasing.subset : null,
    offNetwork: plan.phasing?.offNetwork.length ?? 0,
  };
  process.stdout.write(`@@RESULT ${JSON.stringify(result)}\n`);
}

function runChild(task: Task, killAfter: number): Promise<GridResult | { error: string; seconds: number }> {
  const self = fileURLToPath(import.meta.url);
  const tsx = import.meta.resolve("tsx");
  return new Promise((resolve) => {
    const t0 = Date.now();
    const proc = spawn(process.execPath, ["--import", tsx, self], { env: { ...process.env, [CHILD_ENV]: JSON.stringify(task) }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.stderr.on("data", (d) => (err += d));
    const hard = setTimeout(() => proc.kill("SIGKILL"), killAfter * 1000);
    proc.on("close", (code, sig) => {
      clearTimeout(hard);
      const line = out.split("\n").find((l) => l.startsWith("@@RESULT "));
      if (line) return resolve(JSON.parse(line.slice(9)) as GridResult);
      const seconds = (Date.now() - t0) / 1000;
      resolve({ seconds, error: sig === "SIGKILL" ? `killed after ${killAfter} s` : `exit ${code}: ${err.trim().split("\n").slice(-3).join(" / ")}` });
    });
  });
}

export async function run(args: string[]): Promise<void> {
  const year = Number(flag(args, "year") ?? 2024) as Year;
  const zoneFlag = flag(args, "zone") as ZoneName | undefined;
  const resFlag = flag(args, "resolutions") ?? flag(args, "resolution");
  const grids: { zone: ZoneName; resolution: Resolution }[] =
    zoneFlag !== undefined || resFlag !== undefined
      ? list(resFlag, "500").map((r) => ({ zone: zoneFlag ?? "first-start", resolution: Number(r) as Resolution }))
      : list(flag(args, "grids"), "first-start:500,first-start:250,all:500").map((g) => {
          const [zone, resolution] = g.split(":");
          return { zone: zone as ZoneName, resolution: Number(resolution ?? 500) as Resolution };
        });
  const facilities = list(flag(args, "facilities"), FACILITY_TYPES.join(",")) as FacilityType[];
  const secondsFlag = flag(args, "seconds");
  const limitFlag = flag(args, "time-limit") ?? flag(args, "limit");
  const seconds = secondsFlag === undefined ? undefined : Number(secondsFlag);
  const timeLimit = limitFlag === undefined ? undefined : Number(limitFlag);
  for (const [name, v] of [["seconds", seconds], ["time-limit", timeLimit]] as const) {
    if (v !== undefined && !(v > 0)) throw new Error(`--${name}: expected seconds > 0, got ${v}`);
  }
  const solver = (flag(args, "solver") ?? "auto") as Task["solver"];
  if (!SOLVERS.includes(solver)) throw new Error(`--solver: one of ${SOLVERS.join(", ")}, got ${solver}`);
  const phasing = !args.includes("--no-phasing") && year === 2024;
  const tradeoff = !args.includes("--no-tradeoff");
  const grace = Number(flag(args, "grace") ?? 300);
  const jobs = Number(flag(args, "jobs") ?? defaultJobs());
  if (!(Number.isInteger(jobs) && jobs >= 1)) throw new Error(`--jobs: expected a whole number ≥ 1, got ${flag(args, "jobs")}`);
  const t0 = Date.now();
  const time =
    timeLimit !== undefined ? `${timeLimit} s per facility type${seconds !== undefined ? `, run time ${seconds} s` : ""}`
    : seconds !== undefined ? `run time ${seconds} s per grid` : "planLingang's default run time by zone";
  console.log(`\n## Lingang — planLingang, ${year}${phasing ? " + the 2035 network" : ""}${tradeoff ? " + the trade-off" : ""} (SYNTHETIC calibrated grid)\n`);
  console.log(`Time: ${time}; solver ${solver}; ${jobs} worker thread${jobs > 1 ? "s" : ""} (--jobs). One child process per grid. Gap: (objective − proven bound) / objective, summed over districts.`);

  for (const { zone, resolution } of grids) {
    const task: Task = { zone, resolution, year, facilities, solver, phasing, tradeoff, jobs, ...(seconds !== undefined ? { seconds } : {}), ...(timeLimit !== undefined ? { timeLimit } : {}) };
    // a generous ceiling: three times the run time (the largest default is 100 s), plus the grace
    const runTime = timeLimit !== undefined ? timeLimit * facilities.length * 2 : (seconds ?? 100);
    const r = await runChild(task, grace + 3 * runTime);
    if ("error" in r) {
      console.log(`\n### ${zone}, ${resolution} m — failed after ${num(r.seconds, 1)} s: ${r.error}\n`);
      continue;
    }
    console.log(`\n### ${zone}, ${resolution} m — ${int(r.residents)} residents, ${int(r.cells)} cells: ${num(r.seconds, 1)} s, max RSS ${num(r.maxRssMB, 0)} MB\n`);
    console.log("| year | facility | seconds | status | gap | existing + committed | new | cost (M CNY) | capacity / need | median use | urban within radius | flags |");
    console.log("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const t of r.rows) {
      console.log(
        `| ${t.year} | ${t.facility} | ${num(t.seconds, 1)} | ${t.status} | ${pct(t.gap, 1)} | ${t.existing} + ${t.committed} | ${t.newSites} | ${num(t.cost, 1)} | ` +
          `${int(t.capacity)} / ${int(t.need)} ${t.unit} (${num(t.capacity / Math.max(t.need, 1e-9), 2)}×) | ${pct(t.medianUse, 0)} | ${pct(t.within, 1)} of ${int(t.radius)} m | ` +
          `${t.flags.filter((f) => !f.startsWith("gap ")).join("; ") || "—"} |`,
      );
    }
    for (const y of [...new Set(r.rows.map((t) => t.year))]) {
      const rows = r.rows.filter((t) => t.year === y);
      console.log(`\n${y}: ${num(rows.reduce((a, t) => a + t.seconds, 0), 1)} s solving, ${rows.reduce((a, t) => a + t.newSites, 0)} new sites, ${num(rows.reduce((a, t) => a + t.cost, 0), 1)} M CNY.`);
    }
    if (r.subset !== null) console.log(`Near-term sites on the 2035 network: ${r.subset ? "all" : `all but ${r.offNetwork}`}.`);
    const trade = r.rows.filter((t) => t.tradeoff.length);
    if (trade.length) {
      console.log("\nTrade-off (cost M CNY, urban share within the radius):");
      for (const t of trade) console.log(`- ${t.facility}: ${t.tradeoff.map((p) => `${p.label} ${num(p.cost, 1)}, ${pct(p.coverage, 1)}${p.status === "optimal" ? "" : ` (${p.status})`}`).join("; ")}`);
    }
    const notes = r.rows.flatMap((t) => t.messages.map((m) => `${t.year} ${t.facility}: ${m}`));
    if (notes.length) console.log(`\nNotes:\n${notes.map((n) => `- ${n}`).join("\n")}`);
  }
  console.log(
    `\nSeconds: a type's own (its districts' solves, without the trade-off); the grid's: planLingang's wall time. Flags: the plan's plausibility flags ` +
      `(its gap above 1 % omitted, shown in the gap column).`,
  );
  console.log(`\n_lingang suite: ${((Date.now() - t0) / 1000).toFixed(0)} s in all_\n`);
}

await suiteEntry(import.meta.url, CHILD_ENV, child, run);
export {};

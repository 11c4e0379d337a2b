import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { planLingang, planMaps, planToJSON, planToMarkdown, type PlanOptions } from "@siting/lingang";
import { UsageError, choiceFlag, numberFlag, parse, timeLimitFlag } from "./args.js";
import { SolvePool } from "@siting/worker";

/** Default `--jobs`: the machine's cores, at most this many (each worker holds its own HiGHS, up to ≈ 1 GB on the whole area). */
const MAX_DEFAULT_JOBS = 4;
/** Grace after each solve's time limit before its worker is stopped (seconds: this share of the limit plus a constant). */
const LINGANG_GRACE_SHARE = 0.1;
const LINGANG_GRACE_SECONDS = 2;
import { ProgressLine } from "./progress.js";

export const LINGANG_USAGE = `siting lingang — the main job: plan health centres, schools, elder care and doorstep service
stations for the Lingang Special Area with the planner's model (sites and sizes together, minimum use,
catchments by land use, the plan's named projects; synthetic calibrated grid)

Usage:
  siting lingang [--year 2024|2035] [--zone first-start|focus|all] [--resolution 100|250|500]
                 [--budget MCNY] [--margin F] [--min-use F] [--no-phasing] [--no-tradeoff]
                 [--out DIR] [--time-limit SEC] [--solver auto|highs|glpk|lp-solver] [--jobs N]

  --year          2024 (≈600,000 residents; the near-term plan to 2025, default) or 2035 (2.5 million)
  --zone          first-start (119.5 km², default), focus (386 km²) or all (873 km²)
  --resolution    grid cell size in metres: 100, 250 or 500 (default)
  --budget        million CNY per facility type: maximise the share of urban residents within the
                  standard radius instead of the least-cost plan
  --margin        forward margin on schools and elder care (default 1.1)
  --min-use       least share of capacity a new facility serves (default 0.6)
  --no-phasing    2024 only: skip the 2035 network (by default it is planned from the near-term sites)
  --no-tradeoff   skip the cost–coverage trade-off per type
  --out           output folder (default out/lingang): report.md, report.json, one SVG map and one
                  trade-off chart per facility type
  --time-limit    seconds per facility type (all its districts) of the near-term plan; the 2035
                  network gets a third of it (default: the run's time — 50 s for the first-start
                  zone, 70 s focus, 85 s whole area — split over the types)
  --solver        MIP backend (default auto: HiGHS)
  --jobs          facility types planned at once, each in its own worker thread (default: the
                  machine's cores, at most ${MAX_DEFAULT_JOBS}); the run's time is shared over them
`;

/** Default `--jobs`: the machine's cores, at most `MAX_DEFAULT_JOBS`. */
export function defaultJobs(): number {
  return Math.min(MAX_DEFAULT_JOBS, availableParallelism());
}

/**
 * The worker pool `siting lingang` plans with (also the `lingang` benchmark's): `jobs` workers, one
 * facility type's plan per worker at a time (HiGHS loaded once per worker), each solve with a hard
 * deadline; `options` go into `planLingang`'s options (`concurrency`, `solveWith`).
 */
export function lingangPool(jobs: number, solver: "auto" | "highs" | "glpk" | "lp-solver"): { options: Pick<PlanOptions, "concurrency" | "solveWith">; close(): Promise<void> } {
  const pool = new SolvePool({ size: jobs });
  return {
    options: {
      concurrency: jobs,
      // (a longer grace than a single solve's: HiGHS does not look at the clock while it separates
      // cuts — measured 0.8–2.5 s past a 4 s limit on a first-start kindergarten model — and a solve
      // stopped at its hard deadline loses its bound; the run's time budget absorbs the overrun)
      solveWith: (sc, problem, o) => pool.solve(sc, problem, { ...o, solver: typeof o.solver === "string" ? o.solver : solver, ...(o.timeLimit !== undefined ? { graceSeconds: LINGANG_GRACE_SHARE * o.timeLimit + LINGANG_GRACE_SECONDS } : {}) }),
    },
    close: () => pool.close(),
  };
}

/** `siting lingang`: writes the report and the maps; returns the exit code. */
export async function lingangCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const parsed = parse(argv, {
    year: { type: "string" },
    zone: { type: "string" },
    resolution: { type: "string" },
    budget: { type: "string" },
    margin: { type: "string" },
    "min-use": { type: "string" },
    "no-phasing": { type: "boolean" },
    "no-tradeoff": { type: "boolean" },
    out: { type: "string" },
    "time-limit": { type: "string" },
    solver: { type: "string" },
    jobs: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  const values = parsed.values as Record<string, string | boolean | undefined> & { help?: boolean };
  if (values.help) {
    out(LINGANG_USAGE);
    return 0;
  }
  if (parsed.positionals.length) throw new UsageError(`lingang takes no positional arguments, got ${parsed.positionals.join(" ")}`);
  const year = Number(choiceFlag(values, "year", ["2024", "2035"] as const, "2024")) as 2024 | 2035;
  const zone = choiceFlag(values, "zone", ["first-start", "focus", "all"] as const, "first-start");
  const resolution = Number(choiceFlag(values, "resolution", ["100", "250", "500"] as const, "500")) as 100 | 250 | 500;
  const budget = numberFlag(values, "budget");
  if (budget !== undefined && !(budget >= 0)) throw new UsageError(`--budget: expected million CNY ≥ 0, got ${budget}`);
  const margin = numberFlag(values, "margin");
  if (margin !== undefined && !(margin >= 1 && margin <= 2)) throw new UsageError(`--margin: expected a factor in [1, 2], got ${margin}`);
  const minUse = numberFlag(values, "min-use");
  if (minUse !== undefined && !(minUse >= 0 && minUse <= 1)) throw new UsageError(`--min-use: expected a share in [0, 1], got ${minUse}`);
  const timeLimit = timeLimitFlag(values);
  const solver = choiceFlag(values, "solver", ["auto", "highs", "glpk", "lp-solver"] as const, "auto");
  const dir = resolve(typeof values.out === "string" ? values.out : "out/lingang");
  const jobs = numberFlag(values, "jobs") ?? defaultJobs();
  if (!(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) throw new UsageError(`--jobs: expected a whole number of worker threads in 1..64, got ${jobs}`);

  const tty = Boolean(process.stderr.isTTY);
  const t0 = Date.now();
  const line = new ProgressLine();
  const options: PlanOptions = {
    year, zone, resolution,
    solver,
    phasing: !values["no-phasing"],
    frontier: !values["no-tradeoff"],
    onProgress: (step, done, total) => {
      const seconds = (Date.now() - t0) / 1000;
      if (tty) {
        if (step === "done") line.done();
        else line.update({ phase: step, seconds, fraction: done / total });
      } else err(`[${done}/${total}] ${step === "done" ? "done" : `planning ${step}`} (${seconds.toFixed(1)} s)\n`);
    },
  };
  if (budget !== undefined) options.budget = budget;
  if (margin !== undefined) options.margin = margin;
  if (minUse !== undefined) options.minUse = minUse;
  if (timeLimit !== undefined) options.timeLimit = timeLimit;
  const pool = lingangPool(jobs, solver);
  Object.assign(options, pool.options);
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once("SIGINT", onSigint);
  options.signal = interrupt.signal;
  let plan;
  try {
    plan = await planLingang(options);
  } catch (e) {
    if (!interrupt.signal.aborted) throw e;
    line.done();
    err("siting: interrupted\n");
    return 130;
  } finally {
    process.removeListener("SIGINT", onSigint);
    await pool.close();
  }
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "report.md"), planToMarkdown(plan));
    writeFileSync(join(dir, "report.json"), JSON.stringify(planToJSON(plan), null, 2) + "\n");
    for (const [name, svg] of Object.entries(planMaps(plan))) writeFileSync(join(dir, name), svg);
  } catch (e) {
    throw new UsageError(`cannot write to ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const flagged = plan.facilities.filter((f) => f.flags.length);
  const cost = plan.facilities.reduce((a, f) => a + f.cost, 0);
  out(
    `Lingang ${plan.year}, zone ${plan.zone}, ${plan.resolution} m: ${plan.residents.toLocaleString("en-US")} residents, ${plan.facilities.length} facility types planned in ${plan.seconds.toFixed(1)} s; ` +
      `${plan.facilities.reduce((a, f) => a + f.newSites, 0)} new sites, ${(cost / 1000).toFixed(2)} billion CNY.\n` +
      (plan.phasing ? `2035 network: ${plan.phasing.facilities.reduce((a, f) => a + f.sites.length, 0)} sites; near-term sites on it: ${plan.phasing.subset ? "all" : `all but ${plan.phasing.offNetwork.length}`}.\n` : "") +
      (flagged.length ? `Plausibility flags:\n${flagged.map((f) => `  ${f.facility}: ${f.flags.join("; ")}`).join("\n")}\n` : "No plausibility flags.\n") +
      `Wrote ${join(dir, "report.md")}, report.json and the maps.\n`,
  );
  return 0;
}

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { planLingang, planMaps, planToJSON, planToMarkdown, type PlanOptions } from "@siting/lingang";
import { UsageError, choiceFlag, numberFlag, parse, timeLimitFlag } from "./args.js";
import { backendFor } from "./main.js";

export const LINGANG_USAGE = `siting lingang — the main job: plan clinics, schools, elder care and doorstep service
stations for the Lingang Special Area against the 2021 plan's standards (synthetic calibrated grid)

Usage:
  siting lingang [--year 2024|2035] [--zone first-start|focus|all] [--resolution 100|250|500]
                 [--budget MCNY] [--out DIR] [--work-limit N] [--time-limit SEC] [--solver highs|glpk|lp-solver]

  --year          population calibration: 2024 (≈600,000 residents) or 2035 (2.5 million); default 2024
  --zone          first-start (119.5 km², default), focus (386 km²) or all (873 km²)
  --resolution    grid cell size in metres: 100, 250 (default) or 500
  --budget        million CNY for the new sites of each facility type: maximal covering instead of
                  covering everyone
  --out           output folder (default out/lingang): report.md, report.json, one SVG map per facility type
  --work-limit    deterministic search limit of the access stage per facility type (default 4000)
  --time-limit    safety time limit per stage in seconds (default 20)
  --solver        MIP backend of the capacity stage (default highs)
`;

/** `siting lingang`: writes the report and the maps; returns the exit code. */
export async function lingangCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const parsed = parse(argv, {
    year: { type: "string" },
    zone: { type: "string" },
    resolution: { type: "string" },
    budget: { type: "string" },
    out: { type: "string" },
    "work-limit": { type: "string" },
    "time-limit": { type: "string" },
    solver: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  const values = parsed.values as Record<string, string | undefined> & { help?: boolean };
  if (values.help) {
    out(LINGANG_USAGE);
    return 0;
  }
  if (parsed.positionals.length) throw new UsageError(`lingang takes no positional arguments, got ${parsed.positionals.join(" ")}`);
  const year = Number(choiceFlag(values, "year", ["2024", "2035"] as const, "2024")) as 2024 | 2035;
  const zone = choiceFlag(values, "zone", ["first-start", "focus", "all"] as const, "first-start");
  const resolution = Number(choiceFlag(values, "resolution", ["100", "250", "500"] as const, "250")) as 100 | 250 | 500;
  const budget = numberFlag(values, "budget");
  if (budget !== undefined && !(budget >= 0)) throw new UsageError(`--budget: expected million CNY ≥ 0, got ${budget}`);
  const workLimit = numberFlag(values, "work-limit");
  if (workLimit !== undefined && !(Number.isInteger(workLimit) && workLimit >= 1)) throw new UsageError(`--work-limit: expected an integer ≥ 1, got ${workLimit}`);
  const timeLimit = timeLimitFlag(values);
  const solver = choiceFlag(values, "solver", ["highs", "glpk", "lp-solver"] as const, "highs");
  const dir = resolve(values.out ?? "out/lingang");

  const tty = Boolean(process.stderr.isTTY);
  const t0 = Date.now();
  const options: PlanOptions = {
    year, zone, resolution,
    backend: backendFor(solver) as Exclude<PlanOptions["backend"], undefined>,
    onProgress: (step, done, total) => {
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      if (tty) {
        const w = 30;
        const bar = "#".repeat(Math.round((done / total) * w)).padEnd(w, ".");
        process.stderr.write(`\r\x1b[2K[${bar}] ${done}/${total} ${step === "done" ? "done" : `planning ${step}`} ${secs} s`);
        if (step === "done") process.stderr.write("\n");
      } else err(`[${done}/${total}] ${step === "done" ? "done" : `planning ${step}`} (${secs} s)\n`);
    },
  };
  if (budget !== undefined) options.budget = budget;
  if (workLimit !== undefined) options.workLimit = workLimit;
  if (timeLimit !== undefined) options.timeLimit = timeLimit;
  const plan = await planLingang(options);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "report.md"), planToMarkdown(plan));
    writeFileSync(join(dir, "report.json"), JSON.stringify(planToJSON(plan), null, 2) + "\n");
    for (const [name, svg] of Object.entries(planMaps(plan))) writeFileSync(join(dir, name), svg);
  } catch (e) {
    throw new UsageError(`cannot write to ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const unmet = plan.facilities.filter((f) => (f.standard ? !f.standard.met : f.coveredFraction < 1 - 1e-12)).map((f) => f.facility);
  out(
    `Lingang ${plan.year}, zone ${plan.zone}, ${plan.resolution} m: ${plan.residents.toLocaleString("en-US")} residents, ${plan.facilities.length} facility types planned in ${plan.seconds.toFixed(1)} s.\n` +
      `Standards ${unmet.length ? `not met: ${unmet.join(", ")}` : "met for every facility type"}.\n` +
      `Wrote ${join(dir, "report.md")}, report.json and ${plan.facilities.length} SVG maps.\n`,
  );
  return 0;
}

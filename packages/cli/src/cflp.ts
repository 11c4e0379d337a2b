import { frontier, frontierSvg, SOLVERS, type FrontierPoint, type Problem, type ProblemFields } from "@siting/core";
import { RUN_FLAGS, UsageError, choiceFlag, numberFlag, parse, seedFlag, timeLimitFlag, writeText } from "./args.js";
import { loadScenario } from "./load.js";
import { backendFor, parseStandard } from "./main.js";
import { ProgressLine, formatNumber } from "./progress.js";

/** The cflp flags `solve` and `frontier` share. */
export const CFLP_FLAGS = {
  reach: { type: "string" },
  "new-site-reach": { type: "string" },
  "min-use": { type: "string" },
  "multi-source": { type: "boolean" },
  "distance-cost": { type: "string" },
  modules: { type: "string" },
} as const;

/** Sets the cflp fields of `problem` from the flags (the problem's own checks come later, in core). */
export function applyCflpFlags(problem: ProblemFields, values: Record<string, unknown>): void {
  const reach = numberFlag(values, "reach");
  const newSiteReach = numberFlag(values, "new-site-reach");
  const minUse = numberFlag(values, "min-use");
  const distanceCost = numberFlag(values, "distance-cost");
  if (reach !== undefined) problem.reach = reach;
  if (newSiteReach !== undefined) problem.newSiteReach = newSiteReach;
  if (minUse !== undefined) problem.minUse = minUse;
  if (distanceCost !== undefined) problem.distanceCost = distanceCost;
  if (values["multi-source"]) problem.singleSource = false;
  if (values.modules !== undefined) {
    try {
      problem.modules = JSON.parse(String(values.modules));
    } catch (e) {
      throw new UsageError(`--modules: expected a JSON array of modules [{name?, cost, capacity, min?}], got ${JSON.stringify(values.modules)} (${(e as Error).message})`);
    }
  }
}

export const FRONTIER_USAGE = `siting frontier — the cost–coverage frontier of a capacitated facility-location problem (cflp)

Usage:
  siting frontier <file> [--problem cflp] --radius R (--coverage S1,S2,… | --budget B1,B2,…) [options]

  --coverage LIST     coverage targets (shares of the demand weight within the radius, in (0, 1]):
                      the least cost at each
  --budget LIST       budgets: the most weight within the radius at each
  --radius R          the radius coverage is measured at
  --reach R           longest assignment distance (default: unlimited)
  --new-site-reach R  longest assignment distance to a new site (default: --reach); existing
                      sites may serve up to --reach
  --min-use F         every new site serves at least F × its capacity (a module's min overrides it)
  --multi-source      let a point's demand split over several sites
  --distance-cost C   cost per unit of weight × distance, added to the objective
  --modules JSON      size modules for every candidate site without its own, e.g.
                      '[{"name":"S","cost":4,"capacity":100}]' (default: the scenario's)
  --standard U/PER[:FIELD]
                      per-capita standard turning demand into units, e.g. 0.45/1000
  --solver S          ${SOLVERS.join(" | ")} (default auto)
  --time-limit SEC    time limit of each point
  --seed N            seed for the randomised search
  --sites FILE        read the sites from FILE; <file> then holds the demand
  --metric M          euclidean | haversine | manhattan
  --format F          table (default) | json
  --out FILE          write the table (or JSON) to FILE instead of stdout
  --svg FILE          also write the frontier as an SVG step chart (dominated points hollow)
  -h, --help          this help

Exit codes: 0 when at least one point is feasible (infeasible points are listed); 2 invalid input,
arguments, or every point infeasible; 1 internal error.
`;

function listFlag(values: Record<string, unknown>, name: string): number[] | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const parts = String(v).split(",").map((s) => s.trim());
  const xs = parts.map((s) => (s === "" ? NaN : Number(s)));
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x))) throw new UsageError(`--${name}: expected a comma-separated list of numbers, e.g. 0.5,0.75,1, got ${JSON.stringify(v)}`);
  return xs;
}

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(2)} %`);

/** The frontier as a text table, one line per point. */
export function frontierTable(points: readonly FrontierPoint[], by: "coverage" | "budget"): string {
  const head = [by === "coverage" ? "target" : "budget", "status", "covered", "cost", "objective", "gap", "sites", ""];
  const rows = points.map((p) => [
    by === "coverage" ? pct(p.target ?? null) : formatNumber(p.budget as number),
    p.status,
    pct(p.coverage),
    p.cost === null ? "—" : formatNumber(p.cost),
    p.objective === null ? "—" : formatNumber(p.objective),
    p.gap === null ? "—" : `${(p.gap * 100).toFixed(3)} %`,
    p.status === "infeasible" ? "—" : String(p.result.sites.filter((s) => !s.existing).length),
    p.dominated ? "dominated" : "",
  ]);
  const w = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (r: string[]) => r.map((c, k) => (k === 0 || k >= 2 ? c.padStart(w[k]) : c.padEnd(w[k]))).join("  ").trimEnd();
  return [line(head), ...rows.map(line)].join("\n") + "\n";
}

/** `siting frontier`: returns the exit code. */
export async function frontierCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const parsed = parse(argv, {
    problem: { type: "string" },
    radius: { type: "string" },
    coverage: { type: "string" },
    budget: { type: "string" },
    ...CFLP_FLAGS,
    standard: { type: "string" },
    ...RUN_FLAGS,
    svg: { type: "string" },
  });
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    out(FRONTIER_USAGE);
    return 0;
  }
  const positionals = parsed.positionals;
  if (positionals.length !== 1) throw new UsageError(`frontier takes one scenario file, got ${positionals.length}; try \`siting frontier --help\``);
  if (values.problem !== undefined && values.problem !== "cflp") throw new UsageError(`--problem: the frontier is for cflp, got ${JSON.stringify(values.problem)}`);
  const coverage = listFlag(values, "coverage");
  const budget = listFlag(values, "budget");
  if ((coverage === undefined) === (budget === undefined)) throw new UsageError("give either --coverage S1,S2,… (least cost at each target) or --budget B1,B2,… (most coverage at each budget)");
  const radius = numberFlag(values, "radius");
  if (radius === undefined) throw new UsageError("--radius is required: coverage is measured within it");
  const solver = choiceFlag(values as Record<string, unknown>, "solver", SOLVERS, "auto");
  const format = choiceFlag(values as Record<string, unknown>, "format", ["table", "json"] as const, "table");
  const timeLimit = timeLimitFlag(values);
  const seed = seedFlag(values);

  const loaded = loadScenario(positionals[0], values.sites as string | undefined, values.metric as string | undefined);
  const problem: Problem = { type: "cflp", radius };
  applyCflpFlags(problem, values);
  if (values.standard !== undefined) problem.standard = parseStandard(String(values.standard));

  const progress = new ProgressLine();
  let points: FrontierPoint[];
  try {
    points = await frontier(loaded.scenario, problem, coverage ? { coverage } : { budget: budget as number[] }, {
      solver: backendFor(solver),
      timeLimit,
      seed,
      onProgress: progress.update,
    });
  } finally {
    progress.done();
  }
  const by = coverage ? "coverage" : "budget";
  const text =
    format === "json"
      ? JSON.stringify(
          points.map(({ result, ...p }) => ({ ...p, sites: result.sites.map((s) => ({ id: s.id, existing: s.existing, module: s.module, units: s.units, capacity: s.capacity })), message: result.message })),
          null,
          2,
        ) + "\n"
      : frontierTable(points, by);
  if (values.out !== undefined) writeText(String(values.out), text);
  else out(text);
  if (values.svg !== undefined) {
    const what = coverage ? "least cost per coverage target" : "most coverage per budget";
    writeText(String(values.svg), frontierSvg(points, { title: `cflp frontier: ${what} (radius ${formatNumber(radius)})` }));
  }
  const infeasible = points.filter((p) => p.status === "infeasible");
  for (const p of infeasible) err(`siting: ${by} ${by === "coverage" ? p.target : p.budget}: infeasible: ${p.result.message ?? "no feasible solution"}\n`);
  return infeasible.length === points.length ? 2 : 0;
}

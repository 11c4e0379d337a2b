import { PROBLEM_TYPES, ScenarioError, SOLVERS, parseProblem, solve, type Scenario, type Backend, type Problem, type ProblemFields, type ProblemInput, type ProblemType, type Result, type SolverName } from "@siting/core";
import { glpk } from "@siting/glpk";
import { highs } from "@siting/highs";
import { lpSolver } from "@siting/lp-solver";
import { defaultGrace, solveInWorker } from "@siting/worker";
import { RUN_FLAGS, UsageError, choiceFlag, numberFlag, parse, seedFlag, timeLimitFlag, writeText } from "./args.js";
import { toGeoJSON, toTable } from "./format.js";
import { loadScenario } from "./load.js";
import { lingangCommand } from "./lingang.js";
import { CFLP_FLAGS, applyCflpFlags, frontierCommand } from "./cflp.js";
import { NETWORK_FLAGS, NETWORK_USAGE, applyNetwork } from "./network.js";
import { VARIANT_FLAGS, VARIANT_USAGE, applyVariantFlags } from "./variants.js";
import { ProgressLine } from "./progress.js";

export const USAGE = `siting — facility-siting optimisation

Usage:
  siting solve <file> --problem lscp|mclp|pmedian|pcenter|cflp|attendance|pdispersion [options]
  siting frontier <file> --problem cflp --radius R --coverage S1,S2,… | --budget B1,B2,…
                               the cost–coverage frontier (see \`siting frontier --help\`)
  siting lingang [options]     the main job (see \`siting lingang --help\`)

  <file>              scenario: JSON {demand, sites, metric?, costs?}, GeoJSON, or an OR-Library
                      pmedN.txt file (p is read from it unless --p is given); "-" reads stdin
Options:
  --problem P         lscp | mclp | pmedian | pcenter | cflp | attendance | pdispersion (required); cflp: capacitated facility
                      location — sites and sizes (the scenario's modules) together
  --p N               number of open sites (existing sites included)
  --radius R          coverage radius (metres for lon/lat input), inclusive
  --budget B          budget for the cost of new sites (needs site costs)
  --capacitated       enforce site capacities (single-source); the default when sites have capacities
  --uncapacitated     ignore the sites' capacities
  --standard U/PER[:FIELD]
                      per-capita standard turning demand into units, e.g. 0.45/1000 (0.45 GPs per
                      1,000 residents) or 40/1000:age60plus (m² per 1,000 of that field); implies
                      --capacitated
  --objective count|cost
                      lscp: minimise the number of sites or their cost (default: cost if priced)
cflp options (least cost; with --radius and --coverage S a share S of the weight within the radius;
with --radius and --budget B instead, the most weight within the radius at cost ≤ B):
  --reach R           longest assignment distance (default: unlimited)
  --new-site-reach R  longest assignment distance to a new site (default: --reach); existing
                      sites may serve up to --reach
  --coverage S        share (0, 1] of the demand weight to serve within --radius
  --min-use F         every new site serves at least F × its capacity (a module's min overrides it)
  --multi-source      let a point's demand split over several sites (default: one site per point)
  --distance-cost C   cost per unit of weight × distance, added to the objective
  --modules JSON      size modules for every candidate site without its own, e.g.
                      '[{"name":"S","cost":4,"capacity":100,"min":40}]' (default: the scenario's)
  --solver S          ${SOLVERS.join(" | ")} (default auto: highs for
                      capacitated problems, else the heuristics; exact = highs)
  --time-limit SEC    stop the search after SEC seconds and return the best answer found
  --seed N            seed for the randomised search (same seed, same answer; default 1)
  --sites FILE        read the sites from FILE; <file> then holds the demand
  --metric M          euclidean | haversine | manhattan (default: haversine for lon/lat, else euclidean)
  --format F          json (default) | geojson | table
  --out FILE          write the output to FILE instead of stdout
  -h, --help          this help
${NETWORK_USAGE}${VARIANT_USAGE}
MIP backends (highs, glpk, lp-solver, exact, and auto when it picks highs) run in a worker thread:
--time-limit is then a hard deadline (the answer comes within 10 % + 1 s of it, the best found so
far when the backend overruns) and Ctrl-C stops the solve at once.

Exit codes: 0 solved; 2 invalid input, arguments or an infeasible problem (message on stderr);
1 internal error; 130 interrupted (Ctrl-C).
`;

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: string[], io: { stdout?: (s: string) => void; stderr?: (s: string) => void } = {}): Promise<number> {
  const out = io.stdout ?? ((s: string) => void process.stdout.write(s));
  const err = io.stderr ?? ((s: string) => void process.stderr.write(s));
  try {
    const [cmd, ...rest] = argv;
    if (cmd === undefined || cmd === "-h" || cmd === "--help" || cmd === "help") {
      out(USAGE);
      return cmd === undefined ? 2 : 0;
    }
    if (cmd === "solve") return await solveCommand(rest, out, err);
    if (cmd === "lingang") return await lingangCommand(rest, out, err);
    if (cmd === "frontier") return await frontierCommand(rest, out, err);
    throw new UsageError(`unknown command ${JSON.stringify(cmd)}; try \`siting --help\``);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScenarioError) {
      err(`siting: ${e.message}\n`);
      return 2;
    }
    const ex = e as Error;
    err(`siting: internal error: ${ex?.message ?? String(e)}\n`);
    if (process.env.SITING_DEBUG) err(`${ex?.stack ?? ""}\n`);
    return 1;
  }
}

/** `0.45/1000` or `40/1000:age60plus` → a per-capita standard. */
export function parseStandard(text: string): NonNullable<Problem["standard"]> {
  const m = /^\s*([0-9.eE+-]+)\s*\/\s*([0-9.eE+-]+)\s*(?::\s*(\S+))?\s*$/.exec(text);
  const units = m ? Number(m[1]) : NaN;
  const per = m ? Number(m[2]) : NaN;
  if (!m || !(units > 0) || !(per > 0)) throw new UsageError(`--standard: expected UNITS/PER[:FIELD] with positive numbers, e.g. 0.45/1000, got ${JSON.stringify(text)}`);
  return { units, per, of: m[3] ?? "weight" };
}

/** MIP backends by name: the CLI ships all three, so it hands core the objects (no dynamic import). */
export function backendFor(name: SolverName): SolverName | Backend {
  switch (name) {
    case "exact":
    case "highs":
      return highs();
    case "glpk":
      return glpk();
    case "lp-solver":
      return lpSolver();
    default:
      return name;
  }
}

/**
 * Whether a run goes to a MIP backend — then the CLI runs it in a worker (`@siting/worker`), where
 * the time limit is a hard deadline and Ctrl-C terminates it: the backends are synchronous
 * WebAssembly or JavaScript that nothing else can stop. `auto` picks HiGHS for capacitated
 * problems and for cflp (there by model size, HiGHS or our engine; the worker serves both).
 */
export function runsMip(solver: SolverName, problem: { type: string }, scenario: Scenario): boolean {
  if (solver === "heuristic" || solver === "engine") return false;
  if (solver !== "auto") return true;
  return problem.type === "cflp" || parseProblem(problem, scenario).capacitated === true;
}

/**
 * The worker's grace past the time limit: the default (5 % + 0.5 s) less what the command has
 * already spent (Node's start-up, reading the scenario), so that the command as a whole — not only
 * the solve — returns within 10 % + 1 s of the limit where reading is quick; at least 0.1 s.
 */
function graceFor(timeLimit: number | undefined): number | undefined {
  if (timeLimit === undefined) return undefined;
  return Math.max(0.1, defaultGrace(timeLimit) - process.uptime());
}

async function solveCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const parsed = parse(argv, {
    problem: { type: "string" },
    p: { type: "string" },
    radius: { type: "string" },
    budget: { type: "string" },
    capacitated: { type: "boolean" },
    uncapacitated: { type: "boolean" },
    standard: { type: "string" },
    objective: { type: "string" },
    coverage: { type: "string" },
    ...CFLP_FLAGS,
    ...NETWORK_FLAGS,
    ...VARIANT_FLAGS,
    ...RUN_FLAGS,
  });
  const values = parsed.values as Record<string, string | undefined> & { help?: boolean; capacitated?: boolean; uncapacitated?: boolean; "multi-source"?: boolean };
  const positionals = parsed.positionals;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`solve takes one scenario file, got ${positionals.length}; try \`siting --help\``);
  if (values.problem === undefined) throw new UsageError(`--problem is required: ${PROBLEM_TYPES.join(", ")}`);
  const type = choiceFlag(values, "problem", PROBLEM_TYPES, "pmedian");
  const solver = choiceFlag(values, "solver", SOLVERS, "auto");
  const format = choiceFlag(values, "format", ["json", "geojson", "table"] as const, "json");
  const p = numberFlag(values, "p");
  const radius = numberFlag(values, "radius");
  const budget = numberFlag(values, "budget");
  const timeLimit = timeLimitFlag(values);
  const seed = seedFlag(values);

  const loaded = loadScenario(positionals[0], values.sites, values.metric);
  // built from the flags; core checks it (the fields each type needs) when it solves
  const problem: ProblemFields & { type: ProblemType } = { type };
  const pp = p ?? (type === "lscp" || type === "mclp" || type === "cflp" || type === "attendance" ? undefined : loaded.p);
  if (pp !== undefined) problem.p = pp;
  if (radius !== undefined) problem.radius = radius;
  if (budget !== undefined) problem.budget = budget;
  if (values.capacitated && values.uncapacitated) throw new UsageError("--capacitated and --uncapacitated contradict each other");
  if (values.capacitated) problem.capacitated = true;
  if (values.uncapacitated) problem.capacitated = false;
  if (values.standard !== undefined) problem.standard = parseStandard(values.standard);
  if (values.objective !== undefined) problem.objective = choiceFlag(values, "objective", ["count", "cost"] as const, "cost");
  const coverage = numberFlag(values, "coverage");
  if (coverage !== undefined) problem.coverage = coverage;
  applyCflpFlags(problem, values);
  applyVariantFlags(problem, values);
  loaded.scenario = applyNetwork(loaded.scenario, problem, values, err);

  const progress = new ProgressLine();
  const inWorker = runsMip(solver, problem, loaded.scenario);
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  if (inWorker) process.once("SIGINT", onSigint);
  let result: Result;
  try {
    result = inWorker
      ? await solveInWorker(loaded.scenario, problem as ProblemInput, { solver, timeLimit, seed, onProgress: progress.update, signal: interrupt.signal, graceSeconds: graceFor(timeLimit) })
      : await solve(loaded.scenario, problem as ProblemInput, { solver: backendFor(solver), timeLimit, seed, onProgress: progress.update });
  } catch (e) {
    if (!interrupt.signal.aborted) throw e;
    progress.done();
    err("siting: interrupted\n");
    return 130;
  } finally {
    process.removeListener("SIGINT", onSigint);
    progress.done();
  }
  const text = format === "json" ? JSON.stringify(result, null, 2) + "\n" : format === "geojson" ? JSON.stringify(toGeoJSON(loaded.scenario, result)) + "\n" : toTable(result);
  if (values.out !== undefined) writeText(values.out, text);
  else out(text);
  if (result.status === "infeasible") {
    err(`siting: infeasible: ${result.message ?? "no feasible solution"}\n`);
    return 2;
  }
  return 0;
}

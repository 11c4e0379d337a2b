/**
 * `pnpm bench solvers [flags]` — the exact MIP backends side by side: problem × size × backend →
 * status, objective, gap, seconds, peak memory, on random instances of growing size (a backend is
 * stopped for a problem at the first size it cannot finish within the limit), then on the
 * capacitated p-median sets orlib-pmedcap and lorena-senne-sjc-cpmp against their known values.
 *
 * Every solve runs in its own child process, so peak memory (max RSS, WebAssembly heaps included)
 * is per solve, and a solver that ignores its time limit is killed (limit + 60 s).
 *
 * Flags: --limit S (default 60) · --sizes 25,50,… · --problems lscp,mclp,pmedian,pcenter,cap-pmedian
 *        · --backends highs,glpk,lp-solver · --suites random,pmedcap,sjc · --pmedcap 1,2,… · --sjc SJC1,…
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  buildInstance,
  mulberry32,
  parseScenario,
  type Backend,
  type Instance,
} from "@siting/core";
import {
  decodeSolution,
  formulate,
  ModelBuilder,
  nnz,
  type MipSpec,
} from "@siting/core/lp";

const PROBLEMS = ["lscp", "mclp", "pmedian", "pcenter", "cap-pmedian"] as const;
type BenchProblem = (typeof PROBLEMS)[number];
const BACKENDS = ["highs", "glpk", "lp-solver"] as const;
type BackendName = (typeof BACKENDS)[number];

type Task =
  | { kind: "random"; problem: BenchProblem; size: number; backend: BackendName; limit: number }
  | { kind: "pmedcap"; k: number; backend: BackendName; limit: number }
  | { kind: "sjc"; name: string; backend: BackendName; limit: number };

interface Row {
  status: string;
  objective: number | null;
  bound: number | null;
  gap: number | null;
  seconds: number;
  rssMB: number;
  vars: number;
  rows: number;
  nnz: number;
  loadSeconds?: number;
  known?: number;
  message?: string;
}

async function makeBackend(name: BackendName): Promise<Backend> {
  if (name === "highs") return (await import("@siting/highs")).highs();
  if (name === "glpk") return (await import("@siting/glpk")).glpk();
  return (await import("@siting/lp-solver")).lpSolver();
}

/** A random instance: size demand points and size sites, uniform in a 1000 × 1000 square. */
function randomInstance(problem: BenchProblem, size: number): { inst: Instance; spec: MipSpec } {
  const rand = mulberry32(size * 31 + problem.length);
  const ri = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const demand = Array.from({ length: size }, (_, i) => ({ id: `d${i}`, x: ri(0, 1000), y: ri(0, 1000), weight: ri(1, 20) }));
  const sites = Array.from({ length: size }, (_, j) => ({ id: `s${j}`, x: ri(0, 1000), y: ri(0, 1000), cost: ri(10, 30) }));
  const inst = buildInstance(parseScenario({ demand, sites }));
  const p = Math.max(2, Math.round(size / 10));
  // radius: the density of p sites in the square covers roughly 60–80 % of demand
  const radius = Math.round(1000 / Math.sqrt(p * 2.2));
  let spec: MipSpec;
  switch (problem) {
    case "lscp": {
      // large enough that every demand point has a site in reach
      let reach = 0;
      for (let i = 0; i < size; i++) {
        let best = Infinity;
        for (let j = 0; j < size; j++) best = Math.min(best, inst.dist(i, j));
        reach = Math.max(reach, best);
      }
      spec = { type: "lscp", radius: Math.max(radius * 0.8, Math.ceil(reach)), objective: "count" };
      break;
    }
    case "mclp":
      spec = { type: "mclp", radius, p };
      break;
    case "pmedian":
      spec = { type: "pmedian", p };
      break;
    case "pcenter":
      spec = { type: "pcenter", p };
      break;
    case "cap-pmedian": {
      let total = 0;
      for (const d of demand) total += d.weight;
      const Q = Math.ceil((1.25 * total) / p);
      spec = { type: "pmedian", p, capacity: { site: new Float64Array(size).fill(Q) } };
      break;
    }
  }
  return { inst, spec };
}

/** Child process: one solve, one JSON line on stdout. */
async function child(task: Task): Promise<void> {
  let inst: Instance;
  let spec: MipSpec;
  let known: number | undefined;
  if (task.kind === "random") ({ inst, spec } = randomInstance(task.problem, task.size));
  else {
    const cp = await import("./cpmp.js");
    const c = task.kind === "pmedcap" ? cp.readPmedcap(task.k) : cp.readSjc(task.name);
    inst = c.inst;
    spec = c.spec;
    known = c.known;
  }
  const f = formulate(inst, spec);
  const backend = await makeBackend(task.backend);
  // warm-up: load the solver (WebAssembly compile) on a one-variable model, timed apart
  const warm = new ModelBuilder("min");
  const v = warm.addVars("w", 1, { upper: 1, integer: true, cost: 1 });
  warm.addRow(1, Infinity, [v], [1]);
  const tw = performance.now();
  await backend.solve(warm.build());
  const loadSeconds = (performance.now() - tw) / 1000;
  const s = await backend.solve(f.model, { timeLimit: task.limit });
  const objective = s.x ? decodeSolution(inst, f, s.x).objective : null;
  const row: Row = {
    status: s.status,
    objective,
    bound: s.bound,
    gap: s.gap,
    seconds: s.seconds,
    rssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    vars: f.model.numCols,
    rows: f.model.numRows,
    nnz: nnz(f.model),
    loadSeconds,
  };
  if (known !== undefined) row.known = known;
  if (s.message) row.message = s.message;
  process.stdout.write(`@@RESULT ${JSON.stringify(row)}\n`);
}

const loads: Record<string, number[]> = {};

function runChild(task: Task): Promise<Row> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve) => {
    const t0 = Date.now();
    const proc = spawn(process.execPath, ["--import", "tsx", self], {
      env: { ...process.env, SITING_BENCH_CHILD: JSON.stringify(task) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.stderr.on("data", (d) => (err += d));
    const hard = setTimeout(() => proc.kill("SIGKILL"), (task.limit + 60) * 1000);
    proc.on("close", (code, sig) => {
      clearTimeout(hard);
      const line = out.split("\n").find((l) => l.startsWith("@@RESULT "));
      if (line) {
        const row = JSON.parse(line.slice(9)) as Row;
        if (row.loadSeconds !== undefined) (loads[task.backend] ??= []).push(row.loadSeconds);
        resolve(row);
      }
      else
        resolve({
          status: sig === "SIGKILL" ? "killed" : "crashed",
          objective: null,
          bound: null,
          gap: null,
          seconds: (Date.now() - t0) / 1000,
          rssMB: NaN,
          vars: 0,
          rows: 0,
          nnz: 0,
          message: sig === "SIGKILL" ? `killed after ${task.limit + 60} s` : `exit ${code}: ${err.trim().split("\n").slice(-3).join(" / ")}`,
        });
    });
  });
}

const num = (v: number | null, d = 2) => (v === null || !Number.isFinite(v) ? "—" : Number.isInteger(v) ? String(v) : v.toFixed(d));
const pct = (g: number | null) => (g === null ? "—" : `${(g * 100).toFixed(2)} %`);
const short = (r: Row) => (r.status === "error" && r.message?.startsWith("model too large") ? "refused (size)" : r.status);

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function run(args: string[]): Promise<void> {
  const limit = Number(flag(args, "limit") ?? 60);
  const sizes = (flag(args, "sizes") ?? "25,50,100,200,400").split(",").map(Number);
  const problems = (flag(args, "problems") ?? PROBLEMS.join(",")).split(",") as BenchProblem[];
  const backends = (flag(args, "backends") ?? BACKENDS.join(",")).split(",") as BackendName[];
  const suites = (flag(args, "suites") ?? "random,pmedcap,sjc").split(",");
  const pmedcap = (flag(args, "pmedcap") ?? Array.from({ length: 20 }, (_, k) => k + 1).join(",")).split(",").map(Number);
  const sjc = (flag(args, "sjc") ?? "SJC1,SJC2,SJC3a,SJC3b,SJC4a,SJC4b").split(",");
  const t0 = Date.now();

  if (suites.includes("random")) {
    console.log(`\n### Exact backends on random instances (n demand = m sites, time limit ${limit} s)\n`);
    console.log("| problem | n | variables | rows | backend | status | objective | gap | seconds | peak MB |");
    console.log("|---|---:|---:|---:|---|---|---:|---:|---:|---:|");
    const largest: Record<string, string> = {};
    for (const problem of problems) {
      const alive = new Set<BackendName>(backends);
      for (const size of sizes) {
        for (const backend of backends) {
          if (!alive.has(backend)) continue;
          const r = await runChild({ kind: "random", problem, size, backend, limit });
          console.log(`| ${problem} | ${size} | ${r.vars} | ${r.rows} | ${backend} | ${short(r)} | ${num(r.objective)} | ${pct(r.gap)} | ${r.seconds.toFixed(2)} | ${num(r.rssMB, 0)} |`);
          if ((r.status === "optimal" || r.status === "infeasible") && r.seconds <= limit) largest[`${problem}/${backend}`] = String(size);
          else alive.delete(backend);
        }
      }
    }
    console.log(`\nLargest n solved to proven optimality within ${limit} s:\n`);
    console.log(`| problem | ${backends.join(" | ")} |`);
    console.log(`|---|${backends.map(() => "---:").join("|")}|`);
    for (const problem of problems) console.log(`| ${problem} | ${backends.map((b) => largest[`${problem}/${b}`] ?? "none").join(" | ")} |`);
  }

  const table = async (title: string, tasks: { label: string; n: string; task: (b: BackendName) => Task }[]) => {
    console.log(`\n### ${title} (time limit ${limit} s)\n`);
    console.log("| instance | n, p | backend | status | objective | known | bound | gap | seconds | peak MB |");
    console.log("|---|---|---|---|---:|---:|---:|---:|---:|---:|");
    for (const t of tasks) {
      for (const backend of backends) {
        const r = await runChild(t.task(backend));
        const hit = r.objective !== null && r.known !== undefined && Math.abs(r.objective - r.known) <= 0.005 + 1e-9 * r.known;
        console.log(
          `| ${t.label} | ${t.n} | ${backend} | ${short(r)} | ${num(r.objective)}${hit ? " ✓" : ""} | ${num(r.known ?? null)} | ${num(r.bound)} | ${pct(r.gap)} | ${r.seconds.toFixed(2)} | ${num(r.rssMB, 0)} |`,
        );
      }
    }
  };
  if (suites.includes("pmedcap")) {
    await table(
      "orlib-pmedcap (capacitated p-median, floor-Euclidean distances)",
      pmedcap.map((k) => ({ label: `pmedcap1(${k})`, n: k <= 10 ? "50, 5" : "100, 10", task: (backend: BackendName) => ({ kind: "pmedcap", k, backend, limit }) })),
    );
  }
  if (suites.includes("sjc")) {
    const np: Record<string, string> = { SJC1: "100, 10", SJC2: "200, 15", SJC3a: "300, 25", SJC3b: "300, 30", SJC4a: "402, 30", SJC4b: "402, 40" };
    await table(
      "lorena-senne-sjc-cpmp (capacitated p-median, real Euclidean distances; best-known values)",
      sjc.map((name) => ({ label: name, n: np[name] ?? "?", task: (backend: BackendName) => ({ kind: "sjc", name, backend, limit }) })),
    );
  }
  const load = Object.entries(loads).map(([b, v]) => `${b} ${(v.reduce((a, x) => a + x, 0) / v.length).toFixed(2)} s`);
  console.log(`\nSeconds are the backend's solve call after a warm-up solve that loads the solver (mean load + first tiny solve: ${load.join(", ")}); peak MB is the child process's max RSS (Node + WebAssembly heaps). Each solve runs in its own process.`);
  console.log(`\n(total ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

if (process.env.SITING_BENCH_CHILD) {
  const task = JSON.parse(process.env.SITING_BENCH_CHILD) as Task;
  child(task).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

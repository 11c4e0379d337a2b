/**
 * `pnpm bench heuristics [--pmed=1-40] [--seeds=1] [--shakes=30] [--random=200] [--no-orlib] [--no-random]`
 *
 * (a) OR-Library pmed1–pmed40: the heuristic's p-median and p-center answers against the
 *     published optima (shared/benchmarks/orlib-pmed and orlib-pcenter, known-optimal.tsv).
 *     `--seeds=1-10` also runs the p-median heuristic with each of those seeds and adds the worst
 *     gap and the longest time over them (the table's own columns are the first seed's);
 *     `--shakes` is passed to the solver (default: the solver's own, 30).
 * (b) Hit rate against the brute-force oracle on small seeded random instances (the generator and
 *     oracle of test/support/), per problem type and constraint variant.
 *
 * Uses @siting/core as built (dist): run `pnpm build` first.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readOrlibPmedian, solveSync } from "@siting/core";
import { close, oracle, oracleDistance } from "../test/support/oracle.js";
import { randomProblem, randomScenario, type RawProblem, type ScenarioOptions, type Variant } from "../test/support/random.js";

const SHARED = fileURLToPath(new URL("../../shared/benchmarks/", import.meta.url));

function flag(args: string[], name: string): string | undefined {
  const a = args.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (a === undefined) return undefined;
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : "";
}

function range(spec: string | undefined, lo: number, hi: number): number[] {
  if (!spec) return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
  const out: number[] = [];
  for (const part of spec.split(",")) {
    const [a, b] = part.split("-").map(Number);
    for (let k = a; k <= (b ?? a); k++) out.push(k);
  }
  return out;
}

function readKnown(file: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = readFileSync(file, "utf8").trim().split("\n").slice(1);
  for (const line of lines) {
    const cols = line.split("\t");
    out.set(cols[0], Number(cols[3]));
  }
  return out;
}

const now = () => performance.now();
const fmt = (x: number, d = 2) => x.toFixed(d);
const table = (head: string[], rows: (string | number)[][], align?: string[]) => {
  const lines = [`| ${head.join(" | ")} |`, `|${head.map((_, k) => (align?.[k] === "l" ? ":---" : "---:")).join("|")}|`];
  for (const r of rows) lines.push(`| ${r.join(" | ")} |`);
  return lines.join("\n");
};

async function orlib(which: number[], seeds: number[], shakes: number | undefined): Promise<void> {
  const pmedDir = `${SHARED}orlib-pmed/`;
  if (!existsSync(`${pmedDir}known-optimal.tsv`)) {
    console.log(`(skipping OR-Library: ${pmedDir} not found)\n`);
    return;
  }
  const knownMedian = readKnown(`${pmedDir}known-optimal.tsv`);
  const knownCenter = readKnown(`${SHARED}orlib-pcenter/known-optimal.tsv`);
  const results: Record<"pmedian" | "pcenter", (string | number)[][]> = { pmedian: [], pcenter: [] };
  const blank = () => ({ hit: 0, maxGap: 0, time: 0, n: 0, seedGap: 0, seedTime: 0, seedMisses: 0 });
  const stats = { pmedian: blank(), pcenter: blank() };
  let readTime = 0;
  for (const k of which) {
    const name = `pmed${k}`;
    const t0 = now();
    const { scenario, n, p } = readOrlibPmedian(readFileSync(`${pmedDir}${name}.txt`, "utf8"));
    readTime += now() - t0;
    for (const type of ["pmedian", "pcenter"] as const) {
      const opt = (type === "pmedian" ? knownMedian : knownCenter).get(name);
      if (opt === undefined) continue;
      const runs = (type === "pmedian" ? seeds : seeds.slice(0, 1)).map((seed) => {
        const t1 = now();
        const r = solveSync(scenario, { type, p }, { solver: "heuristic", seed, ...(shakes === undefined ? {} : { shakes }) });
        return { ours: r.objective as number, s: (now() - t1) / 1000 };
      });
      const { ours, s } = runs[0];
      const gap = ((ours - opt) / opt) * 100;
      const st = stats[type];
      st.n++;
      st.time += s;
      if (Math.abs(ours - opt) <= 1e-9 * opt) st.hit++;
      st.maxGap = Math.max(st.maxGap, gap);
      const row: (string | number)[] = [name, n, p, opt, ours, fmt(gap), fmt(s)];
      if (type === "pmedian" && seeds.length > 1) {
        const worst = Math.max(...runs.map((x) => ((x.ours - opt) / opt) * 100));
        const slowest = Math.max(...runs.map((x) => x.s));
        const missed = runs.filter((x) => Math.abs(x.ours - opt) > 1e-9 * opt).length;
        st.seedGap = Math.max(st.seedGap, worst);
        st.seedTime = Math.max(st.seedTime, slowest);
        st.seedMisses += missed;
        row.push(fmt(worst), missed, fmt(slowest));
      }
      results[type].push(row);
    }
  }
  for (const type of ["pmedian", "pcenter"] as const) {
    const st = stats[type];
    console.log(`### OR-Library ${type === "pmedian" ? "p-median" : "p-center"} (heuristic vs published optimum)\n`);
    const bySeed = type === "pmedian" && seeds.length > 1;
    const seedCols = bySeed ? [`worst gap % (${seeds.length} seeds)`, "misses", "max s"] : [];
    console.log(table(["instance", "n", "p", "optimum", "ours", "gap %", "s", ...seedCols], results[type], ["l"]));
    console.log(`\n**${type}: ${st.hit}/${st.n} optimal, max gap ${fmt(st.maxGap)} %, total ${fmt(st.time)} s** (reading + all-pairs shortest paths: ${fmt(readTime / 1000)} s for all instances)\n`);
    if (bySeed) {
      console.log(`Over seeds ${seeds.join(", ")}: worst gap ${fmt(st.seedGap)} %, ${st.seedMisses} of ${st.n * seeds.length} runs not optimal, longest run ${fmt(st.seedTime)} s.\n`);
    }
  }
}

interface Group {
  type: RawProblem["type"];
  variant: Variant;
  opts: ScenarioOptions;
  label: string;
  count: number;
}

function randomHits(perType: number): void {
  const third = Math.floor(perType / 3);
  const half = Math.floor(perType / 2);
  const groups: Group[] = [
    { type: "lscp", variant: "p", opts: { costs: false }, label: "count", count: half },
    { type: "lscp", variant: "p", opts: { costs: true }, label: "site costs", count: perType - half },
    { type: "mclp", variant: "p", opts: {}, label: "p", count: third },
    { type: "mclp", variant: "budget", opts: { costs: true }, label: "budget", count: third },
    { type: "mclp", variant: "both", opts: { costs: true }, label: "p + budget", count: perType - 2 * third },
    { type: "pmedian", variant: "p", opts: {}, label: "p", count: third },
    { type: "pmedian", variant: "budget", opts: { costs: true }, label: "budget", count: third },
    { type: "pmedian", variant: "both", opts: { costs: true }, label: "p + budget", count: perType - 2 * third },
    { type: "pcenter", variant: "p", opts: {}, label: "p", count: perType },
  ];
  const rows: (string | number)[][] = [];
  const totals = new Map<string, { n: number; feasible: number; hit: number; proved: number; errors: number; maxGap: number; time: number }>();
  let seedBase = 500_000;
  for (const g of groups) {
    let feasible = 0, hit = 0, proved = 0, errors = 0, infeasible = 0, maxGap = 0, time = 0, withExisting = 0;
    for (let t = 0; t < g.count; t++) {
      const seed = seedBase + t;
      const sc = randomScenario(seed, g.opts);
      if (sc.existingCount > 0) withExisting++;
      const problem = randomProblem(seed, sc, g.type, oracleDistance(sc.json), g.variant);
      const truth = oracle(sc.json, problem);
      const t0 = now();
      const r = solveSync(sc.json, problem, { seed, solver: "heuristic" });
      time += now() - t0;
      if (!truth.feasible) {
        infeasible++;
        if (r.status !== "infeasible") errors++;
        continue;
      }
      feasible++;
      if (r.objective === null) {
        errors++;
        continue;
      }
      const opt = truth.objective as number;
      const isHit = close(r.objective, opt);
      if (isHit) hit++;
      const max = g.type === "mclp";
      const beats = max ? r.objective > opt + 1e-9 * Math.max(1, opt) : r.objective < opt - 1e-9 * Math.max(1, opt);
      if (beats || (r.status === "optimal" && !isHit)) errors++;
      if (r.status === "optimal") proved++;
      const gap = opt === 0 ? (isHit ? 0 : 100) : (Math.abs(r.objective - opt) / Math.abs(opt)) * 100;
      if (gap > maxGap) maxGap = gap;
    }
    seedBase += 10_000;
    rows.push([g.type, g.label, g.count, withExisting, infeasible, `${hit}/${feasible}`, fmt(feasible ? (100 * hit) / feasible : 100, 1), proved, fmt(maxGap), errors, fmt(time / Math.max(1, g.count), 2)]);
    const tot = totals.get(g.type) ?? { n: 0, feasible: 0, hit: 0, proved: 0, errors: 0, maxGap: 0, time: 0 };
    tot.n += g.count;
    tot.feasible += feasible;
    tot.hit += hit;
    tot.proved += proved;
    tot.errors += errors;
    tot.maxGap = Math.max(tot.maxGap, maxGap);
    tot.time += time;
    totals.set(g.type, tot);
  }
  console.log(`### Heuristic vs brute-force oracle on random small instances (n ≤ 12, m ≤ 10)\n`);
  console.log(
    table(["problem", "variant", "instances", "with existing", "infeasible (agreed)", "hits", "hit %", "proved optimal", "max gap %", "errors", "mean ms"], rows, ["l", "l"]),
  );
  console.log("");
  console.log(
    table(
      ["problem", "instances", "hits / feasible", "hit %", "proved optimal", "max gap %", "errors"],
      [...totals].map(([type, t]) => [type, t.n, `${t.hit}/${t.feasible}`, fmt((100 * t.hit) / Math.max(1, t.feasible), 1), t.proved, fmt(t.maxGap), t.errors]),
      ["l"],
    ),
  );
  console.log(`\n"errors" counts answers that beat the oracle, claimed "optimal" wrongly, or disagreed on infeasibility (must be 0).\n`);
}

export async function run(args: string[]): Promise<void> {
  const t0 = now();
  const shakes = flag(args, "shakes");
  if (flag(args, "no-orlib") === undefined) await orlib(range(flag(args, "pmed"), 1, 40), range(flag(args, "seeds") || "1", 1, 1), shakes ? Number(shakes) : undefined);
  if (flag(args, "no-random") === undefined) randomHits(Number(flag(args, "random") || 200));
  console.log(`_heuristics suite: ${fmt((now() - t0) / 1000)} s in all_\n`);
}

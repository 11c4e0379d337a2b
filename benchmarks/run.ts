export {};
/**
 * `pnpm bench [suite] [flags]` — runs one benchmark suite (default: all of them, in turn) and
 * prints Markdown tables. Suites live beside this file, one module each, exporting `run(args)`:
 * - `heuristics`: heuristics vs OR-Library optima and vs a brute-force oracle;
 * - `orlib`: the exact engine on pmed1–40 (p-median, p-center) and TSPLIB p-center;
 * - `solvers`: MIP backends side by side on growing random instances and capacitated benchmarks;
 * - `lingang`: the main job (planLingang) per grid: first-start 500 m and 250 m, whole area 500 m;
 * - `cflp`: the planner's model (sizes, minimum use, reach, coverage target) × engine and MIP backends;
 * - `covering`: the exact MCLP and LSCP engines on 5,000 × 1,000 random instances, merging on and off;
 * - `scale`: p-median on 100,000 × 2,000 random points (heuristic + the engine's bound on k-nearest lists).
 */
const suites: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  heuristics: () => import("./heuristics.js"),
  orlib: () => import("./orlib.js"),
  solvers: () => import("./solvers.js"),
  lingang: () => import("./lingang.js"),
  cflp: () => import("./cflp.js"),
  network: () => import("./network.js"),
  covering: () => import("./covering.js"),
  scale: () => import("./scale.js"),
};

const [name, ...args] = process.argv.slice(2);
const chosen = name && !name.startsWith("-") ? [name] : Object.keys(suites);
for (const s of chosen) {
  const load = suites[s];
  if (!load) {
    console.error(`unknown benchmark suite "${s}"; available: ${Object.keys(suites).join(", ")}`);
    process.exit(2);
  }
  await (await load()).run(name && !name.startsWith("-") ? args : process.argv.slice(2));
}

export {};
/**
 * `pnpm bench [suite] [flags]` — runs one benchmark suite (default: all quick ones) and prints
 * Markdown tables. Suites live beside this file, one module each, exporting `run(args)`.
 */
const suites: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  heuristics: () => import("./heuristics.js"),
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

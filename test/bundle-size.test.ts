/**
 * The browser bundle budget (issue 11): `import { solve } from "@siting/core"`, bundled for the
 * browser from the built package (packages/core/dist, as an app would get it from npm) with esbuild
 * — minified ESM, code splitting on — and gzipped (level 9, each file on its own, as a server sends
 * them). `solve` loads the heuristics and engines (solve-search.ts), the cflp path, the MIP path
 * and the variants with a dynamic `import()` when a problem needs them, so the bundle splits into
 * - the entry: the entry file and the chunks it imports statically, all that loads before any solve
 *   runs — this must stay within ENTRY_BUDGET;
 * - the lazy chunks: fetched by the first solve that needs them (search, cflp, MIP backends).
 * The same bundle as one file (no splitting: the lazy parts inlined) must stay within the limit of
 * the `solve` check in .size-limit.json, which `pnpm size` checks with size-limit (size-limit
 * cannot measure a split entry with its static chunks, so it checks the whole). `pnpm test` builds
 * the packages first.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type OutputFile } from "esbuild";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const entry = resolve(root, "packages/core/dist/index.js");
/** The name of the app's entry module (`export { solve } from "@siting/core"`). */
const STDIN = "solve-entry.js";

/** What loads before any solve runs (entry file + its static imports), minified + gzipped, in bytes (kB = 1000 bytes). */
const ENTRY_BUDGET = 40_000;

/** Strings that only the lazily loaded paths contain: the split is real when they are in lazy chunks only. */
const LAZY_MARKERS = {
  "cflp engine (cflp/solve.ts)": "this does not prove that none exists",
  "MIP formulations (lp/formulations.ts)": "invalid MIP spec",
  "heuristics and engines (solve-search.ts)": "heuristic returned a solution that evaluation rejects",
};

/** The budget of the `solve` check in .size-limit.json, in bytes (size-limit's kB = 1000 bytes). */
function singleFileLimit(): number {
  const checks = JSON.parse(readFileSync(resolve(root, ".size-limit.json"), "utf8")) as { import?: string; path: string; limit: string }[];
  const check = checks.find((c) => c.path === "packages/core/dist/index.js" && /\bsolve\b/.test(c.import ?? ""));
  if (!check) throw new Error(".size-limit.json has no check of { solve } from packages/core/dist/index.js");
  const m = /^\s*([\d.]+)\s*(B|kB|KB)\s*$/.exec(check.limit);
  if (!m) throw new Error(`unreadable limit ${check.limit}`);
  return Number(m[1]) * (m[2] === "B" ? 1 : 1000);
}

const kB = (n: number, digits = 1) => `${(n / 1000).toFixed(digits)} kB`;

function bundle(splitting: boolean) {
  return build({
    absWorkingDir: root,
    stdin: { contents: `export { solve } from ${JSON.stringify(entry)};`, resolveDir: root, loader: "js", sourcefile: STDIN },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    splitting,
    outdir: resolve(root, "node_modules/.cache/bundle-size"),
    write: false,
    metafile: true,
    logLevel: "silent",
  });
}

interface Chunk {
  name: string;
  file: OutputFile;
  meta: Metafile["outputs"][string];
  gzip: number;
}

describe("browser bundle", () => {
  it("solve: the entry with its static chunks within the budget, the cflp and MIP paths in lazy chunks", async () => {
    expect(existsSync(entry), "packages/core/dist is missing: run `pnpm --filter @siting/core build` (pnpm test builds first)").toBe(true);
    const out = await bundle(true);
    const chunks = new Map<string, Chunk>();
    for (const file of out.outputFiles) {
      const key = Object.keys(out.metafile.outputs).find((k) => resolve(root, k) === file.path);
      if (!key) throw new Error(`no metafile entry for ${file.path}`);
      chunks.set(key, { name: key.replace(/.*\//, ""), file, meta: out.metafile.outputs[key], gzip: gzipSync(file.contents, { level: 9 }).length });
    }
    const start = [...chunks.keys()].find((k) => chunks.get(k)?.meta.entryPoint === STDIN);
    expect(start, "the entry chunk").toBeDefined();
    // the entry and everything it imports statically, transitively
    const loaded = new Set<string>([start as string]);
    for (const k of loaded) for (const i of chunks.get(k)?.meta.imports ?? []) if (i.kind === "import-statement" && !i.external) loaded.add(i.path);
    const lazy = [...chunks.keys()].filter((k) => !loaded.has(k));
    const sum = (keys: string[], f: (c: Chunk) => number) => keys.reduce((s, k) => s + f(chunks.get(k) as Chunk), 0);
    const min = (keys: string[]) => sum(keys, (c) => c.file.contents.length);
    const gz = (keys: string[]) => sum(keys, (c) => c.gzip);
    const row = (c: Chunk) => `  ${c.name.padEnd(40)} ${kB(c.file.contents.length).padStart(9)} min ${kB(c.gzip, 2).padStart(10)} gz`;
    const entryLine = `solve entry (loads before any solve runs): ${kB(min([...loaded]))} minified, ${kB(gz([...loaded]), 2)} gzipped (budget ${kB(ENTRY_BUDGET, 0)})`;
    console.log(
      [
        entryLine,
        ...[...loaded].map((k) => row(chunks.get(k) as Chunk)),
        `lazy chunks: ${kB(min(lazy))} minified, ${kB(gz(lazy), 2)} gzipped`,
        ...lazy.map((k) => row(chunks.get(k) as Chunk)),
        `total: ${kB(min([...chunks.keys()]))} minified, ${kB(gz([...chunks.keys()]), 2)} gzipped (each file on its own)`,
      ].join("\n"),
    );

    // no schema library (or any other dependency but the kd-tree) may creep back in, nor a Node module
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.filter((f) => f.includes("node_modules") && !f.includes("kdbush"))).toEqual([]);
    expect(inputs.filter((f) => /(^|\/)zod(\/|$)/.test(f))).toEqual([]);
    for (const c of chunks.values()) {
      expect(c.meta.imports.filter((i) => i.path.startsWith("node:")).map((i) => `${c.name} imports ${i.path}`)).toEqual([]);
      expect(c.file.text, `${c.name} mentions a node: module`).not.toMatch(/["'`]node:/);
      expect(c.file.text, `${c.name} mentions zod`).not.toMatch(/\bzod\b/);
    }

    // the split is real: solve imports the lazy paths dynamically, and their code is in lazy chunks only
    const dynamic = [...loaded].flatMap((k) => chunks.get(k)?.meta.imports.filter((i) => i.kind === "dynamic-import" && !i.external).map((i) => i.path) ?? []);
    expect(dynamic.length, "solve's dynamic imports of the cflp and MIP paths").toBeGreaterThanOrEqual(2);
    for (const d of dynamic) expect(lazy, `${d} is loaded up front`).toContain(d);
    for (const [what, marker] of Object.entries(LAZY_MARKERS)) {
      expect([...loaded].filter((k) => chunks.get(k)?.file.text.includes(marker)).map((k) => chunks.get(k)?.name), `${what} loads before any solve runs`).toEqual([]);
      expect(lazy.filter((k) => chunks.get(k)?.file.text.includes(marker)).length, `${what} is in no lazy chunk`).toBeGreaterThan(0);
    }

    expect(gz([...loaded]), entryLine).toBeLessThanOrEqual(ENTRY_BUDGET);
  }, 60_000);

  it("solve as one file (lazy parts inlined) within the size-limit budget", async () => {
    expect(existsSync(entry), "packages/core/dist is missing: run `pnpm --filter @siting/core build` (pnpm test builds first)").toBe(true);
    const out = await bundle(false);
    expect(out.outputFiles).toHaveLength(1);
    const code = out.outputFiles[0].contents;
    const gzip = gzipSync(code, { level: 9 }).length;
    const limit = singleFileLimit();
    const line = `solve as one file: ${kB(code.length)} minified, ${kB(gzip, 2)} gzipped (limit ${kB(limit, 0)} in .size-limit.json)`;
    console.log(line);
    expect(gzip, line).toBeLessThanOrEqual(limit);
  }, 60_000);
});

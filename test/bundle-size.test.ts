/**
 * The browser bundle budget (issue 11): `import { solve } from "@siting/core"`, bundled for the
 * browser from the built package (packages/core/dist, as an app would get it from npm) with
 * esbuild — minified ESM — and gzipped (level 9), must stay within the limit in .size-limit.json
 * (`pnpm size` checks the same with size-limit). `pnpm test` builds the packages first.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const entry = resolve(root, "packages/core/dist/index.js");

/** The budget of the `solve` check in .size-limit.json, in bytes (size-limit's kB = 1000 bytes). */
function limitBytes(): number {
  const checks = JSON.parse(readFileSync(resolve(root, ".size-limit.json"), "utf8")) as { import?: string; path: string; limit: string }[];
  const check = checks.find((c) => c.path === "packages/core/dist/index.js" && /\bsolve\b/.test(c.import ?? ""));
  if (!check) throw new Error(".size-limit.json has no check of { solve } from packages/core/dist/index.js");
  const m = /^\s*([\d.]+)\s*(B|kB|KB)\s*$/.exec(check.limit);
  if (!m) throw new Error(`unreadable limit ${check.limit}`);
  return Number(m[1]) * (m[2] === "B" ? 1 : 1000);
}

describe("browser bundle", () => {
  it("solve with its validation, minified + gzipped, within the budget", async () => {
    expect(existsSync(entry), "packages/core/dist is missing: run `pnpm --filter @siting/core build` (pnpm test builds first)").toBe(true);
    const out = await build({
      stdin: { contents: `export { solve } from ${JSON.stringify(entry)};`, resolveDir: root, loader: "js" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const code = out.outputFiles[0].contents;
    const gzip = gzipSync(code, { level: 9 }).length;
    const limit = limitBytes();
    const inputs = Object.values(out.metafile.outputs)[0].inputs;
    const line = `solve bundle: ${(code.length / 1000).toFixed(1)} kB minified, ${(gzip / 1000).toFixed(2)} kB gzipped (limit ${limit / 1000} kB)`;
    console.log(line);
    // no schema library (or any other dependency but the kd-tree) may creep back in
    expect(Object.keys(inputs).filter((f) => f.includes("node_modules") && !f.includes("kdbush"))).toEqual([]);
    expect(gzip, line).toBeLessThanOrEqual(limit);
  }, 60_000);
});

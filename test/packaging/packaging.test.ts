/**
 * The packages as npm users get them: every package under packages/ is packed with `pnpm pack`
 * (from the `dist/` that `pnpm test` builds first), the tarballs are installed with plain `npm` into
 * a fresh project in the system temp folder, and that project then
 * - imports `@siting/core` as ESM and solves a small MCLP with the engine and with each MIP backend
 *   (loaded by name), and drives an engine through `@siting/core/lp`;
 * - `require`s every package as CommonJS;
 * - type-checks a consumer file with `moduleResolution: "bundler"` and with `"node16"` (ESM and CJS
 *   files), with the repository's TypeScript;
 * - bundles `solve` for the browser with esbuild.
 * publint and @arethetypeswrong/cli run on every tarball. Set SITING_KEEP_PACK=1 to keep the folder.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MINUTE = 60_000;
const requireFromRoot = createRequire(join(ROOT, "package.json"));
const TSC = requireFromRoot.resolve("typescript/bin/tsc");
const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  scripts?: Record<string, string>;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

interface Packed {
  dir: string;
  /** The package.json in the repository (pnpm pack drops lifecycle scripts such as `prepack`). */
  source: Manifest;
  /** The package.json in the tarball. */
  manifest: Manifest;
  tarball: string;
  files: string[];
}

/** Every publishable package (packages/worker included once it exists). */
const PACKAGES = readdirSync(join(ROOT, "packages"))
  .filter((d) => existsSync(join(ROOT, "packages", d, "package.json")))
  .map((d) => ({ dir: join(ROOT, "packages", d), manifest: JSON.parse(readFileSync(join(ROOT, "packages", d, "package.json"), "utf8")) as Manifest }))
  .filter((p) => !p.manifest.private);

/** What each package must export when required or imported (beyond "something"). */
const EXPECTED_EXPORTS: Record<string, string[]> = {
  "@siting/core": ["solve", "solveSync", "evaluate", "parseScenario", "parseProblem", "ScenarioError"],
  "@siting/core/lp": ["ModelBuilder", "toCSC", "finishSolution", "formulate", "pmedianExact", "createRunContext", "RunContext"],
  "@siting/highs": ["highs"],
  "@siting/glpk": ["glpk"],
  "@siting/lp-solver": ["lpSolver"],
  "@siting/lingang": ["lingangScenario", "planLingang"],
  "@siting/cli": ["main"],
};

let work = "";
let app = "";
const packed: Packed[] = [];

function run(cmd: string, args: string[], cwd: string, timeout = 5 * MINUTE): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
  if (r.error) throw r.error;
  return r;
}

/** Fails with the command's output when it did not exit 0. */
function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) expect.fail(`${what} exited with ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

const node = (args: string[], what: string) => ok(run(process.execPath, args, app), what);

beforeAll(() => {
  for (const p of PACKAGES) {
    const main = join(p.dir, "dist", "index.js");
    if (!existsSync(main)) throw new Error(`${main} is missing: build the packages first (pnpm build; pnpm test does it)`);
  }
  work = mkdtempSync(join(tmpdir(), "siting-packaging-"));
  const tarballs = join(work, "tarballs");
  app = join(work, "app");
  mkdirSync(tarballs);
  mkdirSync(app);
  // `pnpm pack` rewrites workspace: ranges; scripts are skipped here (`prepack` would rebuild dist/
  // under the other test files running at the same time — `pnpm test` has just built it)
  for (const p of PACKAGES) {
    const out = ok(run("pnpm", ["pack", "--json", "--pack-destination", tarballs, "--config.ignore-scripts=true"], p.dir), `pnpm pack (${p.manifest.name})`);
    const info = JSON.parse(out.slice(out.indexOf("{"))) as { filename: string; files: { path: string }[] };
    packed.push({ dir: p.dir, source: p.manifest, tarball: info.filename, files: info.files.map((f) => f.path), manifest: JSON.parse(ok(run("tar", ["-xzOf", info.filename, "package/package.json"], work), "tar")) as Manifest });
  }
  const dependencies = Object.fromEntries(packed.map((p) => [p.manifest.name, `file:${p.tarball}`]));
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "siting-consumer", version: "1.0.0", private: true, type: "module", dependencies }, null, 2));
  ok(run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], app, 8 * MINUTE), "npm install");
}, 10 * MINUTE);

afterAll(() => {
  if (work && !process.env.SITING_KEEP_PACK) rmSync(work, { recursive: true, force: true });
  else if (work) console.log(`[packaging] kept ${work}`);
});

describe("packed packages", () => {
  it("finds every package", () => {
    expect(packed.map((p) => p.manifest.name)).toEqual(expect.arrayContaining(["@siting/core", "@siting/highs", "@siting/glpk", "@siting/lp-solver", "@siting/lingang", "@siting/cli"]));
  });

  it("ship LICENSE, README and the build, with npm-ready metadata and no workspace: ranges", () => {
    for (const { manifest: m, source, files } of packed) {
      const name = m.name;
      expect(files, name).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts"]));
      expect(files.some((f) => f.startsWith("src/") || f.startsWith("test/")), name).toBe(false);
      expect(JSON.stringify(m), name).not.toContain("workspace:");
      expect(m.license, name).toBe("MIT");
      expect(m.repository, name).toMatchObject({ type: "git", url: "git+https://github.com/siting-dev/siting.git", directory: expect.stringMatching(/^packages\//) });
      expect(m.homepage, name).toMatch(/^https:\/\/github\.com\/siting-dev\/siting/);
      expect(m.bugs, name).toEqual({ url: "https://github.com/siting-dev/siting/issues" });
      expect((m.keywords as string[]).length, name).toBeGreaterThan(2);
      expect(m.author, name).toBeTruthy();
      expect(source.scripts?.prepack, name).toMatch(/build/);
      for (const [dep, range] of Object.entries(m.dependencies ?? {})) if (dep.startsWith("@siting/")) expect(range, `${name} → ${dep}`).toBe(m.version);
    }
    const license = readFileSync(join(ROOT, "LICENSE"), "utf8");
    expect(license).toContain("MIT License");
    expect(license).toContain("Copyright (c) 2026 the siting authors");
    for (const { tarball, manifest } of packed) expect(ok(run("tar", ["-xzOf", tarball, "package/LICENSE"], work), "tar"), manifest.name).toBe(license);
  });

  it("declare the MIP backends as optional peers of @siting/core and ship the /lp entry", () => {
    const core = packed.find((p) => p.manifest.name === "@siting/core")!;
    for (const b of ["@siting/highs", "@siting/glpk", "@siting/lp-solver"]) {
      expect(core.manifest.peerDependencies?.[b], b).toBe(`^${core.manifest.version}`);
      expect(core.manifest.peerDependenciesMeta?.[b], b).toEqual({ optional: true });
    }
    expect(Object.keys(core.manifest.exports ?? {})).toEqual(expect.arrayContaining([".", "./lp"]));
    expect(core.files).toEqual(expect.arrayContaining(["dist/lp.js", "dist/lp.cjs", "dist/lp.d.ts", "dist/lp.d.cts", "lp/package.json", "THIRD-PARTY-NOTICES.md"]));
  });

  it("ship the facts file that lingang's data cites", () => {
    const lingang = packed.find((p) => p.manifest.name === "@siting/lingang")!;
    expect(lingang.files).toContain("FACTS.md");
    const facts = ok(run("tar", ["-xzOf", lingang.tarball, "package/FACTS.md"], work), "tar");
    for (const section of [1, 2, 3, 4, 5, 6, 8]) expect(facts).toMatch(new RegExp(`^## ${section}\\. `, "m"));
    const dts = ok(run("tar", ["-xzOf", lingang.tarball, "package/dist/index.d.ts"], work), "tar");
    expect(dts).toContain("FACTS");
  });

  it("are clean under publint and @arethetypeswrong/cli", () => {
    for (const { tarball, manifest } of packed) {
      const lint = run(bin("publint"), ["run", tarball, "--strict"], work);
      expect(lint.status, `publint ${manifest.name}\n${lint.stdout}${lint.stderr}`).toBe(0);
      const attw = run(bin("attw"), [tarball, "--format", "ascii", "--no-color"], work);
      expect(attw.status, `attw ${manifest.name}\n${attw.stdout}${attw.stderr}`).toBe(0);
      expect(attw.stdout, manifest.name).toContain("No problems found");
    }
  }, 5 * MINUTE);
});

const SCENARIO = {
  demand: [
    { id: "a", x: 0, y: 0, weight: 10 },
    { id: "b", x: 1, y: 0, weight: 4 },
    { id: "c", x: 5, y: 0, weight: 7 },
    { id: "d", x: 6, y: 1, weight: 3 },
    { id: "e", x: 10, y: 0, weight: 5 },
  ],
  sites: [
    { id: "s1", x: 0.5, y: 0 },
    { id: "s2", x: 5.5, y: 0.5 },
    { id: "s3", x: 10, y: 1 },
  ],
};
const MCLP = { type: "mclp", radius: 1.5, p: 2 };

describe("installed with npm", () => {
  it("imports @siting/core as ESM and solves an MCLP with the engine and every MIP backend", () => {
    const script = `
      import { solve, buildInstance, buildNeighbors, parseScenario } from "@siting/core";
      import { createRunContext, pmedianExact } from "@siting/core/lp";
      const scenario = ${JSON.stringify(SCENARIO)};
      const out = {};
      for (const solver of ["engine", "highs", "glpk", "lp-solver"]) {
        const r = await solve(scenario, ${JSON.stringify(MCLP)}, { solver });
        out[solver] = { status: r.status, objective: r.objective, open: r.open, solver: r.solver };
      }
      const inst = buildInstance(parseScenario(scenario));
      const e = pmedianExact(inst, buildNeighbors(inst), { p: 2, budget: Infinity }, createRunContext({ timeLimit: 10 }));
      const r = await solve(scenario, { type: "pmedian", p: 2 }, { solver: "engine" });
      out.engine_pmedian = { status: e.status, objective: e.objective, viaSolve: r.objective };
      console.log(JSON.stringify(out));
    `;
    const out = JSON.parse(node(["--input-type=module", "-e", script], "ESM import").trim()) as Record<string, Record<string, unknown>>;
    for (const solver of ["engine", "highs", "glpk", "lp-solver"]) {
      expect(out[solver], solver).toEqual({ status: "optimal", objective: 24, open: ["s1", "s2"], solver });
    }
    expect(out.engine_pmedian.status).toBe("optimal");
    expect(out.engine_pmedian.objective).toBeCloseTo(out.engine_pmedian.viaSolve as number, 9);
  }, 2 * MINUTE);

  it("requires every package as CommonJS", () => {
    const names = [...packed.map((p) => p.manifest.name), "@siting/core/lp"];
    const script = `
      const names = ${JSON.stringify(names)};
      const out = {};
      for (const n of names) { const m = require(n); out[n] = Object.keys(m).filter((k) => m[k] !== undefined); }
      const { solveSync } = require("@siting/core");
      const r = solveSync(${JSON.stringify(SCENARIO)}, ${JSON.stringify(MCLP)}, { solver: "engine" });
      out.solve = { status: r.status, objective: r.objective };
      console.log(JSON.stringify(out));
    `;
    writeFileSync(join(app, "require-all.cjs"), script);
    const out = JSON.parse(node([join(app, "require-all.cjs")], "CJS require").trim()) as Record<string, unknown>;
    for (const n of names) {
      const keys = out[n] as string[];
      expect(keys.length, n).toBeGreaterThan(0);
      expect(keys, n).toEqual(expect.arrayContaining(EXPECTED_EXPORTS[n] ?? []));
    }
    expect(out.solve).toEqual({ status: "optimal", objective: 24 });
  }, 2 * MINUTE);

  const CONSUMER = `
import { ScenarioError, solve, type Result, type Scenario } from "@siting/core";
import { createRunContext, ModelBuilder, pmedianExact, type Backend, type EngineResult, type LinearModel } from "@siting/core/lp";
import { glpk } from "@siting/glpk";
import { highs } from "@siting/highs";
import { lpSolver } from "@siting/lp-solver";
import { lingangScenario } from "@siting/lingang";
import { main } from "@siting/cli";

const backends: Backend[] = [highs(), glpk(), lpSolver()];
const model: LinearModel = new ModelBuilder("min").build();
export async function run(scenario: Scenario): Promise<Result[]> {
  const out: Result[] = [];
  for (const solver of [...backends, "engine" as const]) out.push(await solve(scenario, { type: "mclp", radius: 1.5, p: 2 }, { solver, timeLimit: 5 }));
  return out;
}
export const engine: (s: Scenario) => EngineResult = (s) => {
  void s;
  return pmedianExact(null as never, null as never, { p: 1, budget: Infinity }, createRunContext({ timeLimit: 1 }));
};
export const refs = [model, lingangScenario, main, ScenarioError];
// the types are real (not any): each of these must be an error
// @ts-expect-error solve returns a Promise<Result>
export const wrong: Result = solve({}, {});
// @ts-expect-error a Backend needs solve()
export const notBackend: Backend = { name: "x" };
`;

  const CONSUMER_CJS = `
import core = require("@siting/core");
import lp = require("@siting/core/lp");
import highsPkg = require("@siting/highs");
export const solve: typeof core.solve = core.solve;
export const ctx: lp.RunContext = lp.createRunContext({ timeLimit: 1 });
export const backend: lp.Backend = highsPkg.highs();
// @ts-expect-error solveSync returns a Result, not a string
export const wrong: string = core.solveSync({}, {});
`;

  function tsc(name: string, compilerOptions: Record<string, unknown>, files: string[]): void {
    const config = {
      compilerOptions: { target: "ES2022", strict: true, noEmit: true, skipLibCheck: false, lib: ["ES2022", "DOM"], types: [], ...compilerOptions },
      files,
    };
    writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
    node([TSC, "-p", `tsconfig.${name}.json`], `tsc (${name})`);
  }

  it("type-checks a consumer with moduleResolution bundler", () => {
    writeFileSync(join(app, "consumer.ts"), CONSUMER);
    tsc("bundler", { module: "ESNext", moduleResolution: "bundler" }, ["consumer.ts"]);
  }, 2 * MINUTE);

  it("type-checks ESM and CJS consumers with moduleResolution node16", () => {
    writeFileSync(join(app, "consumer.ts"), CONSUMER);
    writeFileSync(join(app, "consumer-cjs.cts"), CONSUMER_CJS);
    tsc("node16", { module: "node16", moduleResolution: "node16" }, ["consumer.ts", "consumer-cjs.cts"]);
  }, 2 * MINUTE);

  it("fails to type-check a consumer with a type error (the check can fail)", () => {
    writeFileSync(join(app, "broken.ts"), `import { solveSync } from "@siting/core";\nexport const n: number = solveSync({}, {});\n`);
    writeFileSync(join(app, "tsconfig.broken.json"), JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "bundler", strict: true, noEmit: true, types: [], lib: ["ES2022", "DOM"] }, files: ["broken.ts"] }));
    const r = run(process.execPath, [TSC, "-p", "tsconfig.broken.json"], app);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/broken\.ts.*error TS2322/);
  }, 2 * MINUTE);

  it("bundles solve for the browser with esbuild", async () => {
    writeFileSync(join(app, "browser.js"), `import { solve } from "@siting/core";\nexport async function plan(s, p) { return solve(s, p); }\n`);
    const esbuild = (await import(requireFromRoot.resolve("esbuild"))) as typeof import("esbuild");
    const r = await esbuild.build({
      absWorkingDir: app,
      entryPoints: ["browser.js"],
      bundle: true,
      platform: "browser",
      format: "esm",
      minify: true,
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    expect(r.errors).toEqual([]);
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs.some((i) => i.includes("node_modules/@siting/core/dist/"))).toBe(true);
    const code = r.outputFiles[0].contents;
    const gz = gzipSync(code).length;
    console.log(`[packaging] browser bundle of solve: ${(code.length / 1024).toFixed(1)} kB minified, ${(gz / 1024).toFixed(1)} kB gzipped`);
    expect(code.length).toBeGreaterThan(1000);
  }, 2 * MINUTE);
});

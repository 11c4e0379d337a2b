import { resolve } from "node:path";
import type { Plugin } from "esbuild";
import { library } from "../../tsup.library";

/**
 * Modules the root index re-exports that `solve` never needs up front: each is built as an entry of
 * its own (not in package.json `exports`, so not importable by name) and the index imports it as
 * an external sibling (`export { solveSync } from "./solve-sync.js"`) instead of bundling it in.
 * Without this the index entry would reach the cflp engine and the MIP models statically (through
 * `solveSync` and `solveServices`) and dist/index.js would import their chunks, so a bundler
 * splitting an app that imports only `solve` would load them before any solve runs — `solve` loads
 * them with a dynamic `import()` when a problem needs them (src/solve.ts; the size budget in
 * test/bundle-size.test.ts). (`explainCflp` stays in the index: the cflp precheck it shares with
 * the cflp path, ≈ 1 kB gzipped, loads up front.)
 */
const SIDE_ENTRIES: Record<string, string> = {
  "solve-sync": "src/solve-sync.ts",
  services: "src/cflp/services.ts",
  // the public `evaluate` with the problem variants' evaluation (the solve path loads it lazily)
  "evaluate-variants": "src/variants/evaluate-public.ts",
};

// paths are relative to the package folder, where tsup runs (as are the entries)
const index = resolve("src/index.ts");
const sideEntries = new Map(Object.entries(SIDE_ENTRIES).map(([name, file]) => [resolve(file), name]));

/** Resolves the index's imports of the side entries to their built files (`.js` or `.cjs`), left external. */
const sideEntriesExternal: Plugin = {
  name: "siting-side-entries",
  setup(build) {
    const ext = build.initialOptions.outExtension?.[".js"] ?? ".js";
    build.onResolve({ filter: /^\.\/.*\.js$/ }, (args) => {
      if (args.importer !== index) return undefined;
      const name = sideEntries.get(resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts")));
      return name === undefined ? undefined : { path: `./${name}${ext}`, external: true };
    });
  },
};

// Two public entries: the user API and `@siting/core/lp` (MIP plumbing for backend adapters, the
// exact engines), plus the side entries above; `splitting` shares their common code in chunks in
// both formats, so the CJS entries do not carry two copies of a class, and turns `solve`'s dynamic
// imports into chunks (in CJS, tsup rewrites them to `Promise.resolve().then(() => require(…))`).
// kdbush (ISC, see THIRD-PARTY-NOTICES.md) is ESM-only: it is bundled, code and types, so
// `require("@siting/core")` works on every Node ≥ 20 and the `.d.cts` types do not import an ES
// module.
export default library([], {
  entry: { index: "src/index.ts", lp: "src/lp/index.ts", ...SIDE_ENTRIES },
  splitting: true,
  noExternal: ["kdbush"],
  dts: { entry: { index: "src/index.ts", lp: "src/lp/index.ts" }, resolve: ["kdbush"] },
  esbuildPlugins: [sideEntriesExternal],
});

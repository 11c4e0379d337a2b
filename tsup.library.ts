import { defineConfig, type Options } from "tsup";

/**
 * The build every library package shares: ESM + CJS + `.d.ts` from `src/index.ts`, platform-neutral
 * (Node ≥ 20 and browsers). Dependencies stay external (tsup's default); `external` adds the
 * optional ones a package loads with a dynamic import.
 */
export function library(external: string[] = [], overrides: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    external,
    ...overrides,
  });
}

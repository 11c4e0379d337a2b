import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@siting/core/lp": src("./packages/core/src/lp/index.ts"),
      "@siting/core": src("./packages/core/src/index.ts"),
      "@siting/lingang": src("./packages/lingang/src/index.ts"),
      "@siting/highs": src("./packages/highs/src/index.ts"),
      "@siting/glpk": src("./packages/glpk/src/index.ts"),
      "@siting/lp-solver": src("./packages/lp-solver/src/index.ts"),
      "@siting/worker/serve": src("./packages/worker/src/serve.ts"),
      "@siting/worker": src("./packages/worker/src/index.ts"),
    },
  },
  test: {
    include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});

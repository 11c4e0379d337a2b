import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// `vite examples/web` (pnpm demo) and `vite build examples/web` (pnpm demo:build) from the repository root.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // relative asset URLs: the build works from any static file server, in any folder
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // highs.wasm (≈ 3.5 MB) is an asset, not a chunk; the largest JS chunk is the worker
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: "es" },
  // the backends find their .wasm next to their own module (`new URL("x.wasm", import.meta.url)`):
  // pre-bundling would move the module away from its .wasm in the dev server
  optimizeDeps: { exclude: ["highs", "glpk.js"] },
});

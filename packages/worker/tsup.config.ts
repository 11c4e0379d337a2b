import { library } from "../../tsup.library";

// Two main-thread entries — `index` (Node, worker_threads) and `browser` (Web Workers, no node:*),
// chosen by the package's conditional exports — the worker side for each (`serve.node`, `serve`),
// and the two default worker scripts the entries start (`worker.node.js`, `serve-default.js`).
// `shims` gives the CommonJS build an `import.meta.url` to find the worker script beside it.
export default library(["@siting/core", "node:fs", "node:os", "node:path", "node:url", "node:worker_threads"], {
  entry: {
    index: "src/index.ts",
    browser: "src/browser.ts",
    serve: "src/serve.ts",
    "serve.node": "src/serve.node.ts",
    "worker.node": "src/worker.node.ts",
    "serve-default": "src/serve-default.ts",
  },
  dts: { entry: { index: "src/index.ts", browser: "src/browser.ts", serve: "src/serve.ts", "serve.node": "src/serve.node.ts" } },
  splitting: true,
  shims: true,
  removeNodeProtocol: false,
});

import { library } from "../../tsup.library";

// Two entries: the user API and `@siting/core/lp` (MIP plumbing for backend adapters, the exact
// engines); `splitting` shares their common code in chunks in both formats, so the CJS entries do
// not carry two copies of a class. kdbush (ISC, see THIRD-PARTY-NOTICES.md) is ESM-only: it is
// bundled, code and types, so `require("@siting/core")` works on every Node ≥ 20 and the `.d.cts`
// types do not import an ES module.
export default library([], {
  entry: { index: "src/index.ts", lp: "src/lp/index.ts" },
  splitting: true,
  noExternal: ["kdbush"],
  dts: { resolve: ["kdbush"] },
});

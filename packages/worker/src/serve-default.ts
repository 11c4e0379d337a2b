// The default browser worker script of `solveInWorker` and `SolvePool`: backends by name through
// @siting/core's loader (which works unbundled, e.g. with an import map; bundles should use their
// own worker script with `serveSolves({ backends })`).
import { serveSolves } from "./serve.js";

serveSolves();

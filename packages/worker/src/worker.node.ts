// The default Node worker script of `solveInWorker` and `SolvePool`: backends by name through
// @siting/core's loader.
import { serveSolves } from "./serve.node.js";

serveSolves();

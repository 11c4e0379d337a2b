/**
 * The solver worker: one solve per worker, started by `solveInWorker` on the page. The MIP
 * backends are passed as factories, so their WebAssembly (HiGHS, glpk.js) loads inside the worker,
 * and only when that backend is chosen.
 */
import { glpk } from "@siting/glpk";
import { highs } from "@siting/highs";
import { serveSolves } from "@siting/worker/serve";

serveSolves({ backends: { highs: () => highs(), glpk: () => glpk() } });

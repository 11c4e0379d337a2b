/**
 * `@siting/core/lp` — the layer under `solve`, for adapter and engine authors:
 *
 * - the solver-neutral linear model (`ModelBuilder`, `LinearModel`, `toCSC`, …), the MIP
 *   formulations of the problems (`formulate`, `precheck`, `decodeSolution`, …) and the helpers a
 *   MIP backend adapter uses (`finishSolution`, `abortReason`, `nowMs`, …) — what `@siting/highs`,
 *   `@siting/glpk` and `@siting/lp-solver` are built from;
 * - the exact engines (`pmedianExact`, `mclpExact`, `lscpExact`, `pcenterExact`, `solveSetCover`)
 *   and heuristics on a built instance, with `createRunContext` to build the context they take.
 *
 * Most users need only `solve` from `@siting/core`.
 *
 * @module @siting/core/lp
 */
export {
  ModelBuilder, colName, rowName, nnz, objectiveValue, rowActivity, maxViolation, roundIntegers, toCSC, validateModel, emptyInfeasibleRow,
  type LinearModel, type Sense, type Block, type Violation, type VarBlockOptions,
} from "./model.js";
export {
  finishSolution, gapOf, abortReason, nowMs, ACCEPT_TOLERANCE,
  type Backend, type BackendSolution, type BackendSolveOptions, type BackendStatus,
} from "./backend.js";
export {
  formulate, precheck, decodeSolution, incumbentFromOpen, demandUnits, capacityFromScenario, specFromProblem,
  type MipSpec, type MipProblemType, type CapacitySpec, type PerCapitaStandard, type SizeModule, type Formulation,
  type Infeasibility, type PreCheck, type DecodedSolution,
} from "./formulations.js";
export { RunContext, type Progress } from "../heuristics/context.js";
export { createRunContext, type RunOptions } from "./run.js";
export type { EngineResult, EngineStatus } from "../engine/common.js";
export { pmedianExact, type PMedianEngineOptions } from "../engine/pmedian.js";
export { lscpExact, pcenterExact } from "../engine/cover.js";
export { mclpExact } from "../engine/mclp.js";
export { mclpRegions, type RegionSolver } from "../engine/mclp-regions.js";
export { solveSetCover, type SetCoverInput, type SetCoverOptions, type SetCoverResult } from "../engine/setcover.js";
export { pmedianHeuristic, type SiteLimits, type HeuristicResult } from "../heuristics/pmedian.js";
export { pcenterHeuristic } from "../heuristics/pcenter.js";
export { mclpHeuristic, lscpHeuristic } from "../heuristics/cover.js";

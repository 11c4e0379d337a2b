export { ScenarioError, formatIssue, type InputIssue } from "./errors.js";
export { haversine, EARTH_RADIUS_M, type Metric } from "./geo.js";
export type { Scenario, DemandPoint, SitePoint, CoordinateSystem } from "./scenario.js";
export { isScenario, scenarioFromCostMatrix } from "./scenario.js";
export { parseScenario, METRICS } from "./parse.js";
export { parseProblem, PROBLEM_TYPES, type Problem, type ProblemType } from "./problem.js";
export { buildInstance, type Instance } from "./instance.js";
export { buildCoverage, siteIndex, transpose, type Coverage, type CSR } from "./coverage.js";
export { buildNeighbors, COMPLETE_LIMIT, type Neighbors } from "./neighbors.js";
export { evaluate, demandUnitsOf, siteModules, type Evaluation, type EvaluateOptions } from "./evaluate.js";
export { readOrlibPmedian, type OrlibInstance } from "./orlib.js";
export { solve, solveSync, SOLVERS, type SolveOptions, type SolverName } from "./solve.js";
export type { Result, Status, Assignment, OpenSite } from "./result.js";
export { relativeGap } from "./result.js";
export type { Progress } from "./heuristics/context.js";
export { mulberry32 } from "./rng.js";
export { pmedianExact, type PMedianEngineOptions } from "./engine/pmedian.js";
export type { EngineResult, EngineStatus } from "./engine/common.js";
export {
  ModelBuilder, colName, rowName, nnz, objectiveValue, rowActivity, maxViolation, roundIntegers, toCSC, validateModel, emptyInfeasibleRow,
  type LinearModel, type Sense, type Block, type Violation, type VarBlockOptions,
} from "./lp/model.js";
export {
  finishSolution, gapOf, abortReason, nowMs, ACCEPT_TOLERANCE,
  type Backend, type BackendSolution, type BackendSolveOptions, type BackendStatus,
} from "./lp/backend.js";
export {
  formulate, precheck, decodeSolution, incumbentFromOpen, demandUnits, capacityFromScenario, specFromProblem,
  type MipSpec, type MipProblemType, type CapacitySpec, type PerCapitaStandard, type SizeModule, type Formulation,
  type Infeasibility, type PreCheck, type DecodedSolution,
} from "./lp/formulations.js";
export { lscpExact, pcenterExact } from "./engine/cover.js";
export { solveSetCover, type SetCoverInput, type SetCoverOptions, type SetCoverResult } from "./engine/setcover.js";
export { mclpExact } from "./engine/mclp.js";
export { readTsplib, type TsplibInstance } from "./engine/tsplib.js";
export type { CflpSolution, ReachField } from "./cflp/types.js";
export type { ShareInput } from "./cflp/evaluate.js";
export { explainCflp } from "./cflp/precheck.js";
export { frontier, frontierSvg, solutionFromResult, markDominated, type FrontierPoint, type FrontierSteps } from "./cflp/frontier.js";
export { solveServices, type Service, type ServicesCost, type ServicesResult, type ServiceAnswer } from "./cflp/services.js";

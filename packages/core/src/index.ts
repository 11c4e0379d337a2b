/**
 * `@siting/core` — validate scenarios and problems, solve them (`solve`, `solveSync`), check any
 * answer independently (`evaluate`), and plan with the planner's model (`cflp`, `frontier`,
 * `solveServices`). The MIP model plumbing for backend adapters and the exact engines live in
 * `@siting/core/lp`.
 *
 * @module @siting/core
 */
export { ScenarioError, formatIssue, type InputIssue } from "./errors.js";
export { haversine, EARTH_RADIUS_M, type Metric } from "./geo.js";
export type { Scenario, DemandPoint, SitePoint, SizeModule, CoordinateSystem } from "./scenario.js";
export { isScenario, scenarioFromCostMatrix } from "./scenario.js";
export { isSparseCosts, type SparseScenarioCosts, type CostTriples } from "./sparse-costs.js";
export {
  withNetworkCosts, networkCosts, readRoads, isRoadNetwork, snapPoints,
  type NetworkScenario, type NetworkScenarioOptions, type NetworkCosts, type NetworkCostOptions, type NetworkReport, type CostUnit,
  type RoadNetwork, type RoadOptions, type RoadsInput, type RoadFeature, type RoadCoords, type Snaps, type SnapOptions, type SparseCosts,
} from "./network/index.js";
export {
  parseScenario, METRICS,
  type ScenarioInput, type ScenarioObject, type PointInput, type DemandInput, type SiteInput, type DemandProperties, type SiteProperties,
  type PointFeature, type PointCollection,
} from "./parse.js";
export {
  parseProblem, maximises, PROBLEM_TYPES, type Problem, type ProblemType, type ProblemOf, type ProblemFields,
  type LscpProblem, type MclpProblem, type PMedianProblem, type PCenterProblem, type CflpProblem,
  type ProblemInput, type ProblemInputOf, type LscpInput, type MclpInput, type PMedianInput, type PCenterInput, type CflpInput,
  type CapacityInput, type StandardInput, type PerCapitaStandard,
  type AttendanceInput, type AttendanceProblem, type PDispersionInput, type PDispersionProblem, type RadiusFieldInput, type Decay, type Impedance,
} from "./problem.js";
export { buildInstance, type Instance } from "./instance.js";
export { buildCoverage, siteIndex, transpose, type Coverage, type CSR } from "./coverage.js";
export { buildNeighbors, COMPLETE_LIMIT, type Neighbors } from "./neighbors.js";
export { demandUnitsOf, siteModules, type Evaluation, type EvaluateOptions } from "./evaluate.js";
export { evaluate } from "./variants/evaluate-public.js";
export { equityOf, type Equity } from "./equity.js";
export { readOrlibPmedian, type OrlibInstance } from "./orlib.js";
export { solve, SOLVERS, type SolveOptions, type SolveResult, type SolverName } from "./solve.js";
export { solveSync } from "./solve-sync.js";
export type { Result, Status, Assignment, OpenSite } from "./result.js";
export { relativeGap } from "./result.js";
export type { Progress } from "./heuristics/context.js";
export { mulberry32 } from "./rng.js";
export type { Backend } from "./lp/backend.js";
export { readTsplib, type TsplibInstance } from "./engine/tsplib.js";
export type { CflpSolution, ReachField } from "./cflp/types.js";
export type { ShareInput, CflpEvaluation } from "./cflp/evaluate.js";
export { explainCflp } from "./cflp/precheck.js";
export { frontier, frontierSvg, solutionFromResult, markDominated, type FrontierPoint, type FrontierSteps } from "./cflp/frontier.js";
export { solveServices, type Service, type ServicesCost, type ServicesResult, type ServiceAnswer } from "./cflp/services.js";

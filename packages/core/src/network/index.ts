/**
 * Travel costs on road networks: read GeoJSON roads into a CSR graph (`readRoads`), join points
 * to the nearest segment (`snapPoints`), and compute sparse demand × site costs within a cutoff
 * (`networkCosts`), or a scenario's costs replaced by them (`withNetworkCosts`). Pure TypeScript on typed arrays: runs in browsers and workers as in Node.
 */
export { networkCosts, type NetworkCosts, type NetworkCostOptions, type NetworkReport, type CostUnit } from "./costs.js";
export { readRoads, isRoadNetwork, type RoadNetwork, type RoadOptions, type RoadsInput, type RoadFeature, type RoadCoords } from "./roads.js";
export { snapPoints, SegmentIndex, type Snaps, type SnapOptions } from "./snap.js";
export { ShortestPaths } from "./dijkstra.js";
export { graphFromArcs, reverseGraph, weakComponents, type Graph } from "./graph.js";
export { sortRows, type SparseCosts } from "./sparse.js";
export { withNetworkCosts, type NetworkScenario, type NetworkScenarioOptions } from "./scenario.js";

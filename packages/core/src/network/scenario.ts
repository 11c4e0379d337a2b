import { IssueList } from "../errors.js";
import type { Scenario } from "../scenario.js";
import { networkCosts, type CostUnit, type NetworkCostOptions, type NetworkCosts, type NetworkReport } from "./costs.js";
import type { RoadNetwork, RoadsInput } from "./roads.js";

/** How to turn a scenario's straight lines into travel along roads (`withNetworkCosts`). */
export interface NetworkScenarioOptions extends Omit<NetworkCostOptions, "coords" | "unit" | "cutoff"> {
  /** Metres along the roads (default), or minutes at the roads' `speed` (km/h). */
  unit?: CostUnit;
  /**
   * Pairs costing more than this (in `unit`) are left out: unreachable, never covering, never
   * assigned. Default Infinity (every pair the roads connect). Must be at least any radius or
   * reach the scenario is then solved with (`solve` checks).
   */
  cutoff?: number;
}

/** A scenario with road-network costs, and what the network computation found. */
export interface NetworkScenario {
  /** The input scenario with sparse costs (`costs` rows, cutoff kept); ids, weights and coordinates unchanged. */
  scenario: Scenario;
  /** Disconnected parts, points not snapped or reaching nothing within the cutoff, access legs. */
  report: NetworkReport;
  /** The full computation: the road graph, where each point joined it, the rows. */
  costs: NetworkCosts;
}

/**
 * The scenario with its demand × site costs replaced by travel along roads (GeoJSON LineStrings
 * in the scenario's own coordinates: lon/lat, or x/y metres): each point joins the road nearest to
 * it by a straight access leg, and every pair within `cutoff` gets its shortest-path cost as a
 * sparse row (`networkCosts`). Pairs beyond the cutoff or on disconnected parts are unreachable.
 * No file access: read the roads yourself (the CLI's `--network` does).
 *
 * ```ts
 * const { scenario, report } = withNetworkCosts(parseScenario(json), roads, { cutoff: 900 });
 * await solve(scenario, { type: "lscp", radius: 900 });
 * ```
 */
export function withNetworkCosts(scenario: Scenario, roads: RoadsInput | RoadNetwork, options: NetworkScenarioOptions = {}): NetworkScenario {
  const issues = new IssueList();
  if (scenario.coords === "none") issues.add("scenario", "network costs need the points' coordinates (x/y metres or lon/lat); this scenario has only costs", scenario.coords);
  else if (scenario.costs) issues.add("scenario.costs", "the scenario has costs already; network costs are computed from coordinates, give a scenario without costs");
  const cutoff = options.cutoff ?? Infinity;
  if (!(typeof cutoff === "number" && cutoff > 0)) issues.add("options.cutoff", "expected a number > 0 (Infinity keeps every connected pair)", cutoff);
  issues.throwIfAny("invalid network scenario");
  const { cutoff: _c, unit = "metres", ...rest } = options;
  const costs = networkCosts(roads, scenario.demand, scenario.sites, { ...rest, coords: scenario.coords === "lonlat" ? "lonlat" : "xy", unit, cutoff });
  const { n, m, ptr, site, cost } = costs;
  return { scenario: { ...scenario, costs: { n, m, ptr, site, cost, cutoff } }, report: costs.report, costs };
}

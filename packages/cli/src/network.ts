import { withNetworkCosts, type NetworkReport, type ProblemFields, type Scenario } from "@siting/core";
import { UsageError, choiceFlag, numberFlag } from "./args.js";
import { loadJson } from "./load.js";

/** The flags that replace straight-line distances by travel along roads. */
export const NETWORK_FLAGS = {
  network: { type: "string" },
  cutoff: { type: "string" },
  unit: { type: "string" },
  "access-speed": { type: "string" },
  "default-speed": { type: "string" },
} as const;

export const NETWORK_USAGE = `Road network (travel along roads instead of straight lines):
  --network FILE      GeoJSON LineStrings of the roads, in the scenario's coordinates (lon/lat, or
                      x/y metres); each point joins its nearest road by a straight access leg
  --unit U            metres (default) | minutes (needs a speed in km/h on every road, or
                      --default-speed); --radius and --reach are then in that unit
  --cutoff C          pairs costing more than C are left out (unreachable); default: the radius or
                      reach (the larger), else unlimited; must be at least both
  --access-speed KMH  speed on the access legs when --unit minutes (default 4.8, walking)
  --default-speed KMH speed of roads without a speed property
`;

/**
 * With --network: the scenario with road-network costs (sparse, within the cutoff), and the
 * network report written to `err`. Without it, the scenario as it is (network flags alone are a
 * usage error).
 */
export function applyNetwork(scenario: Scenario, problem: ProblemFields, values: Record<string, unknown>, err: (s: string) => void): Scenario {
  const file = values.network as string | undefined;
  if (file === undefined) {
    for (const k of Object.keys(NETWORK_FLAGS)) if (k !== "network" && values[k] !== undefined) throw new UsageError(`--${k} needs --network FILE`);
    return scenario;
  }
  const unit = choiceFlag(values, "unit", ["metres", "minutes"] as const, "metres");
  const accessSpeed = numberFlag(values, "access-speed");
  const defaultSpeed = numberFlag(values, "default-speed");
  for (const [name, v] of [["access-speed", accessSpeed], ["default-speed", defaultSpeed]] as const) {
    if (v !== undefined && !(v > 0)) throw new UsageError(`--${name}: expected a speed in km/h > 0, got ${v}`);
  }
  // the costs must reach as far as the problem looks: a pair beyond the cutoff is unreachable
  const limits: [string, number][] = [];
  if (problem.radius !== undefined) limits.push(["--radius", problem.radius]);
  if (typeof problem.reach === "number") limits.push(["--reach", problem.reach]);
  const given = numberFlag(values, "cutoff");
  let cutoff = Infinity;
  if (given !== undefined) {
    if (!(given > 0)) throw new UsageError(`--cutoff: expected a number > 0, got ${given}`);
    for (const [flag, v] of limits) {
      if (v > given) throw new UsageError(`--cutoff ${given} is below ${flag} ${v}: pairs costing more than the cutoff are left out as unreachable; raise --cutoff or leave it out (default: ${flag})`);
    }
    cutoff = given;
  } else if (limits.length) cutoff = Math.max(...limits.map(([, v]) => v));
  const roads = loadJson(file, "roads");
  const opts: Parameters<typeof withNetworkCosts>[2] = { unit, cutoff };
  if (accessSpeed !== undefined) opts.accessSpeed = accessSpeed;
  if (defaultSpeed !== undefined) opts.defaultSpeed = defaultSpeed;
  const { scenario: out, report } = withNetworkCosts(scenario, roads as Parameters<typeof withNetworkCosts>[1], opts);
  err(networkReport(report, scenario, unit, cutoff));
  return out;
}

const plural = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
const ids = (points: readonly { id: string }[], idx: readonly number[]) => idx.slice(0, 10).map((i) => points[i].id).join(", ") + (idx.length > 10 ? ", …" : "");
const metres = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} m`;

/** The network report as a few lines for stderr: parts of the network, pairs kept, points that reach nothing. */
export function networkReport(r: NetworkReport, s: Scenario, unit: string, cutoff: number): string {
  const lines: string[] = [];
  const within = Number.isFinite(cutoff) ? `within the cutoff ${cutoff} ${unit}` : "on the network";
  lines.push(
    `network: ${plural(r.components, "connected part", "connected parts")} (the largest holds ${(100 * r.largestComponentShare).toFixed(1)} % of the road length)` +
      (r.demandOffLargest ? `; ${plural(r.demandOffLargest, "demand point joins", "demand points join")} a smaller part` : ""),
  );
  lines.push(`network: ${r.pairs} demand–site pairs ${within}; access legs to the roads: mean ${metres(r.snapped.meanAccess)}, longest ${metres(r.snapped.maxAccess)}`);
  if (r.unsnappedDemand.length) lines.push(`network: ${plural(r.unsnappedDemand.length, "demand point is", "demand points are")} too far from every road: ${ids(s.demand, r.unsnappedDemand)}`);
  if (r.unsnappedSites.length) lines.push(`network: ${plural(r.unsnappedSites.length, "site is", "sites are")} too far from every road: ${ids(s.sites, r.unsnappedSites)}`);
  if (r.unreachableDemand.length) lines.push(`network: ${plural(r.unreachableDemand.length, "demand point reaches", "demand points reach")} no site ${within}: ${ids(s.demand, r.unreachableDemand)}`);
  if (r.unreachableSites.length) lines.push(`network: ${plural(r.unreachableSites.length, "site reaches", "sites reach")} no demand point ${within}: ${ids(s.sites, r.unreachableSites)}`);
  return lines.map((l) => `siting: ${l}\n`).join("");
}

/**
 * Issue 12's check: `siting solve points.json --network roads.geojson --problem lscp --radius 900`
 * (the built CLI) finds the same optimum as the same problem on a dense matrix of the network
 * costs computed independently of the library (./oracle.ts: its own snapping, segment splitting
 * and a plain O(V²) Dijkstra from every demand point), here by exhaustive search over the sites;
 * the same for MCLP and p-median, and in minutes. Each CLI answer is re-evaluated on that matrix.
 */
import { describe, expect, it } from "vitest";
import { parseScenario, solveSync } from "@siting/core";
import { runCli, scratch } from "../support/cli.js";
import { mulberry, oracleCosts, smallGrid, type Pt } from "./oracle.js";

const BLOCK = 150;
const SIZE = 8;
const roads = smallGrid(SIZE, BLOCK);
// the detached street of smallGrid starts at (SIZE + 5) · BLOCK
const FAR = (SIZE + 5) * BLOCK;

function pointsOf(seed: number): { demand: (Pt & { weight: number })[]; sites: Pt[] } {
  const r = mulberry(seed);
  const span = (SIZE - 1) * BLOCK;
  const demand = Array.from({ length: 22 }, () => ({ x: Math.round(-30 + r() * (span + 60)), y: Math.round(-30 + r() * (span + 60)), weight: 1 + Math.floor(r() * 9) }));
  demand.push({ x: FAR + 40, y: 12, weight: 4 }, { x: FAR + BLOCK + 10, y: 100, weight: 2 });
  const sites: Pt[] = Array.from({ length: 10 }, () => ({ x: Math.round(r() * span), y: Math.round(r() * span) }));
  sites.push({ x: FAR + 90, y: -8 });
  return { demand, sites };
}

type Kind = "lscp" | "mclp" | "pmedian";

/** The problem's value of open set S on the dense matrix C (Infinity = unreachable); NaN when S breaks its rules. */
function valueOf(C: number[][], w: number[], kind: Kind, S: number[], radius: number, p: number): number {
  if (kind !== "lscp" && S.length > p) return NaN;
  let covered = 0;
  let sum = 0;
  for (let i = 0; i < C.length; i++) {
    let d = Infinity;
    for (const j of S) d = Math.min(d, C[i][j]);
    if (d <= radius) covered += w[i];
    else if (kind === "lscp") return NaN;
    if (kind === "pmedian" && d === Infinity) return NaN;
    sum += w[i] * d;
  }
  return kind === "lscp" ? S.length : kind === "mclp" ? covered : sum;
}

function bruteOptimum(C: number[][], w: number[], kind: Kind, radius: number, p: number): number | null {
  const m = C[0].length;
  let best: number | null = null;
  for (let mask = 1; mask < 1 << m; mask++) {
    const S: number[] = [];
    for (let j = 0; j < m; j++) if (mask & (1 << j)) S.push(j);
    const v = valueOf(C, w, kind, S, radius, p);
    if (Number.isNaN(v)) continue;
    if (best === null || (kind === "mclp" ? v > best : v < best)) best = v;
  }
  return best;
}

describe("siting solve --network: the same optimum as a dense matrix of independently computed network costs", () => {
  const { demand, sites } = pointsOf(12);
  const doc = { demand: demand.map((d, i) => ({ id: `d${i}`, ...d })), sites: sites.map((s, j) => ({ id: `s${j}`, ...s })) };
  const dir = scratch("siting-network-");
  const pointsFile = dir.file("points.json", doc);
  const roadsFile = dir.file("roads.geojson", { type: "FeatureCollection", features: roads });
  const metresC = oracleCosts(roads, demand, sites, { coords: "xy", unit: "metres" });
  const w = demand.map((d) => d.weight);

  const cases: { kind: Kind; radius: number; p: number; flags: string[] }[] = [
    { kind: "lscp", radius: 900, p: Infinity, flags: ["--problem", "lscp", "--radius", "900"] },
    { kind: "lscp", radius: 700, p: Infinity, flags: ["--problem", "lscp", "--radius", "700", "--cutoff", "2000"] },
    { kind: "mclp", radius: 600, p: 3, flags: ["--problem", "mclp", "--radius", "600", "--p", "3"] },
    { kind: "pmedian", radius: Infinity, p: 4, flags: ["--problem", "pmedian", "--p", "4"] },
  ];

  it("the fixture is not trivial: some pairs unreachable, none ambiguous at the radii", () => {
    const flat = metresC.flat();
    expect(flat.some((c) => c === Infinity)).toBe(true);
    // (a cost equal to a radius is fine when it is exact: integer sums here)
    for (const r of [900, 700, 600]) expect(flat.every((c) => Math.abs(c - r) > 1e-6 || c === r)).toBe(true);
  });

  for (const c of cases) {
    it(`${c.flags.join(" ")}`, () => {
      const want = bruteOptimum(metresC, w, c.kind, c.radius, c.p);
      expect(want).not.toBeNull();
      const r = runCli("solve", pointsFile, "--network", roadsFile, ...c.flags);
      expect(r.code, r.stderr).toBe(0);
      // the network report on stderr: the detached street is a part of its own
      expect(r.stderr).toMatch(/siting: network: 2 connected parts/);
      const out = JSON.parse(r.stdout) as { status: string; objective: number; open: string[] };
      expect(out.status).toBe("optimal");
      expect(out.objective).toBeCloseTo(want as number, 6);
      // the answer re-evaluated on the dense matrix
      const S = out.open.map((id) => Number(id.slice(1)));
      expect(valueOf(metresC, w, c.kind, S, c.radius, c.p)).toBeCloseTo(want as number, 6);
      // and the library on the dense matrix (unreachable pairs at a cost no radius reaches) agrees
      const dense = parseScenario({ ...doc, costs: metresC.map((row) => row.map((v) => (v < Infinity ? v : 1e9))) });
      const problem = c.kind === "lscp" ? { type: c.kind, radius: c.radius } : c.kind === "mclp" ? { type: c.kind, radius: c.radius, p: c.p } : { type: c.kind, p: c.p };
      expect(solveSync(dense, problem).objective).toBeCloseTo(want as number, 6);
    });
  }

  it("in minutes: the same optimum as the dense matrix of travel times", () => {
    const minutesC = oracleCosts(roads, demand, sites, { coords: "xy", unit: "minutes", defaultSpeed: 20, accessSpeed: 5 });
    expect(minutesC.flat().every((c) => Math.abs(c - 3) > 1e-9)).toBe(true);
    const want = bruteOptimum(minutesC, w, "lscp", 3, Infinity);
    const r = runCli("solve", pointsFile, "--network", roadsFile, "--unit", "minutes", "--default-speed", "20", "--access-speed", "5", "--problem", "lscp", "--radius", "3");
    expect(r.code, r.stderr).toBe(want === null ? 2 : 0);
    const out = JSON.parse(r.stdout) as { objective: number | null; open: string[] };
    if (want === null) return;
    expect(out.objective).toBe(want);
    expect(valueOf(minutesC, w, "lscp", out.open.map((id) => Number(id.slice(1))), 3, Infinity)).toBe(want);
  });

  it("reports points that reach nothing, and rejects a cutoff below the radius", () => {
    // the point on the detached street is out of every main-grid site's reach without its own site
    const fewer = dir.file("fewer.json", { ...doc, sites: doc.sites.slice(0, 10) });
    const r = runCli("solve", fewer, "--network", roadsFile, "--problem", "lscp", "--radius", "900");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/siting: network: 2 demand points reach no site within the cutoff 900 metres: d22, d23/);
    expect(r.stderr).toMatch(/infeasible: 2 demand points have no site within radius 900: d22, d23/);
    const pm = runCli("solve", fewer, "--network", roadsFile, "--problem", "pmedian", "--p", "3");
    expect(pm.code).toBe(2);
    expect(pm.stderr).toMatch(/infeasible: 2 demand points reach no site .*: d22, d23/);
    const low = runCli("solve", pointsFile, "--network", roadsFile, "--problem", "lscp", "--radius", "900", "--cutoff", "500");
    expect(low.code).toBe(2);
    expect(low.stderr).toMatch(/--cutoff 500 is below --radius 900/);
    const noNet = runCli("solve", pointsFile, "--problem", "lscp", "--radius", "900", "--unit", "minutes");
    expect(noNet.code).toBe(2);
    expect(noNet.stderr).toMatch(/--unit needs --network FILE/);
    const noSpeed = runCli("solve", pointsFile, "--network", roadsFile, "--unit", "minutes", "--problem", "lscp", "--radius", "3");
    expect(noSpeed.code).toBe(2);
    expect(noSpeed.stderr).toMatch(/speed/);
  });
});

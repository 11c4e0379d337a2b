/**
 * The CLI for cflp (built dist: run `pnpm build` first): `siting solve --problem cflp …` and
 * `siting frontier …`, answers re-checked with evaluate(), exit codes as the rest of the CLI
 * (0 ok, 2 invalid input or infeasible, 1 internal).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseScenario, type Result } from "@siting/core";
import { describe, expect, it } from "vitest";
import { runCli as run, scratch } from "../support/cli.js";
import { reevaluate } from "./reevaluate.js";
import { TOWN_MODULES, town } from "./town.js";

const { dir: tmp, file } = scratch("siting-cflp-cli-");

// a small town: 25 demand points 800 m apart, 9 candidate sites with size modules S/M/L, one existing site, one forbidden
const townJson = town({ existing: true, forbidden: true });
const townFile = file("town.json", townJson);
const scenario = parseScenario(townJson);
// the same town without modules on the sites (for --modules)
const bareJson = town({ existing: true, siteModules: false });
const bareFile = file("bare.json", bareJson);

describe("siting solve --problem cflp (built)", () => {
  // the default solver (auto: our engine for single-source) and a MIP backend
  it.each([["default solver", []], ["--solver highs", ["--solver", "highs"]]] as const)("the issue's check (%s): optimal, no new site below its minimum, every point within reach (evaluate() agrees)", (_name, extra) => {
    const r = run("solve", townFile, "--problem", "cflp", "--reach", "3000", "--radius", "1000", "--coverage", "0.9", "--min-use", "0.6", ...extra);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as Result;
    expect(res.status).toBe("optimal");
    expect(res.problem).toMatchObject({ type: "cflp", reach: 3000, radius: 1000, coverage: 0.9, minUse: 0.6, singleSource: true });
    expect(res.coverage.fraction).toBeGreaterThanOrEqual(0.9);
    const newSites = res.sites.filter((s) => !s.existing);
    expect(newSites.length).toBeGreaterThan(0);
    for (const s of newSites) {
      const mod = TOWN_MODULES.find((m) => m.name === s.module)!;
      expect(mod).toBeDefined();
      expect(s.capacity).toBe(mod.capacity);
      expect(s.minimum).toBeCloseTo(0.6 * mod.capacity, 9);
      expect(s.units!).toBeGreaterThanOrEqual(0.6 * mod.capacity - 1e-9);
      expect(s.units!).toBeLessThanOrEqual(mod.capacity + 1e-9);
    }
    expect(res.open).not.toContain("f0");
    expect(res.open).toContain("e0");
    for (const a of res.assignment) {
      expect(a.site).not.toBeNull();
      expect(a.distance!).toBeLessThanOrEqual(3000);
    }
    // re-evaluated from the scenario itself
    const ev = reevaluate(scenario, res.problem, res);
    expect(ev.violations).toEqual([]);
    expect(ev.feasible).toBe(true);
    expect(ev.objective).toBeCloseTo(res.objective!, 9);
    expect(ev.maxDistance).toBeLessThanOrEqual(3000);
    for (let i = 0; i < ev.distance.length; i++) expect(ev.distance[i]).toBeLessThanOrEqual(3000);
    const cf = ev.cflp!;
    for (const j of cf.open) expect(cf.unitLoad[j]).toBeGreaterThanOrEqual(cf.minLoad[j] - 1e-9);
    expect(ev.coverage.fraction).toBeGreaterThanOrEqual(0.9);
  });

  it("--format table names the sizes and loads", () => {
    const r = run("solve", townFile, "--problem", "cflp", "--reach", "3000", "--radius", "1000", "--coverage", "0.9", "--min-use", "0.6", "--format", "table", "--solver", "highs");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cflp \(reach = 3,000, radius = 1,000, coverage ≥ 90 %, min use = 60 %\)/);
    expect(r.stdout).toMatch(/status\s+optimal \(highs\)/);
    expect(r.stdout).toMatch(/sizes, load\/cap\s+.*e0 \(existing\)/);
  });

  it("--budget: the most weight within the radius at cost ≤ budget", () => {
    const r = run("solve", townFile, "--problem", "cflp", "--reach", "3000", "--radius", "1000", "--budget", "16", "--solver", "highs");
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as Result;
    expect(res.status).toBe("optimal");
    expect(res.cost).toBeLessThanOrEqual(16);
    const ev = reevaluate(scenario, res.problem, res);
    expect(ev.feasible).toBe(true);
    expect(ev.objective).toBeCloseTo(res.objective!, 9);
    expect(res.objective).toBeCloseTo(res.coverage.covered, 9);
  });

  it("--multi-source and --distance-cost: split shares, evaluate() agrees", () => {
    const r = run("solve", townFile, "--problem", "cflp", "--reach", "3000", "--multi-source", "--distance-cost", "0.001", "--min-use", "0.5");
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as Result;
    expect(res.status).toBe("optimal");
    expect(res.problem).toMatchObject({ singleSource: false, distanceCost: 0.001, minUse: 0.5 });
    expect(res.assignment.every((a) => Array.isArray(a.shares))).toBe(true);
    const ev = reevaluate(scenario, res.problem, res);
    expect(ev.violations).toEqual([]);
    expect(ev.objective).toBeCloseTo(res.objective!, 6);
  });

  it("--new-site-reach: new sites serve within it, the existing one up to --reach; evaluate() agrees", () => {
    const r = run("solve", townFile, "--problem", "cflp", "--reach", "3000", "--new-site-reach", "1200", "--min-use", "0.5", "--solver", "highs");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as Result;
    expect(res.status).toBe("optimal");
    expect(res.problem).toMatchObject({ reach: 3000, newSiteReach: 1200 });
    const existing = new Set(scenario.sites.filter((s) => s.existing).map((s) => s.id));
    for (const a of res.assignment) if (a.site !== null && !existing.has(a.site)) expect(a.distance).toBeLessThanOrEqual(1200);
    const ev = reevaluate(scenario, res.problem, res);
    expect(ev.violations).toEqual([]);
    expect(ev.objective).toBeCloseTo(res.objective!, 6);
    // the limit binds: without it the optimum is cheaper or serves someone farther from a new site
    const free = JSON.parse(run("solve", townFile, "--problem", "cflp", "--reach", "3000", "--min-use", "0.5", "--solver", "highs").stdout) as Result;
    const farNew = free.assignment.some((a) => a.site !== null && !existing.has(a.site) && (a.distance ?? 0) > 1200);
    expect(farNew || free.objective! < res.objective! - 1e-9).toBe(true);
    const table = run("solve", townFile, "--problem", "cflp", "--reach", "3000", "--new-site-reach", "1200", "--min-use", "0.5", "--solver", "highs", "--format", "table");
    expect(table.stdout).toMatch(/new-site reach = 1,?200/);
  });

  it("--modules gives sizes to sites without their own", () => {
    const mods = [{ name: "kiosk", cost: 3, capacity: 200 }, { name: "hub", cost: 7, capacity: 700, min: 100 }];
    const r = run("solve", bareFile, "--problem", "cflp", "--reach", "3000", "--modules", JSON.stringify(mods), "--solver", "highs");
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as Result;
    expect(res.status).toBe("optimal");
    for (const s of res.sites.filter((t) => !t.existing)) expect(["kiosk", "hub"]).toContain(s.module);
    const ev = reevaluate(parseScenario(bareJson), res.problem, res);
    expect(ev.feasible).toBe(true);
  });

  it("exit 2 for cflp input errors and infeasible targets, with the reason on stderr", () => {
    const noCov = run("solve", townFile, "--problem", "cflp", "--radius", "1000");
    expect(noCov.code).toBe(2);
    expect(noCov.stderr).toMatch(/problem\.radius/);
    const both = run("solve", townFile, "--problem", "cflp", "--radius", "1000", "--coverage", "0.5", "--budget", "10");
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either a coverage target/);
    const notCflp = run("solve", townFile, "--problem", "pmedian", "--p", "2", "--min-use", "0.5");
    expect(notCflp.code).toBe(2);
    expect(notCflp.stderr).toMatch(/problem\.minUse: only cflp/);
    const badModules = run("solve", townFile, "--problem", "cflp", "--modules", "[{cost:1}");
    expect(badModules.code).toBe(2);
    expect(badModules.stderr).toMatch(/--modules: expected a JSON array/);
    const badReach = run("solve", townFile, "--problem", "cflp", "--reach", "far");
    expect(badReach.code).toBe(2);
    expect(badReach.stderr).toMatch(/--reach: expected a number/);
    const infeasible = run("solve", townFile, "--problem", "cflp", "--reach", "3000", "--radius", "1000", "--coverage", "1");
    expect(infeasible.code).toBe(2);
    expect(infeasible.stderr).toMatch(/infeasible: .*below the coverage target 100 %/);
    expect(JSON.parse(infeasible.stdout).status).toBe("infeasible");
  });

  it("the help lists cflp and the frontier", () => {
    const r = run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--problem P\s+lscp \| mclp \| pmedian \| pcenter \| cflp/);
    expect(r.stdout).toMatch(/siting frontier/);
    expect(r.stdout).toMatch(/--min-use/);
    const f = run("frontier", "--help");
    expect(f.code).toBe(0);
    expect(f.stdout).toMatch(/--svg FILE/);
  });
});

describe("siting frontier (built)", () => {
  it("prints the coverage frontier as a table and writes the SVG", () => {
    const svg = join(tmp, "frontier.svg");
    const r = run("frontier", townFile, "--problem", "cflp", "--reach", "3000", "--radius", "1000", "--coverage", "0.5,0.6,0.7,0.8,0.9,1", "--min-use", "0.6", "--solver", "highs", "--svg", svg);
    expect(r.code).toBe(0); // some points are feasible; the infeasible 100 % is listed and explained
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\s*target\s+status\s+covered\s+cost\s+objective\s+gap\s+sites/);
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^\s*50\.00 %\s+optimal/);
    expect(lines[6]).toMatch(/^\s*100\.00 %\s+infeasible/);
    expect(r.stderr).toMatch(/coverage 1: infeasible/);
    const text = readFileSync(svg, "utf8");
    expect(text.startsWith("<svg")).toBe(true);
    expect(text.match(/<circle /g)!.length).toBe(5);
    expect(text).toContain("least cost per coverage target");
  });

  it("--format json: costs non-decreasing in the target; budgets: coverage non-decreasing in the budget", () => {
    const c = run("frontier", townFile, "--reach", "3000", "--radius", "1000", "--coverage", "0.9,0.5,0.7", "--min-use", "0.6", "--solver", "highs", "--format", "json");
    expect(c.code).toBe(0);
    const cp = JSON.parse(c.stdout) as { target: number; cost: number; coverage: number; status: string; dominated: boolean; open: string[] }[];
    expect(cp.map((p) => p.target)).toEqual([0.5, 0.7, 0.9]);
    for (let k = 1; k < cp.length; k++) expect(cp[k].cost).toBeGreaterThanOrEqual(cp[k - 1].cost);
    expect(cp.every((p) => p.status === "optimal" && p.coverage >= p.target)).toBe(true);
    const b = run("frontier", townFile, "--reach", "3000", "--radius", "1000", "--budget", "12,16,20,30", "--solver", "highs", "--format", "json");
    expect(b.code).toBe(0);
    const bp = JSON.parse(b.stdout) as { budget: number; cost: number; coverage: number; status: string }[];
    for (let k = 1; k < bp.length; k++) expect(bp[k].coverage).toBeGreaterThanOrEqual(bp[k - 1].coverage);
    expect(bp.every((p) => p.status === "optimal" && p.cost <= p.budget)).toBe(true);
  });

  it("exit 2 when every point is infeasible or the arguments are wrong", () => {
    const all = run("frontier", townFile, "--reach", "3000", "--radius", "1000", "--coverage", "1", "--solver", "highs");
    expect(all.code).toBe(2);
    expect(all.stderr).toMatch(/infeasible/);
    expect(run("frontier", townFile, "--reach", "3000", "--radius", "1000", "--coverage", "0.5,x").code).toBe(2);
    expect(run("frontier", townFile, "--reach", "3000", "--radius", "1000").code).toBe(2);
    expect(run("frontier", townFile, "--reach", "3000", "--coverage", "0.5").stderr).toMatch(/--radius is required/);
    expect(run("frontier", townFile, "--problem", "mclp", "--radius", "1000", "--coverage", "0.5").code).toBe(2);
    expect(run("frontier", townFile, "--radius", "1000", "--coverage", "1.5").stderr).toMatch(/coverage\[0\]/);
  });
});

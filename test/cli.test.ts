import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evaluate, parseScenario, type Result } from "@siting/core";
import { root, runCli as run, scratch } from "./support/cli.js";

const shared = fileURLToPath(new URL("../../shared/benchmarks/", import.meta.url));
const fixture = join(root, "test/fixtures/town.geojson");
// OR-Library data lives in ../shared beside the repository (as in CI); those tests say "skipped" without it
const pmed1 = join(shared, "orlib-pmed/pmed1.txt");
const haveShared = existsSync(pmed1);
const { dir: tmp, file } = scratch("siting-cli-");

describe("siting CLI (built)", () => {
  it.skipIf(!haveShared)("solves an OR-Library file and prints the result JSON", () => {
    const r = run("solve", pmed1, "--problem", "pmedian");
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as Result;
    expect(Object.keys(res)).toEqual(expect.arrayContaining(["problem", "status", "objective", "bound", "gap", "open", "coverage", "seconds", "solver", "assignment"]));
    expect(res.problem).toEqual({ type: "pmedian", p: 5 });
    expect(res.open).toHaveLength(5);
    expect(res.status).toBe("optimal");
    expect(res.solver).toBe("engine");
    expect(res.objective).toBe(5819);
    expect(res.bound).toBe(5819);
    expect(res.gap).toBe(0);
    expect(res.assignment).toHaveLength(100);
    expect(res.coverage).toEqual({ covered: 100, total: 100, fraction: 1 });
  });

  it.skipIf(!haveShared)("--solver heuristic gives the heuristic's answer without a proof", () => {
    const res = JSON.parse(run("solve", pmed1, "--problem", "pmedian", "--solver", "heuristic").stdout) as Result;
    expect(res.solver).toBe("heuristic");
    expect(res.status).toBe("feasible");
    expect(res.bound).toBeNull();
    expect(res.objective).toBeGreaterThanOrEqual(5819);
  });

  it.skipIf(!haveShared)("--p overrides the file's p", () => {
    const res = JSON.parse(run("solve", pmed1, "--problem", "pmedian", "--p", "3").stdout) as Result;
    expect(res.open).toHaveLength(3);
  });

  it("JSON output is exactly what evaluate() confirms, for GeoJSON input", () => {
    const r = run("solve", fixture, "--problem", "mclp", "--radius", "1500", "--budget", "12");
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as Result;
    const ev = evaluate(parseScenario(readFileSync(fixture, "utf8")), res.problem, res.open);
    expect(ev.feasible).toBe(true);
    expect(res.objective).toBeCloseTo(ev.objective, 9);
    expect(res.open).toContain("s3");
    expect(res.cost).toBeLessThanOrEqual(12);
  });

  it("geojson output passes the input's properties through", () => {
    const r = run("solve", fixture, "--problem", "pmedian", "--p", "2", "--format", "geojson");
    expect(r.code).toBe(0);
    const fc = JSON.parse(r.stdout);
    expect(fc.type).toBe("FeatureCollection");
    const sites = fc.features.filter((f: any) => f.properties.role === "site");
    const demand = fc.features.filter((f: any) => f.properties.role === "demand");
    expect(sites).toHaveLength(2);
    expect(demand).toHaveLength(5);
    expect(demand[0].properties.name).toBe("north block");
    expect(demand[0].geometry).toEqual({ type: "Point", coordinates: [121.9, 30.9] });
    expect(typeof demand[0].properties.distance).toBe("number");
    const s1 = sites.find((f: any) => f.id === "s1");
    if (s1) expect(s1.properties.label).toBe("clinic A");
    expect(fc.siting.status).toBe("optimal");
  });

  it("table output and --out", () => {
    const out = join(tmp, "out.txt");
    const r = run("solve", fixture, "--problem", "lscp", "--radius", "2000", "--format", "table", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(out, "utf8")).toMatch(/^problem\s+lscp \(radius = 2,000\)/m);
  });

  it("exit 2 with the field named for a malformed scenario", () => {
    const bad = file("bad.json", { demand: [{ id: "a", x: 0, y: 0, weight: -3 }], sites: [{ id: "s", x: 1, y: 1 }] });
    const r = run("solve", bad, "--problem", "pmedian", "--p", "1");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("demand[0].weight: expected a finite number ≥ 0, got -3");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("exit 2 for not-JSON, bad flags, unknown problem, missing file, p out of range", () => {
    expect(run("solve", file("x.json", "{ nope"), "--problem", "pmedian", "--p", "1").stderr).toMatch(/not valid JSON/);
    const ok = file("ok.json", { demand: [{ id: "a", x: 0, y: 0, weight: 1 }], sites: [{ id: "s", x: 1, y: 1 }] });
    for (const args of [
      ["solve", ok, "--problem", "nope"],
      ["solve", ok, "--problem", "pmedian", "--p", "abc"],
      ["solve", ok, "--problem", "pmedian", "--p", "2"],
      ["solve", ok, "--problem", "mclp", "--p", "1"],
      ["solve", ok, "--problem", "mclp", "--p", "1", "--radius", "-1"],
      ["solve", join(tmp, "missing.json"), "--problem", "pmedian"],
      ["solve", ok, "--problem", "pmedian", "--bogus"],
      ["frobnicate"],
    ]) {
      const r = run(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(/^siting: /);
    }
    expect(run("solve", ok, "--problem", "pmedian", "--p", "2").stderr).toContain("problem.p: expected at most the number of sites (1), got 2");
    expect(run("solve", ok, "--problem", "mclp", "--p", "1", "--radius", "0").stderr).toContain("problem.radius");
  });

  it("exit 2 naming the unreachable demand point for an infeasible LSCP", () => {
    const sc = file("far.json", { demand: [{ id: "near", x: 0, y: 0, weight: 1 }, { id: "far", x: 100, y: 0, weight: 1 }], sites: [{ id: "s", x: 1, y: 0 }] });
    const r = run("solve", sc, "--problem", "lscp", "--radius", "5");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("far");
    expect(JSON.parse(r.stdout).status).toBe("infeasible");
  });

  it("--help exits 0", () => {
    const r = run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("siting solve");
  });
});

describe("siting CLI with MIP backends", () => {
  const capacitated = join(root, "test/fixtures/capacitated.json");

  it("capacities in the scenario: highs proves optimal and agrees with glpk", () => {
    const h = run("solve", capacitated, "--problem", "pmedian", "--p", "5", "--solver", "highs");
    expect(h.code, h.stderr).toBe(0);
    const rh = JSON.parse(h.stdout) as Result;
    expect(rh.status).toBe("optimal");
    expect(rh.problem.capacitated).toBe(true);
    const g = run("solve", capacitated, "--problem", "pmedian", "--p", "5", "--solver", "glpk");
    const rg = JSON.parse(g.stdout) as Result;
    expect(rg.status).toBe("optimal");
    expect(rh.objective).toBeCloseTo(rg.objective as number, 6);
    // the loads respect the capacities and evaluate() agrees
    for (const s of rh.sites) expect(s.units as number).toBeLessThanOrEqual((s.capacity as number) + 1e-9);
    const ev = evaluate(parseScenario(readFileSync(capacitated, "utf8")), rh.problem, rh.open, { assignment: rh.assignment.map((a) => a.site) });
    expect(ev.feasible, ev.violations.join("; ")).toBe(true);
    expect(ev.objective).toBeCloseTo(rh.objective as number, 6);
    // ignoring capacities can only be cheaper
    const u = JSON.parse(run("solve", capacitated, "--problem", "pmedian", "--p", "5", "--solver", "highs", "--uncapacitated").stdout) as Result;
    expect(u.objective as number).toBeLessThanOrEqual((rh.objective as number) + 1e-9);
  });

  it("an over-subscribed scenario exits 2 naming the shortfall", () => {
    const r = run("solve", capacitated, "--problem", "pmedian", "--p", "5", "--standard", "5/1", "--solver", "highs");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/short by [0-9.]+ units/);
    expect(JSON.parse(r.stdout).status).toBe("infeasible");
  });

  it("--solver heuristic refuses a capacitated problem with exit 2", () => {
    const r = run("solve", capacitated, "--problem", "pmedian", "--p", "5", "--solver", "heuristic");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("options.solver");
  });
});

describe("siting lingang (the main job)", () => {
  it("writes report.md, report.json, a map and a trade-off chart per facility type", () => {
    const dir = join(tmp, "lingang");
    const r = run("lingang", "--zone", "first-start", "--resolution", "500", "--time-limit", "1", "--no-phasing", "--out", dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("residents");
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report).toMatchObject({ year: 2024, zone: "first-start", resolution: 500, synthetic: true });
    expect(report.residents).toBeGreaterThan(250_000);
    expect(report.facilities).toHaveLength(6);
    for (const name of ["clinics", "schools-kindergarten", "schools-primary", "schools-middle", "eldercare", "stations"]) {
      expect(readFileSync(join(dir, `${name}.svg`), "utf8")).toMatch(/^<svg/);
      expect(readFileSync(join(dir, `${name}-tradeoff.svg`), "utf8")).toMatch(/^<svg/);
    }
    for (const f of report.facilities) expect(f).toHaveProperty("withinRadius.share");
    expect(report.phasing).toBeNull();
    expect(readFileSync(join(dir, "report.md"), "utf8")).toContain("## Summary");
  }, 240_000);

  it("rejects a bad zone, margin, minimum use or number of jobs with exit 2", () => {
    const r = run("lingang", "--zone", "moon");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--zone");
    expect(run("lingang", "--margin", "0.5").stderr).toContain("--margin");
    expect(run("lingang", "--min-use", "2").stderr).toContain("--min-use");
    for (const jobs of ["0", "1.5", "x"]) {
      const j = run("lingang", "--jobs", jobs);
      expect(j.code, `--jobs ${jobs}`).toBe(2);
      expect(j.stderr).toContain("--jobs");
    }
  });
});

/**
 * Several cflp services on shared sites (solveServices): the joint cost never exceeds the alone
 * costs, every per-service answer passes evaluate() on the service's own demand, the costs are
 * recomputed from the answers, the alone solves match solve() with the site cost folded into the
 * sizes, and on small random instances the joint optimum equals a brute force over the set of
 * sites that pay the site cost (given that set, the services decouple, and each is solved by the
 * exhaustive oracle of ./brute.ts).
 */
import { mulberry32, parseScenario, solve, solveServices, type Scenario, type ScenarioInput, type Service } from "@siting/core";
import { describe, expect, it } from "vitest";
import { bruteCflp, type CflpModule, type CflpProblem } from "./brute.js";
import { parseCflpScenario, type RawCflpScenario } from "./random.js";
import { reevaluate } from "./reevaluate.js";
import { TOWN_MODULES, town } from "./town.js";

const close = (a: number, b: number, rel = 1e-6) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

/** The scenario as one service sees it: its demand field as the weight. */
function serviceScenario(json: RawCflpScenario, field: string | undefined): Scenario {
  if (!field) return parseCflpScenario(json);
  return parseCflpScenario({ ...json, demand: json.demand.map((d) => ({ ...d, weight: d[field] })) });
}


// ---------------------------------------------------------------------------------------------
// a town with two services

// the sites carry no modules of their own: each service's sizes are its own
const townJson = town({ existing: true, forbidden: true, land: true, siteModules: false }) as unknown as RawCflpScenario;
const townScenario = parseScenario(townJson);
const clinic: Service = { name: "clinic", problem: { type: "cflp", reach: 3000, radius: 1000, coverage: 0.8, minUse: 0.6, modules: TOWN_MODULES } };
const elder: Service = {
  name: "elder",
  demand: "elderly",
  problem: { type: "cflp", reach: 3000, radius: 1000, coverage: 0.7, modules: [{ name: "e", cost: 3, capacity: 120 }, { name: "E", cost: 5, capacity: 250, min: 60 }] },
};

describe("solveServices on a town", () => {
  it("shares sites: joint cost ≤ Σ alone, every answer passes evaluate(), costs recomputed from the answers", async () => {
    const r = await solveServices(townScenario, [clinic, elder], { siteCost: "land" });
    expect(r.status).toBe("optimal");
    expect(r.aloneStatus).toBe("optimal");
    expect(r.gap).toBe(0);
    expect(r.cost).toBeLessThanOrEqual(r.aloneCost + 1e-9);
    expect(r.saving).toBeGreaterThan(0); // both want the central sites: sharing the land pays here
    expect(r.sharedSites.length).toBeGreaterThan(0);
    expect(close(r.saving, r.aloneCost - r.cost)).toBe(true);
    // recompute the joint cost from the answers alone
    const used = new Set<string>();
    let own = 0;
    for (const [k, svc] of [clinic, elder].entries()) {
      const ans = r.services[k];
      expect(ans.name).toBe(svc.name);
      const sc = serviceScenario(townJson, svc.demand);
      const ev = reevaluate(sc, ans.result.problem, ans.result);
      expect(ev.violations).toEqual([]);
      expect(ev.feasible).toBe(true);
      expect(close(ev.objective, ans.result.objective!)).toBe(true);
      expect(close(ev.objective, ans.cost)).toBe(true);
      expect(ev.coverage.fraction).toBeGreaterThanOrEqual((svc.problem.coverage as number) - 1e-9);
      // minimum use: no new site below its minimum
      for (const s of ans.result.sites) if (!s.existing) expect(s.units!).toBeGreaterThanOrEqual(s.minimum! - 1e-9);
      own += ev.objective;
      for (const s of ans.result.sites) if (!s.existing) used.add(s.id);
    }
    const land = new Map(townJson.sites.map((s) => [String(s.id), Number(s.land ?? 0)]));
    const siteCost = [...used].reduce((a, id) => a + land.get(id)!, 0);
    expect(close(r.siteCost, siteCost)).toBe(true);
    expect(close(r.cost, siteCost + own)).toBe(true);
    expect([...used].sort()).toEqual([...r.sites].sort());
    const both = [...used].filter((id) => r.services.every((s) => s.result.open.includes(id)));
    expect(both.sort()).toEqual([...r.sharedSites].sort());
  });

  it("each service alone is solve() with the site cost added to its sizes", async () => {
    const r = await solveServices(townScenario, [clinic, elder], { siteCost: "land" });
    for (const [k, svc] of [clinic, elder].entries()) {
      // fold the land cost into every size of every new site (the sizes that apply copied onto the sites)
      const json = {
        ...townJson,
        demand: svc.demand ? townJson.demand.map((d) => ({ ...d, weight: d[svc.demand!] })) : townJson.demand,
        sites: townJson.sites.map((s) => {
          if (s.existing) return s;
          const mods = (s.modules ?? svc.problem.modules) as CflpModule[];
          return { ...s, modules: mods.map((m) => ({ ...m, cost: m.cost + Number(s.land) })) };
        }),
      };
      const direct = await solve(json as unknown as ScenarioInput, svc.problem, { solver: "highs" }); // built as loose records
      expect(direct.status).toBe("optimal");
      expect(close(r.alone[k].cost, direct.objective!)).toBe(true);
      const ev = reevaluate(serviceScenario(townJson, svc.demand), r.alone[k].result.problem, r.alone[k].result);
      expect(ev.feasible).toBe(true);
      expect(close(r.alone[k].cost, ev.objective + r.alone[k].siteCost)).toBe(true);
    }
  });

  it("a site cost of 0 saves nothing; a number applies to every new site; glpk agrees with highs", async () => {
    const zero = await solveServices(townScenario, [clinic, elder], { siteCost: 0 });
    expect(zero.status).toBe("optimal");
    expect(zero.saving).toBeCloseTo(0, 9);
    const five = await solveServices(townScenario, [clinic, elder], { siteCost: 5 });
    expect(close(five.siteCost, 5 * five.sites.length)).toBe(true);
    expect(five.cost).toBeLessThanOrEqual(five.aloneCost + 1e-9);
    const small = parseScenario(town({ side: 3, sites: 4, land: true, siteModules: false }));
    const svcs: Service[] = [
      { name: "a", problem: { type: "cflp", reach: 2500, modules: TOWN_MODULES } },
      { name: "b", demand: "elderly", problem: { type: "cflp", reach: 2500, modules: [{ cost: 2, capacity: 60 }] } },
    ];
    const h = await solveServices(small, svcs, { siteCost: "land" });
    const g = await solveServices(small, svcs, { siteCost: "land" }, { solver: "glpk" });
    expect(h.status).toBe("optimal");
    expect(g.status).toBe("optimal");
    expect(g.solver).toBe("glpk");
    expect(close(g.cost, h.cost)).toBe(true);
    expect(close(g.aloneCost, h.aloneCost)).toBe(true);
  });

  it("reports progress and stops on an aborted signal", async () => {
    const phases: string[] = [];
    await solveServices(parseScenario(town({ side: 3, sites: 4, land: true })), [{ name: "a", problem: { type: "cflp", reach: 2500 } }], { siteCost: 1 }, { onProgress: (p) => phases.push(p.phase) });
    expect(phases).toEqual(["services: a alone", "services: joint", "services: done"]);
    const ac = new AbortController();
    ac.abort(new Error("halt"));
    await expect(solveServices(townScenario, [clinic], { siteCost: 1 }, { signal: ac.signal })).rejects.toThrow(/halt/);
  });

  it("an infeasible service makes the whole infeasible, with the reason", async () => {
    const r = await solveServices(townScenario, [clinic, { ...elder, problem: { ...elder.problem, coverage: 1 } }], { siteCost: "land" });
    expect(r.status).toBe("infeasible");
    expect(r.message).toMatch(/service elder/);
    expect(r.services.every((s) => s.result.status === "infeasible")).toBe(true);
  });

  it("rejects bad input, naming it", async () => {
    await expect(solveServices(townScenario, [], { siteCost: 1 })).rejects.toThrow(/services/);
    await expect(solveServices(townScenario, [clinic, clinic], { siteCost: 1 })).rejects.toThrow(/two services have this name/);
    await expect(solveServices(townScenario, [{ ...clinic, problem: { ...clinic.problem, coverage: undefined, budget: 10 } }], { siteCost: 1 })).rejects.toThrow(/services\[0\]\.problem\.budget/);
    await expect(solveServices(townScenario, [{ ...clinic, demand: "nope" }], { siteCost: 1 })).rejects.toThrow(/demand\[0\]\.nope/);
    await expect(solveServices(townScenario, [clinic], { siteCost: "nope" })).rejects.toThrow(/sites\[0\]\.nope/);
    await expect(solveServices(townScenario, [clinic], { siteCost: -1 })).rejects.toThrow(/siteCost/);
    await expect(solveServices(townScenario, [clinic], { siteCost: 1 }, { solver: "engine" })).rejects.toThrow(/MIP backend/);
    await expect(solveServices(townScenario, [{ name: "x", problem: { type: "cflp", radius: -1, coverage: 0.5 } }], { siteCost: 1 })).rejects.toThrow(/services\[0\]\.problem\.radius/);
  });
});

// ---------------------------------------------------------------------------------------------
// random small instances against a brute force over the set of sites paying the site cost

type Rand = () => number;
const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

function randomModules(rand: Rand, withMin: boolean): CflpModule[] {
  const k = int(rand, 1, 2);
  const out: CflpModule[] = [];
  let cost = int(rand, 1, 6);
  let capacity = int(rand, 5, 12);
  for (let t = 0; t < k; t++) {
    const mod: CflpModule = { name: `m${t}`, cost, capacity };
    if (withMin && rand() < 0.3) mod.min = int(rand, 1, Math.floor(capacity / 2));
    out.push(mod);
    cost += int(rand, 1, 6);
    capacity += int(rand, 3, 10);
  }
  return out;
}

interface ServicesCase {
  name: string;
  json: RawCflpScenario;
  services: { name: string; demand?: string; problem: CflpProblem }[];
  tags: string[];
}

function randomServices(seed: number): ServicesCase {
  const rand = mulberry32(seed * 7919 + 17);
  const tags = new Set<string>();
  const n = int(rand, 3, 6);
  const m = int(rand, 2, 4);
  const demand: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) demand.push({ id: `d${i}`, x: int(rand, 0, 10), y: int(rand, 0, 10), weight: rand() < 0.1 ? 0 : int(rand, 1, 5), elderly: int(rand, 0, 4), pop: int(rand, 0, 8) });
  if (!demand.some((d) => (d.weight as number) > 0)) demand[0].weight = 2;
  if (!demand.some((d) => (d.elderly as number) > 0)) demand[0].elderly = 2;
  const sites: Record<string, unknown>[] = [];
  const siteModules = rand() < 0.4;
  for (let j = 0; j < m; j++) {
    const s: Record<string, unknown> = { id: `s${j}`, x: int(rand, 0, 10), y: int(rand, 0, 10), land: int(rand, 0, 6) };
    const roll = rand();
    if (roll < 0.15) {
      s.existing = true;
      s.capacity = int(rand, 4, 12);
      tags.add("existing");
    } else if (roll < 0.25) {
      s.forbidden = true;
      tags.add("forbidden");
    }
    if (!s.existing && siteModules) {
      s.modules = randomModules(rand, true);
      tags.add("site-modules");
    } else if (!s.existing) {
      s.cost = int(rand, 0, 6);
      s.capacity = int(rand, 6, 20);
    }
    sites.push(s);
  }
  if (sites.every((s) => s.forbidden || s.existing)) {
    delete sites[0].forbidden;
    delete sites[0].existing;
    sites[0].cost = 2;
    sites[0].capacity = 15;
    delete sites[0].modules;
  }
  const json: RawCflpScenario = { demand, sites, metric: "euclidean" };
  const k = rand() < 0.25 ? 3 : 2;
  const services: ServicesCase["services"] = [];
  for (let t = 0; t < k; t++) {
    const p: CflpProblem = { type: "cflp" };
    if (!siteModules && rand() < 0.6) {
      p.modules = randomModules(rand, true);
      tags.add("problem-modules");
    }
    if (rand() < 0.3) {
      p.minUse = [0.25, 0.5][int(rand, 0, 1)];
      tags.add("minUse");
    }
    if (rand() < 0.4) {
      p.reach = int(rand, 6, 12);
      tags.add("reach");
    }
    if (rand() < 0.5) {
      p.radius = int(rand, 3, 7);
      p.coverage = [0.5, 0.7, 0.8][int(rand, 0, 2)];
      tags.add("coverage");
    }
    if (rand() < 0.35) {
      p.singleSource = false;
      tags.add("split");
    }
    if (rand() < 0.4) {
      p.distanceCost = [0.1, 0.5][int(rand, 0, 1)];
      tags.add("distanceCost");
    }
    if (rand() < 0.2) {
      p.standard = { per: 2, units: 1, of: "pop" };
      tags.add("standard");
    }
    const svc: ServicesCase["services"][number] = { name: `v${t}`, problem: p };
    if (t === 1) svc.demand = "elderly";
    services.push(svc);
  }
  return { name: `services#${seed} ${k} services ${[...tags].sort().join(",")}`, json, services, tags: [...tags] };
}

/** min over the sets U of new sites paying the site cost: Σ_{U} land + Σ_s oracle(s, only U may open); per service alone too. */
function bruteServices(c: ServicesCase): { joint: number; alone: number[] } | null {
  const free = c.json.sites.map((s, j) => (!s.existing && !s.forbidden ? j : -1)).filter((j) => j >= 0);
  let joint = Infinity;
  const alone = c.services.map(() => Infinity);
  for (let mask = 0; mask < 1 << free.length; mask++) {
    const inU = new Set(free.filter((_, t) => mask & (1 << t)));
    let land = 0;
    for (const j of inU) land += Number(c.json.sites[j].land);
    const json: RawCflpScenario = { ...c.json, sites: c.json.sites.map((s, j) => (free.includes(j) && !inU.has(j) ? { ...s, forbidden: true } : s)) };
    let sum = land;
    c.services.forEach((svc, k) => {
      let obj = NaN;
      try {
        const o = bruteCflp(serviceScenario(json, svc.demand), svc.problem);
        if (o.feasible) obj = o.objective;
      } catch {
        obj = NaN; // e.g. every site forbidden
      }
      sum += obj;
      if (Number.isFinite(obj)) alone[k] = Math.min(alone[k], land + obj);
    });
    if (Number.isFinite(sum)) joint = Math.min(joint, sum);
  }
  return Number.isFinite(joint) ? { joint, alone } : null;
}

const SEEDS = 40;

describe("solveServices against a brute force (random small instances)", () => {
  const seen = new Set<string>();
  let feasible = 0;
  let saved = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const c = randomServices(seed);
    it(c.name, async () => {
      const want = bruteServices(c);
      const r = await solveServices(c.json, c.services as Service[], { siteCost: "land" });
      if (!want) {
        expect(r.status).toBe("infeasible");
        return;
      }
      feasible++;
      for (const t of c.tags) seen.add(t);
      expect(r.status).toBe("optimal");
      expect(close(r.cost, want.joint)).toBe(true);
      want.alone.forEach((a, k) => expect(close(r.alone[k].cost, a)).toBe(true));
      expect(r.cost).toBeLessThanOrEqual(r.aloneCost + 1e-9 * Math.max(1, r.aloneCost));
      if (r.saving > 1e-9) saved++;
      // every answer passes evaluate() on the service's own demand, and the joint cost adds up
      const used = new Set<string>();
      let own = 0;
      c.services.forEach((svc, k) => {
        const ans = r.services[k];
        const ev = reevaluate(serviceScenario(c.json, svc.demand), ans.result.problem, ans.result);
        expect(ev.violations).toEqual([]);
        own += ev.objective;
        for (const s of ans.result.sites) if (!s.existing) used.add(s.id);
      });
      let land = 0;
      for (const s of c.json.sites) if (used.has(String(s.id))) land += Number(s.land);
      expect(close(r.cost, land + own)).toBe(true);
    });
  }
  it("covered the options and mostly feasible instances", () => {
    expect(feasible).toBeGreaterThanOrEqual(SEEDS / 2);
    expect(saved).toBeGreaterThanOrEqual(5); // sharing matters in a fair number of them
    for (const t of ["existing", "forbidden", "site-modules", "problem-modules", "minUse", "reach", "coverage", "split", "distanceCost", "standard"]) expect(seen, t).toContain(t);
  });
});

/**
 * Seeded instances for the capacitated facility-location problem (`type: "cflp"`): plain JSON in
 * the shape `solve(scenario, problem)` accepts, so the same objects can be dumped for the native
 * reference (benchmarks/cflp-native.py).
 *
 * - `randomCflp(seed, {n, m, sizes})`: demand points and candidates uniform in a square whose side
 *   keeps the densities of the default 2,000 × 400 instance (10 km × 10 km: 20 points and 4
 *   candidates per km²), integer weights 1–8 (= demand units), size modules with economies of
 *   scale (150/300/450 units at 100/170/230). Capacity alone needs ≈ 20 large sites, the 90 % within
 *   1 km target ≈ 30–35 sites, so both bind.
 * - `lingangLikeCflp(seed, {n, m, sizes, existing})`: a synthetic first-start-zone-like 250 m grid
 *   (≈ 11.75 km square, lake, canals, new-city ring around the lake, three town seats, an industrial
 *   zone without residents, sparse villages), residents per cell 0–3,000, kindergarten demand via the
 *   standard 25 places per 1,000 residents (children 3–5 ≈ 2.5 %), sizes 9/12/15 classes × 30
 *   places, two existing kindergartens, candidates at inhabited cells.
 *
 * Coordinates are metres (x east, y north), rounded to whole metres; metric "euclidean".
 * Every instance is checked: each point with weight > 0 has a site within `reach`, and ≥ 97 % of
 * the weight has a site within `radius` (candidates are repaired until it holds).
 */
import { mulberry32 } from "@siting/core";

export interface CflpModule {
  name?: string;
  cost: number;
  capacity: number;
  min?: number;
}
export interface CflpDemand {
  id: string;
  x: number;
  y: number;
  weight: number;
  [extra: string]: unknown;
}
export interface CflpSite {
  id: string;
  x: number;
  y: number;
  cost?: number;
  capacity?: number;
  existing?: boolean;
  modules?: CflpModule[];
}
export interface CflpScenario {
  name: string;
  demand: CflpDemand[];
  sites: CflpSite[];
  metric: "euclidean";
}
export interface CflpProblem {
  type: "cflp";
  reach: number;
  radius: number;
  coverage?: number;
  budget?: number;
  minUse: number;
  modules: CflpModule[];
  standard?: { per: number; units: number; of?: string };
  singleSource?: boolean;
  distanceCost?: number;
}
export interface CflpInstance {
  /** e.g. `random-1` or `lingang-2 (500×100)`. */
  name: string;
  family: "random" | "lingang";
  seed: number;
  n: number;
  /** Candidate sites (existing sites not counted). */
  m: number;
  existing: number;
  sizes: number;
  scenario: CflpScenario;
  /** Least module cost with ≥ `coverage` of the weight served within `radius`. */
  problem: CflpProblem;
  /** The same with `budget` instead of `coverage`: most weight served within `radius`. */
  budgetProblem: CflpProblem;
}

export interface RandomOptions {
  n?: number;
  m?: number;
  sizes?: number;
  /** Square side in metres; default 10 km × √(m / 400) (the densities of 2,000 × 400 in 10 km × 10 km). */
  side?: number;
  /** Integer weights uniform in [lo, hi]; default [1, 8] (mean 4.5 units per point). */
  weights?: [number, number];
  reach?: number;
  radius?: number;
  coverage?: number;
  minUse?: number;
}

export interface LingangOptions {
  /** Grid cells (demand points) kept after the lake and canals; default 2,000 (≈ 11.75 km square). */
  n?: number;
  /** Candidate sites, all at inhabited cells; default 400. */
  m?: number;
  sizes?: number;
  /** Existing kindergartens (capacity 360, 270, 360, …); default 2. */
  existing?: number;
  /** Residents of the new-city core on the full 11.75 km canvas; default 300,000. */
  coreResidents?: number;
  /** Places per 1,000 residents (children 3–5); default 25. */
  placesPer1000?: number;
  reach?: number;
  radius?: number;
  coverage?: number;
  minUse?: number;
}

const CELL = 250;
/** The full Lingang-like canvas: 47 × 47 cells of 250 m. */
const CANVAS = 47 * CELL;

/** Module sizes with economies of scale: 150·k units at 100, 170, 230, then 100·k^0.76. */
export function randomModules(sizes: number): CflpModule[] {
  const table = [100, 170, 230];
  return Array.from({ length: sizes }, (_, k) => ({
    name: `size${k + 1}`,
    capacity: 150 * (k + 1),
    cost: table[k] ?? Math.round(100 * (k + 1) ** 0.76),
  }));
}

/** Kindergarten sizes: 9/12/15 classes (1: 12; 2: 9, 15; more: 6, 9, 12, … classes) × 30 places; cost 28 M CNY × (classes / 9)^0.75. */
export function kindergartenModules(sizes: number): CflpModule[] {
  const classes = sizes === 1 ? [12] : sizes === 2 ? [9, 15] : sizes === 3 ? [9, 12, 15] : Array.from({ length: sizes }, (_, k) => 6 + 3 * k);
  return classes.map((c) => ({ name: `${c}-class`, capacity: 30 * c, cost: Math.round(280 * (c / 9) ** 0.75) / 10 }));
}

const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.sqrt((a.x - b.x) ** 2 + (a.y - b.y) ** 2);

/** Standard normal (Box–Muller) from a uniform generator. */
function gauss(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Demand units of each point: weight, or weight × units / per with a standard. */
export function unitsOf(inst: Pick<CflpInstance, "scenario" | "problem">): number[] {
  const st = inst.problem.standard;
  return inst.scenario.demand.map((d) => {
    if (!st) return d.weight;
    const base = st.of && st.of !== "weight" ? Number(d[st.of]) : d.weight;
    return (base * st.units) / st.per;
  });
}

/**
 * Greedy repair so that ≥ `share` of the weight has a site within `radius` and every weighted point
 * a site within `reach`: moves a candidate from the densest part of the candidate set (the one
 * with most other candidates within `radius`) onto the heaviest point lacking a site. `at` decides
 * which points may hold a candidate.
 */
function repairCandidates(demand: CflpDemand[], sites: CflpSite[], radius: number, reach: number, share: number, at: (i: number) => boolean): number {
  let moves = 0;
  const total = demand.reduce((a, d) => a + d.weight, 0);
  for (let guard = 0; guard < sites.length; guard++) {
    let within = 0;
    let worstReach = -1;
    let heaviest = -1;
    for (let i = 0; i < demand.length; i++) {
      const d = demand[i];
      if (d.weight <= 0) continue;
      let best = Infinity;
      for (const s of sites) best = Math.min(best, dist(d, s));
      if (best <= radius) within += d.weight;
      else if (at(i) && (heaviest < 0 || d.weight > demand[heaviest].weight)) heaviest = i;
      if (best > reach && (worstReach < 0 || d.weight > demand[worstReach].weight)) worstReach = i;
    }
    let target = worstReach >= 0 ? worstReach : within < share * total ? heaviest : -1;
    if (target >= 0 && !at(target)) {
      // the point cannot hold a site: use the nearest point that can
      let best = Infinity;
      let alt = -1;
      for (let i = 0; i < demand.length; i++) if (at(i) && dist(demand[i], demand[target]) < best) [best, alt] = [dist(demand[i], demand[target]), i];
      target = alt;
    }
    if (target < 0) break;
    let crowded = -1;
    let crowd = -1;
    sites.forEach((s, j) => {
      if (s.existing) return;
      let c = 0;
      for (const t of sites) if (t !== s && dist(s, t) <= radius) c++;
      if (c > crowd) [crowd, crowded] = [c, j];
    });
    sites[crowded].x = demand[target].x;
    sites[crowded].y = demand[target].y;
    moves++;
  }
  return moves;
}

export function randomCflp(seed: number, opts: RandomOptions = {}): CflpInstance {
  const n = opts.n ?? 2000;
  const m = opts.m ?? 400;
  const sizes = opts.sizes ?? 3;
  const side = opts.side ?? Math.round(10_000 * Math.sqrt(m / 400));
  const [lo, hi] = opts.weights ?? [1, 8];
  const reach = opts.reach ?? 3000;
  const radius = opts.radius ?? 1000;
  const rand = mulberry32(0x5eed0000 + seed * 7919 + n * 31 + m);
  const coord = () => Math.round(rand() * side);
  const demand: CflpDemand[] = Array.from({ length: n }, (_, i) => ({ id: `d${i + 1}`, x: coord(), y: coord(), weight: lo + Math.floor(rand() * (hi - lo + 1)) }));
  const sites: CflpSite[] = Array.from({ length: m }, (_, j) => ({ id: `s${j + 1}`, x: coord(), y: coord() }));
  repairCandidates(demand, sites, radius, reach, 0.97, () => true);
  const modules = randomModules(sizes);
  const problem: CflpProblem = { type: "cflp", reach, radius, coverage: opts.coverage ?? 0.9, minUse: opts.minUse ?? 0.6, modules, singleSource: true };
  return instanceOf("random", seed, { n, m, existing: 0, sizes, demand, sites, problem });
}

/** The instance record, named `family-seed` (with its size unless 2,000 × 400), and its budget variant. */
function instanceOf(
  family: CflpInstance["family"],
  seed: number,
  o: { n: number; m: number; existing: number; sizes: number; demand: CflpDemand[]; sites: CflpSite[]; problem: CflpProblem },
): CflpInstance {
  const name = o.n === 2000 && o.m === 400 ? `${family}-${seed}` : `${family}-${seed} (${o.n}×${o.m})`;
  const inst: CflpInstance = {
    name,
    family,
    seed,
    n: o.n,
    m: o.m,
    existing: o.existing,
    sizes: o.sizes,
    scenario: { name, demand: o.demand, sites: o.sites, metric: "euclidean" },
    problem: o.problem,
    budgetProblem: o.problem,
  };
  inst.budgetProblem = budgetVariant(inst);
  return inst;
}

/**
 * The budget variant: 1.25 × the cost of the fewest largest modules that hold all demand units
 * (rounded), so capacity alone is affordable and the budget decides how much weight lies within
 * the radius.
 */
function budgetVariant(inst: CflpInstance): CflpProblem {
  const { coverage: _c, ...rest } = inst.problem;
  const units = unitsOf(inst).reduce((a, u) => a + u, 0);
  const existingCap = inst.scenario.sites.reduce((a, s) => a + (s.existing ? (s.capacity ?? 0) : 0), 0);
  const largest = inst.problem.modules.reduce((a, b) => (b.capacity > a.capacity ? b : a));
  const budget = Math.round(1.25 * Math.ceil(Math.max(0, units - existingCap) / largest.capacity) * largest.cost);
  return { ...rest, budget };
}

export function lingangLikeCflp(seed: number, opts: LingangOptions = {}): CflpInstance {
  const n = opts.n ?? 2000;
  const m = opts.m ?? 400;
  const sizes = opts.sizes ?? 3;
  const nExisting = opts.existing ?? 2;
  const reach = opts.reach ?? 3000;
  const radius = opts.radius ?? 1000;
  const rand = mulberry32(0x1a9a0000 + seed * 104729 + n * 31 + m);
  // the layout lives on the 11.75 km canvas; a smaller grid is a window around the new city
  const lake = { x: 0.6 * CANVAS + (rand() - 0.5) * 500, y: 0.5 * CANVAS + (rand() - 0.5) * 500, r: 1300 };
  const origin = (W: number) => [
    W >= CANVAS ? (CANVAS - W) / 2 : Math.round(Math.min(Math.max(lake.x - 0.55 * W, 0), CANVAS - W) / CELL) * CELL,
    W >= CANVAS ? (CANVAS - W) / 2 : Math.round(Math.min(Math.max(lake.y - 0.5 * W, 0), CANVAS - W) / CELL) * CELL,
  ];
  // cells per side: the smallest square whose land (lake removed) leaves ≥ 4 % for canals
  // (Lingang's water surface is ≈ 9 %: lake ≈ 4 %, canals the rest)
  let cells = Math.ceil(Math.sqrt(n));
  for (; ; cells++) {
    const [ox, oy] = origin(cells * CELL);
    let land = 0;
    for (let r = 0; r < cells; r++) for (let c = 0; c < cells; c++) if (Math.hypot(ox + (c + 0.5) * CELL - lake.x, oy + (r + 0.5) * CELL - lake.y) >= lake.r) land++;
    if (land >= 1.04 * n) break;
  }
  const W = cells * CELL;
  const [x0, y0] = origin(W);
  const towns = [
    { x: 0.14 * CANVAS, y: 0.8 * CANVAS },
    { x: 0.2 * CANVAS, y: 0.16 * CANVAS },
    { x: 0.86 * CANVAS, y: 0.1 * CANVAS },
  ].map((t) => ({ x: t.x + (rand() - 0.5) * 800, y: t.y + (rand() - 0.5) * 800, sigma: 500 + rand() * 250, peak: 300 + rand() * 150 }));
  const industrial = { x1: 0.03 * CANVAS, x2: 0.38 * CANVAS, y1: 0.36 * CANVAS, y2: 0.6 * CANVAS };
  const ringR = 2300;
  const ringW = 1300;

  // residents per cell on the full canvas (so a window keeps the absolute densities)
  const full = Math.max(cells, CANVAS / CELL);
  const fx0 = Math.min(x0, 0);
  const fy0 = Math.min(y0, 0);
  interface Cell {
    x: number;
    y: number;
    core: number;
    town: number;
    rural: number;
    hot: boolean;
    water: boolean;
  }
  const all: Cell[] = [];
  for (let r = 0; r < full; r++) {
    for (let c = 0; c < full; c++) {
      const x = fx0 + (c + 0.5) * CELL;
      const y = fy0 + (r + 0.5) * CELL;
      const dl = Math.sqrt(((x - lake.x) / 1.15) ** 2 + (y - lake.y) ** 2); // the city stretches east–west
      const water = Math.hypot(x - lake.x, y - lake.y) < lake.r;
      const inInd = x >= industrial.x1 && x <= industrial.x2 && y >= industrial.y1 && y <= industrial.y2;
      const ln = (s: number) => Math.exp(s * gauss(rand) - (s * s) / 2); // mean-1 log-normal noise
      let core = Math.exp(-(((dl - ringR) / ringW) ** 2)) * ln(0.45);
      if (core < 0.02) core = 0; // beyond the built-up city
      let town = 0;
      for (const t of towns) town += t.peak * Math.exp(-(((x - t.x) ** 2 + (y - t.y) ** 2) / (2 * t.sigma ** 2)));
      town = town < 15 ? 0 : town * ln(0.4);
      // villages: 200–600 residents per km² on average, a third of the cells fields without houses
      const rural = rand() < 0.33 ? 0 : 22 * ln(0.8);
      const hot = core > 0.5 && rand() < 0.012; // campus dormitories, high-rise estates
      all.push({ x, y, core: inInd ? 0 : core, town: inInd ? 0 : town, rural: inInd ? (rand() < 0.04 ? 100 + rand() * 300 : 0) : rural, hot: hot && !inInd, water });
    }
  }
  const coreSum = all.reduce((a, c) => a + (c.water ? 0 : c.core), 0);
  const coreScale = (opts.coreResidents ?? 300_000) / coreSum;
  const residentsOf = (c: Cell) => {
    if (c.water) return 0;
    let v = c.core * coreScale + c.town + c.rural;
    if (c.hot) v = Math.max(v, 1500 + rand() * 1500);
    return Math.min(3000, Math.round(v));
  };
  // the window, minus the lake, minus random canal cells down to n
  const inWin = all.filter((c) => !c.water && c.x >= x0 && c.x < x0 + W && c.y >= y0 && c.y < y0 + W);
  const pop = inWin.map(residentsOf);
  const keep = inWin.map((_, k) => k);
  while (keep.length > n) keep.splice(Math.floor(rand() * keep.length), 1);
  const demand: CflpDemand[] = keep.map((k, i) => ({
    id: `c${i + 1}`,
    x: Math.round(inWin[k].x - x0),
    y: Math.round(inWin[k].y - y0),
    weight: pop[k],
  }));

  // existing kindergartens: the most populated cells, ≥ 2 km apart
  const byPop = demand.map((_, i) => i).sort((a, b) => demand[b].weight - demand[a].weight);
  const existingAt: number[] = [];
  for (const i of byPop) {
    if (existingAt.length >= nExisting) break;
    if (existingAt.every((e) => dist(demand[e], demand[i]) >= 2000)) existingAt.push(i);
  }
  const existingCaps = [360, 270];
  const sites: CflpSite[] = existingAt.map((i, k) => ({ id: `kg-existing-${k + 1}`, x: demand[i].x, y: demand[i].y, existing: true, capacity: existingCaps[k % 2] }));

  // candidates at inhabited cells: a greedy cover of 98.5 % of the residents within the radius,
  // every inhabited cell within reach, then cells drawn with probability ∝ √residents
  const total = demand.reduce((a, d) => a + d.weight, 0);
  const taken = new Set<number>(existingAt);
  const chosen: number[] = [];
  const covered = new Uint8Array(demand.length);
  const near: number[][] = demand.map(() => []);
  for (let i = 0; i < demand.length; i++) {
    for (let k = i; k < demand.length; k++) {
      if (dist(demand[i], demand[k]) <= radius) {
        near[i].push(k);
        if (k !== i) near[k].push(i);
      }
    }
  }
  const mark = (i: number) => {
    for (const k of near[i]) covered[k] = 1;
  };
  existingAt.forEach(mark);
  let within = demand.reduce((a, d, i) => a + (covered[i] ? d.weight : 0), 0);
  while (within < 0.985 * total && chosen.length < m / 2) {
    let best = -1;
    let gain = 0;
    for (let i = 0; i < demand.length; i++) {
      if (taken.has(i) || demand[i].weight <= 0) continue;
      let g = 0;
      for (const k of near[i]) if (!covered[k]) g += demand[k].weight;
      if (g > gain) [gain, best] = [g, i];
    }
    if (best < 0) break;
    chosen.push(best);
    taken.add(best);
    mark(best);
    within += gain;
  }
  for (let i = 0; i < demand.length && chosen.length < m; i++) {
    if (demand[i].weight <= 0) continue;
    if (![...taken].some((j) => dist(demand[i], demand[j]) <= reach)) {
      chosen.push(i);
      taken.add(i);
    }
  }
  const pool = demand.map((_, i) => i).filter((i) => demand[i].weight > 0 && !taken.has(i));
  while (chosen.length < m && pool.length) {
    const w = pool.map((i) => Math.sqrt(demand[i].weight));
    let r = rand() * w.reduce((a, b) => a + b, 0);
    let k = 0;
    while (k < pool.length - 1 && (r -= w[k]) > 0) k++;
    chosen.push(pool[k]);
    pool.splice(k, 1);
  }
  chosen.sort((a, b) => a - b);
  for (const i of chosen) sites.push({ id: `k${sites.length - existingAt.length + 1}`, x: demand[i].x, y: demand[i].y });

  const modules = kindergartenModules(sizes);
  const problem: CflpProblem = {
    type: "cflp",
    reach,
    radius,
    // 80 %, not 90 %: with a 9-class minimum of 162 places (6,480 residents), villages of ~1,000
    // residents per km² cannot fill a kindergarten within 1 km, and at 90 % neither our engine nor
    // HiGHS (WASM, or native for 300 s) finds any feasible plan — the village share is too large
    coverage: opts.coverage ?? 0.8,
    minUse: opts.minUse ?? 0.6,
    modules,
    standard: { per: 1000, units: opts.placesPer1000 ?? 25 },
    singleSource: true,
  };
  return instanceOf("lingang", seed, { n: demand.length, m: chosen.length, existing: existingAt.length, sizes, demand, sites, problem });
}

export interface CflpStats {
  name: string;
  points: number;
  positive: number;
  candidates: number;
  existing: number;
  totalWeight: number;
  totalUnits: number;
  maxWeight: number;
  /** Share of the weight with some site (candidate or existing) within the radius. */
  withinRadius: number;
  /** Weighted points without any site within reach (must be 0). */
  unreachable: number;
  /** Mean number of candidates within reach per weighted point (the single-source x columns). */
  meanInReach: number;
  /** Mean number of candidates within the radius per weighted point. */
  meanInRadius: number;
  /** Fewest largest modules holding all units beyond the existing capacity. */
  capacityBound: number;
  /** Sites a greedy cover needs for `coverage` of the weight within the radius (no capacities). */
  greedyCover: number;
  budget: number | undefined;
}

export function instanceStats(inst: CflpInstance): CflpStats {
  const { demand, sites } = inst.scenario;
  const { radius, reach, coverage = 0.9 } = inst.problem;
  const units = unitsOf(inst);
  const total = demand.reduce((a, d) => a + d.weight, 0);
  const cand = sites.filter((s) => !s.existing);
  let within = 0;
  let unreachable = 0;
  let inReach = 0;
  let inRadius = 0;
  let positive = 0;
  const coverSets: number[][] = sites.map(() => []);
  demand.forEach((d, i) => {
    if (d.weight <= 0) return;
    positive++;
    let best = Infinity;
    sites.forEach((s, j) => {
      const e = dist(d, s);
      best = Math.min(best, e);
      if (e <= radius) coverSets[j].push(i);
      if (!s.existing) {
        if (e <= reach) inReach++;
        if (e <= radius) inRadius++;
      }
    });
    if (best <= radius) within += d.weight;
    if (best > reach) unreachable++;
  });
  // greedy cover (existing sites first, free)
  const cov = new Uint8Array(demand.length);
  let got = 0;
  sites.forEach((s, j) => {
    if (!s.existing) return;
    for (const i of coverSets[j]) if (!cov[i]) [cov[i], got] = [1, got + demand[i].weight];
  });
  let greedy = 0;
  while (got < coverage * total) {
    let best = -1;
    let gain = 0;
    sites.forEach((s, j) => {
      if (s.existing) return;
      let g = 0;
      for (const i of coverSets[j]) if (!cov[i]) g += demand[i].weight;
      if (g > gain) [gain, best] = [g, j];
    });
    if (best < 0) break;
    for (const i of coverSets[best]) cov[i] = 1;
    got += gain;
    greedy++;
  }
  const totalUnits = units.reduce((a, u) => a + u, 0);
  const existingCap = sites.reduce((a, s) => a + (s.existing ? (s.capacity ?? 0) : 0), 0);
  const maxCap = Math.max(...inst.problem.modules.map((md) => md.capacity));
  return {
    name: inst.name,
    points: demand.length,
    positive,
    candidates: cand.length,
    existing: sites.length - cand.length,
    totalWeight: total,
    totalUnits,
    maxWeight: Math.max(...demand.map((d) => d.weight)),
    withinRadius: within / total,
    unreachable,
    meanInReach: inReach / positive,
    meanInRadius: inRadius / positive,
    capacityBound: Math.ceil(Math.max(0, totalUnits - existingCap) / maxCap),
    greedyCover: greedy,
    budget: inst.budgetProblem.budget,
  };
}

/** The benchmark's instance list: full-size random seeds 1–3 and Lingang-like seeds 1–2, 500 × 100 versions, a 60 × 12 one small enough for lp-solver. */
export function benchInstances(): { family: "random" | "lingang"; seed: number; n: number; m: number; sizes: number }[] {
  return [
    { family: "random", seed: 1, n: 60, m: 12, sizes: 3 },
    { family: "random", seed: 1, n: 500, m: 100, sizes: 3 },
    { family: "lingang", seed: 1, n: 500, m: 100, sizes: 3 },
    { family: "random", seed: 1, n: 2000, m: 400, sizes: 3 },
    { family: "random", seed: 2, n: 2000, m: 400, sizes: 3 },
    { family: "random", seed: 3, n: 2000, m: 400, sizes: 3 },
    { family: "lingang", seed: 1, n: 2000, m: 400, sizes: 3 },
    { family: "lingang", seed: 2, n: 2000, m: 400, sizes: 3 },
  ];
}

export function makeInstance(spec: { family: "random" | "lingang"; seed: number; n: number; m: number; sizes: number }): CflpInstance {
  return spec.family === "random" ? randomCflp(spec.seed, spec) : lingangLikeCflp(spec.seed, spec);
}

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildInstance, parseScenario, type Instance, type Scenario } from "@siting/core";
import type { MipSpec } from "@siting/core/lp";

/** shared/benchmarks beside the repository (the CI layout and this machine's). */
export const BENCH_DIR = fileURLToPath(new URL("../../shared/benchmarks/", import.meta.url));

/** A capacitated p-median instance: every point a client (weight 1, `demand` units) and a candidate median. */
export interface Cpmp {
  name: string;
  n: number;
  p: number;
  scenario: Scenario;
  inst: Instance;
  spec: MipSpec;
  /** Value from the file header / known-optimal.tsv. */
  known: number;
}

function build(name: string, xs: number[], ys: number[], demand: number[], cap: number[], p: number, floorDist: boolean, known: number): Cpmp {
  const n = xs.length;
  const scenario = parseScenario({
    demand: xs.map((x, i) => ({ id: `c${i + 1}`, x, y: ys[i], weight: 1, units: demand[i] })),
    sites: xs.map((x, j) => ({ id: `m${j + 1}`, x, y: ys[j], capacity: cap[j] })),
    ...(floorDist
      ? { costs: xs.map((_, i) => xs.map((__, j) => Math.floor(Math.sqrt((xs[i] - xs[j]) ** 2 + (ys[i] - ys[j]) ** 2)))) }
      : {}),
  });
  const inst = buildInstance(scenario);
  const spec: MipSpec = { type: "pmedian", p, capacity: { site: Float64Array.from(cap), demand: Float64Array.from(demand) } };
  return { name, n, p, scenario, inst, spec, known };
}

/** OR-Library `pmedcap1(k).txt`: header `k best`, `n p Q`, then `id x y demand`; floor-Euclidean distances. */
export function readPmedcap(k: number): Cpmp {
  const t = readFileSync(`${BENCH_DIR}orlib-pmedcap/pmedcap1(${k}).txt`, "utf8").trim().split(/\s+/).map(Number);
  const known = t[1];
  const n = t[2];
  const p = t[3];
  const Q = t[4];
  const xs: number[] = [];
  const ys: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < n; i++) {
    xs.push(t[5 + 4 * i + 1]);
    ys.push(t[5 + 4 * i + 2]);
    d.push(t[5 + 4 * i + 3]);
  }
  return build(`pmedcap1(${k})`, xs, ys, d, new Array(n).fill(Q), p, true, known);
}

/** Lorena & Senne `SJC*.dat`: `n p`, then `x y capacity demand`; real Euclidean distances. */
export function readSjc(name: string): Cpmp {
  const t = readFileSync(`${BENCH_DIR}lorena-senne-sjc-cpmp/${name}.dat`, "utf8").trim().split(/\s+/).map(Number);
  const n = t[0];
  const p = t[1];
  const xs: number[] = [];
  const ys: number[] = [];
  const cap: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < n; i++) {
    xs.push(t[2 + 4 * i]);
    ys.push(t[2 + 4 * i + 1]);
    cap.push(t[2 + 4 * i + 2]);
    d.push(t[2 + 4 * i + 3]);
  }
  return build(name, xs, ys, d, cap, p, false, knownValue("lorena-senne-sjc-cpmp", name));
}

export function knownValue(folder: string, instance: string): number {
  const lines = readFileSync(`${BENCH_DIR}${folder}/known-optimal.tsv`, "utf8").trim().split("\n");
  const head = lines[0].split("\t");
  const col = head.indexOf("optimal_or_best_known");
  for (const l of lines.slice(1)) {
    const f = l.split("\t");
    if (f[0] === instance) return Number(f[col]);
  }
  throw new Error(`${instance} not in ${folder}/known-optimal.tsv`);
}

export const haveBenchmarks = () => existsSync(`${BENCH_DIR}orlib-pmedcap`);

import { readFileSync } from "node:fs";
import { ScenarioError, parseScenario, readOrlibPmedian, type Scenario } from "@siting/core";
import { UsageError } from "./args.js";

export interface Loaded {
  scenario: Scenario;
  /** p read from the file (OR-Library), when the format carries one. */
  p?: number;
}

function readText(file: string): string {
  try {
    return file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Reads a scenario file: JSON or GeoJSON (first character `{` or `[`), otherwise an OR-Library
 * p-median file. With `sitesFile`, the first file holds the demand (a FeatureCollection or an
 * array of points) and the second the sites.
 */
export function loadScenario(file: string, sitesFile?: string, metric?: string): Loaded {
  const text = readText(file);
  const head = text.trimStart()[0];
  if (head !== "{" && head !== "[" && sitesFile === undefined) {
    if (!/^\s*\d/.test(text)) throw new ScenarioError([{ path: "", message: "not valid JSON, GeoJSON or an OR-Library p-median file" }], `invalid scenario in ${file}`);
    const o = readOrlibPmedian(text);
    return { scenario: o.scenario, p: o.p };
  }
  if (sitesFile === undefined) {
    if (metric === undefined) return { scenario: parseScenario(text) };
    return { scenario: parseScenario(withMetric(parseJson(text, file), metric)) };
  }
  const demand = parseJson(text, file);
  const sites = parseJson(readText(sitesFile), sitesFile);
  const doc: Record<string, unknown> = {
    demand: isObject(demand) && "demand" in demand ? demand.demand : demand,
    sites: isObject(sites) && "sites" in sites ? sites.sites : sites,
  };
  return { scenario: parseScenario(metric === undefined ? doc : withMetric(doc, metric)) };
}

/** Reads and parses a JSON file (`what` names it in errors), e.g. the roads of `--network`. */
export function loadJson(file: string, what: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ScenarioError([{ path: "", message: `not valid JSON (${(e as Error).message})` }], `invalid ${what} in ${file}`);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ScenarioError([{ path: "", message: `not valid JSON (${(e as Error).message})` }], `invalid scenario in ${file}`);
  }
}

function withMetric(doc: unknown, metric: string): unknown {
  if (!isObject(doc)) return doc;
  if (doc.type === "FeatureCollection") throw new UsageError("--metric cannot be combined with a single FeatureCollection; put `metric` in a {demand, sites, metric} document");
  return { ...doc, metric };
}

/**
 * A small seeded "town" for the cflp frontier, services and CLI tests: demand on a grid in metres
 * (two weight fields: `weight` and `elderly`), candidate sites with their own size modules, one
 * existing site, one forbidden site.
 */
import { mulberry32, type DemandInput, type SiteInput } from "@siting/core";

export interface TownOptions {
  seed?: number;
  /** Grid side (side × side demand points, 800 m apart). */
  side?: number;
  sites?: number;
  existing?: boolean;
  forbidden?: boolean;
  /** A numeric site field `land` (the site cost in the services tests). */
  land?: boolean;
  /** Candidate sites carry the size modules TOWN_MODULES (default true); false: none (the problem's apply). */
  siteModules?: boolean;
}

export const TOWN_MODULES = [
  { name: "S", cost: 4, capacity: 150 },
  { name: "M", cost: 6, capacity: 300 },
  { name: "L", cost: 9, capacity: 600 },
];

/** A point of the town: the core fields typed, any other field allowed. */
type Row<T> = T & Record<string, unknown>;

export function town(o: TownOptions = {}): { demand: Row<DemandInput>[]; sites: Row<SiteInput>[]; metric: "euclidean" } {
  const rand = mulberry32(o.seed ?? 7);
  const side = o.side ?? 5;
  const demand: Row<DemandInput>[] = [];
  for (let a = 0; a < side; a++) {
    for (let b = 0; b < side; b++) {
      demand.push({ id: `d${a}-${b}`, x: a * 800, y: b * 800, weight: 10 + Math.floor(rand() * 31), elderly: Math.floor(rand() * 15) });
    }
  }
  const span = (side - 1) * 800;
  const sites: Row<SiteInput>[] = [];
  // candidate sites on a jittered 3 × 3 grid (every point within reach of several), then random ones
  const k = o.sites ?? 9;
  for (let j = 0; j < k; j++) {
    const x = j < 9 ? ((j % 3) + 0.25) * (span / 3) + (rand() - 0.5) * 300 : rand() * span;
    const y = j < 9 ? (Math.floor(j / 3) + 0.25) * (span / 3) + (rand() - 0.5) * 300 : rand() * span;
    const s: Row<SiteInput> = { id: `s${j}`, x: Math.round(x), y: Math.round(y), ...(o.siteModules !== false ? { modules: TOWN_MODULES.map((m) => ({ ...m })) } : {}) };
    if (o.land) s.land = 2 + Math.floor(rand() * 6);
    sites.push(s);
  }
  if (o.existing) sites.push({ id: "e0", x: Math.round(span / 2), y: Math.round(span / 2), existing: true, capacity: 200 });
  if (o.forbidden) sites.push({ id: "f0", x: 0, y: 0, forbidden: true, ...(o.siteModules !== false ? { modules: TOWN_MODULES.map((m) => ({ ...m })) } : {}), ...(o.land ? { land: 3 } : {}) });
  return { demand, sites, metric: "euclidean" };
}

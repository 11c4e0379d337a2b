/**
 * A plan of one scenario as the starting plan (`start` of `solve`) of another over the same cells
 * and a superset of its sites: the coarse lattice's plan starts the fine lattice's solve, so that
 * the MIP backend has a good plan from its first second and spends its time on the finer sites.
 * Existing (and committed, near-term) sites match by id; new sites by position and kind (a coarse
 * lattice's candidate is a built cell, which the fine lattice also holds; ids of lattices of other
 * spacings name other blocks); sizes match by module name.
 */
import type { CflpSolution, Result } from "@siting/core";
import type { ScenarioJSON, SiteJSON } from "./scenario.js";

/** `result` (a plan of `from`) in the indices of `to`; null when a site, size or cell has no match. */
export function startFrom(result: Result, from: ScenarioJSON, to: ScenarioJSON): CflpSolution | null {
  const key = (s: SiteJSON) => `${s.kind}@${s.lon.toFixed(7)},${s.lat.toFixed(7)}`;
  const toIndex = new Map<string, number>();
  to.sites.forEach((s, j) => toIndex.set(s.id, j));
  const byPlace = new Map<string, number>();
  to.sites.forEach((s, j) => {
    if (!s.existing && !byPlace.has(key(s))) byPlace.set(key(s), j);
  });
  const fromSite = new Map(from.sites.map((s) => [s.id, s]));
  const siteMap = new Map<string, number>();
  const match = (id: string): number | null => {
    const known = siteMap.get(id);
    if (known !== undefined) return known;
    const s = fromSite.get(id);
    // new sites by place (lattices of other spacings reuse ids for other blocks), the rest by id
    const j = s && !s.existing ? byPlace.get(key(s)) : toIndex.get(id);
    if (j === undefined) return null;
    siteMap.set(id, j);
    return j;
  };
  const option = new Int32Array(to.sites.length).fill(-1);
  for (const t of result.sites) {
    const j = match(t.id);
    if (j === null) return null;
    if (t.module === undefined) continue;
    const k = (to.sites[j].modules ?? []).findIndex((m) => m.name === t.module);
    if (k < 0) return null;
    option[j] = k;
  }
  const demandIndex = new Map(to.demand.map((d, i) => [d.id, i]));
  const site = new Int32Array(to.demand.length).fill(-1);
  const share: { site: number; fraction: number }[][] = to.demand.map(() => []);
  for (const a of result.assignment) {
    const i = demandIndex.get(a.demand);
    if (i === undefined || a.site === null) continue;
    const list = a.shares ?? [{ site: a.site, share: 1 }];
    for (const sh of list) {
      const j = match(sh.site);
      if (j === null) return null;
      share[i].push({ site: j, fraction: sh.share });
    }
    const j = match(a.site);
    if (j === null) return null;
    site[i] = j;
  }
  return { option, site, share };
}

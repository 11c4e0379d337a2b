import type { IssueList } from "./errors.js";
import type { Problem } from "./problem.js";
import type { Scenario, SitePoint, SizeModule } from "./scenario.js";

/**
 * The sizes a site may take under a problem. Capacitated textbook problems: a candidate's own
 * modules, else the problem's (existing sites: none, they keep their capacity). cflp: the same for
 * candidates, and an existing site's own modules as expansions; forbidden sites none.
 */
export function siteModules(site: SitePoint, problem: Problem): SizeModule[] | undefined {
  if (problem.type === "cflp") return site.forbidden ? undefined : site.existing ? site.modules : (site.modules ?? problem.modules);
  if (!problem.capacitated || site.existing) return undefined;
  return site.modules ?? problem.modules;
}

/**
 * Reads the open sites and the chosen sizes of an answer given by ids (`modules[id]` = module
 * index): per site, open or not and its module (-1 none). Unknown or repeated ids and sizes a site
 * does not offer go to `issues`.
 */
export function readOpenSites(
  scenario: Scenario,
  problem: Problem,
  open: readonly string[],
  modules: Readonly<Record<string, number>> | undefined,
  issues: IssueList,
): { byId: Map<string, number>; isOpen: Uint8Array; module: Int32Array } {
  const m = scenario.sites.length;
  const byId = new Map<string, number>();
  scenario.sites.forEach((s, j) => byId.set(s.id, j));
  const isOpen = new Uint8Array(m);
  open.forEach((id, k) => {
    const j = byId.get(String(id));
    if (j === undefined) issues.add(`open[${k}]`, "unknown site id", id);
    else if (isOpen[j]) issues.add(`open[${k}]`, "site listed twice", id);
    else isOpen[j] = 1;
  });
  const module = new Int32Array(m).fill(-1);
  for (const [id, k] of Object.entries(modules ?? {})) {
    const j = byId.get(id);
    const mods = j === undefined ? undefined : siteModules(scenario.sites[j], problem);
    if (j === undefined) issues.add(`modules.${id}`, "unknown site id", id);
    else if (!mods) issues.add(`modules.${id}`, "this site has no size modules", k);
    else if (!Number.isInteger(k) || k < 0 || k >= mods.length) issues.add(`modules.${id}`, `expected a module index in 0..${mods.length - 1}`, k);
    else module[j] = k;
  }
  return { byId, isOpen, module };
}

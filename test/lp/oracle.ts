import type { Instance } from "@siting/core";
import { demandUnits, type MipSpec, type SizeModule } from "@siting/core/lp";

/**
 * Brute-force optimum of a MipSpec on a tiny instance, written independently of the formulations:
 * enumerate every set of open sites (respecting existing/forbidden, p, budget), every size choice
 * for sites with modules, and — for capacitated models — every single-source assignment (depth-first
 * with simple pruning). Returns null when nothing is feasible.
 */
export function bruteForce(inst: Instance, spec: MipSpec): { objective: number; open: number[] } | null {
  const { n, m } = inst;
  const forbidden = new Set(Array.from(spec.forbidden ?? []));
  const cap = spec.capacity;
  const units = cap ? demandUnits(inst, cap) : null;
  const modsOf = (j: number): readonly SizeModule[] => {
    if (!cap?.modules || cap.modules.length === 0 || inst.existing[j]) return [];
    const perSite = Array.isArray(cap.modules[0]);
    return perSite ? (cap.modules as readonly (readonly SizeModule[])[])[j] : (cap.modules as readonly SizeModule[]);
  };
  const hasMods = Array.from({ length: m }, (_, j) => modsOf(j).length > 0);
  const anyMods = hasMods.some(Boolean);
  const costObjective = spec.type === "lscp" && (spec.objective ?? (inst.hasCosts || anyMods ? "cost" : "count")) === "cost";
  const isMax = spec.type === "mclp";
  const r = spec.radius ?? Infinity;
  const served = (i: number) => inst.weight[i] > 0 || (units !== null && units[i] > 0);
  let best: { objective: number; open: number[] } | null = null;
  const better = (v: number) => best === null || (isMax ? v > best.objective + 1e-9 : v < best.objective - 1e-9);

  // choice per site: -1 closed, 0 open (no modules) or k ≥ 0 module index
  const choice = new Int32Array(m);
  const options = (j: number): number[] => {
    if (inst.existing[j]) return [0];
    if (forbidden.has(j)) return [-1];
    return hasMods[j] ? [-1, ...modsOf(j).map((_, k) => k)] : [-1, 0];
  };
  const capOf = (j: number): number => {
    if (hasMods[j]) return modsOf(j)[choice[j]].capacity;
    return cap?.site ? cap.site[j] : Infinity;
  };
  const costOf = (j: number): number => (inst.existing[j] ? 0 : hasMods[j] ? modsOf(j)[choice[j]].cost : inst.cost[j]);

  const evaluateChoice = () => {
    const open: number[] = [];
    let cost = 0;
    for (let j = 0; j < m; j++) {
      if (choice[j] >= 0) {
        open.push(j);
        cost += costOf(j);
      }
    }
    if (spec.p !== undefined && open.length > spec.p) return;
    if (spec.budget !== undefined && cost > spec.budget + 1e-9) return;
    if (spec.type !== "mclp" && open.length === 0) return;
    let value: number | null;
    if (!units) value = uncapacitated(open, cost);
    else value = capacitated(open, cost);
    if (value !== null && better(value)) best = { objective: value, open };
  };

  const uncapacitated = (open: number[], cost: number): number | null => {
    const nearest = (i: number) => {
      let bd = Infinity;
      for (const j of open) bd = Math.min(bd, inst.dist(i, j));
      return bd;
    };
    switch (spec.type) {
      case "lscp":
        for (let i = 0; i < n; i++) if (inst.weight[i] > 0 && !(nearest(i) <= r)) return null;
        return costObjective ? cost : open.length;
      case "mclp": {
        let v = 0;
        for (let i = 0; i < n; i++) if (nearest(i) <= r) v += inst.weight[i];
        return v;
      }
      case "pmedian": {
        let v = 0;
        for (let i = 0; i < n; i++) if (inst.weight[i] > 0) v += inst.weight[i] * nearest(i);
        return v;
      }
      case "pcenter": {
        let v = 0;
        for (let i = 0; i < n; i++) if (inst.weight[i] > 0) v = Math.max(v, nearest(i));
        return v;
      }
    }
  };

  const capacitated = (open: number[], cost: number): number | null => {
    const a = units as Float64Array;
    const room = new Map<number, number>();
    for (const j of open) room.set(j, capOf(j));
    const order = Array.from({ length: n }, (_, i) => i).filter(served);
    const mustServe = spec.type !== "mclp";
    const reach = (i: number, j: number) => (spec.type === "pmedian" ? true : inst.dist(i, j) <= r);
    let bestV: number | null = null;
    // remaining lower bounds for pruning (p-median: nearest open distance; mclp: remaining weight)
    const rest = new Float64Array(order.length + 1);
    for (let t = order.length - 1; t >= 0; t--) {
      const i = order[t];
      let lb = 0;
      if (spec.type === "pmedian") {
        let bd = Infinity;
        for (const j of open) bd = Math.min(bd, inst.dist(i, j));
        lb = inst.weight[i] * bd;
      } else if (spec.type === "mclp") lb = inst.weight[i];
      rest[t] = rest[t + 1] + lb;
    }
    const dfs = (t: number, acc: number): void => {
      if (spec.type === "lscp" && bestV !== null) return; // feasibility only
      if (bestV !== null) {
        if (spec.type === "pmedian" && acc + rest[t] >= bestV - 1e-12) return;
        if (spec.type === "mclp" && acc + rest[t] <= bestV + 1e-12) return;
      }
      if (t === order.length) {
        const v = spec.type === "lscp" ? (costObjective ? cost : open.length) : acc;
        if (bestV === null || (isMax ? v > bestV : v < bestV)) bestV = v;
        return;
      }
      const i = order[t];
      for (const j of open) {
        const left = room.get(j) as number;
        if (a[i] > left + 1e-9 || !reach(i, j)) continue;
        room.set(j, left - a[i]);
        dfs(t + 1, acc + (spec.type === "pmedian" ? inst.weight[i] * inst.dist(i, j) : spec.type === "mclp" ? inst.weight[i] : 0));
        room.set(j, left);
      }
      if (!mustServe) dfs(t + 1, acc);
    };
    dfs(0, 0);
    return bestV;
  };

  const rec = (j: number): void => {
    if (j === m) {
      evaluateChoice();
      return;
    }
    for (const c of options(j)) {
      choice[j] = c;
      rec(j + 1);
    }
  };
  rec(0);
  return best;
}

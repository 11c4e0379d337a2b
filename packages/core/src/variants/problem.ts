/**
 * The problem variants of issue 12 (item 3) as fields of a problem: target coverage (`lscp` +
 * `coverage`), per-point radius (`radiusField`), backup coverage (`lscp` + `backup`), distance decay
 * (`attendance` + `decay`, `pmedian` + `impedance`), p-dispersion (`pdispersion`). Their validation against a scenario lives here;
 * problem.ts calls it. A problem with any of them is solved and evaluated by the variant path
 * (variants/solve.ts, variants/evaluate.ts).
 */
import type { IssueList } from "../errors.js";
import type { Scenario } from "../scenario.js";
import { num, obj, oneOf, opt, positive } from "../validate.js";

/**
 * Distance decay: f(d) = 1 at d = 0, falling to 0 at `cutoff` (and 0 beyond it):
 * - `linear`: 1 − d/cutoff;
 * - `power`: 1 − (d/cutoff)^β (β > 0, default 2);
 * - `exponential`: (e^(−β·d/cutoff) − e^(−β)) / (1 − e^(−β)) (β > 0, default 3; β is per cutoff, not per metre).
 */
export interface Decay {
  kind: "linear" | "power" | "exponential";
  cutoff: number;
  beta?: number;
}

/** A p-median impedance transformation T(d): `power` d^β, `exponential` e^(β·d) − 1 (β per distance unit). */
export interface Impedance {
  kind: "power" | "exponential";
  beta: number;
}

export const DECAY_RULE = obj(
  { kind: oneOf(["linear", "power", "exponential"], 'expected "linear", "power" or "exponential"'), cutoff: positive, beta: opt(positive) },
  "expected a decay {kind, cutoff, beta?}",
);
export const IMPEDANCE_RULE = obj({ kind: oneOf(["power", "exponential"], 'expected "power" or "exponential"'), beta: positive }, "expected an impedance {kind, beta}");

/** The fields of a problem that the variants read (raw or validated). */
interface Fields {
  type: string;
  p?: number;
  budget?: number;
  capacitated?: boolean;
  coverage?: number;
  radiusField?: string;
  backup?: boolean;
  impedance?: Impedance;
  decay?: Decay;
  radius?: number;
}

/** Whether a problem is one of the variants (solved by variants/solve.ts, evaluated by variants/evaluate.ts). */
export function isVariant(p: Fields): boolean {
  return p.type === "attendance" || p.type === "pdispersion" || p.radiusField !== undefined || p.backup === true || p.impedance !== undefined || (p.type === "lscp" && p.coverage !== undefined);
}

/** The variant fields' rules against the scenario (for every problem type), after the schema (problem.ts) passed. */
export function checkVariant(p: Fields, s: Scenario, issues: IssueList): void {
  if (!isVariant(p) && p.decay === undefined && p.backup === undefined) return;
  const name = p.type === "attendance" || p.type === "pdispersion" ? p.type : p.backup ? "backup coverage" : p.impedance ? "an impedance" : p.radiusField !== undefined ? "a per-point radius" : "target coverage";
  if (p.capacitated && isVariant(p)) issues.add("problem.capacitated", `capacities are not supported with ${name} (set capacitated: false, --uncapacitated, to ignore them)`, true);
  if (p.radiusField !== undefined) {
    if (p.type !== "lscp" && p.type !== "mclp") issues.add("problem.radiusField", "only lscp and mclp take a per-point radius", p.radiusField);
    else {
      const f = p.radiusField;
      let bad = 0;
      s.demand.forEach((d, i) => {
        const v = d.properties[f];
        if (v !== undefined && !(typeof v === "number" && Number.isFinite(v) && v > 0) && bad++ < 20) issues.add(`demand[${i}].${f}`, "expected a radius > 0 (problem.radiusField reads it; points without it use problem.radius)", v);
      });
    }
  }
  if (p.backup === true) {
    if (p.type !== "lscp") issues.add("problem.backup", "backup coverage is an lscp variant: {type: \"lscp\", radius, backup: true, p?}", true);
    if (p.coverage !== undefined) issues.add("problem.coverage", "backup coverage covers every point once; a target coverage does not apply", p.coverage);
  }
  if (p.impedance !== undefined) {
    if (p.type !== "pmedian") issues.add("problem.impedance", "only pmedian takes an impedance transformation", p.impedance);
    else if (p.impedance.kind === "exponential" && p.impedance.beta * farthest(s) > 700) {
      issues.add("problem.impedance.beta", `e^(β·d) overflows at the scenario's distances (up to ${Math.round(farthest(s))}): expected β·d ≤ 700`, p.impedance.beta);
    }
  }
  if (p.type === "attendance" && p.decay === undefined) issues.add("problem.decay", "attendance needs a distance decay {kind, cutoff, beta?}");
  if (p.decay !== undefined && p.type !== "attendance") issues.add("problem.decay", "only attendance takes a distance decay", p.decay);
  if (p.decay?.kind === "linear" && p.decay.beta !== undefined) issues.add("problem.decay.beta", "linear decay takes no beta", p.decay.beta);
  if (p.type === "pdispersion") checkDispersion(p, s, issues);
}

/** p-dispersion: exactly p ≥ 2 of the sites that are not forbidden, by their coordinates; nothing else applies. */
function checkDispersion(p: Fields, s: Scenario, issues: IssueList): void {
  const free = s.sites.reduce((c, t) => c + (t.forbidden ? 0 : 1), 0);
  if (p.p === undefined) issues.add("problem.p", "pdispersion needs p (the number of sites to choose, ≥ 2)");
  else if (p.p < 2) issues.add("problem.p", "expected at least 2: p-dispersion maximises the smallest distance between two chosen sites", p.p);
  else if (p.p <= s.sites.length && p.p > free) issues.add("problem.p", `expected at most the number of sites that are not forbidden (${free}): p-dispersion chooses exactly p`, p.p);
  if (s.coords === "none") issues.add("problem.type", "p-dispersion measures the distances between sites from their coordinates; this scenario has a cost matrix only (coords: \"none\"): give the sites x/y or lon/lat", p.type);
  if (p.radius !== undefined) issues.add("problem.radius", "pdispersion takes only p (demand plays no part)", p.radius);
}

/** An upper bound on any demand–site distance from the coordinates' bounding box (haversine: half the Earth); 0 with a cost matrix (not checked here). */
function farthest(s: Scenario): number {
  if (s.costs) return 0;
  if (s.metric === "haversine" || s.coords === "lonlat") return 2.1e7;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const q of [...s.demand, ...s.sites]) {
    x0 = Math.min(x0, q.x);
    x1 = Math.max(x1, q.x);
    y0 = Math.min(y0, q.y);
    y1 = Math.max(y1, q.y);
  }
  return x1 - x0 + (y1 - y0);
}

import type { ProblemFields } from "@siting/core";
import { UsageError } from "./args.js";

/** The flags of the problem variants (target and backup coverage, per-point radius, distance decay; p-dispersion needs only --p). */
export const VARIANT_FLAGS = {
  "radius-field": { type: "string" },
  backup: { type: "boolean" },
  decay: { type: "string" },
  impedance: { type: "string" },
} as const;

export const VARIANT_USAGE = `Problem variants (uncapacitated):
  --problem lscp --coverage S       target coverage: fewest sites (or least cost) covering a share S
  --problem lscp --backup [--p N]   backup coverage: every point covered, the most weight covered
                      twice, with at most N sites (default: as few as cover every point)
  --radius-field F    lscp, mclp: each demand point's own radius from its field F (else --radius)
  --problem attendance --decay KIND:CUTOFF[:BETA] --p N
                      most Σ weight × f(distance), f linear | power | exponential, 0 from CUTOFF
  --impedance KIND:BETA
                      pmedian: minimise Σ weight × d^BETA (power) or (e^(BETA·d) − 1) (exponential)
  --problem pdispersion --p N
                      p-dispersion: exactly N sites (existing included), the smallest distance
                      between two of them as large as possible (site coordinates; demand unused)
`;

/** Sets the variant fields from the flags; core checks which problems take them. */
export function applyVariantFlags(problem: ProblemFields, values: Record<string, unknown>): void {
  if (values["radius-field"] !== undefined) problem.radiusField = String(values["radius-field"]);
  if (values.backup) problem.backup = true;
  if (values.decay !== undefined) {
    const [kind, cutoff, beta, ...rest] = String(values.decay).split(":");
    const c = Number(cutoff);
    const b = beta === undefined ? undefined : Number(beta);
    if (rest.length || !["linear", "power", "exponential"].includes(kind) || !(c > 0) || (b !== undefined && !(b > 0))) {
      throw new UsageError(`--decay: expected KIND:CUTOFF[:BETA], KIND linear | power | exponential, CUTOFF and BETA > 0, got ${JSON.stringify(values.decay)}`);
    }
    problem.decay = { kind: kind as "linear", cutoff: c, ...(b !== undefined ? { beta: b } : {}) };
  }
  if (values.impedance !== undefined) {
    const [kind, beta, ...rest] = String(values.impedance).split(":");
    const b = Number(beta);
    if (rest.length || !["power", "exponential"].includes(kind) || !(b > 0)) throw new UsageError(`--impedance: expected power:BETA or exponential:BETA with BETA > 0, got ${JSON.stringify(values.impedance)}`);
    problem.impedance = { kind: kind as "power", beta: b };
  }
}

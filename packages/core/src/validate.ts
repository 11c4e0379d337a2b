/**
 * A few small validation rules for user input (scenarios, problems, options), written by hand so a
 * browser bundle of `solve` stays small (a schema library was 85 % of it). Each rule checks a value at
 * a path and reports every problem with the offending value; a missing required field is checked as
 * `undefined` (reported as "got nothing").
 */
import type { IssueList } from "./errors.js";

/** Receives one problem: where, what was expected, and (when given) the value that was there. */
export type Sink = (path: string, message: string, ...value: [unknown?]) => void;
/** Checks `value` (found at `path`), reports what is wrong to `sink`, and says whether it passed. */
export type Rule = (value: unknown, path: string, sink: Sink) => boolean;

export const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** `demand[3]` + `weight` → `demand[3].weight`; `""` + `metric` → `metric`. */
export const join = (path: string, key: string): string => (path === "" ? key : `${path}.${key}`);

/** Passes values for which `test` holds; reports anything else with `message`. */
export const is =
  (test: (x: unknown) => boolean, message: string): Rule =>
  (v, path, sink) =>
    test(v) || (sink(path, message, v), false);

/** A finite number ≥ `lo` (> `lo` when `above`) and ≤ `hi`, an integer when `int`; one message for any failure. */
export const num = (message: string, lo = -Infinity, hi = Infinity, above = false, int = false): Rule =>
  is((v) => typeof v === "number" && Number.isFinite(v) && (above ? v > lo : v >= lo) && v <= hi && (!int || Number.isSafeInteger(v)), message);

/** A string, non-empty when `nonEmpty`. */
export const str = (message: string, nonEmpty = false): Rule => is((v) => typeof v === "string" && (!nonEmpty || v !== ""), message);

export const bool: Rule = is((v) => typeof v === "boolean", "expected true or false");

/** One of the given values. */
export const oneOf = (values: readonly unknown[], message: string): Rule => is((v) => values.includes(v), message);

/** The rule, or nothing (`undefined`). */
export const opt =
  (rule: Rule): Rule =>
  (v, path, sink) =>
    v === undefined || rule(v, path, sink);

/** A non-empty array whose items pass `item` (each checked, every problem reported). */
export const list =
  (message: string, emptyMessage: string, item?: Rule): Rule =>
  (v, path, sink) => {
    if (!Array.isArray(v)) return sink(path, message, v), false;
    if (v.length === 0) return sink(path, emptyMessage, v), false;
    let ok = true;
    if (item) v.forEach((x, i) => (ok = item(x, `${path}[${i}]`, sink) && ok));
    return ok;
  };

/**
 * An object whose fields pass their rules (in the order given); with `strict`, any other field is
 * reported as an unknown field (after the fields' own problems).
 */
export const obj =
  (fields: Record<string, Rule>, message: string, strict = true): Rule =>
  (v, path, sink) => {
    if (!isObject(v)) return sink(path, message, v), false;
    let ok = true;
    for (const k in fields) ok = fields[k](v[k], join(path, k), sink) && ok;
    if (strict) {
      for (const k of Object.keys(v)) {
        if (!Object.prototype.hasOwnProperty.call(fields, k)) {
          sink(join(path, k), "unknown field");
          ok = false;
        }
      }
    }
    return ok;
  };

/** Runs `rule` on `value` at `path`, adding its problems to `issues` (paths through `rename`). */
export function check(rule: Rule, value: unknown, path: string, issues: IssueList, rename?: (path: string) => string): boolean {
  return rule(value, path, (p, message, ...v) => issues.add(rename ? rename(p) : p, message, ...v));
}

export const NONNEG = "expected a finite number ≥ 0";
const POSITIVE = "expected a finite number > 0";
/** A finite number ≥ 0. */
export const nonneg = num(NONNEG, 0);
/** A finite number > 0. */
export const positive = num(POSITIVE, 0, Infinity, true);
/** A size module `{name?, cost, capacity, min?}`. */
export const sizeModule = obj({ name: opt(str("expected a string")), cost: nonneg, capacity: positive, min: opt(nonneg) }, "expected a module {name?, cost, capacity, min?}");
/** A non-empty array of size modules. */
export const sizeModules = list("expected an array of modules {name?, cost, capacity, min?}", "expected at least one module", sizeModule);

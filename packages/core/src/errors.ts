/** One problem found in user input: where it is, what was expected, and what was there. */
export interface InputIssue {
  /** Dotted path into the input, e.g. `demand[12].weight`; `""` for the document itself. */
  path: string;
  /** What the value should have been, e.g. `expected a finite number ≥ 0`. */
  message: string;
  /** The offending value (absent when the value itself is missing). */
  value?: unknown;
}

const MAX_LISTED = 50;

/** Renders a value for an error message: short, JSON-like, never throws. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? value.slice(0, 57) + "..." : value);
  if (Array.isArray(value)) return value.length > 4 ? `an array of ${value.length} items` : safeJson(value);
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}

function safeJson(value: unknown): string {
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? s.slice(0, 77) + "..." : s;
  } catch {
    return String(value);
  }
}

export function formatIssue(issue: InputIssue): string {
  const where = issue.path === "" ? "input" : issue.path;
  const got = "value" in issue ? `, got ${showValue(issue.value)}` : "";
  return `${where}: ${issue.message}${got}`;
}

/**
 * Thrown for any invalid scenario, problem or option. It lists every problem found (not only the
 * first), each with its path and the offending value, so a user can fix a file in one pass.
 */
export class ScenarioError extends Error {
  readonly issues: InputIssue[];
  constructor(issues: InputIssue[], context = "invalid input") {
    const lines = issues.slice(0, MAX_LISTED).map((i) => "  - " + formatIssue(i));
    if (issues.length > MAX_LISTED) lines.push(`  … and ${issues.length - MAX_LISTED} more`);
    super(`${context} (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.name = "ScenarioError";
    this.issues = issues;
  }
}

/** Collects issues while validating; throws one ScenarioError at the end if any were found. */
export class IssueList {
  readonly items: InputIssue[] = [];
  add(path: string, message: string, ...value: [unknown?]): void {
    const issue: InputIssue = { path, message };
    if (value.length > 0) issue.value = value[0];
    this.items.push(issue);
  }
  get size(): number {
    return this.items.length;
  }
  throwIfAny(context?: string): void {
    if (this.items.length > 0) throw new ScenarioError(this.items, context);
  }
}

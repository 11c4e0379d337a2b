import { writeFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";

/** A bad command line: reported on stderr with exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function parse(argv: string[], options: NonNullable<ParseArgsConfig["options"]>) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
}

/** A numeric flag, or undefined when absent. Anything that is not a finite number is a usage error. */
export function numberFlag(values: Record<string, unknown>, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const s = String(v).trim();
  const x = s === "" ? NaN : Number(s);
  if (!Number.isFinite(x)) throw new UsageError(`--${name}: expected a number, got ${JSON.stringify(v)}`);
  return x;
}

export function choiceFlag<T extends string>(values: Record<string, unknown>, name: string, choices: readonly T[], fallback: T): T {
  const v = values[name];
  if (v === undefined) return fallback;
  if (!choices.includes(v as T)) throw new UsageError(`--${name}: expected one of ${choices.join(", ")}, got ${JSON.stringify(v)}`);
  return v as T;
}

/** The flags every solving command takes (scenario input, solver and limits, output). */
export const RUN_FLAGS = {
  solver: { type: "string" },
  "time-limit": { type: "string" },
  seed: { type: "string" },
  sites: { type: "string" },
  metric: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `--time-limit` (seconds > 0) or undefined. */
export function timeLimitFlag(values: Record<string, unknown>): number | undefined {
  const t = numberFlag(values, "time-limit");
  if (t !== undefined && !(t > 0)) throw new UsageError(`--time-limit: expected seconds > 0, got ${t}`);
  return t;
}

/** `--seed` (an integer) or undefined. */
export function seedFlag(values: Record<string, unknown>): number | undefined {
  const s = numberFlag(values, "seed");
  if (s !== undefined && !Number.isInteger(s)) throw new UsageError(`--seed: expected an integer, got ${s}`);
  return s;
}

/** Writes an output file; a failure is a usage error naming the file. */
export function writeText(file: string, content: string): void {
  try {
    writeFileSync(file, content);
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

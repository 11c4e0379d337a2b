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

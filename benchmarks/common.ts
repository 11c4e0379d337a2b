/** What the benchmark suites share: flags, number formatting, and the child-process entry. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** `--name value` or `--name=value`, or undefined. */
export function flag(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes("=") ? args[i].slice(args[i].indexOf("=") + 1) : args[i + 1];
}

/** A comma-separated list (the default when absent). */
export const list = (v: string | undefined, dflt: string) => (v ?? dflt).split(",").map((s) => s.trim()).filter(Boolean);

export const int = (x: number | null) => (x === null || !Number.isFinite(x) ? "—" : Math.round(x).toLocaleString("en-US"));
export const num = (x: number | null, d = 1) => (x === null || !Number.isFinite(x) ? "—" : x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }));
export const pct = (x: number | null, d = 2) => (x === null || !Number.isFinite(x) ? "—" : `${(x * 100).toFixed(d)} %`);

/**
 * The entry of a suite module that also serves as its own child process: with the task in
 * `process.env[childEnv]`, runs `child(task)` and exits; run directly (`tsx benchmarks/x.ts`),
 * runs the suite; imported by `run.ts`, does nothing.
 */
export async function suiteEntry<T>(moduleUrl: string, childEnv: string, child: (task: T) => Promise<void>, run: (args: string[]) => Promise<void>): Promise<void> {
  if (process.env[childEnv]) {
    await child(JSON.parse(process.env[childEnv] as string) as T).then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  } else if (process.argv[1] && fileURLToPath(moduleUrl) === process.argv[1]) {
    await run(process.argv.slice(2));
  }
}

/**
 * Runs `task` in a child process of the suite module `moduleUrl` (its `suiteEntry` runs the child
 * side) and resolves with the row the child printed on its `@@RESULT ` line, or an error naming
 * the exit code and the last lines of stderr.
 */
export function runChildTask<T, R>(moduleUrl: string, childEnv: string, task: T): Promise<R | { error: string }> {
  const self = fileURLToPath(moduleUrl);
  const tsx = import.meta.resolve("tsx");
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ["--import", tsx, self], { env: { ...process.env, [childEnv]: JSON.stringify(task) }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.stderr.on("data", (d) => (err += d));
    proc.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("@@RESULT "));
      if (line) resolve(JSON.parse(line.slice(9)) as R);
      else resolve({ error: `exit ${code}: ${err.trim().split("\n").slice(-3).join(" / ")}` });
    });
  });
}

/** Runs a suite's child side in this process (`--in-process`) and returns the row it printed on its `@@RESULT ` line. */
export async function runInProcess<T, R>(child: (task: T) => Promise<void>, task: T): Promise<R> {
  let row: R | null = null;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => {
    if (typeof s === "string" && s.startsWith("@@RESULT ")) row = JSON.parse(s.slice(9)) as R;
    else write(s);
    return true;
  }) as typeof process.stdout.write;
  try {
    await child(task);
  } finally {
    process.stdout.write = write;
  }
  return row as unknown as R;
}

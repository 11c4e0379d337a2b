/** `pnpm example <name>` runs examples/<name>.ts. */
import { readdirSync } from "node:fs";

const name = process.argv[2];
const available = readdirSync(new URL(".", import.meta.url)).filter((f) => f.endsWith(".ts") && f !== "run.ts" && f !== "run-all.ts").map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  console.error(`usage: pnpm example <name>; available: ${available.join(", ")}`);
  process.exit(2);
}
await import(`./${name}.ts`);

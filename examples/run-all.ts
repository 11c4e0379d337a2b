/**
 * Runs the Lingang examples, the cflp one and the road-network one in sequence, each in its own Node process (tsx), and exits
 * non-zero if any of them fails. For CI: `npx tsx examples/run-all.ts` (after `pnpm build`).
 * Their stdout is passed through; pass example names to run a subset.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ALL = ["clinics", "schools", "eldercare", "stations", "cflp", "network"];
const names = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
const tsx = import.meta.resolve("tsx"); // the tsx loader, found from this file, whatever the cwd
const failed: string[] = [];
for (const name of names) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  console.log(`\n=== ${name} ===`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", tsx, file], { stdio: "inherit", timeout: 300_000 });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.status === 0) {
    console.log(`=== ${name}: ok (${s} s)`);
  } else {
    failed.push(name);
    const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
    console.error(`=== ${name}: FAILED (${why}, ${s} s)`);
  }
}
if (failed.length) {
  console.error(`\n${failed.length} of ${names.length} examples failed: ${failed.join(", ")}`);
  process.exit(1);
}
console.log(`\nall ${names.length} examples ran`);

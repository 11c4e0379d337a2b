import { benchInstances, makeInstance, instanceStats } from "./cflp-instances.js";
const t0 = Date.now();
for (const spec of benchInstances()) {
  const t = Date.now();
  const inst = makeInstance(spec);
  const s = instanceStats(inst);
  const zero = inst.scenario.demand.filter((d) => d.weight === 0).length;
  console.log(JSON.stringify({ ...s, zero, ms: Date.now() - t, mods: inst.problem.modules }));
}
console.log(Date.now() - t0);

import { scenarioFromCostMatrix, type Scenario } from "../scenario.js";

/** A TSPLIB EUC_2D point set as a scenario: every point a demand point (weight 1) and a site. */
export interface TsplibInstance {
  name: string;
  n: number;
  x: Float64Array;
  y: Float64Array;
  /** Every point is both a demand point and a candidate site; costs are the TSPLIB distances. */
  scenario: Scenario;
}

/**
 * Reads a TSPLIB file with `EDGE_WEIGHT_TYPE : EUC_2D` (or CEIL_2D) and a NODE_COORD_SECTION.
 * Distances follow TSPLIB: EUC_2D is nint(√(dx² + dy²)) (rounded to the nearest integer),
 * CEIL_2D rounds up. The scenario carries them as an explicit n × n cost matrix.
 */
export function readTsplib(text: string): TsplibInstance {
  const lines = text.split(/\r?\n/);
  let name = "";
  let dim = -1;
  let type = "EUC_2D";
  let k = 0;
  for (; k < lines.length; k++) {
    const line = lines[k].trim();
    if (line === "" ) continue;
    if (line.startsWith("NODE_COORD_SECTION")) {
      k++;
      break;
    }
    const m = /^([A-Z_]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === "NAME") name = m[2].trim();
    else if (m[1] === "DIMENSION") dim = Number(m[2]);
    else if (m[1] === "EDGE_WEIGHT_TYPE") type = m[2].trim();
  }
  if (!(dim > 0) || !Number.isInteger(dim)) throw new Error("TSPLIB: missing or bad DIMENSION");
  if (type !== "EUC_2D" && type !== "CEIL_2D") throw new Error(`TSPLIB: EDGE_WEIGHT_TYPE ${type} is not supported (EUC_2D, CEIL_2D)`);
  const x = new Float64Array(dim);
  const y = new Float64Array(dim);
  let read = 0;
  for (; k < lines.length && read < dim; k++) {
    const line = lines[k].trim();
    if (line === "" || line === "EOF") continue;
    const f = line.split(/\s+/);
    const id = Number(f[0]);
    if (!Number.isInteger(id) || id < 1 || id > dim || f.length < 3) throw new Error(`TSPLIB: bad coordinate line "${line}"`);
    x[id - 1] = Number(f[1]);
    y[id - 1] = Number(f[2]);
    read++;
  }
  if (read !== dim) throw new Error(`TSPLIB: expected ${dim} coordinates, read ${read}`);
  const n = dim;
  const costs = new Float64Array(n * n);
  const round = type === "EUC_2D" ? (v: number) => Math.floor(v + 0.5) : Math.ceil;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const dx = x[i] - x[j];
      const dy = y[i] - y[j];
      costs[i * n + j] = round(Math.sqrt(dx * dx + dy * dy));
    }
  }
  const scenario = scenarioFromCostMatrix(costs, n, n, { x, y });
  return { name, n, x, y, scenario };
}

/**
 * A neutral sparse linear (mixed-integer) model: what the formulations emit and every MIP backend
 * reads. Everything is on typed arrays; rows are stored in compressed sparse rows (CSR) with no
 * object per nonzero. Variables and rows are named by *blocks* (e.g. `x[i,j]` for a block `x` of
 * shape n × m), so names cost nothing until asked for.
 *
 *     optimise   sense · (offset + Σ_j cost_j x_j)
 *     subject to rowLower_r ≤ Σ_k value_k x_{index_k} ≤ rowUpper_r   (k in row r)
 *                colLower_j ≤ x_j ≤ colUpper_j,   x_j integer where integer_j = 1
 *
 * Bounds may be ±Infinity.
 */

export type Sense = "min" | "max";

/** A named run of consecutive variables or rows; `shape` gives multi-index names (row-major). */
export interface Block {
  readonly name: string;
  readonly start: number;
  readonly count: number;
  readonly shape?: readonly number[];
}

export interface LinearModel {
  readonly sense: Sense;
  /** Constant added to the objective. */
  readonly offset: number;
  readonly numCols: number;
  readonly numRows: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  /** 1 for integer variables. */
  readonly integer: Uint8Array;
  /** CSR: row r holds entries `rowStart[r] .. rowStart[r+1]` of `index`/`value`. */
  readonly rowStart: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly colBlocks: readonly Block[];
  readonly rowBlocks: readonly Block[];
}

/** Number of nonzeros. */
export function nnz(model: LinearModel): number {
  return model.rowStart[model.numRows];
}

function blockName(blocks: readonly Block[], k: number, fallback: string): string {
  // binary search over the (sorted, contiguous) blocks
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid];
    if (k < b.start) hi = mid - 1;
    else if (k >= b.start + b.count) lo = mid + 1;
    else {
      let off = k - b.start;
      if (!b.shape || b.shape.length <= 1) return `${b.name}[${off}]`;
      const idx: number[] = [];
      for (let d = b.shape.length - 1; d >= 0; d--) {
        idx.push(off % b.shape[d]);
        off = Math.floor(off / b.shape[d]);
      }
      return `${b.name}[${idx.reverse().join(",")}]`;
    }
  }
  return `${fallback}${k}`;
}

/** A readable name for variable j, from its block (e.g. `y[3]`, `x[2,5]`). */
export function colName(model: LinearModel, j: number): string {
  return blockName(model.colBlocks, j, "c");
}

/** A readable name for row r, from its block. */
export function rowName(model: LinearModel, r: number): string {
  return blockName(model.rowBlocks, r, "r");
}

/** Σ cost·x + offset (not multiplied by the sense). */
export function objectiveValue(model: LinearModel, x: ArrayLike<number>): number {
  let s = model.offset;
  for (let j = 0; j < model.numCols; j++) s += model.colCost[j] * x[j];
  return s;
}

/** Row activities A·x. */
export function rowActivity(model: LinearModel, x: ArrayLike<number>): Float64Array {
  const act = new Float64Array(model.numRows);
  const { rowStart, index, value } = model;
  for (let r = 0; r < model.numRows; r++) {
    let s = 0;
    for (let k = rowStart[r]; k < rowStart[r + 1]; k++) s += value[k] * x[index[k]];
    act[r] = s;
  }
  return act;
}

export interface Violation {
  /** Largest violation found, scaled by max(1, |bound|) for rows and bounds. */
  readonly max: number;
  /** What was violated most, e.g. `row cap[3]: activity 12.5 > 12`. */
  readonly where: string | null;
}

/** The largest violation of bounds, rows and integrality by x. */
export function maxViolation(model: LinearModel, x: ArrayLike<number>): Violation {
  let max = 0;
  let where: string | null = null;
  const note = (v: number, w: () => string) => {
    if (v > max) {
      max = v;
      where = w();
    }
  };
  for (let j = 0; j < model.numCols; j++) {
    const v = x[j];
    if (!Number.isFinite(v)) note(Infinity, () => `${colName(model, j)} = ${v}`);
    const lo = model.colLower[j];
    const up = model.colUpper[j];
    if (v < lo) note((lo - v) / Math.max(1, Math.abs(lo)), () => `${colName(model, j)} = ${v} < ${lo}`);
    if (v > up) note((v - up) / Math.max(1, Math.abs(up)), () => `${colName(model, j)} = ${v} > ${up}`);
    if (model.integer[j]) note(Math.abs(v - Math.round(v)), () => `${colName(model, j)} = ${v} is not integer`);
  }
  const act = rowActivity(model, x);
  for (let r = 0; r < model.numRows; r++) {
    const a = act[r];
    const lo = model.rowLower[r];
    const up = model.rowUpper[r];
    if (a < lo) note((lo - a) / Math.max(1, Math.abs(lo)), () => `row ${rowName(model, r)}: activity ${a} < ${lo}`);
    if (a > up) note((a - up) / Math.max(1, Math.abs(up)), () => `row ${rowName(model, r)}: activity ${a} > ${up}`);
  }
  return { max, where };
}

/**
 * A row with no terms whose bounds exclude 0 proves the model infeasible (e.g. a demand point with
 * no site in reach). Returns the first such row, or -1.
 */
export function emptyInfeasibleRow(model: LinearModel): number {
  for (let r = 0; r < model.numRows; r++) {
    if (model.rowStart[r + 1] > model.rowStart[r]) continue;
    const lo = model.rowLower[r];
    const up = model.rowUpper[r];
    if (lo > 1e-9 * Math.max(1, Math.abs(lo)) || up < -1e-9 * Math.max(1, Math.abs(up))) return r;
  }
  return -1;
}

/** Rounds integer variables that are within `tol` of an integer (solvers return 0.9999999). */
export function roundIntegers(model: LinearModel, x: Float64Array, tol = 1e-6): Float64Array {
  for (let j = 0; j < model.numCols; j++) {
    if (model.integer[j]) {
      const r = Math.round(x[j]);
      if (Math.abs(x[j] - r) <= tol) x[j] = r;
    }
  }
  return x;
}

/** The constraint matrix in compressed sparse columns (what HiGHS prefers). */
export function toCSC(model: LinearModel): { start: Int32Array; index: Int32Array; value: Float64Array } {
  const n = model.numCols;
  const total = nnz(model);
  const start = new Int32Array(n + 1);
  for (let k = 0; k < total; k++) start[model.index[k] + 1]++;
  for (let j = 0; j < n; j++) start[j + 1] += start[j];
  const fill = start.slice(0, n);
  const index = new Int32Array(total);
  const value = new Float64Array(total);
  for (let r = 0; r < model.numRows; r++) {
    for (let k = model.rowStart[r]; k < model.rowStart[r + 1]; k++) {
      const p = fill[model.index[k]]++;
      index[p] = r;
      value[p] = model.value[k];
    }
  }
  return { start, index, value };
}

/** Throws when the model is malformed (bad index, repeated column in a row, NaN, crossed bounds). */
export function validateModel(model: LinearModel): void {
  const { numCols, numRows } = model;
  const fail = (msg: string) => {
    throw new Error(`invalid linear model: ${msg}`);
  };
  for (const [name, a, len] of [
    ["colCost", model.colCost, numCols],
    ["colLower", model.colLower, numCols],
    ["colUpper", model.colUpper, numCols],
    ["integer", model.integer, numCols],
    ["rowLower", model.rowLower, numRows],
    ["rowUpper", model.rowUpper, numRows],
    ["rowStart", model.rowStart, numRows + 1],
  ] as const) {
    if (a.length !== len) fail(`${name} has length ${a.length}, expected ${len}`);
  }
  if (!Number.isFinite(model.offset)) fail(`objective offset ${model.offset}`);
  for (let j = 0; j < numCols; j++) {
    if (!Number.isFinite(model.colCost[j])) fail(`cost of ${colName(model, j)} is ${model.colCost[j]}`);
    if (Number.isNaN(model.colLower[j]) || Number.isNaN(model.colUpper[j]) || model.colLower[j] > model.colUpper[j] || model.colLower[j] === Infinity || model.colUpper[j] === -Infinity)
      fail(`bounds of ${colName(model, j)} are [${model.colLower[j]}, ${model.colUpper[j]}]`);
  }
  const seen = new Int32Array(numCols).fill(-1);
  if (model.rowStart[0] !== 0) fail("rowStart[0] is not 0");
  for (let r = 0; r < numRows; r++) {
    if (Number.isNaN(model.rowLower[r]) || Number.isNaN(model.rowUpper[r]) || model.rowLower[r] > model.rowUpper[r])
      fail(`bounds of row ${rowName(model, r)} are [${model.rowLower[r]}, ${model.rowUpper[r]}]`);
    if (model.rowStart[r + 1] < model.rowStart[r]) fail(`rowStart decreases at row ${r}`);
    for (let k = model.rowStart[r]; k < model.rowStart[r + 1]; k++) {
      const j = model.index[k];
      if (!(j >= 0 && j < numCols)) fail(`row ${rowName(model, r)} has column index ${j}`);
      if (seen[j] === r) fail(`row ${rowName(model, r)} lists ${colName(model, j)} twice`);
      seen[j] = r;
      if (!Number.isFinite(model.value[k])) fail(`row ${rowName(model, r)} has coefficient ${model.value[k]}`);
    }
  }
  if (model.index.length < nnz(model) || model.value.length < nnz(model)) fail("index/value shorter than rowStart says");
}

class GrowF64 {
  a: Float64Array;
  n = 0;
  constructor(cap = 64) {
    this.a = new Float64Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

class GrowI32 {
  a: Int32Array;
  n = 0;
  constructor(cap = 64) {
    this.a = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

export interface VarBlockOptions {
  lower?: number;
  upper?: number;
  integer?: boolean;
  /** One cost for all, or a cost per variable of the block. */
  cost?: number | ArrayLike<number>;
  shape?: readonly number[];
}

/**
 * Builds a `LinearModel` incrementally. Variables are added in named blocks; rows one at a time,
 * either from (index, value) arrays or term by term (`term` … `endRow`), so no per-row arrays are
 * needed. Repeated columns within a row are summed when the row ends.
 */
export class ModelBuilder {
  sense: Sense;
  offset = 0;
  private cost = new GrowF64();
  private lower = new GrowF64();
  private upper = new GrowF64();
  private integ: number[] = [];
  private colBlocks: Block[] = [];
  private rowBlocks: Block[] = [];
  private rowStart = new GrowI32();
  private idx = new GrowI32(256);
  private val = new GrowF64(256);
  private rLower = new GrowF64();
  private rUpper = new GrowF64();
  private openRowBlock: { name: string; start: number; shape?: readonly number[] } | null = null;
  private mark: Int32Array = new Int32Array(0);

  constructor(sense: Sense = "min") {
    this.sense = sense;
    this.rowStart.push(0);
  }

  get numCols(): number {
    return this.cost.n;
  }

  get numRows(): number {
    return this.rLower.n;
  }

  /** Adds `count` variables named `name[k]`; returns the index of the first. */
  addVars(name: string, count: number, o: VarBlockOptions = {}): number {
    const start = this.cost.n;
    const lo = o.lower ?? 0;
    const up = o.upper ?? Infinity;
    for (let k = 0; k < count; k++) {
      const c = o.cost === undefined ? 0 : typeof o.cost === "number" ? o.cost : o.cost[k];
      this.cost.push(c);
      this.lower.push(lo);
      this.upper.push(up);
      this.integ.push(o.integer ? 1 : 0);
    }
    if (count > 0) this.colBlocks.push({ name, start, count, ...(o.shape ? { shape: o.shape } : {}) });
    return start;
  }

  setCost(j: number, c: number): void {
    this.cost.a[j] = c;
  }

  setBounds(j: number, lower: number, upper: number): void {
    this.lower.a[j] = lower;
    this.upper.a[j] = upper;
  }

  lowerOf(j: number): number {
    return this.lower.a[j];
  }

  upperOf(j: number): number {
    return this.upper.a[j];
  }

  /** Starts a named block of rows; rows added until the next `rows()` call belong to it. */
  rows(name: string, shape?: readonly number[]): this {
    this.closeRowBlock();
    this.openRowBlock = { name, start: this.numRows, ...(shape ? { shape } : {}) };
    return this;
  }

  private closeRowBlock(): void {
    const b = this.openRowBlock;
    if (b && this.numRows > b.start) this.rowBlocks.push({ ...b, count: this.numRows - b.start });
    this.openRowBlock = null;
  }

  /** Appends a term to the row being built. */
  term(j: number, v: number): this {
    this.idx.push(j);
    this.val.push(v);
    return this;
  }

  /** Ends the row being built with bounds [lower, upper]; merges repeated columns, drops zeros. */
  endRow(lower: number, upper: number): number {
    const s = this.rowStart.a[this.rowStart.n - 1];
    const e = this.idx.n;
    if (this.mark.length < this.cost.n) {
      const m = new Int32Array(Math.max(this.cost.n, this.mark.length * 2));
      m.fill(-1);
      this.mark = m;
    }
    // merge duplicates: mark[j] = position of j's entry in this row
    let w = s;
    for (let k = s; k < e; k++) {
      const j = this.idx.a[k];
      const v = this.val.a[k];
      const at = this.mark[j];
      if (at >= s && at < w && this.idx.a[at] === j) this.val.a[at] += v;
      else {
        this.idx.a[w] = j;
        this.val.a[w] = v;
        this.mark[j] = w;
        w++;
      }
    }
    let w2 = s;
    for (let k = s; k < w; k++) {
      this.mark[this.idx.a[k]] = -1;
      if (this.val.a[k] !== 0) {
        this.idx.a[w2] = this.idx.a[k];
        this.val.a[w2] = this.val.a[k];
        w2++;
      }
    }
    this.idx.n = w2;
    this.val.n = w2;
    this.rowStart.push(w2);
    this.rLower.push(lower);
    this.rUpper.push(upper);
    return this.numRows - 1;
  }

  /** Adds a row lower ≤ Σ values[k]·x[indices[k]] ≤ upper. */
  addRow(lower: number, upper: number, indices: ArrayLike<number>, values: ArrayLike<number> | number): number {
    for (let k = 0; k < indices.length; k++) this.term(indices[k], typeof values === "number" ? values : values[k]);
    return this.endRow(lower, upper);
  }

  build(): LinearModel {
    this.closeRowBlock();
    return {
      sense: this.sense,
      offset: this.offset,
      numCols: this.numCols,
      numRows: this.numRows,
      colCost: this.cost.done(),
      colLower: this.lower.done(),
      colUpper: this.upper.done(),
      integer: Uint8Array.from(this.integ),
      rowStart: this.rowStart.done(),
      index: this.idx.done(),
      value: this.val.done(),
      rowLower: this.rLower.done(),
      rowUpper: this.rUpper.done(),
      colBlocks: this.colBlocks.slice(),
      rowBlocks: this.rowBlocks.slice(),
    };
  }
}

/**
 * Each site's search result, kept compactly until the demand rows can be laid out, in the
 * smallest of three forms: the demand points it reaches with their costs (DEMAND); the nodes it
 * reaches that carry demand, with their distances (NODES; demand costs are recomputed from them);
 * or its shortest-path tree (TREE: a bitmap of the nodes reached and, per node, which of its arcs
 * its shortest path arrives by, one byte — distances are rebuilt exactly, the same sums in the
 * same order as the search). DEMAND and NODES are index/value pairs or a bitmap plus values in
 * index order, whichever is smaller. Storage is in chunks (never copied to grow), freed as it is
 * read back.
 */
export const EMPTY = 0;
export const DEMAND = 1;
export const NODES = 2;
export const TREE = 3;
export type Universe = typeof DEMAND | typeof NODES;
/** The arc byte of a tree's root (a node's arcs are numbered 0 .. 254). */
export const ROOT_BYTE = 255;

const PAIRS = 0;
const BITS = 1;
const CHUNK = 1 << 20;

export class SiteResults {
  /** Per site: EMPTY, DEMAND, NODES or TREE. */
  readonly universe: Uint8Array;
  private readonly form: Uint8Array;
  private readonly length: Int32Array;
  private readonly intChunk: Int32Array;
  private readonly intOff: Int32Array;
  private readonly fltChunk: Int32Array;
  private readonly fltOff: Int32Array;
  private readonly u8Chunk: Int32Array;
  private readonly u8Off: Int32Array;
  private ints: (Int32Array | null)[] = [];
  private flts: (Float64Array | null)[] = [];
  private u8s: (Uint8Array | null)[] = [];
  private intUsed = 0;
  private fltUsed = 0;
  private u8Used = 0;
  /** Bytes held in records (excluding unused chunk tails). */
  bytes = 0;

  constructor(
    readonly m: number,
    /** Universe sizes: demand points and nodes. */
    private readonly sizes: { demand: number; nodes: number },
  ) {
    this.universe = new Uint8Array(m);
    this.form = new Uint8Array(m);
    this.length = new Int32Array(m);
    this.intChunk = new Int32Array(m);
    this.intOff = new Int32Array(m);
    this.fltChunk = new Int32Array(m);
    this.fltOff = new Int32Array(m);
    this.u8Chunk = new Int32Array(m);
    this.u8Off = new Int32Array(m);
  }

  /** Bytes a record of k entries over a universe of u would take as pairs / as a bitmap. */
  static pairBytes(k: number): number {
    return 12 * k;
  }
  static bitBytes(k: number, u: number): number {
    return 4 * Math.ceil(u / 32) + 8 * k;
  }

  /**
   * Stores site j's entries: `ids[0 .. k)` (any order, distinct) over `universe`, with values
   * `valueOf[id]` (indexed by id).
   */
  store(j: number, universe: Universe, ids: Int32Array, k: number, valueOf: Float64Array): void {
    if (k === 0) return;
    const u = universe === DEMAND ? this.sizes.demand : this.sizes.nodes;
    const words = Math.ceil(u / 32);
    this.universe[j] = universe;
    this.length[j] = k;
    const [fc, fo] = this.allocFlt(k);
    const vals = this.flts[fc] as Float64Array;
    if (SiteResults.bitBytes(k, u) < SiteResults.pairBytes(k)) {
      this.form[j] = BITS;
      const [ic, io] = this.allocInt(words);
      const bits = this.ints[ic] as Int32Array;
      for (let t = 0; t < k; t++) {
        const id = ids[t];
        bits[io + (id >>> 5)] |= 1 << (id & 31);
      }
      let at = fo;
      for (let w = 0; w < words; w++) {
        let word = bits[io + w];
        while (word !== 0) {
          const low = word & -word;
          const id = (w << 5) + (31 - Math.clz32(low));
          vals[at++] = valueOf[id];
          word ^= low;
        }
      }
      this.intChunk[j] = ic;
      this.intOff[j] = io;
      this.bytes += 4 * words + 8 * k;
    } else {
      this.form[j] = PAIRS;
      const [ic, io] = this.allocInt(k);
      const idx = this.ints[ic] as Int32Array;
      for (let t = 0; t < k; t++) {
        const id = ids[t];
        idx[io + t] = id;
        vals[fo + t] = valueOf[id];
      }
      this.intChunk[j] = ic;
      this.intOff[j] = io;
      this.bytes += 12 * k;
    }
    this.fltChunk[j] = fc;
    this.fltOff[j] = fo;
  }

  /**
   * Writes site j's entries into `ids`/`vals` (bitmaps come out in index order) and returns how
   * many. With `release`, chunks wholly before this record are freed: read back in site order.
   */
  read(j: number, ids: Int32Array, vals: Float64Array, release: boolean): number {
    const k = this.length[j];
    if (k === 0) return 0;
    const ic = this.intChunk[j];
    const fc = this.fltChunk[j];
    if (release) {
      for (let c = 0; c < ic; c++) this.ints[c] = null;
      for (let c = 0; c < fc; c++) this.flts[c] = null;
    }
    const src = this.flts[fc] as Float64Array;
    const fo = this.fltOff[j];
    for (let t = 0; t < k; t++) vals[t] = src[fo + t];
    const ints = this.ints[ic] as Int32Array;
    const io = this.intOff[j];
    if (this.form[j] === PAIRS) {
      for (let t = 0; t < k; t++) ids[t] = ints[io + t];
    } else {
      const words = Math.ceil((this.universe[j] === DEMAND ? this.sizes.demand : this.sizes.nodes) / 32);
      let at = 0;
      for (let w = 0; w < words; w++) {
        let word = ints[io + w];
        while (word !== 0) {
          const low = word & -word;
          ids[at++] = (w << 5) + (31 - Math.clz32(low));
          word ^= low;
        }
      }
    }
    return k;
  }

  /** Bytes of a tree over `settled` nodes. */
  treeBytes(settled: number): number {
    return 4 * Math.ceil(this.sizes.nodes / 32) + settled;
  }

  /**
   * Stores site j's shortest-path tree: the nodes `settled[0 .. k)`, each with the arc byte
   * `arcByteOf[pred[node]]` (`ROOT_BYTE` where pred is below 0: a source).
   */
  storeTree(j: number, settled: Int32Array, k: number, pred: Int32Array, arcByteOf: Uint8Array): void {
    if (k === 0) return;
    const words = Math.ceil(this.sizes.nodes / 32);
    this.universe[j] = TREE;
    this.length[j] = k;
    const [ic, io] = this.allocInt(words);
    const bits = this.ints[ic] as Int32Array;
    for (let t = 0; t < k; t++) {
      const id = settled[t];
      bits[io + (id >>> 5)] |= 1 << (id & 31);
    }
    const [bc, bo] = this.allocU8(k);
    const out = this.u8s[bc] as Uint8Array;
    let at = bo;
    for (let w = 0; w < words; w++) {
      let word = bits[io + w];
      while (word !== 0) {
        const low = word & -word;
        const e = pred[(w << 5) + (31 - Math.clz32(low))];
        out[at++] = e < 0 ? ROOT_BYTE : arcByteOf[e];
        word ^= low;
      }
    }
    this.intChunk[j] = ic;
    this.intOff[j] = io;
    this.u8Chunk[j] = bc;
    this.u8Off[j] = bo;
    this.bytes += 4 * words + k;
  }

  /** Site j's tree: its nodes ascending into `ids`, their arc bytes into `arcByte[node]`; returns how many. */
  readTree(j: number, ids: Int32Array, arcByte: Uint8Array, release: boolean): number {
    const k = this.length[j];
    const ic = this.intChunk[j];
    const bc = this.u8Chunk[j];
    if (release) {
      for (let c = 0; c < ic; c++) this.ints[c] = null;
      for (let c = 0; c < bc; c++) this.u8s[c] = null;
    }
    const bits = this.ints[ic] as Int32Array;
    const io = this.intOff[j];
    const src = this.u8s[bc] as Uint8Array;
    let at = this.u8Off[j];
    let t = 0;
    const words = Math.ceil(this.sizes.nodes / 32);
    for (let w = 0; w < words; w++) {
      let word = bits[io + w];
      while (word !== 0) {
        const low = word & -word;
        const id = (w << 5) + (31 - Math.clz32(low));
        ids[t++] = id;
        arcByte[id] = src[at++];
        word ^= low;
      }
    }
    return k;
  }

  /** Frees everything. */
  clear(): void {
    this.ints = [];
    this.flts = [];
    this.u8s = [];
  }

  private allocU8(len: number): [number, number] {
    const last = this.u8s.length - 1;
    const cur = this.u8s[last];
    if (cur && this.u8Used + len <= cur.length) {
      this.u8Used += len;
      return [last, this.u8Used - len];
    }
    this.u8s.push(new Uint8Array(Math.max(CHUNK, len)));
    this.u8Used = len;
    return [last + 1, 0];
  }

  private allocInt(len: number): [number, number] {
    const last = this.ints.length - 1;
    const cur = this.ints[last];
    if (cur && this.intUsed + len <= cur.length) {
      this.intUsed += len;
      return [last, this.intUsed - len];
    }
    this.ints.push(new Int32Array(Math.max(CHUNK, len)));
    this.intUsed = len;
    return [last + 1, 0];
  }

  private allocFlt(len: number): [number, number] {
    const last = this.flts.length - 1;
    const cur = this.flts[last];
    if (cur && this.fltUsed + len <= cur.length) {
      this.fltUsed += len;
      return [last, this.fltUsed - len];
    }
    this.flts.push(new Float64Array(Math.max(CHUNK, len)));
    this.fltUsed = len;
    return [last + 1, 0];
  }
}

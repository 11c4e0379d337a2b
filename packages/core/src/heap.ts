/**
 * An indexed binary min-heap of integer ids 0 … capacity−1 with their keys in parallel typed arrays
 * and a position index, so `push` on an id already queued lowers its key in place (decrease-key) and
 * nothing is allocated after construction. `pos[id]` is the id's heap slot, `IndexedMinHeap.OUT`
 * (never queued since the last `forget`/`clear`) or `IndexedMinHeap.POPPED` (taken out by `pop`):
 * callers may read it to tell settled ids from unseen ones (Dijkstra).
 *
 * Used by the road network's shortest paths (`network/dijkstra.ts`) and the split-demand flow's
 * Dijkstra on reduced costs (`cflp/flow.ts`).
 */
export class IndexedMinHeap {
  static readonly OUT = -1;
  static readonly POPPED = -2;
  readonly pos: Int32Array;
  private readonly ids: Int32Array;
  private readonly keys: Float64Array;
  size = 0;
  /** Key of the id `pop` returned last. */
  lastKey = 0;

  constructor(readonly capacity: number) {
    this.ids = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.pos = new Int32Array(capacity).fill(IndexedMinHeap.OUT);
  }

  /** Empties the heap and marks every id out (O(capacity); `forget` resets single ids instead). */
  clear(): void {
    this.size = 0;
    this.pos.fill(IndexedMinHeap.OUT);
  }

  /** Marks one id out again (the heap must not hold it). */
  forget(id: number): void {
    this.pos[id] = IndexedMinHeap.OUT;
  }

  /** Queues `id` with key `k`, or lowers its key when it is queued with a larger one. A popped id is queued again. */
  push(id: number, k: number): void {
    const p = this.pos[id];
    if (p >= 0) {
      if (k < this.keys[p]) this.siftUp(p, id, k);
    } else this.siftUp(this.size++, id, k);
  }

  /** Takes out the id of least key (the heap must not be empty); its key is in `lastKey`. */
  pop(): number {
    const { ids, keys, pos } = this;
    const top = ids[0];
    this.lastKey = keys[0];
    pos[top] = IndexedMinHeap.POPPED;
    const size = --this.size;
    if (size > 0) {
      const last = ids[size];
      const lk = keys[size];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && keys[c + 1] < keys[c]) c++;
        if (keys[c] >= lk) break;
        this.move(c, i);
        i = c;
      }
      this.put(i, last, lk);
    }
    return top;
  }

  /** Places `id` with key `k` at slot i (free, or the id's own) and moves it up. */
  private siftUp(i: number, id: number, k: number): void {
    const keys = this.keys;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= k) break;
      this.move(p, i);
      i = p;
    }
    this.put(i, id, k);
  }

  /** Slot `from`'s entry into slot `to`. */
  private move(from: number, to: number): void {
    const id = this.ids[from];
    this.ids[to] = id;
    this.keys[to] = this.keys[from];
    this.pos[id] = to;
  }

  private put(i: number, id: number, k: number): void {
    this.ids[i] = id;
    this.keys[i] = k;
    this.pos[id] = i;
  }
}

/**
 * At most `count` tasks at once; a freed lane goes to the waiting task of least rank (so with one
 * lane the tasks run in rank order, whatever order they were asked for in).
 */
export class Lanes {
  private free: number;
  private readonly waiting: { rank: number; start: () => void }[] = [];

  constructor(readonly count: number) {
    if (!(Number.isInteger(count) && count >= 1)) throw new Error(`lanes: expected a whole number ≥ 1, got ${count}`);
    this.free = count;
  }

  async run<T>(rank: number, task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else {
      await new Promise<void>((start) => {
        let k = this.waiting.length;
        while (k > 0 && this.waiting[k - 1].rank > rank) k--;
        this.waiting.splice(k, 0, { rank, start });
      });
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next.start();
      else this.free++;
    }
  }
}

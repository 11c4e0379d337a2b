/** Progress report from a long-running solve. */
export interface Progress {
  /** e.g. "greedy", "local search", "radius search". */
  phase: string;
  /** Best objective so far, when there is one. */
  objective?: number;
  /** Fraction of the phase done, in [0, 1], when known. */
  fraction?: number;
  /** Seconds since the solve started. */
  seconds: number;
  /**
   * The best solution's open sites, in a report after a new one was found (absent otherwise):
   * indices into the sites the search runs on — the scenario's sites without the forbidden ones,
   * in input order. Reported by the heuristics and the engines of the four classic problems (not
   * by MIP backends or cflp), so that a caller that must stop a run from outside (a worker at its
   * hard deadline) still has the best answer to re-evaluate.
   */
  open?: number[];
}

/** What every engine receives for stopping and reporting. */
export class RunContext {
  readonly start = now();
  /** Set when the time or work limit cut the search short. */
  timedOut = false;
  /** Checkpoints passed so far (calls of `shouldStop`): the deterministic measure of work. */
  checks = 0;
  private lastReport = 0;
  /** A best solution (open site indices) not yet sent with a report. */
  private pendingOpen: number[] | null = null;
  constructor(
    readonly deadline: number = Infinity,
    readonly signal?: AbortSignal,
    readonly onProgress?: (p: Progress) => void,
    readonly seed = 1,
    /** Stop after this many checkpoints: unlike a time limit, the same input stops at the same point on any machine. */
    readonly workLimit = Infinity,
    /** Trace lines for debugging the engines (`SolveOptions.debug`); the library never writes to the console. */
    readonly debug?: (message: string) => void,
  ) {}

  /** Throws if aborted; returns true when the time or work limit has been reached (and remembers it). */
  shouldStop(): boolean {
    if (this.signal?.aborted) throw abortError(this.signal);
    if (++this.checks > this.workLimit || now() >= this.deadline) {
      this.timedOut = true;
      return true;
    }
    return false;
  }

  elapsed(): number {
    return (now() - this.start) / 1000;
  }

  /**
   * Reports progress, at most every 100 ms unless `force`. `open` (0/1 per site) is a new best
   * solution: it is copied now and sent with this report or, when this one is skipped, the next.
   */
  report(phase: string, objective?: number, fraction?: number, force = false, open?: ArrayLike<number>): void {
    if (!this.onProgress) return;
    if (open) {
      const ix: number[] = [];
      for (let j = 0; j < open.length; j++) if (open[j]) ix.push(j);
      this.pendingOpen = ix;
    }
    const t = now();
    if (!force && t - this.lastReport < 100) return;
    this.lastReport = t;
    const p: Progress = { phase, seconds: (t - this.start) / 1000 };
    if (objective !== undefined && Number.isFinite(objective)) p.objective = objective;
    if (fraction !== undefined) p.fraction = fraction;
    if (this.pendingOpen) {
      p.open = this.pendingOpen;
      this.pendingOpen = null;
    }
    this.onProgress(p);
  }
}

export function now(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

export function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const e = new Error("the solve was aborted");
  e.name = "AbortError";
  return e;
}

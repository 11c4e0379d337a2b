/**
 * The run's time, shared out as the run goes: each step (a facility type's plan, a trade-off
 * point, a type's 2035 network) gets the time left × its weight ÷ the weight of the steps still to
 * come. Time a step does not use (a model proven optimal early) goes to the steps after it, and a
 * step that runs over takes it from them, so the run ends near its total — but no step gets less
 * than `least` × its even share of the total (a loaded machine runs over rather than leaving the
 * last types no time to find any plan).
 */
export class TimeBudget {
  private readonly end: number;
  private weightLeft: number;
  private readonly perWeight: number;
  /** The least share of a step's even share it gets however late the run is. */
  static readonly least = 0.5;

  /**
   * @param seconds the run's total
   * @param weight the sum of the weights of every step to come (each `take` spends its weight)
   * @param clock milliseconds (default `performance.now`)
   * @param lanes steps that run at once (each gets `lanes` times the share of one lane, at most
   *   the time left)
   */
  constructor(seconds: number, weight: number, private readonly clock: () => number = () => performance.now(), private readonly lanes = 1) {
    if (!(seconds > 0) || !(weight > 0)) throw new Error(`a time budget needs seconds > 0 and weight > 0, got ${seconds} and ${weight}`);
    if (!(lanes >= 1)) throw new Error(`a time budget needs lanes ≥ 1, got ${lanes}`);
    this.end = clock() + seconds * 1000;
    this.weightLeft = weight;
    this.perWeight = (seconds * lanes) / weight;
  }

  /** Seconds left of the run (0 when past its end). */
  get left(): number {
    return Math.max(0, (this.end - this.clock()) / 1000);
  }

  /** A step that will not run: its weight goes to the others. */
  skip(weight: number): void {
    this.weightLeft = Math.max(0, this.weightLeft - weight);
  }

  /** Seconds for the next step of `weight` (at least `floor`); its weight is spent. */
  take(weight: number, floor = 0.25): number {
    const share = this.weightLeft > 0 ? Math.min(1, (this.lanes * weight) / this.weightLeft) : 1;
    this.weightLeft = Math.max(0, this.weightLeft - weight);
    return Math.max(floor, TimeBudget.least * this.perWeight * weight, this.left * share);
  }
}

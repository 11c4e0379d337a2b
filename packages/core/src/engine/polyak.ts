/**
 * The step rule of every engine's subgradient optimisation (p-median, MCLP, set covering, cflp):
 * Polyak's step θ · |target − value| / ‖g‖², where θ starts at `theta` and is halved after
 * `stallLimit` iterations without a better Lagrangian value, and the optimisation stops once θ
 * falls below `thetaMin`. Each engine supplies its relaxation, its subgradient and its target (the
 * incumbent's value); the rule keeps the best value and says when it improved.
 */
export class PolyakRule {
  /** The step factor θ. */
  theta: number;
  /** The best value recorded (−∞ maximising, +∞ minimising, before the first). */
  best: number;
  private stall = 0;

  /**
   * @param sense "max" for a Lagrangian lower bound raised (minimisation problems), "min" for an
   *   upper bound lowered (MCLP)
   * @param tol a value improves on the best when it beats it by more than tol × max(1, |value|)
   */
  constructor(
    readonly sense: "max" | "min",
    theta: number,
    readonly stallLimit: number,
    readonly thetaMin: number,
    readonly tol = 1e-12,
  ) {
    this.theta = theta;
    this.best = sense === "max" ? -Infinity : Infinity;
  }

  /** Records an iterate's value: true when it is the best so far; after `stallLimit` non-improving values θ halves. */
  record(value: number): boolean {
    const margin = this.tol * Math.max(1, Math.abs(value));
    const better = this.sense === "max" ? value > this.best + margin : value < this.best - margin;
    if (better) {
      this.best = value;
      this.stall = 0;
      return true;
    }
    if (++this.stall >= this.stallLimit) {
      this.theta *= 0.5;
      this.stall = 0;
    }
    return false;
  }

  /** θ has fallen below its floor: the optimisation should stop. */
  get exhausted(): boolean {
    return this.theta < this.thetaMin;
  }

  /** The step length for the distance `gap` (≥ 0) to the target and the squared subgradient norm `norm2`. */
  step(gap: number, norm2: number): number {
    return (this.theta * gap) / norm2;
  }
}

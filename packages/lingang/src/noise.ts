import { mulberry32 } from "@siting/core";

/**
 * Smooth 2-D value noise in [0, 1] on a lattice of `spacing` metres covering [x0, x1] × [y0, y1],
 * with lattice values drawn from mulberry32(seed) in a fixed order: identical on every run.
 */
export class ValueNoise {
  private readonly v: Float64Array;
  private readonly nx: number;
  private readonly ny: number;
  constructor(
    seed: number,
    private readonly spacing: number,
    private readonly x0: number,
    private readonly y0: number,
    x1: number,
    y1: number,
  ) {
    this.nx = Math.ceil((x1 - x0) / spacing) + 2;
    this.ny = Math.ceil((y1 - y0) / spacing) + 2;
    const rand = mulberry32(seed);
    this.v = new Float64Array(this.nx * this.ny);
    for (let k = 0; k < this.v.length; k++) this.v[k] = rand();
  }
  at(x: number, y: number): number {
    let fx = (x - this.x0) / this.spacing;
    let fy = (y - this.y0) / this.spacing;
    if (fx < 0) fx = 0;
    if (fy < 0) fy = 0;
    if (fx > this.nx - 1.001) fx = this.nx - 1.001;
    if (fy > this.ny - 1.001) fy = this.ny - 1.001;
    const i = Math.floor(fx);
    const j = Math.floor(fy);
    let tx = fx - i;
    let ty = fy - j;
    tx = tx * tx * (3 - 2 * tx); // smoothstep
    ty = ty * ty * (3 - 2 * ty);
    const k = j * this.nx + i;
    const a = this.v[k] + (this.v[k + 1] - this.v[k]) * tx;
    const b = this.v[k + this.nx] + (this.v[k + this.nx + 1] - this.v[k + this.nx]) * tx;
    return a + (b - a) * ty;
  }
}

import type { Progress } from "@siting/core";

/**
 * A one-line progress indicator on stderr, shown only when stderr is a terminal and the run has
 * lasted over a second. Redraws at most every 100 ms (the solver throttles its callbacks too).
 */
export class ProgressLine {
  private shown = false;
  private readonly start = Date.now();
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly enabled = Boolean(process.stderr.isTTY)) {}

  update = (p: Progress): void => {
    if (!this.enabled || Date.now() - this.start < 1000) return;
    const width = 24;
    const frac = p.fraction === undefined ? undefined : Math.max(0, Math.min(1, p.fraction));
    const bar = frac === undefined ? "" : `[${"#".repeat(Math.round(frac * width)).padEnd(width, ".")}] ${(frac * 100).toFixed(0).padStart(3)}% `;
    const obj = p.objective === undefined ? "" : ` best ${formatNumber(p.objective)}`;
    this.stream.write(`\r\x1b[2K${p.phase.padEnd(14)} ${bar}${p.seconds.toFixed(1)} s${obj}`);
    this.shown = true;
  };

  done(): void {
    if (this.shown) this.stream.write("\r\x1b[2K");
    this.shown = false;
  }
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return x.toLocaleString("en-US");
  const a = Math.abs(x);
  return a >= 1000 ? x.toLocaleString("en-US", { maximumFractionDigits: 1 }) : x.toPrecision(6).replace(/\.?0+$/, "");
}

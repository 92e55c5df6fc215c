import {median} from "./median.js";

/** Recorded points pooled over one cell of the log-time grid. */
export interface LogBin {
  /** Mean log-time u = ln(step + 1) of its points. */
  x: number;
  /** Median effective rank of its points. */
  value: number;
  /** Number of points. */
  count: number;
  /** Indices of its first and last point in the trajectory. */
  first: number;
  last: number;
}

/**
 * Pools a trajectory's points, in order, into bins of equal width in log-time: the cell of a point
 * is floor(u / width), so the grid does not depend on the data. Recording is dense early (every
 * step, many points per unit of u) and sparse late in most runs; a bin's value is one number (the
 * median of its points), so every stretch of log-time weighs alike in the segmentation, however
 * densely it was recorded, and a single outlying point in a dense bin moves nothing. A bin closes
 * when a point of a later cell arrives (or at `close`), so a closed bin never changes.
 */
export class LogBins {
  readonly closed: LogBin[] = [];
  private cell = NaN;
  private readonly openValues: number[] = [];
  private openFirst = -1;
  private openTimeSum = 0;

  constructor(readonly width: number) {}

  /** Adds point `index` (log-time u, value); true when this closed the previous bin. */
  add(index: number, u: number, value: number): boolean {
    const cell = Math.floor(u / this.width);
    let closedOne = false;
    if (this.openValues.length > 0 && cell !== this.cell) {
      this.close();
      closedOne = true;
    }
    if (this.openValues.length === 0) ((this.cell = cell), (this.openFirst = index), (this.openTimeSum = 0));
    this.openValues.push(value);
    this.openTimeSum += u;
    return closedOne;
  }

  /** Closes the open bin, if any; true when there was one. */
  close(): boolean {
    const count = this.openValues.length;
    if (count === 0) return false;
    this.closed.push({
      x: this.openTimeSum / count,
      value: median(this.openValues),
      count,
      first: this.openFirst,
      last: this.openFirst + count - 1
    });
    this.openValues.length = 0;
    return true;
  }
}

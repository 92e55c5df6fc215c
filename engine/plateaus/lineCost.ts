/**
 * The cost of one linear piece of a series (x_k, y_k) with weights w_k: the weighted residual sum
 * of squares of its least-squares line, in O(1) per piece from prefix sums of w, w x, w y, w x^2,
 * w x y and w y^2 (no allocation: PELT calls it for every candidate start at every point). x and y
 * are taken relative to their first values, which keeps the sums small (a few hundred bins of
 * values below a few hundred: no cancellation worth the name).
 */
export class LineCost {
  private readonly s: Float64Array;
  private readonly sx: Float64Array;
  private readonly sy: Float64Array;
  private readonly sxx: Float64Array;
  private readonly sxy: Float64Array;
  private readonly syy: Float64Array;
  private readonly x0: number;
  private readonly y0: number;

  constructor(x: ArrayLike<number>, y: ArrayLike<number>, weight: ArrayLike<number>) {
    const n = x.length;
    this.x0 = n > 0 ? x[0] : 0;
    this.y0 = n > 0 ? y[0] : 0;
    const s = (this.s = new Float64Array(n + 1));
    const sx = (this.sx = new Float64Array(n + 1));
    const sy = (this.sy = new Float64Array(n + 1));
    const sxx = (this.sxx = new Float64Array(n + 1));
    const sxy = (this.sxy = new Float64Array(n + 1));
    const syy = (this.syy = new Float64Array(n + 1));
    for (let k = 0; k < n; ++k) {
      const w = weight[k],
        dx = x[k] - this.x0,
        dy = y[k] - this.y0;
      s[k + 1] = s[k] + w;
      sx[k + 1] = sx[k] + w * dx;
      sy[k + 1] = sy[k] + w * dy;
      sxx[k + 1] = sxx[k] + w * dx * dx;
      sxy[k + 1] = sxy[k] + w * dx * dy;
      syy[k + 1] = syy[k] + w * dy * dy;
    }
  }

  /** Weighted residual sum of squares of the least-squares line through points first .. last (inclusive). */
  cost(first: number, last: number): number {
    const e = last + 1;
    const s = this.s[e] - this.s[first];
    const sx = this.sx[e] - this.sx[first];
    const sy = this.sy[e] - this.sy[first];
    const vxx = this.sxx[e] - this.sxx[first] - (sx * sx) / s;
    const vxy = this.sxy[e] - this.sxy[first] - (sx * sy) / s;
    const vyy = this.syy[e] - this.syy[first] - (sy * sy) / s;
    const explained = vxx > 1e-12 * s ? (vxy * vxy) / vxx : 0;
    return Math.max(0, vyy - explained);
  }

  /** The least-squares line through points first .. last, as a function of x. */
  line(first: number, last: number): {slope: number; at: (x: number) => number} {
    const e = last + 1;
    const s = this.s[e] - this.s[first];
    const sx = this.sx[e] - this.sx[first];
    const sy = this.sy[e] - this.sy[first];
    const vxx = this.sxx[e] - this.sxx[first] - (sx * sx) / s;
    const vxy = this.sxy[e] - this.sxy[first] - (sx * sy) / s;
    const slope = vxx > 1e-12 * s ? vxy / vxx : 0;
    const mx = this.x0 + sx / s,
      my = this.y0 + sy / s;
    return {slope, at: (x: number) => my + slope * (x - mx)};
  }
}

/**
 * The cost of one linear piece of a series (x_k, y_k) with weights w_k: the weighted residual sum
 * of squares of its least-squares line, in O(1) per piece from prefix sums of w, w x, w y, w x^2,
 * w x y and w y^2 (no allocation: PELT calls it for every candidate start at every point). Points
 * are appended one by one (the online monitor adds a bin at a time; the sums are the same whether
 * built at once or point by point). x and y are taken relative to the first point's, which keeps
 * the sums small (a few hundred bins of values below a few hundred: no cancellation worth the name).
 */
export class LineCost {
  private s = new Float64Array(65);
  private sx = new Float64Array(65);
  private sy = new Float64Array(65);
  private sxx = new Float64Array(65);
  private sxy = new Float64Array(65);
  private syy = new Float64Array(65);
  private x0 = 0;
  private y0 = 0;
  /** Number of points. */
  length = 0;

  constructor(x: ArrayLike<number> = [], y: ArrayLike<number> = [], weight: ArrayLike<number> = []) {
    for (let k = 0; k < x.length; ++k) this.append(x[k], y[k], weight[k]);
  }

  append(x: number, y: number, w: number): void {
    const k = this.length;
    if (k === 0) ((this.x0 = x), (this.y0 = y));
    if (k + 1 >= this.s.length) this.grow();
    const dx = x - this.x0,
      dy = y - this.y0;
    this.s[k + 1] = this.s[k] + w;
    this.sx[k + 1] = this.sx[k] + w * dx;
    this.sy[k + 1] = this.sy[k] + w * dy;
    this.sxx[k + 1] = this.sxx[k] + w * dx * dx;
    this.sxy[k + 1] = this.sxy[k] + w * dx * dy;
    this.syy[k + 1] = this.syy[k] + w * dy * dy;
    this.length = k + 1;
  }

  private grow(): void {
    const size = 2 * this.s.length;
    const copy = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.s = copy(this.s);
    this.sx = copy(this.sx);
    this.sy = copy(this.sy);
    this.sxx = copy(this.sxx);
    this.sxy = copy(this.sxy);
    this.syy = copy(this.syy);
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

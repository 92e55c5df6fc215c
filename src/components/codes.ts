/**
 * The coefficients W >= 0 of some images on given signatures H (non-negative least squares,
 * min ||X - W H||_F over W >= 0), by HALS column sweeps (Cichocki and Phan 2009), the update the
 * engine's HALS solver applies to W. Pages use it to show how images use a model's signatures
 * when only H was published.
 */

/** A dense row-major matrix. */
export interface Dense {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

/** W (X.rows x H.rows, row-major Float64Array) after `sweeps` HALS sweeps from zero. */
export function nonNegativeCodes(X: Dense, H: Dense, sweeps = 300): Float64Array {
  if (X.cols !== H.cols) throw new RangeError(`invalid H: ${H.cols} columns for images of ${X.cols} values`);
  const m = X.rows,
    r = H.rows,
    n = H.cols;
  // G = H H^T (r x r) and P = X H^T (m x r), in float64.
  const G = new Float64Array(r * r),
    P = new Float64Array(m * r);
  for (let a = 0; a < r; ++a)
    for (let b = a; b < r; ++b) {
      let sum = 0;
      for (let j = 0; j < n; ++j) sum += Number(H.data[a * n + j]) * Number(H.data[b * n + j]);
      G[a * r + b] = G[b * r + a] = sum;
    }
  for (let i = 0; i < m; ++i)
    for (let a = 0; a < r; ++a) {
      let sum = 0;
      for (let j = 0; j < n; ++j) sum += Number(X.data[i * n + j]) * Number(H.data[a * n + j]);
      P[i * r + a] = sum;
    }
  const W = new Float64Array(m * r);
  for (let sweep = 0; sweep < sweeps; ++sweep)
    for (let k = 0; k < r; ++k) {
      const gkk = G[k * r + k];
      if (!(gkk > 0)) continue; // an all-zero signature gets no weight
      for (let i = 0; i < m; ++i) {
        let wg = 0;
        for (let a = 0; a < r; ++a) wg += W[i * r + a] * G[a * r + k];
        W[i * r + k] = Math.max(0, W[i * r + k] + (P[i * r + k] - wg) / gkk);
      }
    }
  return W;
}

import type {Tall} from "../kernels/tall.js";

/**
 * Dense products for the weighted and beta-divergence losses, which need the reconstruction
 * M = Wc H entry by entry (m x n, row-major float64). Plain loops: these runs trade the speed of the
 * Frobenius path (which never forms M) for a simple, checkable code path.
 */

/** out = Wc Ht^T (m x n), with Wc (m x r) and Ht (n x r). */
export function productInto(Wc: Tall, Ht: Tall, out: Float64Array): Float64Array {
  const {rows: m, r, data: w} = Wc;
  const {rows: n, data: h} = Ht;
  for (let i = 0; i < m; ++i) {
    const wi = i * r;
    for (let j = 0; j < n; ++j) {
      const hj = j * r;
      let s = 0;
      for (let k = 0; k < r; ++k) s += w[wi + k] * h[hj + k];
      out[i * n + j] = s;
    }
  }
  return out;
}

/** out = A Ht (m x r), with A dense (m x n) and Ht (n x r). */
export function denseTimesTallInto(A: Float64Array, Ht: Tall, out: Tall): Tall {
  const {rows: n, r, data: h} = Ht;
  const m = out.rows,
    o = out.data;
  o.fill(0);
  for (let i = 0; i < m; ++i) {
    const oi = i * r;
    for (let j = 0; j < n; ++j) {
      const a = A[i * n + j];
      if (a === 0) continue;
      const hj = j * r;
      for (let k = 0; k < r; ++k) o[oi + k] += a * h[hj + k];
    }
  }
  return out;
}

/** out = A^T W (n x r), with A dense (m x n) and W (m x r). */
export function denseTransposeTimesTallInto(A: Float64Array, W: Tall, out: Tall): Tall {
  const {rows: m, r, data: w} = W;
  const n = out.rows,
    o = out.data;
  o.fill(0);
  for (let i = 0; i < m; ++i) {
    const wi = i * r;
    for (let j = 0; j < n; ++j) {
      const a = A[i * n + j];
      if (a === 0) continue;
      const oj = j * r;
      for (let k = 0; k < r; ++k) o[oj + k] += a * w[wi + k];
    }
  }
  return out;
}

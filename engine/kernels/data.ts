import {toCsr, type CsrMatrix, type Matrix} from "../matrix.js";
import type {Tall} from "./tall.js";

/**
 * The data matrix X (m x n) as the solvers see it: the two products they need, `X Ht` (m x r)
 * and `X^T W` (n x r), and ||X||_F^2. Sparse data (MNIST is about 19% non-zero) is kept in CSR,
 * so a product costs nnz x r instead of m x n x r.
 */
export interface DataOperator {
  readonly m: number;
  readonly n: number;
  readonly frobeniusSquared: number;
  /** out = X Ht, with Ht (n x r): out is m x r. */
  timesTransposed(Ht: Tall, out: Tall): Tall;
  /** out = X^T W, with W (m x r): out is n x r. */
  transposeTimes(W: Tall, out: Tall): Tall;
}

/** Below this density a CSR copy is faster than the dense loops (measured on MNIST, density 0.19). */
const SPARSE_DENSITY = 0.5;

export function dataOperator(X: Matrix): DataOperator {
  let nnz = 0,
    frobeniusSquared = 0;
  for (const v of X.data) if (v !== 0) (++nnz, (frobeniusSquared += v * v));
  const density = nnz / Math.max(1, X.data.length);
  return density < SPARSE_DENSITY ? sparseOperator(toCsr(X), frobeniusSquared) : denseOperator(X, frobeniusSquared);
}

function sparseOperator(X: CsrMatrix, frobeniusSquared: number): DataOperator {
  const {rows: m, cols: n, indptr, indices, values} = X;
  return {
    m,
    n,
    frobeniusSquared,
    timesTransposed(Ht, out) {
      const r = Ht.r,
        h = Ht.data,
        o = out.data;
      o.fill(0);
      for (let i = 0; i < m; ++i) {
        const oi = i * r;
        for (let p = indptr[i], end = indptr[i + 1]; p < end; ++p) {
          const v = values[p],
            hj = indices[p] * r;
          for (let k = 0; k < r; ++k) o[oi + k] += v * h[hj + k];
        }
      }
      return out;
    },
    transposeTimes(W, out) {
      const r = W.r,
        w = W.data,
        o = out.data;
      o.fill(0);
      for (let i = 0; i < m; ++i) {
        const wi = i * r;
        for (let p = indptr[i], end = indptr[i + 1]; p < end; ++p) {
          const v = values[p],
            oj = indices[p] * r;
          for (let k = 0; k < r; ++k) o[oj + k] += v * w[wi + k];
        }
      }
      return out;
    }
  };
}

function denseOperator(X: Matrix, frobeniusSquared: number): DataOperator {
  const {rows: m, cols: n, data: x} = X;
  return {
    m,
    n,
    frobeniusSquared,
    timesTransposed(Ht, out) {
      const r = Ht.r,
        h = Ht.data,
        o = out.data;
      o.fill(0);
      for (let i = 0; i < m; ++i) {
        const oi = i * r,
          xi = i * n;
        for (let j = 0; j < n; ++j) {
          const v = x[xi + j];
          if (v === 0) continue;
          const hj = j * r;
          for (let k = 0; k < r; ++k) o[oi + k] += v * h[hj + k];
        }
      }
      return out;
    },
    transposeTimes(W, out) {
      const r = W.r,
        w = W.data,
        o = out.data;
      o.fill(0);
      for (let i = 0; i < m; ++i) {
        const wi = i * r,
          xi = i * n;
        for (let j = 0; j < n; ++j) {
          const v = x[xi + j];
          if (v === 0) continue;
          const oj = j * r;
          for (let k = 0; k < r; ++k) o[oj + k] += v * w[wi + k];
        }
      }
      return out;
    }
  };
}

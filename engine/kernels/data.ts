import {toCsr, transpose, type CsrMatrix, type Matrix} from "../matrix.js";
import {checkPrecision, denseTimesTallFloat32, sparseTimesTallFloat32, type Precision} from "./float32.js";
import {denseTimesTall, sparseTimesTall} from "./rowChunks.js";
import {gramOf, type Tall} from "./tall.js";
import {wasmKernels} from "./wasm.js";
import {wasmDenseProducts, wasmSparseProducts} from "./wasmProducts.js";

/**
 * The data matrix X (m x n) as the solvers see it: the two products they need, `X Ht` (m x r)
 * and `X^T W` (n x r), and ||X||_F^2.
 *
 * Both products are computed row by row of their output, as sums over one row of X (for `X Ht`)
 * or of X^T (for `X^T W`), so the operator keeps X and a transposed copy. The sums stay in
 * registers (rowChunks.ts) and every output row is written once, and rows split freely across
 * threads. Sparse data (MNIST is about 19% non-zero) is kept in CSR, so a product costs nnz x r
 * instead of m x n x r. The products run in WebAssembly SIMD where the runtime has it (wasmProducts.ts),
 * with the same results as the TypeScript loops, in float64 or float32 (float32.ts).
 */
export interface DataOperator {
  readonly m: number;
  readonly n: number;
  readonly frobeniusSquared: number;
  /** Number of non-zero entries of X. */
  readonly nnz: number;
  /** The precision of the two products (float32.ts). */
  readonly precision: Precision;
  /** out = X Ht, with Ht (n x r): out is m x r. */
  timesTransposed(Ht: Tall, out: Tall): Tall;
  /** out = X^T W, with W (m x r): out is n x r. */
  transposeTimes(W: Tall, out: Tall): Tall;
  /** The solvers' row-wise steps on this operator's threads (parallel/operator.ts); absent: the calling thread runs them. */
  readonly rowSteps?: RowSteps;
  /**
   * What a gradient step reads of X and its factors (`StepProducts`), in one job of the operator's
   * threads: they start on X Ht while the calling thread makes W (a Deep NMF chain's contraction).
   * Absent: `stepProducts` below computes them one after the other on the calling thread.
   */
  readonly stepProducts?: (p: StepProducts) => void;
}

/**
 * The products and Gram matrices of a gradient step: `xHt = X Ht`, `xtW = X^T W` with `W = makeW()`
 * (called once, before xHt, xtW and the Grams are written: it may read their previous values),
 * `gramHt = gramOf(Ht)` and `gramW = gramOf(W)` (tall.ts, r x r).
 */
export interface StepProducts {
  Ht: Tall;
  makeW: () => Tall;
  xHt: Tall;
  xtW: Tall;
  gramHt: Float64Array;
  gramW: Float64Array;
}

/** Computes `p` (StepProducts): on the operator's threads when it has them, the same bits either way. */
export function stepProducts(X: DataOperator, p: StepProducts): void {
  if (X.stepProducts) return X.stepProducts(p);
  const W = p.makeW();
  X.timesTransposed(p.Ht, p.xHt);
  X.transposeTimes(W, p.xtW);
  gramOf(p.Ht, p.gramHt);
  gramOf(W, p.gramW);
}

/**
 * Row-wise solver steps that an operator with threads runs with the same results as the engine's own
 * (each row's arithmetic unchanged; sums across rows in fixed blocks). Each declines a call it does not
 * take (too small, rank too large) by returning -1 or false, and the caller runs its own loop.
 */
export interface RowSteps {
  /**
   * HALS sweeps of F (rows x r, in place) against P and the Gram G (engine/solvers/hals.ts); the sweeps
   * run, or -1. With `gram`, also writes the updated F's `gramOf` there.
   */
  halsSweeps(F: Tall, P: Tall, G: Float64Array, maxSweeps: number, stop: number, gram?: Float64Array): number;
  /** F <- F * P / (F G + epsilon) (engine/solvers/multiplicative.ts), and `gram` as above; false when declined. */
  multiplicativeStep(F: Tall, P: Tall, G: Float64Array, epsilon: number, gram?: Float64Array): boolean;
}

/** Below this density a CSR copy is faster than the dense loops (measured on MNIST, density 0.19). */
const SPARSE_DENSITY = 0.5;

export interface DataOperatorOptions {
  /** Compute precision of the products (default float64). */
  precision?: Precision;
}

export function dataOperator(X: Matrix, options: DataOperatorOptions = {}): DataOperator {
  const precision = checkPrecision(options.precision ?? "float64");
  let nnz = 0,
    frobeniusSquared = 0;
  for (const v of X.data) if (v !== 0) (++nnz, (frobeniusSquared += v * v));
  const density = nnz / Math.max(1, X.data.length);
  if (density < SPARSE_DENSITY) {
    const rows = toCsr(X);
    const module = wasmKernels();
    const columns = transposeCsr(rows);
    if (module) return wasmSparseOperator(module, rows, columns, frobeniusSquared, precision);
    return sparseOperator(rows, columns, frobeniusSquared, precision);
  }
  return denseOperator(X, transpose(X), nnz, frobeniusSquared, precision);
}

/** The CSR form of X^T (the CSC form of X), column indices ascending within each row. */
export function transposeCsr(a: CsrMatrix): CsrMatrix {
  const {rows, cols, indptr, indices, values} = a;
  const nnz = indptr[rows];
  const outPtr = new Int32Array(cols + 1),
    outIndices = new Int32Array(nnz),
    outValues = new Float32Array(nnz);
  for (let p = 0; p < nnz; ++p) ++outPtr[indices[p] + 1];
  for (let j = 0; j < cols; ++j) outPtr[j + 1] += outPtr[j];
  const next = outPtr.slice(0, cols);
  // Rows in ascending order, so each column's entries land in ascending row order.
  for (let i = 0; i < rows; ++i)
    for (let p = indptr[i], end = indptr[i + 1]; p < end; ++p) {
      const q = next[indices[p]]++;
      outIndices[q] = i;
      outValues[q] = values[p];
    }
  return {rows: cols, cols: rows, indptr: outPtr, indices: outIndices, values: outValues};
}

function checkShapes(rows: number, inner: number, operand: Tall, out: Tall, name: string): void {
  if (operand.rows !== inner || out.rows !== rows || out.r !== operand.r)
    throw new RangeError(
      `${name}: operand ${operand.rows} x ${operand.r} and output ${out.rows} x ${out.r} do not fit ${rows} x ${inner}`
    );
}

/** X in CSR (`rows`) and X^T in CSR (`columns`), TypeScript kernels. */
export function sparseOperator(
  rows: CsrMatrix,
  columns: CsrMatrix,
  frobeniusSquared: number,
  precision: Precision = "float64"
): DataOperator {
  const m = rows.rows,
    n = rows.cols;
  const product = precision === "float32" ? sparseTimesTallFloat32 : sparseTimesTall;
  return {
    m,
    n,
    frobeniusSquared,
    nnz: rows.indptr[m],
    precision,
    timesTransposed(Ht, out) {
      checkShapes(m, n, Ht, out, "X Ht");
      product(rows.indptr, rows.indices, rows.values, Ht.data, Ht.r, out.data, 0, m);
      return out;
    },
    transposeTimes(W, out) {
      checkShapes(n, m, W, out, "X^T W");
      product(columns.indptr, columns.indices, columns.values, W.data, W.r, out.data, 0, n);
      return out;
    }
  };
}

/** X in CSR, WebAssembly SIMD kernels. */
function wasmSparseOperator(
  module: WebAssembly.Module,
  rows: CsrMatrix,
  columns: CsrMatrix,
  frobeniusSquared: number,
  precision: Precision
): DataOperator {
  const m = rows.rows,
    n = rows.cols;
  const wasm = wasmSparseProducts(module, rows, columns, precision);
  return {
    m,
    n,
    frobeniusSquared,
    nnz: rows.indptr[m],
    precision,
    timesTransposed(Ht, out) {
      checkShapes(m, n, Ht, out, "X Ht");
      wasm.timesTransposed(Ht, out);
      return out;
    },
    transposeTimes(W, out) {
      checkShapes(n, m, W, out, "X^T W");
      wasm.transposeTimes(W, out);
      return out;
    }
  };
}

/** X and X^T dense, float32. */
function denseOperator(
  X: Matrix,
  Xt: Matrix,
  nnz: number,
  frobeniusSquared: number,
  precision: Precision
): DataOperator {
  const {rows: m, cols: n} = X;
  const module = wasmKernels();
  const wasm = module ? wasmDenseProducts(module, X, Xt, precision) : undefined;
  const product = precision === "float32" ? denseTimesTallFloat32 : denseTimesTall;
  return {
    m,
    n,
    frobeniusSquared,
    nnz,
    precision,
    timesTransposed(Ht, out) {
      checkShapes(m, n, Ht, out, "X Ht");
      if (wasm) wasm.timesTransposed(Ht, out);
      else product(X.data, n, Ht.data, Ht.r, out.data, 0, m);
      return out;
    },
    transposeTimes(W, out) {
      checkShapes(n, m, W, out, "X^T W");
      if (wasm) wasm.transposeTimes(W, out);
      else product(Xt.data, m, W.data, W.r, out.data, 0, n);
      return out;
    }
  };
}

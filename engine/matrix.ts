/**
 * One matrix shape for the whole project: dense, row-major, float32 storage.
 *
 * Orientation: data `X` is m x n with one sample (image) per row. A factorization `X ~ W H` has
 * `W` (m x r) holding each sample's coefficients and `H` (r x n) holding the signatures: each row
 * of `H` is an image in pixel space. Deep NMF writes `X ~ W1 W2 ... Wk H`.
 *
 * Entry (i, j) lives at `data[i * cols + j]`. Sums over long dimensions accumulate in float64.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

/** A compressed sparse row copy of a matrix, for products with sparse data such as MNIST. */
export interface CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Row i's entries are at positions indptr[i] .. indptr[i + 1] - 1. */
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export function matrix(rows: number, cols: number, data?: Float32Array | ArrayLike<number>): Matrix {
  if (!(Number.isInteger(rows) && rows >= 0)) throw new RangeError(`invalid rows: ${rows}`);
  if (!(Number.isInteger(cols) && cols >= 0)) throw new RangeError(`invalid cols: ${cols}`);
  if (data === undefined) return {rows, cols, data: new Float32Array(rows * cols)};
  if (data.length !== rows * cols) throw new RangeError(`data length ${data.length} does not match ${rows} x ${cols}`);
  return {rows, cols, data: data instanceof Float32Array ? data : Float32Array.from(data)};
}

export function zeros(rows: number, cols: number): Matrix {
  return matrix(rows, cols);
}

export function clone(a: Matrix): Matrix {
  return {rows: a.rows, cols: a.cols, data: a.data.slice()};
}

export function transpose(a: Matrix): Matrix {
  const {rows, cols, data} = a;
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; ++i) for (let j = 0; j < cols; ++j) out[j * rows + i] = data[i * cols + j];
  return {rows: cols, cols: rows, data: out};
}

/** Rows `start .. end - 1` as a new matrix. */
export function sliceRows(a: Matrix, start: number, end: number): Matrix {
  return {rows: end - start, cols: a.cols, data: a.data.slice(start * a.cols, end * a.cols)};
}

/** Rows picked by index, in the given order. */
export function takeRows(a: Matrix, index: ArrayLike<number>): Matrix {
  const out = new Float32Array(index.length * a.cols);
  for (let k = 0; k < index.length; ++k)
    out.set(a.data.subarray(index[k] * a.cols, (index[k] + 1) * a.cols), k * a.cols);
  return {rows: index.length, cols: a.cols, data: out};
}

export function toCsr(a: Matrix): CsrMatrix {
  const {rows, cols, data} = a;
  let nnz = 0;
  for (let k = 0; k < data.length; ++k) if (data[k] !== 0) ++nnz;
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let p = 0;
  for (let i = 0; i < rows; ++i) {
    for (let j = 0, o = i * cols; j < cols; ++j) {
      const v = data[o + j];
      if (v !== 0) ((indices[p] = j), (values[p++] = v));
    }
    indptr[i + 1] = p;
  }
  return {rows, cols, indptr, indices, values};
}

/** Squared Frobenius norm, accumulated in float64. */
export function frobeniusSquared(a: Matrix): number {
  let s = 0;
  for (const v of a.data) s += v * v;
  return s;
}

/** Plain triple-loop product `a b`, float64 accumulation: the reference the fast kernels are tested against. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`cannot multiply ${a.rows} x ${a.cols} by ${b.rows} x ${b.cols}`);
  const out = new Float32Array(a.rows * b.cols);
  const acc = new Float64Array(b.cols);
  for (let i = 0; i < a.rows; ++i) {
    acc.fill(0);
    for (let k = 0; k < a.cols; ++k) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      for (let j = 0, o = k * b.cols; j < b.cols; ++j) acc[j] += aik * b.data[o + j];
    }
    out.set(acc, i * b.cols);
  }
  return {rows: a.rows, cols: b.cols, data: out};
}

/**
 * Gram matrices in float64: `A^T A` (columns x columns) and `A A^T` (rows x rows), the route by
 * which the project computes every spectrum exactly (see truncatedSvd.ts and metrics/spectrum.ts).
 *
 * Both skip zeros: MNIST is about 19% non-zero, so `X^T X` costs sum over rows of nnz_i^2 / 2
 * multiply-adds (about 22 million for 2,000 images) instead of m n^2 / 2.
 */

/** A dense row-major matrix in float32 (the project's `Matrix`) or float64 (factors, tests). */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array | Float64Array;
}

/** At or above this density `gram` runs dense 4-row blocks; below, it skips zeros row by row. */
const DENSE_GRAM_DENSITY = 0.5;

/** `A^T A` (cols x cols, row-major, symmetric), accumulated in float64. */
export function gram(A: DenseMatrix): Float64Array {
  const {rows, cols, data} = A;
  const out = new Float64Array(cols * cols);
  let nnz = 0;
  for (let k = 0; k < data.length; ++k) if (data[k] !== 0) ++nnz;
  if (nnz >= DENSE_GRAM_DENSITY * data.length) denseGram(data, rows, cols, out);
  else sparseGram(data, rows, cols, out);
  mirrorUpper(out, cols);
  return out;
}

/**
 * Upper triangle of A^T A, four rows of A at a time: each read-modify-write of `out` carries four
 * multiply-adds (3x faster than one row at a time: 55 ms for 60,000 x 60 on Node 20).
 */
function denseGram(data: Float32Array | Float64Array, rows: number, cols: number, out: Float64Array): void {
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const a = i * cols,
      b = a + cols,
      c = b + cols,
      d = c + cols;
    for (let p = 0; p < cols; ++p) {
      const va = data[a + p],
        vb = data[b + p],
        vc = data[c + p],
        vd = data[d + p];
      const row = p * cols;
      for (let q = p; q < cols; ++q)
        out[row + q] += va * data[a + q] + vb * data[b + q] + vc * data[c + q] + vd * data[d + q];
    }
  }
  for (; i < rows; ++i) {
    const a = i * cols;
    for (let p = 0; p < cols; ++p) {
      const va = data[a + p];
      if (va === 0) continue;
      const row = p * cols;
      for (let q = p; q < cols; ++q) out[row + q] += va * data[a + q];
    }
  }
}

let nonzeroIndex = new Int32Array(0);
let nonzeroValue = new Float64Array(0);

/** Upper triangle of A^T A, one row at a time over its non-zeros only. */
function sparseGram(data: Float32Array | Float64Array, rows: number, cols: number, out: Float64Array): void {
  if (nonzeroIndex.length < cols) ((nonzeroIndex = new Int32Array(cols)), (nonzeroValue = new Float64Array(cols)));
  const index = nonzeroIndex,
    value = nonzeroValue;
  for (let i = 0; i < rows; ++i) {
    const o = i * cols;
    let nnz = 0;
    for (let j = 0; j < cols; ++j) {
      const v = data[o + j];
      if (v !== 0) ((index[nnz] = j), (value[nnz++] = v));
    }
    // index[a] <= index[b] for a <= b: the upper triangle.
    for (let a = 0; a < nnz; ++a) {
      const v = value[a],
        row = index[a] * cols;
      for (let b = a; b < nnz; ++b) out[row + index[b]] += v * value[b];
    }
  }
}

/** Below this density `gramRows` scatters each row and dots it with the sparse rows; above, dense dot products. */
const SPARSE_DENSITY = 0.3;

/** `A A^T` (rows x rows, row-major, symmetric): the dot products of the rows, in float64. */
export function gramRows(A: DenseMatrix): Float64Array {
  const {rows, cols, data} = A;
  let nnz = 0;
  for (let k = 0; k < data.length; ++k) if (data[k] !== 0) ++nnz;
  const out = new Float64Array(rows * rows);
  if (nnz < SPARSE_DENSITY * data.length) sparseRowProducts(A, nnz, out);
  else denseRowProducts(data, rows, cols, out);
  mirrorUpper(out, rows);
  return out;
}

/**
 * Columns per pass of `denseRowProducts`: 256 columns of 1,020 rows of float32 (about 1 MB) stay in
 * cache while every pair of rows is dotted over them (2x faster than whole rows for Flowers102).
 */
const COLUMN_CHUNK = 256;

/**
 * Upper triangle of A A^T by blocks of 4 x 2 dot products, a chunk of columns at a time: each loaded
 * entry serves two or four products (about 2.5 s for Flowers102's 1,020 x 12,288 on Node 20).
 * Rows past the end are clamped to the last row; their products are computed and not stored.
 */
function denseRowProducts(data: Float32Array | Float64Array, rows: number, cols: number, out: Float64Array): void {
  const last = rows - 1;
  for (let k0 = 0; k0 < cols; k0 += COLUMN_CHUNK) {
    const k1 = Math.min(cols, k0 + COLUMN_CHUNK);
    for (let i = 0; i < rows; i += 4) {
      const a0 = i * cols,
        a1 = Math.min(i + 1, last) * cols,
        a2 = Math.min(i + 2, last) * cols,
        a3 = Math.min(i + 3, last) * cols;
      for (let j = i; j < rows; j += 2) {
        const b0 = j * cols,
          b1 = Math.min(j + 1, last) * cols;
        let s00 = 0,
          s01 = 0,
          s10 = 0,
          s11 = 0,
          s20 = 0,
          s21 = 0,
          s30 = 0,
          s31 = 0;
        for (let k = k0; k < k1; ++k) {
          const u = data[b0 + k],
            v = data[b1 + k];
          const x0 = data[a0 + k],
            x1 = data[a1 + k],
            x2 = data[a2 + k],
            x3 = data[a3 + k];
          s00 += x0 * u;
          s01 += x0 * v;
          s10 += x1 * u;
          s11 += x1 * v;
          s20 += x2 * u;
          s21 += x2 * v;
          s30 += x3 * u;
          s31 += x3 * v;
        }
        add(out, rows, i, j, s00);
        add(out, rows, i, j + 1, s01);
        add(out, rows, i + 1, j, s10);
        add(out, rows, i + 1, j + 1, s11);
        add(out, rows, i + 2, j, s20);
        add(out, rows, i + 2, j + 1, s21);
        add(out, rows, i + 3, j, s30);
        add(out, rows, i + 3, j + 1, s31);
      }
    }
  }
}

/** Adds to (p, q) when it is an upper-triangle entry inside the matrix. */
function add(out: Float64Array, n: number, p: number, q: number, value: number): void {
  if (p <= q && q < n) out[p * n + q] += value;
}

/** Upper triangle of A A^T for sparse A: row i scattered into a dense float64 vector, dotted with each later row's non-zeros. */
function sparseRowProducts(A: DenseMatrix, nnz: number, out: Float64Array): void {
  const {rows, cols, data} = A;
  const indptr = new Int32Array(rows + 1),
    indices = new Int32Array(nnz),
    values = new Float64Array(nnz);
  for (let i = 0, p = 0; i < rows; ++i) {
    for (let j = 0, o = i * cols; j < cols; ++j) {
      const v = data[o + j];
      if (v !== 0) ((indices[p] = j), (values[p++] = v));
    }
    indptr[i + 1] = p;
  }
  const dense = new Float64Array(cols);
  for (let i = 0; i < rows; ++i) {
    for (let p = indptr[i]; p < indptr[i + 1]; ++p) dense[indices[p]] = values[p];
    for (let j = i; j < rows; ++j) {
      let s = 0;
      for (let p = indptr[j]; p < indptr[j + 1]; ++p) s += values[p] * dense[indices[p]];
      out[i * rows + j] = s;
    }
    for (let p = indptr[i]; p < indptr[i + 1]; ++p) dense[indices[p]] = 0;
  }
}

function mirrorUpper(out: Float64Array, n: number): void {
  for (let p = 1; p < n; ++p) for (let q = 0; q < p; ++q) out[p * n + q] = out[q * n + p];
}

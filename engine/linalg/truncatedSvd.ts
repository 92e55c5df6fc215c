import {InputError} from "../errors.js";
import {gram, gramRows, type DenseMatrix} from "./gram.js";
import {leadingEigen} from "./leadingEigen.js";
import {jacobiMaxSize, symmetricEigen, symmetricEigenvalues} from "./symmetricEigen.js";

/** The leading k singular triplets: X ~ U diag(s) V^T. */
export interface TruncatedSvd {
  /** m x k, row-major, orthonormal columns. */
  U: Float64Array;
  /** k values, descending. */
  s: Float64Array;
  /** n x k, row-major, orthonormal columns. */
  V: Float64Array;
}

/** The leading singular vector pairs of X (m x n): column i of U and V is the pair of s_i. */
export interface SingularVectors {
  /** How many pairs (columns). */
  count: number;
  /** m x count, row-major, orthonormal columns. */
  U: Float64Array;
  /** n x count, row-major, orthonormal columns. */
  V: Float64Array;
}

/** Every singular value of X with its leading singular vector pairs, from one decomposition. */
export interface LeadingSvd {
  /** All min(m, n) singular values, descending. */
  singularValues: Float64Array;
  vectors: SingularVectors;
}

/**
 * All min(m, n) singular values of X (m x n) and its leading `count` singular vector pairs, from ONE
 * eigen-decomposition of the Gram matrix of the smaller side: `X^T X` (n x n) when n <= m, else
 * `X X^T` (m x m), formed in float64 skipping zeros and diagonalized exactly: every eigenvalue, and
 * the eigenvectors of the `count` largest only (leadingEigen.ts: inverse iteration on the tridiagonal
 * form, at little more than the cost of the eigenvalues; cyclic Jacobi up to size 32). The other
 * side's vectors are X v_i (or X^T u_i) normalized.
 *
 * Accuracy: the Gram matrix squares the condition number, so s_i keeps about 16 - 2 log10(s_1 / s_i)
 * correct digits: values below about 1e-8 s_1 lose their relative accuracy (the leading values,
 * which is what NNDSVD, the Eckart-Young bounds and the mode alignment use, are exact to about 1e-15
 * relative). Tiny negative eigenvalues (round-off) become 0. A direction with s_i = 0 (rank-deficient
 * X) gets a zero column on the computed side.
 *
 * Signs follow scikit-learn's svd_flip: the entry of largest magnitude in each column of U is positive.
 *
 * Cost (Node 20, 2 shared cores): MNIST 2,000 x 784 about 0.3 s, the Gram matrix and its tridiagonal
 * form; Flowers102's 1,020 x 12,288 about 4.5 s, mostly X X^T; the vectors add O(count size^2) and
 * the other side's X v_i (for Flowers102 and 64 pairs, X^T U about 1 s).
 */
export function leadingSvd(X: DenseMatrix, count: number): LeadingSvd {
  const {rows: m, cols: n} = X;
  const q = Math.min(m, n);
  if (!(Number.isInteger(count) && count >= 0 && count <= q)) {
    throw new InputError(
      "count",
      count,
      `the number of singular vector pairs must be an integer in 0 .. min(m, n) = ${q}`
    );
  }
  const fromColumns = n <= m;
  const size = fromColumns ? n : m;
  const G = fromColumns ? gram(X) : gramRows(X);
  if (count === 0) {
    const values = symmetricEigenvalues(G, size);
    for (let i = 0; i < size; ++i) values[i] = Math.sqrt(Math.max(0, values[i]));
    return {singularValues: values, vectors: {count: 0, U: new Float64Array(0), V: new Float64Array(0)}};
  }
  const {values, vectors: known} =
    size <= jacobiMaxSize ? leadingColumns(G, size, count) : leadingEigen(G, size, count);
  const s = new Float64Array(size);
  for (let i = 0; i < size; ++i) s[i] = Math.sqrt(Math.max(0, values[i]));
  const other = fromColumns ? timesColumns(X, known, count) : transposeTimesColumns(X, known, count);
  normalizeColumns(other, fromColumns ? m : n, count, s);
  const U = fromColumns ? other : known;
  const V = fromColumns ? known : other;
  flipSigns(U, m, V, n, count);
  return {singularValues: s, vectors: {count, U, V}};
}

/** The leading k singular triplets of X (m x n), 1 <= k <= min(m, n): `leadingSvd` keeping k values. */
export function truncatedSvd(X: DenseMatrix, k: number): TruncatedSvd {
  const q = Math.min(X.rows, X.cols);
  if (!(Number.isInteger(k) && k >= 1 && k <= q)) {
    throw new InputError("k", k, `the number of singular triplets must be an integer in 1 .. min(m, n) = ${q}`);
  }
  const {singularValues, vectors} = leadingSvd(X, k);
  return {U: vectors.U, s: singularValues.slice(0, k), V: vectors.V};
}

/**
 * All min(m, n) singular values of X, descending: `leadingSvd` without vectors (eigenvalues only:
 * about 0.3 s for 2,000 MNIST images, 4.5 s for Flowers102's 1,020 x 12,288).
 */
export function singularValuesOf(X: DenseMatrix): Float64Array {
  return leadingSvd(X, 0).singularValues;
}

/** A small Gram's eigenvalues by cyclic Jacobi (relatively accurate) and its `count` leading eigenvectors (size x count). */
function leadingColumns(G: Float64Array, size: number, count: number): {values: Float64Array; vectors: Float64Array} {
  const {values, vectors} = symmetricEigen(G, size);
  const known = new Float64Array(size * count);
  for (let row = 0; row < size; ++row) for (let i = 0; i < count; ++i) known[row * count + i] = vectors[row * size + i];
  return {values, vectors: known};
}

/** X B with B (n x k): m x k, over X's non-zeros. */
function timesColumns(X: DenseMatrix, B: Float64Array, k: number): Float64Array {
  const {rows: m, cols: n, data} = X;
  const out = new Float64Array(m * k);
  for (let i = 0; i < m; ++i) {
    const o = i * k;
    for (let j = 0; j < n; ++j) {
      const x = data[i * n + j];
      if (x === 0) continue;
      for (let c = 0, b = j * k; c < k; ++c) out[o + c] += x * B[b + c];
    }
  }
  return out;
}

/** X^T B with B (m x k): n x k, over X's non-zeros. */
function transposeTimesColumns(X: DenseMatrix, B: Float64Array, k: number): Float64Array {
  const {rows: m, cols: n, data} = X;
  const out = new Float64Array(n * k);
  for (let i = 0; i < m; ++i) {
    const b = i * k;
    for (let j = 0; j < n; ++j) {
      const x = data[i * n + j];
      if (x === 0) continue;
      for (let c = 0, o = j * k; c < k; ++c) out[o + c] += x * B[b + c];
    }
  }
  return out;
}

/** Scales each column of the rows x k matrix to unit length; the column of a zero singular value becomes zero. */
function normalizeColumns(A: Float64Array, rows: number, k: number, s: Float64Array): void {
  for (let c = 0; c < k; ++c) {
    let norm2 = 0;
    for (let i = 0; i < rows; ++i) norm2 += A[i * k + c] * A[i * k + c];
    const scale = norm2 > 0 && s[c] > 0 ? 1 / Math.sqrt(norm2) : 0;
    for (let i = 0; i < rows; ++i) A[i * k + c] *= scale;
  }
}

/** scikit-learn's svd_flip (u-based): the largest |U[i, c]| of each column is made positive, V's column follows. */
function flipSigns(U: Float64Array, m: number, V: Float64Array, n: number, k: number): void {
  for (let c = 0; c < k; ++c) {
    let best = 0;
    for (let i = 0; i < m; ++i) if (Math.abs(U[i * k + c]) > Math.abs(best)) best = U[i * k + c];
    if (best >= 0) continue;
    for (let i = 0; i < m; ++i) U[i * k + c] = -U[i * k + c];
    for (let j = 0; j < n; ++j) V[j * k + c] = -V[j * k + c];
  }
}

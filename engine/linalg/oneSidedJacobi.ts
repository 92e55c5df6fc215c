/**
 * Singular values of a small matrix by one-sided Jacobi (Hestenes 1958): plane rotations make the
 * columns mutually orthogonal, and the singular values are then the column lengths. No Gram matrix
 * is formed, so nothing is squared: for a matrix whose columns (or rows) have very different scales
 * the small singular values keep their relative accuracy (Demmel and Veselic, SIAM J. Matrix Anal.
 * Appl. 13(4), 1992), which an SVD of the formed product, or an eigen-decomposition of a Gram
 * matrix, loses below about 1e-8 of the largest.
 */

const EPS = Number.EPSILON; // 2^-52
/**
 * A column whose squared length is below this fraction of the matrix's squared Frobenius norm is
 * not rotated any more: it holds no direction left to resolve (its length, at most 1e-140 of the
 * matrix's norm, is still reported), and rotating it would only push it into the subnormal range,
 * where its squared length underflows to 0 and the orthogonality test can never pass.
 */
const ZERO_COLUMN = 1e-280;
/** Never reached in practice (quadratic convergence: 5 to 12 sweeps); past it the column lengths are returned as they are. */
const MAX_SWEEPS = 100;

/**
 * Singular values, descending, of the rows x cols matrix stored by columns: column j is
 * `columns[j * rows .. j * rows + rows - 1]` (a row-major matrix read this way is its transpose,
 * which has the same singular values). `columns` may be overwritten. NaN input gives NaN values.
 *
 * Rows that are zero in every column drop out first, and a matrix left with fewer rows than columns
 * is rotated as its transpose (same singular values, the missing ones 0): otherwise rank deficiency
 * would force some columns to shrink to zero, which they reach only through underflow, sweep after
 * sweep (a zero singular value of a factor's Gram matrix gives such a zero row in
 * `productSingularValues`). A matrix without zero rows and at least as tall as wide is rotated as it is.
 */
export function jacobiSingularValues(columns: Float64Array, rows: number, cols: number): Float64Array {
  const values = new Float64Array(cols);
  for (let k = 0; k < rows * cols; ++k) {
    if (!Number.isFinite(columns[k])) return values.fill(NaN);
  }
  const kept = nonZeroRows(columns, rows, cols);
  const transpose = kept.length < cols;
  const [a, height, width] = transpose
    ? [keptRows(columns, rows, cols, kept, true), cols, kept.length]
    : kept.length < rows
      ? [keptRows(columns, rows, cols, kept, false), kept.length, cols]
      : [columns, rows, cols];
  orthogonalizeColumns(a, height, width);
  for (let j = 0; j < width; ++j) {
    let norm2 = 0;
    for (let k = 0; k < height; ++k) norm2 += a[j * height + k] * a[j * height + k];
    values[j] = Math.sqrt(norm2);
  }
  return values.sort().reverse();
}

/**
 * Rotates the columns of the rows x cols matrix `a` (stored by columns) until every pair is
 * orthogonal to working precision relative to the two lengths. Returns the number of sweeps.
 */
export function orthogonalizeColumns(a: Float64Array, rows: number, cols: number): number {
  let frobenius2 = 0;
  for (let k = 0; k < rows * cols; ++k) frobenius2 += a[k] * a[k];
  const floor = ZERO_COLUMN * frobenius2;
  let sweep = 0;
  for (; sweep < MAX_SWEEPS; ++sweep) {
    let rotated = false;
    for (let p = 0; p < cols - 1; ++p) {
      const op = p * rows;
      for (let q = p + 1; q < cols; ++q) {
        const oq = q * rows;
        let alpha = 0,
          beta = 0,
          gamma = 0;
        for (let k = 0; k < rows; ++k) {
          const x = a[op + k],
            y = a[oq + k];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (alpha <= floor || beta <= floor) continue;
        // Columns already orthogonal to working precision, relative to their own lengths.
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotated = true;
        // The rotation that diagonalizes the 2 x 2 Gram matrix [[alpha, gamma], [gamma, beta]].
        const zeta = (beta - alpha) / (2 * gamma);
        const t =
          Math.abs(zeta) > 1e150
            ? 1 / (2 * zeta)
            : (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t),
          s = c * t;
        for (let k = 0; k < rows; ++k) {
          const x = a[op + k],
            y = a[oq + k];
          a[op + k] = c * x - s * y;
          a[oq + k] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  return sweep;
}

/** The rows with a non-zero entry in some column. */
function nonZeroRows(a: Float64Array, rows: number, cols: number): number[] {
  const kept: number[] = [];
  for (let i = 0; i < rows; ++i) {
    for (let j = 0; j < cols; ++j) {
      if (a[j * rows + i] !== 0) {
        kept.push(i);
        break;
      }
    }
  }
  return kept;
}

/** The kept rows, stored by columns; `transpose` stores the transpose instead (kept rows as its columns). */
function keptRows(a: Float64Array, rows: number, cols: number, kept: number[], transpose: boolean): Float64Array {
  const out = new Float64Array(kept.length * cols);
  kept.forEach((i, r) => {
    for (let j = 0; j < cols; ++j) out[transpose ? r * cols + j : j * kept.length + r] = a[j * rows + i];
  });
  return out;
}

/**
 * Singular values of a small matrix by one-sided Jacobi (Hestenes 1958): plane rotations make the
 * columns mutually orthogonal, and the singular values are then the column lengths. No Gram matrix
 * is formed, so nothing is squared: for a matrix whose columns (or rows) have very different scales
 * the small singular values keep their relative accuracy (Demmel and Veselic, SIAM J. Matrix Anal.
 * Appl. 13(4), 1992), which an SVD of the formed product, or an eigen-decomposition of a Gram
 * matrix, loses below about 1e-8 of the largest.
 */

const EPS = Number.EPSILON; // 2^-52
/** Never reached in practice; past it the column lengths are returned as they are. */
const MAX_SWEEPS = 100;

/**
 * Singular values, descending, of the rows x cols matrix stored by columns: column j is
 * `columns[j * rows .. j * rows + rows - 1]` (a row-major matrix read this way is its transpose,
 * which has the same singular values). `columns` is overwritten. NaN input gives NaN values.
 */
export function jacobiSingularValues(columns: Float64Array, rows: number, cols: number): Float64Array {
  const a = columns;
  const values = new Float64Array(cols);
  for (let k = 0; k < rows * cols; ++k) {
    if (!Number.isFinite(a[k])) return values.fill(NaN);
  }
  for (let sweep = 0; sweep < MAX_SWEEPS; ++sweep) {
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
  for (let j = 0; j < cols; ++j) {
    let norm2 = 0;
    for (let k = 0; k < rows; ++k) norm2 += a[j * rows + k] * a[j * rows + k];
    values[j] = Math.sqrt(norm2);
  }
  return values.sort().reverse();
}

/**
 * Cyclic Jacobi eigenvalue iteration for small symmetric matrices (Golub and Van Loan, Matrix
 * Computations, 4th ed., section 8.5; Rutishauser's rotation formulas).
 *
 * Why Jacobi for the small r x r Gram matrices of every training step: it is short, needs no
 * tridiagonal form, converges quadratically (5 to 10 sweeps for n = 20), and with the stopping
 * rule below (skip a_pq when |a_pq| <= eps sqrt(|a_pp a_qq|)) it computes the eigenvalues of a
 * positive definite matrix to high *relative* accuracy (Demmel and Veselic, SIAM J. Matrix Anal.
 * Appl. 13(4), 1992), so the small eigenvalues of W^T W keep their digits.
 */

const EPS = Number.EPSILON; // 2^-52
/**
 * Off-diagonal entries below this fraction of ||A||_F count as zero: only a guard against endless
 * sweeps in the underflow range, far below any relative-accuracy concern (a larger floor such as
 * eps^2 would erase the small eigenvalues of graded matrices).
 */
const ABSOLUTE_FLOOR = 1e-280;
/** Never reached in practice (quadratic convergence: 5 to 12 sweeps); past it the diagonal is returned as it is. */
const MAX_SWEEPS = 100;

let scratch = new Float64Array(0);

/**
 * Diagonalizes the symmetric n x n row-major `a` (only its upper triangle is read).
 * Writes the eigenvalues, unsorted, to `diagonal` (length n) and, when `vectors` is given, the
 * eigenvectors as its columns (row-major n x n). `a` is not modified. Returns the number of sweeps.
 * A matrix with a NaN or infinite entry gives NaN eigenvalues (and vectors) rather than an error.
 */
export function jacobiEigen(a: Float64Array, n: number, diagonal: Float64Array, vectors?: Float64Array): number {
  if (scratch.length < n * n) scratch = new Float64Array(Math.max(n * n, 2 * scratch.length));
  const w = scratch;
  let norm2 = 0;
  for (let p = 0; p < n; ++p) {
    for (let q = p; q < n; ++q) {
      const v = a[p * n + q];
      w[p * n + q] = v;
      norm2 += p === q ? v * v : 2 * v * v;
    }
  }
  if (vectors) {
    vectors.fill(0, 0, n * n);
    for (let p = 0; p < n; ++p) vectors[p * n + p] = 1;
  }
  if (!Number.isFinite(norm2)) {
    // NaN or infinite input (a diverged run): report NaN instead of iterating on garbage.
    diagonal.fill(NaN, 0, n);
    if (vectors) vectors.fill(NaN, 0, n * n);
    return 0;
  }
  const floor = ABSOLUTE_FLOOR * Math.sqrt(norm2);
  let sweep = 0;
  // Only the upper triangle w[p][q], p <= q, is kept up to date.
  for (; sweep < MAX_SWEEPS; ++sweep) {
    let rotated = false;
    for (let p = 0; p < n - 1; ++p) {
      for (let q = p + 1; q < n; ++q) {
        const apq = w[p * n + q];
        if (apq === 0) continue;
        const app = w[p * n + p],
          aqq = w[q * n + q];
        const size = Math.abs(apq);
        if (size <= EPS * Math.sqrt(Math.abs(app)) * Math.sqrt(Math.abs(aqq)) || size <= floor) {
          w[p * n + q] = 0;
          continue;
        }
        rotated = true;
        // Rotation angle: t = tan(phi) is the smaller root of t^2 + 2 theta t - 1 = 0.
        const theta = (aqq - app) / (2 * apq);
        const t =
          Math.abs(theta) > 1e150
            ? 1 / (2 * theta)
            : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c,
          tau = s / (1 + c);
        w[p * n + p] = app - t * apq;
        w[q * n + q] = aqq + t * apq;
        w[p * n + q] = 0;
        // Rows/columns p and q of the upper triangle: entry (k, p) lives at (min, max).
        for (let k = 0; k < p; ++k) {
          const kp = k * n + p,
            kq = k * n + q;
          const x = w[kp],
            y = w[kq];
          w[kp] = x - s * (y + tau * x);
          w[kq] = y + s * (x - tau * y);
        }
        for (let k = p + 1; k < q; ++k) {
          const kp = p * n + k,
            kq = k * n + q;
          const x = w[kp],
            y = w[kq];
          w[kp] = x - s * (y + tau * x);
          w[kq] = y + s * (x - tau * y);
        }
        for (let k = q + 1; k < n; ++k) {
          const kp = p * n + k,
            kq = q * n + k;
          const x = w[kp],
            y = w[kq];
          w[kp] = x - s * (y + tau * x);
          w[kq] = y + s * (x - tau * y);
        }
        if (vectors) {
          for (let k = 0; k < n; ++k) {
            const kp = k * n + p,
              kq = k * n + q;
            const x = vectors[kp],
              y = vectors[kq];
            vectors[kp] = x - s * (y + tau * x);
            vectors[kq] = y + s * (x - tau * y);
          }
        }
      }
    }
    if (!rotated) break;
  }
  for (let p = 0; p < n; ++p) diagonal[p] = w[p * n + p];
  return sweep + 1;
}

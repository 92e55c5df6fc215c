import {jacobiEigen} from "../linalg/jacobi.js";
import {jacobiSingularValues} from "../linalg/oneSidedJacobi.js";
import {symmetricEigen} from "../linalg/symmetricEigen.js";

export {gram, gramRows} from "../linalg/gram.js";

/** Up to this rank the Gram eigenproblems use cyclic Jacobi (relative accuracy); above, Householder + QL. */
const JACOBI_MAX_RANK = 64;

/**
 * Singular values (descending, r of them) of the product W H, W m x r and H r x n, from the two
 * r x r Gram matrices `WtW = W^T W` and `HHt = H H^T` (row-major), without forming W H.
 *
 * Why it is exact: write W^T W = V_W D_W V_W^T and H H^T = V_H D_H V_H^T. Then W = Q_W D_W^{1/2} V_W^T
 * and H = V_H D_H^{1/2} Q_H^T with Q_W, Q_H having orthonormal columns (on the ranges), so
 *   W H = Q_W K Q_H^T   with   K = D_W^{1/2} (V_W^T V_H) D_H^{1/2}   (r x r),
 * and W H has the singular values of K. (K K^T is the matrix B = D_W^{1/2} V_W^T (H H^T) V_W D_W^{1/2}
 * of the one-sided formula; working with K itself avoids squaring it.) A rank-deficient factor
 * (zero or collinear columns of W, rows of H) only puts zeros in D, which the formula takes as
 * they are: no inverse is taken anywhere.
 *
 * Cost about r^3 whatever m and n (about 0.25 ms for r = 20 on Node 20), on top of the two Gram
 * matrices (m r^2 / 2 and n r^2 / 2 multiply-adds, which the solvers often have already).
 *
 * Accuracy: the leading values are as exact as an SVD of W H (about 1e-15 relative). Because the
 * three small problems use Jacobi methods (cyclic Jacobi on the Grams for r <= 64, one-sided
 * Jacobi on K), the small singular values keep their relative accuracy when the factors are graded
 * (columns of W, rows of H of very different sizes, as after a tiny init): measured against 60-digit
 * arithmetic, values down to 1e-30 s_1 to 1e-15 relative, where an SVD of the formed product in
 * float64 is wrong below about 1e-8 s_1 (test/engine/spectrum.test.ts). Without such grading
 * the Grams' conditioning limits values below about 1e-8 s_1, as for any Gram route.
 */
export function productSingularValues(WtW: Float64Array, HHt: Float64Array, r: number): Float64Array {
  if (!(Number.isInteger(r) && r >= 0)) throw new RangeError(`invalid rank: ${r}`);
  if (WtW.length !== r * r || HHt.length !== r * r) {
    throw new RangeError(`Gram matrices of rank ${r} need ${r * r} entries, got ${WtW.length} and ${HHt.length}`);
  }
  const w = eigenOfGram(WtW, r),
    h = eigenOfGram(HHt, r);
  // K by columns: K[i][j] = sqrt(dW_i) (V_W^T V_H)[i][j] sqrt(dH_j), column j at K[j * r + i].
  const K = new Float64Array(r * r);
  for (let k = 0; k < r; ++k) {
    const o = k * r;
    for (let j = 0; j < r; ++j) {
      const vh = h.vectors[o + j];
      if (vh === 0) continue;
      for (let i = 0; i < r; ++i) K[j * r + i] += w.vectors[o + i] * vh;
    }
  }
  for (let j = 0; j < r; ++j) {
    const rootH = Math.sqrt(Math.max(0, h.values[j]));
    for (let i = 0; i < r; ++i) K[j * r + i] *= Math.sqrt(Math.max(0, w.values[i])) * rootH;
  }
  return jacobiSingularValues(K, r, r);
}

/** Eigenvalues (any order) and row-major eigenvector columns of a small Gram matrix. */
function eigenOfGram(G: Float64Array, r: number): {values: Float64Array; vectors: Float64Array} {
  if (r > JACOBI_MAX_RANK) return symmetricEigen(G, r);
  const values = new Float64Array(r),
    vectors = new Float64Array(r * r);
  jacobiEigen(G, r, values, vectors);
  return {values, vectors};
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix by Householder tridiagonalization and the
 * implicit QL algorithm: EISPACK's tred2 and tql2 (Bowdler, Martin, Reinsch and Wilkinson,
 * Numer. Math. 11, 1968; Handbook for Automatic Computation vol. II), in the arrangement of
 * JAMA's EigenvalueDecomposition (public domain), which ml-matrix also follows.
 *
 * Cost about (4/3) n^3 flops for the tridiagonal form, plus (4/3) n^3 to accumulate the
 * orthogonal transform and about 3 n^3 for the QL rotations when the vectors are wanted; the
 * eigenvalues alone cost the first term only. For the n x n Gram matrices of data sets
 * (n in the hundreds to a few thousand), used once per data set.
 *
 * Storage: the working matrix `z` is column-major (JAMA's V[r][c] lives at z[c * n + r]), so every
 * inner loop runs over contiguous memory; on exit eigenvector j is z[j * n .. j * n + n - 1].
 */

const EPS = Number.EPSILON; // 2^-52
const MAX_QL_ITERATIONS = 60;

/**
 * Eigen-decomposition of the symmetric n x n `a` (row-major or column-major: it is symmetric).
 * Writes the eigenvalues, unsorted, to `d`; with `z` given (length n * n), the eigenvectors
 * column-major as above. `a` is not modified. A NaN or infinite entry gives NaN everywhere.
 */
export function tridiagonalEigen(a: Float64Array, n: number, d: Float64Array, z?: Float64Array): void {
  if (n === 0) return;
  const v = z ?? new Float64Array(n * n);
  v.set(a.subarray(0, n * n));
  for (let k = 0; k < n * n; ++k) {
    if (!Number.isFinite(v[k])) {
      d.fill(NaN, 0, n);
      v.fill(NaN);
      return;
    }
  }
  const e = new Float64Array(n);
  householderTridiagonal(v, n, d, e);
  if (z) {
    accumulateTransform(v, n, d, e);
  } else {
    for (let i = 0; i < n; ++i) d[i] = v[i * n + i];
    e[0] = 0;
  }
  implicitQl(d, e, n, z);
}

/**
 * tred2's reduction: on exit e[1 .. n-1] is the sub-diagonal, d[i] (i >= 1) the Householder
 * constants h_i, the diagonal sits on the diagonal of v, and column i + 1 of v holds the
 * Householder vector of step i in its rows 0 .. i.
 */
export function householderTridiagonal(v: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; ++j) d[j] = v[j * n + n - 1];
  for (let i = n - 1; i > 0; --i) {
    // Scale to avoid under- and overflow.
    let scale = 0,
      h = 0;
    for (let k = 0; k < i; ++k) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; ++j) {
        d[j] = v[j * n + i - 1];
        v[j * n + i] = 0;
        v[i * n + j] = 0;
      }
    } else {
      // The Householder vector.
      for (let k = 0; k < i; ++k) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; ++j) e[j] = 0;
      // The similarity transform on the remaining columns.
      for (let j = 0; j < i; ++j) {
        const col = j * n;
        f = d[j];
        v[i * n + j] = f;
        g = e[j] + v[col + j] * f;
        for (let k = j + 1; k < i; ++k) {
          const vkj = v[col + k];
          g += vkj * d[k];
          e[k] += vkj * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; ++j) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; ++j) e[j] -= hh * d[j];
      for (let j = 0; j < i; ++j) {
        const col = j * n;
        f = d[j];
        g = e[j];
        for (let k = j; k < i; ++k) v[col + k] -= f * e[k] + g * d[k];
        d[j] = v[col + i - 1];
        v[col + i] = 0;
      }
    }
    d[i] = h;
  }
}

/** tred2's accumulation: turns v into the orthogonal transform and d into the diagonal. */
function accumulateTransform(v: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = 0; i < n - 1; ++i) {
    v[i * n + n - 1] = v[i * n + i];
    v[i * n + i] = 1;
    const h = d[i + 1];
    const u = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; ++k) d[k] = v[u + k] / h;
      for (let j = 0; j <= i; ++j) {
        const col = j * n;
        let g = 0;
        for (let k = 0; k <= i; ++k) g += v[u + k] * v[col + k];
        for (let k = 0; k <= i; ++k) v[col + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; ++k) v[u + k] = 0;
  }
  for (let j = 0; j < n; ++j) {
    d[j] = v[j * n + n - 1];
    v[j * n + n - 1] = 0;
  }
  v[n * n - 1] = 1;
  e[0] = 0;
}

/** tql2: implicit QL with Wilkinson-type shifts on the tridiagonal (d, e), rotations applied to z's columns. */
export function implicitQl(d: Float64Array, e: Float64Array, n: number, z?: Float64Array): void {
  for (let i = 1; i < n; ++i) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0,
    tst1 = 0;
  for (let l = 0; l < n; ++l) {
    // Find a small sub-diagonal element.
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > EPS * tst1) ++m;
    if (m > l) {
      let iteration = 0;
      do {
        if (++iteration > MAX_QL_ITERATIONS) throw new Error(`QL iteration did not converge for eigenvalue ${l}`);
        // The implicit shift.
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; ++i) d[i] -= h;
        f += h;
        // The implicit QL transformation.
        p = d[m];
        let c = 1,
          c2 = 1,
          c3 = 1,
          s = 0,
          s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; --i) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (z) {
            const a = i * n,
              b = (i + 1) * n;
            for (let k = 0; k < n; ++k) {
              const zb = z[b + k],
                za = z[a + k];
              z[b + k] = s * za + c * zb;
              z[a + k] = c * za - s * zb;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > EPS * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/** sqrt(a^2 + b^2) without overflow (Math.hypot is slower: it takes any number of arguments). */
function hypot(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  if (a > b) {
    const t = b / a;
    return a * Math.sqrt(1 + t * t);
  }
  if (b === 0) return 0;
  const t = a / b;
  return b * Math.sqrt(1 + t * t);
}

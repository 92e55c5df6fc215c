import type {Tall} from "../kernels/tall.js";

/**
 * Gradient of `cos * ||G - I||_F^2` with respect to Ht (n x r), added into `out`, where G is the
 * Gram matrix of H's rows normalized to unit length (the columns of Ht). The study adds
 * `cos * cosine_separation(H)` with `cosine_separation = -||G - I||^2`, which rewards overlapping
 * rows; penalizing the overlap, as here, is what separates the signatures.
 *
 * With N the normalized columns and c_k = ||Ht[:, k]||: d/dN = 4 N (G - I), and the normalization
 * contributes d/dh_k = (g_k - (g_k . n_k) n_k) / c_k.
 */
export function addCosineGradient(Ht: Tall, HHt: Float64Array, cos: number, out: Float64Array): void {
  const {rows: n, r, data: h} = Ht;
  const c = new Float64Array(r);
  for (let k = 0; k < r; ++k) c[k] = Math.sqrt(HHt[k * r + k]);
  // D[q, k] = 4 (G - I)[q, k] / c_q, and s_k = 4 sum_q (G - I)[q, k] G[q, k].
  const D = new Float64Array(r * r),
    s = new Float64Array(r);
  for (let q = 0; q < r; ++q)
    for (let k = 0; k < r; ++k) {
      if (c[q] === 0 || c[k] === 0) continue;
      const g = HHt[q * r + k] / (c[q] * c[k]);
      const e = q === k ? 0 : g; // (G - I)[q, k]; the diagonal of G is exactly 1
      D[q * r + k] = (4 * e) / c[q];
      s[k] += 4 * e * g;
    }
  for (let j = 0; j < n; ++j) {
    const o = j * r;
    for (let k = 0; k < r; ++k) {
      if (c[k] === 0) continue;
      let v = 0;
      for (let q = 0; q < r; ++q) v += h[o + q] * D[q * r + k];
      out[o + k] += cos * (v / c[k] - (s[k] * h[o + k]) / (c[k] * c[k]));
    }
  }
}

/** `l1 ||W_1||_1 + cos ||G - I||_F^2` at the current iterate (W_1 is non-negative, so its L1 norm is its sum). */
export function penaltyValue(W1: Tall, HHt: Float64Array, r: number, weights: {l1: number; cos: number}): number {
  let value = 0;
  if (weights.l1 > 0) {
    let sum = 0;
    for (const v of W1.data) sum += v;
    value += weights.l1 * sum;
  }
  if (weights.cos > 0) value += weights.cos * cosineOverlap(HHt, r);
  return value;
}

/** The penalty's value `||G - I||_F^2` from H H^T. */
export function cosineOverlap(HHt: Float64Array, r: number): number {
  let total = 0;
  for (let q = 0; q < r; ++q)
    for (let k = 0; k < r; ++k) {
      if (q === k) continue;
      const d = Math.sqrt(HHt[q * r + q] * HHt[k * r + k]);
      if (d > 0) {
        const cosine = HHt[q * r + k] / d;
        total += cosine * cosine;
      }
    }
  return total;
}

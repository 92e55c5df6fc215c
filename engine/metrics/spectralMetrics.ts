/**
 * Scalar summaries of a spectrum s_1 >= s_2 >= ... >= 0 (singular values, descending), as the site's
 * Methods page defines them (effective rank: Roy and Vetterli 2007, "The effective rank: a measure of
 * effective dimensionality"; stable rank: Rudelson and Vershynin 2007). For any non-zero spectrum
 * whose non-zero values all lie above the effective-rank threshold:
 *   1 <= stableRank <= nuclearRatio <= effectiveRank <= rank,
 * all equal iff the non-zero spectrum is flat (the Renyi entropies of p_i = s_i / sum s decrease
 * with their order). An all-zero spectrum (for example W H at an all-zero init) has no direction:
 * every rank-like summary below is defined as 0 for it. A NaN anywhere gives NaN.
 */

/** The study's threshold: singular values at or below it are left out of the effective rank. */
export const effectiveRankThreshold = 1e-12;

/**
 * Effective rank (Roy and Vetterli, "The effective rank: a measure of effective dimensionality",
 * EUSIPCO 2007): with p_i = s_i / sum_j s_j over the values s_i > threshold,
 * erank = exp(-sum_i p_i ln p_i). Between 1 (rank one) and the rank (flat spectrum).
 *
 * The threshold is absolute (1e-12 by default, as in the study), not relative to s_1: a product
 * whose singular values all lie below it (a very small init, say 1e-8 per entry) has effective
 * rank 0 by this definition; pass a smaller threshold to resolve it.
 */
export function effectiveRank(s: ArrayLike<number>, threshold = effectiveRankThreshold): number {
  let sum = 0;
  for (let i = 0; i < s.length; ++i) {
    const v = s[i];
    if (Number.isNaN(v)) return NaN;
    if (v > threshold) sum += v;
  }
  if (!(sum > 0)) return 0;
  let entropy = 0;
  for (let i = 0; i < s.length; ++i) {
    if (s[i] <= threshold) continue;
    const p = s[i] / sum;
    entropy -= p * Math.log(p);
  }
  return Math.exp(entropy);
}

/**
 * Nuclear-to-operator-norm ratio ||A||_* / ||A||_2 = sum_i s_i / s_1 = 1 / max_i p_i (the study's
 * "nuclear rank"; its report's equation 11 writes it upside down). 0 for an all-zero spectrum.
 */
export function nuclearRatio(s: ArrayLike<number>): number {
  const top = largest(s);
  if (Number.isNaN(top)) return NaN;
  if (!(top > 0)) return 0;
  let sum = 0;
  for (let i = 0; i < s.length; ++i) sum += s[i];
  return sum / top;
}

/**
 * Stable rank ||A||_F^2 / ||A||_2^2 = sum_i s_i^2 / s_1^2 (Rudelson and Vershynin, "Sampling from
 * large matrices", J. ACM 54(4), 2007): the least sensitive of the four to a tail of tiny values.
 * 0 for an all-zero spectrum.
 */
export function stableRank(s: ArrayLike<number>): number {
  const top = largest(s);
  if (Number.isNaN(top)) return NaN;
  if (!(top > 0)) return 0;
  let sum = 0;
  for (let i = 0; i < s.length; ++i) sum += (s[i] / top) * (s[i] / top);
  return sum;
}

/**
 * The Eckart-Young-Mirsky bound, relative: no matrix P of rank <= k has
 * ||X - P||_F^2 / ||X||_F^2 below sum_{i>k} s_i(X)^2 / ||X||_F^2 (Eckart and Young, Psychometrika 1(3),
 * 1936; Mirsky 1960). The tail is computed as ||X||_F^2 - sum_{i<=k} s_i^2, so `sX` needs only the
 * k leading values (if it holds fewer than k, the values it holds are used, which is right when
 * they are all the non-zero ones). `frobeniusSquaredX` is ||X||_F^2 = sum of all s_i^2. Clamped
 * to [0, 1] against round-off; 0 when X = 0.
 */
export function eckartYoungBound(sX: ArrayLike<number>, k: number, frobeniusSquaredX: number): number {
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`invalid rank k: ${k}`);
  if (Number.isNaN(frobeniusSquaredX)) return NaN;
  if (!(frobeniusSquaredX > 0)) return 0;
  let leading = 0;
  for (let i = 0; i < Math.min(k, sX.length); ++i) leading += sX[i] * sX[i];
  if (Number.isNaN(leading)) return NaN;
  return Math.min(1, Math.max(0, (frobeniusSquaredX - leading) / frobeniusSquaredX));
}

/**
 * The study's cosine-separation value -||G - I||_F^2, where G is the Gram matrix of the rows of H
 * scaled to unit length (the study adds `cos * cosineSeparation(H)` to its deep NMF loss).
 * Computed from HHt = H H^T (r x r, row-major): G_ij = HHt_ij / sqrt(HHt_ii HHt_jj). A zero row of
 * H stays zero when normalized, so its row and column of G are 0 (including G_ii, which then
 * contributes 1). 0 means orthogonal rows; -r (r - 1) all rows parallel.
 */
export function cosineSeparation(HHt: ArrayLike<number>, r: number): number {
  if (HHt.length !== r * r) throw new RangeError(`HHt of rank ${r} needs ${r * r} entries, got ${HHt.length}`);
  let sum = 0;
  for (let i = 0; i < r; ++i) {
    const di = HHt[i * r + i];
    for (let j = 0; j < r; ++j) {
      const dj = HHt[j * r + j];
      const g = di > 0 && dj > 0 ? HHt[i * r + j] / (Math.sqrt(di) * Math.sqrt(dj)) : 0;
      const e = i === j ? g - 1 : g;
      sum += e * e;
    }
  }
  return -sum;
}

function largest(s: ArrayLike<number>): number {
  let top = 0;
  for (let i = 0; i < s.length; ++i) {
    if (Number.isNaN(s[i])) return NaN;
    if (s[i] > top) top = s[i];
  }
  return top;
}

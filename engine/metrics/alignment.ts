import {tall, transposeTimes, type Tall} from "../kernels/tall.js";
import type {SingularVectors} from "../linalg/truncatedSvd.js";

/** A mode counts as learned when |a_i| reaches this share of s_i (the half-time rule of Saxe et al.). */
export const LEARNED_ALIGNMENT = 0.5;

/**
 * Singular pairs of X with s_i at or below this fraction of s_1 read a_i = 0: the Gram route that
 * computes them (linalg/truncatedSvd.ts) does not resolve values below about 1e-8 s_1 (round-off
 * of order 1e-16 s_1^2 in the Gram's eigenvalues), so their vectors carry no direction to learn.
 */
export const RESOLVED_SINGULAR_VALUE = 1e-8;

/**
 * Alignment of the product M = Wc H with X's leading singular pairs, X = sum_i s_i u_i v_i^T:
 *
 *   a_i = u_i^T M v_i / s_i = (Wc^T u_i) . (H v_i) / s_i,
 *
 * from `WcU` = Wc^T U_k and `HV` = H V_k (both r x k, row-major): the column-wise dot products of the
 * two, each over s_i. a_i = 1 when M carries X's whole energy s_i along the pair (X's best rank-j
 * approximation has a_i = 1 for i <= j and 0 beyond), 0 when M has none; it can exceed 1 (a large
 * init) or be negative. Unlike comparing the sorted spectra of M and X, it needs M to point along
 * u_i and v_i, not only to be as large as s_i.
 *
 * Well defined: u_i^T M v_i does not change when u_i and v_i flip sign together, the only freedom of
 * the singular pair of a simple singular value, so a_i does not depend on the SVD's sign convention.
 * (A repeated s_i leaves the pairs free to rotate within their subspace; the leading singular values
 * of real data are distinct.) a_i is 0 where s_i <= RESOLVED_SINGULAR_VALUE s_1 (for example
 * s_i = 0): that pair holds nothing to learn.
 */
export function modeAlignment(
  WcU: Float64Array,
  HV: Float64Array,
  r: number,
  k: number,
  s: ArrayLike<number>,
  out: Float64Array = new Float64Array(k)
): Float64Array {
  if (WcU.length !== r * k || HV.length !== r * k || out.length < k || s.length < k)
    throw new RangeError(`modeAlignment: rank ${r}, ${k} pairs, got ${WcU.length}, ${HV.length}, ${s.length} entries`);
  const floor = RESOLVED_SINGULAR_VALUE * (k > 0 ? s[0] : 0);
  for (let i = 0; i < k; ++i) {
    let sum = 0;
    for (let j = 0; j < r; ++j) sum += WcU[j * k + i] * HV[j * k + i];
    out[i] = s[i] > floor && s[i] > 0 ? sum / s[i] : 0;
  }
  return out;
}

/**
 * Modes learned: the number of X's leading singular pairs i along which M carries at least half of
 * s_i, #{i : |a_i| >= 1/2} with a_i the `modeAlignment` (an analogue of the half-time of Saxe,
 * McClelland and Ganguli, "Exact solutions to the nonlinear dynamics of learning in deep linear
 * neural networks", ICLR 2014). NaN if any a_i is NaN.
 */
export function modesLearned(alignment: ArrayLike<number>): number {
  let learned = 0;
  for (let i = 0; i < alignment.length; ++i) {
    if (Number.isNaN(alignment[i])) return NaN;
    if (Math.abs(alignment[i]) >= LEARNED_ALIGNMENT) ++learned;
  }
  return learned;
}

/**
 * The alignment of a fit's products with the first `topK` singular pairs of X (m x n), at rank r,
 * without forming M: per call, Wc^T U_k (m r k multiply-adds; from `X^T Wc` when the solver has it,
 * n r k, since X v_i = s_i u_i) and H V_k (n r k), in the engine's tall kernels (WebAssembly where it
 * pays), then `modeAlignment`. U_k and V_k are copied once, keeping
 * only the pairs used. Pairs beyond the ones X has (topK > min(m, n)) read 0, like a zero s_i.
 * Returns a new array of topK values per call (it becomes the step's record).
 */
export function alignmentMeter(
  vectors: SingularVectors,
  s: ArrayLike<number>,
  topK: number,
  m: number,
  n: number,
  r: number
): (Wc: Tall, Ht: Tall, xtWc?: Tall) => Float64Array {
  const k = Math.min(topK, vectors.count);
  if (vectors.U.length !== m * vectors.count || vectors.V.length !== n * vectors.count)
    throw new RangeError(`singular vectors of ${vectors.count} pairs do not fit ${m} x ${n} data`);
  if (k < topK && vectors.count < Math.min(m, n))
    throw new RangeError(`${vectors.count} singular vector pairs, fewer than topK = ${topK}`);
  if (s.length < k) throw new RangeError(`${s.length} singular values, fewer than the ${k} pairs`);
  const U = tall(m, k, leadingColumns(vectors.U, m, vectors.count, k)),
    V = tall(n, k, leadingColumns(vectors.V, n, vectors.count, k));
  const WcU = new Float64Array(r * k),
    HV = new Float64Array(r * k),
    values = Float64Array.from({length: k}, (_, i) => s[i]);
  return (Wc, Ht, xtWc) => {
    if (Wc.r !== r || Ht.r !== r) throw new RangeError(`alignmentMeter of rank ${r} got rank ${Wc.r} and ${Ht.r}`);
    const out = new Float64Array(topK);
    if (k === 0) return out;
    if (xtWc) {
      // Wc^T u_i = Wc^T X v_i / s_i = (X^T Wc)^T v_i / s_i: n r k multiply-adds instead of m r k.
      transposeTimes(xtWc, V, WcU);
      for (let j = 0; j < r; ++j)
        for (let i = 0; i < k; ++i) WcU[j * k + i] = values[i] > 0 ? WcU[j * k + i] / values[i] : 0;
    } else transposeTimes(Wc, U, WcU);
    transposeTimes(Ht, V, HV);
    return modeAlignment(WcU, HV, r, k, values, out);
  };
}

/** The first k of the `count` columns of a rows x count row-major matrix (itself when k = count). */
function leadingColumns(a: Float64Array, rows: number, count: number, k: number): Float64Array {
  if (k === count) return a;
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; ++i) for (let c = 0; c < k; ++c) out[i * k + c] = a[i * count + c];
  return out;
}

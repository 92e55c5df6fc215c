import {dot} from "../kernels/tall.js";
import {cosineSeparation, effectiveRank, nuclearRatio, stableRank} from "./spectralMetrics.js";
import {productSingularValues} from "./spectrum.js";

/**
 * `||X - Wc H||_F^2 = ||X||_F^2 - 2 <X Ht, Wc> + <Wc^T Wc, H H^T>` from the products a step already
 * has (`cross` is `<X Ht, Wc>`), clamped at 0 against cancellation. Every solver's recorded error, in
 * the engine and in the browser lab.
 */
export function errorFromProducts(
  frobeniusSquared: number,
  cross: number,
  WtW: Float64Array,
  HHt: Float64Array
): number {
  return Math.max(0, frobeniusSquared - 2 * cross + dot(WtW, HHt));
}

/** The spectral metrics of a recorded step, all read from the Gram matrices of the product M = Wc H. */
export interface ProductMetrics {
  effectiveRank: number;
  nuclearRatio: number;
  stableRank: number;
  cosineSeparation: number;
  /** The leading singular values of M, descending (topK of them, or r if fewer). */
  singularValues: Float64Array;
}

/**
 * The metrics of M = Wc H from `Wc^T Wc` and `H H^T` (r x r, row-major): its singular values
 * (`productSingularValues`) and their summaries, and the cosine separation of the rows of H. Grams
 * with a non-finite entry (a diverged iterate) give NaN throughout.
 */
export function productMetrics(WtW: Float64Array, HHt: Float64Array, r: number, topK: number): ProductMetrics {
  const finite = WtW.every(Number.isFinite) && HHt.every(Number.isFinite);
  const s = finite ? productSingularValues(WtW, HHt, r) : new Float64Array(r).fill(NaN);
  return {
    effectiveRank: effectiveRank(s),
    nuclearRatio: nuclearRatio(s),
    stableRank: stableRank(s),
    cosineSeparation: finite ? cosineSeparation(HHt, r) : NaN,
    singularValues: s.slice(0, topK)
  };
}

/**
 * Starts `productMetrics` on another thread (parallel/operator.ts) and returns a function that waits for
 * its result, equal bit for bit: the fit loop computes the alignment and the next step's gradients
 * meanwhile.
 */
export type ProductMetricsThread = (
  WtW: Float64Array,
  HHt: Float64Array,
  r: number,
  topK: number
) => () => ProductMetrics;

import type {DenseMatrix} from "../linalg/gram.js";
import {leadingSvd, type SingularVectors} from "../linalg/truncatedSvd.js";
import {eckartYoungBound, effectiveRank, nuclearRatio, stableRank} from "./spectralMetrics.js";

/** The data's own spectrum and summaries: the reference lines of every training plot. */
export interface DataReference {
  /** Singular values of X, descending: all min(m, n) of them unless `count` asked for fewer. */
  singularValues: Float64Array;
  /** ||X||_F^2, summed in float64 from the entries (not from the singular values). */
  frobeniusSquared: number;
  effectiveRank: number;
  stableRank: number;
  nuclearRatio: number;
  /**
   * X's leading singular vector pairs, from the same decomposition as the values (`vectors` of the
   * options; absent when 0 were asked for): what `fit` needs for the mode alignment (context
   * `dataSingularVectors`), so that runs on the same data do not recompute them.
   */
  singularVectors?: SingularVectors;
}

export interface DataReferenceOptions {
  /** Keep only this many leading singular values (default all). The summaries always use all of them. */
  count?: number;
  /** Also keep this many leading singular vector pairs, or all min(m, n) if there are fewer (default 0). */
  vectors?: number;
}

/**
 * The reference spectrum of X (m x n), exact through the Gram matrix of the smaller side
 * (leadingSvd: about 0.3 s for 2,000 MNIST images, 4.5 s for Flowers102's 1,020 x 12,288; the
 * singular vectors add little: inverse iteration on the tridiagonal form, then X v_i or X^T u_i).
 * Values below about 1e-8 s_1 are not relatively accurate (the Gram squares the condition
 * number); they weigh nothing in the summaries.
 */
export function dataReference(X: DenseMatrix, options: DataReferenceOptions = {}): DataReference {
  const count = options.count ?? Math.min(X.rows, X.cols);
  if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`invalid singular value count: ${count}`);
  const asked = options.vectors ?? 0;
  if (!(Number.isInteger(asked) && asked >= 0)) throw new RangeError(`invalid singular vector count: ${asked}`);
  const vectors = Math.min(asked, X.rows, X.cols);
  const svd = leadingSvd(X, vectors);
  const all = svd.singularValues;
  let frobeniusSquared = 0;
  for (const v of X.data) frobeniusSquared += v * v;
  return {
    singularValues: count >= all.length ? all : all.slice(0, count),
    frobeniusSquared,
    effectiveRank: effectiveRank(all),
    stableRank: stableRank(all),
    nuclearRatio: nuclearRatio(all),
    ...(vectors > 0 ? {singularVectors: svd.vectors} : {})
  };
}

/**
 * The relative Eckart-Young bound of X at rank k: sum_{i>k} s_i^2 / ||X||_F^2, the smallest relative
 * error ||X - P||_F^2 / ||X||_F^2 any rank-k P can reach (the study's figure 10 reference).
 */
export function eckartYoung(reference: DataReference, k: number): number {
  const {singularValues: s, frobeniusSquared} = reference;
  if (k > s.length) {
    // Past the stored values the bound is known only if they hold all of ||X||_F^2 (no trimmed tail).
    let stored = 0;
    for (const v of s) stored += v * v;
    if (frobeniusSquared - stored > 1e-9 * frobeniusSquared) {
      throw new RangeError(`the reference holds ${s.length} singular values, fewer than k = ${k}`);
    }
  }
  return eckartYoungBound(s, k, frobeniusSquared);
}

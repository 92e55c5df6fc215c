import {InputError} from "../errors.js";
import type {Matrix} from "../matrix.js";

/** The data of a weighted fit: X with its missing entries set to 0, and the weight of every entry. */
export interface ObservedData {
  /** X with NaN (missing) entries replaced by 0: the matrix the initialization and X's spectrum use. */
  X: Matrix;
  /** Entry weights, row-major: the given weights, 0 on missing entries; undefined when every weight is 1. */
  weights: Float64Array | undefined;
  /** How many entries are missing (NaN in the data, with `missing`). */
  missing: number;
}

/**
 * Checks the data of a fit with `missing` (NaN entries are missing: weight 0) and/or `weights`
 * (non-negative, finite, the shape of X), and returns X zero-filled with the weights. Observed entries
 * must be finite and non-negative, and one with a positive weight must be positive.
 */
export function observedData(X: Matrix, missing: boolean, weights: Matrix | undefined): ObservedData {
  if (!(X.rows >= 1 && X.cols >= 1))
    throw new InputError("data", `${X.rows} x ${X.cols}`, "must have at least one row and one column");
  if (weights) checkWeights(X, weights);
  const size = X.rows * X.cols;
  const filled = new Float32Array(size);
  const w = weights || missing ? new Float64Array(size).fill(1) : undefined;
  let count = 0,
    positive = false;
  for (let k = 0; k < size; ++k) {
    const v = X.data[k];
    const where = `row ${Math.floor(k / X.cols)}, column ${k % X.cols}`;
    if (Number.isNaN(v)) {
      if (!missing) throw new InputError("data", v, `${where}: entries must be finite and non-negative`);
      ++count;
      w![k] = 0;
      continue;
    }
    if (!(v >= 0) || v === Infinity)
      throw new InputError("data", v, `${where}: entries must be finite and non-negative (NaN marks a missing entry)`);
    filled[k] = v;
    if (weights) w![k] = weights.data[k];
    if (v > 0 && (w ? w[k] : 1) > 0) positive = true;
  }
  if (!positive)
    throw new InputError("data", "no positive observed entry", "NMF needs a positive entry with a positive weight");
  return {X: {rows: X.rows, cols: X.cols, data: filled}, weights: w, missing: count};
}

function checkWeights(X: Matrix, weights: Matrix): void {
  if (weights.rows !== X.rows || weights.cols !== X.cols)
    throw new InputError(
      "weights",
      `${weights.rows} x ${weights.cols}`,
      `must have the shape of the data, ${X.rows} x ${X.cols}`
    );
  const {data, cols} = weights;
  for (let k = 0; k < data.length; ++k) {
    const v = data[k];
    if (!(v >= 0) || v === Infinity)
      throw new InputError(
        "weights",
        v,
        `row ${Math.floor(k / cols)}, column ${k % cols}: weights must be finite and non-negative`
      );
  }
}

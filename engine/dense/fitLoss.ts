import {betaLossOption, type BetaLoss} from "../betaLoss.js";
import {InputError} from "../errors.js";
import type {Matrix} from "../matrix.js";
import type {ErrorMeasure, FitOptions} from "../types.js";
import {validateData} from "../validate.js";
import {denseLoss, type DenseLoss} from "./denseLoss.js";
import {observedData} from "./observed.js";

/** What a fit minimizes and records: the data it factors, and the dense loss when it is not plain Frobenius. */
export interface FitLoss {
  /** X, with missing entries set to 0 (for the initialization, X's spectrum and the products with X). */
  X: Matrix;
  /** The weighted or beta-divergence loss; undefined for the plain Frobenius loss on every entry. */
  dense?: DenseLoss;
  errorMeasure?: ErrorMeasure;
}

/**
 * Checks the data against `missing`, `weights` and `betaLoss`. A plain run (none of them) checks X as
 * always (NaN refused) and takes the Frobenius path that never forms W H; any of them takes the dense
 * path. Itakura-Saito refuses observed zeros, as scikit-learn does (its divergence is infinite there).
 */
export function fitLoss(X: Matrix, options: Pick<FitOptions, "betaLoss" | "missing" | "weights">): FitLoss {
  const betaLoss: BetaLoss = betaLossOption(options.betaLoss);
  const missing = options.missing === true;
  if (!missing && options.weights === undefined && betaLoss === "frobenius") {
    validateData(X);
    return {X};
  }
  const observed = observedData(X, missing, options.weights);
  const {rows: m, cols: n} = observed.X;
  const w = observed.weights;
  if (betaLoss === "itakura-saito")
    for (let k = 0; k < m * n; ++k)
      if (observed.X.data[k] === 0 && (w ? w[k] : 1) > 0)
        throw new InputError(
          "betaLoss",
          betaLoss,
          `the data has an observed zero at row ${Math.floor(k / n)}, column ${k % n}: the Itakura-Saito divergence needs positive entries`
        );
  const dense = denseLoss(m, n, Float64Array.from(observed.X.data), w, betaLoss);
  const what = [missing ? "missing" : "", options.weights ? "weights" : ""].filter(Boolean).join(" and ");
  return {
    X: observed.X,
    dense,
    errorMeasure: {
      betaLoss,
      weighted: what === "" ? "none" : (what as ErrorMeasure["weighted"]),
      missingEntries: observed.missing,
      reference: dense.reference,
      relativeTo:
        betaLoss === "frobenius"
          ? "sum w X^2: the loss of the zero reconstruction on the observed entries"
          : "D_w(X | c), c the weighted mean of X: the loss of the best constant reconstruction"
    }
  };
}

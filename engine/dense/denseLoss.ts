import {betaOf, DIVERGENCE_EPSILON as EPS, type BetaLoss} from "../betaLoss.js";

/**
 * The loss of a weighted or beta-divergence fit, entry by entry over the data:
 * `D_w(X | M) = sum_ij w_ij d(x_ij | m_ij)`, with w = 1 when no weights are given, and w = 0 on
 * missing entries (X holds 0 there). `d` is scikit-learn's `_beta_divergence` per entry, except that
 * the Frobenius loss keeps the engine's scale `(x - m)^2` (scikit-learn halves it):
 * - frobenius: `(x - m)^2`;
 * - kullback-leibler: `x log(x / m) - x + m`, and `m` where x <= EPS (a zero of X);
 * - itakura-saito: `x / m - log(x / m) - 1`, and `-1` where x <= EPS (scikit-learn's convention; the fit
 *   refuses observed zeros for this divergence, as scikit-learn does);
 * where m = 0 is read as EPS inside the ratios (scikit-learn's `WH_data[WH_data == 0] = EPSILON`).
 */
export interface DenseLoss {
  readonly m: number;
  readonly n: number;
  readonly betaLoss: BetaLoss;
  readonly beta: 0 | 1 | 2;
  /** X as float64, row-major, 0 on missing entries. */
  readonly x: Float64Array;
  /** The weights, row-major; undefined means every weight is 1. */
  readonly w: Float64Array | undefined;
  /**
   * What relative errors are divided by: for the Frobenius loss `||sqrt(w) * X||^2` (the loss of the
   * zero reconstruction, as in unweighted runs); for KL and IS, `D_w(X | c)` with c the weighted mean
   * of X, the loss of the best constant reconstruction (for KL this ratio is the Poisson deviance over
   * the null deviance), because `D(X | 0)` is infinite for them.
   */
  readonly reference: number;
  /** D_w(X | M). */
  divergence(M: Float64Array): number;
  /** out = (1/2) dD_w/dM, entry by entry (the gradient models double it, as for the Frobenius loss). */
  halfGradient(M: Float64Array, out: Float64Array): Float64Array;
}

export function denseLoss(
  m: number,
  n: number,
  x: Float64Array,
  w: Float64Array | undefined,
  betaLoss: BetaLoss
): DenseLoss {
  const beta = betaOf(betaLoss);
  const weight = w ? (k: number) => w[k] : () => 1;
  const divergence = (mu: (k: number) => number): number => {
    let total = 0;
    for (let k = 0; k < m * n; ++k) {
      const wk = weight(k);
      if (wk !== 0) total += wk * entryDivergence(beta, x[k], mu(k));
    }
    return total;
  };
  let sumW = 0,
    sumWX = 0;
  for (let k = 0; k < m * n; ++k) ((sumW += weight(k)), (sumWX += weight(k) * x[k]));
  const mean = sumWX / sumW;
  const reference = beta === 2 ? divergence(() => 0) : divergence(() => mean);
  return {
    m,
    n,
    betaLoss,
    beta,
    x,
    w,
    reference,
    divergence: (M) => divergence((k) => M[k]),
    halfGradient(M, out) {
      for (let k = 0; k < m * n; ++k) {
        const wk = weight(k);
        out[k] = wk === 0 ? 0 : 0.5 * wk * entryDerivative(beta, x[k], M[k]);
      }
      return out;
    }
  };
}

/** d(x | m) for one entry (see DenseLoss). */
export function entryDivergence(beta: 0 | 1 | 2, x: number, m: number): number {
  if (beta === 2) return (x - m) * (x - m);
  const safe = m === 0 ? EPS : m;
  if (beta === 1) return x > EPS ? x * Math.log(x / safe) - x + m : m;
  return x > EPS ? x / safe - Math.log(x / safe) - 1 : -1;
}

/** d/dm d(x | m) for one entry. */
export function entryDerivative(beta: 0 | 1 | 2, x: number, m: number): number {
  if (beta === 2) return 2 * (m - x);
  const safe = m === 0 ? EPS : m;
  if (beta === 1) return x > EPS ? 1 - x / safe : 1;
  return x > EPS ? (safe - x) / (safe * safe) : 0;
}

import {InputError} from "./errors.js";

/**
 * The beta-divergences D(X | M) a fit can minimize, with scikit-learn's names (`beta_loss` of
 * `sklearn.decomposition.NMF`): `frobenius` (beta = 2), `kullback-leibler` (beta = 1, the generalized
 * KL divergence `sum x log(x / m) - x + m`) and `itakura-saito` (beta = 0, `sum x / m - log(x / m) - 1`).
 * See Fevotte and Idier, "Algorithms for nonnegative matrix factorization with the beta-divergence",
 * Neural Computation 23(9), 2011.
 */
export type BetaLoss = "frobenius" | "kullback-leibler" | "itakura-saito";
export const betaLosses: readonly BetaLoss[] = ["frobenius", "kullback-leibler", "itakura-saito"];

/** The beta of a named divergence. */
export function betaOf(loss: BetaLoss): 0 | 1 | 2 {
  return loss === "frobenius" ? 2 : loss === "kullback-leibler" ? 1 : 0;
}

/**
 * scikit-learn's `EPSILON` (`np.finfo(np.float32).eps`): data entries at or below it count as zeros in
 * the KL and IS divergences, and a reconstructed entry of exactly 0 is read as it where the divergence or
 * its updates would divide by it.
 */
export const DIVERGENCE_EPSILON = 2 ** -23;

/** Checks a `betaLoss` option's value. */
export function betaLossOption(value: unknown): BetaLoss {
  if (value === undefined) return "frobenius";
  if (!betaLosses.includes(value as BetaLoss))
    throw new InputError("betaLoss", value, `expected one of ${betaLosses.join(", ")}`);
  return value as BetaLoss;
}

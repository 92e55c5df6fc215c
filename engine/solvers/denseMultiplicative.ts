import {DIVERGENCE_EPSILON as EPS} from "../betaLoss.js";
import type {DenseLoss} from "../dense/denseLoss.js";
import {denseTimesTallInto, denseTransposeTimesTallInto, productInto} from "../dense/products.js";
import {gramOf, tall, type Tall} from "../kernels/tall.js";
import {multiplicativeUpdate} from "./multiplicative.js";
import type {Solver, SolverState} from "./solver.js";

/**
 * Multiplicative updates for a weighted loss and for the beta-divergences, on the dense reconstruction
 * M = W H. With weights w (0 on missing entries) and beta in {0, 1, 2}:
 * `H <- H * [W^T (w * X * M^(beta-2)) / W^T (w * M^(beta-1))]^gamma` and the same for W with `(.) H^T`,
 * the weighted Lee-Seung updates for beta = 2 (Ho, "Nonnegative matrix factorization algorithms and
 * applications", 2008; Blondel, Ho and Van Dooren, "Weighted nonnegative matrix factorization and
 * face feature extraction", 2008) and Fevotte and Idier's (Neural Computation 2011) for KL and IS,
 * with gamma = 1/(2 - beta) for beta < 1. The loss never increases.
 *
 * - Frobenius (weighted): H first, then W, each `F * P / (Q + 1e-10)` as the unweighted MU, so that
 *   weights of ones give its iterates up to rounding.
 * - KL and IS: scikit-learn's `_fit_multiplicative_update` step for step: W first, then H; a zero of M
 *   read as EPS in the ratios; a zero denominator replaced by EPS; entries below float64's epsilon set
 *   to 0 afterwards (W for IS, H for KL and IS).
 *
 * With `updateH` false only W moves (scikit-learn's `update_H=False`, for `transform`).
 */
export function denseMultiplicativeUpdates(loss: DenseLoss, W: Tall, Ht: Tall, updateH = true): Solver {
  const {m, n, beta} = loss;
  const r = W.r;
  const M = new Float64Array(m * n),
    numerators = new Float64Array(m * n),
    denominators = new Float64Array(m * n);
  const top = {W: tall(m, r), H: tall(n, r)},
    bottom = {W: tall(m, r), H: tall(n, r)};
  const WtW = new Float64Array(r * r),
    HHt = new Float64Array(r * r);

  /** The entries of both ratios' matrices at the current M: w X M^(beta-2) and w M^(beta-1). */
  function entryRatios(): void {
    productInto(W, Ht, M);
    const {x, w} = loss;
    for (let k = 0; k < m * n; ++k) {
      const wk = w ? w[k] : 1;
      const mu = M[k];
      const safe = mu === 0 ? EPS : mu;
      if (beta === 2) ((numerators[k] = wk * x[k]), (denominators[k] = wk * mu));
      else if (beta === 1) ((numerators[k] = (wk * x[k]) / safe), (denominators[k] = wk));
      else ((numerators[k] = (wk * x[k]) / (safe * safe)), (denominators[k] = wk / safe));
    }
  }

  function updateHt(): void {
    entryRatios();
    denseTransposeTimesTallInto(numerators, W, top.H);
    denseTransposeTimesTallInto(denominators, W, bottom.H);
    multiply(Ht, top.H, bottom.H, beta === 2 ? undefined : beta);
  }

  function updateW(): void {
    entryRatios();
    denseTimesTallInto(numerators, Ht, top.W);
    denseTimesTallInto(denominators, Ht, bottom.W);
    multiply(W, top.W, bottom.W, beta === 2 ? undefined : beta);
  }

  return {
    factors: [W, Ht],
    step() {
      if (beta === 2) {
        if (updateH) updateHt();
        updateW();
      } else {
        updateW();
        if (beta < 1) clampTiny(W);
        if (updateH) (updateHt(), clampTiny(Ht));
      }
      return true;
    },
    evaluate(): SolverState {
      productInto(W, Ht, M);
      const error = loss.divergence(M);
      return {WtW: gramOf(W, WtW), HHt: gramOf(Ht, HHt), r, Wc: W, Ht, error, objective: error};
    }
  };
}

/** F <- F * (P / Q)^gamma: Frobenius (beta undefined) adds 1e-10 to Q; KL and IS replace a zero Q by EPS. */
function multiply(F: Tall, P: Tall, Q: Tall, beta: 0 | 1 | undefined): void {
  const f = F.data,
    p = P.data,
    q = Q.data;
  if (beta === undefined) return multiplicativeUpdate(f, p, q);
  for (let k = 0; k < f.length; ++k) {
    const ratio = p[k] / (q[k] === 0 ? EPS : q[k]);
    f[k] *= beta === 0 ? Math.sqrt(ratio) : ratio;
  }
}

/** scikit-learn's `F[F < np.finfo(np.float64).eps] = 0`, for stability with beta <= 1. */
function clampTiny(F: Tall): void {
  const f = F.data;
  for (let k = 0; k < f.length; ++k) if (f[k] < Number.EPSILON) f[k] = 0;
}

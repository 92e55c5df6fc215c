import type {DenseLoss} from "../dense/denseLoss.js";
import type {DataOperator} from "../kernels/data.js";
import {dot, gramOf, smallTranspose, tall, timesSmall, transposeTimes, type Tall} from "../kernels/tall.js";
import {errorFromProducts} from "../metrics/productMetrics.js";
import {suffixBuffers, suffixProducts} from "./chain.js";
import type {GradientOptions} from "./deepGlobal.js";
import {denseTerm} from "./denseLayer.js";
import {createOptimizer} from "./optimizer.js";
import {addCosineGradient, penaltyValue} from "./penalties.js";
import type {Solver, SolverState} from "./solver.js";

/**
 * Projected gradient (Adam or GD) on the layer-wise loss of Deep NMF (De Handschutter and Gillis,
 * "Deep NMF: a layer-centric view", Pattern Recognition 2023; the study's two-layer "Article" variant):
 * `f = sum_i lambda_i ||H_{i-1} - W_i H_i||_F^2 + l1 ||W_1||_1 + cos ||G - I||_F^2` with `H_0 = X`.
 * Each layer has its own H_i; the reconstruction recorded is the end-to-end `W_1 ... W_k H_k`.
 *
 * In the tall orientation layer i >= 2 reads `Ht_{i-1} ~ Ht_i W_i^T` with residual
 * `R = Ht_{i-1} - Ht_i W_i^T` (n x r_{i-1}): `grad W_i = -2 lambda_i R^T Ht_i`,
 * `grad Ht_i += -2 lambda_i R W_i`, `grad Ht_{i-1} += 2 lambda_i R`.
 *
 * With a `dense` loss (weights, missing entries, a beta-divergence), the first layer's term and the
 * recorded end-to-end error are `D_w(X | .)` instead of `||X - .||^2` (solvers/denseLayer.ts); the
 * hidden layers keep the Frobenius loss.
 *
 * Every buffer is allocated here, once: a step allocates nothing.
 */
export function deepLayerwise(
  X: DataOperator,
  startWs: Tall[],
  startHts: Tall[],
  weights: number[],
  options: GradientOptions,
  dense?: DenseLoss
): Solver {
  const k = startWs.length;
  // The optimizer keeps the factors and their gradients: the solver works on its copies.
  const optimizer = createOptimizer([...startWs, ...startHts], options);
  const Ws = optimizer.params.slice(0, k),
    Hts = optimizer.params.slice(k);
  const r0 = Ws[0].r,
    r = Hts[k - 1].r;
  const xHt0 = tall(X.m, r0),
    xtW0 = tall(X.n, r0);
  const W0tW0 = new Float64Array(r0 * r0),
    H0H0t = new Float64Array(r0 * r0);
  // End-to-end products, for the recorded state.
  const xHt = k === 1 ? xHt0 : tall(X.m, r),
    WcTWc = new Float64Array(r * r),
    HHt = new Float64Array(r * r);
  const suffix = suffixBuffers(Ws);
  const Wc = k === 1 ? Ws[0] : tall(X.m, r);
  // Step buffers: every gradient, and for each layer i >= 1 its residual (n x r_{i-1}) and W_i^T.
  const gradients = optimizer.gradients;
  const gradW = Ws.map((W, i) => tall(W.rows, W.r, gradients[i])),
    gradH = Hts.map((H, i) => tall(H.rows, H.r, gradients[k + i]));
  const residuals = Ws.map((W) => tall(X.n, W.rows)),
    transposed = Ws.map((W) => new Float64Array(W.rows * W.r));
  const lastGram = new Float64Array(r * r);
  const term = dense ? denseTerm(dense) : undefined;

  function evaluate(): SolverState {
    const H = Hts[k - 1];
    if (k > 1) timesSmall(Ws[0], suffixProducts(Ws, suffix)[0], r, Wc);
    if (!term) X.timesTransposed(H, xHt);
    gramOf(Wc, WcTWc);
    gramOf(H, HHt);
    const error = term ? term.value(Wc, H) : errorFromProducts(X.frobeniusSquared, dot(xHt.data, Wc.data), WcTWc, HHt);
    return {WtW: WcTWc, HHt, r, Wc, Ht: H, error, objective: layerObjective(k === 1 ? error : undefined)};
  }

  /** sum_i lambda_i ||H_{i-1} - W_i H_i||^2 + penalties; layer 1 against X costs one more product with X when k > 1. */
  function layerObjective(firstLayerError: number | undefined): number {
    let first = firstLayerError;
    if (first === undefined && term) first = term.value(Ws[0], Hts[0]);
    if (first === undefined) {
      X.timesTransposed(Hts[0], xHt0);
      gramOf(Ws[0], W0tW0);
      gramOf(Hts[0], H0H0t);
      first = errorFromProducts(X.frobeniusSquared, dot(xHt0.data, Ws[0].data), W0tW0, H0H0t);
    }
    let total = weights[0] * first;
    for (let i = 1; i < k; ++i) {
      const R = timesSmall(
        Hts[i],
        smallTranspose(Ws[i].data, Ws[i].rows, Ws[i].r, transposed[i]),
        Ws[i].rows,
        residuals[i]
      );
      const above = Hts[i - 1].data;
      let sum = 0;
      for (let j = 0; j < R.data.length; ++j) {
        const residual = above[j] - R.data[j];
        sum += residual * residual;
      }
      total += weights[i] * sum;
    }
    return total + penaltyValue(Ws[0], gramOf(Hts[k - 1], lastGram), r, options);
  }

  return {
    factors: [...Ws, Hts[k - 1], ...Hts.slice(0, k - 1)],
    evaluate,
    step() {
      if (term) term.gradients(Ws[0], Hts[0], weights[0], gradW[0], gradH[0]);
      else {
        // Layer 1 against X: grad W_1 = 2 l_1 (W_1 H_1 H_1^T - X H_1^T), grad Ht_1 = 2 l_1 (Ht_1 W_1^T W_1 - X^T W_1).
        X.timesTransposed(Hts[0], xHt0);
        X.transposeTimes(Ws[0], xtW0);
        gramOf(Ws[0], W0tW0);
        gramOf(Hts[0], H0H0t);
        difference(timesSmall(Ws[0], H0H0t, r0, gradW[0]).data, xHt0.data, 2 * weights[0]);
        difference(timesSmall(Hts[0], W0tW0, r0, gradH[0]).data, xtW0.data, 2 * weights[0]);
      }
      for (let i = 1; i < k; ++i) {
        const R = timesSmall(
          Hts[i],
          smallTranspose(Ws[i].data, Ws[i].rows, Ws[i].r, transposed[i]),
          Ws[i].rows,
          residuals[i]
        );
        const residual = R.data,
          above = Hts[i - 1].data;
        for (let j = 0; j < residual.length; ++j) residual[j] = above[j] - residual[j];
        const c = 2 * weights[i];
        const gWi = transposeTimes(R, Hts[i], gradW[i].data);
        for (let j = 0; j < gWi.length; ++j) gWi[j] *= -c;
        const gHi = timesSmall(R, Ws[i].data, Ws[i].r, gradH[i]).data;
        for (let j = 0; j < gHi.length; ++j) gHi[j] *= -c;
        const below = gradH[i - 1].data;
        for (let j = 0; j < below.length; ++j) below[j] += c * residual[j];
      }
      if (options.l1 > 0) for (let j = 0; j < gradients[0].length; ++j) gradients[0][j] += options.l1;
      if (options.cos > 0) addCosineGradient(Hts[k - 1], gramOf(Hts[k - 1], lastGram), options.cos, gradH[k - 1].data);
      return optimizer.step();
    }
  };
}

/** a <- c (a - b), in place. */
function difference(a: Float64Array, b: Float64Array, c: number): Float64Array {
  for (let i = 0; i < a.length; ++i) a[i] = c * (a[i] - b[i]);
  return a;
}

import type {DataOperator} from "../kernels/data.js";
import {dot, gramOf, smallTranspose, tall, timesSmall, transposeTimes, type Tall} from "../kernels/tall.js";
import {suffixProducts} from "./chain.js";
import {createOptimizer, type OptimizerOptions} from "./optimizer.js";
import {addCosineGradient} from "./penalties.js";
import type {Solver, SolverState} from "./solver.js";

export interface GradientOptions extends OptimizerOptions {
  l1: number;
  cos: number;
}

/**
 * Projected gradient (Adam or GD) on the global loss of Deep NMF,
 * `f = ||X - W_1 ... W_k H||_F^2 + l1 ||W_1||_1 + cos ||G - I||_F^2`,
 * with k = 1 giving plain NMF by gradient (the `adam` and `gd` models). The loss is the study's
 * sum of squares, without a factor 1/2, so learning rates and penalty weights mean what they meant there.
 *
 * With `Wc = W_1 ... W_k` (m x r_k) and `E = Wc H - X`:
 * `grad Wc = 2 (Wc H H^T - X H^T)`, `grad H^T = 2 (H^T Wc^T Wc - X^T Wc)`, and
 * `grad W_i = (W_1 ... W_{i-1})^T grad Wc (W_{i+1} ... W_k)^T`: only `X H^T` and `X^T Wc` touch X.
 */
export function deepGlobal(X: DataOperator, Ws: Tall[], Ht: Tall, options: GradientOptions): Solver {
  const k = Ws.length;
  const r = Ht.r;
  const optimizer = createOptimizer([...Ws, Ht], options);
  const xHt = tall(X.m, r),
    xtWc = tall(X.n, r),
    WcTWc = new Float64Array(r * r),
    HHt = new Float64Array(r * r);
  const gradWc = tall(X.m, r),
    gradHt = tall(X.n, r);
  let suffix: Float64Array[] = [];
  let Wc: Tall = Ws[0];
  let fresh = false; // whether Wc, xHt and the Grams belong to the current iterate

  function refresh(): void {
    if (fresh) return;
    suffix = suffixProducts(Ws);
    Wc = k === 1 ? Ws[0] : timesSmall(Ws[0], suffix[0], r, Wc === Ws[0] ? tall(X.m, r) : Wc);
    X.timesTransposed(Ht, xHt);
    gramOf(Wc, WcTWc);
    gramOf(Ht, HHt);
    fresh = true;
  }

  function evaluate(): SolverState {
    refresh();
    const error = Math.max(0, X.frobeniusSquared - 2 * dot(xHt.data, Wc.data) + dot(WcTWc, HHt));
    return {WtW: WcTWc, HHt, r, error};
  }

  return {
    factors: [...Ws, Ht],
    evaluate,
    step() {
      refresh();
      X.transposeTimes(Wc, xtWc);
      // grad Wc = 2 (Wc HHt - X Ht), grad Ht = 2 (Ht WcTWc - X^T Wc)
      timesSmall(Wc, HHt, r, gradWc);
      axpy(gradWc.data, xHt.data);
      timesSmall(Ht, WcTWc, r, gradHt);
      axpy(gradHt.data, xtWc.data);
      if (options.cos > 0) addCosineGradient(Ht, HHt, options.cos / 2, gradHt.data);
      const gradients = chainGradients(Ws, suffix, gradWc);
      gradients.push(gradHt.data);
      if (options.l1 > 0) addConstant(gradients[0], options.l1 / 2);
      for (const g of gradients) scale(g, 2);
      if (!optimizer.step(gradients)) return false;
      fresh = false;
      return true;
    }
  };
}

/** The gradient of each W_i from the gradient of the contracted Wc. */
export function chainGradients(Ws: Tall[], suffix: Float64Array[], gradWc: Tall): Float64Array[] {
  const k = Ws.length,
    r = gradWc.r;
  if (k === 1) return [gradWc.data.slice()];
  const gradients = [timesSmall(gradWc, smallTranspose(suffix[0], Ws[0].r, r), Ws[0].r).data];
  // T = (W_0 ... W_{i-1})^T grad Wc, carried down the chain (r_{i-1} x r).
  let T = tall(Ws[0].r, r, transposeTimes(Ws[0], gradWc));
  for (let i = 1; i < k; ++i) {
    gradients.push(timesSmall(T, smallTranspose(suffix[i], Ws[i].r, r), Ws[i].r).data);
    if (i < k - 1) T = tall(Ws[i].r, r, transposeTimes(Ws[i], T));
  }
  return gradients;
}

/** a <- a - b */
function axpy(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; ++i) a[i] -= b[i];
}

function addConstant(a: Float64Array, c: number): void {
  for (let i = 0; i < a.length; ++i) a[i] += c;
}

function scale(a: Float64Array, c: number): void {
  for (let i = 0; i < a.length; ++i) a[i] *= c;
}

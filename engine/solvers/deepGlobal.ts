import type {DenseLoss} from "../dense/denseLoss.js";
import {denseTimesTallInto, denseTransposeTimesTallInto, productInto} from "../dense/products.js";
import {stepProducts, type DataOperator} from "../kernels/data.js";
import {dot, gramOf, subtract, tall, timesSmall, transposeTimes, type Tall} from "../kernels/tall.js";
import {errorFromProducts} from "../metrics/productMetrics.js";
import {suffixProducts, transposeSuffixes} from "./chain.js";
import {createOptimizer, type OptimizerOptions} from "./optimizer.js";
import {addCosineGradient, penaltyValue} from "./penalties.js";
import type {GramsReady, Solver, SolverState} from "./solver.js";

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
 *
 * With a `dense` loss (weights, missing entries, a beta-divergence), `||X - M||^2` is replaced by
 * `D_w(X | M)` on the dense reconstruction M = Wc H: `grad Wc = G H^T` and `grad H^T = G^T Wc` with
 * G = dD_w/dM entry by entry (dense/denseLoss.ts); the chain and the penalties are the same.
 *
 * Every buffer is allocated here, once: a step allocates nothing.
 */
export function deepGlobal(
  X: DataOperator,
  startWs: Tall[],
  startHt: Tall,
  options: GradientOptions,
  dense?: DenseLoss
): Solver {
  const [k, r] = [startWs.length, startHt.r];
  const buffers = solverBuffers(X, startWs, startHt, options);
  const {optimizer, Ws, Ht, xHt, xtWc, Wc, gradWc, gradHt, WcTWc, HHt, suffix, chain} = buffers;
  // The dense reconstruction and its entry gradient, for a dense loss only.
  const M = dense ? new Float64Array(dense.m * dense.n) : undefined,
    G = dense ? new Float64Array(dense.m * dense.n) : undefined;
  let fresh = false; // whether Wc, xHt and the Grams belong to the current iterate
  let prepared = false; // whether grad Ht (with the dense loss, grad Wc too) belongs to the current iterate

  /** Wc = W_1 ... W_k. */
  function contract(): Tall {
    if (k > 1) timesSmall(Ws[0], suffixProducts(Ws, suffix)[0], r, Wc);
    return Wc;
  }

  function refresh(): void {
    if (fresh) return;
    if (M) (productInto(contract(), Ht, M), gramOf(Wc, WcTWc), gramOf(Ht, HHt));
    else stepProducts(X, {Ht, makeW: contract, xHt, xtW: xtWc, gramHt: HHt, gramW: WcTWc});
    fresh = true;
  }

  function evaluate(onGrams?: GramsReady): SolverState {
    refresh();
    onGrams?.(WcTWc, HHt, r);
    const error = dense
      ? dense.divergence(M!)
      : errorFromProducts(X.frobeniusSquared, dot(xHt.data, Wc.data), WcTWc, HHt);
    const objective = error + penaltyValue(Ws[0], HHt, r, options);
    return {WtW: WcTWc, HHt, r, Wc, Ht, ...(dense ? {} : {xtWc}), error, objective};
  }

  /**
   * The halved gradient of Ht of the current iterate (with the dense loss, grad Wc's too). The gradients
   * are halved: the steps double them as they read them (exact).
   */
  function htGradient(): void {
    if (dense) {
      // grad Wc = G Ht, grad Ht = G^T Wc with G the halved entry gradient.
      dense.halfGradient(M!, G!);
      denseTimesTallInto(G!, Ht, gradWc);
      denseTransposeTimesTallInto(G!, Wc, gradHt);
    } else {
      // grad Ht = Ht WcTWc - X^T Wc (halved).
      timesSmall(Ht, WcTWc, r, gradHt);
      subtract(gradHt.data, xtWc.data);
    }
    if (options.cos > 0) addCosineGradient(Ht, HHt, options.cos / 2, gradHt.data);
  }

  /** The halved gradients of the W_i of the current iterate, from grad Wc. */
  function layerGradients(): void {
    // grad Wc = Wc HHt - X Ht (halved; the dense loss's comes with grad Ht).
    if (!dense) (timesSmall(Wc, HHt, r, gradWc), subtract(gradWc.data, xHt.data));
    if (k > 1) chainGradients(Ws, suffix, gradWc, chain);
    if (options.l1 > 0) addConstant(optimizer.gradients[0], options.l1 / 2);
  }

  /** One step with the dense loss: every gradient, then every parameter. */
  function denseStep(): boolean {
    layerGradients();
    fresh = false; // (recomputed the same if the step changes nothing)
    return optimizer.step(2);
  }

  /**
   * One step with the Frobenius loss, which also computes the products of the new iterate: Ht moves first,
   * then the operator's threads start on the new `X Ht` while this thread computes the W_i's gradients
   * (from the current iterate's products, which makeW reads before they are overwritten), moves the W_i and
   * contracts them (stepProducts' makeW). A W_i's gradient that is not finite abandons the step: Ht and
   * its moments are put back, and the products are computed again before they are read.
   */
  function frobeniusStep(): boolean {
    if (!optimizer.finite(2, k, k + 1)) return false;
    const restore = optimizer.save(k, k + 1);
    optimizer.begin(2);
    optimizer.update(k, k + 1);
    fresh = false;
    const makeW = (): Tall => {
      layerGradients();
      if (!optimizer.finite(2, 0, k)) throw ABANDONED;
      optimizer.update(0, k);
      return contract();
    };
    try {
      stepProducts(X, {Ht, makeW, xHt, xtW: xtWc, gramHt: HHt, gramW: WcTWc});
    } catch (error) {
      if (error !== ABANDONED) throw error;
      restore();
      return false;
    }
    fresh = true;
    return true;
  }

  return {
    factors: [...Ws, Ht],
    evaluate,
    prepare() {
      refresh();
      htGradient();
      prepared = true;
    },
    step() {
      if (!prepared) (refresh(), htGradient());
      prepared = false;
      return dense ? denseStep() : frobeniusStep();
    }
  };
}

/**
 * The optimizer, which keeps the factors and their gradients (in WebAssembly memory with Adam; the solver
 * works on its copies), and the solver's own buffers, kept with them: the products with X, Wc and grad Wc,
 * the Grams, the chain's r_i x r matrices.
 */
function solverBuffers(X: DataOperator, startWs: Tall[], startHt: Tall, options: OptimizerOptions) {
  const k = startWs.length,
    r = startHt.r;
  const chainSizes = startWs.map((W) => W.r * r);
  const contracted = k === 1 ? 0 : X.m * r;
  const optimizer = createOptimizer([...startWs, startHt], options, [
    ...[X.m * r, X.n * r, contracted, contracted, r * r, r * r],
    ...[...chainSizes, ...chainSizes, ...chainSizes]
  ]);
  const Ws = optimizer.params.slice(0, k);
  const [xHt, xtWc, wc, gradWc, WcTWc, HHt, ...chainBuffers] = optimizer.workspace;
  // The gradients are in the optimizer's order W_1 ... W_k, Ht; grad Wc is grad W_1 when k = 1.
  const chain = chainWorkspace(Ws, optimizer.gradients, {
    suffixT: chainBuffers.slice(k, 2 * k),
    carried: chainBuffers.slice(2 * k)
  });
  return {
    optimizer,
    Ws,
    Ht: optimizer.params[k],
    xHt: tall(X.m, r, xHt),
    xtWc: tall(X.n, r, xtWc),
    Wc: k === 1 ? Ws[0] : tall(X.m, r, wc),
    gradWc: k === 1 ? chain.gradients[0] : tall(X.m, r, gradWc),
    gradHt: tall(X.n, r, optimizer.gradients[k]),
    WcTWc,
    HHt,
    suffix: chainBuffers.slice(0, k),
    chain
  };
}

/** Thrown by a step's makeW, and caught by the step, when a W_i's gradient is not finite. */
const ABANDONED = new Error("a gradient of a W_i is not finite");

/**
 * Buffers of `chainGradients`: the gradient of each W_i (in `gradients` when given, for example the
 * optimizer's), the transposed suffixes, and the carried products.
 */
export interface ChainWorkspace {
  gradients: Tall[];
  suffixT: Float64Array[];
  carried: Tall[];
}

export function chainWorkspace(
  Ws: Tall[],
  gradients?: Float64Array[],
  given?: {suffixT: Float64Array[]; carried: Float64Array[]}
): ChainWorkspace {
  const last = Ws[Ws.length - 1].r;
  return {
    gradients: Ws.map((W, i) => tall(W.rows, W.r, gradients?.[i])),
    suffixT: Ws.map((W, i) => given?.suffixT[i] ?? new Float64Array(W.r * last)),
    carried: Ws.map((W, i) => tall(W.r, last, given?.carried[i]))
  };
}

/**
 * The gradient of each W_i from the gradient of the contracted Wc, into `work.gradients`:
 * `grad W_i = T_{i-1} suffix[i]^T` with `T_{i-1} = (W_0 ... W_{i-1})^T grad Wc`, carried down the chain.
 */
export function chainGradients(
  Ws: Tall[],
  suffix: Float64Array[],
  gradWc: Tall,
  work: ChainWorkspace = chainWorkspace(Ws)
): Tall[] {
  const k = Ws.length;
  const {gradients, suffixT, carried} = work;
  if (k === 1) {
    if (gradients[0] !== gradWc) gradients[0].data.set(gradWc.data);
    return gradients;
  }
  transposeSuffixes(Ws, suffix, suffixT);
  timesSmall(gradWc, suffixT[0], Ws[0].r, gradients[0]);
  // T = (W_0 ... W_{i-1})^T grad Wc (r_{i-1} x r).
  let T = carried[0];
  transposeTimes(Ws[0], gradWc, T.data);
  for (let i = 1; i < k; ++i) {
    timesSmall(T, suffixT[i], Ws[i].r, gradients[i]);
    if (i < k - 1) {
      transposeTimes(Ws[i], T, carried[i].data);
      T = carried[i];
    }
  }
  return gradients;
}

function addConstant(a: Float64Array, c: number): void {
  for (let i = 0; i < a.length; ++i) a[i] += c;
}

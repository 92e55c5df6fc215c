import {betaLossOption, type BetaLoss} from "./betaLoss.js";
import type {DenseLoss} from "./dense/denseLoss.js";
import {fitLoss} from "./dense/fitLoss.js";
import {denseTimesTallInto, productInto} from "./dense/products.js";
import {InputError} from "./errors.js";
import {dataOperator} from "./kernels/data.js";
import {dot, gramOf, tall, timesSmall, type Tall} from "./kernels/tall.js";
import type {Matrix} from "./matrix.js";
import {denseMultiplicativeUpdates} from "./solvers/denseMultiplicative.js";
import {halsSweeps} from "./solvers/hals.js";
import {weightedHals} from "./solvers/weightedHals.js";
import {nonNegative, positiveInteger} from "./validate.js";

export interface TransformOptions {
  /** The divergence (default frobenius); KL and IS are solved by multiplicative updates. */
  betaLoss?: BetaLoss;
  /** NaN entries of X are missing (weight 0). */
  missing?: boolean;
  /** Entry weights of X (non-negative, finite, X's shape). */
  weights?: Matrix;
  /** The tolerance of the stopping rule (default 1e-4; see `transform`). */
  tol?: number;
  /** The most iterations (default 1000). */
  maxIter?: number;
}

export interface TransformResult {
  /** The coefficients W (m x r), W >= 0. */
  W: Matrix;
  iterations: number;
  /** Whether the tolerance was reached within maxIter. */
  converged: boolean;
  /** The rule's quantity at the end, compared with tol (see `transform`). */
  stopValue: number;
  /** Which rule: the projected gradient's norm (Frobenius) or scikit-learn's relative decrease (KL, IS). */
  stopRule: "projected-gradient" | "relative-decrease";
  /** The loss at W: `||X - W H||^2`, or `D_w(X | W H)` (engine/dense/denseLoss.ts). */
  error: number;
  /** error over ||X||^2, or over the dense loss's reference (fit's relativeError). */
  relativeError: number;
  betaLoss: BetaLoss;
}

/**
 * The coefficients of new rows X (m x n) against fixed signatures H (r x n):
 * `min_{W >= 0} ||X - W H||_F^2`, or the weighted / missing-value / beta-divergence loss of `fit`.
 * Each row is a non-negative least squares problem. Frobenius: HALS sweeps over W's columns (exact
 * coordinate minimization; weighted HALS with weights or missing entries). KL and IS: scikit-learn's
 * multiplicative updates with H fixed. W starts at scikit-learn's `sqrt(mean(X) / r)` everywhere.
 *
 * Stopping rules, after at most `maxIter` iterations:
 * - Frobenius (`projected-gradient`): the norm of the projected gradient (Lin, "Projected gradient
 *   methods for nonnegative matrix factorization", Neural Computation 2007), `PG_ik = g_ik` where
 *   `W_ik > 0`, else `min(0, g_ik)`, zero exactly at the optimum (its KKT conditions), falls to `tol`
 *   times its value at the start. HALS sets entries to exactly 0, so the rule is reached.
 * - KL and IS (`relative-decrease`): scikit-learn's rule for its MU, checked every 10 iterations:
 *   `(e_prev - e) / e_0 < tol` with `e = sqrt(2 D)`. Multiplicative updates only approach 0, so the
 *   projected gradient would not fall; this rule makes `transform` stop where scikit-learn's does.
 */
export function transform(X: Matrix, H: Matrix, options: TransformOptions = {}): TransformResult {
  const betaLoss = betaLossOption(options.betaLoss);
  const tol = nonNegative("tol", options.tol ?? 1e-4);
  const maxIter = positiveInteger("maxIter", options.maxIter ?? 1000);
  const {X: data, dense} = fitLoss(X, options);
  checkComponents(data, H);
  const r = H.rows,
    m = data.rows;
  const Ht = tall(H.cols, r);
  for (let k = 0; k < r; ++k) for (let j = 0; j < H.cols; ++j) Ht.data[j * r + k] = H.data[k * H.cols + j];
  let mean = 0;
  for (const v of data.data) mean += v;
  const W = tall(m, r, new Float64Array(m * r).fill(Math.sqrt(mean / data.data.length / r)));
  const problem = dense ? denseProblem(dense, W, Ht) : plainProblem(data, W, Ht);
  const rule = betaLoss === "frobenius" ? projectedGradientRule(problem) : relativeDecreaseRule(problem);
  let iterations = 0,
    value = rule.value(0);
  while (value > tol && iterations < maxIter) {
    problem.step();
    ++iterations;
    value = rule.value(iterations);
  }
  const error = problem.error();
  const W32 = {rows: m, cols: r, data: Float32Array.from(W.data)};
  return {
    W: W32,
    iterations,
    converged: value <= tol,
    stopValue: value,
    stopRule: betaLoss === "frobenius" ? "projected-gradient" : "relative-decrease",
    error,
    relativeError: error / problem.reference,
    betaLoss
  };
}

function checkComponents(X: Matrix, H: Matrix): void {
  if (H.cols !== X.cols)
    throw new InputError("components", `${H.rows} x ${H.cols}`, `need one column per column of the data (${X.cols})`);
  if (!(H.rows >= 1)) throw new InputError("components", `${H.rows} x ${H.cols}`, "need at least one row");
  if (!H.data.every((v) => v >= 0 && v < Infinity))
    throw new InputError("components", "a negative or non-finite entry", "components must be finite and non-negative");
}

interface Problem {
  step(): void;
  projectedGradientNorm(): number;
  error(): number;
  reference: number;
}

/** ||X - W H||^2 on every entry: X H^T and H H^T once, then HALS sweeps on m x r numbers. */
function plainProblem(X: Matrix, W: Tall, Ht: Tall): Problem {
  const operator = dataOperator(X);
  const r = W.r;
  const XHt = operator.timesTransposed(Ht, tall(X.rows, r));
  const HHt = gramOf(Ht);
  const gradient = tall(X.rows, r);
  return {
    reference: operator.frobeniusSquared,
    step: () => halsSweeps(W, XHt, HHt, 1),
    projectedGradientNorm() {
      timesSmall(W, HHt, r, gradient);
      for (let k = 0; k < gradient.data.length; ++k) gradient.data[k] -= XHt.data[k];
      return projectedNorm(W, gradient);
    },
    error: () => Math.max(0, operator.frobeniusSquared - 2 * dot(XHt.data, W.data) + dot(gramOf(W), HHt))
  };
}

/** The dense loss: weighted HALS (Frobenius) or multiplicative updates (KL, IS) on W alone. */
function denseProblem(loss: DenseLoss, W: Tall, Ht: Tall): Problem {
  const solver =
    loss.beta === 2 ? weightedHals(loss, W, Ht, {W: 1, H: 0}) : denseMultiplicativeUpdates(loss, W, Ht, false);
  const M = new Float64Array(loss.m * loss.n),
    G = new Float64Array(loss.m * loss.n);
  const gradient = tall(W.rows, W.r);
  return {
    reference: loss.reference,
    step: () => void solver.step(),
    projectedGradientNorm() {
      loss.halfGradient(productInto(W, Ht, M), G);
      return projectedNorm(W, denseTimesTallInto(G, Ht, gradient));
    },
    error: () => solver.evaluate().error
  };
}

/** ||PG(W)|| / ||PG(W_0)|| (0 when the start is optimal). */
function projectedGradientRule(problem: Problem) {
  const start = problem.projectedGradientNorm();
  return {
    value: (iteration: number) => (start > 0 ? (iteration === 0 ? 1 : problem.projectedGradientNorm() / start) : 0)
  };
}

/**
 * scikit-learn's MU rule: every 10 iterations, (e_prev - e) / e_0 with e = sqrt(2 D); in between, the
 * last value checked (Infinity before the first check).
 */
function relativeDecreaseRule(problem: Problem) {
  const initial = Math.sqrt(2 * problem.error());
  let previous = initial,
    last = Infinity;
  return {
    value(iteration: number): number {
      if (iteration === 0 || iteration % 10 !== 0) return last;
      const e = Math.sqrt(2 * problem.error());
      last = (previous - e) / initial;
      previous = e;
      return last;
    }
  };
}

/** ||PG||_F with PG = g where W > 0, min(0, g) where W = 0. */
function projectedNorm(W: Tall, gradient: Tall): number {
  let sum = 0;
  for (let k = 0; k < W.data.length; ++k) {
    const g = gradient.data[k];
    const p = W.data[k] > 0 ? g : Math.min(0, g);
    sum += p * p;
  }
  return Math.sqrt(sum);
}

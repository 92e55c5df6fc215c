import type {DenseLoss} from "./dense/denseLoss.js";
import {fitLoss} from "./dense/fitLoss.js";
import {dataOperator, type DataOperator} from "./kernels/data.js";
import {tall, type Tall} from "./kernels/tall.js";
import {startingFactors} from "./init/starting.js";
import {matrix, type Matrix} from "./matrix.js";
import {
  alignmentMeter,
  modesLearned,
  productMetrics,
  type ProductMetrics,
  type ProductMetricsThread
} from "./metrics/index.js";
import {leadingSvd, type SingularVectors} from "./linalg/index.js";
import {createPlateauMonitor, detectPlateaus} from "./plateaus.js";
import {deepGlobal} from "./solvers/deepGlobal.js";
import {deepLayerwise} from "./solvers/deepLayerwise.js";
import {denseMultiplicativeUpdates} from "./solvers/denseMultiplicative.js";
import {weightedHals} from "./solvers/weightedHals.js";
import {hals, halsInnerSweeps} from "./solvers/hals.js";
import {multiplicativeUpdates} from "./solvers/multiplicative.js";
import type {Solver, SolverState} from "./solvers/solver.js";
import {divergenceWatch} from "./stopRules.js";
import {TrajectoryRecorder} from "./trajectory.js";
import type {FitOptions, FitResult, StepRecord, StopReason} from "./types.js";
import {normalizeOptions, type NormalizedOptions} from "./validate.js";

export interface FitContext {
  /** Singular values of X (descending; at least topK of them), for the mode alignment. Computed when absent. */
  dataSingularValues?: Float64Array;
  /**
   * X's leading singular vector pairs (at least topK, or all min(m, n)), for the mode alignment, from
   * the same decomposition as `dataSingularValues` (dataReference's `singularVectors`), so that runs
   * on the same X do not recompute them. When absent or too few, one decomposition of X gives both.
   */
  dataSingularVectors?: SingularVectors;
  /**
   * The products with X, when the caller has a faster operator for this same X (for example
   * parallel/operator.ts, threads over shared memory in Node). Default: `dataOperator(X)`.
   */
  dataOperator?: DataOperator;
  /**
   * Another thread for the spectrum of each recorded step (parallel/operator.ts `productMetricsThread`):
   * this one computes the alignment and the next step's gradients meanwhile. Same results without it.
   */
  productMetricsThread?: ProductMetricsThread;
}

/**
 * Fits `X ~ W1 ... Wk H` with the chosen model. One loop for every model: it validates, initializes,
 * dispatches the update rule, records the metrics every `recordEvery` steps (step 0 is the init,
 * the last step is always recorded), and stops on the iteration budget, the tolerance, an
 * effective-rank plateau, the deadline, the abort signal, or a non-finite update (a divergence
 * keeps the trajectory and the factors of the last finite iterate).
 *
 * With `missing`, `weights` or a `betaLoss` other than frobenius the solvers work on the dense
 * reconstruction (engine/dense/): the error recorded is the loss on the observed entries, relative to
 * `errorMeasure.reference`; X's spectrum, the initialization and the data operator see X with its
 * missing entries set to 0. The spectral metrics are those of the product, exact as always.
 */
export function fit(input: Matrix, options: FitOptions, context: FitContext = {}): FitResult {
  const {X, dense, errorMeasure} = fitLoss(input, options);
  const o = normalizeOptions(X, options);
  const start = performance.now();
  const operator = context.dataOperator ?? dataOperator(X, {precision: o.precision});
  if (operator.m !== X.rows || operator.n !== X.cols)
    throw new RangeError(`dataOperator is ${operator.m} x ${operator.n}, data ${X.rows} x ${X.cols}`);
  if (operator.precision !== o.precision)
    throw new RangeError(`dataOperator computes in ${operator.precision}, the options ask for ${o.precision}`);
  const data = dataSpectrum(X, o.topK, context);
  const alignment = alignmentMeter(data.vectors, data.values, o.topK, X.rows, X.cols, o.ranks[o.ranks.length - 1]);
  const factors = tallStartingFactors(X, options, o);
  const solver = createSolver(operator, factors, o, X, dense);
  // What relative errors are divided by, and the scale of the divergence rules: ||X||^2, or the dense loss's reference.
  const reference = dense?.reference ?? operator.frobeniusSquared;
  const recorder = new TrajectoryRecorder(o.topK);
  const monitor = options.earlyStop ? createPlateauMonitor(options.earlyStop) : undefined;
  const currentFactors = () => outputFactors(solver, o.ranks.length);
  const watch = divergenceWatch(reference);

  const spectra = spectrumSource(solver, o.topK, context.productMetricsThread);
  /** Records `state`; with a metrics thread, also prepares the next step while it computes the spectrum. */
  const record = (step: number, state: SolverState, next = false): StepRecord => {
    watch.recorded(step, state.error, state.WtW, state.HHt, state.r);
    const spectrum = spectra.started(state);
    const a = alignment(state.Wc, state.Ht, state.xtWc);
    if (spectrum && next) solver.prepare?.();
    const metrics = spectrum ? spectrum() : productMetrics(state.WtW, state.HHt, state.r, o.topK);
    const rec: StepRecord = {
      step,
      timeMs: performance.now() - start,
      relativeError: state.error / reference,
      error: state.error,
      objective: state.objective,
      effectiveRank: metrics.effectiveRank,
      nuclearRatio: metrics.nuclearRatio,
      stableRank: metrics.stableRank,
      modesLearned: modesLearned(a),
      cosineSeparation: metrics.cosineSeparation,
      singularValues: metrics.singularValues,
      modeAlignment: a
    };
    recorder.push(rec);
    options.onRecord?.(rec, currentFactors);
    return rec;
  };

  let last = record(0, spectra.evaluate(), o.iterations > 0);
  let step = 0;
  let stopReason: StopReason = "iterations";
  let divergedAt: number | undefined;
  let divergence: FitResult["divergence"];
  while (step < o.iterations) {
    if (options.signal?.aborted) {
      stopReason = "aborted";
      break;
    }
    if (performance.now() - start > o.deadlineMs) {
      stopReason = "deadline";
      break;
    }
    if (!solver.step()) {
      ((stopReason = "diverged"), (divergedAt = step + 1), (divergence = "non-finite"));
      break;
    }
    ++step;
    options.onStep?.(step);
    if (step % o.recordEvery !== 0 && step !== o.iterations) continue;
    const state = spectra.evaluate();
    const diverged = watch.check(state.error);
    if (diverged) {
      ((stopReason = "diverged"), (divergedAt = step), (divergence = diverged));
      break;
    }
    const previous = last;
    last = record(step, state, step < o.iterations);
    if (watch.collapsed(step)) break;
    if (o.tol > 0 && previous.error - last.error >= 0 && previous.error - last.error <= o.tol * previous.error) {
      stopReason = "tolerance";
      break;
    }
    if (monitor?.push(step, last.effectiveRank, last.error).stop) {
      stopReason = "plateau";
      break;
    }
  }
  // A run stopped between two recorded steps still records where it stopped.
  if (step !== last.step && stopReason !== "diverged") last = record(step, spectra.evaluate());
  if (watch.zeroSince !== undefined && stopReason !== "diverged")
    ((stopReason = "diverged"), (divergedAt = watch.zeroSince), (divergence = "collapse"));

  const trajectory = recorder.finish();
  return {
    options: {
      model: o.model,
      ranks: o.ranks,
      iterations: o.iterations,
      lr: o.lr,
      init: o.init,
      initScale: o.initScale,
      seed: o.seed,
      loss: o.loss,
      precision: o.precision
    },
    factors: outputFactors(solver, o.ranks.length),
    trajectory,
    plateaus: detectPlateaus(trajectory.step, trajectory.effectiveRank),
    iterations: step,
    stopReason,
    ...(divergedAt === undefined ? {} : {divergedAt, divergence}),
    ...(errorMeasure ? {errorMeasure} : {}),
    wallMs: performance.now() - start
  };
}

/**
 * Where a record's spectrum comes from. With a metrics thread, `evaluate` has the solver start it there
 * as soon as the iterate's Grams are final (Solver.evaluate's onGrams) and `started(state)` returns the
 * function that waits for it (started now if the solver did not); without one, `started` returns
 * undefined and the record computes it on this thread.
 */
function spectrumSource(solver: Solver, topK: number, thread?: ProductMetricsThread) {
  let started: (() => ProductMetrics) | undefined;
  const onGrams = thread
    ? (WtW: Float64Array, HHt: Float64Array, r: number) => void (started = thread(WtW, HHt, r, topK))
    : undefined;
  return {
    evaluate: (): SolverState => ((started = undefined), solver.evaluate(onGrams)),
    started(state: SolverState): (() => ProductMetrics) | undefined {
      const spectrum = started ?? thread?.(state.WtW, state.HHt, state.r, topK);
      started = undefined;
      return spectrum;
    }
  };
}

/** X's singular values and its first topK singular pairs: the context's, else one decomposition of X. */
function dataSpectrum(X: Matrix, topK: number, context: FitContext): {values: Float64Array; vectors: SingularVectors} {
  const needed = Math.min(topK, X.rows, X.cols);
  const given = context.dataSingularVectors;
  if (context.dataSingularValues && given && given.count >= needed)
    return {values: context.dataSingularValues, vectors: given};
  const svd = leadingSvd(X, needed);
  return {values: context.dataSingularValues ?? svd.singularValues, vectors: svd.vectors};
}

/** Tall float64 working copies of the starting factors: W1 ... Wk, Ht, then the hidden Ht_1 ... Ht_{k-1}. */
function tallStartingFactors(X: Matrix, options: FitOptions, o: NormalizedOptions): Tall[] {
  const layerwise = o.model === "deep" && o.loss === "layerwise";
  const {Ws, H, hidden} = startingFactors(X, {...o, layerwise}, options.initialFactors);
  return [...Ws.map(toTall), transposeToTall(H), ...hidden.map(transposeToTall)];
}

function createSolver(
  operator: ReturnType<typeof dataOperator>,
  factors: Tall[],
  o: NormalizedOptions,
  X: Matrix,
  dense: DenseLoss | undefined
): Solver {
  const k = o.ranks.length;
  const gradient = {kind: o.optimizer, lr: o.lr, beta1: o.beta1, beta2: o.beta2, l1: o.l1, cos: o.cos};
  switch (o.model) {
    case "mu":
      if (dense) return denseMultiplicativeUpdates(dense, factors[0], factors[1]);
      return multiplicativeUpdates(operator, factors[0], factors[1]);
    case "hals":
      // One sweep per factor by default: a weighted sweep costs as much as the products it would amortize.
      if (dense) return weightedHals(dense, factors[0], factors[1], {W: o.innerSweeps ?? 1, H: o.innerSweeps ?? 1});
      return hals(operator, factors[0], factors[1], halsInnerSweeps(X, o.ranks[0], o.innerSweeps));
    case "adam":
    case "gd":
      return deepGlobal(operator, [factors[0]], factors[1], gradient, dense);
    case "deep":
      if (o.loss === "layerwise")
        return deepLayerwise(
          operator,
          factors.slice(0, k),
          [...factors.slice(k + 1), factors[k]],
          o.layerWeights,
          gradient,
          dense
        );
      return deepGlobal(operator, factors.slice(0, k), factors[k], gradient, dense);
  }
}

/** W1 ... Wk and H as float32 matrices (H transposed back from Ht). */
function outputFactors(solver: Solver, k: number): Matrix[] {
  const f = solver.factors;
  return [...f.slice(0, k).map((W) => matrix(W.rows, W.r, Float32Array.from(W.data))), fromTransposed(f[k])];
}

function toTall(a: Matrix): Tall {
  return tall(a.rows, a.cols, Float64Array.from(a.data));
}

function transposeToTall(a: Matrix): Tall {
  const out = tall(a.cols, a.rows);
  for (let i = 0; i < a.rows; ++i) for (let j = 0; j < a.cols; ++j) out.data[j * a.rows + i] = a.data[i * a.cols + j];
  return out;
}

function fromTransposed(t: Tall): Matrix {
  const out = matrix(t.r, t.rows);
  for (let j = 0; j < t.rows; ++j) for (let i = 0; i < t.r; ++i) out.data[i * t.rows + j] = t.data[j * t.r + i];
  return out;
}

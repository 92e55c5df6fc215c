import {fit} from "./fit.js";
import {multiply, type Matrix} from "./matrix.js";
import {createRandom} from "./random.js";
import {lastRecord} from "./trajectory.js";
import type {FitOptions} from "./types.js";

/** The settings of a rank selection by held-out entries (`nmf rank`, the experiment rank-selection). */
export interface RankSelectionOptions {
  ranks: number[];
  folds: number;
  /** Fraction of the observed entries held out in each fold. */
  holdout: number;
  seed: number;
  /** The fit of each rank and fold, without ranks, missing and seed (given here). */
  fit: Omit<FitOptions, "ranks" | "missing" | "seed">;
  /**
   * Earlier steps of each fit at which the held-out error is also measured (each a multiple of the fit's
   * `recordEvery` and at most its iterations): what the selection would have seen had the fits stopped there.
   */
  checkpoints?: readonly number[];
  /** Called after each fit, for progress. */
  onFit?: (rank: number, fold: number) => void;
}

/** The errors of every fold at one checkpoint step. */
export interface CheckpointErrors {
  step: number;
  heldOutErrors: number[];
  trainErrors: number[];
}

export interface RankScore {
  rank: number;
  /** Mean over the folds of the relative error on the held-out entries: sum (M - X)^2 / sum X^2 over them. */
  heldOutError: number;
  /** Standard error of that mean: the sample standard deviation over the folds over sqrt(folds). */
  standardError: number;
  /** Mean over the folds of the relative error on the entries the fit saw. */
  trainError: number;
  /** Each fold's held-out error. */
  foldErrors: number[];
  /** Each fold's error on the entries the fit saw. */
  foldTrainErrors: number[];
  /** The folds' errors at each of `checkpoints`, in their order (empty without checkpoints). */
  checkpoints: CheckpointErrors[];
}

export const ONE_STANDARD_ERROR_RULE =
  "the smallest rank whose mean held-out error is within one standard error of the lowest mean (the one-standard-error rule, Hastie, Tibshirani and Friedman, The Elements of Statistical Learning, 2009, section 7.10)";

/**
 * Chooses the rank of X by the error on held-out entries: each fold hides a seeded random share
 * `holdout` of the observed entries (independent draws per fold: repeated random sub-sampling), fits
 * every rank to the rest as missing values (fit's `missing`), and scores the reconstruction on the
 * hidden entries. The rank chosen is the one-standard-error rule's. Entries already missing (NaN)
 * are never held out nor scored. Every fit of a fold starts from the same seed.
 */
export function selectRank(X: Matrix, options: RankSelectionOptions): {selectedRank: number; ranks: RankScore[]} {
  const checkpoints = checkedCheckpoints(options);
  const random = createRandom(options.seed);
  const masks = Array.from({length: options.folds}, () => holdoutMask(X, options.holdout, random));
  const ranks = options.ranks.map((rank) => {
    const held: number[] = [],
      train: number[] = [];
    const atCheckpoints: CheckpointErrors[] = checkpoints.map((step) => ({step, heldOutErrors: [], trainErrors: []}));
    masks.forEach((mask, fold) => {
      const data = X.data.map((v, k) => (mask[k] ? NaN : v));
      const onRecord = (record: {step: number; relativeError: number}, factors: () => Matrix[]) => {
        const at = atCheckpoints.find((c) => c.step === record.step);
        if (!at) return;
        at.heldOutErrors.push(heldOutError(X, mask, factors()));
        at.trainErrors.push(record.relativeError);
      };
      const result = fit(
        {rows: X.rows, cols: X.cols, data},
        {...options.fit, ranks: [rank], missing: true, seed: options.seed, ...(checkpoints.length ? {onRecord} : {})}
      );
      if (result.stopReason === "diverged")
        throw new Error(
          `the fit at rank ${rank}, fold ${fold + 1} diverged (${result.divergence}): try another --model or --seed`
        );
      held.push(heldOutError(X, mask, result.factors));
      train.push(lastRecord(result.trajectory).relativeError);
      for (const at of atCheckpoints)
        if (at.heldOutErrors.length !== fold + 1)
          throw new Error(`the fit at rank ${rank} never recorded step ${at.step}`);
      options.onFit?.(rank, fold);
    });
    return {
      rank,
      ...meanAndError(held),
      trainError: mean(train),
      foldErrors: held,
      foldTrainErrors: train,
      checkpoints: atCheckpoints
    };
  });
  return {selectedRank: oneStandardError(ranks), ranks};
}

/** The checkpoint steps, checked against the fit's iterations and recording. */
function checkedCheckpoints(options: RankSelectionOptions): number[] {
  const steps = options.checkpoints ?? [];
  const iterations = options.fit.iterations;
  const every = options.fit.recordEvery ?? 1;
  for (const step of steps)
    if (!(
      Number.isInteger(step) &&
      step >= 1 &&
      (iterations === undefined || step <= iterations) &&
      step % every === 0
    ))
      throw new RangeError(
        `invalid checkpoint: ${step} (expected a step of the fit, a multiple of recordEvery ${every}, at most ${iterations})`
      );
  return [...new Set(steps)].sort((a, b) => a - b);
}

/** The one-standard-error rule over scored ranks. */
export function oneStandardError(scores: Pick<RankScore, "rank" | "heldOutError" | "standardError">[]): number {
  const best = scores.reduce((a, b) => (b.heldOutError < a.heldOutError ? b : a));
  const within = scores.filter((s) => s.heldOutError <= best.heldOutError + best.standardError);
  return Math.min(...within.map((s) => s.rank));
}

/** A seeded mask (1: held out) of a share `holdout` of X's observed entries, at least one, never all. */
function holdoutMask(X: Matrix, holdout: number, random: () => number): Uint8Array {
  const mask = new Uint8Array(X.data.length);
  let held = 0,
    observed = 0;
  for (let k = 0; k < mask.length; ++k) {
    if (Number.isNaN(X.data[k])) continue;
    ++observed;
    if (random() < holdout) ((mask[k] = 1), ++held);
  }
  if (held === 0 || held === observed)
    throw new Error(
      `a fold held out ${held} of ${observed} observed entries: choose a --holdout that leaves some of each`
    );
  return mask;
}

function heldOutError(X: Matrix, mask: Uint8Array, factors: Matrix[]): number {
  const M = factors.reduce((a, b) => multiply(a, b)).data;
  let error = 0,
    norm = 0;
  for (let k = 0; k < mask.length; ++k) if (mask[k]) ((error += (M[k] - X.data[k]) ** 2), (norm += X.data[k] ** 2));
  return norm > 0 ? error / norm : error;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The mean and its standard error (0 for one fold). */
export function meanAndError(values: readonly number[]): {heldOutError: number; standardError: number} {
  const m = mean(values);
  const k = values.length;
  const variance = k > 1 ? values.reduce((a, v) => a + (v - m) ** 2, 0) / (k - 1) : 0;
  return {heldOutError: m, standardError: Math.sqrt(variance / k)};
}

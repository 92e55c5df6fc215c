import {runConvergence} from "../tables.js";
import type {Trajectory} from "../../engine/index.js";
import {firstCrossing, linearFit, mean} from "../measures.js";
import type {CompletedRun} from "../types.js";
import type {Claim} from "./claim.js";
import {mostRuns} from "./rules.js";

/**
 * The study's Fig. 1 claim, measured by alignment: mode i of X (X = sum s_i u_i v_i^T) is learned
 * when M carries at least half of its energy along that pair, |u_i^T M v_i| >= s_i / 2 (the
 * trajectory's `modeAlignment`, engine/metrics/alignment.ts). Beside it, the same rule on sorted
 * spectra, s_i(M) >= s_i(X) / 2, which a large random start passes without any alignment.
 */

/** How many leading modes the claim reads (the study's figure shows six). */
export const ORDER_MODES = 6;

/** When each of the first `count` modes is learned, by alignment and by sorted spectra (NaN: never). */
export interface ModeHalfTime {
  mode: number;
  dataValue: number;
  alignmentHalfTime: number;
  spectrumHalfTime: number;
}

export function modeHalfTimes(t: Trajectory, sX: ArrayLike<number>, count: number): ModeHalfTime[] {
  const k = t.topK;
  return Array.from({length: Math.min(count, k, sX.length)}, (_, i) => ({
    mode: i + 1,
    dataValue: sX[i],
    alignmentHalfTime: firstCrossing(t.step, (row) => Math.abs(t.modeAlignment[row * k + i]), 0.5),
    spectrumHalfTime: firstCrossing(t.step, (row) => t.singularValues[row * k + i], 0.5 * sX[i])
  }));
}

/** All `times` reached and non-decreasing (the modes learned in the order of X's). */
export function learnedInOrder(times: readonly number[]): boolean {
  return times.every((t, i) => Number.isFinite(t) && (i === 0 || t >= times[i - 1]));
}

/** A line through the half-times of modes 2 and up against 1 / s_i (mode 1, the mean image, is learned at once from a positive start). */
export function halfTimeFit(times: readonly ModeHalfTime[]): {
  count: number;
  slope: number;
  intercept: number;
  r2: number;
  share: number;
} {
  const points = times.filter((t) => t.mode > 1 && Number.isFinite(t.alignmentHalfTime));
  if (points.length < 2) return {count: points.length, slope: NaN, intercept: NaN, r2: NaN, share: NaN};
  const fit = linearFit(
    points.map((p) => 1 / p.dataValue),
    points.map((p) => p.alignmentHalfTime)
  );
  return {count: points.length, ...fit, share: Math.abs(fit.intercept) / mean(points.map((p) => p.alignmentHalfTime))};
}

export interface SingularValuesInput {
  runs: {run: CompletedRun; times: ModeHalfTime[]}[];
}

export function singularValuesInput(runs: readonly CompletedRun[]): SingularValuesInput {
  return {
    runs: runs.map((run) => ({
      run,
      times: modeHalfTimes(run.output.trajectory, run.data.reference.singularValues, ORDER_MODES)
    }))
  };
}

export const singularValuesClaims: Claim<SingularValuesInput>[] = [
  {
    id: "order",
    experiment: "singular-values",
    statement: "The singular values of M emerge one after another, in the order of X's.",
    source: "the study, report Fig. 1 (section 3.2)",
    tag: "study",
    quantity: `share of runs (W1 W2 H and W H) whose first ${ORDER_MODES} modes are all learned, in the order of X's singular values (by alignment)`,
    runs: "Deep NMF (20, 10) and W H at rank 10 from uniform [0, 1e-2), plain projected gradient descent",
    predicted: 1,
    expected: "every run",
    rule: mostRuns,
    measure({runs}) {
      const share = (key: "alignmentHalfTime" | "spectrumHalfTime") =>
        runs.length ? runs.filter((r) => learnedInOrder(r.times.map((t) => t[key]))).length / runs.length : NaN;
      const reached = runs.map((r) => r.times.filter((t) => Number.isFinite(t.alignmentHalfTime)).length);
      return {
        value: share("alignmentHalfTime"),
        finding: `${runs.filter((r) => learnedInOrder(r.times.map((t) => t.alignmentHalfTime))).length} of ${runs.length} runs learn their first ${ORDER_MODES} modes in order (modes learned: ${reached.join(" and ")})`,
        runs: runs.length,
        converged: runs.filter((r) => runConvergence(r.run.output).converged).length,
        others: [{label: "the same share by sorted spectra", value: share("spectrumHalfTime")}],
        ...(runs.length === 0 ? {missing: "no run"} : {})
      };
    }
  }
];

import {eckartYoung, plateauJumps, lastRecord} from "../../engine/index.js";
import {runConvergence} from "../tables.js";
import type {CompletedRun} from "../types.js";
import {MARKED_JUMP} from "./headline.js";

/**
 * What the claims of the sweeps (losses, depth, inits) read from one run: its final numbers, whether
 * it converged (engine/convergence.ts), when its effective rank got close to its final value, and
 * the rises of the effective rank between consecutive plateaus (engine/plateaus.ts).
 */
export interface RunShape {
  run: string;
  steps: number;
  converged: boolean;
  /** Relative decrease of the best loss (the objective minimized) over the last tenth of the steps. */
  lastTenthDecrease: number;
  relativeError: number;
  effectiveRank: number;
  /** Final relative error minus the Eckart-Young bound at the end-to-end rank. */
  gap: number;
  /** First recorded step at which the effective rank reaches REACH_FRACTION of its final value. */
  reachStep: number;
  /** reachStep as a share of the steps run (0 at the start, 1 at the end). */
  reachShare: number;
  plateaus: number;
  /** The largest rise between two consecutive plateaus (0 when there is none) and its step (NaN then). */
  largestRise: number;
  largestRiseStep: number;
  /** Rises of at least MARKED_JUMP between consecutive plateaus (claims/headline.ts). */
  markedRises: number;
}

/** "Close to its final value": this fraction of it. */
export const REACH_FRACTION = 0.9;

export function runShape(run: CompletedRun): RunShape {
  const t = run.output.trajectory;
  const n = t.step.length;
  const final = lastRecord(t);
  const {converged, lastTenthDecrease} = runConvergence(run.output);
  const target = REACH_FRACTION * final.effectiveRank;
  let reach = n - 1;
  for (let i = 0; i < n; ++i)
    if (t.effectiveRank[i] >= target) {
      reach = i;
      break;
    }
  const steps = run.output.iterations;
  const rises = plateauJumps(run.output.plateaus, t).filter((j) => j.to > j.from);
  const largest = rises.reduce<(typeof rises)[number] | undefined>(
    (best, j) => (best === undefined || j.to - j.from > best.to - best.from ? j : best),
    undefined
  );
  return {
    run: run.spec.id,
    steps,
    converged,
    lastTenthDecrease,
    relativeError: final.relativeError,
    effectiveRank: final.effectiveRank,
    gap: final.relativeError - eckartYoung(run.data.reference, run.spec.fit.ranks[run.spec.fit.ranks.length - 1]),
    reachStep: t.step[reach],
    reachShare: steps > 0 ? t.step[reach] / steps : NaN,
    plateaus: run.output.plateaus.length,
    largestRise: largest ? largest.to - largest.from : 0,
    largestRiseStep: largest ? largest.step : NaN,
    markedRises: rises.filter((j) => j.to - j.from >= MARKED_JUMP).length
  };
}

/** Median of the finite values (NaN when none). */
export function medianOf(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** How many of these runs converged. */
export function convergedCount(runs: readonly {converged: boolean}[]): number {
  return runs.filter((r) => r.converged).length;
}

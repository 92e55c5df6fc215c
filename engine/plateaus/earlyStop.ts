import {InputError} from "../errors.js";
import type {EarlyStopOptions} from "../types.js";

/** Defaults of the early-stopping rule. */
export const defaultPatience = 1000;
export const defaultLossTolerance = 1e-3;

/** The early-stopping rule, checked: stop at the k-th plateau, or after `patience` steps of a plateau with a stalled loss. */
export type StopRule = {kind: "plateau"; plateau: number} | {kind: "patience"; patience: number; lossTolerance: number};

export function stopRule(options: EarlyStopOptions): StopRule {
  const patience = options.patience ?? defaultPatience;
  const lossTolerance = options.lossTolerance ?? defaultLossTolerance;
  if (!(Number.isFinite(patience) && patience >= 0)) {
    throw new InputError("patience", patience, "must be a number of steps >= 0");
  }
  if (!(Number.isFinite(lossTolerance) && lossTolerance >= 0)) {
    throw new InputError("lossTolerance", lossTolerance, "must be a finite number >= 0");
  }
  const k = options.plateau;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) {
    throw new InputError("plateau", k, "a plateau number is an integer counting from 1");
  }
  return k !== undefined ? {kind: "plateau", plateau: k} : {kind: "patience", patience, lossTolerance};
}

/**
 * Whether the loss has stalled between `before` (the loss `patience` steps back) and `now`: its
 * relative decrease is below the tolerance. Without losses the plateau alone decides, and a zero
 * loss has nothing left to decrease.
 */
export function lossStalled(before: number | undefined, now: number, lossTolerance: number): boolean {
  if (before === undefined || Number.isNaN(before) || Number.isNaN(now) || !(before > 0)) return true;
  return (before - now) / before < lossTolerance;
}

/** The last value of `values` recorded at or before `step` (steps increasing), by binary search. */
export function valueAtOrBefore(steps: readonly number[], values: readonly number[], step: number): number | undefined {
  let lo = 0,
    hi = steps.length - 1,
    found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] <= step) ((found = mid), (lo = mid + 1));
    else hi = mid - 1;
  }
  return found < 0 ? undefined : values[found];
}

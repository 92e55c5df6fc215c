/**
 * Whether a run has converged, by one criterion for every run behind a claim of the report:
 *
 *   at the rate of its last tenth, doubling the run would lower its loss by less than 0.1 %.
 *
 * The loss is the objective the model minimizes (`objective` in trajectories): the error for MU and
 * HALS, the error plus penalties for the global loss, the layer-wise loss for layer-wise Deep NMF,
 * whose end-to-end error can rise while its objective falls.
 *
 * Training moves in log-time (each mode takes a constant factor longer than the previous one), so
 * the rate is measured per unit of ln(step): the last tenth of a T-step run spans ln(10/9) = 0.105 in
 * ln(step), a doubling ln 2 = 0.693. The criterion is therefore a relative decrease of the best loss
 * over the last tenth of the steps of at most 1e-3 x ln(10/9) / ln 2 = 1.52e-4. The best loss, not
 * the last one, so that an optimizer that oscillates at a fixed step size (Adam) counts as converged
 * once its best stops improving. A run that diverged, or whose loss is not finite, has not converged.
 *
 * Limit (stated wherever verdicts use it): a run sitting on a long effective-rank plateau can pass
 * and still jump later; the low-rank bias makes exactly such plateaus. Passing says that the loss
 * has stalled over the last tenth of the budget, not that no later jump exists.
 */
export const CONVERGENCE_WINDOW = 0.1;
export const CONVERGENCE_GAIN = 1e-3;
export const CONVERGENCE_TOLERANCE = (CONVERGENCE_GAIN * Math.log(1 / (1 - CONVERGENCE_WINDOW))) / Math.log(2);

/** The criterion in words, for tables and pages. */
export const convergenceRule =
  "the best loss over the run is within 1.52e-4 (relative) of the best loss over its first 90 % of steps: " +
  "at that rate, doubling the run would lower the loss by less than 0.1 %";

export interface Convergence {
  converged: boolean;
  /** Relative decrease of the best loss over the last tenth of the steps (NaN when undefined). */
  lastTenthDecrease: number;
}

/**
 * The convergence of a recorded trajectory: `steps` increasing, `losses` the objective at each
 * (the criterion is relative, so any positive scale will do). `diverged`: the run stopped on a
 * non-finite or exploding loss.
 */
export function convergence(steps: ArrayLike<number>, losses: ArrayLike<number>, diverged = false): Convergence {
  const n = Math.min(steps.length, losses.length);
  if (n < 2 || diverged) return {converged: false, lastTenthDecrease: NaN};
  const cut = (1 - CONVERGENCE_WINDOW) * steps[n - 1];
  let before = Infinity,
    overall = Infinity;
  for (let i = 0; i < n; ++i) {
    const e = losses[i];
    if (!Number.isFinite(e)) return {converged: false, lastTenthDecrease: NaN};
    if (steps[i] <= cut) before = Math.min(before, e);
    overall = Math.min(overall, e);
  }
  if (!Number.isFinite(before)) return {converged: false, lastTenthDecrease: NaN};
  const decrease = before > 0 ? (before - overall) / before : 0;
  return {converged: decrease <= CONVERGENCE_TOLERANCE, lastTenthDecrease: decrease};
}

import {formatValue} from "./claims/claim.js";
import {runConvergence} from "./tables.js";
import {formatCount, plural, type Finding} from "./findings.js";
import type {CompletedRun, ExperimentContext} from "./types.js";

/**
 * What the sweeps (losses, depth, regularizers, solvers, inits, flowers) share: how many of their
 * runs converged, in a sentence.
 */

/** "C of N runs converged at the P profile (B epochs)": the runs behind a page, by the one criterion. */
export function convergenceFinding(context: ExperimentContext, replicate = "mnist", id = "convergence"): Finding {
  const runs = context.runs;
  const converged = runs.filter((run) => isConverged(run));
  const budgets = [...new Set(runs.map((run) => run.spec.fit.iterations))].sort((a, b) => a - b);
  const slowest = runs
    .filter((run) => !isConverged(run))
    .map((run) => ({run, decrease: runConvergence(run.output).lastTenthDecrease}))
    .sort((a, b) => b.decrease - a.decrease)[0];
  return {
    id,
    kind: "takeaway",
    replicate,
    sentence:
      `${formatCount(converged.length)} of ${plural(runs.length, "run")} converged at the ${context.profile} profile ` +
      `(${budgets.map(formatCount).join(", ")} ${budgets.length === 1 && budgets[0] === 1 ? "step" : "steps"}; ` +
      "converged: at the rate of its last tenth, doubling the run would lower the loss it minimizes by less than 0.1 %)" +
      (slowest
        ? `; the furthest from it, ${slowest.run.spec.id}, still lowered its loss by ${formatValue(100 * slowest.decrease)} % over its last tenth.`
        : "."),
    value: runs.length ? converged.length / runs.length : NaN
  };
}

export function isConverged(run: CompletedRun): boolean {
  return runConvergence(run.output).converged;
}

/**
 * The stored run behind a figure, as "Verify this figure" reruns it (src/components/verifyRun.ts): its fit options,
 * data, stored relative errors and how it ended, read from an experiment's tables; and how a rerun is compared
 * with it.
 */
import type {FitRequest} from "../../lab/fitWorker.js";
import {formatInteger} from "./caption.js";
import type {ExperimentTable} from "./experimentTables.js";
import type {Row} from "./metricCurves.js";

/** The stored run: its fit options (from the tables' metadata), its data hash, its stored curve and how it ended. */
export interface StoredRun {
  options: FitRequest["options"];
  /** The data spec (`mnist:2000`) and its content hash. */
  data: string;
  dataHash: string;
  steps: number[];
  relativeError: number[];
  /** The step the run ended at and why (`iterations`, `plateau`...), from the runs table. */
  end: RunEnd;
  /** The run's name in the figure ("MU"), when the figure has several. */
  label?: string;
}

export interface RunEnd {
  iterations: number;
  stopReason: string;
}

/** Reads run `run` out of an experiment's runs and trajectories tables. */
export function storedRun(
  runs: ExperimentTable,
  trajectories: ExperimentTable,
  run: string,
  label?: string
): StoredRun {
  const row = runs.rows.find((r) => r.run === run);
  const spec = runs.meta.runs?.find((r) => r.id === run);
  if (!row || !spec) throw new RangeError(`invalid run: ${run} (not in the ${runs.meta.experiment} tables)`);
  const rows = trajectories.rows.filter((r: Row) => r.run === run);
  return {
    options: spec.fit as unknown as FitRequest["options"],
    data: String(row.data),
    dataHash: String(row.dataHash),
    steps: rows.map((r) => Number(r.step)),
    relativeError: rows.map((r) => Number(r.relativeError)),
    end: {iterations: Number(row.steps), stopReason: String(row.stopReason)},
    ...(label === undefined ? {} : {label})
  };
}

/** The largest absolute difference between the stored and the rerun values at the steps both have. */
export function largestDifference(stored: StoredRun, rerun: Map<number, number>): {value: number; compared: number} {
  let value = 0,
    compared = 0;
  stored.steps.forEach((step, i) => {
    const again = rerun.get(step);
    if (again === undefined) return;
    compared += 1;
    const difference = Math.abs(again - stored.relativeError[i]);
    value = Number.isNaN(difference) ? NaN : Math.max(value, difference);
  });
  return {value, compared};
}

/** How a run ended, in words: "at step 3,714, stopped by the plateau rule". */
export function endText(end: RunEnd): string {
  const why: Record<string, string> = {
    iterations: "its iteration budget",
    plateau: "stopped by the plateau rule",
    tolerance: "stopped by the convergence tolerance",
    diverged: "diverged"
  };
  return `at step ${formatInteger(end.iterations)}, ${why[end.stopReason] ?? end.stopReason}`;
}

/** A run's end as the test hooks carry it: "3714 plateau". */
export const endKey = (end: RunEnd) => `${end.iterations} ${end.stopReason}`;

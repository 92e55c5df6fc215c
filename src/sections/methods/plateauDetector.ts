/**
 * The methods page's plateau detector: the settings and the synthetic suite as the text states them,
 * the validation table, one example trajectory per family, and the sensitivity of what it finds to
 * each setting. Everything is read from the `plateau-detector` experiment's tables
 * (experiments/plateauDetector/); nothing here scores or judges.
 */
import {formatInteger} from "../../components/caption.js";
import type {ExperimentTable} from "../../components/experimentTables.js";
import {inputsTable} from "../../components/inputsTable.js";
import type {Row} from "../../components/metricCurves.js";
import {plateauExamples} from "../../components/plateauExamples.js";

/** The tables of the experiment plateau-detector this page reads. */
export type PlateauDetectorTables = Record<
  "validation" | "sensitivity" | "examples" | "examplePlateaus" | "verdicts",
  ExperimentTable
>;

/** "12 %". */
export function percent(x: number): string {
  return `${(100 * x).toFixed(0)} %`;
}

/** Precision and recall: three decimals. */
export function rate(x: unknown): string {
  return Number(x).toFixed(3);
}

/** "1 seed", "3 seeds". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The study's late jumps, near epochs 12,000 and 14,000: their distance in log-time u = ln(step + 1). */
export const studyJumpGap = Math.log(14001 / 12001);

interface Recording {
  every: number;
  last: number;
}

/** "every step to 20,000, every 10 steps to 200,000": how the suite's trajectories are recorded. */
export function recordingsText(recordings: readonly Recording[]): string {
  return recordings.map((r) => `${recordingEvery(r.every)} to ${formatInteger(r.last)}`).join(", ");
}

function recordingEvery(every: number): string {
  return every === 1 ? "every step" : `every ${formatInteger(every)} steps`;
}

/** The row of the validation table scored beyond the suite's noise. */
export function stressRow(validation: ExperimentTable): Row | undefined {
  return validation.rows.find((r) => r.scope === "stress");
}

/** Precision and recall per family, per noise level and under stress, with the counts behind them. */
export function validationTable(validation: ExperimentTable): HTMLElement {
  const name = (r: Row) =>
    r.scope === "suite"
      ? r.family === "all"
        ? "all families"
        : String(r.family)
      : `noise sd ${r.noise}${r.scope === "stress" ? " (stress)" : ""}`;
  const right = "right" as const;
  return inputsTable(
    validation.rows.map((r) => ({
      rows: name(r),
      trajectories: r.trajectories,
      "true plateaus": r.truth,
      detected: r.detected,
      right: r.matched,
      precision: rate(r.precision),
      recall: rate(r.recall)
    })),
    {
      layout: "auto",
      select: false,
      rows: validation.rows.length + 1,
      align: {trajectories: right, "true plateaus": right, detected: right, right, precision: right, recall: right}
    }
  );
}

/** One seeded trajectory of each family with its true and its detected plateaus. */
export function detectorExamples(tables: PlateauDetectorTables, {width}: {width?: number} = {}): HTMLElement {
  const suite = tables.validation.meta.configuration.suite as {
    examples: {noise: number; recording: Recording};
  };
  const {noise, recording} = suite.examples;
  return plateauExamples(tables.examples.rows, tables.examplePlateaus.rows, {
    width,
    caption: `One seeded trajectory of each family (noise sd ${noise}, recorded ${recording.every === 1 ? "every step" : `every ${recording.every} steps`} to ${formatInteger(recording.last)}): the curve, its true plateaus (red segments at their levels) and the plateaus the detector finds (shaded). Experiment plateau-detector, profile ${tables.examples.meta.profile}.`
  });
}

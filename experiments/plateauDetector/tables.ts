import type {Plateau} from "../../engine/index.js";
import {downsampleIndices} from "../downsample.js";
import type {TableData} from "../types.js";
import type {TruePlateau} from "./curve.js";
import {plateauFamilies, type SyntheticTrajectory} from "./generators.js";
import {addScores, precisionRecall, type PlateauScore} from "./score.js";
import type {SuiteCase} from "./suite.js";

/** One row of the validation table: a scope (the suite per family, or one noise level over the families), its counts. */
export interface ValidationRow {
  /** "suite" (noise levels of the suite, per family and "all") or "noise" (one noise level, all families). */
  scope: string;
  family: string;
  /** The noise sd of the row, NaN when the row pools the suite's levels. */
  noise: number;
  cases: readonly SuiteCase[];
}

const zero: PlateauScore = {detected: 0, truth: 0, matched: 0};

/**
 * validation: one row per scope x family: scope, family (utf8), noise (float64, NaN = the suite's
 * levels pooled), trajectories, truth, detected, matched (int32), precision, recall (float64).
 */
export function validationTable(rows: readonly ValidationRow[], metadata: Record<string, string>): TableData {
  const scores = rows.map((r) => r.cases.reduce((s, c) => addScores(s, c.score), zero));
  const rates = scores.map(precisionRecall);
  return {
    columns: {
      scope: rows.map((r) => r.scope),
      family: rows.map((r) => r.family),
      noise: Float64Array.from(rows, (r) => r.noise),
      trajectories: Int32Array.from(rows, (r) => r.cases.length),
      truth: Int32Array.from(scores, (s) => s.truth),
      detected: Int32Array.from(scores, (s) => s.detected),
      matched: Int32Array.from(scores, (s) => s.matched),
      precision: Float64Array.from(rates, (r) => r.precision),
      recall: Float64Array.from(rates, (r) => r.recall)
    },
    metadata
  };
}

/** The validation rows: per family and all over the suite, then per noise level (suite and stress) over all families. */
export function validationRows(suite: readonly SuiteCase[], stress: readonly SuiteCase[]): ValidationRow[] {
  const rows: ValidationRow[] = plateauFamilies.map((family) => ({
    scope: "suite",
    family,
    noise: NaN,
    cases: suite.filter((c) => c.family === family)
  }));
  rows.push({scope: "suite", family: "all", noise: NaN, cases: suite});
  const all = [...suite, ...stress];
  for (const noise of [...new Set(all.map((c) => c.noise))].sort((a, b) => a - b))
    rows.push({
      scope: stress.some((c) => c.noise === noise) ? "stress" : "noise",
      family: "all",
      noise,
      cases: all.filter((c) => c.noise === noise)
    });
  return rows;
}

/** One row of the sensitivity table. */
export interface SensitivityRow {
  setting: string;
  change: number;
  value: number;
  run: string;
  plateaus: Plateau[];
  zeroWidthJumps: number;
  sameLevelNeighbours: number;
  summary: string;
  suite: PlateauScore;
}

/**
 * sensitivity: one row per detector variant x headline run: setting (utf8, "defaults" or the
 * setting moved), change (float64, -0.5 / 0 / +0.5), value (float64, the moved setting's value, NaN
 * for the defaults), run (utf8), plateaus (int32), levels (utf8, comma-separated, 2 decimals),
 * summary (utf8: "start-end at level; ..."), zeroWidthJumps, sameLevelNeighbours (int32), and the
 * synthetic suite under the same variant: suiteDetected, suiteTruth, suiteMatched (int32),
 * suitePrecision, suiteRecall (float64; repeated on every run's row of the variant).
 */
export function sensitivityTable(rows: readonly SensitivityRow[], metadata: Record<string, string>): TableData {
  const rates = rows.map((r) => precisionRecall(r.suite));
  return {
    columns: {
      setting: rows.map((r) => r.setting),
      change: Float64Array.from(rows, (r) => r.change),
      value: Float64Array.from(rows, (r) => r.value),
      run: rows.map((r) => r.run),
      plateaus: Int32Array.from(rows, (r) => r.plateaus.length),
      levels: rows.map((r) => r.plateaus.map((p) => p.level.toFixed(2)).join(", ")),
      summary: rows.map((r) => r.summary),
      zeroWidthJumps: Int32Array.from(rows, (r) => r.zeroWidthJumps),
      sameLevelNeighbours: Int32Array.from(rows, (r) => r.sameLevelNeighbours),
      suiteDetected: Int32Array.from(rows, (r) => r.suite.detected),
      suiteTruth: Int32Array.from(rows, (r) => r.suite.truth),
      suiteMatched: Int32Array.from(rows, (r) => r.suite.matched),
      suitePrecision: Float64Array.from(rates, (r) => r.precision),
      suiteRecall: Float64Array.from(rates, (r) => r.recall)
    },
    metadata
  };
}

/**
 * examples: one synthetic trajectory per family, downsampled to about `points` points on a log-time
 * grid (plateau edges kept): family, variant (utf8), step (int32), erank (float64).
 */
export function examplesTable(
  examples: readonly {trajectory: SyntheticTrajectory; detected: Plateau[]}[],
  points: number
): TableData {
  const family: string[] = [],
    variant: string[] = [],
    step: number[] = [],
    erank: number[] = [];
  for (const {trajectory, detected} of examples) {
    const indices = downsampleIndices(trajectory.steps, {count: points, plateaus: detected});
    for (const i of indices) {
      if (trajectory.steps[i] < 1) continue;
      family.push(trajectory.family);
      variant.push(trajectory.variant);
      step.push(trajectory.steps[i]);
      erank.push(trajectory.erank[i]);
    }
  }
  return {columns: {family, variant, step: Int32Array.from(step), erank: Float64Array.from(erank)}};
}

/**
 * examplePlateaus: the true and the detected plateaus of the examples: family, kind ("true" or
 * "detected") (utf8), start, end (float64 steps; a true plateau's ends are exp(u) - 1 of its span
 * in log-time), level (float64).
 */
export function examplePlateausTable(
  examples: readonly {trajectory: SyntheticTrajectory; detected: Plateau[]}[]
): TableData {
  const rows: {family: string; kind: string; start: number; end: number; level: number}[] = [];
  for (const {trajectory, detected} of examples) {
    for (const t of trajectory.truth as TruePlateau[])
      rows.push({
        family: trajectory.family,
        kind: "true",
        start: Math.exp(t.startU) - 1,
        end: Math.exp(t.endU) - 1,
        level: t.level
      });
    for (const d of detected) rows.push({family: trajectory.family, kind: "detected", ...d});
  }
  return {
    columns: {
      family: rows.map((r) => r.family),
      kind: rows.map((r) => r.kind),
      start: Float64Array.from(rows, (r) => r.start),
      end: Float64Array.from(rows, (r) => r.end),
      level: Float64Array.from(rows, (r) => r.level)
    }
  };
}

import {addScores, precisionRecall, type PlateauScore} from "../plateauDetector/score.js";
import type {ValidationRow} from "../plateauDetector/tables.js";
import type {Claim} from "./claim.js";
import {atLeast} from "./rules.js";

/**
 * The plateau detector's acceptance rule (engine/plateaus/), judged on the synthetic suite whose
 * plateaus are known (experiments/plateauDetector/): precision and recall of at least 0.95, overall
 * and on every family, drifts, ramps and sags included. Measured: the lowest of them.
 */
export const DETECTOR_TARGET = 0.95;

export interface DetectorInput {
  /** The suite's rows (per family and "all"), noise levels of the suite pooled. */
  rows: readonly ValidationRow[];
}

const zero: PlateauScore = {detected: 0, truth: 0, matched: 0};

export const plateauDetectorClaims: Claim<DetectorInput>[] = [
  {
    id: "suite",
    experiment: "plateau-detector",
    statement:
      "The plateau detector finds the plateaus of trajectories whose plateaus are known, and invents none, on every family.",
    source: "this project's acceptance rule for its detector",
    tag: "project",
    quantity: "lowest precision or recall over the families and overall",
    runs: "the synthetic suite: six families, the suite's noise levels and recordings, seeded",
    predicted: DETECTOR_TARGET,
    expected: `at least ${DETECTOR_TARGET}`,
    rule: atLeast(DETECTOR_TARGET),
    measure({rows}) {
      const rates = rows.map((row) => ({
        family: row.family,
        ...precisionRecall(row.cases.reduce((s, c) => addScores(s, c.score), zero))
      }));
      const lowest = Math.min(...rates.flatMap((r) => [r.precision, r.recall]));
      const all = rates.find((r) => r.family === "all");
      const trajectories = rows.find((r) => r.family === "all")?.cases.length ?? 0;
      return {
        value: lowest,
        finding: `over ${trajectories} trajectories, precision ${all?.precision.toFixed(3)} and recall ${all?.recall.toFixed(3)}; the lowest of any family ${lowest.toFixed(3)}`,
        // Synthetic trajectories are generated, not trained: there is nothing to converge.
        runs: trajectories,
        converged: trajectories,
        others: rates.flatMap((r) => [
          {label: `${r.family} precision`, value: r.precision},
          {label: `${r.family} recall`, value: r.recall}
        ]),
        ...(trajectories === 0 ? {missing: "no trajectory"} : {})
      };
    }
  }
];

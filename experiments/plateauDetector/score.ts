import {defaultPlateauSettings, toleranceAt, type Plateau} from "../../engine/index.js";
import type {TruePlateau} from "./curve.js";

/** A detection must overlap a true plateau over at least this share of both spans (in log-time). */
export const MIN_OVERLAP = 0.5;

/** How many plateaus were detected, how many are true, how many of each were matched. */
export interface PlateauScore {
  detected: number;
  truth: number;
  matched: number;
}

/**
 * Scores detected plateaus against the true ones. A detection matches a true plateau when
 * (1) its level is within the tolerance of the true level (max(0.15, 3% of the true level), the
 *     detector's default), and
 * (2) their spans in log-time u = ln(step + 1) overlap over at least half of each: the overlap is
 *     >= 50% of the detection's length and >= 50% of the true plateau's length.
 * Matching is one to one: pairs are taken in order of decreasing overlap, each detection and each
 * true plateau at most once, so two detections of one true plateau count one as wrong. Precision is
 * matched / detected, recall matched / true.
 */
export function scorePlateaus(truth: readonly TruePlateau[], detected: readonly Plateau[]): PlateauScore {
  const pairs: {t: number; d: number; overlap: number}[] = [];
  detected.forEach((plateau, d) => {
    const a = Math.log(plateau.start + 1),
      b = Math.log(plateau.end + 1);
    truth.forEach((real, t) => {
      const overlap = Math.min(b, real.endU) - Math.max(a, real.startU);
      const levelOk = Math.abs(plateau.level - real.level) <= toleranceAt(defaultPlateauSettings, real.level);
      if (levelOk && overlap >= MIN_OVERLAP * (b - a) && overlap >= MIN_OVERLAP * (real.endU - real.startU))
        pairs.push({t, d, overlap});
    });
  });
  pairs.sort((x, y) => y.overlap - x.overlap || x.t - y.t || x.d - y.d);
  const usedTruth = new Set<number>(),
    usedDetected = new Set<number>();
  for (const {t, d} of pairs) {
    if (usedTruth.has(t) || usedDetected.has(d)) continue;
    usedTruth.add(t);
    usedDetected.add(d);
  }
  return {detected: detected.length, truth: truth.length, matched: usedTruth.size};
}

/** Precision and recall of summed scores; 1 when there is nothing to get wrong (no detection, or no true plateau). */
export function precisionRecall(score: PlateauScore): {precision: number; recall: number} {
  return {
    precision: score.detected === 0 ? 1 : score.matched / score.detected,
    recall: score.truth === 0 ? 1 : score.matched / score.truth
  };
}

export function addScores(a: PlateauScore, b: PlateauScore): PlateauScore {
  return {detected: a.detected + b.detected, truth: a.truth + b.truth, matched: a.matched + b.matched};
}

import {spearman} from "../../measures.js";
import type {Claim} from "../claim.js";
import {atLeast, atMost} from "../rules.js";
import {measurement, type RunStatus} from "./shared.js";

/**
 * Theory 7 (experiments/theory/spectralGaps.ts): spectral gaps and the sharpness of the staircase,
 * judged on each replicate's own pairs of consecutive modes (MNIST, MNIST with another data seed,
 * Fashion-MNIST; Flowers102 is drawn, not judged). Bands fixed from the predictions:
 * - sharpness falls as the gap closes: the rank correlation of ρ_i and q_i, ≤ −0.6 agrees, ≤ −0.3
 *   partly;
 * - "visible exactly when ρ_i < ρ*" is a classification of the pairs, judged by its balanced
 *   accuracy (the mean of the shares of visible and of blurred pairs classified right): a constant
 *   prediction ("never visible") scores 0.5 whatever the share of visible pairs, so it cannot pass.
 *   ≥ 0.8 agrees, ≥ 0.65 partly. Recall, precision and the plain share of matches are shown beside it.
 */

/** What the claims read from one pair of consecutive modes (a row of the `separations` table). */
export interface SeparationMeasure {
  index: number;
  rho: number;
  /** The measured separation index (NaN when a mode did not rise within the budget). */
  q: number;
  /** ρ*, the gap ratio below which the pair is predicted visible. */
  threshold: number;
}

export interface SpectralGapsInput {
  /** The dataset's name, for sentences. */
  data: string;
  separations: SeparationMeasure[];
  runs: RunStatus[];
}

/** How the prediction "visible (q > 1) exactly when ρ < ρ*" classifies the measured pairs. */
export interface VisibilityCounts {
  /** Visible and predicted visible, visible and predicted blurred, blurred and predicted visible, blurred and predicted blurred. */
  hits: number;
  misses: number;
  falseAlarms: number;
  rejections: number;
}

export function visibilityCounts(rows: readonly SeparationMeasure[]): VisibilityCounts {
  const known = rows.filter((r) => Number.isFinite(r.q));
  const count = (visible: boolean, predicted: boolean) =>
    known.filter((r) => r.q > 1 === visible && r.rho < r.threshold === predicted).length;
  return {
    hits: count(true, true),
    misses: count(true, false),
    falseAlarms: count(false, true),
    rejections: count(false, false)
  };
}

/** Mean of the shares of visible and of blurred pairs classified right (NaN when either kind is absent). */
export function balancedAccuracy(c: VisibilityCounts): number {
  const visible = c.hits + c.misses,
    blurred = c.falseAlarms + c.rejections;
  if (visible === 0 || blurred === 0) return NaN;
  return (c.hits / visible + c.rejections / blurred) / 2;
}

const experiment = "spectral-gaps";
const runsRead = "the mode-timing run (projected GD on W H, rank 10, small init, c = 0.1) on each replicate's images";

export const spectralGapClaims: Claim<SpectralGapsInput>[] = [
  {
    id: "gap-sharpness",
    experiment,
    statement:
      "Where the gap ratio ρ_i = s_(i+1)/s_i is small the jump from mode i to i + 1 is sharp; where ρ_i → 1 it is blurred.",
    source: "Gissin, Shalev-Shwartz and Daniely, ICLR 2020 [abs]; the separation index q [derived]",
    tag: "derived",
    quantity: "Spearman correlation of ρ_i and q_i over the pairs of consecutive modes",
    runs: runsRead,
    predicted: -1,
    expected: "negative",
    rule: atMost(-0.6, -0.3),
    measure({data, separations, runs}) {
      const known = separations.filter((r) => Number.isFinite(r.q));
      const correlation =
        known.length >= 3
          ? spearman(
              known.map((r) => r.rho),
              known.map((r) => r.q)
            )
          : NaN;
      const first = separations.find((r) => r.index === 1);
      return measurement(
        correlation,
        `${known.length} pairs of consecutive modes on ${data}${first ? `; the first gap ρ₁ = ${first.rho.toFixed(2)} has q₁ = ${first.q.toFixed(1)}` : ""}`,
        runs,
        {...(known.length < 3 ? {missing: `only ${known.length} pairs of modes both rose within the budget`} : {})}
      );
    }
  },
  {
    id: "visible-plateaus",
    experiment,
    statement:
      "A plateau between modes i and i + 1 is visible (q_i > 1) exactly when ρ_i < ρ* = (1 − x)/(1 + x), x = ln 81/(2L).",
    source: "Saxe et al.'s logistic modes [recall] with our separation index [derived]",
    tag: "derived",
    quantity: "balanced accuracy of ρ_i < ρ* as a predictor of q_i > 1 (a constant prediction scores 0.5)",
    runs: runsRead,
    predicted: 1,
    expected: "1",
    rule: atLeast(0.8, 0.65),
    measure({data, separations, runs}) {
      const c = visibilityCounts(separations);
      const visible = c.hits + c.misses,
        known = visible + c.falseAlarms + c.rejections;
      const predicted = c.hits + c.falseAlarms;
      return measurement(
        balancedAccuracy(c),
        `on ${data}, a visible plateau between ${visible} of ${known} pairs of modes, predicted for ${predicted}, both for ${c.hits}`,
        runs,
        {
          others: [
            {label: "recall (visible pairs predicted visible)", value: visible ? c.hits / visible : NaN},
            {
              label: "precision (predicted-visible pairs that are visible)",
              value: predicted ? c.hits / predicted : NaN
            },
            {label: "share of pairs where the prediction matches", value: known ? (c.hits + c.rejections) / known : NaN}
          ],
          ...(known === 0
            ? {missing: "no pair of modes both rose within the budget"}
            : visible === 0 || visible === known
              ? {
                  missing: `${visible === 0 ? "no" : "every"} pair is a visible plateau, so a balanced accuracy is undefined`
                }
              : {})
        }
      );
    }
  }
];

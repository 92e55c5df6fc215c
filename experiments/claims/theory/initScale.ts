import type {Plateau} from "../../../engine/index.js";
import {median} from "../../measures.js";
import type {Claim} from "../claim.js";
import {atMost, withinFactor} from "../rules.js";
import {measurement, type RunStatus} from "./shared.js";

/**
 * Theory 2 (experiments/theory/initScale.ts): the init-scale collapse of depth-2 GD and the large
 * init. Bands fixed from the predictions:
 * - the slope of a half-time against ln(1/α) is a predicted number of steps: within a factor 1.25
 *   agrees, 2 partly (as every quantitative prediction of the theory page);
 * - the collapse is the spread max/min of half-time / ln(1/α) across α: 1 for a perfect collapse,
 *   and ln(1/α_min) / ln(1/α_max) (3 for α = 1e-2 ... 1e-6) if the half-times did not depend on α at
 *   all; ≤ 1.25 agrees, ≤ 2 partly (closer to a collapse than to no dependence);
 * - "no plateaus" is a count: none agrees, any disagrees.
 */

/** What the slope and collapse claims read from one mode (a row of the `slopes` table). */
export interface ScalingMeasure {
  mode: number;
  slope: number;
  predictedSlope: number;
  r2: number;
  rawSpread: number;
  rescaledSpread: number;
}

export interface InitScaleInput {
  /** Per mode, from the alignment half-times (|a_i| reaches ½); and the same from the sorted-spectrum ones, shown beside. */
  scaling: ScalingMeasure[];
  spectrumScaling: ScalingMeasure[];
  /** The small inits' runs (the slopes and the collapse read them). */
  smallRuns: RunStatus[];
  /** The smallest and largest small init scale. */
  scaleRange: [number, number];
  /** Each small init's plateaus (shown beside the large init's). */
  smallPlateaus: Plateau[][];
  large?: {status: RunStatus; plateaus: Plateau[]; finalErank: number};
}

/** A plateau below this share of the run's final effective rank is a step of a staircase, not its top. */
export const INTERMEDIATE_SHARE = 0.9;
/** Below this effective rank a plateau is the rank-one phase (only the mean image learned). */
export const RANK_ONE_LEVEL = 1.2;

/** The plateaus below INTERMEDIATE_SHARE of the final effective rank. */
export function intermediatePlateaus(plateaus: readonly Plateau[], final: number): Plateau[] {
  return plateaus.filter((p) => p.level < INTERMEDIATE_SHARE * final);
}

const experiment = "init-scale";
const smallRunsText =
  "projected GD on W H, rank 10, step c = 0.1, uniform [0, α) init for α = 1e-2 … 1e-6 (one run each)";

export const initScaleClaims: Claim<InitScaleInput>[] = [
  {
    id: "log-scale-slope",
    experiment,
    statement:
      "Each mode's half-time grows linearly in ln(1/α), by 1/(2 lr s_i) steps per unit (the init enters only through ln a0_i, with a0_i ∝ α²).",
    source: "Saxe et al. 2014's half-time [recall] with a0 ∝ α² [derived]",
    tag: "derived",
    quantity: "median over modes of the measured / predicted slope of the half-time (|a_i| reaches ½) against ln(1/α)",
    runs: smallRunsText,
    predicted: 1,
    expected: "1",
    rule: withinFactor(1.25, 2),
    measure({scaling, spectrumScaling, smallRuns}) {
      const ratio = median(scaling.map((r) => r.slope / r.predictedSlope));
      return measurement(
        ratio,
        `over ${scaling.length} modes, the half-times against ln(1/α) are lines (median R² ${median(scaling.map((r) => r.r2)).toFixed(3)}) whose slopes are ${ratio >= 1 ? "steeper" : "shallower"} than predicted by a median factor ${Math.max(ratio, 1 / ratio).toFixed(2)}`,
        smallRuns,
        {
          others: [
            {
              label: "the same with the sorted-spectrum half-times",
              value: median(spectrumScaling.map((r) => r.slope / r.predictedSlope))
            }
          ],
          ...(scaling.length === 0 ? {missing: "no mode reached |a_i| ≥ ½ at three init scales"} : {})
        }
      );
    }
  },
  {
    id: "collapse",
    experiment,
    statement: "Effective rank against step / ln(1/α) collapses onto one staircase for α = 1e-2 … 1e-6.",
    source: "Li, Luo and Lyu, ICLR 2021 (infinitesimal init, greedy low-rank learning) [abs]; the rescaling [derived]",
    tag: "derived",
    quantity: "median over modes of the max/min ratio of half-time / ln(1/α) across α",
    runs: smallRunsText,
    predicted: 1,
    expected: "1 (a single staircase)",
    rule: atMost(1.25, 2),
    measure({scaling, spectrumScaling, smallRuns, scaleRange}) {
      const rescaled = median(scaling.map((r) => r.rescaledSpread));
      const raw = median(scaling.map((r) => r.rawSpread));
      const flat = Math.log(1 / scaleRange[0]) / Math.log(1 / scaleRange[1]);
      return measurement(
        rescaled,
        `dividing by ln(1/α) takes the half-times across α from a spread of ${raw.toFixed(2)}× to ${rescaled.toFixed(2)}× (the theory's own offset ln(s_i/c_i) vanishes only as α → 0)`,
        smallRuns,
        {
          others: [
            {label: "median spread of the half-times themselves", value: raw},
            {label: "spread if the half-times did not depend on α", value: flat},
            {
              label: "the rescaled spread with the sorted-spectrum half-times",
              value: median(spectrumScaling.map((r) => r.rescaledSpread))
            }
          ],
          ...(scaling.length === 0 ? {missing: "no mode reached |a_i| ≥ ½ at three init scales"} : {})
        }
      );
    }
  },
  {
    id: "large-init",
    experiment,
    statement: "A large init (here uniform [0, 0.3), ‖W0 H0‖₂ ≈ s₁(X)) shows no plateaus.",
    source: "Li, Luo and Lyu 2021 [abs]",
    tag: "abs",
    quantity: `effective-rank plateaus of the large init below ${100 * INTERMEDIATE_SHARE} % of its final effective rank`,
    runs: "the same GD from uniform [0, 0.3)",
    predicted: 0,
    expected: "none",
    rule: atMost(0),
    measure({large, smallPlateaus}) {
      if (!large) return measurement(NaN, "", []);
      const steps = intermediatePlateaus(large.plateaus, large.finalErank);
      const lowest = large.plateaus.length ? Math.min(...large.plateaus.map((p) => p.level)) : NaN;
      const rankOne = (plateaus: readonly Plateau[]) => plateaus.some((p) => p.level < RANK_ONE_LEVEL);
      const smallWithRankOne = smallPlateaus.filter(rankOne).length;
      return measurement(
        steps.length,
        `the large init has ${steps.length} plateau${steps.length === 1 ? "" : "s"} below ${100 * INTERMEDIATE_SHARE} % of its final effective rank ${large.finalErank.toFixed(2)}${steps.length ? ` (levels ${steps.map((p) => p.level.toFixed(2)).join(", ")})` : ""}`,
        [large.status],
        {
          others: [
            {label: "its lowest plateau level", value: lowest},
            {label: `small inits with a plateau below ${RANK_ONE_LEVEL}`, value: smallWithRankOne}
          ]
        }
      );
    }
  }
];

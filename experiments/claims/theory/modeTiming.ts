import {linearFit, median} from "../../measures.js";
import type {Claim} from "../claim.js";
import {atLeast, withinFactor} from "../rules.js";
import {measurement, type RunStatus} from "./shared.js";

/**
 * Theory 1 (experiments/theory/modeTiming.ts): the order and timing of the modes of small-init GD
 * on W H, against Saxe, McClelland and Ganguli's logistic modes (experiments/theory/predictions.ts).
 * Bands: a line is R² ≥ 0.9 (partly ≥ 0.7); a predicted number of steps agrees within a factor
 * 1.25 either way (partly 2), the tolerance of every quantitative prediction of the theory page.
 */

/** What the claims read from one mode (a row of the `modes` table). */
export interface ModeMeasure {
  mode: number;
  dataValue: number;
  /** First step with |a_i| >= 1/2 (alignment with X's i-th singular pair). */
  halfTime: number;
  /** First step with s_i(M) >= s_i(X) / 2 (sorted spectra), shown beside. */
  spectrumHalfTime: number;
  predictedHalfTime: number;
  width: number;
  predictedWidth: number;
}

export interface ModeTimingInput {
  modes: ModeMeasure[];
  /** The one run the modes come from. */
  runs: RunStatus[];
}

/** The modes whose alignment reached ½ within the budget. */
function reached(modes: readonly ModeMeasure[]): ModeMeasure[] {
  return modes.filter((m) => Number.isFinite(m.halfTime));
}

/** R² of the half-time (alignment, or sorted spectra) against 1 / s_i over the modes that reached it (NaN below 3). */
export function halfTimeLineR2(
  modes: readonly ModeMeasure[],
  key: "halfTime" | "spectrumHalfTime" = "halfTime"
): number {
  const points = modes.filter((m) => Number.isFinite(m[key]));
  if (points.length < 3) return NaN;
  return linearFit(
    points.map((m) => 1 / m.dataValue),
    points.map((m) => m[key])
  ).r2;
}

/** Median over modes of measured / predicted (values that are not finite and positive left out). */
export function medianRatio(
  modes: readonly ModeMeasure[],
  measured: "halfTime" | "spectrumHalfTime" | "width",
  predicted: "predictedHalfTime" | "predictedWidth"
): number {
  return median(modes.map((m) => m[measured] / m[predicted]).filter((v) => Number.isFinite(v) && v > 0));
}

/** Whether the half-times come in the order of s_i(X) (each mode no earlier than the one before it). */
export function inOrder(modes: readonly ModeMeasure[]): boolean {
  const times = reached(modes).map((m) => m.halfTime);
  return times.every((t, i) => i === 0 || t >= times[i - 1]);
}

const experiment = "mode-timing";
const runsRead = "projected GD on W H, rank 10, uniform [0, α) init with α small, step c = 0.1 (one run per replicate)";

/** "later by a median factor 1.31", "earlier by a median factor 1.1". */
function direction(ratio: number, later: string, earlier: string): string {
  return `${ratio >= 1 ? later : earlier} by a median factor ${Math.max(ratio, 1 / ratio).toFixed(2)}`;
}

export const modeTimingClaims: Claim<ModeTimingInput>[] = [
  {
    id: "half-time-line",
    experiment,
    statement: "Modes are learned one at a time, and the half-time of mode i is a straight line against 1/s_i(X).",
    source: "Saxe, McClelland and Ganguli, ICLR 2014 [abs]; the line assumes ln(s_i/a0_i) about constant [derived]",
    tag: "derived",
    quantity: "R² of the half-time (|a_i| reaches ½) against 1/s_i over the modes that reached it",
    runs: runsRead,
    predicted: 1,
    expected: "a line (R² near 1)",
    rule: atLeast(0.9, 0.7),
    measure({modes, runs}) {
      const r2 = halfTimeLineR2(modes);
      const count = reached(modes).length;
      return measurement(
        r2,
        `${count} of ${modes.length} modes carry half of their singular value of X along its singular pair, ${inOrder(modes) ? "learned in" : "not learned in"} the order of s_i(X)`,
        runs,
        {
          others: [
            {
              label: "R² with the sorted-spectrum half-times (s_i(M) ≥ s_i(X)/2)",
              value: halfTimeLineR2(modes, "spectrumHalfTime")
            }
          ],
          ...(count < 3 ? {missing: `only ${count} modes reached |a_i| ≥ ½: a line needs 3`} : {})
        }
      );
    }
  },
  {
    id: "half-time-value",
    experiment,
    statement:
      "The half-time of mode i is ln(s_i/a0_i − 1) / (4 lr s_i) steps, a0_i the init's strength along mode i (the study's loss, without ½).",
    source:
      "Saxe et al. 2014's logistic solution for balanced aligned modes [recall], extended to an unaligned init here [derived]",
    tag: "derived",
    quantity: "median over modes of measured (|a_i| reaches ½) / predicted half-time",
    runs: runsRead,
    predicted: 1,
    expected: "1",
    rule: withinFactor(1.25, 2),
    measure({modes, runs}) {
      const ratio = medianRatio(modes, "halfTime", "predictedHalfTime");
      return measurement(
        ratio,
        `the measured half-times are ${direction(ratio, "later", "earlier")} than the logistic prediction`,
        runs,
        {
          others: [
            {
              label: "the same with the sorted-spectrum half-times",
              value: medianRatio(modes, "spectrumHalfTime", "predictedHalfTime")
            }
          ],
          ...(Number.isNaN(ratio) ? {missing: "no mode reached |a_i| ≥ ½"} : {})
        }
      );
    }
  },
  {
    id: "rise-width",
    experiment,
    statement:
      "Each mode rises from 10 % to 90 % in ln(81) / (4 lr s_i) steps (2.2 / (η s_i) with η = 2 lr the step on ½‖X − M‖²), whatever the init.",
    source: "Saxe et al. 2014 [recall]; the width of the logistic solution [derived]",
    tag: "derived",
    quantity: "median over modes of measured / predicted 10-90 % rise width (of |a_i|, against its final value)",
    runs: runsRead,
    predicted: 1,
    expected: "1",
    rule: withinFactor(1.25, 2),
    measure({modes, runs}) {
      const ratio = medianRatio(modes, "width", "predictedWidth");
      return measurement(
        ratio,
        `the rises are ${direction(ratio, "wider", "narrower")} than the logistic width`,
        runs,
        {...(Number.isNaN(ratio) ? {missing: "no mode finished its rise within the budget"} : {})}
      );
    }
  }
];

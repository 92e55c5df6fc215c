import type {Claim, Measurement} from "../claim.js";
import {atMost, withinFactor} from "../rules.js";
import {measurement, modesText, percent, type RunStatus} from "./shared.js";

/**
 * Theory 6 (experiments/theory/denoising.ts): early stopping on noisy data. The judged stop is the
 * one the run finds by itself: the engine's plateau rule with its default settings (what `nmf fit
 * --early-stop` does: stop on the first effective-rank plateau that outlasts the patience while the
 * loss stalls), which sees only the run's own effective rank and loss on the noisy images. Stops
 * chosen by looking at the clean images (the plateau stop, or the kept step, closest to them) are
 * oracles: shown beside it, never judged. Bands: "closer" and "better" are ratios to the converged
 * factorization's, ≤ 0.9 agrees (at least 10 % closer), ≤ 1 partly; the rank is a predicted number,
 * within a factor 1.25 of k* agrees, 2 partly.
 */

/** What the claims read from one kept step (a row of the `stops` table). */
export interface StopMeasure {
  /** `rule` (the judged stop), `plateau-k`, `snapshot` or `final`. */
  kind: string;
  step: number;
  modes: number;
  /** ‖X − W H‖² / ‖X‖² against the clean images (NaN for snapshots, which keep H only). */
  cleanDistance: number;
  /** The same with the noisy images' NNLS projection onto H in place of W H. */
  projectedDistance: number;
  heldOutError: number;
}

export interface DenoisingInput {
  stops: StopMeasure[];
  /** k and the clean distance of the best rank-k approximation of the noisy images. */
  truncation: {k: number; cleanDistance: number}[];
  runs: RunStatus[];
  /** The judged rule in words. */
  rule: string;
}

/** The kept steps the claims compare: the judged stop, the converged run, and the oracles. */
export function denoisingStops(stops: readonly StopMeasure[]) {
  const plateauStops = stops.filter((s) => s.kind.startsWith("plateau-"));
  const lowest = (list: readonly StopMeasure[], key: "cleanDistance" | "projectedDistance" | "heldOutError") =>
    list.reduce<StopMeasure | undefined>((best, s) => (best === undefined || s[key] < best[key] ? s : best), undefined);
  return {
    judged: stops.find((s) => s.kind === "rule"),
    final: stops.find((s) => s.kind === "final"),
    plateauStops,
    oraclePlateau: lowest(plateauStops, "cleanDistance"),
    oracleStep: lowest(stops, "projectedDistance"),
    oracleHeldOut: lowest(stops, "heldOutError")
  };
}

/** The truncation rank closest to the clean images, k*. */
export function bestTruncation(truncation: DenoisingInput["truncation"]) {
  return truncation.reduce<DenoisingInput["truncation"][number] | undefined>(
    (best, t) => (best === undefined || t.cleanDistance < best.cleanDistance ? t : best),
    undefined
  );
}

/** Why a denoising claim cannot be measured, if it cannot. */
function missing(input: DenoisingInput): string | undefined {
  const {judged, final} = denoisingStops(input.stops);
  if (!final) return "no converged factorization";
  if (!judged) return `the rule "${input.rule}" never fired within the budget`;
  return undefined;
}

/** A measurement of the judged stop's `value` with the oracles beside it. */
function judgedMeasurement(
  input: DenoisingInput,
  value: (judged: StopMeasure, final: StopMeasure) => number,
  finding: (judged: StopMeasure, final: StopMeasure) => string,
  others: (final: StopMeasure) => Measurement["others"]
): Measurement {
  const {judged, final} = denoisingStops(input.stops);
  const why = missing(input);
  if (why !== undefined || !judged || !final) return measurement(NaN, "", input.runs, {missing: why});
  return measurement(value(judged, final), finding(judged, final), input.runs, {others: others(final)});
}

const experiment = "denoising";
const runsRead =
  "projected GD on MNIST images with Poisson noise, small init, a rank beyond the clean signal; watched by the plateau rule";

export const denoisingClaims: Claim<DenoisingInput>[] = [
  {
    id: "denoise",
    experiment,
    statement:
      "With noise added to X, the factorization stopped at a plateau is closer to the clean X than the converged one.",
    source:
      "Jiang, Chen and Ding 2022 (early-stopped small-init GD ≈ best low-rank approximation) [abs], applied to noisy data [derived]",
    tag: "derived",
    quantity: "the plateau rule's stop: ‖X_clean − WH‖²/‖X_clean‖² over the converged factorization's",
    runs: runsRead,
    predicted: NaN,
    expected: "below 1",
    rule: atMost(0.9, 1),
    measure(input) {
      const {plateauStops, oraclePlateau, oracleStep} = denoisingStops(input.stops);
      return judgedMeasurement(
        input,
        (judged, final) => judged.cleanDistance / final.cleanDistance,
        (judged, final) =>
          `the rule stops at step ${judged.step} with ${modesText(judged.modes)} learned, at ${percent(judged.cleanDistance)} from the clean images; converged: ${percent(final.cleanDistance)}`,
        (final) => [
          ...plateauStops.map((s) => ({
            label: `at the end of ${s.kind.replace("-", " ")}`,
            value: s.cleanDistance / final.cleanDistance
          })),
          ...(oraclePlateau
            ? [
                {
                  label: "oracle: the plateau stop closest to the clean images",
                  value: oraclePlateau.cleanDistance / final.cleanDistance
                }
              ]
            : []),
          ...(oracleStep
            ? [
                {
                  label: "oracle: the kept step closest to the clean images (NNLS product)",
                  value: oracleStep.projectedDistance / final.projectedDistance
                }
              ]
            : [])
        ]
      );
    }
  },
  {
    id: "rank-selection",
    experiment,
    statement:
      "Early stopping selects the rank: where the plateau rule stops, the number of modes learned equals the best truncation rank k* of the noisy matrix (the k minimizing ‖X_clean − Y_k‖).",
    source: "as above: early stopping as spectral truncation [derived]",
    tag: "derived",
    quantity: "modes learned at the plateau rule's stop over k*",
    runs: runsRead,
    predicted: 1,
    expected: "1",
    rule: withinFactor(1.25, 2),
    measure(input) {
      const best = bestTruncation(input.truncation);
      const {oracleStep} = denoisingStops(input.stops);
      if (!best) return measurement(NaN, "", input.runs, {missing: "no truncation of the noisy matrix"});
      return judgedMeasurement(
        input,
        (judged) => judged.modes / best.k,
        (judged) =>
          `the rule stops with ${modesText(judged.modes)} learned; the SVD truncation of the noisy images is closest to the clean ones at k* = ${best.k} (${percent(best.cleanDistance)})`,
        () =>
          oracleStep
            ? [
                {
                  label: "oracle: modes learned at the kept step closest to the clean images, over k*",
                  value: oracleStep.modes / best.k
                }
              ]
            : []
      );
    }
  },
  {
    id: "held-out",
    experiment,
    statement:
      "The signatures H where the plateau rule stops represent held-out clean images better than the converged H.",
    source: "the generalization test of the denoising prediction [derived]",
    tag: "derived",
    quantity: "held-out NNLS error at the plateau rule's stop over the converged H's",
    runs: runsRead,
    predicted: NaN,
    expected: "below 1",
    rule: atMost(0.9, 1),
    measure(input) {
      const {oraclePlateau, oracleHeldOut} = denoisingStops(input.stops);
      return judgedMeasurement(
        input,
        (judged, final) => judged.heldOutError / final.heldOutError,
        (judged, final) =>
          `held-out relative error ${percent(judged.heldOutError)} at the rule's stop, ${percent(final.heldOutError)} for the converged H`,
        (final) => [
          ...(oraclePlateau
            ? [
                {
                  label: "oracle: at the plateau stop closest to the clean images",
                  value: oraclePlateau.heldOutError / final.heldOutError
                }
              ]
            : []),
          ...(oracleHeldOut
            ? [
                {
                  label: "oracle: the lowest held-out error of any kept step",
                  value: oracleHeldOut.heldOutError / final.heldOutError
                }
              ]
            : [])
        ]
      );
    }
  }
];

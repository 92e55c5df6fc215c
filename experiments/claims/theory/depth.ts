import {median} from "../../measures.js";
import type {Claim} from "../claim.js";
import {atLeast, withinFactor} from "../rules.js";
import {listed, measurement, type RunStatus} from "./shared.js";

/**
 * Theory 3 (experiments/theory/depthScaling.ts): products of N = 2, 3, 4 factors. A trend with depth
 * is judged on the share of added factors (N -> N + 1) across which it goes the predicted way: every
 * one agrees, at least half partly (with depths 2, 3, 4: one of the two). The blow-up exponent is a
 * predicted number: within a factor 1.25 agrees, 2 partly.
 */

/** Per depth, what the claims read (a row of the `summary` table). */
export interface DepthMeasure {
  depth: number;
  seeds: number;
  /** Seeds whose mode 2 rose within the budget. */
  reached: number;
  /** Coefficient of variation of t2 across the seeds (NaN unless every seed reached mode 2). */
  spread: number;
  /** Median w2 / t2 over the seeds that reached mode 2. */
  relativeWidth: number;
  /** Slope of ln t1 against ln(1/α), and N - 2 (NaN at N = 2). */
  slope: number;
  predictedSlope: number;
  /** The spread and the slope from the sorted-spectrum half-times (shown beside). */
  spectrumSpread?: number;
  spectrumSlope?: number;
}

export interface DepthInput {
  summary: DepthMeasure[];
  /** The seed runs (sharpness and spread) and the init-scale runs (the exponent). */
  seedRuns: RunStatus[];
  scalingRuns: RunStatus[];
}

/** Share of consecutive depths across which `values` moves the `direction` way (NaN when one is missing). */
export function shareOfSteps(values: readonly number[], direction: "increasing" | "decreasing"): number {
  if (values.length < 2 || values.some((v) => Number.isNaN(v))) return NaN;
  let moved = 0;
  for (let i = 1; i < values.length; ++i)
    if (direction === "increasing" ? values[i] > values[i - 1] : values[i] < values[i - 1]) ++moved;
  return moved / (values.length - 1);
}

/** Depths where not every seed's mode 2 rose within the budget, in words (empty when none). */
function censored(summary: readonly DepthMeasure[]): string {
  return summary
    .filter((s) => s.reached < s.seeds)
    .map((s) => `${s.seeds - s.reached} of ${s.seeds} seeds at depth ${s.depth}`)
    .join(", ");
}

const experiment = "depth-scaling";
const seedRunsText =
  "projected GD on products of 2, 3, 4 factors (inner ranks 10), one init scale, each depth at c = 1, several seeds";
const stepRule = atLeast(1, 0.5);

export const depthClaims: Claim<DepthInput>[] = [
  {
    id: "sharpness",
    experiment,
    statement: "Deeper products jump more sharply: the rise of mode 2 is narrower relative to its jump time.",
    source:
      "Gissin, Shalev-Shwartz and Daniely, ICLR 2020 (deeper models need a less small init for incremental learning) [abs]; the width measure [derived]",
    tag: "derived",
    quantity: "share of added factors across which the median w2/t2 falls",
    runs: seedRunsText,
    predicted: 1,
    expected: "falls with every added factor",
    rule: stepRule,
    measure({summary, seedRuns}) {
      const widths = summary.map((s) => s.relativeWidth);
      const share = shareOfSteps(widths, "decreasing");
      const missing = summary.filter((s) => s.reached === 0).map((s) => s.depth);
      return measurement(
        share,
        `median relative width w2/t2 of the second jump by depth: ${listed(summary.map((s) => [s.depth, s.relativeWidth]))}`,
        seedRuns,
        {...(missing.length ? {missing: `mode 2 did not rise within the budget at depth ${missing.join(", ")}`} : {})}
      );
    }
  },
  {
    id: "seed-spread",
    experiment,
    statement: "At equal small init, the seed-to-seed spread of the jump times grows with depth.",
    source: "Li, Luo and Lyu, ICLR 2021, Fig. 5 caption [recall]; as a prediction for NMF [derived]",
    tag: "recall",
    quantity: "share of added factors across which the coefficient of variation of t2 across seeds grows",
    runs: seedRunsText,
    predicted: 1,
    expected: "grows with every added factor",
    rule: stepRule,
    measure({summary, seedRuns}) {
      const left = censored(summary);
      const share = shareOfSteps(
        summary.map((s) => s.spread),
        "increasing"
      );
      return measurement(
        share,
        `coefficient of variation of t2 across ${summary[0]?.seeds ?? 0} seeds by depth: ${listed(summary.map((s) => [s.depth, s.spread]))}`,
        seedRuns,
        {
          others: summary.map((s) => ({
            label: `with the sorted-spectrum t2, depth ${s.depth}`,
            value: s.spectrumSpread ?? NaN
          })),
          ...(left
            ? {missing: `mode 2 did not rise within the budget for ${left}, so the spread is unknown there`}
            : {})
        }
      );
    }
  },
  {
    id: "init-scaling",
    experiment,
    statement:
      "The first jump time grows like α^−(N−2) at depth N ≥ 3 (slope N − 2 of ln t against ln 1/α), logarithmically at depth 2.",
    source: "Arora, Cohen, Hu and Luo, NeurIPS 2019 singular-value dynamics [recall], integrated here [derived]",
    tag: "derived",
    quantity: "median over depths ≥ 3 of the measured / predicted slope of ln t1 (|a_1| reaches ½) against ln 1/α",
    runs: "the same products from several init scales, one seed, each depth at c = 0.25",
    predicted: 1,
    expected: "1",
    rule: withinFactor(1.25, 2),
    measure({summary, scalingRuns}) {
      const deep = summary.filter((s) => s.depth >= 3);
      const ratio = median(deep.map((s) => s.slope / s.predictedSlope));
      const shallow = summary.find((s) => s.depth === 2);
      return measurement(
        ratio,
        `slopes of ln t1 against ln 1/α by depth: ${listed(summary.map((s) => [s.depth, s.slope]))} (predicted ${summary.map((s) => (s.depth >= 3 ? s.depth - 2 : "≈ 0")).join(", ")})`,
        scalingRuns,
        {
          others: [
            ...(shallow ? [{label: "slope at depth 2", value: shallow.slope}] : []),
            {
              label: "the same median with the sorted-spectrum t1",
              value: median(deep.map((s) => (s.spectrumSlope ?? NaN) / s.predictedSlope))
            }
          ],
          ...(Number.isNaN(ratio) ? {missing: "the first jump was not reached at two init scales of a depth ≥ 3"} : {})
        }
      );
    }
  }
];

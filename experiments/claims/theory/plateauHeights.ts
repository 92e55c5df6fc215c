import {median} from "../../measures.js";
import type {Claim} from "../claim.js";
import {atMost} from "../rules.js";
import {measurement, percent, type RunStatus} from "./shared.js";

/**
 * Theory 5 (experiments/theory/plateauHeights.ts): where the staircase pauses. Judged over the
 * plateaus with k ≥ 2 modes learned: a rank-one plateau agrees with both predictions by
 * construction (any rank-one matrix has effective rank 1 = erank(X_1), and by Perron-Frobenius the
 * best rank-one approximation of X ≥ 0 is non-negative, so non-negativity costs nothing there); the
 * page states that as a fact. Bands: the level within 10 % of erank(X_k) agrees, 25 % partly; the
 * error within 5 % of the Eckart-Young bound agrees, 15 % partly.
 */

/** What the claims read from one plateau (a row of the `levels` table). */
export interface PlateauMeasure {
  level: number;
  modes: number;
  erankTruncated: number;
  erankNmf: number;
  relativeError: number;
  eckartYoung: number;
  nmfError: number;
}

export interface PlateauHeightsInput {
  plateaus: PlateauMeasure[];
  /** The staircases (the converged HALS runs are references shown beside, not judged). */
  runs: RunStatus[];
}

/** The plateaus the claims judge: at least two modes learned. */
export function judgedPlateaus(plateaus: readonly PlateauMeasure[]): PlateauMeasure[] {
  return plateaus.filter((p) => p.modes >= 2);
}

const experiment = "plateau-heights";
const runsRead =
  "the GD staircases of W H (α = 1e-4 and 1e-6, c = 0.1) and of 3 and 4 factors (seed 112, c = 1); converged HALS at ranks 1-10 for comparison";

export const plateauHeightsClaims: Claim<PlateauHeightsInput>[] = [
  {
    id: "level",
    experiment,
    statement:
      "On a plateau where k modes are learned, the effective rank of the product is close to erank(X_k), the effective rank of X's best rank-k approximation.",
    source: "Chou, Gieshoff, Maly and Rauhut, ACHA 2024 [abs]",
    tag: "abs",
    quantity: "median over the plateaus with k ≥ 2 of |level − erank(X_k)| / erank(X_k)",
    runs: runsRead,
    predicted: 0,
    expected: "0",
    rule: atMost(0.1, 0.25),
    measure({plateaus: all, runs}) {
      const plateaus = judgedPlateaus(all);
      const off = median(plateaus.map((p) => Math.abs(p.level - p.erankTruncated) / p.erankTruncated));
      const nmfOff = median(plateaus.map((p) => Math.abs(p.level - p.erankNmf) / p.erankNmf));
      const closer = plateaus.filter(
        (p) => Math.abs(p.level - p.erankNmf) < Math.abs(p.level - p.erankTruncated)
      ).length;
      const ks = [...new Set(plateaus.map((p) => p.modes))].sort((a, b) => a - b);
      return measurement(
        off,
        `${plateaus.length} plateaus at k = ${ks.join(", ")} modes; ${closer} of them ${closer === 1 ? "sits" : "sit"} closer to the converged rank-k NMF's effective rank than to erank(X_k)`,
        runs,
        {
          others: [{label: "the same median against the converged rank-k NMF's effective rank", value: nmfOff}],
          ...(plateaus.length === 0 ? {missing: "no plateau with two or more modes learned"} : {})
        }
      );
    }
  },
  {
    id: "loss",
    experiment,
    statement:
      "Stopped on plateau k, small-init GD is near the best rank-k approximation: its error sits near the Eckart-Young bound at k.",
    source: "Jiang, Chen and Ding, arXiv 2203.02839 [abs]",
    tag: "abs",
    quantity: "median over the plateaus with k ≥ 2 of (plateau error − Eckart-Young bound) / bound",
    runs: runsRead,
    predicted: 0,
    expected: "0",
    rule: atMost(0.05, 0.15),
    measure({plateaus: all, runs}) {
      const plateaus = judgedPlateaus(all);
      const off = median(plateaus.map((p) => (p.relativeError - p.eckartYoung) / p.eckartYoung));
      const nmfOff = median(plateaus.map((p) => (p.nmfError - p.eckartYoung) / p.eckartYoung));
      return measurement(
        off,
        `the plateaus' errors are ${percent(off)} above the bound and the converged rank-k NMF's ${percent(nmfOff)} (medians)`,
        runs,
        {
          others: [{label: "the converged rank-k NMF's median excess over the bound", value: nmfOff}],
          ...(plateaus.length === 0 ? {missing: "no plateau with two or more modes learned"} : {})
        }
      );
    }
  }
];

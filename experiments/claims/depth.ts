import {spearman} from "../measures.js";
import type {CompletedRun} from "../types.js";
import type {Claim} from "./claim.js";
import {mostRuns} from "./rules.js";
import {convergedCount, runShape, type RunShape} from "./runShape.js";

/**
 * The depth sweep (the study's experiment 6: depth 1 to 5, ranks the suffixes of 60, 40, 30, 20, 10).
 * The study reports the sweep without a claim about it; the claim judged here is the literature's:
 * Arora, Cohen, Hu and Luo (NeurIPS 2019, abstract) find that "adding depth to a matrix factorization
 * enhances an implicit tendency towards low-rank solutions". Their setting is gradient descent on
 * matrix completion and sensing; here it is read as a prediction for Deep NMF trained by Adam on all
 * of X, where every depth has the same end-to-end rank (10): the deeper product should end at a
 * lower effective rank. Judged on the `matched` init family (the same initial product at every
 * depth, so that only depth changes); the study's own init is shown beside it. The rule was fixed
 * before the runs of this code were looked at.
 */
export type DepthFamily = "study" | "matched";

export interface DepthRun extends RunShape {
  family: DepthFamily;
  depth: number;
}

/** A run of the depth experiment: its id is `<family>-depth-<d>`. */
export function depthRun(run: CompletedRun): DepthRun {
  return {
    ...runShape(run),
    family: run.spec.id.startsWith("matched") ? "matched" : "study",
    depth: run.spec.fit.ranks.length
  };
}

export interface DepthInput {
  runs: DepthRun[];
}

/** The family judged. */
export const JUDGED_FAMILY: DepthFamily = "matched";

/** A family's runs by increasing depth, and the share of steps d -> d + 1 at which the final effective rank falls. */
export function depthSteps(runs: readonly DepthRun[], family: DepthFamily) {
  const own = runs.filter((r) => r.family === family).sort((a, b) => a.depth - b.depth);
  const steps = own.slice(1).map((r, k) => ({from: own[k], to: r, falls: r.effectiveRank < own[k].effectiveRank}));
  const falls = steps.filter((s) => s.falls).length;
  return {runs: own, steps, falls, share: steps.length ? falls / steps.length : NaN};
}

export const depthClaims: Claim<DepthInput>[] = [
  {
    id: "depth-lower-rank",
    experiment: "depth",
    statement: "Adding depth to a matrix factorization enhances its tendency towards low-rank solutions.",
    source:
      'Arora, Cohen, Hu and Luo, "Implicit Regularization in Deep Matrix Factorization", NeurIPS 2019 (abstract); ' +
      "stated for gradient descent on matrix completion and sensing, read here for Deep NMF by Adam",
    tag: "abs",
    quantity:
      "share of the steps from depth d to d + 1 (matched init, the same end-to-end rank 10) at which the final effective rank falls",
    runs: "depths 1 to 5 of the profile, matched init",
    predicted: 1,
    expected: "every added layer",
    rule: mostRuns,
    measure({runs}) {
      const judged = depthSteps(runs, JUDGED_FAMILY);
      const study = depthSteps(runs, "study");
      const ranks = judged.runs.map((r) => r.effectiveRank);
      return {
        value: judged.share,
        finding:
          `the final effective rank falls at ${judged.falls} of ${judged.steps.length} added layers ` +
          `(${judged.runs.map((r) => `depth ${r.depth}: ${r.effectiveRank.toFixed(2)}`).join(", ")})`,
        runs: judged.runs.length,
        converged: convergedCount(judged.runs),
        others: [
          {
            label: "Spearman correlation of depth and final effective rank, matched init",
            value:
              judged.runs.length >= 3
                ? spearman(
                    judged.runs.map((r) => r.depth),
                    ranks
                  )
                : NaN
          },
          {label: "the same share from the study's uniform [0, 1) init", value: study.share}
        ],
        ...(judged.steps.length === 0 ? {missing: "fewer than two depths with the matched init at this profile"} : {})
      };
    }
  }
];

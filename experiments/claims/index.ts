import type {Claim} from "./claim.js";
import {depthClaims} from "./depth.js";
import {earlyStoppingClaims} from "./earlyStopping.js";
import {headlineClaims} from "./headline.js";
import {initsClaims} from "./inits.js";
import {lossesClaims} from "./losses.js";
import {plateauDetectorClaims} from "./plateauDetector.js";
import {singularValuesClaims} from "./singularValues.js";
import {theoryClaims} from "./theory/index.js";

/**
 * Every claim the report judges, in the order of the pages: each is a row of its experiment's
 * `verdicts` table, on MNIST and on the replications (claims/replicates.ts). The theory page's
 * predictions come last (claims/theory/).
 */
export const claims: readonly Claim<never>[] = [
  ...singularValuesClaims,
  ...headlineClaims,
  ...earlyStoppingClaims,
  ...initsClaims,
  ...lossesClaims,
  ...depthClaims,
  ...plateauDetectorClaims,
  ...theoryClaims
] as Claim<never>[];

export {depthClaims, earlyStoppingClaims, headlineClaims, initsClaims, lossesClaims};
export {judge, notRun, formatValue, type Claim, type Measurement, type VerdictRow} from "./claim.js";
export {
  atLeast,
  atMost,
  mostRuns,
  near,
  outcomes,
  withinFactor,
  type Outcome,
  type Rule,
  type VerdictWord
} from "./rules.js";

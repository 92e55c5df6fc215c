import type {Claim} from "./claim.js";
import {earlyStoppingClaims} from "./earlyStopping.js";
import {headlineClaims} from "./headline.js";
import {plateauDetectorClaims} from "./plateauDetector.js";
import {singularValuesClaims} from "./singularValues.js";

/**
 * Every claim the report judges, in the order of the pages: each is a row of its experiment's
 * `verdicts` table, on MNIST and on the replications (claims/replicates.ts).
 */
export const claims: readonly Claim<never>[] = [
  ...singularValuesClaims,
  ...headlineClaims,
  ...earlyStoppingClaims,
  ...plateauDetectorClaims
] as Claim<never>[];

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

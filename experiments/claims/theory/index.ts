import type {Claim} from "../claim.js";
import {denoisingClaims} from "./denoising.js";
import {depthClaims} from "./depth.js";
import {initScaleClaims} from "./initScale.js";
import {modeTimingClaims} from "./modeTiming.js";
import {optimizerClaims} from "./optimizers.js";
import {plateauHeightsClaims} from "./plateauHeights.js";
import {spectralGapClaims} from "./spectralGaps.js";

export {
  denoisingClaims,
  depthClaims,
  initScaleClaims,
  modeTimingClaims,
  optimizerClaims,
  plateauHeightsClaims,
  spectralGapClaims
};

/**
 * The predictions of the literature tested by the theory experiments (experiments/theory/), in the
 * theory page's order: each experiment's claims, judged on MNIST and its replications.
 */
// Each list reads its own input type; the registry only needs what every claim has in common.
export const theoryClaims: readonly Claim<never>[] = [
  ...modeTimingClaims,
  ...initScaleClaims,
  ...depthClaims,
  ...optimizerClaims,
  ...plateauHeightsClaims,
  ...denoisingClaims,
  ...spectralGapClaims
] as Claim<never>[];

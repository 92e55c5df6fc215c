import type {Experiment} from "../types.js";
import {denoisingExperiment} from "./denoising.js";
import {depthScalingExperiment} from "./depthScaling.js";
import {initScaleExperiment} from "./initScale.js";
import {modeTimingExperiment} from "./modeTiming.js";
import {optimizersExperiment} from "./optimizers.js";
import {plateauHeightsExperiment} from "./plateauHeights.js";
import {spectralGapsExperiment} from "./spectralGaps.js";

/**
 * The theory experiments: predictions of the low-rank-bias literature tested on real
 * data, each with a `verdicts` table; the page src/theory.md draws them. In the page's order.
 */
export const theoryExperiments: readonly Experiment[] = [
  modeTimingExperiment,
  initScaleExperiment,
  depthScalingExperiment,
  optimizersExperiment,
  plateauHeightsExperiment,
  denoisingExperiment,
  spectralGapsExperiment
];

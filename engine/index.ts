// The engine's public API, browser-safe: no DOM and no Node API below this file. Code outside engine/
// imports the engine through this file only (test/architecture.test.ts checks it).
export * from "./matrix.js";
export * from "./random.js";
export * from "./types.js";
export * from "./errors.js";
export * from "./linalg/index.js";
export * from "./metrics/index.js";
export * from "./plateaus.js";
export * from "./convergence.js";
export {initialFactors, type InitialFactors} from "./init/index.js";
export * from "./init/nndsvd.js";
export {startingFactors, type StartingOptions} from "./init/starting.js";
export {fit, type FitContext} from "./fit.js";
export {
  selectRank,
  oneStandardError,
  meanAndError,
  ONE_STANDARD_ERROR_RULE,
  type RankScore,
  type RankSelectionOptions
} from "./rankSelection.js";
export {transform, type TransformOptions, type TransformResult} from "./transform.js";
export * from "./betaLoss.js";
export {denseLoss, entryDivergence, entryDerivative, type DenseLoss} from "./dense/denseLoss.js";
export {observedData, type ObservedData} from "./dense/observed.js";
export {TrajectoryRecorder, lastRecord, recordAt} from "./trajectory.js";
export {recordedStep} from "./recordSchedule.js";
export * from "./stopRules.js";
export {normalizeOptions, validateData, withinBounds, type NormalizedOptions} from "./validate.js";
export * from "./solvers/index.js";
export * from "./kernels/index.js";

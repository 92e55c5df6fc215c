// The lab's browser-safe entry point (bundled into src/vendor/lab.js by scripts/bundle.ts, without
// tfjs: every function takes the page's tfjs as its first argument).
export {train, yieldToEventLoop, type TrainHooks} from "./train.js";
export {runOnEngine} from "./engineRun.js";
export {validateLabConfig, labBounds, type LabOptions} from "./validate.js";
export {recordFromState} from "./metrics.js";
export type {LabConfig, LabProduct, LabRecord, LabResult, LabUpdate, TF} from "./types.js";
export {isInputError, InputError, matrix, plateauJumps, recordedStep, type Matrix} from "../engine/index.js";
export type {Divergence, Plateau, Model, Init, Loss, Optimizer, StopReason} from "../engine/index.js";
export {trajectoryKey, type LabSetup} from "./setup.js";

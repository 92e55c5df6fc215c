// Effective-rank plateaus of a training trajectory: the offline detector, the online monitor (early
// stopping) and the jumps between plateaus. One definition, stated in detect.ts.
export {detectPlateaus} from "./detect.js";
export {createPlateauMonitor} from "./monitor.js";
export type {MonitorState, PlateauMonitor, PlateauMonitorOptions, PlateauStatus} from "./monitor.js";
export {defaultLossTolerance, defaultPatience} from "./earlyStop.js";
export {plateauJumps} from "./jumps.js";
export type {PlateauJump} from "./jumps.js";
export {defaultPlateauSettings, plateauSettings, toleranceAt} from "./settings.js";
export {noiseFloor, piecePenalty, REFERENCE_SPAN, REFERENCE_STEPS} from "./pieces.js";
export type {PlateauOptions, PlateauSettings} from "./settings.js";

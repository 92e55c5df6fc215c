// The solvers' step functions and their constants: one update per call of `Solver.step` (engine/fit.ts runs the loop).
export type {Solver, SolverState} from "./solver.js";
export {multiplicativeUpdates, multiplicativeStep, MU_EPSILON} from "./multiplicative.js";
export {
  hals,
  halsSweeps,
  defaultInnerSweeps,
  halsInnerSweeps,
  INNER_STOP,
  MAX_INNER_SWEEPS,
  type InnerSweeps
} from "./hals.js";
export {deepGlobal, type GradientOptions} from "./deepGlobal.js";
export {deepLayerwise} from "./deepLayerwise.js";
export {createOptimizer, adamBiasCorrections, ADAM_EPSILON, type OptimizerOptions} from "./optimizer.js";

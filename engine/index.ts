// The engine's browser-safe entry point: no DOM and no Node API below this file.
export * from "./matrix.js";
export * from "./random.js";
export * from "./types.js";
export * from "./errors.js";
export * from "./linalg/index.js";
export * from "./metrics/index.js";
export * from "./plateaus.js";
export * from "./init/nndsvd.js";
export * from "./convergence.js";

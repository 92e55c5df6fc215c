// The engine's browser-safe entry point: no DOM and no Node API below this file.
export * from "./matrix.js";
export * from "./random.js";
export * from "./types.js";
export * from "./errors.js";

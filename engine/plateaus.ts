// Effective-rank plateaus and early stopping: the code lives in plateaus/ (one file per concept).
export * from "./plateaus/index.js";

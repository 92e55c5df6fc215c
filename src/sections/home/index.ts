// The home page's sections (src/index.md).
export * from "./dataNumbers.js";
export * from "./digits.js";
export * from "./headline.js";
export * from "./verdicts.js";

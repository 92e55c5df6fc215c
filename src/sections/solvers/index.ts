// The solvers page's sections (src/solvers.md).
import type {LabPanelOptions} from "../../components/lab.js";

export * from "./gaps.js";
export * from "./inits.js";
export * from "./solvers.js";
export * from "./verify.js";

/** The lab under "Try it": Adam at rank 10 from a small start (10⁻³). */
export const labOptions = {
  compact: true,
  defaults: {model: "adam", ranks: [10], init: "random", initScale: 1e-3, lr: 0.01, iterations: 500}
} satisfies LabPanelOptions;

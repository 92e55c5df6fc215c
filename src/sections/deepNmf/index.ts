// The Deep NMF page's sections (src/deep-nmf.md).
import type {LabPanelOptions} from "../../components/lab.js";

export * from "./depth.js";
export * from "./depthTable.js";
export * from "./losses.js";
export * from "./regularizers.js";

/** The lab under "Try it": the layer-wise loss on (20, 10) by Adam from a small start. */
export const labOptions = {
  compact: true,
  defaults: {
    model: "deep",
    ranks: [20, 10],
    loss: "layerwise",
    optimizer: "adam",
    init: "random",
    initScale: 1e-2,
    lr: 0.01,
    iterations: 500
  }
} satisfies LabPanelOptions;

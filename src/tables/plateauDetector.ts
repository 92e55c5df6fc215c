// The tables of the experiment `plateau-detector` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const plateauDetectorTables = {
  validation: () => FileAttachment("../data/plateau-detector-validation.arrow").arrayBuffer(),
  sensitivity: () => FileAttachment("../data/plateau-detector-sensitivity.arrow").arrayBuffer(),
  examples: () => FileAttachment("../data/plateau-detector-examples.arrow").arrayBuffer(),
  examplePlateaus: () => FileAttachment("../data/plateau-detector-examplePlateaus.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/plateau-detector-verdicts.arrow").arrayBuffer()
};

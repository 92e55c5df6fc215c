// The tables of the experiment `denoising` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const denoisingTables = {
  stops: () => FileAttachment("../data/denoising-stops.arrow").arrayBuffer(),
  truncation: () => FileAttachment("../data/denoising-truncation.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/denoising-verdicts.arrow").arrayBuffer()
};

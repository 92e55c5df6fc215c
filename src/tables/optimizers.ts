// The tables of the experiment `optimizers` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const optimizersTables = {
  trajectories: () => FileAttachment("../data/optimizers-trajectories.arrow").arrayBuffer(),
  reference: () => FileAttachment("../data/optimizers-reference.arrow").arrayBuffer(),
  times: () => FileAttachment("../data/optimizers-times.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/optimizers-verdicts.arrow").arrayBuffer()
};

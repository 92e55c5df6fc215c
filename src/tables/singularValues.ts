// The tables of the experiment `singular-values` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const singularValuesTables = {
  runs: () => FileAttachment("../data/singular-values-runs.arrow").arrayBuffer(),
  trajectories: () => FileAttachment("../data/singular-values-trajectories.arrow").arrayBuffer(),
  reference: () => FileAttachment("../data/singular-values-reference.arrow").arrayBuffer(),
  halfTimes: () => FileAttachment("../data/singular-values-halfTimes.arrow").arrayBuffer(),
  fits: () => FileAttachment("../data/singular-values-fits.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/singular-values-verdicts.arrow").arrayBuffer()
};

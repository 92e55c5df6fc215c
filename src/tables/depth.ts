// The tables of the experiment `depth` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const depthTables = {
  runs: () => FileAttachment("../data/depth-runs.arrow").arrayBuffer(),
  trajectories: () => FileAttachment("../data/depth-trajectories.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/depth-verdicts.arrow").arrayBuffer(),
  findings: () => FileAttachment("../data/depth-findings.arrow").arrayBuffer()
};

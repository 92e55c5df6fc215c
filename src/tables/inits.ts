// The tables of the experiment `inits` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const initsTables = {
  runs: () => FileAttachment("../data/inits-runs.arrow").arrayBuffer(),
  trajectories: () => FileAttachment("../data/inits-trajectories.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/inits-verdicts.arrow").arrayBuffer(),
  findings: () => FileAttachment("../data/inits-findings.arrow").arrayBuffer()
};

// The tables of the experiment `losses` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const lossesTables = {
  runs: () => FileAttachment("../data/losses-runs.arrow").arrayBuffer(),
  trajectories: () => FileAttachment("../data/losses-trajectories.arrow").arrayBuffer(),
  plateaus: () => FileAttachment("../data/losses-plateaus.arrow").arrayBuffer(),
  reference: () => FileAttachment("../data/losses-reference.arrow").arrayBuffer(),
  pairs: () => FileAttachment("../data/losses-pairs.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/losses-verdicts.arrow").arrayBuffer(),
  findings: () => FileAttachment("../data/losses-findings.arrow").arrayBuffer()
};

// The tables of the experiment `regularizers` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const regularizersTables = {
  runs: () => FileAttachment("../data/regularizers-runs.arrow").arrayBuffer(),
  findings: () => FileAttachment("../data/regularizers-findings.arrow").arrayBuffer()
};

// The tables of the experiment `reconstructions` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const reconstructionsTables = {
  runs: () => FileAttachment("../data/reconstructions-runs.arrow").arrayBuffer(),
  reconstructions: () => FileAttachment("../data/reconstructions-reconstructions.arrow").arrayBuffer(),
  generated: () => FileAttachment("../data/reconstructions-generated.arrow").arrayBuffer()
};

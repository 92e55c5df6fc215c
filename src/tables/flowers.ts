// The tables of the experiment `flowers` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const flowersTables = {
  runs: () => FileAttachment("../data/flowers-runs.arrow").arrayBuffer(),
  trajectories: () => FileAttachment("../data/flowers-trajectories.arrow").arrayBuffer(),
  plateaus: () => FileAttachment("../data/flowers-plateaus.arrow").arrayBuffer(),
  reference: () => FileAttachment("../data/flowers-reference.arrow").arrayBuffer(),
  snapshots: () => FileAttachment("../data/flowers-snapshots.arrow").arrayBuffer(),
  reconstructions: () => FileAttachment("../data/flowers-reconstructions.arrow").arrayBuffer(),
  structure: () => FileAttachment("../data/flowers-structure.arrow").arrayBuffer(),
  findings: () => FileAttachment("../data/flowers-findings.arrow").arrayBuffer()
};

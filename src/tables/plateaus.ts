// The tables of the experiment `plateaus` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const plateausTables = {
  runs: () => FileAttachment("../data/plateaus-runs.arrow").arrayBuffer(),
  trajectories: () => FileAttachment("../data/plateaus-trajectories.arrow").arrayBuffer(),
  plateaus: () => FileAttachment("../data/plateaus-plateaus.arrow").arrayBuffer(),
  jumps: () => FileAttachment("../data/plateaus-jumps.arrow").arrayBuffer(),
  reference: () => FileAttachment("../data/plateaus-reference.arrow").arrayBuffer(),
  snapshots: () => FileAttachment("../data/plateaus-snapshots.arrow").arrayBuffer(),
  signatures: () => FileAttachment("../data/plateaus-signatures.arrow").arrayBuffer(),
  seeds: () => FileAttachment("../data/plateaus-seeds.arrow").arrayBuffer(),
  summary: () => FileAttachment("../data/plateaus-summary.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/plateaus-verdicts.arrow").arrayBuffer()
};

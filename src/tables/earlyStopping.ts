// The tables of the experiment `early-stopping` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const earlyStoppingTables = {
  runs: () => FileAttachment("../data/early-stopping-runs.arrow").arrayBuffer(),
  trajectories: () => FileAttachment("../data/early-stopping-trajectories.arrow").arrayBuffer(),
  timings: () => FileAttachment("../data/early-stopping-timings.arrow").arrayBuffer(),
  snapshots: () => FileAttachment("../data/early-stopping-snapshots.arrow").arrayBuffer(),
  reconstructions: () => FileAttachment("../data/early-stopping-reconstructions.arrow").arrayBuffer(),
  coefficients: () => FileAttachment("../data/early-stopping-coefficients.arrow").arrayBuffer(),
  stops: () => FileAttachment("../data/early-stopping-stops.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/early-stopping-verdicts.arrow").arrayBuffer()
};

// The tables of the experiment `solvers` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const solversTables = {
  runs: () => FileAttachment("../data/solvers-runs.arrow").arrayBuffer(),
  trajectories: () => FileAttachment("../data/solvers-trajectories.arrow").arrayBuffer(),
  timings: () => FileAttachment("../data/solvers-timings.arrow").arrayBuffer(),
  reference: () => FileAttachment("../data/solvers-reference.arrow").arrayBuffer(),
  solverSummary: () => FileAttachment("../data/solvers-solverSummary.arrow").arrayBuffer(),
  findings: () => FileAttachment("../data/solvers-findings.arrow").arrayBuffer()
};

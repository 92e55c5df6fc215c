// The tables of the experiment `init-scale` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const initScaleTables = {
  runs: () => FileAttachment("../data/init-scale-runs.arrow").arrayBuffer(),
  trajectories: () => FileAttachment("../data/init-scale-trajectories.arrow").arrayBuffer(),
  halfTimes: () => FileAttachment("../data/init-scale-halfTimes.arrow").arrayBuffer(),
  slopes: () => FileAttachment("../data/init-scale-slopes.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/init-scale-verdicts.arrow").arrayBuffer()
};

// The tables of the experiment `depth-scaling` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const depthScalingTables = {
  trajectories: () => FileAttachment("../data/depth-scaling-trajectories.arrow").arrayBuffer(),
  jumpTimes: () => FileAttachment("../data/depth-scaling-jumpTimes.arrow").arrayBuffer(),
  scaling: () => FileAttachment("../data/depth-scaling-scaling.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/depth-scaling-verdicts.arrow").arrayBuffer()
};

// The tables of the experiment `mode-timing` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const modeTimingTables = {
  trajectories: () => FileAttachment("../data/mode-timing-trajectories.arrow").arrayBuffer(),
  modes: () => FileAttachment("../data/mode-timing-modes.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/mode-timing-verdicts.arrow").arrayBuffer()
};

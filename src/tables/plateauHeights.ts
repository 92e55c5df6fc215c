// The tables of the experiment `plateau-heights` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const plateauHeightsTables = {
  levels: () => FileAttachment("../data/plateau-heights-levels.arrow").arrayBuffer(),
  references: () => FileAttachment("../data/plateau-heights-references.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/plateau-heights-verdicts.arrow").arrayBuffer()
};

// The tables of the experiment `rank-selection` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const rankSelectionTables = {
  ranks: () => FileAttachment("../data/rank-selection-ranks.arrow").arrayBuffer(),
  folds: () => FileAttachment("../data/rank-selection-folds.arrow").arrayBuffer()
};

// The tables of the experiment `spectral-gaps` that pages read (columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const spectralGapsTables = {
  gaps: () => FileAttachment("../data/spectral-gaps-gaps.arrow").arrayBuffer(),
  separations: () => FileAttachment("../data/spectral-gaps-separations.arrow").arrayBuffer(),
  verdicts: () => FileAttachment("../data/spectral-gaps-verdicts.arrow").arrayBuffer()
};

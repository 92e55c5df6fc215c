// The verdicts tables of the experiments that judge the study's claims, for the home page's summary
// (each is also listed by its experiment's module; columns: docs/experiments.md).
import {FileAttachment} from "observablehq:stdlib";

export const studyVerdictsTables = {
  singularValues: () => FileAttachment("../data/singular-values-verdicts.arrow").arrayBuffer(),
  plateaus: () => FileAttachment("../data/plateaus-verdicts.arrow").arrayBuffer(),
  earlyStopping: () => FileAttachment("../data/early-stopping-verdicts.arrow").arrayBuffer(),
  inits: () => FileAttachment("../data/inits-verdicts.arrow").arrayBuffer(),
  losses: () => FileAttachment("../data/losses-verdicts.arrow").arrayBuffer(),
  depth: () => FileAttachment("../data/depth-verdicts.arrow").arrayBuffer()
};

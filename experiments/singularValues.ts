import {mnistData, standardTables, standardTableNames} from "./common.js";
import {scales, studySeed} from "./profiles.js";
import type {Experiment, RunSpec} from "./types.js";

/**
 * Experiment 1 of the study (report Fig. 1): the leading singular values of M = W1 W2 H at the start
 * of training against those of X. Deep NMF k = 2, ranks (20, 10), factors uniform in [0, 1e-2),
 * plain projected gradient descent. Beside it, the same small init and step for the two-factor
 * product W H (rank 10): Saxe et al.'s depth-2 setting, where modes are learned one at a time
 * (science brief, section 2). Trajectories are kept on a linear step grid (the figure's axis).
 */
export const singularValuesExperiment: Experiment = {
  name: "singular-values",
  description:
    "singular values of M over time against those of X: Deep NMF (20, 10) and W H from a small init, plain GD",
  figures: "Fig. 1",
  tables: standardTableNames,
  plan(profile) {
    const s = scales[profile].singularValues;
    const data = mnistData(profile);
    const common = {
      init: "random" as const,
      initScale: 1e-2,
      seed: studySeed,
      lr: s.lr,
      iterations: s.iterations,
      recordEvery: s.recordEvery
    };
    const runs: RunSpec[] = [
      {id: "deep-20-10", data, fit: {model: "deep", ranks: [20, 10], loss: "global", optimizer: "gd", ...common}},
      {id: "flat-10", data, fit: {model: "gd", ranks: [10], ...common}}
    ];
    return {configuration: {...s, initScale: 1e-2, optimizer: "gd"}, runs};
  },
  build(context) {
    const points = scales[context.profile].singularValues.points;
    return standardTables(context, "singular-values", {
      group: (run) => (run.spec.fit.model === "deep" ? "W1 W2 H" : "W H"),
      points: () => points,
      scale: "linear"
    }).tables;
  }
};

import type {Loss} from "../engine/types.js";
import {mnistData, standardTables, standardTableNames, studyDeepFit} from "./common.js";
import {scales, studySeed} from "./profiles.js";
import type {Experiment, RunSpec} from "./types.js";

/** The (r1, r2) pair whose trajectories are published in full detail (the study's late jump). */
export const focusPair: [number, number] = [40, 20];

/**
 * Experiment 4 of the study (report Fig. 2, 3, 4, 10): global against layer-wise loss over the
 * (r1, r2) grid, r2 <= r1 (r1 in {10, 20, 40}, r2 in {5, 10, 20, 30}), Deep NMF with Adam lr 1e-2,
 * uniform [0, 1) init, seed 112. The runs table gives the final effective rank, final relative
 * error, Eckart-Young bound at rank r2 and the gap; trajectories of every run (downsampled), with
 * more points for (40, 20).
 */
export const lossesExperiment: Experiment = {
  name: "losses",
  description:
    "global vs layer-wise Deep NMF loss over the (r1, r2) grid: final effective rank, error, Eckart-Young gap, trajectories",
  figures: "Fig. 2, 3, 4, 10",
  tables: standardTableNames,
  plan(profile) {
    const s = scales[profile].losses;
    const data = mnistData(profile);
    const runs: RunSpec[] = [];
    for (const loss of ["global", "layerwise"] as Loss[])
      for (const [r1, r2] of s.pairs)
        runs.push({
          id: `${loss}-${r1}-${r2}`,
          data,
          fit: studyDeepFit({ranks: [r1, r2], loss, iterations: s.iterations, recordEvery: s.recordEvery})
        });
    return {configuration: {...s, focusPair, lr: 1e-2, init: "random", seed: studySeed}, runs};
  },
  build(context) {
    const s = scales[context.profile].losses;
    const isFocus = (ranks: number[]) => ranks[0] === focusPair[0] && ranks[1] === focusPair[1];
    return standardTables(context, "losses", {
      group: (run) => run.spec.fit.loss ?? "global",
      points: (run) => (isFocus(run.spec.fit.ranks) ? s.focusPoints : s.points)
    }).tables;
  }
};

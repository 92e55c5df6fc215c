import {mnistData, standardTables, standardTableNames, studyDeepFit} from "./common.js";
import {scales, studySeed} from "./profiles.js";
import type {Experiment, RunSpec} from "./types.js";

/**
 * Experiment 7 of the study: the regularizers of its Deep NMF loss, an L1 penalty on W1 (weight
 * l1 in {0, 0.03, 0.1}) and the cosine-separation penalty on the rows of H (weight cos in
 * {0, 1e-4, 1e-2}), on the headline configuration (ranks (20, 10), global loss, Adam lr 1e-2,
 * uniform [0, 1) init, seed 112). The loss is summed over all images (about 10^5 at the start for
 * 2,000 images), so at the study's weights both penalties barely move the result; the profiles add
 * a strong weight of each (l1 10, cos 1000) to show what they do.
 */
export const regularizersExperiment: Experiment = {
  name: "regularizers",
  description:
    "L1 on W1 x cosine separation of H on Deep NMF (20, 10): the study's weights (l1 0.03, 0.1; cos 1e-4, 1e-2) and strong ones",
  figures: "study section 7 (regularizer sweep)",
  tables: standardTableNames,
  plan(profile) {
    const s = scales[profile].regularizers;
    const data = mnistData(profile);
    const runs: RunSpec[] = [];
    for (const l1 of s.l1)
      for (const cos of s.cos)
        runs.push({
          id: `l1-${l1}-cos-${cos}`,
          data,
          fit: studyDeepFit({iterations: s.iterations, recordEvery: s.recordEvery, l1, cos})
        });
    return {configuration: {...s, ranks: [20, 10], lr: 1e-2, init: "random", seed: studySeed}, runs};
  },
  build(context) {
    const s = scales[context.profile].regularizers;
    return standardTables(context, "regularizers", {
      group: (run) => `l1 ${run.spec.fit.l1}, cos ${run.spec.fit.cos}`,
      points: () => s.points
    }).tables;
  }
};

import {mnistData, standardTables, standardTableNames} from "./common.js";
import {scales, studySeed} from "./profiles.js";
import type {Experiment} from "./types.js";

/** The study's ranks; depth d uses the last d of them. */
export const depthRanks = [60, 40, 30, 20, 10];

/**
 * Experiment 6 of the study: Deep NMF of depth 1 to 5 with ranks the suffixes of [60, 40, 30, 20, 10]
 * (depth 1: [10]; depth 5: all five), global loss, Adam lr 1e-2, uniform [0, 1) init, seed 112.
 * The end-to-end rank is 10 at every depth, so the Eckart-Young bound is the same for all.
 */
export const depthExperiment: Experiment = {
  name: "depth",
  description: "Deep NMF of depth 1 to 5, ranks suffixes of [60, 40, 30, 20, 10]",
  figures: "study section 6 (depth sweep)",
  tables: standardTableNames,
  plan(profile) {
    const s = scales[profile].depth;
    const data = mnistData(profile);
    const runs = s.depths.map((d) => ({
      id: `depth-${d}`,
      data,
      fit: {
        model: "deep" as const,
        ranks: depthRanks.slice(depthRanks.length - d),
        loss: "global" as const,
        optimizer: "adam" as const,
        lr: 1e-2,
        init: "random" as const,
        initScale: 1,
        seed: studySeed,
        iterations: s.iterations,
        recordEvery: s.recordEvery
      }
    }));
    return {configuration: {...s, ranks: depthRanks, lr: 1e-2, init: "random", seed: studySeed}, runs};
  },
  build(context) {
    const s = scales[context.profile].depth;
    return standardTables(context, "depth", {
      group: (run) => `depth ${run.spec.fit.ranks.length}`,
      points: () => s.points
    }).tables;
  }
};

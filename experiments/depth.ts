import {mnistData, standardTables, standardTableNames, studyDeepFit} from "./common.js";
import {scales, studySeed} from "./profiles.js";
import type {Experiment, RunSpec} from "./types.js";

/** The study's ranks; depth d uses the last d of them. */
export const depthRanks = [60, 40, 30, 20, 10];

/** The product's mean entry that the `matched` init aims at: about MNIST's mean pixel intensity. */
export const matchedMean = 0.13;

/**
 * The `matched` init scale a of depth d: with every factor uniform in [0, a), an entry of the product
 * W1 ... Wd H has mean (prod_l r_l) (a / 2)^(d + 1); a is chosen so that this equals `matchedMean`.
 */
export function matchedScale(ranks: readonly number[]): number {
  const product = ranks.reduce((p, r) => p * r, 1);
  return 2 * Math.pow(matchedMean / product, 1 / (ranks.length + 1));
}

/**
 * Experiment 6 of the study: Deep NMF of depth 1 to 5 with ranks the suffixes of [60, 40, 30, 20, 10]
 * (depth 1: [10]; depth 5: all five), global loss, Adam lr 1e-2, seed 112, from two inits:
 * - `study`: uniform [0, 1) as the study; the initial product grows with depth (its mean entry is
 *   (prod r_l) / 2^(d + 1), about 10^5 at depth 5), and deep chains spend long in the transient;
 * - `matched`: uniform [0, a) with a chosen so the initial product's mean entry is 0.13, about the
 *   data's (`matchedScale`), which isolates the effect of depth on the plateaus.
 * The end-to-end rank is 10 at every depth, so the Eckart-Young bound is the same for all.
 */
export const depthExperiment: Experiment = {
  name: "depth",
  description:
    "Deep NMF of depth 1 to 5, ranks suffixes of [60, 40, 30, 20, 10], from the study's init and a data-matched scale",
  figures: "study section 6 (depth sweep)",
  tables: standardTableNames,
  plan(profile) {
    const s = scales[profile].depth;
    const data = mnistData(profile);
    const runs: RunSpec[] = [];
    for (const init of ["study", "matched"] as const)
      for (const d of s.depths) {
        const ranks = depthRanks.slice(depthRanks.length - d);
        runs.push({
          id: `${init}-depth-${d}`,
          data,
          fit: studyDeepFit({
            ranks,
            initScale: init === "study" ? 1 : matchedScale(ranks),
            iterations: s.iterations,
            recordEvery: s.recordEvery
          })
        });
      }
    return {
      configuration: {...s, ranks: depthRanks, inits: ["study", "matched"], matchedMean, lr: 1e-2, seed: studySeed},
      runs
    };
  },
  build(context) {
    const s = scales[context.profile].depth;
    return standardTables(context, "depth", {group: (run) => run.spec.id.split("-")[0], points: () => s.points}).tables;
  }
};

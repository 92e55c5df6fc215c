import {headlineRun, standardTables, standardTableNames} from "./common.js";
import {scales, studySeed} from "./profiles.js";
import {shapeOf, snapshotsTable} from "./tables.js";
import type {Experiment} from "./types.js";

/**
 * Experiment 2 of the study (report Fig. 5, 8, 9): the headline run. Deep NMF, global loss, ranks
 * (20, 10), 2,000 MNIST images, Adam lr 1e-2, uniform [0, 1) init, seed 112, every metric at every
 * epoch; its effective-rank plateaus and the jumps between them; snapshots of H (rows as images)
 * at regular steps and around each jump. Other init seeds of the same configuration show how much
 * the jump times vary from seed to seed.
 */
export const plateausExperiment: Experiment = {
  name: "plateaus",
  description: "the headline Deep NMF (20, 10) Adam run: effective-rank plateaus, jumps, snapshots of H; other seeds",
  figures: "Fig. 5, 8, 9",
  tables: [...standardTableNames, "snapshots"],
  plan(profile) {
    const s = scales[profile];
    return {
      configuration: {...s.headline, seeds: s.plateaus.seeds},
      runs: s.plateaus.seeds.map((seed) => headlineRun(profile, seed))
    };
  },
  build(context) {
    const points = scales[context.profile].headline.points;
    const {tables} = standardTables(context, "plateaus", {
      group: (run) => `seed ${run.spec.fit.seed}`,
      points: () => points,
      keep: (run) => run.output.snapshots.map((s) => s.step)
    });
    const headline = context.runs.find((run) => run.spec.fit.seed === studySeed);
    const n = context.data[0]?.X.cols ?? 784;
    const snapshots = (headline?.output.snapshots ?? []).map((s) => ({run: headline!.spec.id, ...s}));
    return {...tables, snapshots: snapshotsTable(snapshots, n, shapeOf(context.data[0], n))};
  }
};

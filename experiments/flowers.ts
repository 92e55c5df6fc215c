import {solverRun, standardTables, standardTableNames, studyDeepFit} from "./common.js";
import {flowersAbsence} from "./data.js";
import {scales, studyDataSeed, studySeed, type Profile} from "./profiles.js";
import {pickImages, reconstructionsTable} from "./reconstruct.js";
import {snapshotsTable} from "./tables.js";
import type {DataRef, Experiment, RunSpec} from "./types.js";

function flowersData(profile: Profile): DataRef {
  return {spec: "flowers102", dataSeed: studyDataSeed, size: scales[profile].flowers.size};
}

/**
 * Experiment 9: the solvers and the plateau run on Flowers102 (train split, 1,020 images, resized to
 * 64 x 64 RGB as the study did; 32 x 32 in the quick profile): MU, HALS and Adam at rank 10, and
 * Deep NMF (20, 10) with Adam lr 1e-2, uniform [0, 1) init, seed 112, with snapshots of H. The
 * dataset is not shipped: it is found through `findDataset("flowers102")` (NMF_FLOWERS102_DIR, or
 * `<data dir>/flowers102` after `npx nmf fetch flowers102`). When it is absent every table is empty
 * and its metadata says why (`reason`), for the page to show.
 */
export const flowersExperiment: Experiment = {
  name: "flowers",
  description: "MU, HALS, Adam and the Deep NMF plateau run on Flowers102 (64 x 64 RGB), when the dataset is present",
  figures: "study data section (Flowers102)",
  tables: [...standardTableNames, "snapshots", "reconstructions"],
  plan(profile) {
    const s = scales[profile].flowers;
    const configuration = {...s, split: "train", lr: 1e-2, seed: studySeed};
    const reason = flowersAbsence();
    if (reason) return {configuration, runs: [], reason};
    const data = flowersData(profile);
    const deep: RunSpec = {
      id: "deep-20-10",
      data,
      fit: studyDeepFit({iterations: s.deep.iterations, recordEvery: s.deep.recordEvery}),
      capture: {snapshots: {every: s.deep.snapshotEvery, jumps: false}}
    };
    const runs = [...(["mu", "hals", "adam"] as const).map((model) => solverRun(model, s.rank, s[model], data)), deep];
    return {configuration, runs};
  },
  build(context) {
    const s = scales[context.profile].flowers;
    const data = context.data[0];
    const n = data?.X.cols ?? s.size * s.size * 3;
    const shape = data?.provenance.imageShape ?? [s.size, s.size, 3];
    const {tables} = standardTables(context, "flowers", {
      group: (run) => run.spec.fit.model,
      points: () => s.points,
      keep: (run) => run.output.snapshots.map((x) => x.step)
    });
    const snapshots = context.runs.flatMap((run) => run.output.snapshots.map((x) => ({run: run.spec.id, ...x})));
    const models = context.runs.map((run) => ({id: run.spec.id, factors: run.output.factors}));
    const images = data ? pickImages({...data, labels: undefined}, scales[context.profile].reconstructions.images) : [];
    return {
      ...tables,
      snapshots: snapshotsTable(snapshots, n, shape),
      reconstructions: {...reconstructionsTable(data, images, models, n), metadata: {shape: JSON.stringify(shape)}}
    };
  }
};

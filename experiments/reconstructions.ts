import {headlineRun} from "./common.js";
import {scales, studySeed} from "./profiles.js";
import {coefficientsTable, generatedTable, pickImages, reconstructionsTable} from "./reconstruct.js";
import {solverRuns} from "./solvers.js";
import {runsTable, shapeOf, snapshotsTable} from "./tables.js";
import type {Experiment} from "./types.js";

/** The rank of the flat models compared with the headline Deep NMF (its end-to-end rank). */
const rank = 10;

/**
 * Experiment 10 (report section "pictures"): for one image of each digit, the original, its
 * reconstruction and |error| by each model: the headline Deep NMF (20, 10) run and MU, HALS and
 * Adam at rank 10 (the runs of the headline and solvers experiments, shared through the cache);
 * the signatures (rows of H) and the trained coefficients (W, or W1 W2 for Deep NMF) of each model;
 * and images generated from the learned factors, stated
 * as such: coefficient vectors resampled from each component's empirical distribution over the
 * images, and interpolations between two images' coefficient vectors (reconstruct.ts).
 */
export const reconstructionsExperiment: Experiment = {
  name: "reconstructions",
  description:
    "originals, reconstructions and |error| per model; signatures; images generated from the learned factors",
  figures: "study section 10 (pictures)",
  tables: ["runs", "reconstructions", "snapshots", "coefficients", "generated"],
  plan(profile) {
    const s = scales[profile].reconstructions;
    const runs = [headlineRun(profile), ...solverRuns(profile).filter((run) => run.fit.ranks[0] === rank)];
    return {configuration: {...s, rank, generationSeed: studySeed}, runs};
  },
  build(context) {
    const s = scales[context.profile].reconstructions;
    const data = context.data[0];
    const n = data?.X.cols ?? 784;
    const shape = JSON.stringify(shapeOf(data, n));
    const label = (id: string) => (id.startsWith("seed-") ? "deep-20-10" : id);
    const models = context.runs.map((run) => ({id: label(run.spec.id), factors: run.output.factors}));
    const images = data ? pickImages(data, s.images) : [];
    const snapshots = context.runs.map((run) => ({
      run: label(run.spec.id),
      step: run.output.iterations,
      kind: "final",
      H: run.output.factors[run.output.factors.length - 1]
    }));
    return {
      runs: runsTable(
        context.runs.map((run) => ({id: label(run.spec.id), group: run.spec.fit.model, run})),
        "reconstructions",
        context.profile
      ),
      reconstructions: {...reconstructionsTable(data, images, models, n), metadata: {shape}},
      snapshots: snapshotsTable(snapshots, n, shapeOf(data, n)),
      coefficients: coefficientsTable(data, models),
      generated: {
        ...generatedTable(
          models,
          {samples: s.samples, steps: s.interpolationSteps, from: images[0] ?? 0, to: images[1] ?? 0, seed: studySeed},
          data ? n : 1
        ),
        metadata: {shape}
      }
    };
  }
};

import {verdictRows} from "./claims/evaluate.js";
import {headlineClaims, seedShape, type SeedShape} from "./claims/headline.js";
import {verdictsTable} from "./claims/table.js";
import {mnistContext, replicateContext, replicates} from "./claims/replicates.js";
import {headlineRuns, replicationsTable, standardTables, standardTableNames} from "./common.js";
import {scales, studySeed} from "./profiles.js";
import {seedSummaryTable, seedsTable} from "./seedTables.js";
import {signaturesTable} from "./signatures.js";
import {shapeOf, snapshotsTable} from "./tables.js";
import type {CompletedRun, Experiment, RunOutput} from "./types.js";

/**
 * Points kept of each seed but the headline's: the pages draw those runs only as one effective-rank curve
 * among several (log steps), which a few hundred points draw as finely as a figure's width shows; every
 * plateau boundary and jump is kept besides (downsample.ts).
 */
const otherSeedPoints = 200;

/**
 * Experiment 2 of the study (report Fig. 5, 8, 9): the headline run. Deep NMF, global loss, ranks
 * (20, 10), 2,000 MNIST images, Adam lr 1e-2, uniform [0, 1) init, every metric at every epoch, for
 * several initialization seeds (seed 112 is the one the figures show), and the same on the
 * replications (claims/replicates.ts). Tables: the standard ones for the MNIST seeds (the trajectories of
 * seeds other than 112 thinner: otherSeedPoints); `snapshots` of
 * H for seed 112 (regular and around each jump) and `signatures`, how they change (signatures.ts); `seeds`, each seed's headline numbers (peak, sag,
 * final effective rank and error, jump steps, signatures still noise), on every replicate; `summary`,
 * their median and range; `replications`, the runs of the replications; `verdicts`, the study's
 * claims judged on the seeds (claims/headline.ts).
 */
export const plateausExperiment: Experiment = {
  name: "plateaus",
  description:
    "the headline Deep NMF (20, 10) Adam run on several seeds: effective-rank plateaus, jumps, snapshots of H, the study's claims",
  figures: "Fig. 5, 8, 9",
  tables: [...standardTableNames, "snapshots", "signatures", "seeds", "summary", "replications", "verdicts"],
  plan(profile) {
    const s = scales[profile];
    return {configuration: {...s.headline, ...s.plateaus}, runs: headlineRuns(profile)};
  },
  build(context) {
    const points = scales[context.profile].headline.points;
    const mnist = mnistContext(context);
    const {tables} = standardTables(mnist, "plateaus", {
      group: (run) => `seed ${run.spec.fit.seed}`,
      points: (run) => (run.spec.fit.seed === studySeed ? points : otherSeedPoints),
      keep: (run) => run.output.snapshots.map((s) => s.step)
    });
    const headline = mnist.runs.find((run) => run.spec.fit.seed === studySeed);
    const n = mnist.data[0]?.X.cols ?? 784;
    const snapshots = (headline?.output.snapshots ?? []).map((s) => ({run: headline!.spec.id, ...s}));
    // Each run's shape once, for the seeds table and for the claims.
    const shapeCache = new Map<RunOutput, SeedShape>();
    const shapeOfRun = (run: CompletedRun) =>
      shapeCache.get(run.output) ?? shapeCache.set(run.output, seedShape(run)).get(run.output)!;
    const shapes = replicates.flatMap((r) =>
      replicateContext(context, r).runs.map((run) => ({replicate: r.id, shape: shapeOfRun(run)}))
    );
    return {
      ...tables,
      snapshots: snapshotsTable(snapshots, n, shapeOf(mnist.data[0], n)),
      signatures: signaturesTable(headline),
      seeds: seedsTable(shapes),
      summary: seedSummaryTable(shapes),
      replications: replicationsTable(context, "plateaus", (run) => `seed ${run.spec.fit.seed}`),
      verdicts: verdictsTable(
        verdictRows(
          headlineClaims,
          context,
          (replicate) => ({seeds: replicate.runs.map(shapeOfRun)}),
          scales[context.profile].plateaus.replications
        )
      )
    };
  }
};

import type {Model} from "../engine/index.js";
import type {TableData} from "./types.js";
import {scales, studyDataSeed, studySeed, type Profile, type SolverBudget} from "./profiles.js";
import {
  jumpsTable,
  plateausTable,
  referenceTable,
  runsTable,
  timingsTable,
  trajectoriesTable,
  trajectoryPart,
  type RunRow,
  type TrajectoryPart
} from "./tables.js";
import type {CompletedRun, DataRef, ExperimentContext, RunFitOptions, RunSpec} from "./types.js";
import {mnistReplicate, onReplicate, replicateOf, replications} from "./claims/replicates.js";

/**
 * Run specs shared by several experiments. A run asked for by two experiments with the same spec
 * has the same cache key, so it is computed once: the headline run serves plateaus,
 * early-stopping and reconstructions; the solver runs serve solvers and reconstructions.
 */

/** The MNIST matrix of a profile (the study's seeded subset). */
export function mnistData(profile: Profile): DataRef {
  return {spec: scales[profile].mnist, dataSeed: studyDataSeed};
}

/**
 * The study's Deep NMF training: global loss, ranks (20, 10), Adam lr 1e-2, uniform [0, 1) init,
 * seed 112; `changes` override any of these and add the budget.
 */
export function studyDeepFit(changes: Partial<RunFitOptions> & Pick<RunFitOptions, "iterations">): RunFitOptions {
  return {
    model: "deep",
    ranks: [20, 10],
    loss: "global",
    optimizer: "adam",
    lr: 1e-2,
    init: "random",
    initScale: 1,
    seed: studySeed,
    ...changes
  };
}

/**
 * The study's Fig. 8/9 run: Deep NMF, global loss, ranks (20, 10), Adam lr 1e-2 (quick: 2e-2),
 * uniform [0, 1) init, every metric at every epoch. Every seed keeps snapshots of H around its
 * jumps and watches the early-stopping rules (the claims read them on every seed); seed 112, the
 * one the figures show, also keeps regular snapshots.
 */
export function headlineRun(profile: Profile, seed = studySeed): RunSpec {
  const s = scales[profile];
  return {
    id: `seed-${seed}`,
    data: mnistData(profile),
    fit: studyDeepFit({lr: s.headline.lr, seed, iterations: s.headline.iterations, recordEvery: 1}),
    capture: {
      snapshots: {every: seed === studySeed ? s.headline.snapshotEvery : 0, jumps: true},
      earlyStops: s.earlyStopping.rules
    }
  };
}

/** The headline runs of every seed on MNIST, and on each replication the profile runs (claims/replicates.ts). */
export function headlineRuns(profile: Profile): RunSpec[] {
  const p = scales[profile].plateaus;
  const runs = p.seeds.map((seed) => headlineRun(profile, seed));
  const replicated = p.replicationSeeds.map((seed) => headlineRun(profile, seed));
  return [
    ...runs,
    ...replications.filter((r) => p.replications.includes(r.id)).flatMap((r) => onReplicate(replicated, r, profile))
  ];
}

/** A flat solver (mu, hals or adam) at one rank, uniform [0, 1) init, seed 112. */
export function solverRun(
  model: Model,
  rank: number,
  budget: SolverBudget,
  data: DataRef,
  init: Partial<RunSpec["fit"]> = {}
): RunSpec {
  return {
    id: `${model}-${rank}`,
    data,
    fit: {
      model,
      ranks: [rank],
      ...(model === "adam" || model === "gd" ? {lr: 1e-2} : {}),
      init: "random",
      initScale: 1,
      seed: studySeed,
      iterations: budget.iterations,
      recordEvery: budget.recordEvery,
      ...init
    }
  };
}

/**
 * The tables most experiments share: runs, trajectories (downsampled), timings, plateaus, jumps
 * and the data reference. `group` labels each run (a loss, a solver...); `points` sets the
 * downsampling of each run's trajectory.
 */
export function standardTables(
  context: ExperimentContext,
  experiment: string,
  options: {
    group: (run: CompletedRun) => string;
    points: (run: CompletedRun) => number;
    scale?: "log" | "linear";
    keep?: (run: CompletedRun) => number[];
  }
): {tables: Record<string, TableData>; parts: TrajectoryPart[]} {
  const runs = context.runs;
  const rows: RunRow[] = runs.map((run) => ({id: run.spec.id, group: options.group(run), run}));
  const parts = runs.map((run) =>
    trajectoryPart(run.spec.id, run, {points: options.points(run), scale: options.scale, keep: options.keep?.(run)})
  );
  const plateauParts = runs.map((run) => ({
    id: run.spec.id,
    plateaus: run.output.plateaus,
    trajectory: run.output.trajectory
  }));
  return {
    parts,
    tables: {
      runs: runsTable(rows, experiment, context.profile),
      trajectories: trajectoriesTable(parts),
      timings: timingsTable(parts),
      plateaus: plateausTable(plateauParts),
      jumps: jumpsTable(plateauParts),
      reference: referenceTable(context.data)
    }
  };
}

/** The `replications` table: the runs of the replications (ids prefixed with their replicate), in the runs schema. */
export function replicationsTable(
  context: ExperimentContext,
  experiment: string,
  group: (run: CompletedRun) => string
): TableData {
  const runs = context.runs.filter((run) => replicateOf(run) !== mnistReplicate.id);
  return runsTable(
    runs.map((run) => ({id: run.spec.id, group: group(run), run})),
    experiment,
    context.profile
  );
}

/** The table names of `standardTables`, in order. */
export const standardTableNames = ["runs", "trajectories", "timings", "plateaus", "jumps", "reference"] as const;

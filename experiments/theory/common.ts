import {mnistReplicate, replicateOf} from "../claims/replicates.js";
import type {TableData} from "../types.js";
import type {RunStatus} from "../claims/theory/shared.js";
import {studyDataSeed} from "../profiles.js";
import {referenceTable, runConvergence, runsTable, trajectoriesTable, trajectoryPart, type RunRow} from "../tables.js";
import type {CompletedRun, DataRef, ExperimentContext, RunSpec} from "../types.js";
import {nominalS1, theoryScales} from "./scales.js";
import type {Profile} from "../profiles.js";
import {gdLearningRate, stabilityProduct} from "./stepSize.js";
import {transformLabel} from "../transforms.js";

/**
 * Run specs and tables shared by the theory experiments. Two experiments asking for the same spec
 * share one cached run (the runner keys its cache on the spec and the data's content hash).
 */

/** A seeded MNIST (or other) subset, as the study picked its images. */
export function dataRef(spec: string, extra: Partial<DataRef> = {}): DataRef {
  return {spec, dataSeed: studyDataSeed, ...extra};
}

/**
 * The id of a GD run of the theory experiments, from what determines it besides the data and the
 * budget, so that experiments asking for the same run share it: `gd-a0.0001-c0.1-s112` (W H),
 * `d3-a0.1-c1-s113` (depth 3: W1 W2 H).
 */
export function gdRunId(depth: number, initScale: number, stepFactor: number, seed = 112): string {
  return `${depth === 2 ? "gd" : `d${depth}`}-a${initScale}-c${stepFactor}-s${seed}`;
}

/** Options of a projected-GD run of depth N = 2 (W H) or more (W1 ... W_(N-1) H), uniform [0, scale) init. */
export interface GdRunOptions {
  id: string;
  data: DataRef;
  depth: number;
  rank: number;
  initScale: number;
  /** c: the step is lr = c / (2 N s_1^(2-2/N)) from the data's nominal s_1 (stepSize.ts). */
  stepFactor: number;
  iterations: number;
  seed?: number;
  /** Leading singular values recorded (default: all `rank` of them). */
  topK?: number;
  capture?: RunSpec["capture"];
}

export function gdRun(o: GdRunOptions): RunSpec {
  const lr = gdLearningRate(nominalS1(o.data), o.depth, o.stepFactor);
  const common = {
    lr,
    init: "random" as const,
    initScale: o.initScale,
    seed: o.seed ?? 112,
    iterations: o.iterations,
    recordEvery: 1,
    topK: o.topK ?? o.rank
  };
  const fit: RunSpec["fit"] =
    o.depth === 2
      ? {model: "gd", ranks: [o.rank], ...common}
      : {model: "deep", ranks: Array(o.depth - 1).fill(o.rank), loss: "global", optimizer: "gd", ...common};
  return {id: o.id, data: o.data, fit, ...(o.capture ? {capture: o.capture} : {})};
}

/**
 * A depth-2 GD run of the theory experiments (W H from uniform [0, initScale), step c), on MNIST or
 * on a replicate's data of the same size. One run per configuration, shared by every experiment
 * that asks for it (mode timing, init scale, optimizers, plateau heights, spectral gaps). Its budget
 * is what its configuration needs to converge at the profile (engine/convergence.ts), measured: the
 * mode-timing run (modeTiming's scale, step and rank) `modeTiming.iterations`, the other runs at the
 * init-scale step `initScale.iterations`, any other step `optimizers.gd.iterations`.
 */
export function depth2Run(
  profile: Profile,
  o: {initScale: number; stepFactor: number; rank: number; data: DataRef}
): RunSpec {
  const s = theoryScales[profile];
  const m = s.modeTiming;
  const iterations =
    o.initScale === m.initScale && o.stepFactor === m.stepFactor && o.rank === m.rank
      ? m.iterations
      : o.stepFactor === s.initScale.stepFactor
        ? s.initScale.iterations
        : s.optimizers.gd.iterations;
  return gdRun({id: gdRunId(2, o.initScale, o.stepFactor), depth: 2, iterations, ...o});
}

/** The depth of a run: the number of factors of its product (W H: 2). */
export function depthOf(run: CompletedRun): number {
  return run.spec.fit.model === "deep" ? run.spec.fit.ranks.length + 1 : 2;
}

/** The learning rate a run used (the engine's default 1e-2 when unset). */
export function lrOf(run: CompletedRun): number {
  return run.spec.fit.lr ?? 1e-2;
}

/** eta * lambda_max of a GD run on its data, with the data's measured s_1 (< 2: stable). */
export function stabilityOf(run: CompletedRun): number {
  return stabilityProduct(lrOf(run), run.data.reference.singularValues[0], depthOf(run));
}

/** Whether a run has converged (engine/convergence.ts), for the claims that read it. */
export function runStatus(run: CompletedRun): RunStatus {
  return {run: run.spec.id, converged: runConvergence(run.output).converged};
}

/**
 * How tables name a data matrix: its spec, the image size when given, the data seed when it is not
 * the study's, and its transform: `mnist:500`, `flowers102 (16 x 16)`, `mnist:500 (data seed 113)`,
 * `mnist:500 + Poisson noise (peak 0.5, seed 7)`.
 */
export function dataLabel(ref: DataRef): string {
  return (
    ref.spec +
    (ref.size === undefined ? "" : ` (${ref.size} x ${ref.size})`) +
    (ref.dataSeed === studyDataSeed ? "" : ` (data seed ${ref.dataSeed})`) +
    (ref.transform ? ` + ${transformLabel(ref.transform)}` : "")
  );
}

/**
 * The runs table (experiments/tables.ts) of the MNIST runs (`main`: true) or of the replications'
 * runs (ids `<replicate>/...`), with `group` from a function and each run's data labelled by `dataLabel`.
 */
export function theoryRunsTable(
  context: ExperimentContext,
  experiment: string,
  group: (run: CompletedRun) => string,
  main = true
): TableData {
  const runs = context.runs.filter((run) => (replicateOf(run) === mnistReplicate.id) === main);
  const rows: RunRow[] = runs.map((run) => ({id: run.spec.id, group: group(run), run}));
  const table = runsTable(rows, experiment, context.profile);
  table.columns.data = runs.map((run) => dataLabel(run.data.ref));
  return table;
}

/** The reference table (experiments/tables.ts: every singular value of each data matrix), data labelled by `dataLabel`. */
export function theoryReferenceTable(context: ExperimentContext): TableData {
  return referenceTable(context.data.map((data) => ({...data, ref: {...data.ref, spec: dataLabel(data.ref)}})));
}

/** Trajectories of every run, downsampled on a log-step grid (plateau boundaries kept). */
export function theoryTrajectories(runs: readonly CompletedRun[], points: number): TableData {
  return trajectoriesTable(
    runs.map((run) => trajectoryPart(run.spec.id, run, {points})),
    Math.max(1, ...runs.map((run) => run.output.trajectory.topK))
  );
}

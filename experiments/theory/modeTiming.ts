import {verdictRows} from "../claims/evaluate.js";
import {mnistContext, replicateContext, type Replicate} from "../claims/replicates.js";
import {verdictsTable} from "../claims/table.js";
import {modeTimingClaims, type ModeTimingInput} from "../claims/theory/modeTiming.js";
import type {Profile} from "../profiles.js";
import type {TableData} from "../types.js";
import type {CompletedRun, DataRef, Experiment, ExperimentContext, RunSpec} from "../types.js";
import {
  dataRef,
  depth2Run,
  lrOf,
  runStatus,
  theoryReferenceTable,
  theoryRunsTable,
  theoryTrajectories
} from "./common.js";
import {modeTimes, type ModeTime} from "../measures.js";
import {memo, runsKey} from "./memo.js";
import {initialModes, saxeHalfTimeSteps, saxeRiseWidthSteps} from "./predictions.js";
import {replicatedRuns, replicatesRun} from "./replicates.js";
import {theoryScales} from "./scales.js";

/**
 * Theory 1: order and timing of the modes. Plain projected GD on X ~ W H (depth 2), rank 10,
 * uniform [0, alpha) init with alpha small, a small step (c = 0.1, stepSize.ts), every step recorded.
 * Measured per mode i, by the alignment a_i = u_i^T M v_i / s_i(X) of M with X's i-th singular pair
 * (engine/metrics/alignment.ts): the half-time (|a_i| reaches 1/2, M carries half of s_i along the
 * pair) and the 10 %-90 % rise width of |a_i| (against its own final value); beside them, the
 * sorted-spectrum half-time (s_i(M) reaches s_i(X) / 2, blind to direction). Predicted (Saxe et al. 2014, predictions.ts): half-time
 * ln(s_i / a0_i - 1) / (4 lr s_i) with a0_i the init's effective strength along mode i, a straight
 * line against 1 / s_i when ln(s_i / a0_i) varies little, and width ln 81 / (4 lr s_i). The claims
 * (claims/theory/modeTiming.ts) are judged on MNIST and on each replication the profile runs.
 *
 * Tables: runs (MNIST), replications (the replications' runs), trajectories, reference (MNIST),
 * modes (one row per replicate and mode: replicate, mode, dataValue, finalValue (s_i(M) at the end),
 * finalAlignment (a_i at the end), a0, halfTime (alignment), spectrumHalfTime, predictedHalfTime, t10,
 * t90, width, predictedWidth), verdicts.
 */
export const modeTimingTables = ["runs", "replications", "trajectories", "reference", "modes", "verdicts"] as const;

/** The mode-timing run on MNIST, or on other data of the same size (`data` maps MNIST's ref to it). */
export function modeTimingRun(profile: Profile, data: (ref: DataRef) => DataRef = (ref) => ref): RunSpec {
  const s = theoryScales[profile];
  const c = s.modeTiming;
  return depth2Run(profile, {
    initScale: c.initScale,
    stepFactor: c.stepFactor,
    rank: c.rank,
    data: data(dataRef(s.mnist))
  });
}

export const modeTimingExperiment: Experiment = {
  name: "mode-timing",
  description: "theory 1: when each singular value of W H is learned by small-init GD, against 1/s_i(X) (Saxe et al.)",
  figures: "theory page, section 1",
  tables: modeTimingTables,
  plan(profile) {
    const s = theoryScales[profile];
    const spec = modeTimingRun(profile);
    return {
      configuration: {...s.modeTiming, data: s.mnist, lr: spec.fit.lr},
      runs: replicatedRuns(profile, s.modeTiming.replications, (data) => [modeTimingRun(profile, data)])
    };
  },
  build(context) {
    const c = theoryScales[context.profile].modeTiming;
    const mnist = mnistContext(context);
    const ran = replicatesRun(c.replications);
    return {
      runs: theoryRunsTable(context, "mode-timing", () => "W H, small init"),
      replications: theoryRunsTable(context, "mode-timing", () => "W H, small init", false),
      trajectories: theoryTrajectories(mnist.runs, c.points),
      reference: theoryReferenceTable(mnist),
      modes: modesTable(ran.flatMap((r) => replicateModes(context, r))),
      verdicts: verdictsTable(verdictRows(modeTimingClaims, context, modeTimingInput, c.replications))
    };
  }
};

/** The claims' input on one replicate: its run's modes. */
export function modeTimingInput(context: ExperimentContext): ModeTimingInput {
  const run = context.runs[0];
  return run ? {modes: modeRows(run), runs: [runStatus(run)]} : {modes: [], runs: []};
}

function replicateModes(context: ExperimentContext, replicate: Replicate): (ModeRow & {replicate: string})[] {
  const run = replicateContext(context, replicate).runs[0];
  return run ? modeRows(run).map((row) => ({replicate: replicate.id, ...row})) : [];
}

/** A mode's measured times and Saxe's predictions for it. */
export interface ModeRow extends ModeTime {
  a0: number;
  predictedHalfTime: number;
  predictedWidth: number;
}

/** The mode rows of a run (memoized on disk: the truncated SVD behind a0 costs most of a build). */
export function modeRows(run: CompletedRun): ModeRow[] {
  return memo("mode-timing-modes", runsKey([run]), () => computeModeRows(run));
}

function computeModeRows(run: CompletedRun): ModeRow[] {
  const rank = run.spec.fit.ranks[0];
  const count = Math.min(rank, run.output.trajectory.topK);
  const {a0} = initialModes(run.data.X, run.spec, count);
  const lr = lrOf(run);
  return modeTimes(run.output.trajectory, run.data.reference.singularValues, count).map((t, i) => ({
    ...t,
    a0: a0[i],
    predictedHalfTime: saxeHalfTimeSteps(t.dataValue, a0[i], lr),
    predictedWidth: saxeRiseWidthSteps(t.dataValue, lr)
  }));
}

export function modesTable(rows: readonly (ModeRow & {replicate: string})[]): TableData {
  const float = (key: keyof ModeRow) => Float64Array.from(rows, (r) => r[key] as number);
  return {
    columns: {
      replicate: rows.map((r) => r.replicate),
      mode: Int32Array.from(rows, (r) => r.mode),
      dataValue: float("dataValue"),
      finalValue: float("finalValue"),
      finalAlignment: float("finalAlignment"),
      a0: float("a0"),
      halfTime: float("halfTime"),
      spectrumHalfTime: float("spectrumHalfTime"),
      predictedHalfTime: float("predictedHalfTime"),
      t10: float("t10"),
      t90: float("t90"),
      width: float("width"),
      predictedWidth: float("predictedWidth")
    }
  };
}

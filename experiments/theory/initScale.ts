import {verdictRows} from "../claims/evaluate.js";
import type {TableData} from "../types.js";
import {mnistContext, replicateContext} from "../claims/replicates.js";
import {verdictsTable} from "../claims/table.js";
import {initScaleClaims, type InitScaleInput} from "../claims/theory/initScale.js";
import type {Profile} from "../profiles.js";
import {plateausTable} from "../tables.js";
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
import {linearFit, modeTimes, spreadRatio} from "../measures.js";
import {halfTimePerLogScale} from "./predictions.js";
import {replicatedRuns, replicatesRun} from "./replicates.js";
import {theoryScales} from "./scales.js";

/**
 * Theory 2: init-scale collapse. The mode-timing run (depth-2 GD, rank 10, c = 0.1) from uniform
 * [0, alpha) inits, alpha = 1e-2 ... 1e-6, and one large init (0.3, for which ||W0 H0||_2 is about
 * s_1(X) on MNIST). Predicted (Saxe et al. 2014; Li, Luo and Lyu, ICLR 2021, predictions.ts):
 * each mode's half-time grows by 1 / (2 lr s_i) steps per unit of ln(1/alpha), so the effective
 * rank against step / ln(1/alpha) collapses onto one staircase as alpha -> 0; a large init has no
 * plateaus (no incremental learning). The claims (claims/theory/initScale.ts) are judged on MNIST
 * and on each replication the profile runs.
 *
 * Tables: runs (MNIST), replications, trajectories, reference, plateaus (every MNIST run's
 * effective-rank plateaus), halfTimes (replicate, run, initScale, lnInverseScale, mode, dataValue,
 * halfTime (|a_i| reaches 1/2), rescaled = halfTime / ln(1/alpha), spectrumHalfTime (s_i(M) reaches
 * s_i(X) / 2)), slopes (per replicate and mode: measured slope of
 * half-time against ln(1/alpha), predicted slope, R², spread of the raw and of the rescaled
 * half-times across alpha), verdicts.
 */
export const initScaleTables = [
  "runs",
  "replications",
  "trajectories",
  "reference",
  "plateaus",
  "halfTimes",
  "slopes",
  "verdicts"
] as const;

/** Every init scale's run; the mode-timing run is the one at its scale (common.ts: depth2Run). */
function runs(profile: Profile, data: (ref: DataRef) => DataRef): RunSpec[] {
  const s = theoryScales[profile];
  const c = s.initScale;
  return [...c.initScales, c.largeScale].map((initScale) =>
    depth2Run(profile, {initScale, stepFactor: c.stepFactor, rank: c.rank, data: data(dataRef(s.mnist))})
  );
}

export const initScaleExperiment: Experiment = {
  name: "init-scale",
  description:
    "theory 2: depth-2 GD from init scales 1e-2 ... 1e-6 and a large init: effective rank against step / ln(1/scale)",
  figures: "theory page, section 2",
  tables: initScaleTables,
  plan(profile) {
    const s = theoryScales[profile];
    const specs = runs(profile, (ref) => ref);
    return {
      configuration: {...s.initScale, data: s.mnist, lr: specs[0].fit.lr},
      runs: replicatedRuns(profile, s.initScale.replications, (data) => runs(profile, data))
    };
  },
  build(context) {
    const c = theoryScales[context.profile].initScale;
    const mnist = mnistContext(context);
    const group = (run: CompletedRun) => (run.spec.fit.initScale === c.largeScale ? "large init" : "small init");
    const measured = replicatesRun(c.replications).map((r) => ({
      replicate: r.id,
      ...scaleMeasures(replicateContext(context, r), c.largeScale)
    }));
    return {
      runs: theoryRunsTable(context, "init-scale", group),
      replications: theoryRunsTable(context, "init-scale", group, false),
      trajectories: theoryTrajectories(mnist.runs, c.points),
      reference: theoryReferenceTable(mnist),
      plateaus: plateausTable(mnist.runs.map((run) => ({id: run.spec.id, plateaus: run.output.plateaus}))),
      halfTimes: halfTimesTable(measured.flatMap((m) => m.times.map((row) => ({replicate: m.replicate, ...row})))),
      slopes: slopesTable(measured.flatMap((m) => m.scaling.map((row) => ({replicate: m.replicate, ...row})))),
      verdicts: verdictsTable(
        verdictRows(initScaleClaims, context, (replicate) => initScaleInput(replicate, c.largeScale), c.replications)
      )
    };
  }
};

/** The half-times and their scaling on one replicate. */
function scaleMeasures(context: ExperimentContext, largeScale: number) {
  const small = context.runs.filter((run) => run.spec.fit.initScale !== largeScale);
  const times = small.flatMap(halfTimeRows);
  return {small, times, scaling: scalingRows(times, small[0] ? lrOf(small[0]) : NaN)};
}

/** The claims' input on one replicate. */
export function initScaleInput(context: ExperimentContext, largeScale: number): InitScaleInput {
  const {small, times, scaling} = scaleMeasures(context, largeScale);
  const large = context.runs.find((run) => run.spec.fit.initScale === largeScale);
  const scales = small.map((run) => run.spec.fit.initScale ?? 1);
  const spectrum = times.map((row) => ({...row, halfTime: row.spectrumHalfTime}));
  return {
    scaling,
    spectrumScaling: scalingRows(spectrum, small[0] ? lrOf(small[0]) : NaN),
    smallRuns: small.map(runStatus),
    scaleRange: [Math.min(...scales), Math.max(...scales)],
    smallPlateaus: small.map((run) => run.output.plateaus),
    ...(large
      ? {large: {status: runStatus(large), plateaus: large.output.plateaus, finalErank: finalErank(large)}}
      : {})
  };
}

export interface HalfTimeRow {
  run: string;
  initScale: number;
  mode: number;
  dataValue: number;
  /** First step with |a_i| >= 1/2 (alignment), and with s_i(M) >= s_i(X) / 2 (sorted spectra). */
  halfTime: number;
  spectrumHalfTime: number;
}

function halfTimeRows(run: CompletedRun): HalfTimeRow[] {
  const t = run.output.trajectory;
  return modeTimes(t, run.data.reference.singularValues, t.topK).map((m) => ({
    run: run.spec.id,
    initScale: run.spec.fit.initScale ?? 1,
    mode: m.mode,
    dataValue: m.dataValue,
    halfTime: m.halfTime,
    spectrumHalfTime: m.spectrumHalfTime
  }));
}

function halfTimesTable(rows: readonly (HalfTimeRow & {replicate: string})[]): TableData {
  return {
    columns: {
      replicate: rows.map((r) => r.replicate),
      run: rows.map((r) => r.run),
      initScale: Float64Array.from(rows, (r) => r.initScale),
      lnInverseScale: Float64Array.from(rows, (r) => Math.log(1 / r.initScale)),
      mode: Int32Array.from(rows, (r) => r.mode),
      dataValue: Float64Array.from(rows, (r) => r.dataValue),
      halfTime: Float64Array.from(rows, (r) => r.halfTime),
      rescaled: Float64Array.from(rows, (r) => r.halfTime / Math.log(1 / r.initScale)),
      spectrumHalfTime: Float64Array.from(rows, (r) => r.spectrumHalfTime)
    }
  };
}

export interface ScalingRow {
  mode: number;
  /** Least-squares slope of half-time (steps) against ln(1/alpha), and its R². */
  slope: number;
  r2: number;
  predictedSlope: number;
  /** max / min over alpha of the half-times, and of half-time / ln(1/alpha). */
  rawSpread: number;
  rescaledSpread: number;
}

/** Per mode, over the init scales where it reached its half-time (at least 3 of them). */
export function scalingRows(rows: readonly HalfTimeRow[], lr: number): ScalingRow[] {
  const modes = [...new Set(rows.map((r) => r.mode))].sort((a, b) => a - b);
  const out: ScalingRow[] = [];
  for (const mode of modes) {
    const reached = rows.filter((r) => r.mode === mode && Number.isFinite(r.halfTime));
    if (reached.length < 3) continue;
    const x = reached.map((r) => Math.log(1 / r.initScale));
    const y = reached.map((r) => r.halfTime);
    const fit = linearFit(x, y);
    out.push({
      mode,
      slope: fit.slope,
      r2: fit.r2,
      predictedSlope: halfTimePerLogScale(reached[0].dataValue, lr),
      rawSpread: spreadRatio(y),
      rescaledSpread: spreadRatio(y.map((v, i) => v / x[i]))
    });
  }
  return out;
}

function slopesTable(rows: readonly (ScalingRow & {replicate: string})[]): TableData {
  const float = (key: keyof ScalingRow) => Float64Array.from(rows, (r) => r[key]);
  return {
    columns: {
      replicate: rows.map((r) => r.replicate),
      mode: Int32Array.from(rows, (r) => r.mode),
      slope: float("slope"),
      predictedSlope: float("predictedSlope"),
      r2: float("r2"),
      rawSpread: float("rawSpread"),
      rescaledSpread: float("rescaledSpread")
    }
  };
}

function finalErank(run: CompletedRun): number {
  const e = run.output.trajectory.effectiveRank;
  return e[e.length - 1];
}

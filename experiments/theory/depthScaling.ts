import {verdictRows} from "../claims/evaluate.js";
import {mnistContext, replicateContext} from "../claims/replicates.js";
import {verdictsTable} from "../claims/table.js";
import {depthClaims, type DepthInput, type DepthMeasure} from "../claims/theory/depth.js";
import type {Profile} from "../profiles.js";
import type {TableData} from "../types.js";
import type {CompletedRun, DataRef, Experiment, ExperimentContext, RunSpec} from "../types.js";
import {
  dataRef,
  depthOf,
  gdRun,
  gdRunId,
  runStatus,
  theoryReferenceTable,
  theoryRunsTable,
  theoryTrajectories
} from "./common.js";
import {coefficientOfVariation, logLogSlope, median, modeTimes} from "../measures.js";
import {blowUpSlope} from "./predictions.js";
import {replicatedRuns, replicatesRun} from "./replicates.js";
import {theoryScales} from "./scales.js";

/**
 * Theory 3: depth. Products of N = 2, 3, 4 non-negative factors (W H, W1 W2 H, W1 W2 W3 H, every
 * inner rank 10) trained by projected GD from the same uniform [0, alpha) init, several seeds, the
 * step c = 1 relative to each depth's own stability limit (stepSize.ts). Measured per run: the
 * half-time t1 of mode 1 (the first jump), the half-time t2 of mode 2 (the end of the rank-one
 * plateau) and its 10-90 % rise width w2. Predicted (Li, Luo and Lyu 2021; Gissin, Shalev-Shwartz
 * and Daniely, ICLR 2020; our algebra in predictions.ts): deeper products jump more sharply
 * (w2 / t2 falls with depth), their jump times spread more from seed to seed at small alpha, and
 * t1 grows like alpha^-(N-2) (slope N - 2 of ln t1 against ln 1/alpha; logarithmic at N = 2). The
 * claims (claims/theory/depth.ts) are judged on MNIST and on each replication the profile runs.
 *
 * Half-times are by alignment with X's singular pairs (|a_i| reaches 1/2, engine/metrics/alignment.ts);
 * the sorted-spectrum ones (s_i(M) reaches s_i(X) / 2) are shown beside them.
 *
 * Tables: runs (MNIST), replications, trajectories (MNIST seed runs), reference, jumpTimes (one row
 * per replicate and seed run: replicate, run, depth, seed, initScale, t1, t2, w2, relativeWidth =
 * w2 / t2, spectrumT2), scaling (one row per replicate and scaling run: replicate, run, depth,
 * initScale, t1, spectrumT1), summary (per replicate and depth: seeds, reached (seeds whose mode 2
 * rose in the budget), spread (coefficient of variation of t2), relativeWidth (median w2 / t2), slope
 * (of ln t1 against ln 1/alpha), predictedSlope (N - 2; NaN at N = 2), spectrumSpread,
 * spectrumSlope), verdicts.
 */
export const depthScalingTables = [
  "runs",
  "replications",
  "trajectories",
  "reference",
  "jumpTimes",
  "scaling",
  "summary",
  "verdicts"
] as const;

function specs(profile: Profile, data: (ref: DataRef) => DataRef): {seedRuns: RunSpec[]; scalingRuns: RunSpec[]} {
  const s = theoryScales[profile];
  const c = s.depth;
  const small = data(dataRef(s.small));
  const seedRuns = c.depths.flatMap((depth, d) =>
    c.seeds.map((seed) =>
      gdRun({
        id: gdRunId(depth, c.initScale, c.stepFactor, seed),
        data: small,
        depth,
        rank: c.rank,
        initScale: c.initScale,
        stepFactor: c.stepFactor,
        iterations: c.iterations[d],
        seed
      })
    )
  );
  const scalingRuns = c.depths.flatMap((depth, d) =>
    c.scaling.initScales.map((initScale) =>
      gdRun({
        id: gdRunId(depth, initScale, c.scaling.stepFactor),
        data: small,
        depth,
        rank: c.rank,
        initScale,
        stepFactor: c.scaling.stepFactor,
        iterations: c.scaling.iterations[d]
      })
    )
  );
  return {seedRuns, scalingRuns};
}

export const depthScalingExperiment: Experiment = {
  name: "depth-scaling",
  description:
    "theory 3: products of 2, 3, 4 factors by GD from one small init: sharpness, seed spread and init-scale scaling of the jumps",
  figures: "theory page, section 3",
  tables: depthScalingTables,
  plan(profile) {
    const s = theoryScales[profile];
    return {
      configuration: {...s.depth, data: s.small},
      runs: replicatedRuns(profile, s.depth.replications, (data) => {
        const {seedRuns, scalingRuns} = specs(profile, data);
        return [...seedRuns, ...scalingRuns];
      })
    };
  },
  build(context) {
    const c = theoryScales[context.profile].depth;
    const scalingIds = new Set(specs(context.profile, (ref) => ref).scalingRuns.map((spec) => spec.id));
    const isScaling = (run: CompletedRun) => scalingIds.has(run.spec.id.slice(run.spec.id.indexOf("/") + 1));
    const group = (run: CompletedRun) => `depth ${depthOf(run)}${isScaling(run) ? ", scaling" : ""}`;
    const mnist = mnistContext(context);
    const measured = replicatesRun(c.replications).map((r) => ({
      replicate: r.id,
      ...depthMeasures(replicateContext(context, r), scalingIds, c.depths)
    }));
    const tagged = <T>(pick: (m: (typeof measured)[number]) => T[]) =>
      measured.flatMap((m) => pick(m).map((row) => ({replicate: m.replicate, ...row})));
    return {
      runs: theoryRunsTable(context, "depth-scaling", group),
      replications: theoryRunsTable(context, "depth-scaling", group, false),
      trajectories: theoryTrajectories(
        mnist.runs.filter((run) => !isScaling(run)),
        c.points
      ),
      reference: theoryReferenceTable(mnist),
      jumpTimes: jumpTimesTable(tagged((m) => m.jumps)),
      scaling: scalingTable(tagged((m) => m.scaling)),
      summary: summaryTable(tagged((m) => m.summary)),
      verdicts: verdictsTable(
        verdictRows(depthClaims, context, (replicate) => depthInput(replicate, scalingIds, c.depths), c.replications)
      )
    };
  }
};

/** The jump times, scaling points and per-depth summary of one replicate. */
function depthMeasures(context: ExperimentContext, scalingIds: ReadonlySet<string>, depths: readonly number[]) {
  const seedRuns = context.runs.filter((run) => !scalingIds.has(run.spec.id));
  const scalingRuns = context.runs.filter((run) => scalingIds.has(run.spec.id));
  const jumps = seedRuns.map(jumpRow);
  const scaling = scalingRuns.map(scalingRow);
  return {seedRuns, scalingRuns, jumps, scaling, summary: summaryRows(jumps, scaling, depths)};
}

/** The claims' input on one replicate. */
export function depthInput(
  context: ExperimentContext,
  scalingIds: ReadonlySet<string>,
  depths: readonly number[]
): DepthInput {
  const m = depthMeasures(context, scalingIds, depths);
  return {summary: m.summary, seedRuns: m.seedRuns.map(runStatus), scalingRuns: m.scalingRuns.map(runStatus)};
}

export interface JumpRow {
  run: string;
  depth: number;
  seed: number;
  initScale: number;
  /** Half-times of modes 1 and 2 by alignment (|a_i| reaches 1/2), the rise width of |a_2|. */
  t1: number;
  t2: number;
  w2: number;
  /** The half-time of mode 2 by sorted spectra (s_2(M) reaches s_2(X) / 2), shown beside. */
  spectrumT2: number;
}

function jumpRow(run: CompletedRun): JumpRow {
  const [mode1, mode2] = modeTimes(run.output.trajectory, run.data.reference.singularValues, 2);
  return {
    run: run.spec.id,
    depth: depthOf(run),
    seed: run.spec.fit.seed ?? 0,
    initScale: run.spec.fit.initScale ?? 1,
    t1: mode1.halfTime,
    t2: mode2.halfTime,
    // A rise that never finished (t90 past the budget) has no width.
    w2: Number.isFinite(mode2.halfTime) ? mode2.width : NaN,
    spectrumT2: mode2.spectrumHalfTime
  };
}

export interface ScalingRow {
  run: string;
  depth: number;
  initScale: number;
  /** The half-time of mode 1 by alignment, and by sorted spectra (shown beside). */
  t1: number;
  spectrumT1: number;
}

function scalingRow(run: CompletedRun): ScalingRow {
  const [mode1] = modeTimes(run.output.trajectory, run.data.reference.singularValues, 1);
  return {
    run: run.spec.id,
    depth: depthOf(run),
    initScale: run.spec.fit.initScale ?? 1,
    t1: mode1.halfTime,
    spectrumT1: mode1.spectrumHalfTime
  };
}

export interface DepthSummary extends DepthMeasure {
  /** The same spread and slope from the sorted-spectrum half-times. */
  spectrumSpread: number;
  spectrumSlope: number;
}

/** The slope of ln t against ln 1/alpha over the points where t is positive (NaN below two). */
function scalingSlope(points: readonly {initScale: number; t: number}[]): number {
  const valid = points.filter((p) => Number.isFinite(p.t) && p.t > 0);
  return valid.length >= 2
    ? logLogSlope(
        valid.map((p) => 1 / p.initScale),
        valid.map((p) => p.t)
      )
    : NaN;
}

/** Per depth: spread of t2 across seeds, median w2 / t2, and the slope of ln t1 against ln 1/alpha. */
export function summaryRows(
  jumps: readonly JumpRow[],
  scaling: readonly ScalingRow[],
  depths: readonly number[]
): DepthSummary[] {
  return depths.map((depth) => {
    const mine = jumps.filter((j) => j.depth === depth);
    const reached = mine.filter((j) => Number.isFinite(j.t2));
    const spectrumReached = mine.filter((j) => Number.isFinite(j.spectrumT2));
    const points = scaling.filter((p) => p.depth === depth);
    return {
      depth,
      seeds: mine.length,
      reached: reached.length,
      spread: reached.length === mine.length ? coefficientOfVariation(reached.map((j) => j.t2)) : NaN,
      relativeWidth: median(reached.map((j) => j.w2 / j.t2)),
      slope: scalingSlope(points.map((p) => ({initScale: p.initScale, t: p.t1}))),
      predictedSlope: depth >= 3 ? blowUpSlope(depth) : NaN,
      spectrumSpread:
        spectrumReached.length === mine.length ? coefficientOfVariation(spectrumReached.map((j) => j.spectrumT2)) : NaN,
      spectrumSlope: scalingSlope(points.map((p) => ({initScale: p.initScale, t: p.spectrumT1})))
    };
  });
}

function jumpTimesTable(rows: readonly (JumpRow & {replicate: string})[]): TableData {
  return {
    columns: {
      replicate: rows.map((r) => r.replicate),
      run: rows.map((r) => r.run),
      depth: Int32Array.from(rows, (r) => r.depth),
      seed: Int32Array.from(rows, (r) => r.seed),
      initScale: Float64Array.from(rows, (r) => r.initScale),
      t1: Float64Array.from(rows, (r) => r.t1),
      t2: Float64Array.from(rows, (r) => r.t2),
      w2: Float64Array.from(rows, (r) => r.w2),
      relativeWidth: Float64Array.from(rows, (r) => r.w2 / r.t2),
      spectrumT2: Float64Array.from(rows, (r) => r.spectrumT2)
    }
  };
}

function scalingTable(rows: readonly (ScalingRow & {replicate: string})[]): TableData {
  return {
    columns: {
      replicate: rows.map((r) => r.replicate),
      run: rows.map((r) => r.run),
      depth: Int32Array.from(rows, (r) => r.depth),
      initScale: Float64Array.from(rows, (r) => r.initScale),
      t1: Float64Array.from(rows, (r) => r.t1),
      spectrumT1: Float64Array.from(rows, (r) => r.spectrumT1)
    }
  };
}

function summaryTable(rows: readonly (DepthSummary & {replicate: string})[]): TableData {
  const float = (key: keyof DepthSummary) => Float64Array.from(rows, (r) => r[key]);
  return {
    columns: {
      replicate: rows.map((r) => r.replicate),
      depth: Int32Array.from(rows, (r) => r.depth),
      seeds: Int32Array.from(rows, (r) => r.seeds),
      reached: Int32Array.from(rows, (r) => r.reached),
      spread: float("spread"),
      relativeWidth: float("relativeWidth"),
      slope: float("slope"),
      predictedSlope: float("predictedSlope"),
      spectrumSpread: float("spectrumSpread"),
      spectrumSlope: float("spectrumSlope")
    }
  };
}

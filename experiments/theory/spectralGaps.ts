import {singularValuesOf} from "../../engine/index.js";
import {verdictRows} from "../claims/evaluate.js";
import {mnistContext, mnistReplicate, replicateContext} from "../claims/replicates.js";
import {verdictsTable} from "../claims/table.js";
import {spectralGapClaims, type SpectralGapsInput} from "../claims/theory/spectralGaps.js";
import {flowersAbsence} from "../data.js";
import {studyDataSeed, type Profile} from "../profiles.js";
import type {TableData} from "../types.js";
import type {CompletedRun, DataRef, Experiment, ExperimentContext, LoadedData, RunSpec} from "../types.js";
import {
  dataRef,
  gdRun,
  gdRunId,
  lrOf,
  runStatus,
  theoryReferenceTable,
  theoryRunsTable,
  theoryTrajectories
} from "./common.js";
import {modeTimes} from "../measures.js";
import {memo, runsKey} from "./memo.js";
import {modeTimingRun} from "./modeTiming.js";
import {initialModes, saxeHalfTimeSteps, saxeRiseWidthSteps, visibleGapThreshold} from "./predictions.js";
import {replicatedRuns, replicatesRun} from "./replicates.js";
import {theoryScales} from "./scales.js";

/**
 * Theory 7: spectral gaps. The gap ratios rho_i = s_(i+1) / s_i of each dataset, uncentered and
 * centered, and the staircase of the mode-timing run (small-init depth-2 GD) on each: MNIST, the
 * replications (MNIST with another data seed, Fashion-MNIST: claims/replicates.ts) and Flowers102
 * (16 x 16 RGB: the leading gaps are those of the 64 x 64 images to 3 digits) when it is found.
 * NMF cannot fit centered data (it has negative entries), so centered spectra enter through their
 * gaps only. Measured per pair of modes i, i + 1: the separation index
 * q_i = (t_(i+1) - t_i) / mean(w_i, w_(i+1)) from the half-times t and 10-90 % rise widths w; a
 * plateau between the two modes is visible when q_i > 1. Predicted (Gissin et al. 2020 [abs]; our
 * algebra, predictions.ts [derived]): q_i = (2 L / ln 81)(1 - rho_i) / (1 + rho_i), sharp where
 * s_(i+1) << s_i (the mean image, rho_1), blurred where rho_i -> 1, visible when rho_i < rho*.
 * The predicted q_i here uses each mode's predicted half-time (with its own a0_i) and width.
 *
 * Replication: every replicate's claims (claims/theory/spectralGaps.ts) are judged on its own
 * dataset's pairs of modes, with the same configuration; Flowers102, an optional dataset of
 * another kind (colour photographs), is drawn beside them but judged nowhere, so that no verdict
 * depends on what a machine has installed.
 *
 * Tables: runs (MNIST and Flowers102), replications, trajectories, reference, gaps (data,
 * centering ("uncentered", "centered"), index i, singularValue s_i, rho = s_(i+1) / s_i),
 * separations (data, index i, rho, q, predictedQ, threshold rho*), verdicts. `data` names the
 * dataset: a replicate's label (MNIST, "MNIST, data seed 113", Fashion-MNIST) or Flowers102. When
 * Flowers102 is not found, the configuration's `skipped` says why.
 */
export const spectralGapsTables = [
  "runs",
  "replications",
  "trajectories",
  "reference",
  "gaps",
  "separations",
  "verdicts"
] as const;

/**
 * Flowers102's run when it is found, else why not: the mode-timing configuration at the init-scale
 * runs' budget (it is drawn, never judged, so it need not be given the mode-timing run's steps).
 */
function flowers(profile: Profile): {run?: RunSpec; skipped: string[]} {
  const absent = flowersAbsence();
  if (absent) return {skipped: [absent]};
  const c = theoryScales[profile].modeTiming;
  const size = theoryScales[profile].spectralGaps.flowersSize;
  const iterations = theoryScales[profile].initScale.iterations;
  return {
    run: gdRun({
      id: `flowers-${gdRunId(2, c.initScale, c.stepFactor)}`,
      data: dataRef("flowers102", {size}),
      depth: 2,
      rank: c.rank,
      initScale: c.initScale,
      stepFactor: c.stepFactor,
      iterations
    }),
    skipped: []
  };
}

export const spectralGapsExperiment: Experiment = {
  name: "spectral-gaps",
  description:
    "theory 7: gap ratios s_(i+1)/s_i of uncentered and centered MNIST, Fashion-MNIST, Flowers102 against the sharpness of GD's plateaus",
  figures: "theory page, section 7",
  tables: spectralGapsTables,
  plan(profile) {
    const s = theoryScales[profile];
    const {run, skipped} = flowers(profile);
    return {
      configuration: {...s.spectralGaps, ...s.modeTiming, mnist: s.mnist, ...(skipped.length ? {skipped} : {})},
      runs: [
        ...replicatedRuns(profile, s.spectralGaps.replications, (data) => [modeTimingRun(profile, data)]),
        ...(run ? [run] : [])
      ]
    };
  },
  build(context) {
    const c = theoryScales[context.profile].spectralGaps;
    const mnist = mnistContext(context);
    const group = (run: CompletedRun) => datasetName(run.data.ref);
    const runs = replicatesRun(c.replications).flatMap((r) => replicateContext(context, r).runs);
    return {
      runs: theoryRunsTable(context, "spectral-gaps", group),
      replications: theoryRunsTable(context, "spectral-gaps", group, false),
      trajectories: theoryTrajectories(mnist.runs, c.points),
      reference: theoryReferenceTable(mnist),
      gaps: gapsTable(uniqueData(runs).flatMap((data) => gapRows(data, c.gaps))),
      separations: separationsTable(runs.flatMap((run) => separationRows(run, c.gaps))),
      verdicts: verdictsTable(
        verdictRows(spectralGapClaims, context, (replicate) => spectralGapsInput(replicate, c.gaps), c.replications)
      )
    };
  }
};

/** The claims' input on one replicate: the pairs of modes of its own dataset (Flowers102 left out). */
export function spectralGapsInput(context: ExperimentContext, gaps: number): SpectralGapsInput {
  const runs = context.runs.filter((run) => !run.data.ref.spec.startsWith("flowers"));
  return {
    data: runs[0] ? datasetName(runs[0].data.ref) : "",
    separations: runs.flatMap((run) => separationRows(run, gaps)),
    runs: runs.map(runStatus)
  };
}

/** The data matrices of some runs, once each, in order. */
function uniqueData(runs: readonly CompletedRun[]): LoadedData[] {
  return [...new Map(runs.map((run) => [run.data.provenance.hash, run.data])).values()];
}

/** A dataset's name in the tables: the replicate's label (claims/replicates.ts), or Flowers102. */
export function datasetName(ref: DataRef): string {
  if (ref.spec.startsWith("flowers")) return "Flowers102";
  const name = ref.spec.startsWith("fashion") ? "Fashion-MNIST" : mnistReplicate.label;
  return ref.dataSeed === studyDataSeed ? name : `${name}, data seed ${ref.dataSeed}`;
}

export interface GapRow {
  data: string;
  centering: "uncentered" | "centered";
  index: number;
  singularValue: number;
  rho: number;
}

/**
 * rho_i for i = 1 .. count, of X and of X minus its column means (centered in float32, as the data
 * is stored). Memoized on disk: the centered spectrum costs most of a build.
 */
function gapRows(data: LoadedData, count: number): GapRow[] {
  return memo("spectral-gaps-gaps", {data: data.provenance.hash, ref: data.ref, count}, () =>
    computeGapRows(data, count)
  );
}

function computeGapRows(data: LoadedData, count: number): GapRow[] {
  const {rows: m, cols: n, data: x} = data.X;
  const means = new Float64Array(n);
  for (let i = 0; i < m; ++i) for (let j = 0; j < n; ++j) means[j] += x[i * n + j];
  for (let j = 0; j < n; ++j) means[j] /= m;
  const centered = new Float32Array(m * n);
  for (let i = 0; i < m; ++i) for (let j = 0; j < n; ++j) centered[i * n + j] = x[i * n + j] - means[j];
  const spectra = [
    ["uncentered", data.reference.singularValues],
    ["centered", singularValuesOf({rows: m, cols: n, data: centered})]
  ] as const;
  return spectra.flatMap(([centering, s]) =>
    Array.from({length: count}, (_, i) => ({
      data: datasetName(data.ref),
      centering,
      index: i + 1,
      singularValue: s[i],
      rho: s[i + 1] / s[i]
    }))
  );
}

export interface SeparationRow {
  data: string;
  index: number;
  rho: number;
  q: number;
  predictedQ: number;
  threshold: number;
}

/** The separations of one run's pairs of modes (memoized on disk: the truncated SVD behind a0). */
function separationRows(run: CompletedRun, count: number): SeparationRow[] {
  return memo("spectral-gaps-separations", {runs: runsKey([run]), count}, () => computeSeparationRows(run, count));
}

function computeSeparationRows(run: CompletedRun, count: number): SeparationRow[] {
  const t = run.output.trajectory;
  const k = Math.min(count + 1, t.topK);
  const sX = run.data.reference.singularValues;
  const times = modeTimes(t, sX, k);
  const {a0} = initialModes(run.data.X, run.spec, k);
  const lr = lrOf(run);
  const predictedHalf = times.map((m, i) => saxeHalfTimeSteps(m.dataValue, a0[i], lr));
  const predictedWidth = times.map((m) => saxeRiseWidthSteps(m.dataValue, lr));
  const rows: SeparationRow[] = [];
  for (let i = 0; i + 1 < k; ++i) {
    const a = times[i],
      b = times[i + 1];
    // The log init ratio of the pair, L = ln(s / a0 - 1), averaged: the visible-gap threshold rho*.
    const L = (Math.log(sX[i] / a0[i] - 1) + Math.log(sX[i + 1] / a0[i + 1] - 1)) / 2;
    rows.push({
      data: datasetName(run.data.ref),
      index: i + 1,
      rho: sX[i + 1] / sX[i],
      q: (b.halfTime - a.halfTime) / ((a.width + b.width) / 2),
      predictedQ: (predictedHalf[i + 1] - predictedHalf[i]) / ((predictedWidth[i] + predictedWidth[i + 1]) / 2),
      threshold: visibleGapThreshold(L)
    });
  }
  return rows;
}

function gapsTable(rows: readonly GapRow[]): TableData {
  return {
    columns: {
      data: rows.map((r) => r.data),
      centering: rows.map((r) => r.centering),
      index: Int32Array.from(rows, (r) => r.index),
      singularValue: Float64Array.from(rows, (r) => r.singularValue),
      rho: Float64Array.from(rows, (r) => r.rho)
    }
  };
}

function separationsTable(rows: readonly SeparationRow[]): TableData {
  return {
    columns: {
      data: rows.map((r) => r.data),
      index: Int32Array.from(rows, (r) => r.index),
      rho: Float64Array.from(rows, (r) => r.rho),
      q: Float64Array.from(rows, (r) => r.q),
      predictedQ: Float64Array.from(rows, (r) => r.predictedQ),
      threshold: Float64Array.from(rows, (r) => r.threshold)
    }
  };
}

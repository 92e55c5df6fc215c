import {verdictRows} from "./claims/evaluate.js";
import {mnistContext, onReplicate, replications} from "./claims/replicates.js";
import {halfTimeFit, modeHalfTimes, singularValuesClaims, singularValuesInput} from "./claims/singularValues.js";
import {verdictsTable} from "./claims/table.js";
import {mnistData, replicationsTable, standardTables, standardTableNames} from "./common.js";
import {scales, studySeed} from "./profiles.js";
import type {TableData} from "./types.js";
import type {CompletedRun, Experiment, RunSpec} from "./types.js";

/**
 * Experiment 1 of the study (report Fig. 1): the leading singular values of M = W1 W2 H at the start
 * of training against those of X. Deep NMF k = 2, ranks (20, 10), factors uniform in [0, 1e-2),
 * plain projected gradient descent. Beside it, the same small init and step for the two-factor
 * product W H (rank 10): Saxe et al.'s depth-2 setting, where modes are learned one at a time.
 * Trajectories are kept on a linear step grid (the figure's axis).
 *
 * Tables besides the standard ones: `halfTimes` (run, group (utf8), mode (int32), dataValue,
 * alignmentHalfTime, spectrumHalfTime (float64, NaN when never): when each mode is learned, by
 * alignment and by sorted spectra; claims/singularValues.ts), `fits` (run, group (utf8), count
 * (int32), slope, intercept, r2, share (float64): the line of half-times against 1/s_i over modes 2
 * and up, share = |intercept| / mean half-time), `replications` (the replications' runs) and
 * `verdicts`.
 */
export const singularValuesExperiment: Experiment = {
  name: "singular-values",
  description:
    "singular values of M over time against those of X: Deep NMF (20, 10) and W H from a small init, plain GD",
  figures: "Fig. 1",
  tables: [...standardTableNames, "halfTimes", "fits", "replications", "verdicts"],
  plan(profile) {
    const s = scales[profile].singularValues;
    const data = mnistData(profile);
    const common = {init: "random" as const, initScale: 1e-2, seed: studySeed, lr: s.lr, recordEvery: s.recordEvery};
    const runs: RunSpec[] = [
      {
        id: "deep-20-10",
        data,
        fit: {model: "deep", ranks: [20, 10], loss: "global", optimizer: "gd", iterations: s.deepIterations, ...common}
      },
      {id: "flat-10", data, fit: {model: "gd", ranks: [10], iterations: s.flatIterations, ...common}}
    ];
    const replicated = replications.filter((r) => s.replications.includes(r.id));
    return {
      configuration: {...s, initScale: 1e-2, optimizer: "gd"},
      runs: [...runs, ...replicated.flatMap((r) => onReplicate(runs, r, profile))]
    };
  },
  build(context) {
    const s = scales[context.profile].singularValues;
    const mnist = mnistContext(context);
    const group = (run: CompletedRun) => (run.spec.fit.model === "deep" ? "W1 W2 H" : "W H");
    const {tables} = standardTables(mnist, "singular-values", {group, points: () => s.points, scale: "linear"});
    return {
      ...tables,
      halfTimes: halfTimesTable(mnist.runs, group),
      fits: fitsTable(mnist.runs, group),
      replications: replicationsTable(context, "singular-values", group),
      verdicts: verdictsTable(
        verdictRows(singularValuesClaims, context, (replicate) => singularValuesInput(replicate.runs), s.replications)
      )
    };
  }
};

function halfTimesTable(runs: readonly CompletedRun[], group: (run: CompletedRun) => string): TableData {
  const rows = runs.flatMap((run) =>
    modeHalfTimes(run.output.trajectory, run.data.reference.singularValues, run.output.trajectory.topK).map((t) => ({
      run,
      t
    }))
  );
  return {
    columns: {
      run: rows.map((r) => r.run.spec.id),
      group: rows.map((r) => group(r.run)),
      mode: Int32Array.from(rows, (r) => r.t.mode),
      dataValue: Float64Array.from(rows, (r) => r.t.dataValue),
      alignmentHalfTime: Float64Array.from(rows, (r) => r.t.alignmentHalfTime),
      spectrumHalfTime: Float64Array.from(rows, (r) => r.t.spectrumHalfTime)
    }
  };
}

function fitsTable(runs: readonly CompletedRun[], group: (run: CompletedRun) => string): TableData {
  const fits = runs.map((run) =>
    halfTimeFit(modeHalfTimes(run.output.trajectory, run.data.reference.singularValues, run.output.trajectory.topK))
  );
  return {
    columns: {
      run: runs.map((run) => run.spec.id),
      group: runs.map(group),
      count: Int32Array.from(fits, (f) => f.count),
      slope: Float64Array.from(fits, (f) => f.slope),
      intercept: Float64Array.from(fits, (f) => f.intercept),
      r2: Float64Array.from(fits, (f) => f.r2),
      share: Float64Array.from(fits, (f) => f.share)
    }
  };
}

import type {Table} from "apache-arrow";
import {
  convergence,
  type Convergence,
  eckartYoung,
  plateauJumps,
  lastRecord,
  type Plateau,
  type StepRecord,
  type Trajectory
} from "../engine/index.js";
import {makeArrowTable, type ColumnValues} from "../io/arrow.js";
import {canonicalJson} from "../io/canonicalJson.js";
import {downsampleIndices} from "./downsample.js";
import type {CompletedRun, LoadedData, RunOutput, StoredMatrix, TableData} from "./types.js";

/**
 * The Arrow tables of the experiments (IPC file format, one record batch each). Every table's
 * schema metadata holds `nmf.experiment`: canonical JSON (sorted keys) with `format`
 * ("nmf.experiment/1"), `experiment`, `table`, `profile`, `description`, `figures`, the
 * experiment's `configuration` for that profile, `data` (the provenance of every data matrix:
 * source, subset, data seed, m, n, image shape, content hash), `codeHash` (of the run code) and,
 * when the experiment could not run here, `reason`. Image tables also hold `shape`
 * ([height, width, channels] as JSON), as src/data/digits.arrow does.
 *
 * | table | one row per | columns |
 * |---|---|---|
 * | runs | run | run, group (utf8), experiment, profile, data (spec), dataHash (utf8), dataSeed (int32), model, ranks ("20,10"), loss, optimizer (utf8), r1, r2, depth (int32), lr, initScale (float64; NaN where not used), init (utf8), seed, iterations (budget), recordEvery (int32), l1, cos (float64), steps (int32, steps run), stopReason (utf8), relativeError, error, effectiveRank, nuclearRatio, stableRank (float64, final), modesLearned (int32), cosineSeparation, eckartYoung (relative bound at the end-to-end rank), gap (relativeError - eckartYoung) (float64), plateaus (int32, count), converged (bool, engine/convergence.ts, on the objective), lastTenthDecrease (float64, relative decrease of the best objective over the last tenth of the steps) |
 * | trajectories | recorded step kept (downsampled) | run (utf8), step (int32), relativeError, error, objective (the loss minimized), effectiveRank, nuclearRatio, stableRank (float64), modesLearned (int32), cosineSeparation, sv1, sv2 (float64), singularValues (FixedSizeList<float64>[topK], 0 past a run's topK), modeAlignment (FixedSizeList<float64>[topK]: u_i^T M v_i / s_i(X), NaN past a run's topK) |
 * | timings | same rows as trajectories | run (utf8), step (int32), timeMs (float64: wall time since the start of the fit). The only table that differs between two builds |
 * | plateaus | effective-rank plateau | run (utf8), index (int32, from 1), start, end (int32), level (float64, median effective rank) |
 * | jumps | change between consecutive plateaus | run (utf8), index (int32), step (int32, log-time midpoint), start, end (int32), from, to (float64) |
 * | reference | singular value of X | data (utf8), index (int32, from 1), singularValue, eckartYoung (float64, relative bound at rank = index); summaries (effective rank, stable rank, nuclear ratio, ||X||_F^2) in metadata `nmf.reference` |
 * | snapshots | component of H at a step | run (utf8), step (int32), kind (utf8: regular, jump-before, jump, jump-after, final, stop), component (int32), scale (float64, the value of 255), pixels (FixedSizeList<uint8>[n]) |
 * | reconstructions | image and model | run (utf8; "data" for the originals), kind (utf8: original, reconstruction, error), image (int32, row of X), label (int32, -1 if none), pixels (FixedSizeList<uint8>[n]: value x 255, clipped to [0, 1]) |
 * | generated | generated image | run (utf8), kind (utf8: sample, interpolation), index (int32), from, to (int32, rows of X; -1 for samples), t (float64, NaN for samples), pixels (FixedSizeList<uint8>[n], clipped to [0, 1]) |
 *
 * Determinism: with the same profile, seeds and code every table but `timings` is byte-identical
 * from one build to the next (wall times live only there; a run read from the cache keeps the times
 * measured when it was computed).
 */
export const EXPERIMENT_METADATA_KEY = "nmf.experiment";
export const EXPERIMENT_FORMAT = "nmf.experiment/1";

export function finishTable(data: TableData, experimentMetadata: Record<string, unknown>): Table {
  return makeArrowTable(data.columns, {
    ...data.metadata,
    [EXPERIMENT_METADATA_KEY]: canonicalJson({format: EXPERIMENT_FORMAT, ...experimentMetadata})
  });
}

/** Final values of a run (or of an early stop): the step's record and what it was run with. */
export interface RunRow {
  id: string;
  group: string;
  run: CompletedRun;
  /** Defaults: the run's last recorded step, steps run and stop reason. */
  final?: StepRecord;
  steps?: number;
  stopReason?: string;
  plateaus?: number;
}

export function runsTable(rows: readonly RunRow[], experiment: string, profile: string): TableData {
  const n = rows.length;
  const text = (f: (r: RunRow) => string) => rows.map(f);
  const int = (f: (r: RunRow) => number) => Int32Array.from(rows, f);
  const float = (f: (r: RunRow) => number) => Float64Array.from(rows, f);
  const finals = rows.map((r) => r.final ?? lastRecord(r.run.output.trajectory));
  const fitOf = (r: RunRow) => r.run.spec.fit;
  const gradient = (r: RunRow) => fitOf(r).model !== "mu" && fitOf(r).model !== "hals";
  const scaled = (r: RunRow) => (fitOf(r).init ?? "random") === "random" || fitOf(r).init === "eye";
  const bound = (r: RunRow) => eckartYoung(r.run.data.reference, fitOf(r).ranks[fitOf(r).ranks.length - 1]);
  const final = (k: number) => finals[k];
  const columns: Record<string, ColumnValues> = {
    run: text((r) => r.id),
    group: text((r) => r.group),
    experiment: rows.map(() => experiment),
    profile: rows.map(() => profile),
    data: text((r) => r.run.data.ref.spec),
    dataHash: text((r) => r.run.data.provenance.hash),
    dataSeed: int((r) => r.run.data.ref.dataSeed),
    model: text((r) => fitOf(r).model),
    ranks: text((r) => fitOf(r).ranks.join(",")),
    r1: int((r) => fitOf(r).ranks[0]),
    r2: int((r) => fitOf(r).ranks[1] ?? 0),
    depth: int((r) => fitOf(r).ranks.length),
    loss: text((r) => (gradient(r) ? (fitOf(r).loss ?? "global") : "")),
    optimizer: text((r) => (gradient(r) ? (fitOf(r).model === "gd" ? "gd" : (fitOf(r).optimizer ?? "adam")) : "")),
    lr: float((r) => (gradient(r) ? (fitOf(r).lr ?? 1e-2) : NaN)),
    init: text((r) => fitOf(r).init ?? "random"),
    initScale: float((r) => (scaled(r) ? (fitOf(r).initScale ?? 1) : NaN)),
    seed: int((r) => fitOf(r).seed ?? 0),
    iterations: int((r) => fitOf(r).iterations),
    recordEvery: int((r) => fitOf(r).recordEvery ?? 1),
    l1: float((r) => fitOf(r).l1 ?? 0),
    cos: float((r) => fitOf(r).cos ?? 0),
    steps: int((r) => r.steps ?? r.run.output.iterations),
    stopReason: text((r) => r.stopReason ?? r.run.output.stopReason),
    relativeError: Float64Array.from({length: n}, (_, k) => final(k).relativeError),
    error: Float64Array.from({length: n}, (_, k) => final(k).error),
    effectiveRank: Float64Array.from({length: n}, (_, k) => final(k).effectiveRank),
    nuclearRatio: Float64Array.from({length: n}, (_, k) => final(k).nuclearRatio),
    stableRank: Float64Array.from({length: n}, (_, k) => final(k).stableRank),
    modesLearned: Int32Array.from({length: n}, (_, k) => final(k).modesLearned),
    cosineSeparation: Float64Array.from({length: n}, (_, k) => final(k).cosineSeparation),
    eckartYoung: float(bound),
    gap: Float64Array.from({length: n}, (_, k) => final(k).relativeError - bound(rows[k])),
    plateaus: int((r) => r.plateaus ?? r.run.output.plateaus.length),
    converged: {booleans: rows.map((r) => runConvergence(r.run.output, r.steps).converged)},
    lastTenthDecrease: float((r) => runConvergence(r.run.output, r.steps).lastTenthDecrease)
  };
  return {columns};
}

/**
 * The convergence of a run (engine/convergence.ts) on the loss it minimizes, up to `last` (an early
 * stop's step; default its end).
 */
export function runConvergence(output: RunOutput, last = output.iterations): Convergence {
  const t = output.trajectory;
  let n = t.step.length;
  while (n > 0 && t.step[n - 1] > last) --n;
  return convergence(t.step.subarray(0, n), t.objective.subarray(0, n), output.stopReason === "diverged");
}

/** One trajectory to publish: the run's id, its trajectory, and which of its rows to keep. */
export interface TrajectoryPart {
  id: string;
  trajectory: Trajectory;
  /** Row indices (increasing); default all rows. */
  indices?: Int32Array;
}

/** The published rows of a run: downsampled (downsample.ts), plateau boundaries and `keep` kept. */
export function trajectoryPart(
  id: string,
  run: CompletedRun,
  options: {points: number; scale?: "log" | "linear"; keep?: number[]; upTo?: number}
): TrajectoryPart {
  const t = run.output.trajectory;
  let indices = downsampleIndices(t.step, {
    count: options.points,
    scale: options.scale,
    plateaus: run.output.plateaus,
    effectiveRank: t.effectiveRank,
    keep: options.keep
  });
  if (options.upTo !== undefined) indices = indices.filter((i) => t.step[i] <= options.upTo!);
  return {id, trajectory: t, indices};
}

/**
 * The `trajectories` table: one row per published step of each run. The mode alignments a run records
 * are left out (no page draws them; `nmf fit` reports them), the drawn-only metrics are float32.
 */
export function trajectoriesTable(parts: readonly TrajectoryPart[], topK = 10): TableData {
  const rows = parts.flatMap((p) => Array.from(p.indices ?? p.trajectory.step.keys(), (i) => ({p, i})));
  const n = rows.length;
  const k = Math.max(topK, ...parts.map((p) => p.trajectory.topK));
  const singularValues = new Float32Array(n * k);
  rows.forEach(({p, i}, row) => {
    const t = p.trajectory;
    singularValues.set(t.singularValues.subarray(i * t.topK, (i + 1) * t.topK), row * k);
  });
  // The relative error and the effective rank stay exact (a page reruns a run and compares them); the
  // other metrics are only drawn, and float32 (7 digits) halves what a page downloads for them.
  const exact = (key: keyof Trajectory) => Float64Array.from(rows, ({p, i}) => (p.trajectory[key] as Float64Array)[i]);
  const drawn = (key: keyof Trajectory) => Float32Array.from(rows, ({p, i}) => (p.trajectory[key] as Float64Array)[i]);
  return {
    columns: {
      run: rows.map(({p}) => p.id),
      step: Int32Array.from(rows, ({p, i}) => p.trajectory.step[i]),
      relativeError: exact("relativeError"),
      error: drawn("error"),
      objective: drawn("objective"),
      effectiveRank: exact("effectiveRank"),
      nuclearRatio: drawn("nuclearRatio"),
      stableRank: drawn("stableRank"),
      modesLearned: Int32Array.from(rows, ({p, i}) => p.trajectory.modesLearned[i]),
      cosineSeparation: drawn("cosineSeparation"),
      sv1: Float32Array.from({length: n}, (_, row) => singularValues[row * k]),
      sv2: Float32Array.from({length: n}, (_, row) => (k > 1 ? singularValues[row * k + 1] : 0)),
      singularValues: {listSize: k, values: singularValues}
    }
  };
}

export function timingsTable(parts: readonly TrajectoryPart[]): TableData {
  const rows = parts.flatMap((p) => Array.from(p.indices ?? p.trajectory.step.keys(), (i) => ({p, i})));
  return {
    columns: {
      run: rows.map(({p}) => p.id),
      step: Int32Array.from(rows, ({p, i}) => p.trajectory.step[i]),
      timeMs: Float64Array.from(rows, ({p, i}) => p.trajectory.timeMs[i])
    }
  };
}

export function plateausTable(parts: readonly {id: string; plateaus: readonly Plateau[]}[]): TableData {
  const rows = parts.flatMap(({id, plateaus}) => plateaus.map((p, k) => ({id, p, k})));
  return {
    columns: {
      run: rows.map((r) => r.id),
      index: Int32Array.from(rows, (r) => r.k + 1),
      start: Int32Array.from(rows, (r) => r.p.start),
      end: Int32Array.from(rows, (r) => r.p.end),
      level: Float64Array.from(rows, (r) => r.p.level)
    }
  };
}

export function jumpsTable(
  parts: readonly {id: string; plateaus: readonly Plateau[]; trajectory?: Trajectory}[]
): TableData {
  const rows = parts.flatMap(({id, plateaus, trajectory}) =>
    plateauJumps(plateaus, trajectory).map((j, k) => ({id, j, k}))
  );
  return {
    columns: {
      run: rows.map((r) => r.id),
      index: Int32Array.from(rows, (r) => r.k + 1),
      step: Int32Array.from(rows, (r) => r.j.step),
      start: Int32Array.from(rows, (r) => r.j.start),
      end: Int32Array.from(rows, (r) => r.j.end),
      from: Float64Array.from(rows, (r) => r.j.from),
      to: Float64Array.from(rows, (r) => r.j.to)
    }
  };
}

/** Singular values of each data matrix with the relative Eckart-Young bound at each rank. */
export function referenceTable(data: readonly LoadedData[]): TableData {
  const rows = data.flatMap((d) => Array.from(d.reference.singularValues, (s, k) => ({d, s, k})));
  const summaries = data.map((d) => ({
    data: d.ref.spec,
    effectiveRank: d.reference.effectiveRank,
    stableRank: d.reference.stableRank,
    nuclearRatio: d.reference.nuclearRatio,
    frobeniusSquared: d.reference.frobeniusSquared,
    count: d.reference.singularValues.length
  }));
  return {
    columns: {
      data: rows.map((r) => r.d.ref.spec),
      index: Int32Array.from(rows, (r) => r.k + 1),
      singularValue: Float64Array.from(rows, (r) => r.s),
      eckartYoung: Float64Array.from(rows, (r) => eckartYoung(r.d.reference, r.k + 1))
    },
    metadata: {"nmf.reference": canonicalJson(summaries)}
  };
}

/** A row of H (or any image-like row) published as bytes: scaled by its own maximum. */
export interface SnapshotRow {
  run: string;
  step: number;
  kind: string;
  H: StoredMatrix;
}

/**
 * Snapshots of H, one row per component: each component is scaled by its own maximum (the value
 * of 255, in `scale`), as the study showed each signature with its own colour range.
 */
export function snapshotsTable(snapshots: readonly SnapshotRow[], n: number, shape: readonly number[]): TableData {
  const rows = snapshots.flatMap((s) => Array.from({length: s.H.rows}, (_, c) => ({s, c})));
  const pixels = new Uint8Array(rows.length * n);
  const scale = new Float64Array(rows.length);
  rows.forEach(({s, c}, row) => {
    const values = s.H.data.subarray(c * s.H.cols, (c + 1) * s.H.cols);
    let max = 0;
    for (const v of values) if (v > max) max = v;
    scale[row] = max;
    if (max > 0) for (let j = 0; j < n; ++j) pixels[row * n + j] = Math.round((Math.max(0, values[j]) / max) * 255);
  });
  return {
    columns: {
      run: rows.map((r) => r.s.run),
      step: Int32Array.from(rows, (r) => r.s.step),
      kind: rows.map((r) => r.s.kind),
      component: Int32Array.from(rows, (r) => r.c),
      scale,
      pixels: {listSize: n, values: pixels}
    },
    metadata: {shape: JSON.stringify(shape)}
  };
}

/** Values in [0, 1] as bytes (x 255, rounded), clipped. */
export function unitBytes(values: ArrayLike<number>, out: Uint8Array, offset = 0): void {
  for (let j = 0; j < values.length; ++j) out[offset + j] = Math.round(Math.min(1, Math.max(0, values[j])) * 255);
}

/** Image shape of a data matrix, or [1, n, 1] (one row of pixels) when it has none. */
export function shapeOf(data: LoadedData | undefined, n: number): [number, number, number] {
  return data?.provenance.imageShape ?? [1, n, 1];
}

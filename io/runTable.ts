import {canonicalJson} from "./canonicalJson.js";
import {Float64, Int32, type Table} from "apache-arrow";
import type {DataProvenance, FitOptions, FitResult, Trajectory} from "../engine/index.js";
import {makeArrowTable, readArrowFile, writeArrowFile, type ColumnValues} from "./arrow.js";
import {fileError} from "./inputFile.js";

/**
 * A fit's trajectory as an Arrow table in long format, one row per recorded step:
 *
 * | column | type |
 * |---|---|
 * | step | int32 |
 * | timeMs, relativeError, error, effectiveRank, nuclearRatio, stableRank | float64 |
 * | modesLearned | int32 |
 * | cosineSeparation | float64 |
 * | singularValues | FixedSizeList<float64>[topK] (absent when topK is 0) |
 * | modeAlignment | FixedSizeList<float64>[topK] (absent when topK is 0): u_i^T M v_i / s_i(X) |
 *
 * The schema's metadata key `nmf.run` holds a JSON object (keys sorted, so that the same inputs give
 * the same bytes): `format` ("nmf.run/2"; version 1 had no `modeAlignment` and counted `modesLearned`
 * by comparing sorted spectra), `options` (the resolved fit options, plus the other
 * options asked for; the `weights` matrix is left out, the CLI records its file as `weightsFile`),
 * `result` (iterations, stopReason, divergedAt, wallMs, plateaus, topK, and for a weighted,
 * missing-value or beta-divergence run `errorMeasure`: which divergence `error` holds, over which
 * entries, and the `reference` that `relativeError` divides it by; engine/types.ts ErrorMeasure),
 * `data` (the data provenance), and any other field given in `meta`. Nothing time-dependent is
 * added: a timestamp appears only if the caller passes one.
 */
export const RUN_METADATA_KEY = "nmf.run";
export const RUN_FORMAT = "nmf.run/2";

export interface RunMeta {
  /** Where the data came from. */
  data: DataProvenance;
  /** The options asked for; functions, the abort signal and initial factors are left out. */
  options?: Partial<FitOptions>;
  /** Anything else worth keeping with the run (experiment name, command line, a timestamp...). */
  [key: string]: unknown;
}

/** The parsed `nmf.run` metadata. */
export interface RunMetadata {
  format: string;
  options: Record<string, unknown>;
  result: {
    iterations: number;
    stopReason: FitResult["stopReason"];
    divergedAt?: number;
    errorMeasure?: FitResult["errorMeasure"];
    wallMs: number;
    plateaus: FitResult["plateaus"];
    topK: number;
  };
  data: DataProvenance;
  [key: string]: unknown;
}

/** Options that are not configuration: callbacks, signals and matrices. */
const unrecordedOptions = new Set(["onRecord", "onStep", "signal", "initialFactors", "weights"]);

export function trajectoryTable(result: FitResult, meta: RunMeta): Table {
  const t = result.trajectory;
  const columns: Record<string, ColumnValues> = {
    step: t.step,
    timeMs: t.timeMs,
    relativeError: t.relativeError,
    error: t.error,
    objective: t.objective,
    effectiveRank: t.effectiveRank,
    nuclearRatio: t.nuclearRatio,
    stableRank: t.stableRank,
    modesLearned: t.modesLearned,
    cosineSeparation: t.cosineSeparation
  };
  if (t.topK > 0) {
    columns.singularValues = {listSize: t.topK, values: t.singularValues};
    columns.modeAlignment = {listSize: t.topK, values: t.modeAlignment};
  }
  const {data, options: requested = {}, ...rest} = meta;
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(requested)) if (!unrecordedOptions.has(key)) options[key] = value;
  Object.assign(options, result.options);
  const metadata: RunMetadata = {
    ...rest,
    format: RUN_FORMAT,
    options,
    result: {
      iterations: result.iterations,
      stopReason: result.stopReason,
      ...(result.divergedAt === undefined ? {} : {divergedAt: result.divergedAt}),
      ...(result.errorMeasure === undefined ? {} : {errorMeasure: result.errorMeasure}),
      wallMs: result.wallMs,
      plateaus: result.plateaus,
      topK: t.topK
    },
    data
  };
  return makeArrowTable(columns, {[RUN_METADATA_KEY]: canonicalJson(metadata)});
}

/** Writes a run's trajectory table as an Arrow IPC file, atomically. */
export async function writeRunFile(path: string, result: FitResult, meta: RunMeta): Promise<void> {
  await writeArrowFile(path, trajectoryTable(result, meta));
}

/** The trajectory and metadata back from a table written by `trajectoryTable`. */
export function runFromTable(table: Table, source = "(table)"): {trajectory: Trajectory; metadata: RunMetadata} {
  const json = table.schema.metadata.get(RUN_METADATA_KEY);
  if (json === undefined) throw fileError(source, `no "${RUN_METADATA_KEY}" metadata: not a run file`);
  const metadata = JSON.parse(json) as RunMetadata;
  if (metadata.format !== RUN_FORMAT)
    throw fileError(
      source,
      `run format ${JSON.stringify(metadata.format)}, this version reads ${RUN_FORMAT}: rerun the fit`
    );
  const int32 = (name: string) => numericColumn(table, name, source, Int32Array);
  const float64 = (name: string) => numericColumn(table, name, source, Float64Array);
  const topK = metadata.result.topK;
  const trajectory: Trajectory = {
    step: int32("step"),
    timeMs: float64("timeMs"),
    relativeError: float64("relativeError"),
    error: float64("error"),
    objective: float64("objective"),
    effectiveRank: float64("effectiveRank"),
    nuclearRatio: float64("nuclearRatio"),
    stableRank: float64("stableRank"),
    modesLearned: int32("modesLearned"),
    cosineSeparation: float64("cosineSeparation"),
    topK,
    singularValues: listColumn(table, "singularValues", topK, source),
    modeAlignment: listColumn(table, "modeAlignment", topK, source)
  };
  return {trajectory, metadata};
}

export async function readRunFile(path: string): Promise<{trajectory: Trajectory; metadata: RunMetadata}> {
  return runFromTable(await readArrowFile(path), path);
}

/** A FixedSizeList<float64>[topK] column, row-major (rows x topK); empty when topK is 0. */
function listColumn(table: Table, name: string, topK: number, source: string): Float64Array {
  const values = new Float64Array(table.numRows * topK);
  if (topK === 0) return values;
  const column = table.getChild(name);
  if (!column) throw fileError(source, `no ${name} column`);
  for (const data of column.data) {
    const child = data.children[0];
    values.set(child.values.subarray(child.offset, child.offset + data.length * topK), data.offset * topK);
  }
  return values;
}

function numericColumn<A extends Int32ArrayConstructor | Float64ArrayConstructor>(
  table: Table,
  name: string,
  source: string,
  ArrayType: A
): InstanceType<A> {
  const column = table.getChild(name);
  const expected = ArrayType === Int32Array ? new Int32() : new Float64();
  if (!column || column.type.typeId !== expected.typeId || column.type.toString() !== expected.toString()) {
    throw fileError(source, `column ${name} missing or not ${expected}`);
  }
  return ArrayType.from(column.toArray() as ArrayLike<number>) as InstanceType<A>;
}

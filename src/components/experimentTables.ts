/**
 * Reading the experiments' Arrow tables in pages (schemas: experiments/tables.ts). Pages fetch a
 * table with a static FileAttachment and decode it here:
 *
 *   const runs = await experimentTable(FileAttachment("data/plateaus-runs.arrow").arrayBuffer());
 *
 * (`.arrayBuffer()` must be written in the page: for a FileAttachment whose method it cannot see,
 * Framework adds `npm:apache-arrow`, fetched from a CDN, to the page's imports.)
 *
 * Every table carries the experiment's metadata (`nmf.experiment`: profile, configuration, data
 * provenance, and `reason` when the experiment could not run here), image tables their `shape`,
 * and the reference table X's summaries (`nmf.reference`).
 */
import * as Arrow from "apache-arrow";
import type {RunConfig} from "./caption.js";
import {noteSource, tagRows} from "./figureData.js";
import type {Row} from "./metricCurves.js";

/** What `nmf.experiment` holds. */
export interface ExperimentMeta {
  experiment: string;
  table: string;
  profile: string;
  description: string;
  figures: string;
  configuration: Record<string, unknown>;
  /** Provenance of every data matrix the experiment used. */
  data: {spec: string; source: string; m: number; n: number; dataSeed?: number; hash: string; imageShape?: number[]}[];
  /** Why the experiment did not run here (Flowers102 absent...); its tables are then empty. */
  reason?: string;
  /** Every run's id, data and fit options (experiments/types.ts RunSpec). */
  runs?: {
    id: string;
    data?: {spec: string; dataSeed?: number};
    fit: Record<string, unknown>;
    /** What the run watched besides its fit: the early-stopping rules (experiments/executeRun.ts). */
    capture?: {earlyStops?: Record<string, unknown>[]};
  }[];
}

export interface ExperimentTable {
  /** One plain object per row; list columns (pixels, singular values) as typed subarrays. */
  rows: Row[];
  meta: ExperimentMeta;
  /** [height, width, channels] of image tables. */
  shape?: [number, number, number];
  table: Arrow.Table;
}

/** Decodes the bytes of a table fetched with `FileAttachment(...).arrayBuffer()`. */
export async function experimentTable(bytes: ArrayBuffer | Promise<ArrayBuffer>): Promise<ExperimentTable> {
  return decodeExperimentTable(await bytes);
}

export function decodeExperimentTable(bytes: ArrayBuffer | Uint8Array): ExperimentTable {
  const table = Arrow.tableFromIPC(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  const metadata = table.schema.metadata;
  const text = metadata.get("nmf.experiment");
  if (text === undefined) throw new RangeError("invalid experiment table: no nmf.experiment metadata");
  const meta = JSON.parse(text) as ExperimentMeta;
  const shapeText = metadata.get("shape");
  const rows = tableRows(table);
  tagRows(rows, {experiment: meta.experiment, profile: meta.profile, table: meta.table});
  return {rows, meta, table, ...(shapeText ? {shape: JSON.parse(shapeText)} : {})};
}

/** Every row as a plain object: numbers, strings, and typed subarrays for FixedSizeList columns. */
export function tableRows(table: Arrow.Table): Row[] {
  const n = table.numRows;
  const columns = table.schema.fields.map((field) => {
    const vector = table.getChild(field.name)!;
    const listSize = (field.type as {listSize?: number}).listSize;
    if (listSize !== undefined) {
      const values = listValues(vector, listSize);
      return {name: field.name, get: (i: number) => values.subarray(i * listSize, (i + 1) * listSize)};
    }
    const values = vector.toArray() as ArrayLike<unknown>;
    const big = typeof values[0] === "bigint";
    return {name: field.name, get: (i: number) => (big ? Number(values[i]) : values[i])};
  });
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; ++i) {
    const row: Row = {};
    for (const column of columns) row[column.name] = column.get(i);
    rows[i] = row;
  }
  return rows;
}

/** The flat child values of a FixedSizeList column (one record batch: no copy). */
function listValues(vector: Arrow.Vector, size: number): Uint8Array | Float64Array | Float32Array | Int32Array {
  const parts = vector.data.map((data) => {
    const child = data.children[0];
    const values = child.values as Float64Array;
    const start = child.offset + data.offset * size;
    return values.subarray(start, start + data.length * size);
  });
  if (parts.length === 1) return parts[0];
  const out = new (parts[0].constructor as Float64ArrayConstructor)(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const part of parts) (out.set(part, offset), (offset += part.length));
  return out;
}

/** The caption configuration of a row of a runs table. */
export function runConfig(run: Row): RunConfig {
  const number = (key: string) => {
    const v = Number(run[key]);
    return Number.isFinite(v) ? v : undefined;
  };
  const text = (key: string) => (run[key] ? String(run[key]) : undefined);
  const penalties = run.model === "deep" || run.model === "adam" || run.model === "gd";
  return {
    experiment: text("experiment"),
    profile: text("profile"),
    data: text("data"),
    dataSeed: number("dataSeed"),
    model: text("model"),
    ranks: text("ranks"),
    loss: text("loss"),
    optimizer: text("optimizer"),
    lr: number("lr"),
    init: text("init"),
    initScale: number("initScale"),
    seed: number("seed"),
    iterations: number("iterations"),
    ...(penalties && Number(run.l1) > 0 ? {l1: number("l1")} : {}),
    ...(penalties && Number(run.cos) > 0 ? {cos: number("cos")} : {})
  };
}

/** X's spectrum and summaries from a reference table (one data matrix, or the one named `data`). */
export interface DataReferenceView {
  data: string;
  singularValues: Float64Array;
  /** Relative Eckart-Young bound at rank k, at index k - 1. */
  eckartYoung: Float64Array;
  effectiveRank: number;
  stableRank: number;
  nuclearRatio: number;
  frobeniusSquared: number;
}

export function dataReference(reference: ExperimentTable, data?: string): DataReferenceView {
  const summaries = JSON.parse(reference.table.schema.metadata.get("nmf.reference") ?? "[]") as {
    data: string;
    effectiveRank: number;
    stableRank: number;
    nuclearRatio: number;
    frobeniusSquared: number;
  }[];
  const name = data ?? summaries[0]?.data;
  const summary = summaries.find((s) => s.data === name);
  if (!summary)
    throw new RangeError(
      `invalid data: ${JSON.stringify(name)} (reference holds ${summaries.map((s) => s.data).join(", ")})`
    );
  const rows = reference.rows.filter((row) => row.data === name).sort((a, b) => Number(a.index) - Number(b.index));
  return {
    data: summary.data,
    singularValues: Float64Array.from(rows, (row) => Number(row.singularValue)),
    eckartYoung: Float64Array.from(rows, (row) => Number(row.eckartYoung)),
    effectiveRank: summary.effectiveRank,
    stableRank: summary.stableRank,
    nuclearRatio: summary.nuclearRatio,
    frobeniusSquared: summary.frobeniusSquared
  };
}

/** The rows of one run (trajectories, plateaus, jumps...), in table order. */
export function ofRun(rows: readonly Row[], run: string): Row[] {
  return rows.filter((row) => row.run === run);
}

/**
 * Adds `timeMs` from a timings table to trajectory rows of the same runs and steps (the timings
 * are the only data that differ from build to build, so they live in their own table).
 */
export function withTimes(trajectories: readonly Row[], timings: readonly Row[]): Row[] {
  const times = new Map(timings.map((row) => [`${row.run}\u0000${row.step}`, Number(row.timeMs)]));
  return trajectories.map((row) => ({...row, timeMs: times.get(`${row.run}\u0000${row.step}`) ?? NaN}));
}

/** The value of `key` at the recorded step nearest to `step` (at or before it when possible). */
export function valueAt(rows: readonly Row[], step: number, key: string): number {
  let best: Row | undefined;
  for (const row of rows) if (Number(row.step) <= step && (!best || Number(row.step) > Number(best.step))) best = row;
  best ??= rows[0];
  return best ? Number(best[key]) : NaN;
}

/** The snapshots (images) of one run at one step and kind, in component order. */
export function snapshotImages(
  snapshots: ExperimentTable,
  {run, step, kind}: {run: string; step: number; kind?: string}
): {images: Uint8Array[]; scales: number[]} {
  const rows = snapshots.rows
    .filter((row) => row.run === run && Number(row.step) === step && (kind === undefined || row.kind === kind))
    .sort((a, b) => Number(a.component) - Number(b.component));
  const seen = new Set<number>();
  const unique = rows.filter((row) => !seen.has(Number(row.component)) && seen.add(Number(row.component)));
  return {images: unique.map((row) => row.pixels as Uint8Array), scales: unique.map((row) => Number(row.scale))};
}

/** The distinct snapshot steps of a run, increasing, with their kinds. */
export function snapshotSteps(snapshots: ExperimentTable, run: string): {step: number; kinds: string[]}[] {
  const kinds = new Map<number, Set<string>>();
  for (const row of snapshots.rows) {
    if (row.run !== run) continue;
    const step = Number(row.step);
    if (!kinds.has(step)) kinds.set(step, new Set());
    kinds.get(step)!.add(String(row.kind));
  }
  return [...kinds.entries()].sort((a, b) => a[0] - b[0]).map(([step, set]) => ({step, kinds: [...set]}));
}

/**
 * "Experiment mode-timing (profile default), data mnist:2000 (2,000 × 784), mnist:2000 with data seed 113
 * (2,000 × 784)." for captions: every data matrix of the experiment, the study's data seed (112) unsaid.
 */
export function experimentNote(meta: {
  experiment: string;
  profile: string;
  data: {spec: string; m: number; n: number; dataSeed?: number}[];
}): string {
  type Data = (typeof meta.data)[number];
  const size = (d: Data) => `(${d.m.toLocaleString("en-US")} × ${d.n.toLocaleString("en-US")})`;
  const seed = (d: Data) => (d.dataSeed === undefined || d.dataSeed === 112 ? "" : ` with data seed ${d.dataSeed}`);
  const data = meta.data.map((d) => `${d.spec}${seed(d)} ${size(d)}`);
  const note = `Experiment ${meta.experiment} (profile ${meta.profile}), data ${data.join(", ")}.`;
  noteSource(note, {experiment: meta.experiment, profile: meta.profile});
  return note;
}

/** An experiment's tables as a module of src/tables/ lists them: name to a fetch of the Arrow bytes. */
export type TableFiles = Record<string, () => Promise<ArrayBuffer>>;

/**
 * Fetches and decodes the named tables of one experiment: `loadTables(plateaus, "runs", "seeds")`; every table
 * the module lists when no name is given: `loadTables(solvers)`. One table after another on purpose: a page
 * loads each experiment in its own cell, and taking the tables in turn lets the experiments share the
 * browser, so the first section draws while later ones still load. Fetched all at once, every table arrived
 * together and the first figure waited for every other table to be decoded and drawn (measured on
 * low-rank-bias.md: about 0.5 s more main-thread script before its first figure).
 */
export async function loadTables<T extends TableFiles, K extends keyof T & string = keyof T & string>(
  files: T,
  ...names: K[]
): Promise<Record<K, ExperimentTable>> {
  const chosen = names.length ? names : (Object.keys(files) as K[]);
  const unknown = chosen.filter((name) => typeof files[name] !== "function");
  if (unknown.length)
    throw new RangeError(`invalid table: ${unknown.join(", ")} (the module lists ${Object.keys(files).join(", ")})`);
  const tables = {} as Record<K, ExperimentTable>;
  for (const name of chosen) tables[name] = await experimentTable(files[name]());
  return tables;
}

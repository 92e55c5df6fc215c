/**
 * The lab's data in the browser: the images it trains on (src/data/lab-mnist.arrow, and
 * lab-flowers.arrow when the site was built with Flowers102) and the engine's runs of its preset
 * configurations (experiment lab-presets, experiments/labPresets.ts), read once per page.
 */
import * as Arrow from "apache-arrow";
import {FileAttachment} from "observablehq:stdlib";
import type {LabSetup} from "../../lab/index.js";
import {decodeMatrix, matrices} from "../tables/matrices.js";
import {matrixFromColumn, metadataJson} from "./arrow.js";

/** Images as bytes, one image per row (height x width x channels); the lab trains on byte / 255. */
export interface LabImages {
  id: "mnist" | "flowers" | "mnist-exact";
  label: string;
  bytes: Uint8Array;
  rows: number;
  cols: number;
  shape: [number, number, number];
  labels: Int32Array;
  provenance: {spec: string; dataSeed?: number; hash: string; source: string};
  /** The range of rows (the first N images) the lab's input offers. */
  minRows: number;
  maxRows: number;
  /**
   * Sources whose bytes are only for display: the first `rows` images exactly as the experiments read them
   * (float32), fetched on the first run (src/tables/matrices.ts).
   */
  exact?: (rows: number) => Promise<Float32Array>;
}

export interface LabPreset {
  id: string;
  label: string;
  config: LabSetup;
  final: {iterations: number; relativeError: number; effectiveRank: number; stopReason: string};
  plateaus: {start: number; end: number; level: number}[];
  wallMs: number;
}

/** One preset's trajectory as the engine recorded it (every step). */
export interface ReferenceCurve {
  preset: LabPreset;
  step: Int32Array;
  relativeError: Float64Array;
  effectiveRank: Float64Array;
  /** Row-major, steps x topK. */
  singularValues: Float32Array;
  topK: number;
}

export interface LabPageData {
  sources: LabImages[];
  presets: LabPreset[];
  curves: Map<string, ReferenceCurve>;
}

let cached: Promise<LabPageData> | undefined;

/** Reads the lab's files once per page; every lab panel of the page shares them. */
export function loadLabData(): Promise<LabPageData> {
  cached ??= readLabData();
  cached.catch(() => (cached = undefined));
  return cached;
}

async function readLabData(): Promise<LabPageData> {
  const [mnist, flowers, reference] = await Promise.all([
    FileAttachment("../data/lab-mnist.arrow").arrayBuffer(),
    FileAttachment("../data/lab-flowers.arrow").arrayBuffer(),
    FileAttachment("../data/lab-presets-curves.arrow").arrayBuffer()
  ]);
  const digits = images(Arrow.tableFromIPC(mnist), "mnist", "MNIST digits", 100);
  const sources = [digits, exactDigits(digits)];
  const flowersTable = Arrow.tableFromIPC(flowers);
  if (flowersTable.numRows > 0) sources.push(images(flowersTable, "flowers", "Flowers102 (32 x 32)", 10));
  const referenceTable = Arrow.tableFromIPC(reference);
  const presets = metadataJson<LabPreset[]>(referenceTable, "presets");
  return {sources, presets, curves: curves(referenceTable, presets)};
}

/**
 * The headline's 2,000 digits as the build's runs read them (mnist:2000, float32, 6 MB fetched on the first
 * run): the engine backend then reruns the study's configuration on exactly its data. Their first 1,000 are
 * the shipped digits (the seeded subsets nest), which the panel shows.
 */
function exactDigits(digits: LabImages): LabImages {
  let loaded: Promise<Float32Array> | undefined;
  return {
    ...digits,
    id: "mnist-exact",
    label: "MNIST, the headline's 2,000 digits (exact; 6 MB on the first run)",
    maxRows: 2000,
    exact: async (rows) => {
      loaded ??= matrices["mnist:2000"]().then((bytes) => decodeMatrix(bytes).data);
      loaded.catch(() => (loaded = undefined));
      return (await loaded).slice(0, rows * digits.cols);
    }
  };
}

function images(table: Arrow.Table, id: LabImages["id"], label: string, minRows: number): LabImages {
  const {cols, data} = matrixFromColumn(table, "pixels");
  const bytes = data as Uint8Array;
  return {
    id,
    label,
    bytes,
    rows: table.numRows,
    cols,
    shape: metadataJson<[number, number, number]>(table, "shape"),
    labels: table.getChild("label")!.toArray() as Int32Array,
    provenance: metadataJson(table, "provenance"),
    minRows: Math.min(minRows, table.numRows),
    maxRows: table.numRows
  };
}

function curves(table: Arrow.Table, presets: LabPreset[]): Map<string, ReferenceCurve> {
  const ids = table.getChild("preset")!.toArray() as string[];
  const step = table.getChild("step")!.toArray() as Int32Array;
  const relativeError = table.getChild("relativeError")!.toArray() as Float64Array;
  const effectiveRank = table.getChild("effectiveRank")!.toArray() as Float64Array;
  const values = matrixFromColumn(table, "singularValues");
  const topK = values.cols;
  const flat = values.data as Float32Array;
  const out = new Map<string, ReferenceCurve>();
  for (const preset of presets) {
    let first = -1,
      last = -1;
    for (let i = 0; i < ids.length; ++i) if (ids[i] === preset.id) ((first = first < 0 ? i : first), (last = i));
    if (first < 0) continue;
    out.set(preset.id, {
      preset,
      step: step.slice(first, last + 1),
      relativeError: relativeError.slice(first, last + 1),
      effectiveRank: effectiveRank.slice(first, last + 1),
      singularValues: flat.slice(first * topK, (last + 1) * topK),
      topK
    });
  }
  return out;
}

/**
 * The lab's data in the browser. At load, a page reads only the lab's catalog (src/data/lab-catalog.json:
 * the shapes of its images and its precomputed configurations, a few kilobytes). The images it trains on
 * (src/data/lab-mnist.arrow, and lab-flowers.arrow when the site was built with Flowers102) and the
 * engine's runs of its preset configurations (experiment lab-presets, experiments/labPresets.ts) are
 * fetched on the first run, once per page.
 */
import * as Arrow from "apache-arrow";
import {FileAttachment} from "observablehq:stdlib";
import type {LabSetup} from "../../lab/index.js";
import {decodeMatrix, matrices} from "../tables/matrices.js";
import {matrixFromColumn, metadataJson} from "./arrow.js";

/** A source of images as the inputs offer it, before its bytes are fetched. */
export interface LabSource {
  id: "mnist" | "flowers" | "mnist-exact";
  label: string;
  rows: number;
  cols: number;
  shape: [number, number, number];
  /** The range of rows (the first N images) the lab's input offers. */
  minRows: number;
  maxRows: number;
}

/** Images as bytes, one image per row (height x width x channels); the lab trains on byte / 255. */
export interface LabImages extends LabSource {
  bytes: Uint8Array;
  labels: Int32Array;
  provenance: {spec: string; dataSeed?: number; hash: string; source: string};
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

/** What a panel shows before its first run: the sources' shapes and the precomputed configurations. */
export interface LabCatalog {
  sources: LabSource[];
  presets: LabPreset[];
}

export interface LabPageData extends LabCatalog {
  sources: LabImages[];
  curves: Map<string, ReferenceCurve>;
}

interface ImagesShape {
  rows: number;
  cols: number;
  shape: [number, number, number];
}

/** The headline's 2,000 digits, as the build's runs read them (src/tables/matrices.ts: mnist:2000). */
const exactRows = 2000;

/** The sources the inputs offer, from the shapes of the shipped images (no Flowers102 when the build had none). */
function sourcesOf(mnist: ImagesShape, flowers: ImagesShape | null): LabSource[] {
  const digits: LabSource = {
    id: "mnist",
    label: "MNIST digits",
    ...mnist,
    minRows: Math.min(100, mnist.rows),
    maxRows: mnist.rows
  };
  const exact: LabSource = {
    ...digits,
    id: "mnist-exact",
    label: "MNIST, the headline's 2,000 digits (exact; 6 MB on the first run)",
    maxRows: exactRows
  };
  const sources = [digits, exact];
  if (flowers && flowers.rows > 0)
    sources.push({
      id: "flowers",
      label: "Flowers102 (32 x 32)",
      ...flowers,
      minRows: Math.min(10, flowers.rows),
      maxRows: flowers.rows
    });
  return sources;
}

let catalog: Promise<LabCatalog> | undefined;

/** Reads the lab's catalog once per page (a few kilobytes); every lab panel of the page shares it. */
export function loadLabCatalog(): Promise<LabCatalog> {
  catalog ??= FileAttachment("../data/lab-catalog.json")
    .json()
    .then(({mnist, flowers, presets}: {mnist: ImagesShape; flowers: ImagesShape | null; presets: LabPreset[]}) => ({
      sources: sourcesOf(mnist, flowers),
      presets
    }));
  catalog.catch(() => (catalog = undefined));
  return catalog;
}

let cached: Promise<LabPageData> | undefined;

/** Fetches the lab's images and the engine's curves once per page (on a first run); every lab panel shares them. */
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
  const tables = {mnist: Arrow.tableFromIPC(mnist), flowers: Arrow.tableFromIPC(flowers)};
  const shapes = {mnist: imagesShape(tables.mnist), flowers: imagesShape(tables.flowers)};
  const digits = images(tables.mnist);
  const sources = sourcesOf(shapes.mnist, shapes.flowers).map((source): LabImages =>
    source.id === "flowers"
      ? {...source, ...images(tables.flowers)}
      : source.id === "mnist-exact"
        ? {...source, ...digits, exact: exactDigits(shapes.mnist.cols)}
        : {...source, ...digits}
  );
  const referenceTable = Arrow.tableFromIPC(reference);
  const presets = metadataJson<LabPreset[]>(referenceTable, "presets");
  return {sources, presets, curves: curves(referenceTable, presets)};
}

/**
 * The first `rows` of the headline's 2,000 digits as the build's runs read them (mnist:2000, float32, 6 MB
 * fetched on the first run): the engine backend then reruns the study's configuration on exactly its data.
 * Their first 1,000 are the shipped digits (the seeded subsets nest), which the panel shows.
 */
function exactDigits(cols: number): (rows: number) => Promise<Float32Array> {
  let loaded: Promise<Float32Array> | undefined;
  return async (rows) => {
    loaded ??= matrices["mnist:2000"]().then((bytes) => decodeMatrix(bytes).data);
    loaded.catch(() => (loaded = undefined));
    return (await loaded).slice(0, rows * cols);
  };
}

function imagesShape(table: Arrow.Table): ImagesShape {
  const {cols} = matrixFromColumn(table, "pixels");
  return {rows: table.numRows, cols, shape: metadataJson<[number, number, number]>(table, "shape")};
}

function images(table: Arrow.Table): Pick<LabImages, "bytes" | "labels" | "provenance"> {
  return {
    bytes: matrixFromColumn(table, "pixels").data as Uint8Array,
    labels: table.getChild("label")!.toArray() as Int32Array,
    provenance: metadataJson(table, "provenance")
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

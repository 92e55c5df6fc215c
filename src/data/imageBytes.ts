// Shared by the lab's loaders (a module, not a loader: one extension): images quantized to bytes,
// their dequantized matrix, and the Arrow table the lab's page reads (src/components/labFiles.ts).
import * as Arrow from "apache-arrow";
import {matrix, type Matrix, type DataProvenance} from "../../engine/index.js";
import {hashMatrix} from "../../datasets/index.js";
import {labDigits} from "../../experiments/labPresets.js";

/** The digits shipped with the lab: the seeded subset every MNIST experiment uses, 1,000 of them. */
export const labMnistSpec = labDigits.spec;

/** The Flowers102 images shipped with the lab when the build finds the dataset: 100 of them, 32 x 32. */
export const labFlowers = {count: 100, size: 32} as const;

/** Grey levels (or RGB channels) in [0, 1] to bytes 0..255: a quarter of float32's size, exact for display. */
export function quantize(X: Matrix): Uint8Array {
  const out = new Uint8Array(X.data.length);
  for (let k = 0; k < out.length; ++k) out[k] = Math.round(Math.min(1, Math.max(0, X.data[k])) * 255);
  return out;
}

/**
 * The first `rows` images of quantized bytes as the float32 matrix the page trains on: byte / 255,
 * the same expression src/components/labFiles.ts evaluates, so the engine's reference runs and the
 * page's live runs see bit-identical data.
 */
export function dequantize(bytes: Uint8Array, rows: number, cols: number): Matrix {
  return matrix(
    rows,
    cols,
    Float32Array.from(bytes.subarray(0, rows * cols), (v) => v / 255)
  );
}

/**
 * Columns `label` (Int32, -1 when unknown) and `pixels` (FixedSizeList<Uint8>, one image per row,
 * height x width x channels); schema metadata `shape` and `provenance` (JSON) and any `extra` entries.
 */
export function imageTable(
  bytes: Uint8Array,
  rows: number,
  cols: number,
  labels: Int32Array | undefined,
  metadata: Record<string, unknown>
): Arrow.Table {
  const pixelType = new Arrow.FixedSizeList(cols, new Arrow.Field("pixel", new Arrow.Uint8(), false));
  const pixels = Arrow.makeData({
    type: pixelType,
    length: rows,
    nullCount: 0,
    child: Arrow.makeData({type: new Arrow.Uint8(), length: rows * cols, nullCount: 0, data: bytes})
  });
  const table = new Arrow.Table({
    label: Arrow.makeVector(labels ? labels.slice(0, rows) : new Int32Array(rows).fill(-1)),
    pixels: Arrow.makeVector(pixels)
  });
  const entries = Object.entries(metadata).map(([key, value]) => [key, JSON.stringify(value)] as [string, string]);
  return new Arrow.Table(new Arrow.Schema(table.schema.fields, new Map(entries)), table.batches);
}

/** The provenance of the dequantized matrix the page trains on (its hash is of that float32 data). */
export function dequantizedProvenance(base: DataProvenance, spec: string, X: Matrix, quantization: string) {
  return {...base, spec, m: X.rows, hash: hashMatrix(X), quantization};
}

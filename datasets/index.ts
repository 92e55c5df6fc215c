/**
 * Data for the engine: `loadData(spec)` turns a `--data` spec into a matrix X (one sample per row,
 * values in [0, 1] for images), its labels when the source has them, and its provenance (source,
 * split, subset, data seed, m, n, image shape, value range, density, content hash).
 * See spec.ts for the spec grammar and each loader for its row order.
 */
import {resolve} from "node:path";
import {InputError, type Dataset} from "../engine/index.js";
import {readMatrixFile} from "../io/matrixFile.js";
import {loadFlowers102} from "./flowers102.js";
import {loadIdxFolder} from "./idxDataset.js";
import {loadImageFolder} from "./imageFolder.js";
import {resizeModes, type ResizeMode} from "./images.js";
import {dataDir, findDataset, type DatasetName} from "./locations.js";
import {loadEmbeddedMnist, mnistShape} from "./mnist.js";
import {embeddedFashionDir} from "./fashion.js";
import {makeProvenance} from "./provenance.js";
import {parseDataSpec, type DataSpec} from "./spec.js";
import {defaultDataSeed, seededSubset} from "./subset.js";

export {parseDataSpec, type DataSpec, type DataKind} from "./spec.js";
export {defaultDataSeed} from "./subset.js";
export {fnv1a64, hashMatrix} from "./hash.js";
export {
  dataDir,
  datasetEnvVars,
  datasetNames,
  debianFashionMnistDir,
  findDataset,
  resolveDataSpec,
  type DatasetName
} from "./locations.js";
export {resizeModes, type ResizeMode} from "./images.js";
export {fetchDataset, type FetchOptions, type FetchProgress} from "./fetch.js";

export interface LoadOptions {
  /** Seed of the shuffle that picks a `:N` subset (default 112, the study's). */
  dataSeed?: number;
  /** `train`, `test`, `valid` (Flowers102) or `all`; default: the source's own (train for IDX and Flowers102). */
  split?: string;
  /** Side in pixels of the square images decoded from JPEG/PNG (Flowers102 default 64). */
  size?: number;
  /** How decoded images reach the size: `fill` (default, ignore aspect) or `crop` (center crop). */
  resize?: ResizeMode;
  /** Where notes about skipped files or resized images go (default: console.warn). */
  onWarning?: (message: string) => void;
  /** NaN entries of a .npy or .csv file are missing values, kept as NaN (default: refused). */
  missing?: boolean;
}

export async function loadData(spec: string, options: LoadOptions = {}): Promise<Dataset> {
  const parsed = parseDataSpec(spec);
  checkOptions(options);
  checkImageOptions(parsed, options);
  const dataSeed = options.dataSeed ?? defaultDataSeed;
  const onWarning = options.onWarning ?? ((message: string) => console.warn(`warning: ${message}`));
  const common = {count: parsed.count, dataSeed, spec: parsed.text};
  switch (parsed.kind) {
    case "mnist":
      return loadMnistSpec(parsed, options);
    case "fashion":
      return loadEmbeddedFashion(parsed, options, dataSeed);
    case "mnist-idx":
      return loadIdxFolder(folderOf(parsed, "mnist"), {...common, name: "mnist", split: options.split});
    case "fashion-mnist":
      return loadIdxFolder(folderOf(parsed, "fashion-mnist"), {...common, name: "fashion-mnist", split: options.split});
    case "flowers102":
      return loadFlowers102(folderOf(parsed, "flowers102"), {
        ...common,
        split: options.split,
        size: options.size,
        resize: options.resize,
        onWarning
      });
    case "images":
      if (options.split !== undefined) throw new InputError("split", options.split, "a folder of images has no splits");
      return loadImageFolder(resolve(parsed.path!), {...common, size: options.size, resize: options.resize, onWarning});
    case "file":
      return loadMatrixFileSpec(parsed, options, dataSeed);
  }
}

function checkOptions(options: LoadOptions): void {
  const {size, resize, dataSeed} = options;
  if (size !== undefined && !(Number.isInteger(size) && size >= 1 && size <= 4096))
    throw new InputError("size", size, "must be an integer from 1 to 4096");
  if (resize !== undefined && !resizeModes.includes(resize))
    throw new InputError("resize", resize, "must be fill or crop");
  if (dataSeed !== undefined && !Number.isFinite(dataSeed))
    throw new InputError("data-seed", dataSeed, "must be a finite number");
}

/** `size` and `resize` only mean something for images decoded from PNG/JPEG: refused elsewhere. */
function checkImageOptions(spec: DataSpec, {size, resize}: LoadOptions): void {
  if (spec.kind === "images" || spec.kind === "flowers102") return;
  const why =
    spec.kind === "file"
      ? "a matrix file's rows are used as they are"
      : spec.kind === "mnist"
        ? "mnist has 28 x 28 images"
        : "IDX images are used at their stored size";
  if (size !== undefined) throw new InputError("size", size, `only images are decoded at a size: ${why}`);
  if (resize !== undefined) throw new InputError("resize", resize, `only images are decoded at a size: ${why}`);
}

/** The folder of a spec: the one written, else the one findDataset finds, else an error saying how to get it. */
function folderOf(spec: DataSpec, name: DatasetName): string {
  if (spec.path !== undefined) return resolve(spec.path);
  const found = findDataset(name);
  if (found) return found;
  const how: Record<DatasetName, string> = {
    mnist: "run `npx nmf fetch mnist` or give mnist-idx:DIR",
    "fashion-mnist":
      "run `npx nmf fetch fashion-mnist`, install Debian's dataset-fashion-mnist, or give fashion-mnist:DIR",
    flowers102: "run `npx nmf fetch flowers102`, set NMF_FLOWERS102_DIR, or give flowers102:DIR"
  };
  throw new InputError("data", spec.text, `no ${name} folder found in ${dataDir()}: ${how[name]}`);
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
  const {X, labels, version} = await loadEmbeddedMnist();
  const source = `mnist (npm package mnist@${version}, ${X.rows} digits)`;
  if (spec.count === undefined) return {X, labels, provenance: makeProvenance(X, {source, imageShape: mnistShape})};
  const dataSeed = options.dataSeed ?? defaultDataSeed;
  const sub = seededSubset(X, labels, spec.count, dataSeed, spec.text);
  return {
    X: sub.X,
    labels: sub.labels,
    provenance: makeProvenance(sub.X, {source, subset: spec.count, dataSeed, imageShape: mnistShape})
  };
}

/**
 * The embedded Fashion-MNIST test split (10,000 images, datasets/embedded/fashion-mnist). Without `:N`:
 * every row in file order; with `:N`: the first N rows of a seeded shuffle, as for `mnist:N`.
 */
async function loadEmbeddedFashion(spec: DataSpec, options: LoadOptions, dataSeed: number): Promise<Dataset> {
  if (options.split !== undefined && options.split !== "test")
    throw new InputError("split", options.split, "the embedded fashion is the test split; use fashion-mnist for train");
  const data = await loadIdxFolder(embeddedFashionDir, {
    name: "fashion",
    split: "test",
    count: spec.count,
    dataSeed,
    spec: spec.text
  });
  const source = "fashion (Fashion-MNIST test split, 10,000 images embedded in datasets/embedded/fashion-mnist)";
  return {...data, provenance: {...data.provenance, source}};
}

/** A .npy or .csv matrix, rows as samples; `:N` takes a seeded subset of its rows. No labels, no image shape. */
async function loadMatrixFileSpec(spec: DataSpec, options: LoadOptions, dataSeed: number): Promise<Dataset> {
  if (options.split !== undefined) throw new InputError("split", options.split, "a matrix file has no splits");
  const path = resolve(spec.path!);
  const full = await readMatrixFile(path, {nonNegative: true, missing: options.missing});
  const source = `file (${path})`;
  if (spec.count === undefined) return {X: full, provenance: makeProvenance(full, {source})};
  const {X} = seededSubset(full, undefined, spec.count, dataSeed, spec.text);
  return {X, provenance: makeProvenance(X, {source, subset: spec.count, dataSeed})};
}

import {existsSync} from "node:fs";
import {join} from "node:path";
import {InputError, matrix, type Dataset} from "../engine/index.js";
import {readIdxFile, type IdxArray} from "./idx.js";
import {isDirectory, requireFolder} from "./locations.js";
import {makeProvenance} from "./provenance.js";
import {seededIndex} from "./subset.js";

export type IdxSplit = "train" | "test" | "all";
export const idxSplits: readonly IdxSplit[] = ["train", "test", "all"];

export interface IdxFolderOptions {
  /** Name recorded as the source, e.g. "fashion-mnist". */
  name: string;
  split?: string;
  count?: number;
  dataSeed: number;
  /** The spec as written, for error messages. */
  spec: string;
}

/**
 * An MNIST-style folder of IDX files: `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
 * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each possibly gzipped (`.gz`) and possibly
 * spelled with a dot (`train-images.idx3-ubyte`). Grey levels are scaled to [0, 1] by / 255.
 *
 * Split `train` (default, as the study), `test`, or `all` (train rows then test rows). Rows keep the
 * files' order; with `count` the rows are the first `count` of a seeded shuffle of the split.
 * Only the picked rows are converted to float32, so `fashion-mnist:2000` stays light.
 */
export async function loadIdxFolder(dir: string, options: IdxFolderOptions): Promise<Dataset> {
  requireFolder("data folder", dir);
  const split = options.split ?? "train";
  if (!idxSplits.includes(split as IdxSplit))
    throw new InputError("split", split, `${options.name} has train, test or all`);
  const prefixes = split === "all" ? ["train", "t10k"] : [split === "train" ? "train" : "t10k"];
  const parts: {images: IdxArray; labels: IdxArray}[] = [];
  for (const prefix of prefixes) {
    const images = await readIdxFile(findIdxFile(dir, prefix, "images", 3), 3);
    const labels = await readIdxFile(findIdxFile(dir, prefix, "labels", 1), 1);
    if (images.dims[0] !== labels.dims[0])
      throw new InputError(
        "idx file",
        findIdxFile(dir, prefix, "labels", 1),
        `wrong dimensions: ${labels.dims[0]} labels for ${images.dims[0]} images`
      );
    if (parts.length > 0 && (images.dims[1] !== parts[0].images.dims[1] || images.dims[2] !== parts[0].images.dims[2]))
      throw new InputError(
        "idx file",
        findIdxFile(dir, prefix, "images", 3),
        `wrong dimensions: ${images.dims.slice(1).join(" x ")} images, the train files have ${parts[0].images.dims.slice(1).join(" x ")}`
      );
    parts.push({images, labels});
  }
  const [height, width] = parts[0].images.dims.slice(1);
  const pixels = height * width;
  const total = parts.reduce((s, p) => s + p.images.dims[0], 0);
  const index =
    options.count === undefined ? undefined : seededIndex(total, options.count, options.dataSeed, options.spec);
  const rows = index ? index.length : total;
  const values = new Float32Array(rows * pixels);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; ++r) {
    let i = index ? index[r] : r;
    let p = 0;
    while (i >= parts[p].images.dims[0]) i -= parts[p++].images.dims[0];
    const source = parts[p].images.data;
    for (let j = 0, o = i * pixels, q = r * pixels; j < pixels; ++j) values[q + j] = source[o + j] / 255;
    labels[r] = parts[p].labels.data[i];
  }
  const X = matrix(rows, pixels, values);
  const provenance = makeProvenance(X, {
    source: `${options.name} (IDX files in ${dir})`,
    split,
    ...(options.count !== undefined && {subset: options.count, dataSeed: options.dataSeed}),
    imageShape: [height, width, 1]
  });
  return {X, labels, provenance};
}

/** The path of one IDX file of the folder, trying the usual spellings; an error names the folder and the file. */
export function findIdxFile(dir: string, prefix: string, kind: "images" | "labels", ndim: number): string {
  const names = [`${prefix}-${kind}-idx${ndim}-ubyte`, `${prefix}-${kind}.idx${ndim}-ubyte`];
  for (const name of names)
    for (const file of [name, `${name}.gz`]) if (existsSync(join(dir, file))) return join(dir, file);
  throw new InputError("data folder", dir, `has no ${names[0]} or ${names[0]}.gz`);
}

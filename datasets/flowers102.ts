import {existsSync} from "node:fs";
import {readdir} from "node:fs/promises";
import {join} from "node:path";
import {InputError, matrix, type Dataset} from "../engine/index.js";
import {decodeImages} from "./images.js";
import type {ImageFolderOptions} from "./imageFolder.js";
import {isDirectory, requireFolder} from "./locations.js";
import {readMatFile} from "./mat.js";
import {makeProvenance} from "./provenance.js";
import {seededIndex} from "./subset.js";

export type FlowersSplit = "train" | "valid" | "test" | "all";
export const flowersSplits: readonly FlowersSplit[] = ["train", "valid", "test", "all"];
/** The arrays of setid.mat holding each split's 1-based image ids. */
const setidArrays: Record<Exclude<FlowersSplit, "all">, string> = {train: "trnid", valid: "valid", test: "tstid"};

export const defaultFlowersSize = 64;

/** An image folder's options (`size` defaults to 64 here, as in the study), and the split. */
export interface FlowersOptions extends ImageFolderOptions {
  split?: string;
}

/**
 * The Oxford 102 Category Flower Dataset (Nilsback and Zisserman, ICVGIP 2008) in its own layout:
 * `jpg/image_00001.jpg` ... `image_08189.jpg`, `imagelabels.mat` (array `labels`, class 1-102 of
 * every image, optional) and `setid.mat` (arrays `trnid`, `valid`, `tstid` of 1-based image ids).
 *
 * Split `train` (default, as the study; 1,020 images, 10 per class), `valid`, `test`, or `all`
 * (every `image_NNNNN.jpg` in `jpg/`, by id). A split's rows follow the order of its ids in
 * setid.mat, as torchvision's Flowers102 does. Without setid.mat only `all` exists, and it is the
 * default. Images are decoded to `size` x `size` RGB (see images.ts for layout and resize modes).
 */
export async function loadFlowers102(dir: string, options: FlowersOptions): Promise<Dataset> {
  requireFolder("data folder", dir);
  const jpgDir = join(dir, "jpg");
  if (!isDirectory(jpgDir))
    throw new InputError("data folder", dir, "has no jpg/ folder (expected the Flowers102 layout)");
  const size = options.size ?? defaultFlowersSize;
  const setidPath = join(dir, "setid.mat");
  const hasSetid = existsSync(setidPath);
  const split = options.split ?? (hasSetid ? "train" : "all");
  if (!flowersSplits.includes(split as FlowersSplit))
    throw new InputError("split", split, "flowers102 has train, valid, test or all");
  if (options.split === undefined && !hasSetid)
    options.onWarning(`${dir} has no setid.mat: using every image (split all)`);

  let ids: number[];
  if (split === "all") {
    const names = await readdir(jpgDir);
    const other = names.filter((n) => !/^image_\d{5}\.jpg$/.test(n));
    if (other.length > 0)
      options.onWarning(
        `skipped ${other.length} file(s) in ${jpgDir} not named image_NNNNN.jpg: ${other.slice(0, 3).join(", ")}`
      );
    ids = names
      .filter((n) => /^image_\d{5}\.jpg$/.test(n))
      .map((n) => Number(n.slice(6, 11)))
      .sort((a, b) => a - b);
    if (ids.length === 0) throw new InputError("data folder", dir, "has no image_NNNNN.jpg files in jpg/");
  } else {
    if (!hasSetid) throw new InputError("split", split, `needs ${setidPath}, which is missing (use --split all)`);
    const setid = await readMatFile(setidPath);
    const array = setid.arrays.get(setidArrays[split as Exclude<FlowersSplit, "all">]);
    if (!array)
      throw new InputError("mat file", setidPath, `has no array ${setidArrays[split as Exclude<FlowersSplit, "all">]}`);
    ids = Array.from(array.data);
    const missing = ids.filter((id) => !existsSync(join(jpgDir, imageName(id))));
    if (missing.length > 0)
      throw new InputError(
        "data folder",
        dir,
        `split ${split} lists ${imageName(missing[0])}, which is missing (${missing.length} of ${ids.length} missing)`
      );
  }

  let labels: Int32Array | undefined;
  const labelsPath = join(dir, "imagelabels.mat");
  if (existsSync(labelsPath)) {
    const all = (await readMatFile(labelsPath)).arrays.get("labels");
    if (!all) throw new InputError("mat file", labelsPath, "has no array labels");
    const beyond = ids.find((id) => id > all.data.length);
    if (beyond !== undefined)
      throw new InputError("mat file", labelsPath, `has ${all.data.length} labels, no label for image ${beyond}`);
    labels = Int32Array.from(ids, (id) => all.data[id - 1]);
  }

  if (options.count !== undefined) {
    const index = seededIndex(ids.length, options.count, options.dataSeed, options.spec);
    ids = Array.from(index, (i) => ids[i]);
    if (labels) labels = Int32Array.from(index, (i) => labels![i]);
  }
  const files = ids.map((id) => join(jpgDir, imageName(id)));
  const data = await decodeImages(files, {width: size, height: size, channels: 3, resize: options.resize});
  const X = matrix(files.length, size * size * 3, data);
  const provenance = makeProvenance(X, {
    source: `flowers102 (${dir}, resize ${options.resize ?? "fill"})`,
    split,
    ...(options.count !== undefined && {subset: options.count, dataSeed: options.dataSeed}),
    imageShape: [size, size, 3]
  });
  return labels ? {X, labels, provenance} : {X, provenance};
}

function imageName(id: number): string {
  return `image_${String(id).padStart(5, "0")}.jpg`;
}

import {readdir, readlink, stat} from "node:fs/promises";
import {extname, join} from "node:path";
import {InputError, matrix, type Dataset} from "../engine/index.js";
import {decodeImages, readImageInfo, type ResizeMode} from "./images.js";
import {isDirectory, requireFolder} from "./locations.js";
import {makeProvenance} from "./provenance.js";
import {seededIndex} from "./subset.js";

const imageExtensions = new Set([".png", ".jpg", ".jpeg"]);

export interface ImageFolderOptions {
  count?: number;
  dataSeed: number;
  /** Side of the square output; default: the first image's own width x height. */
  size?: number;
  resize?: ResizeMode;
  spec: string;
  onWarning: (message: string) => void;
}

/**
 * Any folder of PNG/JPEG images (not recursive), one row per image, files in name order
 * (code-point order). Files without a .png/.jpg/.jpeg extension and subfolders are skipped with a
 * warning; a file with an image extension that does not decode is an error naming it.
 *
 * Size: `size` x `size` if given, else the first image's size; images of other sizes are resized to
 * it, with a warning. Channels: one grey channel when every image is grey, else RGB.
 */
export async function loadImageFolder(dir: string, options: ImageFolderOptions): Promise<Dataset> {
  requireFolder("data folder", dir);
  const names = (await readdir(dir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const isImage = (name: string) => imageExtensions.has(extname(name).toLowerCase());
  // Symbolic links count as what they point at; an image link that points nowhere is an error naming it.
  const kinds = await Promise.all(names.map((name) => entryKind(join(dir, name))));
  kinds.forEach((kind, i) => {
    if (typeof kind === "object" && isImage(names[i]))
      throw new InputError("image", join(dir, names[i]), `a symbolic link to ${kind.target}, which does not exist`);
  });
  const skipped = names.flatMap((name, i) =>
    kinds[i] === "file" && isImage(name) ? [] : [name + (kinds[i] === "folder" ? "/" : "")]
  );
  let files = names.filter((name, i) => kinds[i] === "file" && isImage(name)).map((name) => join(dir, name));
  if (files.length === 0) throw new InputError("data folder", dir, "has no PNG or JPEG images");
  if (skipped.length > 0)
    options.onWarning(
      `skipped ${skipped.length} entr${skipped.length === 1 ? "y" : "ies"} of ${dir} that are not PNG/JPEG files: ${skipped.slice(0, 5).join(", ")}${skipped.length > 5 ? ", ..." : ""}`
    );

  const infos = await readImageInfo(files);
  const width = options.size ?? infos[0].width;
  const height = options.size ?? infos[0].height;
  const channels = infos.every((i) => i.channels === 1) ? 1 : 3;
  if (options.size === undefined) {
    const other = infos.filter((i) => i.width !== width || i.height !== height);
    if (other.length > 0) {
      const sizes = [...new Set(infos.map((i) => `${i.width}x${i.height}`))];
      options.onWarning(
        `${dir} holds images of mixed sizes (${sizes.slice(0, 5).join(", ")}): resized ${other.length} of ${infos.length} to ${width}x${height}`
      );
    }
  }
  if (options.count !== undefined) {
    const index = seededIndex(files.length, options.count, options.dataSeed, options.spec);
    files = Array.from(index, (i) => files[i]);
  }
  const data = await decodeImages(files, {width, height, channels, resize: options.resize});
  const X = matrix(files.length, width * height * channels, data);
  const provenance = makeProvenance(X, {
    source: `images (${dir})`,
    ...(options.count !== undefined && {subset: options.count, dataSeed: options.dataSeed}),
    imageShape: [height, width, channels]
  });
  return {X, provenance};
}

/** A file, a folder or something else, following symbolic links; a link that points nowhere gives its target. */
async function entryKind(path: string): Promise<"file" | "folder" | "other" | {target: string}> {
  let info;
  try {
    info = await stat(path);
  } catch {
    const target = await readlink(path).catch(() => undefined);
    return target === undefined ? "other" : {target};
  }
  return info.isFile() ? "file" : info.isDirectory() ? "folder" : "other";
}

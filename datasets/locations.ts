import {existsSync, statSync} from "node:fs";
import {join, resolve} from "node:path";
import {InputError} from "../engine/index.js";

/** The full datasets this project knows how to find and fetch. */
export type DatasetName = "mnist" | "fashion-mnist" | "flowers102";
export const datasetNames: readonly DatasetName[] = ["mnist", "fashion-mnist", "flowers102"];

/** Where Debian's package `dataset-fashion-mnist` puts the four .gz files. */
export const debianFashionMnistDir = "/usr/share/datasets/fashion-mnist";

/** Environment variables that point at one dataset's folder, overriding the data dir. */
export const datasetEnvVars: Record<DatasetName, string> = {
  mnist: "NMF_MNIST_DIR",
  "fashion-mnist": "NMF_FASHION_MNIST_DIR",
  flowers102: "NMF_FLOWERS102_DIR"
};

/** The data dir: `NMF_DATA_DIR` if set, else `./data` (relative to the working directory; git-ignored). */
export function dataDir(): string {
  const fromEnv = process.env.NMF_DATA_DIR;
  return resolve(fromEnv && fromEnv.trim() !== "" ? fromEnv : "data");
}

/**
 * The folder holding a full dataset, or undefined when none is found. Looks, in order, at the
 * dataset's environment variable (`NMF_MNIST_DIR`, `NMF_FASHION_MNIST_DIR`, `NMF_FLOWERS102_DIR`;
 * an error if set to a folder that is not there), then `<dataDir>/<name>` (where `nmf fetch` puts
 * it), then, for Fashion-MNIST, Debian's `/usr/share/datasets/fashion-mnist`.
 */
export function findDataset(name: DatasetName): string | undefined {
  const variable = datasetEnvVars[name];
  const fromEnv = process.env[variable];
  if (fromEnv && fromEnv.trim() !== "") {
    const dir = resolve(fromEnv);
    requireFolder(variable, dir, fromEnv);
    return dir;
  }
  const candidates = [join(dataDir(), name)];
  if (name === "fashion-mnist") candidates.push(debianFashionMnistDir);
  return candidates.find((dir) => looksComplete(name, dir));
}

/**
 * A `--data` spec for a full dataset when it is found, e.g. `flowers102:/abs/dir` or
 * `fashion-mnist:/abs/dir:2000`. For `mnist` it falls back to the embedded digits (`mnist[:N]`),
 * so it is never undefined; for the others it is undefined when the dataset is not there.
 */
export function resolveDataSpec(name: DatasetName, count?: number): string | undefined {
  const dir = findDataset(name);
  const suffix = count === undefined ? "" : `:${count}`;
  if (name === "mnist") return dir ? `mnist-idx:${dir}${suffix}` : `mnist${suffix}`;
  return dir ? `${name}:${dir}${suffix}` : undefined;
}

/** The dataset's main file (IDX) or its jpg/ folder (Flowers102) is in `dir`. */
export function looksComplete(name: DatasetName, dir: string): boolean {
  if (!isDirectory(dir)) return false;
  if (name === "flowers102") return isDirectory(join(dir, "jpg"));
  return ["train-images-idx3-ubyte", "train-images-idx3-ubyte.gz"].some((f) => existsSync(join(dir, f)));
}

/** An InputError unless `dir` is a folder: "no such folder", or "is a file, not a folder". */
export function requireFolder(parameter: string, dir: string, shown: string = dir): void {
  let info;
  try {
    info = statSync(dir);
  } catch {
    throw new InputError(parameter, shown, "no such folder");
  }
  if (!info.isDirectory()) throw new InputError(parameter, shown, "is a file, not a folder");
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

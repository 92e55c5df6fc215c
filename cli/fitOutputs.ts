import type {Matrix, DataProvenance, FitOptions, FitResult} from "../engine/index.js";
import type {WritePlan} from "../io/writePlan.js";
import {factorNames, isFactorFileName} from "./factorFiles.js";
import type {FitValues} from "./fitFlags.js";
import {dataInput, planOutputs} from "./outputs.js";

/** What a fit wrote: the run file, the factors and the initial factors. */
export interface WrittenFiles {
  run?: string;
  factors?: string[];
  init?: string[];
}

/**
 * The outputs of `nmf fit`, checked before the data is loaded: `--out` (an .arrow file),
 * `--save-factors` and `--save-init` (factor folders, written whole: factor files of another layout
 * found there are refused, or deleted with the write under `--force`), against each other and
 * against `--data` and `--init-from`.
 */
export async function planFitOutputs(values: FitValues, layers: number): Promise<WritePlan> {
  const names = factorNames(layers);
  const folder = (flag: "--save-factors" | "--save-init", path: string | undefined) =>
    path === undefined
      ? undefined
      : {flag, path, kind: "folder" as const, files: names, owns: isFactorFileName, ownedWhat: "factor files"};
  return planOutputs(
    [
      values.out === undefined
        ? undefined
        : {flag: "--out", path: values.out, kind: "file", extensions: [".arrow", ".feather"]},
      folder("--save-factors", values["save-factors"]),
      folder("--save-init", values["save-init"])
    ],
    [
      await dataInput(values.data),
      values["init-from"] === undefined ? undefined : {flag: "--init-from", path: values["init-from"]},
      values.weights === undefined ? undefined : {flag: "--weights", path: values.weights}
    ],
    {force: values.force}
  );
}

/** Writes every output of the plan at once; returns the paths written. */
export async function writeFitOutputs(
  plan: WritePlan,
  values: FitValues,
  result: FitResult,
  provenance: DataProvenance,
  fitOptions: FitOptions,
  initial: Matrix[] | undefined
): Promise<WrittenFiles> {
  const [{factorFilesFloat32, factorFilesFloat64}, {join}] = await Promise.all([
    import("./factorFiles.js"),
    import("node:path")
  ]);
  const contents: Record<string, Uint8Array | Record<string, Uint8Array>> = {};
  const written: WrittenFiles = {};
  if (values.out !== undefined) {
    const [{trajectoryTable}, {arrowFileBytes}] = await Promise.all([
      import("../io/runTable.js"),
      import("../io/arrow.js")
    ]);
    const initFrom = values["init-from"] === undefined ? {} : {initFrom: values["init-from"]};
    const weights = values.weights === undefined ? {} : {weightsFile: values.weights};
    const meta = {data: provenance, options: fitOptions, ...initFrom, ...weights};
    contents["--out"] = arrowFileBytes(trajectoryTable(result, meta));
    written.run = values.out;
  }
  const folders = [
    ["--save-factors", values["save-factors"], () => factorFilesFloat32(result.factors), "factors"],
    ["--save-init", values["save-init"], () => factorFilesFloat64(initial!), "init"]
  ] as const;
  for (const [flag, folder, files, key] of folders) {
    if (folder === undefined) continue;
    const named = files();
    contents[flag] = Object.fromEntries(named.map(({name, data}) => [name, data]));
    written[key] = named.map(({name}) => join(folder, name));
  }
  await plan.write(contents);
  return written;
}

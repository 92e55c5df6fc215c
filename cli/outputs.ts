import type {PlannedInput, PlannedOutput, WritePlan} from "../io/writePlan.js";

/**
 * A command's outputs, checked against each other and against its inputs before any work
 * (io/writePlan.ts); the plan writes them all or nothing afterwards.
 */
export async function planOutputs(
  outputs: readonly (PlannedOutput | undefined)[],
  inputs: readonly (PlannedInput | undefined)[],
  options: {force?: boolean} = {}
): Promise<WritePlan> {
  const {planWrites} = await import("../io/writePlan.js");
  return planWrites(
    outputs.filter((o): o is PlannedOutput => o !== undefined),
    inputs.filter((i): i is PlannedInput => i !== undefined),
    options
  );
}

/**
 * The file or folder a `--data` spec reads, when it names one (or finds one in the data dir), so that
 * outputs can be checked against it. The embedded MNIST reads no file. A spec that does not parse,
 * or a dataset that is not found, gives nothing here: loading the data reports it.
 */
export async function dataInput(spec: string | undefined, flag = "--data"): Promise<PlannedInput | undefined> {
  if (spec === undefined) return undefined;
  const {parseDataSpec, findDataset} = await import("../datasets/index.js");
  try {
    const parsed = parseDataSpec(spec);
    if (parsed.path !== undefined) return {flag, path: parsed.path};
    if (parsed.kind === "mnist-idx") return folderInput(flag, findDataset("mnist"));
    if (parsed.kind === "fashion-mnist" || parsed.kind === "flowers102")
      return folderInput(flag, findDataset(parsed.kind));
  } catch {
    // Reported when the data is loaded.
  }
  return undefined;
}

function folderInput(flag: string, path: string | undefined): PlannedInput | undefined {
  return path === undefined ? undefined : {flag, path};
}

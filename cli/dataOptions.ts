import type {Dataset} from "../engine/index.js";
import type {CommandContext, OptionSpecs, OptionValues} from "./command.js";
import {renameParameters} from "./flagNames.js";

const dataFlagNames = {
  data: "--data",
  "data-seed": "--data-seed",
  split: "--split",
  size: "--size",
  resize: "--resize"
};

/** The flags that pick and load a data matrix, shared by every command that reads data. */
export const dataOptions = {
  data: {
    type: "string",
    valueName: "SPEC",
    required: true,
    description:
      "the data matrix, one sample per row: mnist[:N] (embedded 10,000 digits), mnist-idx[:DIR][:N], fashion-mnist[:DIR][:N], flowers102[:DIR][:N], images:DIR[:N], PATH.npy[:N] or PATH.csv[:N]; :N takes a seeded subset of N rows"
  },
  "data-seed": {type: "integer", description: "seed of the shuffle that picks a :N subset [default: 112]"},
  split: {type: "string", valueName: "NAME", description: "train, test, valid (Flowers102) or all"},
  size: {
    type: "integer",
    valueName: "PX",
    min: 1,
    description: "side of the square images decoded from JPEG/PNG (Flowers102 default 64)"
  },
  resize: {type: "string", valueName: "MODE", choices: ["fill", "crop"], description: "how decoded images reach --size"}
} as const satisfies OptionSpecs;

/** Loads the data named by the flags (NaN kept as missing with `missing`); notes about skipped or resized files go to stderr. */
export async function loadDataFromOptions(
  values: OptionValues<typeof dataOptions>,
  context: CommandContext,
  {missing = false}: {missing?: boolean} = {}
): Promise<Dataset> {
  const {loadData} = await import("../datasets/index.js");
  try {
    return await loadData(values.data!, {
      dataSeed: values["data-seed"],
      split: values.split,
      size: values.size,
      resize: values.resize as "fill" | "crop" | undefined,
      missing,
      onWarning: (message) => context.stderr.write(`nmf: warning: ${message}\n`)
    });
  } catch (error) {
    throw renameParameters(error, dataFlagNames);
  }
}

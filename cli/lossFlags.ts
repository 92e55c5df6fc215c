import {betaLosses, InputError, isInputError, type BetaLoss, type Dataset, type Matrix} from "../engine/index.js";
import type {CommandContext, OptionValues} from "./command.js";

/** The flags that choose what a fit's loss counts: missing entries, entry weights, the divergence. */
export const lossFlags = {
  missing: {
    type: "boolean",
    description:
      "NaN entries of the data (in .csv: NaN or an empty cell) are missing: left out of the loss, and the error is reported on the observed entries"
  },
  weights: {
    type: "string",
    valueName: "FILE.npy",
    description:
      "non-negative finite weights of the data's entries (.npy or .csv, the shape of the data as loaded, after any :N): the loss becomes sum w_ij d(x_ij, m_ij)"
  },
  "beta-loss": {
    type: "string",
    valueName: "NAME",
    choices: betaLosses,
    description:
      "the divergence minimized, scikit-learn's names: frobenius, kullback-leibler (mu and the gradient models), itakura-saito (mu, gradient models; positive data) [default: frobenius]"
  }
} as const;

export type LossValues = OptionValues<typeof lossFlags>;

/** The engine's names of these options as the flags the user typed. */
export const lossFlagNames = {missing: "--missing", weights: "--weights", betaLoss: "--beta-loss"};

/**
 * The fit options these flags give, for data already loaded (with `missing` when --missing): the
 * weights read from --weights, whose file errors name the flag. Warns when --missing finds no NaN.
 */
export async function lossOptions(
  values: LossValues,
  dataset: Dataset,
  context: CommandContext
): Promise<{missing?: boolean; weights?: Matrix; betaLoss?: BetaLoss}> {
  if (values.missing && dataset.provenance.missing === undefined)
    context.stderr.write("nmf: warning: --missing: the data has no missing (NaN) entry\n");
  const options: {missing?: boolean; weights?: Matrix; betaLoss?: BetaLoss} = {};
  if (values.missing) options.missing = true;
  if (values["beta-loss"] !== undefined) options.betaLoss = values["beta-loss"] as BetaLoss;
  if (values.weights !== undefined) options.weights = await readWeights(values.weights);
  return options;
}

/** A weights file; NaN is let through for the engine to refuse with its row and column. */
async function readWeights(path: string): Promise<Matrix> {
  const {readMatrixFile} = await import("../io/matrixFile.js");
  try {
    return await readMatrixFile(path, {missing: true});
  } catch (error) {
    if (isInputError(error) && error.parameter === "file") throw new InputError("--weights", path, error.reason);
    throw error;
  }
}

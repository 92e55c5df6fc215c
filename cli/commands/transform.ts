import {InputError, isInputError, type Matrix} from "../../engine/index.js";
import {defineCommand, UsageError} from "../command.js";
import {dataOptions, loadDataFromOptions} from "../dataOptions.js";
import {renameParameters} from "../flagNames.js";
import {lossFlagNames, lossFlags, lossOptions} from "../lossFlags.js";
import {dataInput, planOutputs} from "../outputs.js";

const options = {
  ...dataOptions,
  components: {
    type: "string",
    valueName: "H.npy",
    description:
      "the signatures H (r x n, one per row; .npy or .csv), e.g. the H.npy of nmf fit --save-factors (required)"
  },
  out: {
    type: "string",
    valueName: "W.npy",
    description: "where to write the coefficients W (m x r; .npy or .csv) (required)"
  },
  ...lossFlags,
  tol: {
    type: "number",
    min: 0,
    description:
      "stop when the projected gradient's norm is this fraction of its start (frobenius), or on scikit-learn's relative decrease (KL, IS) [default: 1e-4]"
  },
  "max-iter": {type: "integer", min: 1, description: "the most iterations [default: 1000]"},
  json: {type: "boolean", description: "print the summary as JSON on stdout"}
} as const;

export const transformCommand = defineCommand({
  name: "transform",
  summary: "the coefficients W >= 0 of new rows against fixed signatures H (non-negative least squares)",
  usage: "nmf transform --data SPEC --components H.npy --out W.npy [--missing] [--beta-loss NAME] [--tol 1e-4]",
  description: [
    "Solves min_{W >= 0} ||X - W H||^2 for the rows of X with H fixed (or the weighted, missing-value or beta-divergence loss of nmf fit): each row is a non-negative least squares problem. Frobenius: HALS sweeps until the norm of the projected gradient (zero exactly at the optimum) falls to --tol times its start. KL and IS: scikit-learn's multiplicative updates with H fixed and its stopping rule (the relative decrease of sqrt(2 D) over 10 iterations below --tol), as scikit-learn's NMF.transform. W starts at sqrt(mean(X) / r) everywhere.",
    "A run that reaches --max-iter before the tolerance still writes W, with a warning."
  ].join("\n"),
  examples: [
    "nmf fit --data mnist:2000 --model hals --rank 10 --save-factors f/ && nmf transform --data mnist-idx::500 --split test --components f/H.npy --out W.npy"
  ],
  options,
  async run(values, context) {
    if (values.components === undefined) throw new UsageError("missing --components H.npy (the signatures)");
    if (values.out === undefined) throw new UsageError("missing --out W.npy (where to write the coefficients)");
    const plan = await planOutputs(
      [{flag: "--out", path: values.out, kind: "file", extensions: [".npy", ".csv"]}],
      [
        await dataInput(values.data),
        {flag: "--components", path: values.components},
        values.weights === undefined ? undefined : {flag: "--weights", path: values.weights}
      ]
    );
    const dataset = await loadDataFromOptions(values, context, {missing: values.missing});
    const H = await readComponents(values.components);
    const {transform} = await import("../../engine/index.js");
    const loss = await lossOptions(values, dataset, context);
    let result;
    try {
      result = transform(dataset.X, H, {...loss, tol: values.tol, maxIter: values["max-iter"]});
    } catch (error) {
      throw renameParameters(error, {
        ...lossFlagNames,
        components: "--components",
        tol: "--tol",
        maxIter: "--max-iter",
        data: "--data"
      });
    }
    if (!result.converged)
      context.stderr.write(
        `nmf: warning: stopped at --max-iter ${result.iterations} before the tolerance (${result.stopRule} ${result.stopValue.toExponential(2)} > ${values.tol ?? 1e-4})\n`
      );
    const {formatMatrixFile} = await import("../../io/matrixFile.js");
    const bytes = formatMatrixFile(values.out, result.W);
    await plan.write({"--out": typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes});
    const {W, ...rest} = result;
    const summary = {...rest, m: W.rows, rank: W.cols, out: values.out};
    context.stdout.write(
      values.json
        ? JSON.stringify(summary, null, 2) + "\n"
        : `W: ${W.rows} x ${W.cols}, ${result.iterations} iterations (${result.converged ? "converged" : "not converged"}: ${result.stopRule} ${result.stopValue.toExponential(2)}), ${result.betaLoss} relative error ${result.relativeError.toPrecision(4)}\nwrote ${values.out}\n`
    );
    return 0;
  }
});

/** The signatures, non-negative; file errors name --components. */
async function readComponents(path: string): Promise<Matrix> {
  const {readMatrixFile} = await import("../../io/matrixFile.js");
  try {
    return await readMatrixFile(path, {nonNegative: true});
  } catch (error) {
    if (isInputError(error) && error.parameter === "file") throw new InputError("--components", path, error.reason);
    throw error;
  }
}

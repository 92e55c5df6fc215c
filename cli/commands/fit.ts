import {lastRecord, type FitResult, InputError} from "../../engine/index.js";
import {defineCommand, RunError} from "../command.js";
import {loadDataFromOptions} from "../dataOptions.js";
import {engineFlagNames, fitFlags, fitOptionsFrom} from "../fitFlags.js";
import {planFitOutputs, writeFitOutputs} from "../fitOutputs.js";
import {startingFactors} from "../fitStart.js";
import {fitSummary, humanSummary} from "../fitSummary.js";
import {renameParameters} from "../flagNames.js";
import {lossOptions} from "../lossFlags.js";

export const fitCommand = defineCommand({
  name: "fit",
  summary: "fit NMF or Deep NMF to a data matrix and record its training trajectory",
  usage: "nmf fit --data SPEC --rank R [options]   (deep: --model deep --ranks R1,R2,...)",
  description: [
    "Fits X ~ W H (X: one sample per row) or X ~ W1 ... Wk H, recording at every --record-every steps the relative error, the effective rank, the nuclear and stable ranks, the leading singular values of the reconstruction and how many of X's modes it has learned.",
    "Outputs are checked against each other and the inputs before any work, and written only after a successful run, all at once: a failure or a signal while writing leaves every earlier file as it was. --save-factors and --save-init refuse a folder holding factor files of another run (--force deletes them). A run that fails (a non-finite value, a loss grown a million-fold, a product collapsed to zero) exits with code 1 and writes nothing. Progress goes to stderr for runs longer than a second."
  ].join("\n"),
  examples: [
    "nmf fit --data mnist:2000 --model mu --rank 20 --iters 500",
    "nmf fit --data mnist:2000 --model deep --ranks 20,10 --iters 5000 --record-every 10 --out deep.arrow --json",
    "nmf fit --data x.npy --rank 5 --save-factors factors/",
    "nmf fit --data ratings.csv --missing --model hals --rank 4 --iters 300",
    "nmf fit --data counts.npy --beta-loss kullback-leibler --rank 10 --init nndsvda",
    "nmf fit --data mnist --model hals --rank 20 --iters 100 --threads 2"
  ],
  options: fitFlags,
  async run(values, context) {
    const fitOptions = fitOptionsFrom(values);
    const flagNames = engineFlagNames(values);
    const plan = await planFitOutputs(values, fitOptions.ranks.length);

    const dataset = await loadDataFromOptions(values, context, {missing: values.missing});
    Object.assign(fitOptions, await lossOptions(values, dataset, context));
    // X has min(m, n) singular pairs to align with; more columns would be zeros.
    const pairs = Math.min(dataset.X.rows, dataset.X.cols);
    if (values["top-k"] !== undefined && values["top-k"] > pairs)
      throw new InputError("--top-k", values["top-k"], `must be <= min(m, n) = ${pairs}: X has no more singular pairs`);
    const warn = (message: string) => context.stderr.write(`nmf: warning: ${message}\n`);
    // The initialization sees missing entries as 0, as the engine's does.
    const {observedData} = await import("../../engine/index.js");
    const startX = values.missing ? observedData(dataset.X, true, undefined).X : dataset.X;
    const initial = await startingFactors(values, startX, fitOptions, warn).catch((error) => {
      throw renameParameters(error, flagNames);
    });
    const [{fit}, {createProgress}] = await Promise.all([import("../../engine/index.js"), import("../progress.js")]);
    const progress = createProgress({stream: context.stderr, totalSteps: fitOptions.iterations});
    const threads = values.threads ?? 1;
    const dataOperator =
      threads > 1
        ? await (
            await import("../../parallel/operator.js")
          ).parallelDataOperator(dataset.X, {
            threads,
            precision: fitOptions.precision
          })
        : undefined;
    let result: FitResult;
    try {
      const start = initial.passToFit ? {initialFactors: initial.factors} : {};
      result = fit(
        dataset.X,
        {...fitOptions, ...start, onRecord: progress.update, onStep: progress.step},
        {dataOperator, productMetricsThread: dataOperator?.productMetricsThread}
      );
    } catch (error) {
      throw renameParameters(error, flagNames);
    } finally {
      progress.finish();
      await dataOperator?.close();
    }
    if (result.stopReason === "diverged") throw new RunError(failureMessage(result, fitOptions.model));

    const files = await writeFitOutputs(plan, values, result, dataset.provenance, fitOptions, initial.factors).catch(
      (error) => {
        const {relativeError} = lastRecord(result.trajectory);
        const what = `the fit finished (${result.iterations} iterations, relative error ${relativeError.toPrecision(4)})`;
        if (error instanceof Error && error.name === "WriteError") error.message = `${what} but ${error.message}`;
        throw error;
      }
    );
    const summary = fitSummary(result, dataset.provenance, files, values["init-from"]);
    context.stdout.write(values.json ? JSON.stringify(summary, null, 2) + "\n" : humanSummary(summary));
    return 0;
  }
});

/** One line for a failed run: where, why, that nothing was written, and what to try. */
function failureMessage(result: FitResult, model: string): string {
  const at = `at step ${result.divergedAt}`;
  const what =
    result.divergence === "collapse"
      ? `the fit collapsed: the product of the factors is exactly zero since step ${result.divergedAt} (relative error 1, nothing learned)`
      : result.divergence === "growth"
        ? `the fit diverged ${at} (the loss rose over a million times above both ||X||^2 and its lowest value)`
        : `the fit diverged ${at} (a non-finite value)`;
  const hint =
    model === "mu" || model === "hals"
      ? "; try another --init or --seed"
      : result.divergence === "collapse"
        ? "; try a smaller --lr (the steps overshot and the factors were clipped to 0)"
        : "; try a smaller --lr";
  return `${what}; nothing was written${hint}`;
}

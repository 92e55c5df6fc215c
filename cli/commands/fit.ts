import {lastRecord} from "../../engine/trajectory.js";
import {inits, losses, models, type DataProvenance, type FitOptions, type FitResult} from "../../engine/types.js";
import {defineCommand, RunError, UsageError, type OptionValues} from "../command.js";
import {dataOptions, loadDataFromOptions} from "../dataOptions.js";
import {renameParameters} from "../flagNames.js";
import {checkOutputFile, checkOutputFolder} from "../outputs.js";
import {formatDuration} from "../progress.js";

const options = {
  ...dataOptions,
  model: {type: "string", valueName: "NAME", choices: models, default: "mu", description: "the model"},
  rank: {type: "integer", valueName: "R", min: 1, description: "rank of a flat model (mu, adam, gd, hals)"},
  ranks: {
    type: "integers",
    valueName: "R1,R2,...",
    min: 1,
    description: "the ranks r1 >= r2 >= ... of a deep model, one per layer (or the one rank of a flat model)"
  },
  loss: {
    type: "string",
    valueName: "NAME",
    choices: losses,
    description: "objective of the deep model [default: global]"
  },
  optimizer: {
    type: "string",
    valueName: "NAME",
    choices: ["adam", "gd"],
    description: "optimizer of the deep model [default: adam]"
  },
  iters: {type: "integer", min: 1, default: 1000, description: "iterations (epochs): the budget of the run"},
  lr: {type: "number", description: "learning rate of adam, gd and deep [default: 0.01]"},
  init: {type: "string", valueName: "NAME", choices: inits, description: "initialization [default: random]"},
  "init-scale": {type: "number", description: "scale of the random and eye initializations [default: 1]"},
  seed: {type: "integer", description: "seed of the initialization [default: 0]"},
  "record-every": {type: "integer", min: 1, description: "record the metrics every N steps [default: 1]"},
  "top-k": {
    type: "integer",
    min: 1,
    description:
      "how many leading singular values of M, and alignments with X's singular pairs, to record [default: 10]"
  },
  "early-stop": {
    type: "boolean",
    description: "stop at the first effective-rank plateau (implied by --patience and --plateau)"
  },
  patience: {type: "integer", min: 1, description: "steps a plateau must last before an early stop"},
  plateau: {type: "integer", min: 1, valueName: "K", description: "stop at the end of the K-th plateau instead"},
  tol: {
    type: "number",
    min: 0,
    description: "stop when the loss decreases by less than this fraction in one step [default: 0, never]"
  },
  l1: {type: "number", min: 0, description: "L1 penalty on W1 (gradient models) [default: 0]"},
  cos: {
    type: "number",
    min: 0,
    description: "cosine separation penalty on the rows of H (gradient models) [default: 0]"
  },
  out: {
    type: "string",
    valueName: "FILE.arrow",
    description: "write the trajectory and the run's metadata as an Arrow IPC file"
  },
  "save-factors": {
    type: "string",
    valueName: "DIR",
    description: "write the factors as .npy: W.npy and H.npy (deep: W1.npy, W2.npy, ..., H.npy)"
  },
  threads: {
    type: "integer",
    min: 1,
    max: 64,
    description: "threads for the products with X (worker threads; the results do not depend on it) [default: 1]"
  },
  json: {type: "boolean", description: "print the summary as JSON on stdout"}
} as const;

/** Engine option names as flags, for error messages. */
const flagNames = {
  iterations: "--iters",
  initScale: "--init-scale",
  recordEvery: "--record-every",
  topK: "--top-k",
  data: "--data"
};

export const fitCommand = defineCommand({
  name: "fit",
  summary: "fit NMF or Deep NMF to a data matrix and record its training trajectory",
  usage: "nmf fit --data SPEC --rank R [options]   (deep: --model deep --ranks R1,R2,...)",
  description: [
    "Fits X ~ W H (X: one sample per row) or X ~ W1 ... Wk H, recording at every --record-every steps the relative error, the effective rank, the nuclear and stable ranks, the leading singular values of the reconstruction and how many of X's modes it has learned.",
    "Outputs are written only after a successful run, each atomically. A run that diverges (a non-finite value) exits with code 1 and writes nothing. Progress goes to stderr for runs longer than a second."
  ].join("\n"),
  examples: [
    "nmf fit --data mnist:2000 --model mu --rank 20 --iters 500",
    "nmf fit --data mnist:2000 --model deep --ranks 20,10 --iters 5000 --record-every 10 --out deep.arrow --json",
    "nmf fit --data x.npy --rank 5 --save-factors factors/",
    "nmf fit --data mnist --model hals --rank 20 --iters 100 --threads 2"
  ],
  options,
  async run(values, context) {
    const fitOptions = fitOptionsFrom(values);
    if (values.out !== undefined) await checkOutputFile("--out", values.out);
    if (values["save-factors"] !== undefined) await checkOutputFolder("--save-factors", values["save-factors"]);

    const dataset = await loadDataFromOptions(values, context);
    const [{fit}, {createProgress}] = await Promise.all([import("../../engine/fit.js"), import("../progress.js")]);
    const progress = createProgress({stream: context.stderr, totalSteps: fitOptions.iterations});
    const threads = values.threads ?? 1;
    const dataOperator =
      threads > 1
        ? await (await import("../../parallel/operator.js")).parallelDataOperator(dataset.X, {threads})
        : undefined;
    let result: FitResult;
    try {
      result = fit(dataset.X, {...fitOptions, onRecord: progress.update}, {dataOperator});
    } catch (error) {
      throw renameParameters(error, {...flagNames, rank: values.rank !== undefined ? "--rank" : "--ranks"});
    } finally {
      progress.finish();
      await dataOperator?.close();
    }
    if (result.stopReason === "diverged") {
      const hint = fitOptions.model === "mu" || fitOptions.model === "hals" ? "" : "; try a smaller --lr";
      throw new RunError(
        `the fit diverged at step ${result.divergedAt} (a non-finite value); nothing was written${hint}`
      );
    }

    const files = await writeOutputs(values, result, dataset.provenance, fitOptions);
    const summary = fitSummary(result, dataset.provenance, files);
    context.stdout.write(values.json ? JSON.stringify(summary, null, 2) + "\n" : humanSummary(summary));
    return 0;
  }
});

type FitValues = OptionValues<typeof options>;

/** FitOptions from the flags; the engine checks the values themselves. */
export function fitOptionsFrom(values: FitValues): FitOptions {
  if (values.rank !== undefined && values.ranks !== undefined) {
    throw new UsageError("give either --rank or --ranks, not both");
  }
  const ranks = values.rank !== undefined ? [values.rank] : values.ranks;
  if (ranks === undefined) throw new UsageError("missing --rank R (or --ranks R1,R2,... for deep; see nmf fit --help)");
  const earlyStop =
    values["early-stop"] || values.patience !== undefined || values.plateau !== undefined
      ? {
          ...(values.patience === undefined ? {} : {patience: values.patience}),
          ...(values.plateau === undefined ? {} : {plateau: values.plateau})
        }
      : undefined;
  const optional = {
    loss: values.loss as FitOptions["loss"],
    optimizer: values.optimizer as FitOptions["optimizer"],
    lr: values.lr,
    init: values.init as FitOptions["init"],
    initScale: values["init-scale"],
    seed: values.seed,
    recordEvery: values["record-every"],
    topK: values["top-k"],
    tol: values.tol,
    earlyStop,
    l1: values.l1,
    cos: values.cos
  };
  const fitOptions: FitOptions = {model: values.model as FitOptions["model"], ranks, iterations: values.iters!};
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined) Object.assign(fitOptions, {[key]: value});
  return fitOptions;
}

/** Writes --out and --save-factors all at once, atomically; returns the paths written. */
async function writeOutputs(
  values: FitValues,
  result: FitResult,
  provenance: DataProvenance,
  fitOptions: FitOptions
): Promise<{run?: string; factors?: string[]}> {
  const files: {path: string; data: Uint8Array}[] = [];
  const written: {run?: string; factors?: string[]} = {};
  if (values.out !== undefined) {
    const [{trajectoryTable}, {arrowFileBytes}] = await Promise.all([
      import("../../io/runTable.js"),
      import("../../io/arrow.js")
    ]);
    const table = trajectoryTable(result, {data: provenance, options: fitOptions});
    files.push({path: values.out, data: arrowFileBytes(table)});
    written.run = values.out;
  }
  const folder = values["save-factors"];
  if (folder !== undefined) {
    const [{formatNpy}, {mkdir}, {join}] = await Promise.all([
      import("../../io/npy.js"),
      import("node:fs/promises"),
      import("node:path")
    ]);
    const k = result.factors.length - 1;
    const names = result.factors.map((_, i) => (i === k ? "H" : k === 1 ? "W" : `W${i + 1}`));
    await mkdir(folder, {recursive: true});
    written.factors = [];
    result.factors.forEach((factor, i) => {
      const path = join(folder, `${names[i]}.npy`);
      files.push({path, data: formatNpy(factor.data, [factor.rows, factor.cols])});
      written.factors!.push(path);
    });
  }
  if (files.length) {
    const {writeFilesAtomic} = await import("../../io/atomicWrite.js");
    await writeFilesAtomic(files);
  }
  return written;
}

/** The `--json` summary. */
export function fitSummary(result: FitResult, provenance: DataProvenance, files: {run?: string; factors?: string[]}) {
  const {timeMs, cosineSeparation, ...final} = lastRecord(result.trajectory);
  const {m, n, ...rest} = provenance;
  return {
    model: result.options.model,
    ranks: result.options.ranks,
    iterations: result.iterations,
    stopReason: result.stopReason,
    wallMs: result.wallMs,
    options: result.options,
    data: {m, n, ...rest},
    final: {
      ...final,
      singularValues: Array.from(final.singularValues),
      modeAlignment: Array.from(final.modeAlignment)
    },
    plateaus: result.plateaus,
    files
  };
}

function humanSummary(s: ReturnType<typeof fitSummary>): string {
  const f = s.final;
  const lines = [
    `${s.model} ranks ${s.ranks.join(",")} on ${s.data.m} x ${s.data.n} (${s.data.source}): ` +
      `${s.iterations} iterations in ${formatDuration(s.wallMs)}, stopped by ${s.stopReason}`,
    `relative error ${f.relativeError.toPrecision(4)}, effective rank ${f.effectiveRank.toFixed(2)}, ` +
      `stable rank ${f.stableRank.toFixed(2)}, nuclear ratio ${f.nuclearRatio.toFixed(2)}, ` +
      `modes learned ${f.modesLearned} of ${f.modeAlignment.length} (|u_i^T M v_i| >= s_i(X) / 2)`
  ];
  if (s.plateaus.length) {
    lines.push(`plateaus: ${s.plateaus.map((p) => `${p.start}-${p.end} at ${p.level.toFixed(2)}`).join(", ")}`);
  }
  if (s.files.run) lines.push(`wrote ${s.files.run}`);
  if (s.files.factors) lines.push(`wrote ${s.files.factors.join(", ")}`);
  return lines.join("\n") + "\n";
}

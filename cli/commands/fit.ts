import {lastRecord} from "../../engine/trajectory.js";
import type {Matrix} from "../../engine/matrix.js";
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
  "save-init": {
    type: "string",
    valueName: "DIR",
    description: "also write the initial factors, float64, under the same names (for --init-from)"
  },
  "init-from": {
    type: "string",
    valueName: "DIR",
    description: "start from the factors in DIR (W.npy, H.npy or W1.npy, ..., H.npy) instead of --init"
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
    if (values["save-init"] !== undefined) await checkOutputFolder("--save-init", values["save-init"]);

    const dataset = await loadDataFromOptions(values, context);
    const warn = (message: string) => context.stderr.write(`nmf: warning: ${message}\n`);
    const rankFlag = values.rank !== undefined ? "--rank" : "--ranks";
    const initial = await startingFactors(values, dataset.X, fitOptions, warn).catch((error) => {
      throw renameParameters(error, {...flagNames, rank: rankFlag});
    });
    const [{fit}, {createProgress}] = await Promise.all([import("../../engine/fit.js"), import("../progress.js")]);
    const progress = createProgress({stream: context.stderr, totalSteps: fitOptions.iterations});
    const threads = values.threads ?? 1;
    const dataOperator =
      threads > 1
        ? await (await import("../../parallel/operator.js")).parallelDataOperator(dataset.X, {threads})
        : undefined;
    let result: FitResult;
    try {
      const start = initial.passToFit ? {initialFactors: initial.factors} : {};
      result = fit(dataset.X, {...fitOptions, ...start, onRecord: progress.update}, {dataOperator});
    } catch (error) {
      throw renameParameters(error, {...flagNames, rank: rankFlag});
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

    const files = await writeOutputs(values, result, dataset.provenance, fitOptions, initial.factors);
    const summary = fitSummary(result, dataset.provenance, files, values["init-from"]);
    context.stdout.write(values.json ? JSON.stringify(summary, null, 2) + "\n" : humanSummary(summary));
    return 0;
  }
});

/**
 * The starting factors when the run needs them: read from `--init-from`, or drawn as the engine
 * would for `--save-init` (then handed to the fit, so that they are drawn once). The layer-wise loss
 * also draws hidden layers that the files cannot hold: its seeded run keeps its own start, and the
 * files hold its W's and H.
 */
async function startingFactors(
  values: FitValues,
  X: Matrix,
  fitOptions: FitOptions,
  warn: (message: string) => void
): Promise<{factors?: Matrix[]; passToFit: boolean}> {
  const ranks = fitOptions.ranks;
  const layerwise = fitOptions.model === "deep" && fitOptions.loss === "layerwise";
  if (values["init-from"] !== undefined) {
    const {readInitialFactors} = await import("../factorFiles.js");
    const {normalizeOptions} = await import("../../engine/validate.js");
    normalizeOptions(X, fitOptions); // the ranks against the data, before the files are read against them
    const factors = await readInitialFactors("--init-from", values["init-from"], {m: X.rows, n: X.cols, ranks}, warn);
    return {factors, passToFit: true};
  }
  if (values["save-init"] === undefined) return {passToFit: false};
  const [{normalizeOptions}, {initialFactors}] = await Promise.all([
    import("../../engine/validate.js"),
    import("../../engine/init/index.js")
  ]);
  const o = normalizeOptions(X, fitOptions);
  const {Ws, H} = initialFactors(X, o.ranks, {init: o.init, initScale: o.initScale, seed: o.seed, hidden: layerwise});
  if (layerwise)
    warn(
      "--save-init with --loss layerwise: the hidden layers H1 ... are drawn too but not saved; a run --init-from these files starts them at the products of the chain below, so it differs from this run"
    );
  return {factors: [...Ws, H], passToFit: !layerwise};
}

type FitValues = OptionValues<typeof options>;

/** FitOptions from the flags; the engine checks the values themselves. */
export function fitOptionsFrom(values: FitValues): FitOptions {
  if (values.rank !== undefined && values.ranks !== undefined) {
    throw new UsageError("give either --rank or --ranks, not both");
  }
  if (values["init-from"] !== undefined) {
    const given = (["init", "init-scale", "seed"] as const).filter((flag) => values[flag] !== undefined);
    if (given.length > 0)
      throw new UsageError(
        `--init-from gives the starting factors: drop ${given.map((flag) => `--${flag}`).join(", ")} (they only choose an initialization)`
      );
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

/** What a fit wrote: the run file, the factors and the initial factors. */
export interface WrittenFiles {
  run?: string;
  factors?: string[];
  init?: string[];
}

/** Writes --out, --save-factors and --save-init all at once, atomically; returns the paths written. */
async function writeOutputs(
  values: FitValues,
  result: FitResult,
  provenance: DataProvenance,
  fitOptions: FitOptions,
  initial: Matrix[] | undefined
): Promise<WrittenFiles> {
  const files: {path: string; data: Uint8Array}[] = [];
  const written: WrittenFiles = {};
  if (values.out !== undefined) {
    const [{trajectoryTable}, {arrowFileBytes}] = await Promise.all([
      import("../../io/runTable.js"),
      import("../../io/arrow.js")
    ]);
    const initFrom = values["init-from"] === undefined ? {} : {initFrom: values["init-from"]};
    const table = trajectoryTable(result, {data: provenance, options: fitOptions, ...initFrom});
    files.push({path: values.out, data: arrowFileBytes(table)});
    written.run = values.out;
  }
  const [{factorFilesFloat32, factorFilesFloat64}, {mkdir}, {join}] = await Promise.all([
    import("../factorFiles.js"),
    import("node:fs/promises"),
    import("node:path")
  ]);
  const folders: [string | undefined, {name: string; data: Uint8Array}[], "factors" | "init"][] = [
    [values["save-factors"], factorFilesFloat32(result.factors), "factors"],
    [values["save-init"], initial ? factorFilesFloat64(initial) : [], "init"]
  ];
  for (const [folder, folderFiles, key] of folders) {
    if (folder === undefined) continue;
    await mkdir(folder, {recursive: true});
    written[key] = folderFiles.map(({name, data}) => {
      files.push({path: join(folder, name), data});
      return join(folder, name);
    });
  }
  if (files.length) {
    const {writeFilesAtomic} = await import("../../io/atomicWrite.js");
    await writeFilesAtomic(files);
  }
  return written;
}

/** The `--json` summary. */
export function fitSummary(result: FitResult, provenance: DataProvenance, files: WrittenFiles, initFrom?: string) {
  const {timeMs, cosineSeparation, ...final} = lastRecord(result.trajectory);
  const {m, n, ...rest} = provenance;
  return {
    model: result.options.model,
    ranks: result.options.ranks,
    iterations: result.iterations,
    stopReason: result.stopReason,
    wallMs: result.wallMs,
    options: result.options,
    ...(initFrom === undefined ? {} : {initFrom}),
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
  if (s.files.init) lines.push(`wrote ${s.files.init.join(", ")} (initial factors)`);
  return lines.join("\n") + "\n";
}

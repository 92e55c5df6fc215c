import {inits, losses, models, precisions, type FitOptions, InputError} from "../engine/index.js";
import {UsageError, type OptionValues} from "./command.js";
import {dataOptions} from "./dataOptions.js";
import {lossFlagNames, lossFlags} from "./lossFlags.js";

/** The flags of `nmf fit`. */
export const fitFlags = {
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
  ...lossFlags,
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
      "how many leading singular values of M, and alignments with X's singular pairs, to record (at most min(m, n)) [default: 10]"
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
  force: {
    type: "boolean",
    description: "let --save-factors / --save-init delete the factor files of another run found in their folder"
  },
  precision: {
    type: "string",
    valueName: "NAME",
    choices: precisions,
    description:
      "precision of the products with X: float32 takes about half their time; factors and metrics stay float64 [default: float64]"
  },
  threads: {
    type: "integer",
    min: 1,
    max: 64,
    description: "threads for the products with X (worker threads; the results do not depend on it) [default: 1]"
  },
  json: {type: "boolean", description: "print the summary as JSON on stdout"}
} as const;

export type FitValues = OptionValues<typeof fitFlags>;

/** Engine parameter names as the flags the user typed, for error messages (`rank` depends on the command line). */
export function engineFlagNames(values: FitValues): Record<string, string> {
  const rank = values.rank !== undefined ? "--rank" : "--ranks";
  return {
    model: "--model",
    rank,
    ranks: rank,
    loss: "--loss",
    optimizer: "--optimizer",
    iterations: "--iters",
    lr: "--lr",
    init: "--init",
    initScale: "--init-scale",
    seed: "--seed",
    precision: "--precision",
    recordEvery: "--record-every",
    topK: "--top-k",
    tol: "--tol",
    l1: "--l1",
    cos: "--cos",
    data: "--data",
    ...lossFlagNames
  };
}

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
  checkFlagsTheModelUses(values);
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
    cos: values.cos,
    precision: values.precision as FitOptions["precision"]
  };
  const fitOptions: FitOptions = {model: values.model as FitOptions["model"], ranks, iterations: values.iters!};
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined) Object.assign(fitOptions, {[key]: value});
  return fitOptions;
}

/** Flags that the chosen model or init would ignore are refused, not dropped silently. */
function checkFlagsTheModelUses(values: FitValues): void {
  const model = values.model;
  if (values.lr !== undefined && (model === "mu" || model === "hals"))
    throw new InputError("--lr", values.lr, `${model} has no learning rate (--lr is for adam, gd and deep)`);
  if (values.optimizer !== undefined && model !== "deep")
    throw new InputError(
      "--optimizer",
      values.optimizer,
      `only --model deep takes an optimizer (${model === "adam" || model === "gd" ? `--model ${model} is its own` : `${model} has none`})`
    );
  if (values["beta-loss"] !== undefined && values["beta-loss"] !== "frobenius" && model === "hals")
    throw new InputError(
      "--beta-loss",
      values["beta-loss"],
      "hals minimizes the Frobenius loss; use mu or a gradient model"
    );
  const dense = values.missing || values.weights !== undefined || (values["beta-loss"] ?? "frobenius") !== "frobenius";
  if (values.threads !== undefined && values.threads > 1 && dense)
    throw new InputError(
      "--threads",
      values.threads,
      "threads share the products with X of the plain Frobenius loss; --missing, --weights and --beta-loss runs use the dense path, on one thread"
    );
  if (values.loss !== undefined && model !== "deep")
    throw new InputError("--loss", values.loss, `only --model deep has a choice of loss`);
  if (values["init-scale"] !== undefined && values.init?.startsWith("nndsvd"))
    throw new InputError(
      "--init-scale",
      values["init-scale"],
      `scales the random and eye initializations, not ${values.init}`
    );
}

import {InputError, models, ONE_STANDARD_ERROR_RULE, selectRank} from "../../engine/index.js";
import {defineCommand, UsageError} from "../command.js";
import {dataOptions, loadDataFromOptions} from "../dataOptions.js";
import {renameParameters} from "../flagNames.js";

const flatModels = models.filter((model) => model !== "deep");

const options = {
  ...dataOptions,
  ranks: {type: "integers", valueName: "R1,R2,...", min: 1, description: "the ranks to compare (required)"},
  folds: {type: "integer", min: 1, max: 100, default: 5, description: "how many random hold-out masks"},
  holdout: {type: "number", default: 0.1, description: "share of the observed entries each fold holds out, in (0, 1)"},
  model: {type: "string", valueName: "NAME", choices: flatModels, default: "hals", description: "the model fitted"},
  iters: {
    type: "integer",
    min: 1,
    default: 2000,
    description: "iterations of each fit (held-out errors compare converged fits)"
  },
  init: {
    type: "string",
    valueName: "NAME",
    choices: ["random", "nndsvd", "nndsvda", "nndsvdar"],
    default: "nndsvda",
    description: "initialization of each fit"
  },
  lr: {type: "number", description: "learning rate of adam and gd [default: 0.01]"},
  seed: {type: "integer", default: 0, description: "seed of the hold-out masks and of each fit's initialization"},
  missing: {type: "boolean", description: "NaN entries of the data are missing: never held out nor scored"},
  json: {type: "boolean", description: "print {selectedRank, rule, ranks: [...]} as JSON on stdout"}
} as const;

export const rankCommand = defineCommand({
  name: "rank",
  summary: "choose the rank by the error on held-out entries (cross-validation)",
  usage: "nmf rank --data SPEC --ranks 2,3,... [--folds K] [--holdout 0.1] [--model hals] [--iters N] [--json]",
  description: [
    "Each fold hides a seeded random share (--holdout) of the observed entries, fits every rank to the others as missing values (as nmf fit --missing), and measures the relative error on the hidden entries, sum (M - X)^2 / sum X^2 over them. Folds are independent draws (repeated random sub-sampling). Per rank it prints the mean held-out error over the folds, its standard error, and the mean error on the entries the fit saw.",
    "The rank chosen: the smallest rank whose mean held-out error is within one standard error of the lowest mean (the one-standard-error rule). The fits use the dense weighted code path: about m n r operations per pass, several passes per iteration."
  ].join("\n"),
  examples: [
    "nmf rank --data x.npy --ranks 2,3,4,5,6",
    "nmf rank --data mnist:500 --ranks 5,10,20,40 --folds 3 --iters 200 --json"
  ],
  options,
  async run(values, context) {
    if (values.ranks === undefined) throw new UsageError("missing --ranks R1,R2,... (the ranks to compare)");
    const holdout = values.holdout!;
    if (!(holdout > 0 && holdout < 1)) throw new InputError("--holdout", holdout, "must be > 0 and < 1");
    if (values.lr !== undefined && values.model !== "adam" && values.model !== "gd")
      throw new InputError("--lr", values.lr, `${values.model} has no learning rate (--lr is for adam and gd)`);
    const ranks = [...new Set(values.ranks)].sort((a, b) => a - b);
    const dataset = await loadDataFromOptions(values, context, {missing: values.missing});
    const fitOptions = {
      model: values.model as (typeof flatModels)[number],
      iterations: values.iters!,
      init: values.init as "random" | "nndsvd" | "nndsvda" | "nndsvdar",
      topK: 1,
      recordEvery: values.iters!,
      ...(values.lr === undefined ? {} : {lr: values.lr})
    };
    let selection;
    try {
      selection = selectRank(dataset.X, {ranks, folds: values.folds!, holdout, seed: values.seed!, fit: fitOptions});
    } catch (error) {
      throw renameParameters(error, {rank: "--ranks", data: "--data", lr: "--lr", iterations: "--iters"});
    }
    const report = {
      selectedRank: selection.selectedRank,
      rule: ONE_STANDARD_ERROR_RULE,
      folds: values.folds!,
      holdout,
      model: values.model!,
      iterations: values.iters!,
      init: values.init!,
      seed: values.seed!,
      data: dataset.provenance,
      ranks: selection.ranks
    };
    context.stdout.write(values.json ? JSON.stringify(report, null, 2) + "\n" : rankTable(report));
    return 0;
  }
});

function rankTable(r: {
  selectedRank: number;
  rule: string;
  folds: number;
  holdout: number;
  model: string;
  iterations: number;
  ranks: {rank: number; heldOutError: number; standardError: number; trainError: number}[];
}): string {
  const lines = [
    `${r.model}, ${r.iterations} iterations, ${r.folds} folds holding out ${(100 * r.holdout).toFixed(1)}% of the observed entries each`,
    "",
    "  rank   held-out error   standard error   train error",
    ...r.ranks.map(
      (s) =>
        `  ${String(s.rank).padEnd(6)} ${s.heldOutError.toExponential(4).padEnd(16)} ${s.standardError.toExponential(2).padEnd(16)} ${s.trainError.toExponential(4)}${s.rank === r.selectedRank ? "   <- selected" : ""}`
    ),
    "",
    `selected rank: ${r.selectedRank}`,
    `rule: ${r.rule}`
  ];
  return lines.join("\n") + "\n";
}

import {
  eckartYoung,
  meanAndError,
  oneStandardError,
  ONE_STANDARD_ERROR_RULE,
  selectRank,
  type RankScore
} from "../engine/index.js";
import {mnistData} from "./common.js";
import type {Profile} from "./profiles.js";
import type {Experiment, LoadedData, TableData} from "./types.js";

/** The scale of the rank selection at each profile (HALS fits cost about m n r per pass). */
export const rankSelectionScales: Record<
  Profile,
  {data: string; ranks: number[]; folds: number; holdout: number; iterations: number; checkpoints: number[]}
> = {
  quick: {
    data: "mnist:200",
    ranks: [2, 4, 6, 8, 10, 12, 14, 16],
    folds: 3,
    holdout: 0.1,
    iterations: 40,
    checkpoints: [5, 10, 20]
  },
  default: {
    data: "mnist:500",
    ranks: [2, 4, 6, 8, 10, 12, 14, 16, 20, 24],
    folds: 3,
    holdout: 0.1,
    iterations: 100,
    checkpoints: [5, 10, 25, 50]
  },
  full: {
    data: "mnist:2000",
    ranks: [2, 4, 6, 8, 10, 12, 16, 20, 24, 32, 40],
    folds: 5,
    holdout: 0.1,
    iterations: 1000,
    checkpoints: [10, 25, 50, 100, 250, 500]
  }
};

/** The fit of every rank and fold: HALS from NNDSVDa, as `nmf rank` does by default. */
const fitOptions = {model: "hals", init: "nndsvda", seed: 0} as const;

/**
 * Rank selection on MNIST by held-out entries (engine/rankSelection.ts, as `nmf rank`): each fold hides
 * a seeded 10 % of the pixels, HALS fits every rank to the rest, and the rank chosen is the one-standard-error
 * rule's. The held-out error is also measured at earlier steps of the same fits (the checkpoints), and the
 * rule applied there too: the rank the selection would have chosen had every fit stopped at that step.
 * Beside it, the Eckart-Young error of the same (complete) data: the least relative error any rank-r matrix
 * reaches, ||X - X_r||^2 / ||X||^2 from X's singular values.
 *
 * Tables: `folds` (rank, fold (int32, from 1), step (int32: a checkpoint or the last step), heldOutError,
 * trainError (float64, relative, on the held-out and on the seen entries)) and `ranks` (step, rank (int32),
 * heldOutError, standardError (over the folds), trainError, eckartYoung (float64), selected (bool: the
 * one-standard-error rule's rank at that step)).
 */
export const rankSelectionExperiment: Experiment = {
  name: "rank-selection",
  description: "the rank of MNIST by held-out entries (one-standard-error rule), beside the Eckart-Young error",
  tables: ["folds", "ranks"],
  plan(profile) {
    const s = rankSelectionScales[profile];
    return {
      configuration: {...s, ...fitOptions, rule: ONE_STANDARD_ERROR_RULE},
      runs: [],
      data: [{...mnistData(profile), spec: s.data}]
    };
  },
  build(context) {
    const s = rankSelectionScales[context.profile];
    const data = context.data[0];
    const selection = selectRank(data.X, {
      ranks: s.ranks,
      folds: s.folds,
      holdout: s.holdout,
      seed: fitOptions.seed,
      checkpoints: s.checkpoints.filter((step) => step < s.iterations),
      fit: {...fitOptions, iterations: s.iterations, recordEvery: recordEvery(s.checkpoints, s.iterations), topK: 1}
    });
    return {folds: foldsTable(selection.ranks, s.iterations), ranks: ranksTable(selection.ranks, data, s.iterations)};
  }
};

/** The largest recording interval that lands on every checkpoint and on the last step. */
function recordEvery(checkpoints: readonly number[], iterations: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return checkpoints.reduce(gcd, iterations);
}

/** Every step measured: the checkpoints, then the last step. */
function byStep(scores: readonly RankScore[], iterations: number) {
  const steps = [...scores[0].checkpoints.map((c) => c.step), iterations];
  return steps.map((step) => ({
    step,
    scores: scores.map((score) => {
      const at = score.checkpoints.find((c) => c.step === step);
      return {
        rank: score.rank,
        held: at?.heldOutErrors ?? score.foldErrors,
        train: at?.trainErrors ?? score.foldTrainErrors
      };
    })
  }));
}

function foldsTable(scores: readonly RankScore[], iterations: number): TableData {
  const rows = byStep(scores, iterations).flatMap(({step, scores}) =>
    scores.flatMap(({rank, held, train}) => held.map((h, i) => ({rank, fold: i + 1, step, held: h, train: train[i]})))
  );
  return {
    columns: {
      rank: Int32Array.from(rows, (r) => r.rank),
      fold: Int32Array.from(rows, (r) => r.fold),
      step: Int32Array.from(rows, (r) => r.step),
      heldOutError: Float64Array.from(rows, (r) => r.held),
      trainError: Float64Array.from(rows, (r) => r.train)
    }
  };
}

function ranksTable(scores: readonly RankScore[], data: LoadedData, iterations: number): TableData {
  const rows = byStep(scores, iterations).flatMap(({step, scores}) => {
    const summaries = scores.map(({rank, held, train}) => ({
      rank,
      ...meanAndError(held),
      trainError: meanAndError(train).heldOutError
    }));
    const selected = oneStandardError(summaries);
    return summaries.map((s) => ({step, ...s, selected: s.rank === selected}));
  });
  return {
    columns: {
      step: Int32Array.from(rows, (r) => r.step),
      rank: Int32Array.from(rows, (r) => r.rank),
      heldOutError: Float64Array.from(rows, (r) => r.heldOutError),
      standardError: Float64Array.from(rows, (r) => r.standardError),
      trainError: Float64Array.from(rows, (r) => r.trainError),
      eckartYoung: Float64Array.from(rows, (r) => eckartYoung(data.reference, r.rank)),
      selected: {booleans: rows.map((r) => r.selected)}
    }
  };
}

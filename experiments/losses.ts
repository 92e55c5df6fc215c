import type {Loss} from "../engine/index.js";
import {verdictRows} from "./claims/evaluate.js";
import {lossesClaims, lossPairs, lossRun, type LossPair, type LossRun} from "./claims/losses.js";
import {mnistContext, onReplicate, replicateContext, replicates, replications} from "./claims/replicates.js";
import {verdictsTable} from "./claims/table.js";
import {mnistData, standardTables, standardTableNames, studyDeepFit, replicationsTable} from "./common.js";
import {convergenceFinding} from "./sweepFindings.js";
import {findingsTable, formatCount, plural, type Finding} from "./findings.js";
import {formatValue} from "./claims/claim.js";
import {scales, studySeed, type Profile} from "./profiles.js";
import type {TableData} from "./types.js";
import type {CompletedRun, Experiment, ExperimentContext, RunSpec} from "./types.js";

/** The (r1, r2) pair whose trajectories are published in full detail (the study's late jump). */
export const focusPair: [number, number] = [40, 20];

/** The grid on MNIST; on each replication the profile runs, the same runs on its data. */
function lossesRuns(profile: Profile): RunSpec[] {
  const s = scales[profile].losses;
  const data = mnistData(profile);
  const runs: RunSpec[] = [];
  for (const loss of ["global", "layerwise"] as Loss[])
    for (const [r1, r2] of s.pairs)
      runs.push({
        id: `${loss}-${r1}-${r2}`,
        data,
        fit: studyDeepFit({ranks: [r1, r2], loss, iterations: s.iterations, recordEvery: s.recordEvery})
      });
  return [
    ...runs,
    ...replications.filter((r) => s.replications.includes(r.id)).flatMap((r) => onReplicate(runs, r, profile))
  ];
}

/**
 * Experiment 4 of the study (report Fig. 2, 3, 4, 10): global against layer-wise loss over the
 * (r1, r2) grid, r2 <= r1 (r1 in {10, 20, 40}, r2 in {5, 10, 20, 30}), Deep NMF with Adam lr 1e-2,
 * uniform [0, 1) init, seed 112. The standard tables hold the MNIST runs (trajectories of every run,
 * downsampled, with more points for (40, 20)); `replications` the runs of the replications the
 * profile runs; `pairs` each pair's two runs side by side on every replicate; `verdicts` the study's
 * claims (claims/losses.ts); `findings` the Eckart-Young bound as a fact, with the gaps, and the
 * convergence of the runs.
 */
export const lossesExperiment: Experiment = {
  name: "losses",
  description:
    "global vs layer-wise Deep NMF loss over the (r1, r2) grid: final effective rank, error, Eckart-Young gap, the study's claims",
  figures: "Fig. 2, 3, 4, 10",
  tables: [...standardTableNames, "replications", "pairs", "verdicts", "findings"],
  plan(profile) {
    const s = scales[profile].losses;
    return {configuration: {...s, focusPair, lr: 1e-2, init: "random", seed: studySeed}, runs: lossesRuns(profile)};
  },
  build(context) {
    const s = scales[context.profile].losses;
    const isFocus = (ranks: number[]) => ranks[0] === focusPair[0] && ranks[1] === focusPair[1];
    const mnist = mnistContext(context);
    const {tables} = standardTables(mnist, "losses", {
      group: (run) => run.spec.fit.loss ?? "global",
      points: (run) => (isFocus(run.spec.fit.ranks) ? s.focusPoints : s.points)
    });
    const pairs = replicates.flatMap((r) =>
      lossPairs(replicateContext(context, r).runs.map(lossRun)).map((pair) => ({replicate: r.id, pair}))
    );
    return {
      ...tables,
      replications: replicationsTable(context, "losses", (run) => run.spec.fit.loss ?? "global"),
      pairs: pairsTable(pairs),
      verdicts: verdictsTable(
        verdictRows(lossesClaims, context, (replicate) => ({runs: replicate.runs.map(lossRun)}), s.replications)
      ),
      findings: findingsTable("losses", lossesFindings(mnist))
    };
  }
};

/**
 * `pairs`: one row per replicate and (r1, r2) pair that ran with both losses: replicate (utf8), r1, r2
 * (int32); for each loss (prefix `global`, `layerwise`): effectiveRank, relativeError, gap (to the
 * Eckart-Young bound at r2), reachShare (step at which the effective rank first reaches 90 % of its
 * final value, as a share of the steps) (float64), markedRises, plateaus (int32), converged (bool).
 */
function pairsTable(rows: readonly {replicate: string; pair: LossPair}[]): TableData {
  const columns: TableData["columns"] = {
    replicate: rows.map((r) => r.replicate),
    r1: Int32Array.from(rows, (r) => r.pair.r1),
    r2: Int32Array.from(rows, (r) => r.pair.r2)
  };
  for (const loss of ["global", "layerwise"] as const) {
    const of = (f: (run: LossRun) => number) => Float64Array.from(rows, (r) => f(r.pair[loss]));
    columns[`${loss}EffectiveRank`] = of((run) => run.effectiveRank);
    columns[`${loss}RelativeError`] = of((run) => run.relativeError);
    columns[`${loss}Gap`] = of((run) => run.gap);
    columns[`${loss}ReachShare`] = of((run) => run.reachShare);
    columns[`${loss}MarkedRises`] = Int32Array.from(rows, (r) => r.pair[loss].markedRises);
    columns[`${loss}Plateaus`] = Int32Array.from(rows, (r) => r.pair[loss].plateaus);
    columns[`${loss}Converged`] = {booleans: rows.map((r) => r.pair[loss].converged)};
  }
  return {columns};
}

const lossName = (run: CompletedRun) => (run.spec.fit.loss === "layerwise" ? "layer-wise" : "global");
const pairName = (run: CompletedRun) => `(${run.spec.fit.ranks.join(", ")})`;

/** The Eckart-Young bound (a theorem) with the gaps measured, runs worse than M = 0, and convergence. */
function lossesFindings(mnist: ExperimentContext): Finding[] {
  const runs = mnist.runs;
  if (runs.length === 0) return [];
  const gapOf = (run: CompletedRun) => lossRun(run).gap;
  const byGap = runs.slice().sort((a, b) => gapOf(a) - gapOf(b));
  const smallest = byGap[0],
    largest = byGap[byGap.length - 1];
  const aboveOne = runs.filter((run) => lossRun(run).relativeError > 1);
  return [
    {
      id: "eckart-young",
      kind: "fact",
      replicate: "mnist",
      sentence:
        "No product of rank r2 can end below the Eckart–Young bound at rank r2 (a theorem), and no run does: " +
        `the smallest gap is ${formatValue(gapOf(smallest))} (${lossName(smallest)} loss at ${pairName(smallest)}), ` +
        `the largest ${formatValue(gapOf(largest))} (${lossName(largest)} loss at ${pairName(largest)}).`,
      value: gapOf(smallest)
    },
    {
      id: "above-one",
      kind: "takeaway",
      replicate: "mnist",
      sentence: aboveOne.length
        ? `${plural(aboveOne.length, "run")} of ${formatCount(runs.length)} end with a relative error above 1, worse than ` +
          `the zero matrix (${aboveOne.map((run) => `${lossName(run)} ${pairName(run)}`).join(", ")}): ` +
          "their product is still much larger than X after this many epochs."
        : `Every run ends with a relative error below 1 (better than the zero matrix).`,
      value: aboveOne.length
    },
    convergenceFinding(mnist)
  ];
}

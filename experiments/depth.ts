import {depthClaims, depthRun, JUDGED_FAMILY, type DepthRun} from "./claims/depth.js";
import {verdictRows} from "./claims/evaluate.js";
import {mnistContext, onReplicate, replications} from "./claims/replicates.js";
import {verdictsTable} from "./claims/table.js";
import {formatValue} from "./claims/claim.js";
import {mnistData, standardTables, standardTableNames, studyDeepFit, replicationsTable} from "./common.js";
import {findingsTable, type Finding} from "./findings.js";
import {scales, studySeed, type Profile} from "./profiles.js";
import {convergenceFinding} from "./sweepFindings.js";
import type {Experiment, ExperimentContext, RunSpec} from "./types.js";

/** The study's ranks; depth d uses the last d of them. */
export const depthRanks = [60, 40, 30, 20, 10];

/** The product's mean entry that the `matched` init aims at: about MNIST's mean pixel intensity. */
export const matchedMean = 0.13;

/**
 * The `matched` init scale a of depth d: with every factor uniform in [0, a), an entry of the product
 * W1 ... Wd H has mean (prod_l r_l) (a / 2)^(d + 1); a is chosen so that this equals `matchedMean`.
 */
export function matchedScale(ranks: readonly number[]): number {
  const product = ranks.reduce((p, r) => p * r, 1);
  return 2 * Math.pow(matchedMean / product, 1 / (ranks.length + 1));
}

/** Both init families at every depth on MNIST; on each replication the profile runs, the judged family. */
function depthRuns(profile: Profile): RunSpec[] {
  const s = scales[profile].depth;
  const data = mnistData(profile);
  const runs: RunSpec[] = [];
  for (const init of ["study", "matched"] as const)
    for (const d of s.depths) {
      const ranks = depthRanks.slice(depthRanks.length - d);
      runs.push({
        id: `${init}-depth-${d}`,
        data,
        fit: studyDeepFit({
          ranks,
          initScale: init === "study" ? 1 : matchedScale(ranks),
          iterations: s.iterations,
          recordEvery: s.recordEvery
        })
      });
    }
  const judged = runs.filter((run) => run.id.startsWith(JUDGED_FAMILY));
  return [
    ...runs,
    ...replications.filter((r) => s.replications.includes(r.id)).flatMap((r) => onReplicate(judged, r, profile))
  ];
}

/**
 * Experiment 6 of the study: Deep NMF of depth 1 to 5 with ranks the suffixes of [60, 40, 30, 20, 10]
 * (depth 1: [10]; depth 5: all five), global loss, Adam lr 1e-2, seed 112, from two inits:
 * - `study`: uniform [0, 1) as the study; the initial product grows with depth (its mean entry is
 *   (prod r_l) / 2^(d + 1), about 10^5 at depth 5), and deep chains spend long in the transient;
 * - `matched`: uniform [0, a) with a chosen so the initial product's mean entry is 0.13, about the
 *   data's (`matchedScale`), which isolates the effect of depth.
 * The end-to-end rank is 10 at every depth, so the Eckart-Young bound is the same for all. Tables:
 * the standard ones (MNIST), `replications`, `verdicts` (the literature's depth prediction,
 * claims/depth.ts) and `findings` (lowest error by family, convergence).
 */
export const depthExperiment: Experiment = {
  name: "depth",
  description:
    "Deep NMF of depth 1 to 5, ranks suffixes of [60, 40, 30, 20, 10], from the study's init and a data-matched scale",
  figures: "study section 6 (depth sweep)",
  tables: [...standardTableNames, "replications", "verdicts", "findings"],
  plan(profile) {
    const s = scales[profile].depth;
    return {
      configuration: {...s, ranks: depthRanks, inits: ["study", "matched"], matchedMean, lr: 1e-2, seed: studySeed},
      runs: depthRuns(profile)
    };
  },
  build(context) {
    const s = scales[context.profile].depth;
    const mnist = mnistContext(context);
    const family = (id: string) => id.split("-")[0];
    const {tables} = standardTables(mnist, "depth", {group: (run) => family(run.spec.id), points: () => s.points});
    return {
      ...tables,
      replications: replicationsTable(context, "depth", (run) =>
        family(run.spec.id.slice(run.spec.id.indexOf("/") + 1))
      ),
      verdicts: verdictsTable(
        verdictRows(depthClaims, context, (replicate) => ({runs: replicate.runs.map(depthRun)}), s.replications)
      ),
      findings: findingsTable("depth", depthFindings(mnist))
    };
  }
};

/** Per family: the depth with the lowest final error, and how the effective rank moves with depth. */
function depthFindings(mnist: ExperimentContext): Finding[] {
  const runs = mnist.runs.map(depthRun);
  if (runs.length === 0) return [];
  const families: {family: DepthRun["family"]; label: string}[] = [
    {family: "matched", label: "From the matched init"},
    {family: "study", label: "From the study's uniform [0, 1) init"}
  ];
  const findings: Finding[] = families.flatMap(({family, label}) => {
    const own = runs.filter((r) => r.family === family).sort((a, b) => a.depth - b.depth);
    if (own.length === 0) return [];
    const best = own.reduce((a, b) => (b.relativeError < a.relativeError ? b : a));
    return [
      {
        id: `${family}-by-depth`,
        kind: "takeaway" as const,
        replicate: "mnist",
        sentence:
          `${label}, final relative error and effective rank by depth: ` +
          own.map((r) => `${r.depth}: ${formatValue(r.relativeError)}, ${r.effectiveRank.toFixed(2)}`).join("; ") +
          `; the lowest error is at depth ${best.depth}.`,
        value: best.depth
      }
    ];
  });
  return [...findings, convergenceFinding(mnist)];
}

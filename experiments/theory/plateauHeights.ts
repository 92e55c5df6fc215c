import {effectiveRank, eckartYoung, lastRecord} from "../../engine/index.js";
import {verdictRows} from "../claims/evaluate.js";
import {mnistContext, replicateContext} from "../claims/replicates.js";
import {verdictsTable} from "../claims/table.js";
import {plateauHeightsClaims, type PlateauHeightsInput} from "../claims/theory/plateauHeights.js";
import type {Profile} from "../profiles.js";
import type {TableData} from "../types.js";
import type {CompletedRun, DataRef, Experiment, ExperimentContext, RunSpec} from "../types.js";
import {
  dataLabel,
  dataRef,
  depth2Run,
  depthOf,
  gdRun,
  gdRunId,
  runStatus,
  theoryReferenceTable,
  theoryRunsTable,
  theoryTrajectories
} from "./common.js";
import {median} from "../measures.js";
import {replicatedRuns, replicatesRun} from "./replicates.js";
import {theoryScales} from "./scales.js";

/**
 * Theory 5: plateau heights. The staircases of small-init GD (the init-scale runs at alpha = 1e-4
 * and 1e-6 on W H, and the depth-3 and depth-4 runs of seed 112, whose plateaus are sharper) and,
 * on the same data, converged rank-k NMF by HALS for k = 1 .. 10. For each effective-rank plateau
 * after the transient: k = the modes learned on it (median of `modesLearned`: X's singular pairs i <= topK
 * along which M carries at least half of s_i, |u_i^T M v_i| >= s_i / 2),
 * its level against erank(X_k), the effective rank of X's best rank-k approximation (its k leading
 * singular values), and against the effective rank of the converged rank-k NMF; its relative
 * error against the Eckart-Young bound at k and the rank-k NMF's error.
 * Predicted: Chou, Gieshoff, Maly and Rauhut (ACHA 2024) [abs]: intervals where erank(iterate) is
 * close to erank of a low-rank projection of the ground truth; Jiang, Chen and Ding (2022) [abs]:
 * stopped at plateau k, small-init GD gives the best rank-k approximation, so its loss sits near
 * the Eckart-Young value. The claims (claims/theory/plateauHeights.ts) are judged on MNIST and on
 * each replication the profile runs.
 *
 * Tables: runs (MNIST), replications, trajectories (the MNIST GD runs), reference, levels (one row
 * per replicate and plateau: replicate, run, index, start, end, level, modes, erankTruncated,
 * erankNmf, relativeError, eckartYoung, nmfError), references (replicate, data, k, erankTruncated,
 * erankNmf, eckartYoung, nmfError), verdicts.
 */
export const plateauHeightsTables = [
  "runs",
  "replications",
  "trajectories",
  "reference",
  "levels",
  "references",
  "verdicts"
] as const;

const HALS_RANKS = 10;

function specs(profile: Profile, data: (ref: DataRef) => DataRef): RunSpec[] {
  const s = theoryScales[profile];
  const c = s.initScale;
  const d = s.depth;
  const mnist = data(dataRef(s.mnist));
  const small = data(dataRef(s.small));
  const staircases: RunSpec[] = [
    ...[1e-4, 1e-6].map((initScale) =>
      depth2Run(profile, {initScale, stepFactor: c.stepFactor, rank: c.rank, data: mnist})
    ),
    ...[3, 4].map((depth) =>
      gdRun({
        id: gdRunId(depth, d.initScale, d.stepFactor),
        data: small,
        depth,
        rank: d.rank,
        initScale: d.initScale,
        stepFactor: d.stepFactor,
        iterations: d.iterations[d.depths.indexOf(depth)]
      })
    )
  ];
  const datas = s.mnist === s.small ? [mnist] : [mnist, small];
  const hals = datas.flatMap((ref) =>
    Array.from({length: HALS_RANKS}, (_, i): RunSpec => ({
      id: `hals-${i + 1}-${ref.spec}`,
      data: ref,
      fit: {
        model: "hals",
        ranks: [i + 1],
        init: "random",
        initScale: 1,
        seed: 112,
        iterations: s.plateauHeights.halsIterations,
        // Every step, so that the runs table can say whether each reference has converged.
        recordEvery: 1
      }
    }))
  );
  return [...staircases, ...hals];
}

export const plateauHeightsExperiment: Experiment = {
  name: "plateau-heights",
  description:
    "theory 5: effective rank on each plateau against erank(X_k) and the converged rank-k NMF; loss against Eckart-Young",
  figures: "theory page, section 5",
  tables: plateauHeightsTables,
  plan(profile) {
    const s = theoryScales[profile];
    return {
      configuration: {...s.plateauHeights, data: [s.mnist, s.small], halsRanks: HALS_RANKS},
      runs: replicatedRuns(profile, s.plateauHeights.replications, (data) => specs(profile, data))
    };
  },
  build(context) {
    const c = theoryScales[context.profile];
    const mnist = mnistContext(context);
    const group = (run: CompletedRun) =>
      run.spec.fit.model === "hals" ? "converged HALS" : `GD staircase, depth ${depthOf(run)}`;
    const measured = replicatesRun(c.plateauHeights.replications).map((r) => ({
      replicate: r.id,
      ...heightMeasures(replicateContext(context, r))
    }));
    return {
      runs: theoryRunsTable(context, "plateau-heights", group),
      replications: theoryRunsTable(context, "plateau-heights", group, false),
      trajectories: theoryTrajectories(
        mnist.runs.filter((run) => run.spec.fit.model !== "hals"),
        c.initScale.points
      ),
      reference: theoryReferenceTable(mnist),
      levels: levelsTable(measured.flatMap((m) => m.plateaus.map((row) => ({replicate: m.replicate, ...row})))),
      references: referencesTable(
        measured.flatMap((m) => m.references.map((row) => ({replicate: m.replicate, ...row})))
      ),
      verdicts: verdictsTable(
        verdictRows(plateauHeightsClaims, context, plateauHeightsInput, c.plateauHeights.replications)
      )
    };
  }
};

/** The references (per data and k) and the plateaus of the staircases of one replicate. */
function heightMeasures(context: ExperimentContext) {
  const staircases = context.runs.filter((run) => run.spec.fit.model !== "hals");
  const datas = [...new Map(context.runs.map((run) => [run.data.provenance.hash, run.data])).values()];
  const references = datas.flatMap((data) =>
    referenceRows(
      data.ref,
      data.reference,
      context.runs.filter((run) => run.spec.fit.model === "hals" && run.data.provenance.hash === data.provenance.hash)
    )
  );
  return {staircases, references, plateaus: staircases.flatMap((run) => plateauRows(run, references))};
}

/** The claims' input on one replicate. */
export function plateauHeightsInput(context: ExperimentContext): PlateauHeightsInput {
  const {staircases, plateaus} = heightMeasures(context);
  return {plateaus, runs: staircases.map(runStatus)};
}

export interface ReferenceRow {
  data: string;
  k: number;
  erankTruncated: number;
  erankNmf: number;
  eckartYoung: number;
  nmfError: number;
}

function referenceRows(
  ref: DataRef,
  reference: CompletedRun["data"]["reference"],
  hals: readonly CompletedRun[]
): ReferenceRow[] {
  return Array.from({length: HALS_RANKS}, (_, i) => {
    const k = i + 1;
    const run = hals.find((h) => h.spec.fit.ranks[0] === k);
    const final = run ? lastRecord(run.output.trajectory) : undefined;
    return {
      data: dataLabel(ref),
      k,
      erankTruncated: effectiveRank(reference.singularValues.subarray(0, k)),
      erankNmf: final?.effectiveRank ?? NaN,
      eckartYoung: eckartYoung(reference, k),
      nmfError: final?.relativeError ?? NaN
    };
  });
}

export interface PlateauRow {
  run: string;
  index: number;
  start: number;
  end: number;
  level: number;
  modes: number;
  erankTruncated: number;
  erankNmf: number;
  relativeError: number;
  eckartYoung: number;
  nmfError: number;
}

/** The plateaus of a run with at least one mode learned on them, each against the references at its k. */
function plateauRows(run: CompletedRun, references: readonly ReferenceRow[]): PlateauRow[] {
  const t = run.output.trajectory;
  const out: PlateauRow[] = [];
  run.output.plateaus.forEach((p, index) => {
    const inside = [...t.step.keys()].filter((i) => t.step[i] >= p.start && t.step[i] <= p.end);
    const modes = Math.round(median(inside.map((i) => t.modesLearned[i])));
    const ref = references.find((r) => r.data === dataLabel(run.data.ref) && r.k === modes);
    if (!(modes >= 1) || !ref) return;
    out.push({
      run: run.spec.id,
      index: index + 1,
      start: p.start,
      end: p.end,
      level: p.level,
      modes,
      erankTruncated: ref.erankTruncated,
      erankNmf: ref.erankNmf,
      relativeError: median(inside.map((i) => t.relativeError[i])),
      eckartYoung: ref.eckartYoung,
      nmfError: ref.nmfError
    });
  });
  return out;
}

function levelsTable(rows: readonly (PlateauRow & {replicate: string})[]): TableData {
  const float = (key: keyof PlateauRow) => Float64Array.from(rows, (r) => r[key] as number);
  return {
    columns: {
      replicate: rows.map((r) => r.replicate),
      run: rows.map((r) => r.run),
      index: Int32Array.from(rows, (r) => r.index),
      start: Int32Array.from(rows, (r) => r.start),
      end: Int32Array.from(rows, (r) => r.end),
      level: float("level"),
      modes: Int32Array.from(rows, (r) => r.modes),
      erankTruncated: float("erankTruncated"),
      erankNmf: float("erankNmf"),
      relativeError: float("relativeError"),
      eckartYoung: float("eckartYoung"),
      nmfError: float("nmfError")
    }
  };
}

function referencesTable(rows: readonly (ReferenceRow & {replicate: string})[]): TableData {
  const float = (key: keyof ReferenceRow) => Float64Array.from(rows, (r) => r[key] as number);
  return {
    columns: {
      replicate: rows.map((r) => r.replicate),
      data: rows.map((r) => r.data),
      k: Int32Array.from(rows, (r) => r.k),
      erankTruncated: float("erankTruncated"),
      erankNmf: float("erankNmf"),
      eckartYoung: float("eckartYoung"),
      nmfError: float("nmfError")
    }
  };
}

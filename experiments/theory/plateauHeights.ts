import {effectiveRank, eckartYoung} from "../../engine/metrics/index.js";
import type {Profile} from "../profiles.js";
import {lastRecord} from "../../engine/trajectory.js";
import type {TableData} from "../tables.js";
import type {CompletedRun, DataRef, Experiment, RunSpec} from "../types.js";
import {
  dataLabel,
  dataRef,
  depthOf,
  gdRun,
  gdRunId,
  theoryReferenceTable,
  theoryRunsTable,
  theoryTrajectories
} from "./common.js";
import {median} from "../measures.js";
import {theoryScales} from "./scales.js";
import {atMost, makeVerdict, verdictsTable, type Verdict} from "./verdicts.js";

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
 * the Eckart-Young value.
 *
 * Tables: runs, trajectories (the GD runs), reference, levels (one row per plateau: run, index, start, end, level, modes,
 * erankTruncated, erankNmf, relativeError, eckartYoung, nmfError), references (data, k, erankTruncated,
 * erankNmf, eckartYoung, nmfError), verdicts.
 */
export const plateauHeightsTables = ["runs", "trajectories", "reference", "levels", "references", "verdicts"] as const;

const HALS_RANKS = 10;

function specs(profile: Profile): {staircases: RunSpec[]; hals: RunSpec[]} {
  const s = theoryScales[profile];
  const c = s.initScale;
  const d = s.depth;
  const mnist = dataRef(s.mnist);
  const small = dataRef(s.small);
  const staircases: RunSpec[] = [
    ...[1e-4, 1e-6].map((initScale) =>
      gdRun({
        id: gdRunId(2, initScale, c.stepFactor),
        data: mnist,
        depth: 2,
        rank: c.rank,
        initScale,
        stepFactor: c.stepFactor,
        iterations: c.iterations
      })
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
  const hals = datas.flatMap((data) =>
    Array.from({length: HALS_RANKS}, (_, i): RunSpec => ({
      id: `hals-${i + 1}-${data.spec}`,
      data,
      fit: {
        model: "hals",
        ranks: [i + 1],
        init: "random",
        initScale: 1,
        seed: 112,
        iterations: s.plateauHeights.halsIterations,
        recordEvery: s.plateauHeights.halsIterations
      }
    }))
  );
  return {staircases, hals};
}

export const plateauHeightsExperiment: Experiment = {
  name: "plateau-heights",
  description:
    "theory 5: effective rank on each plateau against erank(X_k) and the converged rank-k NMF; loss against Eckart-Young",
  figures: "theory page, section 5",
  tables: plateauHeightsTables,
  plan(profile) {
    const s = theoryScales[profile];
    const {staircases, hals} = specs(profile);
    return {
      configuration: {...s.plateauHeights, data: [s.mnist, s.small], halsRanks: HALS_RANKS},
      runs: [...staircases, ...hals]
    };
  },
  build(context) {
    const points = theoryScales[context.profile].initScale.points;
    const staircases = context.runs.filter((run) => run.spec.fit.model !== "hals");
    const references = context.data.flatMap((data) =>
      referenceRows(
        data.ref,
        data.reference,
        context.runs.filter((run) => run.spec.fit.model === "hals" && run.data === data)
      )
    );
    const plateaus = staircases.flatMap((run) => plateauRows(run, references));
    return {
      runs: theoryRunsTable(context, "plateau-heights", (run) =>
        run.spec.fit.model === "hals" ? "converged HALS" : `GD staircase, depth ${depthOf(run)}`
      ),
      trajectories: theoryTrajectories(staircases, points),
      reference: theoryReferenceTable(context),
      levels: levelsTable(plateaus),
      references: referencesTable(references),
      verdicts: verdictsTable(plateaus.length ? plateauVerdicts(plateaus) : [])
    };
  }
};

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

/** What the plateau verdicts read from each plateau (a row of the `plateaus` table). */
export type PlateauMeasure = Pick<
  PlateauRow,
  "level" | "modes" | "erankTruncated" | "erankNmf" | "relativeError" | "eckartYoung" | "nmfError"
>;

/**
 * Verdicts over the plateaus with k >= 2 modes learned: a rank-one plateau agrees with both
 * predictions by Perron-Frobenius alone (rank-one NMF of X >= 0 is X's best rank-one
 * approximation, and any rank-one matrix has effective rank 1), so it would only pad the medians.
 */
export function plateauVerdicts(all: readonly PlateauMeasure[]): Verdict[] {
  const experiment = "plateau-heights";
  const plateaus = all.filter((p) => p.modes >= 2);
  const rankOne = all.length - plateaus.length;
  const levelOff = median(plateaus.map((p) => Math.abs(p.level - p.erankTruncated) / p.erankTruncated));
  const closerToNmf = plateaus.filter(
    (p) => Math.abs(p.level - p.erankNmf) < Math.abs(p.level - p.erankTruncated)
  ).length;
  const lossOff = median(plateaus.map((p) => (p.relativeError - p.eckartYoung) / p.eckartYoung));
  const nmfOff = median(plateaus.map((p) => (p.nmfError - p.eckartYoung) / p.eckartYoung));
  const ks = [...new Set(plateaus.map((p) => p.modes))].sort((a, b) => a - b);
  return [
    makeVerdict(
      {
        experiment,
        id: "level",
        statement:
          "On a plateau where k modes are learned, the effective rank of the product is close to erank(X_k), the effective rank of X's best rank-k approximation.",
        source: "Chou, Gieshoff, Maly and Rauhut, ACHA 2024 [abs]",
        tag: "abs",
        quantity: `median |level − erank(X_k)| / erank(X_k) over ${plateaus.length} plateaus with k ≥ 2`
      },
      {
        measured: levelOff,
        predicted: 0,
        predictedText: "0 (≤ 0.1 agrees, ≤ 0.25 partly)",
        rule: "agrees if ≤ 0.1, partly if ≤ 0.25",
        verdict: atMost(levelOff, 0.1, 0.25),
        finding: `plateaus at k = ${ks.join(", ")} modes (and ${rankOne} at rank one, level 1 by construction); ${closerToNmf} of ${plateaus.length} sit closer to the converged rank-k NMF's effective rank than to erank(X_k)`
      }
    ),
    makeVerdict(
      {
        experiment,
        id: "loss",
        statement:
          "Stopped on plateau k, small-init GD is near the best rank-k approximation: its error sits near the Eckart-Young bound at k.",
        source: "Jiang, Chen and Ding, arXiv 2203.02839 [abs]",
        tag: "abs",
        quantity: "median relative excess of the plateau's error over the Eckart-Young bound (k ≥ 2)"
      },
      {
        measured: lossOff,
        predicted: 0,
        predictedText: "0 (≤ 0.05 agrees, ≤ 0.15 partly)",
        rule: "agrees if ≤ 0.05, partly if ≤ 0.15",
        verdict: atMost(lossOff, 0.05, 0.15),
        finding: `the plateaus' errors are ${(100 * lossOff).toFixed(1)} % above the bound and the converged rank-k NMF's ${(100 * nmfOff).toFixed(1)} % (medians): non-negativity keeps every NMF above the Eckart-Young value past k = 1`
      }
    )
  ];
}

function levelsTable(rows: readonly PlateauRow[]): TableData {
  const float = (key: keyof PlateauRow) => Float64Array.from(rows, (r) => r[key] as number);
  return {
    columns: {
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

function referencesTable(rows: readonly ReferenceRow[]): TableData {
  const float = (key: keyof ReferenceRow) => Float64Array.from(rows, (r) => r[key] as number);
  return {
    columns: {
      data: rows.map((r) => r.data),
      k: Int32Array.from(rows, (r) => r.k),
      erankTruncated: float("erankTruncated"),
      erankNmf: float("erankNmf"),
      eckartYoung: float("eckartYoung"),
      nmfError: float("nmfError")
    }
  };
}

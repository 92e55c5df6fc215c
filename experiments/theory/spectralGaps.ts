import {findDataset} from "../../datasets/index.js";
import {singularValuesOf} from "../../engine/linalg/index.js";
import {flowersAbsence} from "../data.js";
import type {Profile} from "../profiles.js";
import type {TableData} from "../tables.js";
import type {CompletedRun, DataRef, Experiment, LoadedData, RunSpec} from "../types.js";
import {dataRef, gdRun, gdRunId, lrOf, theoryReferenceTable, theoryRunsTable, theoryTrajectories} from "./common.js";
import {modeTimes, spearman} from "../measures.js";
import {memo, runsKey} from "./memo.js";
import {modeTimingRun} from "./modeTiming.js";
import {initialModes, saxeHalfTimeSteps, saxeRiseWidthSteps, visibleGapThreshold} from "./predictions.js";
import {theoryScales} from "./scales.js";
import {atLeast, atMost, makeVerdict, verdictsTable, type Verdict} from "./verdicts.js";

/**
 * Theory 7: spectral gaps. The gap ratios rho_i = s_(i+1) / s_i of uncentered and centered
 * MNIST, Fashion-MNIST and Flowers102 (16 x 16 RGB: the leading gaps are those of the 64 x 64
 * images to 3 digits), and the staircase of small-init depth-2 GD (the mode-timing setting) on
 * each non-negative one. NMF cannot fit centered data (it has negative entries), so centered
 * MNIST enters through its spectrum only. Measured per pair of modes i, i + 1: the separation
 * index q_i = (t_(i+1) - t_i) / mean(w_i, w_(i+1)) from the half-times t and 10-90 % rise widths w;
 * a plateau between the two modes is visible when q_i > 1. Predicted (Gissin et al. 2020 [abs];
 * our algebra, predictions.ts [derived]): q_i = (2 L / ln 81)(1 - rho_i) / (1 + rho_i), sharp
 * where s_(i+1) << s_i (the mean image, rho_1), blurred where rho_i -> 1, visible when rho_i < rho*.
 * The predicted q_i here uses each mode's predicted half-time (with its own a0_i) and width.
 *
 * Tables: runs, trajectories, reference, gaps (data, centering ("uncentered", "centered"),
 * index i, singularValue s_i, rho = s_(i+1) / s_i), separations (data, index i, rho, q, predictedQ,
 * threshold rho*), verdicts. A dataset that is not found is left out; the configuration's
 * `skipped` and the gap verdict's sentence say why.
 */
export const spectralGapsTables = ["runs", "trajectories", "reference", "gaps", "separations", "verdicts"] as const;

/** The datasets of the experiment: always MNIST; Fashion-MNIST and Flowers102 when found. */
function datasets(profile: Profile): {mnist: RunSpec; others: RunSpec[]; skipped: string[]} {
  const s = theoryScales[profile];
  const c = s.spectralGaps;
  const others: RunSpec[] = [];
  const skipped: string[] = [];
  const run = (id: string, data: DataRef) =>
    gdRun({
      id,
      data,
      depth: 2,
      rank: c.rank,
      initScale: c.initScale,
      stepFactor: c.stepFactor,
      iterations: c.iterations
    });
  if (findDataset("fashion-mnist"))
    others.push(run(`fashion-${gdRunId(2, c.initScale, c.stepFactor)}`, dataRef(c.fashion)));
  else
    skipped.push("Fashion-MNIST was not found (apt-get install dataset-fashion-mnist, or npx nmf fetch fashion-mnist)");
  const flowers = flowersAbsence();
  if (flowers) skipped.push(flowers);
  else
    others.push(run(`flowers-${gdRunId(2, c.initScale, c.stepFactor)}`, dataRef("flowers102", {size: c.flowersSize})));
  return {mnist: modeTimingRun(profile), others, skipped};
}

export const spectralGapsExperiment: Experiment = {
  name: "spectral-gaps",
  description:
    "theory 7: gap ratios s_(i+1)/s_i of uncentered and centered MNIST, Fashion-MNIST, Flowers102 against the sharpness of GD's plateaus",
  figures: "theory page, section 7",
  tables: spectralGapsTables,
  plan(profile) {
    const s = theoryScales[profile];
    const {mnist, others, skipped} = datasets(profile);
    return {
      configuration: {...s.spectralGaps, mnist: s.mnist, ...(skipped.length ? {skipped} : {})},
      runs: [mnist, ...others]
    };
  },
  build(context) {
    const c = theoryScales[context.profile].spectralGaps;
    const {skipped} = datasets(context.profile);
    // Memoized on disk: the centered spectra and the truncated SVDs behind a0 cost most of a build.
    const {gaps, separations} = memo("spectral-gaps", {runs: runsKey(context.runs), gaps: c.gaps}, () => ({
      gaps: context.data.flatMap((data) => gapRows(data, c.gaps)),
      separations: context.runs.flatMap((run) => separationRows(run, c.gaps))
    }));
    return {
      runs: theoryRunsTable(context, "spectral-gaps", (run) => datasetName(run.data.ref)),
      trajectories: theoryTrajectories(context.runs, c.points),
      reference: theoryReferenceTable(context),
      gaps: gapsTable(gaps),
      separations: separationsTable(separations),
      verdicts: verdictsTable(separations.length ? gapVerdicts(separations, gaps, skipped) : [])
    };
  }
};

function datasetName(ref: DataRef): string {
  return ref.spec.startsWith("fashion") ? "Fashion-MNIST" : ref.spec.startsWith("flowers") ? "Flowers102" : "MNIST";
}

export interface GapRow {
  data: string;
  centering: "uncentered" | "centered";
  index: number;
  singularValue: number;
  rho: number;
}

/** rho_i for i = 1 .. count, of X and of X minus its column means (centered in float32, as the data is stored). */
function gapRows(data: LoadedData, count: number): GapRow[] {
  const {rows: m, cols: n, data: x} = data.X;
  const means = new Float64Array(n);
  for (let i = 0; i < m; ++i) for (let j = 0; j < n; ++j) means[j] += x[i * n + j];
  for (let j = 0; j < n; ++j) means[j] /= m;
  const centered = new Float32Array(m * n);
  for (let i = 0; i < m; ++i) for (let j = 0; j < n; ++j) centered[i * n + j] = x[i * n + j] - means[j];
  const spectra = [
    ["uncentered", data.reference.singularValues],
    ["centered", singularValuesOf({rows: m, cols: n, data: centered})]
  ] as const;
  return spectra.flatMap(([centering, s]) =>
    Array.from({length: count}, (_, i) => ({
      data: datasetName(data.ref),
      centering,
      index: i + 1,
      singularValue: s[i],
      rho: s[i + 1] / s[i]
    }))
  );
}

export interface SeparationRow {
  data: string;
  index: number;
  rho: number;
  q: number;
  predictedQ: number;
  threshold: number;
}

function separationRows(run: CompletedRun, count: number): SeparationRow[] {
  const t = run.output.trajectory;
  const k = Math.min(count + 1, t.topK);
  const sX = run.data.reference.singularValues;
  const times = modeTimes(t, sX, k);
  const {a0} = initialModes(run.data.X, run.spec, k);
  const lr = lrOf(run);
  const predictedHalf = times.map((m, i) => saxeHalfTimeSteps(m.dataValue, a0[i], lr));
  const predictedWidth = times.map((m) => saxeRiseWidthSteps(m.dataValue, lr));
  const rows: SeparationRow[] = [];
  for (let i = 0; i + 1 < k; ++i) {
    const a = times[i],
      b = times[i + 1];
    // The log init ratio of the pair, L = ln(s / a0 - 1), averaged: the visible-gap threshold rho*.
    const L = (Math.log(sX[i] / a0[i] - 1) + Math.log(sX[i + 1] / a0[i + 1] - 1)) / 2;
    rows.push({
      data: datasetName(run.data.ref),
      index: i + 1,
      rho: sX[i + 1] / sX[i],
      q: (b.halfTime - a.halfTime) / ((a.width + b.width) / 2),
      predictedQ: (predictedHalf[i + 1] - predictedHalf[i]) / ((predictedWidth[i] + predictedWidth[i + 1]) / 2),
      threshold: visibleGapThreshold(L)
    });
  }
  return rows;
}

/** What the gap verdicts read: rows of the `separations` table. */
export type SeparationMeasure = Pick<SeparationRow, "data" | "index" | "rho" | "q" | "threshold">;

/** Share of pairs where "visible" (q > 1) matches the prediction (rho < rho*). */
export function visibilityAgreement(rows: readonly SeparationMeasure[]): number {
  const known = rows.filter((r) => Number.isFinite(r.q));
  return known.filter((r) => r.q > 1 === r.rho < r.threshold).length / known.length;
}

export function gapVerdicts(
  separations: readonly SeparationMeasure[],
  gaps: readonly Pick<GapRow, "data" | "centering" | "index" | "rho">[],
  skipped: readonly string[]
): Verdict[] {
  const experiment = "spectral-gaps";
  const known = separations.filter((r) => Number.isFinite(r.q));
  const correlation = spearman(
    known.map((r) => r.rho),
    known.map((r) => r.q)
  );
  const agreement = visibilityAgreement(separations);
  const names = [...new Set(separations.map((r) => r.data))];
  const firstGaps = names.map((name) => {
    const row = separations.find((r) => r.data === name && r.index === 1)!;
    return `${name} ρ₁ = ${row.rho.toFixed(2)}, q₁ = ${row.q.toFixed(1)}`;
  });
  const rho1 = (data: string, centering: string) =>
    gaps.find((g) => g.data === data && g.centering === centering && g.index === 1)?.rho;
  const centered = rho1("MNIST", "centered");
  const missing = skipped.length
    ? ` (${skipped.length} dataset(s) missing: ${skipped.map((s) => s.split(/[:(]/)[0].trim()).join("; ")})`
    : "";
  return [
    makeVerdict(
      {
        experiment,
        id: "gap-sharpness",
        statement:
          "Where the gap ratio ρ_i = s_(i+1)/s_i is small the jump from mode i to i + 1 is sharp; where ρ_i → 1 it is blurred.",
        source: "Gissin, Shalev-Shwartz and Daniely, ICLR 2020 [abs]; the separation index q [derived]",
        tag: "derived",
        quantity: `Spearman correlation of ρ_i and q_i over ${known.length} pairs of modes on ${names.join(", ")}`
      },
      {
        measured: correlation,
        predicted: -1,
        predictedText: "negative (≤ −0.6 agrees, ≤ −0.3 partly)",
        rule: "agrees if ≤ −0.6, partly if ≤ −0.3",
        verdict: atMost(correlation, -0.6, -0.3),
        finding: `${firstGaps.join("; ")}${missing}`
      }
    ),
    makeVerdict(
      {
        experiment,
        id: "visible-plateaus",
        statement:
          "A plateau between modes i and i + 1 is visible (q_i > 1) exactly when ρ_i < ρ* = (1 − x)/(1 + x), x = ln 81/(2L).",
        source: "Saxe et al.'s logistic modes [recall] with our separation index [derived]",
        tag: "derived",
        quantity: "share of pairs where q_i > 1 matches ρ_i < ρ*"
      },
      {
        measured: agreement,
        predicted: 1,
        predictedText: "1 (≥ 0.8 agrees, ≥ 0.6 partly)",
        rule: "agrees if ≥ 0.8, partly if ≥ 0.6",
        verdict: atLeast(agreement, 0.8, 0.6),
        finding: `${known.filter((r) => r.q > 1).length} of ${known.length} pairs are visible plateaus; centered MNIST's first gap ρ₁ = ${centered === undefined ? "n/a" : centered.toFixed(2)} (uncentered ${(rho1("MNIST", "uncentered") ?? NaN).toFixed(2)}) would blur its first plateau, but NMF cannot fit centered data`
      }
    )
  ];
}

function gapsTable(rows: readonly GapRow[]): TableData {
  return {
    columns: {
      data: rows.map((r) => r.data),
      centering: rows.map((r) => r.centering),
      index: Int32Array.from(rows, (r) => r.index),
      singularValue: Float64Array.from(rows, (r) => r.singularValue),
      rho: Float64Array.from(rows, (r) => r.rho)
    }
  };
}

function separationsTable(rows: readonly SeparationRow[]): TableData {
  return {
    columns: {
      data: rows.map((r) => r.data),
      index: Int32Array.from(rows, (r) => r.index),
      rho: Float64Array.from(rows, (r) => r.rho),
      q: Float64Array.from(rows, (r) => r.q),
      predictedQ: Float64Array.from(rows, (r) => r.predictedQ),
      threshold: Float64Array.from(rows, (r) => r.threshold)
    }
  };
}

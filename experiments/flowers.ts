import {formatValue} from "./claims/claim.js";
import {NOISE_CORRELATION} from "./signatures.js";
import {runShape} from "./claims/runShape.js";
import {solverRun, standardTables, standardTableNames, studyDeepFit} from "./common.js";
import {flowersAbsence} from "./data.js";
import {findingsTable, formatCount, plural, type Finding} from "./findings.js";
import {median, neighbourCorrelation} from "./measures.js";
import {scales, studyDataSeed, studySeed, type Profile} from "./profiles.js";
import {pickImages, reconstructionsTable} from "./reconstruct.js";
import {convergenceFinding} from "./sweepFindings.js";
import {snapshotsTable, type SnapshotRow} from "./tables.js";
import type {TableData} from "./types.js";
import type {CompletedRun, DataRef, Experiment, ExperimentContext, RunSpec, StoredMatrix} from "./types.js";

function flowersData(profile: Profile): DataRef {
  return {spec: "flowers102", dataSeed: studyDataSeed, size: scales[profile].flowers.size};
}

const solverNames: Record<string, string> = {mu: "MU", hals: "HALS", adam: "Adam", deep: "Deep NMF (20, 10)"};

/**
 * Experiment 9: the solvers and the plateau run on Flowers102 (train split, 1,020 images, resized to
 * 64 x 64 RGB as the study did; 32 x 32 in the quick profile): MU, HALS and Adam at rank 10, and
 * Deep NMF (20, 10) with Adam lr 1e-2, uniform [0, 1) init, seed 112, with snapshots of H, and the
 * same Deep NMF from a small uniform [0, 0.01) start (`deep-20-10-small`). The
 * dataset is not shipped: it is found through `findDataset("flowers102")` (NMF_FLOWERS102_DIR, or
 * `<data dir>/flowers102` after `npx nmf fetch flowers102`). When it is absent every table is empty
 * and its metadata says why (`reason`), for the page to show.
 *
 * Snapshots: the Deep NMF run's H at regular steps, and every run's final H. `structure` says, for
 * each of them, how many signatures show structure (neighbouring pixels correlated above
 * NOISE_CORRELATION: a signature still at its random start is near 0, a smooth image near 1);
 * `findings` says when the Deep NMF signatures got structure, or that they have not yet. The study
 * made no claim about Flowers102, so there is no verdict here.
 */
export const flowersExperiment: Experiment = {
  name: "flowers",
  description: "MU, HALS, Adam and the Deep NMF plateau run on Flowers102 (64 x 64 RGB), when the dataset is present",
  figures: "study data section (Flowers102)",
  tables: [...standardTableNames, "snapshots", "reconstructions", "structure", "findings"],
  plan(profile) {
    const s = scales[profile].flowers;
    const configuration = {...s, split: "train", lr: 1e-2, seed: studySeed, noiseCorrelation: NOISE_CORRELATION};
    const reason = flowersAbsence();
    if (reason) return {configuration, runs: [], reason};
    const data = flowersData(profile);
    const deep: RunSpec = {
      id: "deep-20-10",
      data,
      fit: studyDeepFit({iterations: s.deep.iterations, recordEvery: s.deep.recordEvery}),
      capture: {snapshots: {every: s.deep.snapshotEvery, jumps: false}}
    };
    const small: RunSpec = {
      id: "deep-20-10-small",
      data,
      fit: studyDeepFit({
        initScale: s.deepSmall.initScale,
        iterations: s.deepSmall.iterations,
        recordEvery: s.deepSmall.recordEvery
      }),
      capture: {snapshots: {every: s.deepSmall.snapshotEvery, jumps: false}}
    };
    const runs = [
      ...(["mu", "hals", "adam"] as const).map((model) => solverRun(model, s.rank, s[model], data)),
      deep,
      small
    ];
    return {configuration, runs};
  },
  build(context) {
    const s = scales[context.profile].flowers;
    const data = context.data[0];
    const n = data?.X.cols ?? s.size * s.size * 3;
    const shape = data?.provenance.imageShape ?? [s.size, s.size, 3];
    const {tables} = standardTables(context, "flowers", {
      group: (run) => run.spec.fit.model,
      points: () => s.points,
      keep: (run) => run.output.snapshots.map((x) => x.step)
    });
    // Regular snapshots of the runs that have them, then every run's final H.
    const snapshots: SnapshotRow[] = context.runs.flatMap((run) => {
      const regular = run.output.snapshots.map((x) => ({run: run.spec.id, ...x}));
      const last = run.output.iterations;
      const H = run.output.factors[run.output.factors.length - 1];
      return regular.some((x) => x.step === last)
        ? regular
        : [...regular, {run: run.spec.id, step: last, kind: "final", H}];
    });
    const structure = snapshots.map((x) => ({...x, ...structureOf(x.H, shape)}));
    const models = context.runs.map((run) => ({id: run.spec.id, factors: run.output.factors}));
    const images = data ? pickImages({...data, labels: undefined}, scales[context.profile].reconstructions.images) : [];
    return {
      ...tables,
      snapshots: snapshotsTable(snapshots, n, shape),
      reconstructions: {...reconstructionsTable(data, images, models, n), metadata: {shape: JSON.stringify(shape)}},
      structure: structureTable(structure),
      findings: findingsTable("flowers", findings(context, structure))
    };
  }
};

/** How many rows of H (images of `shape`) show structure, and the median neighbour correlation. */
export function structureOf(
  H: StoredMatrix,
  shape: readonly number[]
): {structured: number; signatures: number; median: number} {
  const correlations = Array.from({length: H.rows}, (_, k) =>
    neighbourCorrelation(H.data.subarray(k * H.cols, (k + 1) * H.cols), shape)
  );
  return {
    structured: correlations.filter((c) => c > NOISE_CORRELATION).length,
    signatures: H.rows,
    median: median(correlations)
  };
}

type StructureRow = SnapshotRow & {structured: number; signatures: number; median: number};

/**
 * `structure`: one row per snapshot of H: run, kind (utf8), step, structured (signatures whose
 * neighbouring pixels correlate above NOISE_CORRELATION), signatures (int32), medianCorrelation (float64).
 */
function structureTable(rows: readonly StructureRow[]): TableData {
  return {
    columns: {
      run: rows.map((r) => r.run),
      kind: rows.map((r) => r.kind),
      step: Int32Array.from(rows, (r) => r.step),
      structured: Int32Array.from(rows, (r) => r.structured),
      signatures: Int32Array.from(rows, (r) => r.signatures),
      medianCorrelation: Float64Array.from(rows, (r) => r.median)
    }
  };
}

/** What the names and sentences call each run. */
function nameOf(run: CompletedRun): string {
  if (run.spec.fit.model !== "deep") return solverNames[run.spec.fit.model];
  return (run.spec.fit.initScale ?? 1) === 1
    ? solverNames.deep
    : `${solverNames.deep} from [0, ${run.spec.fit.initScale})`;
}

/** When a Deep NMF run's signatures got structure (more than half of them), or that they have not yet. */
function deepStructure(run: CompletedRun, structure: readonly StructureRow[]): Finding {
  const own = structure.filter((r) => r.run === run.spec.id).sort((a, b) => a.step - b.step);
  const last = own[own.length - 1];
  const first = own.find((r) => 2 * r.structured > r.signatures);
  const start = `uniform [0, ${run.spec.fit.initScale ?? 1})`;
  const rank = runShape(run).effectiveRank;
  return {
    id: `structure-${run.spec.id}`,
    kind: "takeaway",
    replicate: "flowers",
    sentence: first
      ? `From ${start}, the Deep NMF signatures show structure from step ${formatCount(first.step)} on: ` +
        `${first.structured} of ${first.signatures} have neighbouring pixels correlated above ${NOISE_CORRELATION} there, ` +
        `${last.structured} at the last step (${formatCount(last.step)}), where the effective rank of the product is ` +
        `${rank.toFixed(2)} (at 1 the signatures are scaled copies of one image, not parts).`
      : `From ${start}, the Deep NMF run has not learned parts yet: after ${plural(last.step, "step")}, ` +
        `${last.structured} of ${last.signatures} signatures have neighbouring pixels correlated above ${NOISE_CORRELATION} ` +
        `(median ${formatValue(last.median)}; a signature still at its random start is near 0, a smooth image near 1): ` +
        "they are still mostly the noise of their start.",
    value: first ? first.step : NaN
  };
}

function findings(context: ExperimentContext, structure: readonly StructureRow[]): Finding[] {
  if (context.runs.length === 0) return [];
  const deep = context.runs.filter((run) => run.spec.fit.model === "deep");
  const solvers = context.runs.filter((run) => run.spec.fit.model !== "deep");
  const out: Finding[] = deep.map((run) => deepStructure(run, structure));
  if (solvers.length)
    out.push({
      id: "solver-structure",
      kind: "takeaway",
      replicate: "flowers",
      sentence:
        "Signatures with structure at the end of each solver: " +
        solvers
          .map((run) => {
            const row = structure.find((r) => r.run === run.spec.id && r.step === run.output.iterations);
            return `${nameOf(run)} ${row?.structured ?? 0} of ${row?.signatures ?? 0} after ${formatCount(run.output.iterations)} iterations`;
          })
          .join("; ") +
        ".",
      value: NaN
    });
  const shapes = context.runs.map((run) => ({run, shape: runShape(run)}));
  const closest = shapes.reduce((a, b) => (b.shape.gap < a.shape.gap ? b : a));
  out.push({
    id: "closest",
    kind: "takeaway",
    replicate: "flowers",
    sentence:
      "Final relative error and gap to the Eckart–Young bound at the end-to-end rank: " +
      shapes
        .map(({run, shape}) => `${nameOf(run)} ${formatValue(shape.relativeError)} (gap ${formatValue(shape.gap)})`)
        .join("; ") +
      `; closest to the bound: ${nameOf(closest.run)}.`,
    value: closest.shape.gap
  });
  out.push(convergenceFinding(context, "flowers"));
  return out;
}

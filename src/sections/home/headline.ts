/**
 * The home page's headline: the study's Deep NMF run (seed 112) of the plateaus experiment, its
 * effective rank over training with the detected plateaus, and its signatures at the end of the
 * longest plateaus.
 */
import {caption, formatInteger} from "../../components/caption.js";
import {
  ofRun,
  runConfig,
  snapshotImages,
  snapshotSteps,
  valueAt,
  type ExperimentTable
} from "../../components/experimentTables.js";
import {imageGrid} from "../../components/imageGrid.js";
import {metricCurves, type PlateauBand, type Row} from "../../components/metricCurves.js";

export type HeadlineTables = Record<"runs" | "trajectories" | "plateaus" | "snapshots", ExperimentTable>;

/** A moment of training shown by its signatures: a snapshot step and its row label. */
export interface Moment {
  step: number;
  label: string;
}

/** The study's run (seed 112), or the first run when the build has none with that seed. */
export function headlineRun(runs: ExperimentTable): Row {
  const run = runs.rows.find((r) => r.seed === 112) ?? runs.rows[0];
  if (!run) throw new RangeError("invalid plateaus runs table: no run");
  return run;
}

/** The detected plateaus of a run, as metricCurves draws them. */
export function runPlateaus(plateaus: ExperimentTable, run: Row): PlateauBand[] {
  return ofRun(plateaus.rows, String(run.run)).map((p) => ({
    start: Number(p.start),
    end: Number(p.end),
    level: Number(p.level)
  }));
}

/**
 * The moments whose signatures are shown: the end of each of the (at most four) plateaus that
 * last the most steps, in time order, each at the last snapshot inside it (else the last one
 * before its end), then the end of training.
 */
export function headlineMoments(tables: HeadlineTables, run: Row): Moment[] {
  const id = String(run.run);
  const longest = [...runPlateaus(tables.plateaus, run)]
    .sort((a, b) => b.end - b.start - (a.end - a.start))
    .slice(0, 4)
    .sort((a, b) => a.start - b.start);
  const steps = snapshotSteps(tables.snapshots, id);
  const moments: Moment[] = [];
  for (const p of longest) {
    const inside = steps.filter((s) => s.step >= p.start && s.step <= p.end);
    const at = inside.at(-1) ?? steps.filter((s) => s.step <= p.end).at(-1);
    if (at) moments.push({step: at.step, label: `erank ${p.level.toFixed(2)} · step ${formatInteger(at.step)}`});
  }
  const last = steps.at(-1);
  if (last && !moments.some((m) => m.step === last.step)) {
    const erank = valueAt(ofRun(tables.trajectories.rows, id), last.step, "effectiveRank");
    moments.push({step: last.step, label: `erank ${erank.toFixed(2)} · step ${formatInteger(last.step)}`});
  }
  return moments;
}

/** The effective rank of the headline run over training (log steps), its plateaus shaded, the moments dotted. */
export function headlineCurves(tables: HeadlineTables, run: Row, moments: readonly Moment[]) {
  const bands = runPlateaus(tables.plateaus, run);
  return (width: number) =>
    metricCurves(ofRun(tables.trajectories.rows, String(run.run)), {
      width,
      metrics: [{key: "effectiveRank", label: "Effective rank of M = W₁W₂H (dimensions)"}],
      xType: "log",
      plateaus: bands,
      events: moments.map((m, k) => ({step: m.step, label: `${k + 1}`})),
      eventLabel: "moments shown below",
      panelHeight: 200,
      caption: `Headline: the effective rank of the reconstruction over training. Shaded: plateaus found by the detector (${bands.length}), with their level; dotted: the moments whose signatures are shown below. ${caption(runConfig(run))}`
    });
}

/** The signatures (rows of H) at each moment, one row of tiles per moment. */
export function headlineSignatures(tables: HeadlineTables, run: Row, moments: readonly Moment[]) {
  const strip = moments.map((m) => snapshotImages(tables.snapshots, {run: String(run.run), step: m.step}).images);
  return (width: number) =>
    imageGrid(strip.flat(), {
      width: Math.min(width, 760),
      shape: tables.snapshots.shape,
      columns: strip[0]?.length ?? 10,
      // On a phone the labels shrink to the moment's number and level, leaving room for the tiles.
      rowLabels: moments.map((m, k) => (width < 520 ? `${k + 1}: ${m.label.split(" · ")[0]}` : `${k + 1}: ${m.label}`)),
      rowLabelWidth: width < 520 ? 84 : 170,
      ariaLabel: `The signatures (rows of H) at ${moments.length} moments of training, one row per moment`,
      caption: `The signatures (rows of H) at the end of the longest plateaus and at the end of training, one row per moment, each signature scaled to its own maximum. More and more of them turn from noise into digit-like parts as the effective rank climbs.`
    });
}

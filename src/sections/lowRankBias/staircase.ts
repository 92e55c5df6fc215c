/**
 * "The effective rank climbs in plateaus": the headline run's signatures at the slider's step, its
 * metrics with the plateaus and jumps the detector found, and the same configuration seed by seed.
 */
import {caption, formatInteger} from "../../components/caption.js";
import {runConfig, snapshotImages, valueAt} from "../../components/experimentTables.js";
import {imageGrid} from "../../components/imageGrid.js";
import {metricCurves} from "../../components/metricCurves.js";
import {namedRange} from "../../components/namedRange.js";
import type {Headline} from "./headline.js";
import type {PlateausTables} from "./tables.js";

/** Where the figures that follow the step slider are: its step, and the step axis (linear or log). */
export interface StepView {
  width: number;
  step: number;
  xScale: "linear" | "log";
}

/** The snapshot shown for the slider's step: the nearest at or before it (else the first). */
export function snapshotAt(snapshots: Headline["snapshots"], step: number): {step: number; kinds: string[]} {
  const shown = snapshots.filter((s) => s.step <= step).at(-1) ?? snapshots[0];
  if (!shown) throw new RangeError("invalid plateaus tables: the headline run has no snapshots");
  return shown;
}

/** The signatures (rows of H) of the headline run at the snapshot nearest at or before `step`. */
export function signaturesAtStep(
  tables: Pick<PlateausTables, "snapshots">,
  headline: Headline,
  {width, step}: {width: number; step: number}
): HTMLElement {
  const snapshot = snapshotAt(headline.snapshots, step);
  const {images} = snapshotImages(tables.snapshots, {run: headline.id, step: snapshot.step});
  const at = (key: string) => valueAt(headline.rows, snapshot.step, key);
  return imageGrid(images, {
    width: Math.min(width, 720),
    shape: tables.snapshots.shape,
    columns: images.length,
    titles: images.map((_, k) => `${k + 1}`),
    ariaLabel: `The ${images.length} signatures (rows of H) at step ${snapshot.step}`,
    caption: `Signatures at step ${formatInteger(snapshot.step)} (snapshot: ${snapshot.kinds.join(", ")}), the nearest at or before the slider's step ${formatInteger(step)}; effective rank there ${at("effectiveRank").toFixed(2)}, relative error ${at("relativeError").toFixed(3)}. Each signature is scaled to its own maximum (white).`
  });
}

/** The headline run's metrics at every recorded step, with its plateaus, jumps and references. */
export function headlineCurves(headline: Headline, {width, step, xScale}: StepView): HTMLElement {
  const {reference, endRank} = headline;
  return metricCurves(headline.rows, {
    width,
    xType: xScale,
    metrics: [
      {key: "relativeError", references: [{value: headline.bound, label: `Eckart–Young bound, rank ${endRank}`}]},
      {
        key: "effectiveRank",
        references: [
          {value: headline.truncatedEffectiveRank, label: `erank of X's best rank-${endRank} approximation`},
          {value: reference.effectiveRank, label: "erank(X)"}
        ]
      },
      "nuclearRatio",
      {key: "sv1", references: [{value: reference.singularValues[0], label: "s₁(X)"}]},
      {key: "sv2", references: [{value: reference.singularValues[1], label: "s₂(X)"}]}
    ],
    plateaus: headline.plateaus.map((p) => ({start: Number(p.start), end: Number(p.end), level: Number(p.level)})),
    jumps: headline.jumps.map((j) => ({step: Number(j.step), from: Number(j.from), to: Number(j.to)})),
    marker: step,
    caption: `The headline run, seed 112, every recorded step (the table keeps ${headline.rows.length.toLocaleString("en-US")} of them, every plateau boundary included). Shaded: the ${headline.plateaus.length} plateaus the detector found, with their median effective rank. ${headline.caption}`
  });
}

/** The effective rank of every seed of the headline configuration, with each run's plateaus. */
export function seedCurves(
  tables: Pick<PlateausTables, "runs" | "trajectories" | "plateaus">,
  headline: Headline,
  {width, step, xScale}: StepView
): HTMLElement {
  const label = (run: unknown) => headline.seedLabels.get(String(run)) ?? String(run);
  const runs = tables.runs.rows;
  return metricCurves(tables.trajectories.rows, {
    width,
    xType: xScale,
    metrics: ["effectiveRank"],
    series: (r) => label(r.run),
    seriesLabel: "initialization",
    seriesDomain: runs.map((r) => label(r.run)),
    marker: step,
    plateaus: tables.plateaus.rows.map((p) => ({
      start: Number(p.start),
      end: Number(p.end),
      level: Number(p.level),
      series: label(p.run)
    })),
    caption: `Effective rank of the headline configuration for ${runs.length} initialization seeds; shaded: each run's plateaus. ${caption(runs.map(runConfig))}`
  });
}

/** One row per seed and replicate: the early peak, the sag after it, the final level and the largest jumps. */
export function seedRows(
  tables: Pick<PlateausTables, "seeds">,
  replicateLabels: Record<string, string>
): Record<string, unknown>[] {
  const number = (value: unknown, digits: number) => Number(value).toFixed(digits);
  const step = (value: unknown) => formatInteger(Number(value));
  return tables.seeds.rows.map((r) => ({
    data: replicateLabels[String(r.replicate)] ?? r.replicate,
    seed: r.seed,
    converged: r.converged ? "yes" : "no",
    "early peak": `${number(r.peak, 2)} at ${step(r.peakStep)}`,
    "low after it": `${number(r.sag, 2)} at ${step(r.sagStep)}`,
    "final effective rank": number(r.final, 2),
    "final relative error": number(r.finalError, 4),
    "two largest jumps near":
      [r.jump1Step, r.jump2Step]
        .filter(Number.isFinite)
        .map((v) => formatInteger(Number(v)))
        .join(", ") || "none",
    "signatures still noise": r.noisySignatures
  }));
}

/** The training-step input every staircase figure follows. */
export function stepRange(lastStep: number): HTMLElement {
  return namedRange([0, lastStep], {label: "Training step", step: 1, value: Math.round(lastStep / 2)});
}

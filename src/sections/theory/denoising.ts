/**
 * Section 6 of the theory page, early stopping as rank selection and as denoising: the distance of
 * the product to the clean images against the modes learned, beside the SVD truncation of the noisy
 * images, and the same kept steps over training with the steps where each stopping rule fires.
 */
import {experimentNote, type ExperimentTable} from "../../components/experimentTables.js";
import type {Row} from "../../components/metricCurves.js";
import {predictionPlot} from "../../components/predictionPlot.js";
import {ofReplicate} from "../../components/verdicts.js";

/** The tables of the experiment denoising this section reads. */
export type DenoisingTables = Record<"stops" | "truncation" | "verdicts", ExperimentTable>;

interface DenoisingConfig {
  rule: string;
  noise: string;
  rank: number;
  initScale: number;
  stepFactor: number;
  iterations: number;
  heldOut: number;
  train: number;
  clean: string;
}

function config(tables: DenoisingTables): DenoisingConfig {
  return tables.verdicts.meta.configuration as unknown as DenoisingConfig;
}

/** The engine's plateau rule as the experiment ran it, with its settings (for the text). */
export function plateauRule(tables: DenoisingTables): string {
  return config(tables).rule;
}

/** The MNIST stops: the kept snapshots, the ends of plateaus with the converged run, and the rule's stop. */
export function stopsOf(tables: DenoisingTables): {snapshots: Row[]; plateauStops: Row[]; ruleStop?: Row} {
  const stops = ofReplicate(tables.stops.rows);
  const kind = (s: Row) => String(s.kind);
  return {
    snapshots: stops.filter((s) => kind(s) === "snapshot"),
    plateauStops: stops.filter((s) => kind(s).startsWith("plateau-") || kind(s) === "final"),
    ruleStop: stops.find((s) => kind(s) === "rule")
  };
}

/** Distance to the clean images against the modes learned, with the SVD truncation as the prediction. */
export function denoisingDistances(tables: DenoisingTables, {width}: {width?: number} = {}): HTMLElement {
  const {snapshots, plateauStops, ruleStop} = stopsOf(tables);
  const c = config(tables);
  const point = (s: Row, y: unknown, series: string) => ({x: Number(s.modes), y: Number(y), series});
  return predictionPlot({
    width,
    x: {label: "Modes learned k (GD) or truncation rank k (SVD)"},
    y: {label: "‖X_clean − P‖² / ‖X_clean‖²"},
    measured: [
      ...snapshots.map((s) => point(s, s.projectedDistance, "GD, kept steps (NNLS product)")),
      ...plateauStops.map((s) => point(s, s.cleanDistance, "GD, plateau stops and converged (W H)")),
      ...(ruleStop ? [point(ruleStop, ruleStop.cleanDistance, "GD, where the plateau rule stops (W H, judged)")] : [])
    ],
    predicted: ofReplicate(tables.truncation.rows).map((t) => ({
      x: Number(t.k),
      y: Number(t.cleanDistance),
      series: "best rank-k approximation of the noisy images"
    })),
    seriesLabel: "product",
    predictedLabel: "prediction: the SVD truncation Y_k of the noisy images",
    ariaLabel: "Distance to the clean images against the number of modes learned, with the SVD truncation",
    caption: `Distance of the product to the clean images. ${c.noise}; rank ${c.rank}, uniform [0, ${c.initScale}) init, projected GD at c = ${c.stepFactor}, ${c.iterations} steps. ${experimentNote(tables.verdicts.meta)}`
  });
}

/** Distance to the clean images and held-out error over training, with the plateau stops and the rule's stop. */
export function denoisingOverTime(tables: DenoisingTables, {width}: {width?: number} = {}): HTMLElement {
  const stops = ofReplicate(tables.stops.rows);
  const {plateauStops, ruleStop} = stopsOf(tables);
  const c = config(tables);
  return predictionPlot({
    width,
    x: {label: "Training step, log scale", type: "log"},
    y: {label: "Relative error (fraction)"},
    measured: [
      ...stops.map((s) => ({
        x: Number(s.step),
        y: Number(s.projectedDistance),
        series: "clean training images (NNLS product)"
      })),
      ...stops.map((s) => ({x: Number(s.step), y: Number(s.heldOutError), series: "held-out clean images on H (NNLS)"}))
    ],
    connect: true,
    predicted: [],
    rules: [
      ...plateauStops
        .filter((s) => s.kind !== "final")
        .map((s) => ({x: Number(s.step), label: String(s.kind).replace("-", " ")})),
      ...(ruleStop ? [{x: Number(ruleStop.step), label: `the plateau rule (${c.rule})`}] : [])
    ],
    seriesLabel: "images",
    ariaLabel: "Distance to the clean images and held-out error over training, with the plateau stops",
    caption: `The same kept steps over training; dotted: where the rules "stop at the end of plateau k" and the engine's plateau rule fire. ${c.heldOut} held-out images follow the ${c.train} training images in the same seeded shuffle (${c.clean}). ${experimentNote(tables.verdicts.meta)}`
  });
}

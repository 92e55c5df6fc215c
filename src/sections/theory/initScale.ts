/**
 * Section 2 of the theory page, init-scale collapse: the effective-rank staircases of every init
 * scale, the small inits against step / ln(1/α), and each mode's half-time against ln(1/α) with the
 * predicted slope 1/(2 lr s_i).
 */
import {caption, formatNumber, type RunConfig} from "../../components/caption.js";
import {experimentNote, type ExperimentTable} from "../../components/experimentTables.js";
import {metricCurves, type Row} from "../../components/metricCurves.js";
import {predictionPlot, type PlotPoint} from "../../components/predictionPlot.js";
import {ofReplicate} from "../../components/verdicts.js";

/** The tables of the experiment init-scale this section reads. */
export type InitScaleTables = Record<"runs" | "trajectories" | "halfTimes" | "slopes" | "verdicts", ExperimentTable>;

/** Each run's init scale α, its label "α = 1e-4", the labels in run order, and the large init's α. */
function scales(tables: InitScaleTables) {
  const scaleOf = new Map(tables.runs.rows.map((r) => [String(r.run), Number(r.initScale)]));
  const label = (run: unknown) => `α = ${formatNumber(scaleOf.get(String(run)) ?? NaN)}`;
  const largeScale = Number(tables.verdicts.meta.configuration.largeScale);
  return {scaleOf, label, largeScale, domain: tables.runs.rows.map((r) => label(r.run))};
}

/** The part of a runs row that the caption states. */
function runCaption(run: Row): RunConfig {
  const {model, ranks, lr, init, initScale, seed, iterations, data} = run;
  return {model, ranks, lr, init, initScale, seed, iterations, data} as RunConfig;
}

/** Effective rank of W H against the step, one line per init scale. */
export function scaleStaircases(tables: InitScaleTables, {width}: {width?: number} = {}): HTMLElement {
  const {label, largeScale, domain} = scales(tables);
  return metricCurves(tables.trajectories.rows, {
    width,
    xType: "log",
    metrics: ["effectiveRank"],
    series: (r) => label(r.run),
    seriesLabel: "init scale",
    seriesDomain: domain,
    caption: `Effective rank of W H against the step for every init scale; α = ${largeScale} is the large init. ${caption(tables.runs.rows.map(runCaption))}`
  });
}

/** The small inits against step / ln(1/α), with the α → 0 positions of modes 1, 2 and the last. */
export function scaleCollapse(tables: InitScaleTables, {width}: {width?: number} = {}): HTMLElement {
  const {scaleOf, label, largeScale, domain} = scales(tables);
  const slopes = ofReplicate(tables.slopes.rows);
  const shownModes = slopes.filter((r) => [1, 2, slopes.length].includes(Number(r.mode)));
  return metricCurves(
    tables.trajectories.rows.filter((r) => scaleOf.get(String(r.run)) !== largeScale),
    {
      width,
      xType: "log",
      x: (r) => Number(r.step) / Math.log(1 / (scaleOf.get(String(r.run)) ?? NaN)),
      xLabel: "Step / ln(1/α)",
      metrics: ["effectiveRank"],
      series: (r) => label(r.run),
      seriesLabel: "init scale",
      seriesDomain: domain.filter((d) => d !== `α = ${formatNumber(largeScale)}`),
      events: shownModes.map((r) => ({step: Number(r.predictedSlope), label: `mode ${r.mode}`})),
      eventLabel: "predicted α → 0 position of a mode's half-time, 1/(2 lr s_i)",
      caption: `The small inits against step / ln(1/α). The dotted rules are where Saxe's half-time puts modes ${shownModes.map((r) => r.mode).join(", ")} in the limit α → 0. ${experimentNote(tables.verdicts.meta)}`
    }
  );
}

/**
 * For each mode, a line of the predicted slope through the mean of its measured half-times, across
 * the measured range of ln(1/α): the prediction is the slope only.
 */
export function slopeLines(slopes: readonly Row[], halfTimes: readonly Row[]): PlotPoint[] {
  return slopes.flatMap((r) => {
    const points = halfTimes.filter((h) => h.mode === r.mode && Number.isFinite(h.halfTime));
    if (points.length === 0) return [];
    const xs = points.map((p) => Number(p.lnInverseScale));
    const mx = xs.reduce((s, x) => s + x, 0) / points.length;
    const my = points.reduce((s, p) => s + Number(p.halfTime), 0) / points.length;
    return [Math.min(...xs), Math.max(...xs)].map((x) => ({
      x,
      y: my + Number(r.predictedSlope) * (x - mx),
      series: `mode ${r.mode}`
    }));
  });
}

/** Half-times of modes 1, 2, 4 and the last against ln(1/α), with the predicted slopes. */
export function scaleSlopes(tables: InitScaleTables, {width}: {width?: number} = {}): HTMLElement {
  const slopes = ofReplicate(tables.slopes.rows);
  const halfTimes = ofReplicate(tables.halfTimes.rows);
  const slopeModes = slopes.filter((r) => [1, 2, 4, slopes.length].includes(Number(r.mode)));
  return predictionPlot({
    width,
    x: {label: "ln(1/α)"},
    y: {label: "Half-time (steps)"},
    measured: halfTimes
      .filter((h) => slopeModes.some((r) => r.mode === h.mode))
      .map((h) => ({x: Number(h.lnInverseScale), y: Number(h.halfTime), series: `mode ${h.mode}`})),
    connect: true,
    predicted: slopeLines(slopeModes, halfTimes),
    seriesLabel: "mode",
    predictedLabel: "predicted slope 1/(2 lr s_i), through the mean of the measured points",
    ariaLabel: "Half-time of modes against ln(1/alpha), measured and with the predicted slopes",
    caption: `Half-times of modes ${slopeModes.map((r) => r.mode).join(", ")} against ln(1/α): the prediction is the slope only (each dashed line passes through the mean of its mode's points). ${experimentNote(tables.verdicts.meta)}`
  });
}

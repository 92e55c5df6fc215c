/**
 * Section 4 of the theory page, the optimizer: effective-rank curves of GD, Adam, MU and HALS from
 * one small init, and the end of the rank-one plateau at two init scales against the prediction
 * (GD gains 1/(2 lr s₂) steps per unit of ln(1/α), Adam stays flat).
 */
import {formatNumber} from "../../components/caption.js";
import {experimentNote, type ExperimentTable} from "../../components/experimentTables.js";
import {metricCurves, type Row} from "../../components/metricCurves.js";
import {predictionPlot, type PlotPoint} from "../../components/predictionPlot.js";
import {ofReplicate} from "../../components/verdicts.js";

/** The tables of the experiment optimizers this section reads. */
export type OptimizersTables = Record<"trajectories" | "reference" | "times" | "verdicts", ExperimentTable>;

/** "GD, lr 0.01", "Adam, lr 0.01, β1 0.9", "MU", "HALS". */
export function optimizerLabel(r: Row): string {
  if (r.optimizer === "gd") return `GD, lr ${formatNumber(Number(r.lr))}`;
  if (r.optimizer === "adam") return `Adam, lr ${r.lr}, β1 ${r.beta1}`;
  return String(r.optimizer).toUpperCase();
}

function initScales(tables: OptimizersTables): [number, number] {
  const [alpha0, alpha1] = tables.verdicts.meta.configuration.initScales as number[];
  return [alpha0, alpha1];
}

/** Effective rank of W H from the same init (the first of the two scales), one line per optimizer. */
export function optimizerCurves(tables: OptimizersTables, {width}: {width?: number} = {}): HTMLElement {
  const times = ofReplicate(tables.times.rows);
  const [alpha0] = initScales(tables);
  const labelOfRun = new Map(times.map((r) => [String(r.run), optimizerLabel(r)]));
  const shown = times.filter((r) => Number(r.initScale) === alpha0);
  const shownRuns = new Set(shown.map((r) => r.run));
  return metricCurves(
    tables.trajectories.rows.filter((r) => shownRuns.has(r.run)),
    {
      width,
      xType: "log",
      metrics: ["effectiveRank"],
      series: (r) => labelOfRun.get(String(r.run)),
      seriesLabel: "optimizer",
      seriesDomain: shown.map(optimizerLabel),
      caption: `Effective rank of W H (rank ${tables.verdicts.meta.configuration.rank}) from the same uniform [0, ${alpha0}) init, by optimizer, step 0 left out. ${experimentNote(tables.verdicts.meta)}`
    }
  );
}

/**
 * The predicted t2 of each GD and Adam (β1 0.9) configuration run at both init scales, from its
 * measured t2 at the first scale: Saxe's half-time grows by 1/(2 lr s₂) steps per unit of ln(1/α)
 * for GD, and Adam's does not move. `s2` is X's second singular value.
 */
export function predictedPairs(times: readonly Row[], [alpha0, alpha1]: [number, number], s2: number): PlotPoint[] {
  return pairedLabels(times).flatMap((label) => {
    const start = times.find((r) => optimizerLabel(r) === label && Number(r.initScale) === alpha0);
    if (!start) return [];
    const slope = start.optimizer === "gd" ? 1 / (2 * Number(start.lr) * s2) : 0;
    return [alpha0, alpha1].map((alpha) => ({
      x: alpha,
      y: Number(start.t2) + slope * Math.log(alpha0 / alpha),
      series: label
    }));
  });
}

/** The labels of the GD and Adam (β1 0.9) configurations that were run at exactly two init scales. */
function pairedLabels(times: readonly Row[]): string[] {
  const chosen = times.filter((r) => r.optimizer === "gd" || (r.optimizer === "adam" && r.beta1 === 0.9));
  const labels = [...new Set(chosen.map(optimizerLabel))];
  return labels.filter((label) => times.filter((r) => optimizerLabel(r) === label).length === 2);
}

/** t2 at the two init scales for GD and Adam, with the predicted change. */
export function optimizerScales(tables: OptimizersTables, {width}: {width?: number} = {}): HTMLElement {
  const times = ofReplicate(tables.times.rows);
  const [alpha0, alpha1] = initScales(tables);
  const s2 = Number(tables.reference.rows.find((r) => r.index === 2)?.singularValue);
  const labels = pairedLabels(times);
  return predictionPlot({
    width,
    x: {label: "Init scale α, log scale", type: "log"},
    y: {label: "End of the rank-one plateau t2 (steps), log scale", type: "log"},
    measured: labels.flatMap((label) =>
      times
        .filter((r) => optimizerLabel(r) === label)
        .map((r) => ({x: Number(r.initScale), y: Number(r.t2), series: label}))
    ),
    connect: true,
    predicted: predictedPairs(times, [alpha0, alpha1], s2),
    seriesLabel: "optimizer",
    predictedLabel: `from the α = ${alpha0} point: GD gains 1/(2 lr s₂) steps per unit of ln(1/α), Adam stays flat`,
    ariaLabel: "End of the rank-one plateau against the init scale for GD and Adam",
    caption: `t2, the step at which |a_2| reaches ½ (M carries half of s_2(X) along X's second singular pair), at α = ${alpha0} and ${alpha1}. ${experimentNote(tables.verdicts.meta)}`
  });
}

/**
 * Section 3 of the theory page, depth: effective-rank curves of products of 2, 3 and 4 factors, the
 * first jump against 1/α on log-log axes with the predicted slope N − 2, and the spread of the
 * second jump across seeds.
 */
import {experimentNote, type ExperimentTable} from "../../components/experimentTables.js";
import type {Row} from "../../components/metricCurves.js";
import {predictionPlot, type PlotPoint} from "../../components/predictionPlot.js";
import {ofReplicate} from "../../components/verdicts.js";

/** The tables of the experiment depth-scaling this section reads. */
export type DepthScalingTables = Record<"trajectories" | "jumpTimes" | "scaling" | "verdicts", ExperimentTable>;

/** Effective rank against the step, one line per seed, coloured by depth. */
export function depthCurves(tables: DepthScalingTables, {width}: {width?: number} = {}): HTMLElement {
  const depthOfRun = new Map(ofReplicate(tables.jumpTimes.rows).map((j) => [String(j.run), Number(j.depth)]));
  const {meta} = tables.verdicts;
  const config = meta.configuration as {initScale: number; seeds: number[]; stepFactor: number};
  return predictionPlot({
    width,
    x: {label: "Training step, log scale", type: "log"},
    y: {label: "Effective rank of M (dimensions)"},
    measured: tables.trajectories.rows
      .filter((r) => Number(r.step) > 0 && depthOfRun.has(String(r.run)))
      .map((r) => ({
        x: Number(r.step),
        y: Number(r.effectiveRank),
        series: `depth ${depthOfRun.get(String(r.run))}`,
        group: String(r.run)
      })),
    lineOnly: true,
    seriesLabel: "factors",
    measuredLabel: "one line per seed",
    ariaLabel: "Effective rank against the step for products of 2, 3 and 4 factors, several seeds",
    caption: `Effective rank of W H, W1 W2 H and W1 W2 W3 H from uniform [0, ${config.initScale}) with seeds ${config.seeds.join(", ")}; each depth at η·λ_max = ${config.stepFactor}. ${experimentNote(meta)}`
  });
}

/**
 * For depths 3 and 4, a line of slope N − 2 on log-log axes (t1 against 1/α) through the mean of
 * the measured points in log space, across their range; none for a depth with fewer than two points.
 */
export function depthSlopeLines(scaling: readonly Row[]): PlotPoint[] {
  return [3, 4].flatMap((depth) => {
    const points = scaling.filter((p) => Number(p.depth) === depth && Number(p.t1) > 0);
    if (points.length < 2) return [];
    const lx = points.map((p) => Math.log(1 / Number(p.initScale)));
    const ly = points.map((p) => Math.log(Number(p.t1)));
    const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
    const my = ly.reduce((a, b) => a + b, 0) / ly.length;
    return [Math.min(...lx), Math.max(...lx)].map((x) => ({
      x: Math.exp(x),
      y: Math.exp(my + (depth - 2) * (x - mx)),
      series: `depth ${depth}`
    }));
  });
}

/** Half-time of mode 1 against 1/α, log-log, by depth, with the predicted slopes. */
export function depthScaling(tables: DepthScalingTables, {width}: {width?: number} = {}): HTMLElement {
  const scaling = ofReplicate(tables.scaling.rows);
  const scales = scaling.map((p) => Number(p.initScale));
  const stepFactor = (tables.verdicts.meta.configuration.scaling as {stepFactor: number}).stepFactor;
  return predictionPlot({
    width,
    x: {label: "1/α (init scale), log scale", type: "log"},
    y: {label: "First jump t1 (steps), log scale", type: "log"},
    measured: scaling
      .filter((p) => Number(p.t1) > 0)
      .map((p) => ({x: 1 / Number(p.initScale), y: Number(p.t1), series: `depth ${p.depth}`})),
    connect: true,
    predicted: depthSlopeLines(scaling),
    seriesLabel: "factors",
    predictedLabel: "slope N − 2 (depths 3 and 4), through the mean of the measured points",
    ariaLabel: "Half-time of the first mode against 1 over the init scale, log-log, by depth",
    caption: `Half-time of mode 1 against 1/α, from α = ${Math.max(...scales)} down to ${Math.min(...scales)} (step c = ${stepFactor}). ${experimentNote(tables.verdicts.meta)}`
  });
}

/** When mode 2 is learned, one dot per seed and depth: the spread across seeds. */
export function depthSpread(tables: DepthScalingTables, {width}: {width?: number} = {}): HTMLElement {
  return predictionPlot({
    width,
    height: 200,
    x: {label: "Second jump t2, the end of the rank-one plateau (steps), log scale", type: "log"},
    y: {label: "Factors N", domain: [1.5, 4.5]},
    measured: ofReplicate(tables.jumpTimes.rows)
      .filter((j) => Number.isFinite(j.t2))
      .map((j) => ({x: Number(j.t2), y: Number(j.depth), series: `depth ${j.depth}`})),
    seriesLabel: "factors",
    measuredLabel: "one dot per seed",
    ariaLabel: "Time of the second jump for each seed, by depth",
    caption: `When mode 2 is learned (|a_2| reaches ½), one dot per seed: the spread across seeds at each depth. ${experimentNote(tables.verdicts.meta)}`
  });
}

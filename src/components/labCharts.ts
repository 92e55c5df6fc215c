/**
 * The lab's live charts: relative error, effective rank with its plateaus, and the leading singular
 * values of the product, against the iteration on a symlog axis (linear near 0, logarithmic after:
 * plateaus of equal weight have equal widths in log-time). The live run is a solid line, the
 * engine's precomputed run of the same configuration a wide pale line under it (visible even where
 * the two coincide, which is the usual case).
 */
import * as Plot from "@observablehq/plot";
import {plotChart} from "./plot.js";
import type {LabRecord, Plateau} from "../../lab/index.js";
import type {ReferenceCurve} from "./labFiles.js";

export interface ChartInput {
  live: readonly LabRecord[];
  /** The engine's run of the same configuration, drawn up to `iterations`. */
  reference?: ReferenceCurve;
  iterations: number;
  width: number;
  height: number;
}

const liveColor = "var(--theme-foreground-focus, #3b5fc0)";
const referenceColor = "var(--theme-foreground-muted, #777)";

/** Ticks at 0 and the powers of ten: d3's symlog scale would put linear ticks on a logarithmic axis. */
function xAxis(iterations: number): Plot.ScaleOptions {
  const ticks = [0];
  for (let t = 1; t <= iterations; t *= 10) ticks.push(t);
  return {type: "symlog", domain: [0, iterations], label: "Iteration", grid: true, ticks, tickFormat: plainTick};
}

/** The reference's points up to `iterations`, as {step, value} objects. */
function referencePoints(
  reference: ReferenceCurve | undefined,
  iterations: number,
  value: (i: number) => number
): {step: number; value: number}[] {
  if (!reference) return [];
  const out: {step: number; value: number}[] = [];
  for (let i = 0; i < reference.step.length && reference.step[i] <= iterations; ++i)
    out.push({step: reference.step[i], value: value(i)});
  return out;
}

export function errorChart({live, reference, iterations, width, height}: ChartInput): SVGSVGElement | HTMLElement {
  const ref = referencePoints(reference, iterations, (i) => reference!.relativeError[i]);
  return plotChart({
    width,
    height,
    marginLeft: 52,
    x: xAxis(iterations),
    y: {type: "log", label: "Relative error ‖X − M‖²/‖X‖²", grid: true, tickFormat: "~g"},
    marks: [
      Plot.line(ref, {x: "step", y: "value", stroke: referenceColor, strokeOpacity: 0.35, strokeWidth: 6}),
      Plot.line(live, {x: "step", y: "relativeError", stroke: liveColor, strokeWidth: 2}),
      Plot.tip(
        live,
        Plot.pointerX({
          x: "step",
          y: "relativeError",
          title: (d: LabRecord) => `step ${d.step}\nrelative error ${d.relativeError.toPrecision(5)}`
        })
      )
    ]
  });
}

export interface RankChartInput extends ChartInput {
  plateaus: readonly Plateau[];
  /** Start of the plateau in progress, and the last step done. */
  inPlateauSince?: number;
  step: number;
}

export function rankChart({
  live,
  reference,
  iterations,
  width,
  height,
  plateaus,
  inPlateauSince,
  step
}: RankChartInput): SVGSVGElement | HTMLElement {
  const ref = referencePoints(reference, iterations, (i) => reference!.effectiveRank[i]);
  const open = inPlateauSince === undefined ? [] : [{start: inPlateauSince, end: step}];
  return plotChart({
    width,
    height,
    marginLeft: 52,
    x: xAxis(iterations),
    y: {label: "Effective rank", grid: true, nice: true},
    marks: [
      Plot.rectX(plateaus, {x1: "start", x2: "end", fill: liveColor, fillOpacity: 0.12}),
      Plot.rectX(open, {x1: "start", x2: "end", fill: liveColor, fillOpacity: 0.06}),
      Plot.ruleY(plateaus, {y: "level", x1: "start", x2: "end", stroke: liveColor, strokeOpacity: 0.6}),
      Plot.line(ref, {x: "step", y: "value", stroke: referenceColor, strokeOpacity: 0.35, strokeWidth: 6}),
      Plot.line(live, {x: "step", y: "effectiveRank", stroke: liveColor, strokeWidth: 2}),
      Plot.tip(
        live,
        Plot.pointerX({
          x: "step",
          y: "effectiveRank",
          title: (d: LabRecord) => `step ${d.step}\neffective rank ${d.effectiveRank.toFixed(3)}`
        })
      )
    ]
  });
}

export interface SpectrumChartInput extends ChartInput {
  /** How many leading singular values to draw. */
  count: number;
}

/** The leading singular values of the product; values at or below 1e-12 (the effective rank's threshold) are left out. */
export function spectrumChart({
  live,
  reference,
  iterations,
  width,
  height,
  count
}: SpectrumChartInput): SVGSVGElement | HTMLElement {
  const points: {step: number; k: number; value: number; source: string}[] = [];
  for (const record of live)
    for (let k = 0; k < Math.min(count, record.singularValues.length); ++k)
      if (record.singularValues[k] > 1e-12)
        points.push({step: record.step, k: k + 1, value: record.singularValues[k], source: "live"});
  if (reference)
    for (let i = 0; i < reference.step.length && reference.step[i] <= iterations; ++i)
      for (let k = 0; k < Math.min(count, reference.topK); ++k) {
        const value = reference.singularValues[i * reference.topK + k];
        if (value > 1e-12) points.push({step: reference.step[i], k: k + 1, value, source: "engine"});
      }
  return plotChart({
    width,
    height,
    marginLeft: 52,
    x: xAxis(iterations),
    y: {type: "log", label: "Singular values of M", grid: true, tickFormat: "~g"},
    color: {type: "linear", domain: [1, Math.max(2, count)], scheme: "viridis", legend: false},
    marks: [
      Plot.line(
        points.filter((p) => p.source === "engine"),
        {x: "step", y: "value", z: "k", stroke: referenceColor, strokeOpacity: 0.3, strokeWidth: 5}
      ),
      Plot.line(
        points.filter((p) => p.source === "live"),
        {x: "step", y: "value", z: "k", stroke: "k", strokeWidth: 1.5}
      )
    ]
  });
}

/** Plain tick labels, 1, 10, 100, 1,000 (the SI format wrote "0k" for 10). */
function plainTick(value: number): string {
  return value.toLocaleString("en-US", {maximumFractionDigits: 2});
}

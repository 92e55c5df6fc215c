/**
 * The plateau detector checked by eye: synthetic effective-rank trajectories (one panel per family),
 * each true plateau a dark segment at its level over its span, each detected plateau a shaded
 * band, on a log step axis. Data: the `plateau-detector` experiment's `examples` (family, variant,
 * step, erank) and `examplePlateaus` (family, kind "true" or "detected", start, end, level) tables.
 */
import * as Plot from "@observablehq/plot";
import {plotChart} from "./plot.js";
import {figureElement, keyElement} from "./figure.js";
import type {Row} from "./metricCurves.js";
import {logAxis} from "./metricAxes.js";

export interface PlateauExamplesOptions {
  width?: number;
  /** Height of one family's panel (default 110). */
  panelHeight?: number;
  caption?: string | Node;
}

export function plateauExamples(
  rows: readonly Row[],
  plateaus: readonly Row[],
  options: PlateauExamplesOptions = {}
): HTMLElement {
  const {width = 640, panelHeight = 110} = options;
  if (!(width > 0)) throw new RangeError(`invalid width: ${width}`);
  const families = [...new Set(rows.map((r) => String(r.family)))];
  const steps = rows.map((r) => Number(r.step)).filter((s) => s > 0);
  const lo = steps.length > 0 ? Math.min(...steps) : 1,
    hi = steps.length > 0 ? Math.max(...steps) : 10;
  const axis = logAxis(lo, hi);
  const panels = families.map((family, index) => {
    const points = rows.filter((r) => r.family === family && Number(r.step) > 0);
    const truth = plateaus.filter((p) => p.family === family && p.kind === "true");
    const detected = plateaus.filter((p) => p.family === family && p.kind === "detected");
    const variant = points.length > 0 ? String(points[0].variant) : "";
    // At least one unit of effective rank tall, so that noise is drawn at its size next to the tolerance.
    const values = [...points.map((p) => Number(p.erank)), ...truth.map((p) => Number(p.level))];
    const low = Math.min(...values),
      high = Math.max(...values);
    const pad = Math.max(0, 1 - (high - low)) / 2;
    const last = index === families.length - 1;
    return plotChart({
      width,
      height: panelHeight + (last ? 30 : 0),
      marginLeft: 60,
      marginRight: 24,
      marginTop: 18,
      marginBottom: last ? 40 : 10,
      x: {
        type: "log",
        domain: [lo, hi],
        label: last ? "Training step, log scale" : null,
        labelAnchor: "center",
        labelArrow: "none",
        ticks: axis.ticks,
        tickFormat: last ? axis.tickFormat : () => "",
        grid: true
      },
      y: {
        label: "erank",
        labelArrow: "none",
        grid: true,
        nice: true,
        ...(values.length > 0 ? {domain: [low - pad, high + pad]} : {})
      },
      marks: [
        Plot.rectX(detected, {x1: "start", x2: "end", fill: "currentColor", fillOpacity: 0.12, className: "plateau"}),
        Plot.line(points, {x: "step", y: "erank", stroke: "currentColor", strokeWidth: 1, strokeOpacity: 0.7}),
        Plot.ruleY(truth, {
          x1: "start",
          x2: "end",
          y: "level",
          stroke: "#d6336c",
          strokeWidth: 3,
          className: "true-plateau"
        }),
        Plot.text([`${family}: ${variant}`], {frameAnchor: "top-right", textAnchor: "end", dy: -14, fontSize: 11})
      ],
      ariaLabel: `Synthetic trajectory of the ${family} family (${variant})`,
      ariaDescription: `${truth.length} true plateaus, ${detected.length} detected`
    });
  });
  const key = keyElement([
    {symbol: "band", text: "plateau found by the detector (shaded)"},
    {symbol: "marker", text: "true plateau: its level over its span", color: "#d6336c"}
  ]);
  return figureElement([...panels, key], {
    className: "plateau-examples",
    caption: options.caption,
    ariaLabel: `Synthetic effective-rank trajectories, one per family (${families.join(", ")}), with their true and detected plateaus`
  });
}

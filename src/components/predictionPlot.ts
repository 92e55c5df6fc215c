/**
 * A measured-against-predicted chart for the theory page: measured values as dots (joined by a
 * thin line within each group when `connect`), the prediction as dashed lines in the colour of its
 * series, and optional dotted reference rules (a threshold, a target value). One colour per series
 * with a legend; a key says which symbol is measured and which is predicted.
 */
import * as Plot from "@observablehq/plot";
import {plotChart} from "./plot.js";
import {figureElement, keyElement, legendElement, seriesColors, type KeyEntry} from "./figure.js";
import {shortNumber} from "./metricAxes.js";

/** One point: `series` colours it; `group` (default: the series) says which points a line joins. */
export interface PlotPoint {
  x: number;
  y: number;
  series: string;
  group?: string;
}

export interface AxisOptions {
  label: string;
  type?: "linear" | "log";
  domain?: [number, number];
}

export interface PredictionPlotOptions {
  width?: number;
  height?: number;
  x: AxisOptions;
  y: AxisOptions;
  measured: readonly PlotPoint[];
  /** Join the measured points of each group by a line (curves over time) as well as dots. */
  connect?: boolean;
  /** Draw the measured points as a line only (dense curves); default dots. */
  lineOnly?: boolean;
  predicted?: readonly PlotPoint[];
  /** Dotted reference rules: vertical when `x` is given, horizontal when `y` is. */
  rules?: readonly {x?: number; y?: number; label: string}[];
  seriesLabel?: string;
  /** Order of the series in the legend (default: order of appearance, measured first). */
  seriesDomain?: readonly string[];
  measuredLabel?: string;
  predictedLabel?: string;
  caption?: string | Node;
  ariaLabel: string;
}

export function predictionPlot(options: PredictionPlotOptions): HTMLElement {
  const {width = 640, height = 300, measured, predicted = [], rules = [], connect = false, lineOnly = false} = options;
  if (!(width > 0)) throw new RangeError(`invalid width: ${width}`);
  const finite = (p: PlotPoint, axis: AxisOptions, v: number) => Number.isFinite(v) && (axis.type !== "log" || v > 0);
  const keep = (p: PlotPoint) => finite(p, options.x, p.x) && finite(p, options.y, p.y);
  const points = measured.filter(keep);
  const curve = predicted.filter(keep);
  const domain = options.seriesDomain ?? [...new Set([...points, ...curve].map((p) => p.series))];
  const colors = seriesColors(domain);
  const color = (p: PlotPoint) => colors.get(p.series) ?? "currentColor";
  const group = (p: PlotPoint) => p.group ?? p.series;
  const marks: Plot.Markish[] = [
    Plot.ruleX(
      rules.filter((r) => r.x !== undefined),
      {x: "x", stroke: "currentColor", strokeOpacity: 0.6, strokeDasharray: "1,3", strokeWidth: 1.5, className: "rule"}
    ),
    Plot.ruleY(
      rules.filter((r) => r.y !== undefined),
      {y: "y", stroke: "currentColor", strokeOpacity: 0.6, strokeDasharray: "1,3", strokeWidth: 1.5, className: "rule"}
    ),
    Plot.text(
      rules.filter((r) => r.y !== undefined),
      {
        y: "y",
        text: "label",
        frameAnchor: "right",
        textAnchor: "end",
        dy: -6,
        fill: "currentColor",
        className: "rule-label"
      }
    ),
    Plot.text(
      rules.filter((r) => r.x !== undefined),
      {x: "x", text: "label", frameAnchor: "top", dy: -8, fontSize: 10, fill: "currentColor", className: "rule-label"}
    ),
    Plot.line(curve, {
      x: "x",
      y: "y",
      z: group,
      stroke: color,
      strokeDasharray: "6,4",
      strokeWidth: 1.5,
      className: "prediction"
    })
  ];
  if (connect || lineOnly)
    marks.push(
      Plot.line(points, {
        x: "x",
        y: "y",
        z: group,
        stroke: color,
        strokeWidth: lineOnly ? 1.5 : 1,
        strokeOpacity: lineOnly ? 1 : 0.6,
        className: "measured-line"
      })
    );
  if (!lineOnly) marks.push(Plot.dot(points, {x: "x", y: "y", fill: color, r: 3, className: "measured"}));
  const axis = (a: AxisOptions) => ({
    type: a.type ?? "linear",
    label: a.label,
    labelAnchor: "center" as const,
    labelArrow: "none" as const,
    grid: true,
    ...(a.domain ? {domain: a.domain} : a.type !== "log" ? {nice: true} : {})
  });
  const plot = plotChart({
    width,
    height,
    marginLeft: 60,
    marginRight: 16,
    marginTop: 24,
    marginBottom: 44,
    x: axis(options.x),
    y: axis(options.y),
    marks,
    ariaLabel: options.ariaLabel,
    ariaDescription: describe(points, curve)
  });
  const key: KeyEntry[] = [];
  // Measured lines (lineOnly) are the legend's swatches; measured dots get their own key entry.
  if (!lineOnly) key.push({symbol: "dot", text: options.measuredLabel ?? "measured", color: "currentColor"});
  if (curve.length > 0) key.push({symbol: "dashed", text: options.predictedLabel ?? "prediction"});
  if (rules.length > 0) key.push({symbol: "dotted-vertical", text: rules.map((r) => r.label).join("; ")});
  const parts: Element[] = [];
  if (domain.length > 1) parts.push(legendElement(domain, colors, options.seriesLabel));
  parts.push(plot);
  if (key.length > 0) parts.push(keyElement(key));
  return figureElement(parts, {className: "prediction-plot", caption: options.caption, ariaLabel: options.ariaLabel});
}

/** "12 measured points, y from 0.1 to 3; prediction from 0.2 to 2.9". */
function describe(points: readonly PlotPoint[], curve: readonly PlotPoint[]): string {
  const range = (list: readonly PlotPoint[]) =>
    list.length === 0
      ? "none"
      : `y from ${shortNumber(Math.min(...list.map((p) => p.y)))} to ${shortNumber(Math.max(...list.map((p) => p.y)))}`;
  return `${points.length} measured points, ${range(points)}; prediction ${range(curve)}`;
}

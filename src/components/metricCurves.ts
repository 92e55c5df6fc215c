/**
 * Metric curves as small multiples on a shared step axis: one panel per metric (error, effective
 * rank, ...), stacked, the same x domain in every panel. Plateaus of the effective rank are shaded
 * bands with their level written on the effective-rank panel, jumps between plateaus dashed
 * vertical rules, reference values (the effective rank of X, an Eckart-Young bound) dashed
 * horizontal rules, and an optional marker (a slider's step) a solid vertical rule on every panel.
 */
import * as Plot from "@observablehq/plot";
import {figureElement, keyElement, legendElement, seriesColors, type KeyEntry} from "./figure.js";
import {logAxis, metricOf, shortNumber} from "./metrics.js";

export type Row = Record<string, unknown>;
export type Accessor = string | ((row: Row) => unknown);

/** A horizontal reference line: a value the metric is compared with. */
export interface Reference {
  value: number;
  label: string;
}

export interface MetricSpec {
  /** Column of the rows (`effectiveRank`) or a name for `value`. */
  key: string;
  /** Reads the value from a row (default `row[key]`). */
  value?: (row: Row) => number;
  /** Axis label with unit (default from metrics.ts). */
  label?: string;
  type?: "linear" | "log";
  references?: readonly Reference[];
  /** Write plateau levels on this panel (default: the effective-rank panel). */
  plateauLevels?: boolean;
}

/** An effective-rank plateau: first and last step, median level; `series` when runs are compared. */
export interface PlateauBand {
  start: number;
  end: number;
  level: number;
  series?: string;
}

export interface Jump {
  step: number;
  from?: number;
  to?: number;
}

export interface MetricCurvesOptions {
  width?: number;
  /** Panels, top to bottom (default relative error and effective rank). */
  metrics?: readonly (string | MetricSpec)[];
  /** The shared x: a column (default `step`) or an accessor. `timeMs` is shown in seconds. */
  x?: Accessor;
  xLabel?: string;
  /** Log x drops the points at x <= 0 (the init at step 0) and says so in the axis label. */
  xType?: "linear" | "log";
  /** One line per value of this column (a run, a model, a loss), coloured, with a legend. */
  series?: Accessor;
  seriesLabel?: string;
  /** Order and set of the series (default: order of appearance). */
  seriesDomain?: readonly string[];
  plateaus?: readonly PlateauBand[];
  jumps?: readonly Jump[];
  /** Other steps to point out (an early stop...): dotted vertical rules, labelled in the top panel. */
  events?: readonly {step: number; label: string}[];
  /** What the events are, for the key (default "event"). */
  eventLabel?: string;
  /** Draw a dot at every point as well (few points, e.g. a sweep over ranks). */
  dots?: boolean;
  /** A step marked on every panel (the step of a slider). */
  marker?: number;
  panelHeight?: number;
  caption?: string | Node;
  /** Text alternative of the whole figure (default: a summary computed from the data). */
  ariaLabel?: string;
}

export function metricCurves(rows: readonly Row[], options: MetricCurvesOptions = {}): HTMLElement {
  const {
    width = 640,
    metrics = ["relativeError", "effectiveRank"],
    xType = "linear",
    series,
    plateaus = [],
    jumps = [],
    events = [],
    marker,
    dots = false,
    panelHeight = 150
  } = options;
  if (!(width > 0)) throw new RangeError(`invalid width: ${width}`);
  if (metrics.length === 0) throw new RangeError("invalid metrics: none");
  const xKey = options.x ?? "step";
  const seconds = xKey === "timeMs";
  const readX = seconds ? (row: Row) => Number(row.timeMs) / 1000 : reader(xKey);
  const xName = typeof xKey === "string" ? xKey : "x";
  const xLabel =
    (options.xLabel ?? (seconds ? "Wall time (s)" : metricOf(xName).label)) +
    (xType === "log" ? (seconds ? ", log scale" : ", log scale (step 0 not shown)") : "");
  const keepX = (x: number) => Number.isFinite(x) && (xType !== "log" || x > 0);
  const readSeries = series === undefined ? undefined : reader(series);
  const seriesDomain =
    options.seriesDomain ?? (readSeries ? [...new Set(rows.map((row) => String(readSeries(row))))] : []);
  const colors = seriesColors(seriesDomain);

  // The shared x domain over every row that some panel can draw.
  let xMin = Infinity,
    xMax = -Infinity;
  for (const row of rows) {
    const x = readX(row);
    if (keepX(x)) ((xMin = Math.min(xMin, x)), (xMax = Math.max(xMax, x)));
  }
  if (!(xMax >= xMin)) ((xMin = xType === "log" ? 1 : 0), (xMax = xType === "log" ? 10 : 1));
  if (xMax === xMin) xMax = xMin + 1;

  const specs = metrics.map((m) => (typeof m === "string" ? {key: m} : m));
  const notes: string[] = [];
  let drawnReferences = 0;
  // Pixel width of an x interval, with the panels' margins (60 left, 24 right).
  const position = (x: number) =>
    xType === "log" ? (Math.log(x) - Math.log(xMin)) / (Math.log(xMax) - Math.log(xMin)) : (x - xMin) / (xMax - xMin);
  const bandWidth = (start: number, end: number) => (position(end) - position(start)) * (width - 84);
  const bands = plateaus.filter((p) => keepX(p.start) && keepX(p.end));
  const rules = jumps.filter((j) => keepX(j.step));
  const pointed = events.filter((e) => keepX(e.step));
  const panels = specs.map((spec, index) => {
    const info = metricOf(spec.key);
    const type = spec.type ?? info.type;
    const readY = spec.value ?? ((row: Row) => Number(row[spec.key]));
    const points: {x: number; y: number; s?: string}[] = [];
    for (const row of rows) {
      const x = readX(row),
        y = readY(row);
      if (keepX(x) && Number.isFinite(y) && (type !== "log" || y > 0))
        points.push({x, y, s: readSeries ? String(readSeries(row)) : undefined});
    }
    const yMin = points.reduce((m, p) => Math.min(m, p.y), Infinity);
    const yMax = points.reduce((m, p) => Math.max(m, p.y), -Infinity);
    // References far outside the data's range would squash the curves: they are written as a note instead.
    const onScale = (value: number) =>
      !(points.length > 0) ||
      (type === "log" ? value > 0 && value <= yMax * 10 && value >= yMin / 10 : value <= 2 * yMax + 1e-12);
    const references = (spec.references ?? []).filter((r) => Number.isFinite(r.value));
    const drawn = references.filter((r) => onScale(r.value));
    const offScale = references.filter((r) => !onScale(r.value));
    const last = index === specs.length - 1;
    const showLevels = spec.plateauLevels ?? (spec.key === "effectiveRank" && !readSeries);
    const marks: Plot.Markish[] = [
      Plot.rectX(bands, {
        x1: "start",
        x2: "end",
        fill: readSeries ? (d: PlateauBand) => colors.get(d.series ?? "") ?? "currentColor" : "currentColor",
        fillOpacity: 0.09,
        className: "plateau"
      }),
      Plot.ruleX(rules, {
        x: "step",
        stroke: "currentColor",
        strokeOpacity: 0.55,
        strokeDasharray: "4,3",
        className: "jump"
      }),
      Plot.ruleY(drawn, {
        y: "value",
        stroke: "currentColor",
        strokeOpacity: 0.7,
        strokeDasharray: "6,4",
        className: "reference"
      }),
      Plot.text(drawn, {
        y: "value",
        text: "label",
        frameAnchor: "right",
        textAnchor: "end",
        dy: -6,
        fill: "currentColor",
        className: "reference-label"
      }),
      Plot.line(points, {
        x: "x",
        y: "y",
        z: readSeries ? "s" : undefined,
        stroke: readSeries ? (d: {s: string}) => colors.get(d.s) : "currentColor",
        strokeWidth: 1.5,
        className: "curve"
      })
    ];
    if (dots)
      marks.push(
        Plot.dot(points, {
          x: "x",
          y: "y",
          r: 3,
          fill: readSeries ? (d: {s: string}) => colors.get(d.s) : "currentColor",
          className: "curve-dots"
        })
      );
    if (pointed.length > 0) {
      marks.push(
        Plot.ruleX(pointed, {
          x: "step",
          stroke: "currentColor",
          strokeDasharray: "1,3",
          strokeWidth: 1.5,
          className: "event"
        })
      );
      if (index === 0)
        marks.push(
          Plot.text(pointed, {
            x: "step",
            text: "label",
            frameAnchor: "top",
            dy: -12,
            fontSize: 10,
            fill: "currentColor",
            className: "event-label"
          })
        );
    }
    // A level is written only on a band wide enough for it (about 30 px).
    const labelled = bands.filter((p) => bandWidth(p.start, p.end) >= 30);
    if (showLevels && labelled.length > 0)
      marks.push(
        Plot.text(labelled, {
          x: (p: PlateauBand) => (xType === "log" ? Math.sqrt(p.start * p.end) : (p.start + p.end) / 2),
          y: "level",
          text: (p: PlateauBand) => p.level.toFixed(2),
          dy: -9,
          fontSize: 10,
          fill: "currentColor",
          stroke: "var(--theme-background, white)",
          strokeWidth: 3,
          paintOrder: "stroke",
          className: "plateau-level"
        })
      );
    // References far off the axis are named in the key under the figure instead of squashing the curves.
    drawnReferences += drawn.length;
    for (const r of offScale) notes.push(`${r.label} = ${shortNumber(r.value)}, off the ${info.name} axis`);
    if (marker !== undefined && keepX(marker))
      marks.push(Plot.ruleX([marker], {stroke: "#d6336c", strokeWidth: 2, className: "marker"}));
    return Plot.plot({
      width,
      height: panelHeight + (last ? 30 : 0),
      marginLeft: 60,
      marginRight: 24,
      marginTop: 20,
      marginBottom: last ? 40 : 10,
      x: {
        type: xType,
        domain: [xMin, xMax],
        label: last ? xLabel : null,
        labelAnchor: "center",
        labelArrow: "none",
        ...(xType === "log" ? {ticks: logAxis(xMin, xMax).ticks} : {}),
        tickFormat: last ? (xType === "log" ? logAxis(xMin, xMax).tickFormat : undefined) : () => "",
        grid: true
      },
      y: {
        type,
        label: spec.label ?? info.label,
        labelArrow: "none",
        grid: true,
        nice: type === "linear",
        ...(type === "log" && points.length > 0
          ? logAxis(Math.min(yMin, ...drawn.map((r) => r.value)), Math.max(yMax, ...drawn.map((r) => r.value)))
          : {})
      },
      marks,
      ariaLabel: `${spec.label ?? info.label} against ${xLabel}`,
      ariaDescription: describePoints(points, info.name, readSeries !== undefined)
    });
  });

  const key: KeyEntry[] = [];
  if (bands.length > 0) key.push({symbol: "band", text: "plateau of the effective rank (shaded)"});
  if (rules.length > 0) key.push({symbol: "dashed-vertical", text: "jump between plateaus"});
  if (pointed.length > 0) key.push({symbol: "dotted-vertical", text: options.eventLabel ?? "event"});
  if (drawnReferences > 0) key.push({symbol: "dashed", text: "reference value"});
  for (const note of notes) key.push({symbol: "none", text: note});
  if (marker !== undefined) key.push({symbol: "marker", text: `selected step ${shortNumber(marker)}`});
  const parts: Element[] = [];
  if (seriesDomain.length > 0) parts.push(legendElement(seriesDomain, colors, options.seriesLabel));
  parts.push(...panels);
  if (key.length > 0) parts.push(keyElement(key));
  const figure = figureElement(parts, {
    className: "metric-curves",
    caption: options.caption,
    ariaLabel:
      options.ariaLabel ??
      `${specs.map((s) => metricOf(s.key).name).join(", ")} against ${xLabel.toLowerCase()}` +
        (seriesDomain.length > 0
          ? `, one line per ${options.seriesLabel ?? "series"} (${seriesDomain.join(", ")})`
          : "") +
        (bands.length > 0
          ? `; ${bands.length} plateaus at effective rank ${bands.map((b) => b.level.toFixed(2)).join(", ")}`
          : "")
  });
  // Tests and pages find the figures that follow a slider by this attribute.
  if (marker !== undefined) figure.dataset.marker = String(marker);
  return figure;
}

export function reader(accessor: Accessor): (row: Row) => any {
  return typeof accessor === "function" ? accessor : (row: Row) => row[accessor];
}

/** "effective rank from 1.00 at step 0 to 7.52 at step 20,000" for one series; ranges for several. */
function describePoints(points: {x: number; y: number}[], name: string, several: boolean): string {
  if (points.length === 0) return `${name}: no data`;
  if (several) {
    const ys = points.map((p) => p.y);
    return `${name} between ${shortNumber(Math.min(...ys))} and ${shortNumber(Math.max(...ys))}`;
  }
  const first = points[0],
    last = points[points.length - 1];
  return `${name} from ${shortNumber(first.y)} at ${shortNumber(first.x)} to ${shortNumber(last.y)} at ${shortNumber(last.x)}`;
}

/**
 * Metric curves as small multiples on a shared step axis: one panel per metric (error, effective
 * rank, ...), stacked, the same x domain in every panel. Plateaus of the effective rank are shaded
 * bands with their level written on the effective-rank panel, jumps between plateaus dashed
 * vertical rules, reference values (the effective rank of X, an Eckart-Young bound) dashed
 * horizontal rules, and an optional marker (a slider's step) a solid vertical rule on every panel.
 */
import * as Plot from "@observablehq/plot";
import {plotChart} from "./plot.js";
import {figureElement, keyElement, legendElement, seriesColors, type KeyEntry} from "./figure.js";
import {logAxis, metricOf, shortNumber} from "./metricAxes.js";

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
  const {width = 640, metrics = ["relativeError", "effectiveRank"], marker} = options;
  if (!(width > 0)) throw new RangeError(`invalid width: ${width}`);
  if (metrics.length === 0) throw new RangeError("invalid metrics: none");
  const axis = sharedAxis(rows, options);
  const readSeries = options.series === undefined ? undefined : reader(options.series);
  const seriesDomain =
    options.seriesDomain ?? (readSeries ? [...new Set(rows.map((row) => String(readSeries(row))))] : []);
  const context: PanelContext = {
    rows,
    options,
    width,
    axis,
    readSeries,
    colors: seriesColors(seriesDomain),
    bands: (options.plateaus ?? []).filter((p) => axis.keep(p.start) && axis.keep(p.end)),
    rules: (options.jumps ?? []).filter((j) => axis.keep(j.step)),
    pointed: (options.events ?? []).filter((e) => axis.keep(e.step))
  };
  const specs = metrics.map((m) => (typeof m === "string" ? {key: m} : m));
  const panels = specs.map((spec, index) => metricPanel(spec, index === 0, index === specs.length - 1, context));

  const parts: Element[] = [];
  if (seriesDomain.length > 0) parts.push(legendElement(seriesDomain, context.colors, options.seriesLabel));
  parts.push(...panels.map((p) => p.svg));
  const key = curvesKey(context, panels);
  if (key.length > 0) parts.push(keyElement(key));
  const {bands} = context;
  const figure = figureElement(parts, {
    className: "metric-curves",
    caption: options.caption,
    ariaLabel:
      options.ariaLabel ??
      `${specs.map((s) => metricOf(s.key).name).join(", ")} against ${axis.label.toLowerCase()}` +
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

/** The x axis every panel shares: how to read x, which x a log axis keeps, the domain and the label. */
interface SharedAxis {
  read: (row: Row) => number;
  keep: (x: number) => boolean;
  type: "linear" | "log";
  min: number;
  max: number;
  label: string;
  /** Pixel width of an x interval inside a panel of this width (margins 60 left, 24 right). */
  pixels: (start: number, end: number, width: number) => number;
}

function sharedAxis(rows: readonly Row[], options: MetricCurvesOptions): SharedAxis {
  const type = options.xType ?? "linear";
  const xKey = options.x ?? "step";
  const seconds = xKey === "timeMs";
  const read = seconds ? (row: Row) => Number(row.timeMs) / 1000 : reader(xKey);
  const xName = typeof xKey === "string" ? xKey : "x";
  const label =
    (options.xLabel ?? (seconds ? "Wall time (s)" : metricOf(xName).label)) +
    (type === "log" ? (seconds ? ", log scale" : ", log scale (step 0 not shown)") : "");
  const keep = (x: number) => Number.isFinite(x) && (type !== "log" || x > 0);
  // The shared x domain over every row that some panel can draw.
  let min = Infinity,
    max = -Infinity;
  for (const row of rows) {
    const x = read(row);
    if (keep(x)) ((min = Math.min(min, x)), (max = Math.max(max, x)));
  }
  if (!(max >= min)) ((min = type === "log" ? 1 : 0), (max = type === "log" ? 10 : 1));
  if (max === min) max = min + 1;
  const position = (x: number) =>
    type === "log" ? (Math.log(x) - Math.log(min)) / (Math.log(max) - Math.log(min)) : (x - min) / (max - min);
  const pixels = (start: number, end: number, width: number) => (position(end) - position(start)) * (width - 84);
  return {read, keep, type, min, max, label, pixels};
}

/** What every panel of one figure shares. */
interface PanelContext {
  rows: readonly Row[];
  options: MetricCurvesOptions;
  width: number;
  axis: SharedAxis;
  readSeries?: (row: Row) => unknown;
  colors: Map<string, string>;
  bands: readonly PlateauBand[];
  rules: readonly Jump[];
  pointed: readonly {step: number; label: string}[];
}

interface Panel {
  svg: Element;
  /** Reference lines drawn, and notes on those too far off the axis to draw. */
  drawnReferences: number;
  notes: string[];
}

/** One metric's panel: its curve(s) over the shared x, with the figure's bands, rules, references and marker. */
function metricPanel(spec: MetricSpec, first: boolean, last: boolean, context: PanelContext): Panel {
  const {options, width, axis, readSeries} = context;
  const info = metricOf(spec.key);
  const type = spec.type ?? info.type;
  const readY = spec.value ?? ((row: Row) => Number(row[spec.key]));
  const points: CurvePoint[] = [];
  for (const row of context.rows) {
    const x = axis.read(row),
      y = readY(row);
    if (axis.keep(x) && Number.isFinite(y) && (type !== "log" || y > 0))
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
  const notes = references
    .filter((r) => !onScale(r.value))
    .map((r) => `${r.label} = ${shortNumber(r.value)}, off the ${info.name} axis`);
  const showLevels = spec.plateauLevels ?? (spec.key === "effectiveRank" && !readSeries);
  const marks = [
    ...backgroundMarks(drawn, context),
    ...curveMarks(points, context),
    ...eventMarks(first, context),
    ...(showLevels ? levelMarks(context) : [])
  ];
  const {marker} = options;
  if (marker !== undefined && axis.keep(marker))
    marks.push(Plot.ruleX([marker], {stroke: "#d6336c", strokeWidth: 2, className: "marker"}));
  const panelHeight = options.panelHeight ?? 150;
  const svg = plotChart({
    width,
    height: panelHeight + (last ? 30 : 0),
    marginLeft: 60,
    marginRight: 24,
    marginTop: 20,
    marginBottom: last ? 40 : 10,
    x: {
      type: axis.type,
      domain: [axis.min, axis.max],
      label: last ? axis.label : null,
      labelAnchor: "center",
      labelArrow: "none",
      ...(axis.type === "log" ? {ticks: logAxis(axis.min, axis.max).ticks} : {}),
      tickFormat: last ? (axis.type === "log" ? logAxis(axis.min, axis.max).tickFormat : undefined) : () => "",
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
    // The figure offers the table rows its curves are read from, every column of them.
    data: {rows: context.rows},
    ariaLabel: `${spec.label ?? info.label} against ${axis.label}`,
    ariaDescription: describePoints(points, info.name, readSeries !== undefined)
  });
  return {svg, drawnReferences: drawn.length, notes};
}

interface CurvePoint {
  x: number;
  y: number;
  s?: string;
}

/** Plateau bands, jump rules and reference lines, under the curves. */
function backgroundMarks(references: readonly Reference[], {bands, rules, readSeries, colors}: PanelContext) {
  return [
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
    Plot.ruleY(references, {
      y: "value",
      stroke: "currentColor",
      strokeOpacity: 0.7,
      strokeDasharray: "6,4",
      className: "reference"
    }),
    Plot.text(references, {
      y: "value",
      text: "label",
      frameAnchor: "right",
      textAnchor: "end",
      dy: -6,
      fill: "currentColor",
      className: "reference-label"
    })
  ];
}

/** The curve (one line per series), and a dot per point with `dots`. */
function curveMarks(points: CurvePoint[], {readSeries, colors, options}: PanelContext): Plot.Markish[] {
  const stroke = readSeries ? (d: {s: string}) => colors.get(d.s) : "currentColor";
  const marks: Plot.Markish[] = [
    Plot.line(points, {x: "x", y: "y", z: readSeries ? "s" : undefined, stroke, strokeWidth: 1.5, className: "curve"})
  ];
  if (options.dots) marks.push(Plot.dot(points, {x: "x", y: "y", r: 3, fill: stroke, className: "curve-dots"}));
  return marks;
}

/** Dotted rules at the events, labelled in the top panel. */
function eventMarks(first: boolean, {pointed}: PanelContext): Plot.Markish[] {
  if (pointed.length === 0) return [];
  const marks: Plot.Markish[] = [
    Plot.ruleX(pointed, {
      x: "step",
      stroke: "currentColor",
      strokeDasharray: "1,3",
      strokeWidth: 1.5,
      className: "event"
    })
  ];
  if (first)
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
  return marks;
}

/** Plateau levels written on the bands wide enough for them (about 30 px). */
function levelMarks({bands, axis, width}: PanelContext): Plot.Markish[] {
  const labelled = bands.filter((p) => axis.pixels(p.start, p.end, width) >= 30);
  if (labelled.length === 0) return [];
  return [
    Plot.text(labelled, {
      x: (p: PlateauBand) => (axis.type === "log" ? Math.sqrt(p.start * p.end) : (p.start + p.end) / 2),
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
  ];
}

/** The key under the panels: what the bands, rules and marker mean, and the references too far off their axis. */
function curvesKey({bands, rules, pointed, options}: PanelContext, panels: Panel[]): KeyEntry[] {
  const key: KeyEntry[] = [];
  if (bands.length > 0) key.push({symbol: "band", text: "plateau of the effective rank (shaded)"});
  if (rules.length > 0) key.push({symbol: "dashed-vertical", text: "jump between plateaus"});
  if (pointed.length > 0) key.push({symbol: "dotted-vertical", text: options.eventLabel ?? "event"});
  if (panels.some((p) => p.drawnReferences > 0)) key.push({symbol: "dashed", text: "reference value"});
  for (const note of panels.flatMap((p) => p.notes)) key.push({symbol: "none", text: note});
  if (options.marker !== undefined) key.push({symbol: "marker", text: `selected step ${shortNumber(options.marker)}`});
  return key;
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

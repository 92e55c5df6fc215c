/**
 * Spectrum charts: the leading singular values of the reconstruction M over training against those
 * of X (the study's figure 1: they rise one after another, in the order of X's), and the whole
 * spectrum of M at chosen steps against X's (the staircase). Log y: singular values span decades.
 */
import * as Plot from "@observablehq/plot";
import {plotChart} from "./plot.js";
import {figureElement, keyElement, legendElement, seriesColors} from "./figure.js";
import {logAxis, shortNumber} from "./metricAxes.js";
import type {Row} from "./metricCurves.js";

/** One singular value at one step: index i counts from 1. */
export interface SpectrumPoint {
  step: number;
  index: number;
  value: number;
}

/**
 * Long rows {step, index, value} from trajectory rows holding the leading singular values as a list
 * column (`singularValues`, as the engine records them) or as columns `sv1`, `sv2`, ...
 */
export function spectrumPoints(
  rows: readonly Row[],
  {key = "singularValues", count = Infinity, step = "step"}: {key?: string; count?: number; step?: string} = {}
): SpectrumPoint[] {
  const points: SpectrumPoint[] = [];
  for (const row of rows) {
    const list = row[key] as ArrayLike<number> | null | undefined;
    const s = Number(row[step]);
    if (list && typeof list.length === "number") {
      for (let i = 0; i < Math.min(count, list.length); ++i)
        points.push({step: s, index: i + 1, value: Number(list[i])});
    } else {
      for (let i = 1; i <= count && `sv${i}` in row; ++i)
        points.push({step: s, index: i, value: Number(row[`sv${i}`])});
    }
  }
  return points;
}

export interface SpectrumOverTimeOptions {
  width?: number;
  height?: number;
  /** How many leading singular values to draw (default 6, as the study's figure 1). */
  count?: number;
  /** s_i(X), descending: drawn as dashed lines in the colour of s_i(M). */
  reference?: ArrayLike<number>;
  xType?: "linear" | "log";
  xLabel?: string;
  marker?: number;
  caption?: string | Node;
  ariaLabel?: string;
}

export function spectrumOverTime(points: readonly SpectrumPoint[], options: SpectrumOverTimeOptions = {}): HTMLElement {
  const {width = 640, height = 320, count = 6, xType = "log", reference, marker} = options;
  const keep = points.filter(
    (p) => p.index <= count && p.value > 0 && Number.isFinite(p.value) && (xType !== "log" || p.step > 0)
  );
  const domain = Array.from({length: count}, (_, i) => `s${subscript(i + 1)}`);
  const colors = seriesColors(domain, "tableau10");
  const name = (index: number) => domain[index - 1];
  const references = reference
    ? Array.from({length: Math.min(count, reference.length)}, (_, i) => ({index: i + 1, value: Number(reference[i])}))
    : [];
  const xLabel =
    (options.xLabel ?? "Training step (iterations)") + (xType === "log" ? ", log scale (step 0 not shown)" : "");
  const marks: Plot.Markish[] = [
    Plot.ruleY(
      references.filter((r) => r.value > 0),
      {
        y: "value",
        stroke: (r: {index: number}) => colors.get(name(r.index)),
        strokeDasharray: "6,4",
        strokeOpacity: 0.8,
        className: "reference"
      }
    ),
    Plot.line(keep, {
      x: "step",
      y: "value",
      z: "index",
      stroke: (p: SpectrumPoint) => colors.get(name(p.index)),
      strokeWidth: 1.5,
      className: "curve"
    })
  ];
  if (marker !== undefined && (xType !== "log" || marker > 0))
    marks.push(Plot.ruleX([marker], {stroke: "#d6336c", strokeWidth: 2, className: "marker"}));
  const plot = plotChart({
    width,
    height,
    marginLeft: 60,
    x: {
      type: xType,
      label: xLabel,
      labelAnchor: "center",
      labelArrow: "none",
      grid: true,
      ...(xType === "log" ? {...logAxis(...extent(keep.map((p) => p.step)))} : {})
    },
    y: {
      type: "log",
      label: "Singular value (intensity)",
      labelArrow: "none",
      grid: true,
      ...logAxis(...extent([...keep.map((p) => p.value), ...references.map((r) => r.value).filter((v) => v > 0)]))
    },
    marks,
    ariaLabel: `Leading ${count} singular values of M against the training step`,
    ariaDescription: describeRise(keep, references)
  });
  const key = [];
  if (references.length > 0)
    key.push({symbol: "dashed" as const, text: "s_i(X), the data's singular value of the same colour"});
  if (marker !== undefined) key.push({symbol: "marker" as const, text: `selected step ${shortNumber(marker)}`});
  const figure = figureElement(
    [legendElement(domain, colors, "singular value of M"), plot, ...(key.length ? [keyElement(key)] : [])],
    {
      className: "spectrum-over-time",
      caption: options.caption,
      ariaLabel:
        options.ariaLabel ?? `Singular values s1 to s${count} of M over training, log scale, against those of X`
    }
  );
  // Tests and pages find the figures that follow a slider by this attribute.
  if (marker !== undefined) figure.dataset.marker = String(marker);
  return figure;
}

/** "s1 reaches half of s1(X) at step 12; s2 at step 340; ..." (the order the values are learned in). */
function describeRise(points: readonly SpectrumPoint[], references: {index: number; value: number}[]): string {
  if (references.length === 0) return `${points.length} points`;
  const parts = references.map(({index, value}) => {
    const hit = points.find((p) => p.index === index && p.value >= value / 2);
    return `s${index} reaches half of s${index}(X) ${hit ? `at step ${shortNumber(hit.step)}` : "never"}`;
  });
  return parts.join("; ");
}

/** One spectrum of M to compare with X's: a label (e.g. "step 2,500") and its values, descending. */
export interface SpectrumProfile {
  label: string;
  values: ArrayLike<number>;
}

export interface SpectrumProfileOptions {
  width?: number;
  height?: number;
  /** Indices shown (default 30). */
  count?: number;
  /** s_i(X), descending. */
  reference: ArrayLike<number>;
  /** Values at or below this are zero for the log axis (default 1e-12 of s_1(X)). */
  floor?: number;
  seriesLabel?: string;
  caption?: string | Node;
  ariaLabel?: string;
}

/** The spectrum of M at several steps against X's, by index: M copies X's leading values, then drops. */
export function spectrumProfile(profiles: readonly SpectrumProfile[], options: SpectrumProfileOptions): HTMLElement {
  const {width = 640, height = 300, count = 30, reference} = options;
  const floor = options.floor ?? 1e-12 * Number(reference[0] ?? 1);
  const points = profiles
    .flatMap(({label, values}) =>
      Array.from({length: Math.min(count, values.length)}, (_, i) => ({label, index: i + 1, value: Number(values[i])}))
    )
    .filter((p) => p.value > floor);
  const data = Array.from({length: Math.min(count, reference.length)}, (_, i) => ({
    index: i + 1,
    value: Number(reference[i])
  }));
  const domain = profiles.map((p) => p.label);
  // Viridis without its pale yellow end, which vanishes on white.
  const ramp = Plot.scale({color: {type: "linear", scheme: "viridis", domain: [0, 1]}});
  const colors = new Map(
    domain.map((d, k) => [d, String(ramp.apply(domain.length > 1 ? (0.8 * k) / (domain.length - 1) : 0))])
  );
  const plot = plotChart({
    width,
    height,
    marginLeft: 60,
    x: {label: "Index i of the singular value", labelAnchor: "center", labelArrow: "none", domain: [0.5, count + 0.5]},
    y: {
      type: "log",
      label: "Singular value sᵢ (intensity)",
      labelArrow: "none",
      grid: true,
      ...logAxis(...extent([...points.map((p) => p.value), ...data.map((d) => d.value).filter((v) => v > 0)]))
    },
    marks: [
      Plot.line(data, {x: "index", y: "value", stroke: "currentColor", strokeDasharray: "6,4", className: "reference"}),
      Plot.dot(data, {x: "index", y: "value", r: 2, fill: "currentColor", className: "reference-dots"}),
      Plot.line(points, {
        x: "index",
        y: "value",
        z: "label",
        stroke: (p: {label: string}) => colors.get(p.label),
        strokeWidth: 1.5,
        className: "curve"
      }),
      Plot.dot(points, {
        x: "index",
        y: "value",
        r: 2.5,
        fill: (p: {label: string}) => colors.get(p.label),
        className: "curve-dots"
      })
    ],
    ariaLabel: `Spectrum of M at ${domain.join(", ")} against the spectrum of X, by index`,
    ariaDescription: profiles
      .map(
        ({label, values}) =>
          `${label}: ${countAbove(values, reference, count)} of the first ${count} singular values at least half of X's`
      )
      .join("; ")
  });
  return figureElement(
    [
      legendElement(domain, colors, options.seriesLabel ?? "spectrum of M at"),
      plot,
      keyElement([{symbol: "dashed", text: "spectrum of X"}])
    ],
    {
      className: "spectrum-profile",
      caption: options.caption,
      ariaLabel: options.ariaLabel ?? `Singular values of M by index at ${domain.length} steps, against those of X`
    }
  );
}

function countAbove(values: ArrayLike<number>, reference: ArrayLike<number>, count: number): number {
  let k = 0;
  for (let i = 0; i < Math.min(count, values.length, reference.length); ++i) if (values[i] >= reference[i] / 2) ++k;
  return k;
}

function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
}

/** [min, max] of the values ([1, 10] when empty). */
function extent(values: readonly number[]): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
  return hi >= lo ? [lo, hi] : [1, 10];
}

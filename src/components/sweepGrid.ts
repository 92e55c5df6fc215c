/**
 * Grid chart of a sweep over two ranks (the study's (r1, r2) grid of Deep NMF): one cell per
 * configuration coloured by a final metric (effective rank, error, Eckart-Young gap) with its value
 * written in the cell, one facet per loss. Configurations that were not run stay empty.
 */
import * as Plot from "@observablehq/plot";
import {plotChart} from "./plot.js";
import {figureElement} from "./figure.js";
import {parseColor} from "./palette.js";
import {logAxis, metricOf, shortNumber} from "./metricAxes.js";
import {reader, type Accessor, type Row} from "./metricCurves.js";

export interface SweepGridOptions {
  width?: number;
  /** Columns of the rows read as the two axes (default r1 and r2). */
  x?: string;
  y?: string;
  xLabel?: string;
  yLabel?: string;
  /** The metric that colours the cells (default effectiveRank). */
  fill?: string;
  fillLabel?: string;
  /** Colour scale type; log suits errors spanning decades (default: the metric's type for errors, else linear). */
  fillType?: "linear" | "log";
  scheme?: Plot.ColorScheme;
  /** One panel per value of this column (e.g. loss), side by side. */
  facet?: Accessor;
  facetLabel?: string;
  /** Orders of the axes' values (default: numeric order when every value is a number, else order of appearance). */
  xDomain?: readonly string[];
  yDomain?: readonly string[];
  /** Text written in each cell (default the value with 3 significant digits). */
  format?: (value: number) => string;
  caption?: string | Node;
  /** The table rows the grid's rows were derived from, when they are not themselves table rows. */
  from?: readonly object[];
  ariaLabel?: string;
}

export function sweepGrid(rows: readonly Row[], options: SweepGridOptions = {}): HTMLElement {
  const {width = 640, x = "r1", y = "r2", fill = "effectiveRank", scheme = "viridis", format = shortNumber} = options;
  const info = metricOf(fill);
  const fillType = options.fillType ?? (fill.toLowerCase().includes("error") ? "log" : "linear");
  const readFacet = options.facet === undefined ? undefined : reader(options.facet);
  const cells = rows
    .map((row) => ({
      x: String(row[x]),
      y: String(row[y]),
      value: Number(row[fill]),
      facet: readFacet ? String(readFacet(row)) : undefined
    }))
    .filter((c) => Number.isFinite(c.value) && (fillType !== "log" || c.value > 0));
  const ordered = (values: string[]) => {
    const distinct = [...new Set(values)];
    return distinct.every((v) => v.trim() !== "" && Number.isFinite(Number(v)))
      ? distinct.sort((a, b) => Number(a) - Number(b))
      : distinct;
  };
  const xDomain = options.xDomain ? [...options.xDomain] : ordered(rows.map((row) => String(row[x])));
  // Numbers grow upwards; categories read from the top.
  const yValues = rows.map((row) => String(row[y]));
  const yDomain = options.yDomain
    ? [...options.yDomain]
    : yValues.every((v) => Number.isFinite(Number(v)))
      ? ordered(yValues).reverse()
      : ordered(yValues);
  const facets = readFacet ? [...new Set(rows.map((row) => String(readFacet(row))))] : [undefined];
  const values = cells.map((c) => c.value);
  const lo = values.length ? values.reduce((a, b) => Math.min(a, b)) : 0;
  const hi = values.length ? values.reduce((a, b) => Math.max(a, b)) : 1;
  const color: Plot.ScaleOptions = {
    type: fillType,
    scheme,
    domain: lo === hi ? [lo * 0.9 || 0, hi * 1.1 || 1] : [lo, hi],
    label: options.fillLabel ?? info.label
  };
  const colorScale = Plot.scale({color});
  const plot = plotChart({
    width,
    height: 60 + Math.max(1, yDomain.length) * 44 + 40,
    // Room for the longest y label (about 6.5 px per character at 10 px) and the axis label.
    marginLeft: Math.max(56, 24 + Math.ceil(6.5 * Math.max(...yDomain.map((v) => v.length)))),
    marginTop: readFacet ? 30 : 20,
    marginBottom: 42,
    padding: 0.06,
    fx: readFacet ? {label: options.facetLabel ?? null, domain: facets} : undefined,
    x: {
      type: "band",
      domain: xDomain,
      label: options.xLabel ?? `${x} (rank of the first layer)`,
      labelAnchor: "center",
      labelArrow: "none"
    },
    y: {type: "band", domain: yDomain, label: options.yLabel ?? `${y} (rank of the second layer)`, labelArrow: "none"},
    color: {...color, legend: true, ...(fillType === "log" ? logAxis(lo, hi) : {})},
    marks: [
      Plot.cell(cells, {x: "x", y: "y", fx: readFacet ? "facet" : undefined, fill: "value", className: "cells"}),
      Plot.text(cells, {
        x: "x",
        y: "y",
        fx: readFacet ? "facet" : undefined,
        text: (c: {value: number}) => format(c.value),
        fill: (c: {value: number}) => (light(String(colorScale.apply(c.value))) ? "black" : "white"),
        fontSize: 11,
        className: "values"
      })
    ],
    ariaLabel: `${info.name} over the (${x}, ${y}) grid`,
    // The figure offers the rows its cells are read from, every column of them.
    data: {rows, ...(options.from ? {from: options.from} : {})},
    ariaDescription: describeCells(cells, x, y, info.name)
  });
  return figureElement([plot], {
    className: "sweep-grid",
    caption: options.caption,
    ariaLabel:
      options.ariaLabel ??
      `${info.name} for each (${x}, ${y})${readFacet ? `, one panel per ${options.facetLabel ?? "facet"}` : ""}: from ${shortNumber(lo)} to ${shortNumber(hi)}`
  });
}

/** Whether a cell colour is light enough for black text (relative luminance above 0.179, where black and white text contrast equally). */
function light(color: string): boolean {
  const [r, g, b] = parseColor(color).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179;
}

function describeCells(
  cells: {x: string; y: string; value: number; facet?: string}[],
  x: string,
  y: string,
  name: string
): string {
  return cells
    .map((c) => `${c.facet ? `${c.facet}, ` : ""}${x} ${c.x}, ${y} ${c.y}: ${name} ${shortNumber(c.value)}`)
    .join("; ");
}

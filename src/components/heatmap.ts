/**
 * Heatmap of a factor matrix (W: images x components, or H: components x pixels): one cell per
 * entry coloured by its value on a perceptual scale, with a colour legend. SVG cells, so at most
 * `maxCells` entries: pages pass a few rows of W (a sample of images), not all of them.
 */
import * as Plot from "@observablehq/plot";
import {plotChart} from "./plot.js";
import {figureElement} from "./figure.js";
import {shortNumber} from "./metricAxes.js";

export interface MatrixLike {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

export interface HeatmapOptions {
  width?: number;
  /** Axis labels with units; defaults suit W (rows are images, columns components). */
  rowLabel?: string;
  colLabel?: string;
  valueLabel?: string;
  /** Names of the rows (image indices) and columns, default 1-based indices. */
  rowNames?: ArrayLike<string | number>;
  colNames?: ArrayLike<string | number>;
  /** Plot's sequential scheme (default viridis). */
  scheme?: Plot.ColorScheme;
  /** Largest number of cells drawn (default 20,000). */
  maxCells?: number;
  caption?: string | Node;
  ariaLabel?: string;
  /** The table rows the matrix was built from (their table is named under the figure). */
  from?: readonly object[];
}

export function matrixHeatmap(matrix: MatrixLike, options: HeatmapOptions = {}): HTMLElement {
  const {rows, cols, data} = matrix;
  const {
    width = 640,
    rowLabel = "Image (row of W)",
    colLabel = "Component k (column of W)",
    valueLabel = "Entry value (no unit)",
    scheme = "viridis",
    maxCells = 20_000
  } = options;
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 1 && cols >= 1 && data.length === rows * cols))
    throw new RangeError(`invalid matrix: ${rows} x ${cols} with ${data.length} values`);
  if (rows * cols > maxCells)
    throw new RangeError(`invalid matrix: ${rows} x ${cols} = ${rows * cols} cells, more than maxCells ${maxCells}`);
  const rowName = (i: number) => String(options.rowNames?.[i] ?? i + 1);
  const colName = (j: number) => String(options.colNames?.[j] ?? j + 1);
  const cells = Array.from({length: rows * cols}, (_, k) => ({
    row: rowName(Math.floor(k / cols)),
    col: colName(k % cols),
    value: Number(data[k])
  }));
  let lo = Infinity,
    hi = -Infinity;
  for (const c of cells) if (Number.isFinite(c.value)) ((lo = Math.min(lo, c.value)), (hi = Math.max(hi, c.value)));
  if (!(hi >= lo)) ((lo = 0), (hi = 1));
  const marginLeft = 56,
    marginRight = 12;
  const cellWidth = (width - marginLeft - marginRight) / cols;
  // Square cells when they are at least 3 px; a few rows of many columns (H) stay at least 10 px tall.
  const cellHeight = Math.max(rows <= 40 ? 10 : 3, Math.min(18, cellWidth));
  const colStep = tickStep(cellWidth, 28),
    rowStep = tickStep(cellHeight, 12);
  const colDomain = Array.from({length: cols}, (_, j) => colName(j));
  const rowDomain = Array.from({length: rows}, (_, i) => rowName(i));
  const plot = plotChart({
    width,
    height: Math.round(rows * cellHeight) + 60,
    marginLeft,
    marginRight,
    marginBottom: 40,
    padding: 0,
    x: {
      type: "band",
      domain: colDomain,
      label: colLabel,
      labelAnchor: "center",
      labelArrow: "none",
      ticks: colDomain.filter((_, j) => (j + 1) % colStep === 0 || j === 0)
    },
    y: {
      type: "band",
      domain: rowDomain,
      label: rowLabel,
      labelArrow: "none",
      ticks: rowDomain.filter((_, i) => (i + 1) % rowStep === 0 || i === 0)
    },
    color: {type: "linear", scheme, domain: [lo, hi], label: valueLabel, legend: true},
    marks: [Plot.cell(cells, {x: "col", y: "row", fill: "value", inset: 0, className: "cells"})],
    ...(options.from ? {data: {from: options.from}} : {}),
    ariaLabel: `Heatmap of a ${rows} x ${cols} matrix`,
    ariaDescription: `values from ${shortNumber(lo)} to ${shortNumber(hi)}`
  });
  return figureElement([plot], {
    className: "matrix-heatmap",
    caption: options.caption,
    ariaLabel:
      options.ariaLabel ??
      `Heatmap of ${rows} rows (${rowLabel}) by ${cols} columns (${colLabel}), ${valueLabel} from ${shortNumber(lo)} to ${shortNumber(hi)}`
  });
}

/** The smallest of 1, 2, 5, 10, 20, 50, ... cells between two tick labels that puts them `spacing` px apart. */
function tickStep(size: number, spacing: number): number {
  for (let step = 1; ; step *= 10) for (const k of [1, 2, 5]) if (k * step * size >= spacing) return k * step;
}

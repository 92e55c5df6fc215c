/**
 * Plot.plot for the site: every chart goes through here. Plot names each mark's and axis's <g> with an
 * aria-label ("line", "x-axis tick") but gives it no role, and ARIA allows aria-label on a <g> only with one
 * (axe-core's aria-prohibited-attr, serious): each labelled group gets role="group". The chart's own name and
 * description stay those of its `ariaLabel` and `ariaDescription` options.
 *
 * The rows of every mark are recorded on the chart (figureData.ts), so that the figure holding it offers them
 * as CSV with the command that recomputes their table. `data` says what to offer when the marks draw
 * points derived from table rows (`from`) or computed in the page (`computed`).
 */
import * as Plot from "@observablehq/plot";
import {appendDataLine, mergeSources, recordData, sourcesInCaption, sourcesOf} from "./figureData.js";

export interface ChartData {
  /** The rows offered, when they are not the marks' own (default: every mark's object rows). */
  rows?: readonly object[];
  /** The table rows the drawn points derive from (their tables are named; default: the rows offered). */
  from?: readonly object[];
  computed?: string;
}

export function plotChart(options: Plot.PlotOptions & {data?: ChartData}): ReturnType<typeof Plot.plot> {
  const {data, ...plotOptions} = options;
  const chart = Plot.plot(plotOptions);
  for (const group of Array.from(chart.querySelectorAll("g[aria-label]:not([role])")))
    group.setAttribute("role", "group");
  const rows = data?.rows ? [...data.rows] : markRows(plotOptions.marks);
  const figureData = {
    rows,
    sources: mergeSources(
      sourcesOf(data?.from ?? rows),
      sourcesInCaption(plotOptions.caption as string | Node | undefined)
    ),
    ...(data?.computed !== undefined ? {computed: data.computed} : {})
  };
  // Plot returns a <figure> of its own when the chart has a caption or a legend: the line goes under it.
  if (chart instanceof HTMLElement && chart.tagName === "FIGURE")
    appendDataLine(chart, figureData, plotOptions.ariaLabel ?? "chart");
  else recordData(chart, figureData);
  return chart;
}

/** The object rows of every mark (constants such as a rule at 0 are the chart's furniture, not its data). */
function markRows(marks: Plot.PlotOptions["marks"]): object[] {
  const rows = new Set<object>();
  const visit = (mark: unknown): void => {
    if (Array.isArray(mark)) return mark.forEach(visit);
    const data = mark && typeof mark === "object" ? (mark as {data?: unknown}).data : undefined;
    if (data && typeof data === "object" && Symbol.iterator in data)
      for (const row of data as Iterable<unknown>) if (row && typeof row === "object") rows.add(row);
  };
  visit(marks ?? []);
  return [...rows];
}

/**
 * Plot.plot for the site: every chart goes through here. Plot names each mark's and axis's <g> with an
 * aria-label ("line", "x-axis tick") but gives it no role, and ARIA allows aria-label on a <g> only with one
 * (axe-core's aria-prohibited-attr, serious): each labelled group gets role="group". The chart's own name and
 * description stay those of its `ariaLabel` and `ariaDescription` options.
 */
import * as Plot from "@observablehq/plot";

export function plotChart(options: Plot.PlotOptions): ReturnType<typeof Plot.plot> {
  const chart = Plot.plot(options);
  for (const group of Array.from(chart.querySelectorAll("g[aria-label]:not([role])")))
    group.setAttribute("role", "group");
  return chart;
}

/**
 * The frame shared by the site's multi-part figures: a <figure> with an accessible label, a colour
 * legend for series (HTML swatches), a key for the annotation symbols (bands, dashed rules, the
 * marker), and a caption.
 */
import * as Plot from "@observablehq/plot";
import {appendDataLine, collectData, mergeSources, sourcesInCaption} from "./figureData.js";

/** Colour of each series, from Plot's categorical scheme (the same colours every chart uses). */
export function seriesColors(
  domain: readonly string[],
  scheme: Plot.ColorScheme = "observable10"
): Map<string, string> {
  if (domain.length === 0) return new Map();
  const scale = Plot.scale({color: {type: "ordinal", scheme, domain: [...domain]}});
  return new Map(domain.map((d) => [d, String(scale.apply(d))]));
}

/** A legend of line swatches: "model: — mu — hals — adam". */
export function legendElement(domain: readonly string[], colors: Map<string, string>, label?: string): HTMLElement {
  const legend = document.createElement("div");
  legend.className = "figure-legend";
  legend.setAttribute("role", "list");
  legend.setAttribute("aria-label", `Legend${label ? ` (${label})` : ""}`);
  if (label) {
    const title = document.createElement("span");
    title.className = "figure-legend-title";
    title.textContent = `${label}:`;
    legend.append(title);
  }
  for (const name of domain) {
    const item = document.createElement("span");
    item.className = "figure-legend-item";
    item.setAttribute("role", "listitem");
    item.append(swatch(`<line x1="0" x2="18" y1="6" y2="6" stroke="${colors.get(name)}" stroke-width="3"/>`), name);
    legend.append(item);
  }
  return legend;
}

export type KeySymbol = "band" | "dashed" | "dashed-vertical" | "dotted-vertical" | "marker" | "dot" | "none";

export interface KeyEntry {
  symbol: KeySymbol;
  text: string;
  color?: string;
}

const symbols: Record<KeySymbol, (color: string) => string> = {
  band: () => `<rect x="0" y="0" width="18" height="12" fill="currentColor" fill-opacity="0.15"/>`,
  dashed: (c) => `<line x1="0" x2="18" y1="6" y2="6" stroke="${c}" stroke-dasharray="6,4" stroke-width="1.5"/>`,
  "dashed-vertical": (c) =>
    `<line x1="9" x2="9" y1="0" y2="12" stroke="${c}" stroke-dasharray="4,3" stroke-width="1.5"/>`,
  "dotted-vertical": (c) =>
    `<line x1="9" x2="9" y1="0" y2="12" stroke="${c}" stroke-dasharray="1,3" stroke-width="1.5"/>`,
  marker: (c) => `<line x1="9" x2="9" y1="0" y2="12" stroke="${c}" stroke-width="2"/>`,
  dot: (c) => `<circle cx="9" cy="6" r="4" fill="${c}"/>`,
  none: () => ""
};

/** The meaning of the figure's non-colour symbols. */
export function keyElement(entries: readonly KeyEntry[]): HTMLElement {
  const key = document.createElement("div");
  key.className = "figure-key";
  key.setAttribute("role", "list");
  key.setAttribute("aria-label", "Key");
  for (const {symbol, text, color} of entries) {
    const item = document.createElement("span");
    item.className = "figure-key-item";
    item.setAttribute("role", "listitem");
    item.append(swatch(symbols[symbol](color ?? (symbol === "marker" ? "#d6336c" : "currentColor"))), text);
    key.append(item);
  }
  return key;
}

function swatch(inner: string): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", "18");
  svg.setAttribute("height", "12");
  svg.setAttribute("aria-hidden", "true");
  svg.innerHTML = inner;
  return svg;
}

/**
 * A <figure role="group"> with its parts, a caption and an accessible label, and under them the data line
 * (figureData.ts): the CSV of the rows its charts and image grids draw and the command that recomputes them.
 * `computed`: what computes the rows when the page does (no experiment's table holds them).
 */
export function figureElement(
  parts: readonly Element[],
  {
    className,
    caption,
    ariaLabel,
    computed
  }: {className: string; caption?: string | Node; ariaLabel: string; computed?: string}
): HTMLElement {
  const figure = document.createElement("figure");
  figure.className = `nmf-figure ${className}`;
  figure.setAttribute("role", "group");
  figure.setAttribute("aria-label", ariaLabel);
  figure.append(...parts);
  if (caption !== undefined) {
    const figcaption = document.createElement("figcaption");
    figcaption.append(caption);
    figure.append(figcaption);
  }
  const data = collectData(parts);
  if (data) {
    const sources = mergeSources(data.sources, sourcesInCaption(caption));
    const merged = {...data, sources, ...(computed !== undefined && data.computed === undefined ? {computed} : {})};
    appendDataLine(figure, merged, ariaLabel);
  }
  return figure;
}

/**
 * The lab panel's figures: the charts (relative error, effective rank with its plateaus, leading
 * singular values; src/components/labCharts.ts) with their legend, and the images (the signatures,
 * rows of H, and one reconstruction), redrawn from what a run has shown so far.
 */
import type {LabProduct, LabRecord, Plateau} from "../../lab/index.js";
import {appendDataLine, collectData} from "./figureData.js";
import {imageGrid} from "./imageGrid.js";
import {errorChart, rankChart, spectrumChart} from "./labCharts.js";
import type {LabImages, LabPreset, ReferenceCurve} from "./labFiles.js";
import {backendName} from "./labResult.js";

/** What the figures show: a run's records so far (none before a run) and where they come from. */
export interface LabView {
  live: readonly LabRecord[];
  plateaus: readonly Plateau[];
  inPlateauSince?: number;
  /** The last step done. */
  step: number;
  /** The product at `step`, once read back. */
  product?: LabProduct;
  iterations: number;
  /** The rank of the product (the last layer's). */
  rank: number;
  /** The images of the run's source, once the lab's data is loaded (on the first run). */
  source?: LabImages;
  /** The precomputed configuration matching the inputs, if one does, and its curve once loaded. */
  preset?: LabPreset;
  reference?: ReferenceCurve;
  /** The tfjs backend of the last run, if there was one. */
  backend?: string;
  /** The panel's width in CSS pixels. */
  width: number;
}

export interface LabFigures {
  charts: HTMLElement;
  legend: HTMLElement;
  images: HTMLElement;
  /** Draws the charts; during a run, each in its own task (`pause` yields to the event loop). */
  drawCharts(view: LabView, pause?: () => Promise<void>): Promise<void>;
  drawImages(view: LabView): void;
}

export function labFigures(compact: boolean): LabFigures {
  const charts = document.createElement("div");
  charts.className = "lab-charts";
  const errorFigure = figure("lab-error");
  const rankFigure = figure("lab-rank");
  const spectrumFigure = figure("lab-spectrum");
  charts.append(errorFigure, rankFigure);
  if (!compact) charts.append(spectrumFigure);
  const legend = document.createElement("p");
  legend.className = "caption lab-legend";
  const images = document.createElement("div");
  images.className = "lab-images";
  const signatures = figure("lab-signatures");
  const reconstruction = figure("lab-reconstruction");
  images.append(signatures);
  if (!compact) images.append(reconstruction);

  async function drawCharts(view: LabView, pause?: () => Promise<void>): Promise<void> {
    const {preset, reference, width: w} = view;
    const columns = compact ? 2 : w >= 900 ? 3 : w >= 600 ? 2 : 1;
    const chartWidth = Math.floor((w - 16 * (columns - 1)) / columns);
    const height = compact ? 200 : 230;
    const common = {live: view.live, reference, iterations: view.iterations, width: chartWidth, height};
    for (const f of [errorFigure, rankFigure, spectrumFigure]) f.style.width = `${chartWidth}px`;
    legend.textContent =
      `Solid: this run${view.backend ? ` (${backendName(view.backend)})` : ""}. ` +
      (reference
        ? `Wide pale lines: the engine's precomputed run of the same configuration ("${reference.preset.label}", float64).`
        : preset
          ? `The engine's precomputed run of the same configuration ("${preset.label}") is drawn from the first Run on, when the lab's data is loaded.`
          : "No precomputed run has this configuration: choose one of the precomputed configurations to compare.");
    drawChart(errorFigure, errorChart(common), "Relative error");
    if (pause) await pause();
    drawChart(
      rankFigure,
      rankChart({...common, plateaus: view.plateaus, inPlateauSince: view.inPlateauSince, step: view.step}),
      "Effective rank; shaded: plateaus found so far (engine/plateaus.ts)"
    );
    if (compact) return;
    if (pause) await pause();
    drawChart(
      spectrumFigure,
      spectrumChart({...common, count: Math.min(10, view.rank)}),
      "Leading singular values of M = W H"
    );
  }

  function drawImages(view: LabView): void {
    if (!view.product || !view.source) {
      signatures.replaceChildren();
      reconstruction.replaceChildren();
      return;
    }
    const {source, step} = view;
    const {H} = view.product;
    const r = H.rows;
    const columns = Math.min(r, compact ? 10 : 20);
    signatures.replaceChildren(
      imageGrid(H, {
        shape: source.shape,
        scale: "each",
        columns,
        width: Math.min(view.width, columns * 56),
        titles: Array.from({length: r}, (_, k) => k + 1),
        computed: liveRun,
        caption: `Signatures: the ${r} rows of H at step ${step}, each scaled to its own maximum.`
      })
    );
    if (compact) return;
    const original = Float32Array.from(source.bytes.subarray(0, source.cols), (v) => v / 255);
    reconstruction.replaceChildren(
      imageGrid([original, firstRow(view.product)], {
        shape: source.shape,
        domain: [0, 1],
        columns: 2,
        width: 2 * 84 + 2,
        titles: ["image 1", "W H, row 1"],
        computed: liveRun,
        caption: `Image 1 of the data (label ${source.labels[0]}) and its reconstruction at step ${step}.`
      })
    );
  }

  return {charts, legend, images, drawCharts, drawImages};
}

/** Row 0 of Wc H: the reconstruction of the first image. */
function firstRow({Wc, H}: LabProduct): Float32Array {
  const row = new Float32Array(H.cols);
  for (let k = 0; k < H.rows; ++k) {
    const w0 = Wc.data[k];
    if (w0 === 0) continue;
    for (let j = 0; j < H.cols; ++j) row[j] += w0 * H.data[k * H.cols + j];
  }
  return row;
}

/** What computes the lab's figures (their data line says so instead of a command). */
const liveRun = "the run in your browser (the pale lines: the engine's precomputed run of the lab's presets)";

/** A chart with its caption and, under them, its data line. */
function drawChart(element: HTMLElement, chart: Element, text: string): void {
  // Collected before the chart joins the figure, which already holds a data line from the last drawing.
  const data = collectData([chart]);
  element.replaceChildren(chart, caption(text));
  if (data) appendDataLine(element, {...data, computed: liveRun}, text);
}

function figure(name: string): HTMLElement {
  const element = document.createElement("figure");
  element.className = `lab-figure ${name}`;
  element.dataset.testid = name;
  return element;
}

function caption(text: string): HTMLElement {
  const element = document.createElement("figcaption");
  element.textContent = text;
  return element;
}

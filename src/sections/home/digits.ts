/**
 * The home page's data section: the first digits of the MNIST subset (src/data/digits.arrow.ts),
 * their mean image and how close it is to X's first right singular vector, and their intensities.
 */
import * as Arrow from "apache-arrow";
import * as Plot from "@observablehq/plot";
import {plotChart} from "../../components/plot.js";
import {matrixFromColumn, metadataJson, type TableMatrix} from "../../components/arrow.js";
import {engine} from "../../components/browserEngine.js";
import {imageGrid} from "../../components/imageGrid.js";

/** The digits of data/digits.arrow and what the page says about them. */
export interface DigitSample {
  /** Grey levels 0..255, one digit per row. */
  digits: TableMatrix;
  labels: ArrayLike<number>;
  shape: number[];
  provenance: {spec: string; subset: number; dataSeed: number; hash: string};
  /** "mnist:2000 (2000 of the embedded MNIST's 10,000 digits picked by data seed 112; content hash ...)". */
  configuration: string;
  /** The mean image of the digits, in [0, 1]. */
  mean: Float64Array;
  /** ‖X‖²_F of the digits in [0, 1]. */
  frobeniusSquared: number;
  /** |cos| between the mean image and X's first right singular vector. */
  meanCosine: number;
  /** The mean pixel intensity of each digit, with its label. */
  intensities: {label: number; intensity: number}[];
}

/** Decodes data/digits.arrow and computes the mean image, its cosine with X's first direction and the intensities. */
export function digitSample(bytes: ArrayBuffer): DigitSample {
  const table = Arrow.tableFromIPC(new Uint8Array(bytes));
  const digits = matrixFromColumn(table, "pixels");
  const provenance = metadataJson<DigitSample["provenance"]>(table, "provenance");
  const labels = table.getChild("label")!.toArray() as ArrayLike<number>;
  // The digits as an engine matrix in [0, 1], and their mean image (float64 sums, as the engine does).
  const X = engine.matrix(
    digits.rows,
    digits.cols,
    Float32Array.from(digits.data, (v) => v / 255)
  );
  const mean = new Float64Array(X.cols);
  for (let i = 0; i < X.rows; ++i) for (let j = 0; j < X.cols; ++j) mean[j] += X.data[i * X.cols + j] / X.rows;
  // How close the mean image is to X's first right singular vector (computed here on these digits).
  const firstDirection = engine.truncatedSvd(X, 1).V;
  let dot = 0;
  let meanNorm = 0;
  for (let j = 0; j < X.cols; ++j) {
    dot += mean[j] * firstDirection[j];
    meanNorm += mean[j] * mean[j];
  }
  return {
    digits,
    labels,
    shape: metadataJson<number[]>(table, "shape"),
    provenance,
    configuration: `${provenance.spec} (${provenance.subset} of the embedded MNIST's 10,000 digits picked by data seed ${provenance.dataSeed}; content hash ${provenance.hash})`,
    mean,
    frobeniusSquared: engine.frobeniusSquared(X),
    meanCosine: Math.abs(dot) / Math.sqrt(meanNorm),
    intensities: Array.from({length: X.rows}, (_, i) => ({
      label: labels[i],
      intensity: X.data.subarray(i * X.cols, (i + 1) * X.cols).reduce((s, v) => s + v, 0) / X.cols
    }))
  };
}

/** The digits with their labels, one row of X each (the figure has id `digits`); `invert` draws ink on paper. */
export function digitsFigure(sample: DigitSample, invert: boolean) {
  return (width: number) => {
    const figure = imageGrid(sample.digits, {
      invert,
      width,
      shape: sample.shape,
      columns: Math.min(16, Math.max(4, Math.floor(width / 48))),
      titles: sample.labels,
      computed: "the first digits of the data, written by the loader src/data/digits.arrow.ts",
      caption: `The first ${sample.digits.rows} digits of ${sample.configuration}, with their labels: each is one row of X. Grey level 0 is ${invert ? "white" : "black"}.`
    });
    figure.id = "digits";
    return figure;
  };
}

/** The mean digit, with its cosine to X's first right singular vector in the caption. */
export function meanDigitFigure(sample: DigitSample): HTMLElement {
  const {provenance: p, digits} = sample;
  return imageGrid([sample.mean], {
    shape: sample.shape,
    width: 168,
    columns: 1,
    computed: "the mean of the digits above, computed in your browser",
    caption: `Mean image of the ${digits.rows} digits above (${p.spec}, data seed ${p.dataSeed}); ‖X‖²_F = ${sample.frobeniusSquared.toFixed(1)}. Its cosine with the first right singular vector of these digits is ${sample.meanCosine.toFixed(3)}: X's strongest direction, the first one training learns, is nearly the mean digit.`
  });
}

/** A histogram of the digits' mean pixel intensities. */
export function intensityHistogram(sample: DigitSample) {
  const {provenance: p, digits} = sample;
  return (width: number) =>
    plotChart({
      width,
      height: 220,
      x: {label: "Mean pixel intensity (0 to 1)"},
      y: {label: "Images", grid: true},
      marks: [
        Plot.rectY(sample.intensities, Plot.binX({y: "count"}, {x: "intensity", thresholds: 12})),
        Plot.ruleY([0])
      ],
      data: {computed: "the mean intensity of each digit above, computed in your browser"},
      caption: `Mean pixel intensity of each of the ${digits.rows} digits (${p.spec}, data seed ${p.dataSeed}).`
    });
}

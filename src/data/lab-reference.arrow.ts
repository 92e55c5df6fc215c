// Data loader: the engine's runs of the lab's preset configurations, for the lab to draw beside its
// live runs (src/components/lab.ts). Arrow (IPC file), long format, one row per recorded step:
//   preset (Utf8), step (Int32), relativeError (Float64), effectiveRank (Float64),
//   singularValues (FixedSizeList<Float32>[10], leading singular values of the product).
// Schema metadata: `presets` (JSON: id, label, the full configuration, final values, plateaus,
// wall time) and `provenance` of the data.
//
// The data is exactly what the page trains on by default: the first 500 of the lab's 1,000 digits,
// dequantized from the bytes of lab-mnist.arrow (byte / 255 as float32).
import * as Arrow from "apache-arrow";
import {defaultDataSeed, loadData} from "../../datasets/index.js";
import {fit, leadingSvd, type FitOptions} from "../../engine/index.js";
import {dequantize, dequantizedProvenance, labDefaultRows, labMnistSpec, quantize} from "./labImages.js";

/** A configuration as the lab's inputs hold it: every field explicit. */
interface PresetConfig {
  data: "mnist";
  rows: number;
  model: FitOptions["model"];
  ranks: number[];
  iterations: number;
  loss: "global" | "layerwise";
  optimizer: "adam" | "gd";
  lr: number;
  init: "random";
  initScale: number;
  seed: number;
}

const base = {data: "mnist", rows: labDefaultRows, init: "random", seed: 0, loss: "global", lr: 1e-2} as const;
const presets: {id: string; label: string; config: PresetConfig}[] = [
  {
    id: "mu",
    label: "MU from a random init (the lab's default)",
    config: {...base, model: "mu", ranks: [10], iterations: 300, optimizer: "adam", initScale: 1}
  },
  {
    id: "mu-small-init",
    label: "MU from a small init (1e-3)",
    config: {...base, model: "mu", ranks: [10], iterations: 300, optimizer: "adam", initScale: 1e-3}
  },
  {
    id: "hals",
    label: "HALS from a random init",
    config: {...base, model: "hals", ranks: [10], iterations: 100, optimizer: "adam", initScale: 1}
  },
  {
    id: "adam-small-init",
    label: "Adam from a small init (1e-3)",
    config: {...base, model: "adam", ranks: [10], iterations: 500, optimizer: "adam", initScale: 1e-3}
  },
  {
    id: "gd-small-init",
    label: "Gradient descent from a small init (1e-3)",
    config: {...base, model: "gd", ranks: [10], iterations: 1000, optimizer: "gd", lr: 1e-3, initScale: 1e-3}
  },
  {
    id: "deep-global",
    label: "Deep NMF, 2 layers (20, 10), global loss, Adam, init 1e-2",
    config: {...base, model: "deep", ranks: [20, 10], iterations: 1000, optimizer: "adam", initScale: 1e-2}
  },
  {
    id: "deep-layerwise",
    label: "Deep NMF, 2 layers (20, 10), layer-wise loss, Adam, init 1e-2",
    config: {
      ...base,
      model: "deep",
      ranks: [20, 10],
      iterations: 500,
      optimizer: "adam",
      initScale: 1e-2,
      loss: "layerwise"
    }
  }
];
const topK = 10;

// The page's default data, bit for bit.
const {X: full, provenance} = await loadData(labMnistSpec, {dataSeed: defaultDataSeed});
const X = dequantize(quantize(full), labDefaultRows, full.cols);
// X's singular values and pairs once, for every preset's fit (the mode alignment).
const {singularValues: dataSingularValues, vectors: dataSingularVectors} = leadingSvd(X, topK);

const preset: string[] = [],
  step: number[] = [],
  relativeError: number[] = [],
  effectiveRank: number[] = [],
  singularValues: number[] = [];
const summaries = [];
for (const {id, label, config} of presets) {
  const {data, rows, ...options} = config;
  const result = fit(X, {...options, topK}, {dataSingularValues, dataSingularVectors});
  const t = result.trajectory;
  for (let i = 0; i < t.step.length; ++i) {
    preset.push(id);
    step.push(t.step[i]);
    relativeError.push(t.relativeError[i]);
    effectiveRank.push(t.effectiveRank[i]);
    for (let k = 0; k < topK; ++k) singularValues.push(t.singularValues[i * topK + k]);
  }
  const last = t.step.length - 1;
  summaries.push({
    id,
    label,
    config: {data, rows, ...options},
    final: {
      iterations: result.iterations,
      relativeError: t.relativeError[last],
      effectiveRank: t.effectiveRank[last],
      stopReason: result.stopReason
    },
    plateaus: result.plateaus,
    wallMs: Math.round(result.wallMs)
  });
  process.stderr.write(
    `lab-reference: ${id}: ${result.iterations} iterations, relative error ${t.relativeError[last].toFixed(5)}, ` +
      `effective rank ${t.effectiveRank[last].toFixed(3)} (${(result.wallMs / 1000).toFixed(1)} s)\n`
  );
}

const listType = new Arrow.FixedSizeList(topK, new Arrow.Field("value", new Arrow.Float32(), false));
const table = new Arrow.Table({
  preset: Arrow.vectorFromArray(preset, new Arrow.Utf8()),
  step: Arrow.makeVector(Int32Array.from(step)),
  relativeError: Arrow.makeVector(Float64Array.from(relativeError)),
  effectiveRank: Arrow.makeVector(Float64Array.from(effectiveRank)),
  singularValues: Arrow.makeVector(
    Arrow.makeData({
      type: listType,
      length: step.length,
      nullCount: 0,
      child: Arrow.makeData({
        type: new Arrow.Float32(),
        length: singularValues.length,
        nullCount: 0,
        data: Float32Array.from(singularValues)
      })
    })
  )
});
const quantization = "round(255 v) as uint8; the page uses byte / 255 as float32";
const metadata = new Map([
  ["presets", JSON.stringify(summaries)],
  ["provenance", JSON.stringify(dequantizedProvenance(provenance, labMnistSpec, X, quantization))]
]);
process.stdout.write(
  Arrow.tableToIPC(new Arrow.Table(new Arrow.Schema(table.schema.fields, metadata), table.batches), "file")
);

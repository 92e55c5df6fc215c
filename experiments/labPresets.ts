import {defaultDataSeed} from "../datasets/index.js";
import type {FitOptions} from "../engine/index.js";
import type {DataRef, Experiment, RunSpec} from "./types.js";

/** A configuration as the lab's inputs hold it: every field explicit. */
export interface LabPresetConfig {
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

/** The digits the lab ships (src/data/imageBytes.ts) and how many of them its runs take by default. */
export const labDigits = {spec: "mnist:1000", rows: 500};

/** Leading singular values recorded per step. */
const topK = 10;

const base = {data: "mnist", rows: labDigits.rows, init: "random", seed: 0, loss: "global", lr: 1e-2} as const;

/** The configurations the lab offers as presets, each drawn beside the reader's live run. */
export const labPresets: {id: string; label: string; config: LabPresetConfig}[] = [
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

/** The lab's data: its digits as the page decodes them (byte / 255 in float32), the first `rows`. */
const labData: DataRef = {
  spec: labDigits.spec,
  dataSeed: defaultDataSeed,
  transform: {kind: "bytes", rows: labDigits.rows}
};

/**
 * The engine's runs of the lab's presets (src/components/lab.ts draws them beside a live run, and the
 * lab's browser tests compare tfjs with them). The same at every profile: the lab's scale is fixed.
 * Table `curves`: preset (utf8), step (int32), relativeError, effectiveRank (float64), singularValues
 * (FixedSizeList<float32>[10], the product's leading singular values); schema metadata `presets` (JSON:
 * id, label, configuration, final values, plateaus, wall time) and `provenance` of the data.
 */
export const labPresetsExperiment: Experiment = {
  name: "lab-presets",
  description: "the engine's runs of the browser lab's preset configurations, on the lab's own digits",
  tables: ["curves"],
  plan() {
    const runs: RunSpec[] = labPresets.map(({id, config}) => {
      const {data, rows, ...options} = config;
      return {id, data: labData, fit: {...options, topK}};
    });
    return {configuration: {presets: labPresets, data: labData, topK}, runs};
  },
  build({runs, data}) {
    const preset: string[] = [],
      step: number[] = [],
      relativeError: number[] = [],
      effectiveRank: number[] = [],
      singularValues: number[] = [];
    const summaries = runs.map(({spec, output}) => {
      const t = output.trajectory;
      for (let i = 0; i < t.step.length; ++i) {
        preset.push(spec.id);
        step.push(t.step[i]);
        relativeError.push(t.relativeError[i]);
        effectiveRank.push(t.effectiveRank[i]);
        for (let k = 0; k < topK; ++k) singularValues.push(t.singularValues[i * topK + k]);
      }
      const last = t.step.length - 1;
      const {id, label, config} = labPresets.find((p) => p.id === spec.id)!;
      return {
        id,
        label,
        config,
        final: {
          iterations: output.iterations,
          relativeError: t.relativeError[last],
          effectiveRank: t.effectiveRank[last],
          stopReason: output.stopReason
        },
        plateaus: output.plateaus,
        wallMs: Math.round(output.wallMs)
      };
    });
    const provenance = data[0] ? {...data[0].provenance, spec: labDigits.spec} : {spec: labDigits.spec};
    return {
      curves: {
        columns: {
          preset,
          step: Int32Array.from(step),
          relativeError: Float64Array.from(relativeError),
          effectiveRank: Float64Array.from(effectiveRank),
          singularValues: {listSize: topK, values: Float32Array.from(singularValues)}
        },
        metadata: {presets: JSON.stringify(summaries), provenance: JSON.stringify(provenance)}
      }
    };
  }
};

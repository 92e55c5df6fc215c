/**
 * The lab panel: inputs, Run / Stop / Reset, live charts (relative error, effective rank with its
 * plateaus, leading singular values), the signatures (rows of H) and one reconstruction, redrawn as
 * a tfjs run (lab/train.ts) goes, beside the engine's precomputed run of the same configuration when
 * there is one (the experiment lab-presets (experiments/labPresets.ts)).
 *
 *   import * as tf from "./vendor/tf.js";
 *   import {labPanel, loadLabData} from "./components/lab.js";
 *   display(labPanel(tf, await loadLabData(), {compact: true, defaults: {model: "adam", initScale: 1e-3}}));
 *
 * Hooks for automated checks: the Run button has `data-testid="lab-run"`; when a run ends, an
 * element `data-testid="lab-result"` appears with `data-relative-error`, `data-iterations`,
 * `data-backend`, `data-ms` (from the click to the last redraw), `data-stop-reason`, `data-run` (a
 * counter) and `data-tensors` (tf.memory().numTensors once the run has cleaned up; `data-tensors-before`
 * at its start).
 */
import type * as LabModule from "../../lab/index.js";
import type {LabRecord, LabResult, Plateau} from "../../lab/index.js";
// @ts-expect-error The lab's bundle (scripts/bundle.ts) has no declarations; it is typed from its source just below.
import * as labBundle from "../vendor/lab.js";
import {imageGrid} from "./imageGrid.js";
import {errorChart, rankChart, spectrumChart} from "./labCharts.js";
import {loadLabData, type LabImages, type LabPageData, type LabPreset, type ReferenceCurve} from "./labFiles.js";
import {
  allFields,
  compactFields,
  labConfig,
  labDefaults,
  labForm,
  labSetup,
  type LabField,
  type LabSettings
} from "./labForm.js";
import {selectBackend, type BackendName} from "./tfBackend.js";

export {loadLabData, labDefaults, type LabSettings, type LabPageData};

const lab: typeof LabModule = labBundle;

type Tf = Parameters<typeof selectBackend>[0];

export interface LabPanelOptions {
  /** Starting values of the inputs (the lab's default: MU, 500 digits, rank 10, 300 iterations, seed 0). */
  defaults?: Partial<LabSettings>;
  /** A smaller panel for the write-up pages: fewer inputs, two charts, the signatures. */
  compact?: boolean;
  /** The inputs shown (default: all, or a few when compact); the others keep their defaults. */
  inputs?: LabField[];
  /** Width in CSS pixels (default: the panel's own width once displayed, else 640). */
  width?: number;
}

/** The panel element, with methods for the page's prose ("try a smaller init scale"). */
export interface LabPanel extends HTMLElement {
  /** Sets inputs (stopping a run in progress); with `run`, starts a run with them. */
  configure(settings: Partial<LabSettings>, options?: {run?: boolean}): void;
  run(): Promise<void>;
  stop(): void;
  reset(): void;
}

/** Milliseconds between two redraws of the charts and images during a run. */
const redrawEveryMs = 150;

export function labPanel(tf: Tf, data: LabPageData, options: LabPanelOptions = {}): LabPanel {
  const compact = options.compact ?? false;
  const defaults: LabSettings = {...labDefaults, ...options.defaults};
  const fields = options.inputs ?? (compact ? compactFields : allFields);
  const keys = new Map(data.presets.map((preset) => [lab.trajectoryKey(preset.config), preset]));

  const panel = document.createElement("div") as unknown as LabPanel;
  panel.className = `lab-panel${compact ? " lab-compact" : ""}`;
  panel.append(style());

  // Inputs, presets, buttons, status.
  const presetSelect = document.createElement("select");
  presetSelect.dataset.testid = "lab-preset";
  presetSelect.append(new Option("(your own)", ""));
  for (const preset of data.presets) presetSelect.append(new Option(preset.label, preset.id));
  const presetLabel = document.createElement("label");
  presetLabel.className = "lab-field lab-field-preset";
  presetLabel.append(
    Object.assign(document.createElement("span"), {textContent: "Precomputed configurations"}),
    presetSelect
  );

  const form = labForm(
    data.sources.map((s) => ({id: s.id, label: s.label, minRows: s.minRows, maxRows: s.maxRows, cols: s.cols})),
    {
      defaults,
      fields,
      validate: (config, shape) =>
        lab.validateLabConfig(lab.matrix(shape.rows, shape.cols, new Float32Array(shape.rows * shape.cols)), config),
      onChange: () => {
        // A run in progress stops; a finished one no longer matches the inputs and is cleared.
        if (running) stop("an input changed");
        else clearRun();
        refresh();
      }
    }
  );
  const button = (text: string, testid: string, onClick: () => void) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.dataset.testid = testid;
    b.addEventListener("click", onClick);
    return b;
  };
  const runButton = button("Run", "lab-run", () => void run());
  const stopButton = button("Stop", "lab-stop", () => stop("stopped"));
  const resetButton = button("Reset", "lab-reset", () => void reset());
  stopButton.disabled = true;
  const buttons = document.createElement("div");
  buttons.className = "lab-buttons";
  buttons.append(runButton, stopButton, resetButton);
  const message = document.createElement("p");
  message.className = "lab-message";
  message.dataset.testid = "lab-message";
  message.setAttribute("role", "alert");
  const status = document.createElement("p");
  status.className = "lab-status";
  status.dataset.testid = "lab-status";
  status.setAttribute("aria-live", "polite");
  const resultSlot = document.createElement("div");
  resultSlot.className = "lab-result-slot";

  const controls = document.createElement("div");
  controls.className = "lab-controls";
  if (!compact || options.inputs) controls.append(presetLabel);
  controls.append(form.element, buttons, message, status, resultSlot);

  // Figures.
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
  panel.append(controls, charts, legend, images);

  // State of the panel.
  let running: {controller: AbortController; done: Promise<void>} | undefined;
  let stopWhy = "";
  let runCount = 0;
  let live: LabRecord[] = [];
  let plateaus: readonly Plateau[] = [];
  let inPlateauSince: number | undefined;
  let liveStep = 0;
  let settings: LabSettings = defaults;
  /** The settings of what the figures show: the run's while there is one, else the inputs'. */
  let drawnSettings: LabSettings = defaults;
  let product: LabModule.LabProduct | undefined;
  let backendInUse: string | undefined;
  let autoBackend: BackendName | undefined;

  const width = () => options.width ?? Math.max(200, Math.min(panel.clientWidth || 640, 1200));

  /** The source and reference curve of the current inputs. */
  function context(s: LabSettings): {source: LabImages; reference?: ReferenceCurve; preset?: LabPreset} {
    const source = data.sources.find((x) => x.id === s.data) ?? data.sources[0];
    const preset = keys.get(lab.trajectoryKey(labSetup(s)));
    return {source, preset, reference: preset && data.curves.get(preset.id)};
  }

  /** Draws the charts; during a run, each in its own task (`pause` yields to the event loop). */
  async function drawCharts(pause?: () => Promise<void>): Promise<void> {
    const {reference} = context(drawnSettings);
    const w = width();
    const columns = compact ? 2 : w >= 900 ? 3 : w >= 600 ? 2 : 1;
    const chartWidth = Math.floor((w - 16 * (columns - 1)) / columns);
    const height = compact ? 200 : 230;
    const common = {live, reference, iterations: drawnSettings.iterations, width: chartWidth, height};
    for (const f of [errorFigure, rankFigure, spectrumFigure]) f.style.width = `${chartWidth}px`;
    legend.textContent =
      `Solid: this run${backendInUse ? ` (tfjs, ${backendInUse})` : ""}. ` +
      (reference
        ? `Wide pale lines: the engine's precomputed run of the same configuration ("${reference.preset.label}", float64).`
        : "No precomputed run has this configuration: choose one of the precomputed configurations to compare.");
    errorFigure.replaceChildren(errorChart(common), caption("Relative error"));
    if (pause) await pause();
    rankFigure.replaceChildren(
      rankChart({...common, plateaus, inPlateauSince, step: liveStep}),
      caption("Effective rank; shaded: plateaus found so far (engine/plateaus.ts)")
    );
    if (compact) return;
    if (pause) await pause();
    spectrumFigure.replaceChildren(
      spectrumChart({...common, count: Math.min(10, drawnSettings.ranks[drawnSettings.ranks.length - 1])}),
      caption("Leading singular values of M = W H")
    );
  }

  function drawImages(): void {
    const {source} = context(drawnSettings);
    if (!product) {
      signatures.replaceChildren();
      reconstruction.replaceChildren();
      return;
    }
    const w = width();
    const {Wc, H} = product;
    const r = H.rows;
    signatures.replaceChildren(
      imageGrid(H, {
        shape: source.shape,
        scale: "each",
        columns: Math.min(r, compact ? 10 : 20),
        width: Math.min(w, Math.min(r, compact ? 10 : 20) * 56),
        titles: Array.from({length: r}, (_, k) => k + 1),
        caption: `Signatures: the ${r} rows of H at step ${liveStep}, each scaled to its own maximum.`
      })
    );
    if (compact) return;
    // The first image and its reconstruction, row 0 of Wc H.
    const row = new Float32Array(H.cols);
    for (let k = 0; k < r; ++k) {
      const w0 = Wc.data[k];
      if (w0 === 0) continue;
      for (let j = 0; j < H.cols; ++j) row[j] += w0 * H.data[k * H.cols + j];
    }
    const original = Float32Array.from(source.bytes.subarray(0, source.cols), (v) => v / 255);
    reconstruction.replaceChildren(
      imageGrid([original, row], {
        shape: source.shape,
        domain: [0, 1],
        columns: 2,
        width: 2 * 84 + 2,
        titles: ["image 1", "W H, row 1"],
        caption: `Image 1 of the data (label ${source.labels[0]}) and its reconstruction at step ${liveStep}.`
      })
    );
  }

  function refresh(): void {
    const read = form.read();
    message.textContent = read.error ?? "";
    if (read.settings) settings = read.settings;
    const {preset} = context(settings);
    presetSelect.value = preset && preset.config.iterations === settings.iterations ? preset.id : "";
    if (!running && live.length === 0) {
      drawnSettings = settings;
      void drawCharts();
    }
  }

  function clearRun(): void {
    live = [];
    plateaus = [];
    inPlateauSince = undefined;
    liveStep = 0;
    product = undefined;
    resultSlot.replaceChildren();
    drawImages();
  }

  function stop(why: string): void {
    if (!running) return;
    stopWhy = why;
    running.controller.abort();
  }

  async function reset(): Promise<void> {
    if (running) {
      stop("reset");
      await running.done;
    }
    clearRun();
    status.textContent = "";
    refresh();
  }

  async function run(): Promise<void> {
    const clicked = performance.now();
    if (running) {
      stop("restarted");
      await running.done;
    }
    const read = form.read();
    if (read.error !== undefined) {
      message.textContent = read.error;
      status.textContent = "Not run: fix the input above.";
      return;
    }
    const run = read.settings;
    settings = drawnSettings = run;
    message.textContent = "";
    const controller = new AbortController();
    let finish!: () => void;
    running = {controller, done: new Promise<void>((resolve) => (finish = resolve))};
    stopWhy = "";
    const thisRun = ++runCount;
    runButton.disabled = true;
    stopButton.disabled = false;
    clearRun();
    try {
      backendInUse = await chooseBackend(tf, run.backend);
      const tensorsBefore = tf.memory().numTensors;
      const {source, reference} = context(run);
      const X = lab.matrix(
        run.rows,
        source.cols,
        Float32Array.from(source.bytes.subarray(0, run.rows * source.cols), (v) => v / 255)
      );
      status.textContent = `Running on ${backendInUse}…`;
      let lastDraw = 0;
      const result: LabResult = await lab.train(tf, X, labConfig(run), {
        signal: controller.signal,
        onUpdate: async (update) => {
          live.push(...update.records);
          plateaus = update.plateaus;
          inPlateauSince = update.inPlateauSince;
          liveStep = update.step;
          status.textContent = `Step ${update.step} of ${drawnSettings.iterations} on ${backendInUse}, ${Math.round(performance.now() - clicked)} ms`;
          if (performance.now() - lastDraw < redrawEveryMs) return;
          product = await update.readProduct();
          // Each figure gets its own task, apart from the iterations: no task grows long.
          await lab.yieldToEventLoop();
          await drawCharts(lab.yieldToEventLoop);
          await lab.yieldToEventLoop();
          drawImages();
          lastDraw = performance.now();
        }
      });
      live = result.records;
      plateaus = result.plateaus;
      inPlateauSince = undefined;
      liveStep = result.iterations;
      product = result.product;
      await lab.yieldToEventLoop();
      await drawCharts(lab.yieldToEventLoop);
      await lab.yieldToEventLoop();
      drawImages();
      const ms = performance.now() - clicked;
      showResult(result, ms, thisRun, tensorsBefore, reference);
    } catch (error) {
      message.textContent = lab.isInputError(error) ? error.message : `The run failed: ${(error as Error).message}`;
      status.textContent = "";
    } finally {
      running = undefined;
      runButton.disabled = false;
      stopButton.disabled = true;
      finish();
    }
  }

  function showResult(
    result: LabResult,
    ms: number,
    thisRun: number,
    tensorsBefore: number,
    reference: ReferenceCurve | undefined
  ): void {
    const last = result.records[result.records.length - 1];
    const output = document.createElement("output");
    output.className = "lab-result";
    output.dataset.testid = "lab-result";
    Object.assign(output.dataset, {
      relativeError: String(last.relativeError),
      effectiveRank: String(last.effectiveRank),
      iterations: String(result.iterations),
      backend: result.backend,
      ms: String(Math.round(ms)),
      trainMs: String(Math.round(result.wallMs)),
      stopReason: result.stopReason,
      run: String(thisRun),
      tensors: String(tf.memory().numTensors),
      tensorsBefore: String(tensorsBefore),
      plateaus: String(result.plateaus.length)
    });
    const why =
      result.stopReason === "aborted"
        ? ` (${stopWhy || "stopped"})`
        : result.stopReason === "plateau"
          ? " (early stopping: a plateau outlasted the patience)"
          : result.stopReason === "diverged"
            ? ` (diverged at step ${result.divergedAt}: try a smaller learning rate)`
            : "";
    let text =
      `Relative error ${last.relativeError.toFixed(5)}, effective rank ${last.effectiveRank.toFixed(3)} after ` +
      `${result.iterations} iterations${why}, ${Math.round(ms)} ms on tfjs ${result.backend}, ` +
      `${result.plateaus.length} plateau${result.plateaus.length === 1 ? "" : "s"}.`;
    if (reference) {
      const i = reference.step.indexOf(result.iterations);
      if (i >= 0) {
        const engine = reference.relativeError[i];
        output.dataset.engineRelativeError = String(engine);
        text += ` The engine (float64) at the same step: ${engine.toFixed(5)}.`;
      }
    }
    output.textContent = text;
    resultSlot.replaceChildren(output);
    status.textContent = "";
  }

  panel.configure = (values, {run: start = false} = {}) => {
    if (running) stop("an input changed");
    else clearRun();
    form.set(values);
    refresh();
    if (start) void run();
  };
  panel.run = run;
  panel.stop = () => stop("stopped");
  panel.reset = () => void reset();

  presetSelect.addEventListener("change", () => {
    const preset = data.presets.find((p) => p.id === presetSelect.value);
    if (!preset) return;
    const {config} = preset;
    panel.configure({
      data: config.data as LabSettings["data"],
      rows: config.rows,
      model: config.model,
      ranks: config.ranks,
      loss: config.loss ?? "global",
      optimizer: config.optimizer ?? "adam",
      init: config.init ?? "random",
      initScale: config.initScale ?? 1,
      lr: config.lr ?? 0.01,
      iterations: config.iterations,
      seed: config.seed ?? 0,
      earlyStop: false
    });
  });

  // Redraw at the new width when the panel is resized (and once it is first displayed).
  let drawnWidth = 0;
  if (typeof ResizeObserver === "function" && options.width === undefined)
    new ResizeObserver(() => {
      if (Math.abs(panel.clientWidth - drawnWidth) < 8 || running) return;
      drawnWidth = panel.clientWidth;
      void drawCharts();
      drawImages();
    }).observe(panel);

  refresh();
  return panel;

  /** The backend for this run: the chosen one, or the automatic order (webgl on a GPU, else wasm, else cpu; found once). */
  async function chooseBackend(tf: Tf, choice: LabSettings["backend"]): Promise<string> {
    if (choice !== "auto") return selectBackend(tf, [choice]);
    autoBackend ??= await selectBackend(tf);
    if (tf.getBackend() !== autoBackend) await selectBackend(tf, [autoBackend]);
    return autoBackend;
  }
}

/**
 * A button for the page's prose, e.g. "try a smaller init scale": sets the panel's inputs to the lab's
 * defaults changed by `settings` (the reader's backend choice stays) and runs.
 */
export function labSuggestion(panel: LabPanel, text: string, settings: Partial<LabSettings>): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "lab-suggestion";
  b.textContent = text;
  b.addEventListener("click", () => {
    const {backend: _, ...defaults} = labDefaults;
    panel.configure({...defaults, ...settings}, {run: true});
    panel.scrollIntoView({behavior: "smooth", block: "nearest"});
  });
  return b;
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

function style(): HTMLStyleElement {
  const element = document.createElement("style");
  element.textContent = `
.lab-panel { margin: 1rem 0; font: 14px var(--sans-serif); }
.lab-inputs { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 0.4rem 1rem; margin: 0.5rem 0; }
.lab-field { display: flex; flex-direction: column; gap: 0.15rem; font-size: 13px; }
.lab-field > span { color: var(--theme-foreground-muted); }
.lab-field-earlyStop { flex-direction: row; align-items: center; gap: 0.4rem; }
.lab-field-off { opacity: 0.45; }
.lab-field-preset { max-width: 640px; margin-bottom: 0.3rem; }
.lab-field input[type=number], .lab-field input[type=text], .lab-field select { font: inherit; max-width: 100%; }
.lab-buttons { display: flex; gap: 0.5rem; margin: 0.5rem 0; }
.lab-buttons button { font: inherit; padding: 0.25rem 0.9rem; }
.lab-message { color: var(--theme-red, #c00); margin: 0.2rem 0; min-height: 1.2em; }
.lab-status { color: var(--theme-foreground-muted); margin: 0.2rem 0; min-height: 1.2em; font-variant-numeric: tabular-nums; }
.lab-result { display: block; margin: 0.3rem 0; padding: 0.4rem 0.6rem; border-left: 3px solid var(--theme-foreground-focus, #3b5fc0); background: var(--theme-background-alt); max-width: 720px; }
.lab-charts { display: flex; flex-wrap: wrap; gap: 16px; }
.lab-figure { margin: 0.5rem 0; }
.lab-images { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.lab-suggestion { font: inherit; font-size: 0.95em; padding: 0 0.4rem; cursor: pointer; }
`;
  return element;
}

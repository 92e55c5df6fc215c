/**
 * The lab panel: inputs, Run / Stop / Reset, live charts (relative error, effective rank with its
 * plateaus, leading singular values), the signatures (rows of H) and one reconstruction, redrawn as
 * a tfjs run (lab/train.ts) goes, beside the engine's precomputed run of the same configuration when
 * there is one (the experiment lab-presets (experiments/labPresets.ts)).
 *
 *   import {labPanel, loadLabCatalog} from "./components/lab.js";
 *   display(labPanel(await loadLabCatalog(), {compact: true, defaults: {model: "adam", initScale: 1e-3}}));
 *
 * At load the panel needs only the lab's catalog (a few kilobytes: the inputs and the precomputed
 * configurations); the images, the engine's curves, tfjs and the engine's worker are fetched on the first Run.
 *
 * Hooks for automated checks: the Run button has `data-testid="lab-run"`; when a run ends, an
 * element `data-testid="lab-result"` appears with `data-relative-error`, `data-iterations`,
 * `data-backend`, `data-backend-why` ("chosen", or the automatic choice's measurement, or why a choice fell
 * back), `data-ms` (from the click to the last redraw), `data-stop-reason`, `data-run` (a
 * counter) and `data-tensors` (tf.memory().numTensors once the run has cleaned up; `data-tensors-before`
 * at its start). The seed and iterations inputs are `data-testid="lab-seed"` and `"lab-iterations"`, the
 * download links `lab-download-arrow` and `lab-download-csv`, the note on an address's ignored parameters
 * `lab-address-message`.
 *
 * With `address: true` (the Lab page) the panel reads its inputs from the page's query string and keeps
 * them there (src/components/labAddress.ts); other panels link to the Lab page with their inputs.
 */
import type {LabProduct, LabRecord, LabResult, LabUpdate, Plateau} from "../../lab/index.js";
import {lab} from "./labBundle.js";
import {applyQuery, ignoredMessage, queryOfSettings} from "./labAddress.js";
import {labControls, presetSettings, type LabControls} from "./labControls.js";
import {downloadLinks} from "./labDownload.js";
import {labFigures, type LabView} from "./labFigures.js";
import {
  loadLabCatalog,
  loadLabData,
  type LabCatalog,
  type LabImages,
  type LabPageData,
  type LabPreset,
  type LabSource,
  type ReferenceCurve
} from "./labFiles.js";
import {
  allFields,
  compactFields,
  labDefaults,
  labForm,
  labSetup,
  type LabField,
  type LabForm,
  type LabSettings
} from "./labForm.js";
import {resultOutput} from "./labResult.js";
import {labRunner, type LabRunner, type RunHooks} from "./labRunner.js";
import {style} from "./labStyle.js";

export {loadLabCatalog, loadLabData, labDefaults, type LabCatalog, type LabSettings, type LabPageData};

export interface LabPanelOptions {
  /** Starting values of the inputs (the lab's default: MU, 500 digits, rank 10, 300 iterations, seed 0). */
  defaults?: Partial<LabSettings>;
  /** A smaller panel for the write-up pages: fewer inputs, two charts, the signatures. */
  compact?: boolean;
  /** The inputs shown (default: all, or a few when compact); the others keep their defaults. */
  inputs?: LabField[];
  /** Width in CSS pixels (default: the panel's own width once displayed, else 640). */
  width?: number;
  /**
   * Inputs from the page's query string at the start, and every valid change written back to it
   * (history.replaceState: no history entry per edit). For the Lab page only; other panels instead
   * show a link to the Lab page with their inputs.
   */
  address?: boolean;
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

/** What a run has shown so far: nothing before a run, its records while it goes and after it ended. */
interface Shown {
  live: LabRecord[];
  plateaus: readonly Plateau[];
  inPlateauSince?: number;
  step: number;
  product?: LabProduct;
}

const nothingShown = (): Shown => ({live: [], plateaus: [], step: 0});

/**
 * The lab panel: the inputs (labForm) with their controls (labControls), the run controller
 * (labRunner) and the figures (labFigures), wired together.
 */
export function labPanel(catalog: LabCatalog, options: LabPanelOptions = {}): LabPanel {
  const compact = options.compact ?? false;
  const defaults: LabSettings = {...labDefaults, ...options.defaults};
  const keys = new Map(catalog.presets.map((preset) => [lab.trajectoryKey(preset.config), preset]));
  const panel = document.createElement("div") as unknown as LabPanel;
  panel.className = `lab-panel${compact ? " lab-compact" : ""}`;
  const fields = options.inputs ?? (compact ? compactFields : allFields);
  const form = panelForm(catalog, defaults, fields, () => {
    // A run in progress stops; a finished one no longer matches the inputs and is cleared.
    if (runner.running) runner.stop("an input changed");
    else clearRun();
    refresh();
  });
  const controls = labControls(catalog.presets, form.element, !compact || options.inputs !== undefined);
  const figures = labFigures(compact);
  const runner = labRunner();
  panel.append(style(), controls.element, figures.charts, figures.legend, figures.images);
  const address = options.address ? addressNote(form, catalog, defaults) : labLink(controls);

  const state: PanelState = {shown: nothingShown(), settings: defaults, drawnSettings: defaults, revoke: () => {}};

  const context = (settings: LabSettings) => contextOf(catalog, state.data, keys, settings);

  function view(): LabView {
    const {images: source, preset, reference} = context(state.drawnSettings);
    const width = options.width ?? Math.max(200, Math.min(panel.clientWidth || 640, 1200));
    const {iterations, ranks} = state.drawnSettings;
    return {
      ...state.shown,
      iterations,
      rank: ranks[ranks.length - 1],
      source,
      preset,
      reference,
      backend: runner.backend,
      width
    };
  }

  const drawCharts = (pause?: () => Promise<void>) => figures.drawCharts(view(), pause);
  const drawImages = () => figures.drawImages(view());

  /** Redraws everything, each figure in its own task, apart from the iterations: no task grows long. */
  async function redraw(): Promise<void> {
    await lab.yieldToEventLoop();
    await drawCharts(lab.yieldToEventLoop);
    await lab.yieldToEventLoop();
    drawImages();
  }

  function refresh(): void {
    const read = form.read();
    controls.message.textContent = read.error ?? "";
    if (read.settings) ((state.settings = read.settings), address(queryOfSettings(read.settings)));
    const {preset} = context(state.settings);
    controls.presetSelect.value = preset && preset.config.iterations === state.settings.iterations ? preset.id : "";
    if (!runner.running && state.shown.live.length === 0) {
      state.drawnSettings = state.settings;
      void drawCharts();
    }
  }

  function clearRun(): void {
    state.revoke();
    state.revoke = () => {};
    state.shown = nothingShown();
    controls.resultSlot.replaceChildren();
    drawImages();
  }

  async function reset(): Promise<void> {
    await runner.halt("reset");
    clearRun();
    controls.status.textContent = "";
    refresh();
  }

  async function run(): Promise<void> {
    const clicked = performance.now();
    await runner.halt("restarted");
    const read = form.read();
    if (read.error !== undefined) {
      controls.message.textContent = read.error;
      controls.status.textContent = "Not run: fix the input above.";
      return;
    }
    state.settings = state.drawnSettings = read.settings;
    controls.message.textContent = "";
    if (!(await dataLoaded(state, controls))) return;
    const {images, reference} = context(read.settings);
    const parts = {controls, runner, state, redraw, clearRun, settings: read.settings};
    await runner.run(read.settings, images!, runHooks(parts, clicked, reference));
  }

  panel.configure = (values, {run: start = false} = {}) => {
    if (runner.running) runner.stop("an input changed");
    else clearRun();
    form.set(values);
    refresh();
    if (start) void run();
  };
  panel.run = run;
  panel.stop = () => runner.stop("stopped");
  panel.reset = () => void reset();
  controls.runButton.addEventListener("click", () => void run());
  controls.stopButton.addEventListener("click", () => runner.stop("stopped"));
  controls.resetButton.addEventListener("click", () => void reset());
  controls.presetSelect.addEventListener("change", () => {
    const preset = catalog.presets.find((p) => p.id === controls.presetSelect.value);
    if (preset) panel.configure(presetSettings(preset));
  });

  if (options.width === undefined) redrawOnResize(panel, runner, () => (void drawCharts(), drawImages()));
  refresh();
  return panel;
}

/** Fetches the lab's images and curves on the first run; false (with a message) when they cannot be read. */
async function dataLoaded(state: PanelState, controls: LabControls): Promise<boolean> {
  if (state.data) return true;
  controls.status.textContent = "Loading the lab's data…";
  controls.runButton.disabled = true;
  try {
    state.data = await loadLabData();
    controls.status.textContent = "";
    return true;
  } catch (error) {
    controls.message.textContent = `The lab's data could not be loaded: ${(error as Error).message}`;
    controls.status.textContent = "Not run.";
    return false;
  } finally {
    controls.runButton.disabled = false;
  }
}

/** The inputs, checked by the lab's own validation on data of the chosen shape. */
function panelForm(catalog: LabCatalog, defaults: LabSettings, fields: LabField[], onChange: () => void): LabForm {
  const sources = catalog.sources.map(({id, label, minRows, maxRows, cols}) => ({id, label, minRows, maxRows, cols}));
  return labForm(sources, {
    defaults,
    fields,
    validate: (config, shape) =>
      lab.validateLabConfig(lab.matrix(shape.rows, shape.cols, new Float32Array(shape.rows * shape.cols)), config),
    onChange
  });
}

/**
 * The source and the precomputed run (preset) of some settings, if one matches; once the lab's data is
 * loaded, also the source's images and the preset's reference curve.
 */
function contextOf(
  catalog: LabCatalog,
  data: LabPageData | undefined,
  keys: Map<string, LabPreset>,
  s: LabSettings
): {source: LabSource; images?: LabImages; preset?: LabPreset; reference?: ReferenceCurve} {
  const source = catalog.sources.find((x) => x.id === s.data) ?? catalog.sources[0];
  const images = data?.sources.find((x) => x.id === source.id);
  const preset = keys.get(lab.trajectoryKey(labSetup(s)));
  return {source, images, preset, reference: preset && data?.curves.get(preset.id)};
}

/** The panel's mutable state. */
interface PanelState {
  shown: Shown;
  /** The settings the inputs last held when valid. */
  settings: LabSettings;
  /** The settings of what the figures show: the run's while there is one, else the inputs'. */
  drawnSettings: LabSettings;
  /** Frees the object URLs of the shown run's downloads. */
  revoke(): void;
  /** The lab's images and curves, once the first run has fetched them. */
  data?: LabPageData;
}

/** What a run's hooks change in the panel. */
interface RunParts {
  controls: LabControls;
  runner: LabRunner;
  state: PanelState;
  redraw(): Promise<void>;
  clearRun(): void;
  /** The run's settings. */
  settings: LabSettings;
}

/** The panel's side of a run started at `clicked`: status, figures redrawn every redrawEveryMs, the result. */
function runHooks(parts: RunParts, clicked: number, reference: ReferenceCurve | undefined): RunHooks {
  const {controls, runner, state} = parts;
  let lastDraw = 0;
  return {
    started: () => {
      controls.setRunning(true);
      parts.clearRun();
    },
    backendReady: (backend, why) =>
      (controls.status.textContent = `Running on ${backend}${why === "chosen" ? "" : ` (${why})`}…`),
    update: async (update: LabUpdate) => {
      const {shown} = state;
      shown.live.push(...update.records);
      ((shown.plateaus = update.plateaus), (shown.inPlateauSince = update.inPlateauSince));
      shown.step = update.step;
      controls.status.textContent = `Step ${update.step} of ${state.drawnSettings.iterations} on ${runner.backend}, ${Math.round(performance.now() - clicked)} ms`;
      if (performance.now() - lastDraw < redrawEveryMs) return;
      shown.product = await update.readProduct();
      await parts.redraw();
      lastDraw = performance.now();
    },
    finished: async (result: LabResult, {number, tensorsBefore, stopWhy}) => {
      state.shown = {live: result.records, plateaus: result.plateaus, step: result.iterations, product: result.product};
      await parts.redraw();
      const facts = {ms: performance.now() - clicked, run: number, tensors: runner.tensors()};
      const output = resultOutput(result, {...facts, tensorsBefore, stopWhy, reference});
      // Which backend ran and why: "chosen", or what the automatic choice measured, or why a choice fell back.
      output.dataset.backendWhy = runner.backendWhy;
      if (runner.backendWhy !== "chosen") output.append(` Backend: ${runner.backendWhy}.`);
      controls.resultSlot.replaceChildren(output);
      if (result.records.length > 0) {
        const downloads = downloadLinks(result, parts.settings, queryOfSettings(parts.settings));
        state.revoke = downloads.revoke;
        output.after(downloads.element);
      }
      controls.status.textContent = "";
    },
    failed: (error) => {
      const text = lab.isInputError(error) ? error.message : `The run failed: ${(error as Error).message}`;
      controls.message.textContent = text;
      controls.status.textContent = "";
    },
    settled: () => controls.setRunning(false)
  };
}

/**
 * The Lab page's side of the address: the page's query string put into the inputs now (a note says
 * which parameters were ignored), and a function that writes the inputs' query back.
 */
function addressNote(form: LabForm, catalog: LabCatalog, defaults: LabSettings): (query: string) => void {
  const ignored = applyQuery(form, location.search, catalog.sources, defaults);
  if (ignored.length > 0) {
    const note = document.createElement("p");
    note.className = "lab-message";
    note.dataset.testid = "lab-address-message";
    note.setAttribute("role", "status");
    note.textContent = ignoredMessage(ignored);
    form.element.before(note);
  }
  return (query) => {
    if (query !== location.search) history.replaceState(history.state, "", query + location.hash);
  };
}

/** A link "Open in the lab" beside the buttons of a panel outside the Lab page, kept to the inputs. */
function labLink(controls: LabControls): (query: string) => void {
  const link = Object.assign(document.createElement("a"), {className: "lab-open", textContent: "Open in the lab"});
  link.dataset.testid = "lab-open";
  controls.runButton.parentElement!.append(link);
  return (query) => (link.href = `./lab.html${query}`);
}

/** Redraws at the new width when the panel is resized (and once it is first displayed), except during a run. */
function redrawOnResize(panel: HTMLElement, runner: LabRunner, draw: () => void): void {
  if (typeof ResizeObserver !== "function") return;
  let drawnWidth = 0;
  new ResizeObserver(() => {
    if (Math.abs(panel.clientWidth - drawnWidth) < 8 || runner.running) return;
    drawnWidth = panel.clientWidth;
    draw();
  }).observe(panel);
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

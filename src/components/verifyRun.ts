/**
 * "Verify this figure": reruns one precomputed run in the reader's browser with the engine itself (in a Web
 * Worker, lab/fitWorker.ts: the build's code, kernels and float64 arithmetic), draws the rerun's relative error
 * over the stored one as it goes, and ends with the largest difference between the two over the stored steps.
 * Nothing is fetched until the reader presses the button: the data matrix (data/matrices/<spec>.arrow) and the
 * worker come then.
 *
 * Test hooks: the button is `data-testid="verify-run"`; when the rerun is done, the element
 * `data-testid="verify-result"` carries `data-max-difference` (largest absolute difference of the relative
 * error over the stored steps) and `data-ms` (the rerun's time in the worker).
 */
import * as Plot from "@observablehq/plot";
import {plotChart} from "./plot.js";
import {FileAttachment} from "observablehq:stdlib";
import type {FitMessage, FitRequest} from "../../lab/fitWorker.js";
import {formatInteger} from "./caption.js";
import type {ExperimentTable} from "./experimentTables.js";
import type {Row} from "./metricCurves.js";
import {decodeMatrix} from "../tables/matrices.js";

export interface VerifyRunOptions {
  /** The data matrices by data spec, fetched on demand (src/tables/matrices.ts). */
  matrices: Record<string, () => Promise<ArrayBuffer>>;
  width?: number;
}

/** The stored run: its fit options (from the tables' metadata), its data hash and its stored curve. */
export interface StoredRun {
  options: FitRequest["options"];
  /** The data spec (`mnist:2000`) and its content hash. */
  data: string;
  dataHash: string;
  steps: number[];
  relativeError: number[];
}

/** Reads run `run` out of an experiment's runs and trajectories tables. */
export function storedRun(runs: ExperimentTable, trajectories: ExperimentTable, run: string): StoredRun {
  const row = runs.rows.find((r) => r.run === run);
  const spec = runs.meta.runs?.find((r) => r.id === run);
  if (!row || !spec) throw new RangeError(`invalid run: ${run} (not in the ${runs.meta.experiment} tables)`);
  const rows = trajectories.rows.filter((r: Row) => r.run === run);
  return {
    options: spec.fit as unknown as FitRequest["options"],
    data: String(row.data),
    dataHash: String(row.dataHash),
    steps: rows.map((r) => Number(r.step)),
    relativeError: rows.map((r) => Number(r.relativeError))
  };
}

/** The largest absolute difference between the stored and the rerun values at the steps both have. */
export function largestDifference(stored: StoredRun, rerun: Map<number, number>): {value: number; compared: number} {
  let value = 0,
    compared = 0;
  stored.steps.forEach((step, i) => {
    const again = rerun.get(step);
    if (again === undefined) return;
    compared += 1;
    const difference = Math.abs(again - stored.relativeError[i]);
    value = Number.isNaN(difference) ? NaN : Math.max(value, difference);
  });
  return {value, compared};
}

export function verifyRun(stored: StoredRun, options: VerifyRunOptions): HTMLElement {
  const width = options.width ?? 640;
  const root = document.createElement("div");
  root.className = "verify-run";
  const run = buttonWithHook("verify-run", `Rerun this run here (${formatInteger(lastStep(stored))} steps)`);
  const stop = buttonWithHook("verify-stop", "Stop");
  stop.hidden = true;
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  status.textContent =
    "Reruns the stored run in your browser with the engine that built this page, then compares the two curves.";
  const chart = document.createElement("div");
  const key = document.createElement("p");
  key.className = "verify-key";
  key.hidden = true;
  key.textContent = "Wide grey line: the stored run. Thin red line: this rerun, drawn as it goes.";
  const result = document.createElement("p");
  result.dataset.testid = "verify-result";
  root.append(run, stop, status, chart, key, result);

  let worker: Worker | undefined;
  const end = (text: string) => {
    worker?.terminate();
    worker = undefined;
    run.disabled = false;
    stop.hidden = true;
    status.textContent = text;
  };
  stop.addEventListener("click", () => end("Stopped."));
  run.addEventListener("click", async () => {
    run.disabled = true;
    stop.hidden = false;
    result.textContent = "";
    delete result.dataset.maxDifference;
    delete result.dataset.ms;
    status.textContent = "Fetching the data and the engine...";
    try {
      worker = await startRerun(stored, options, {
        onProgress: (rerun, step) => {
          key.hidden = false;
          status.textContent = `Step ${formatInteger(step)} of ${formatInteger(lastStep(stored))}...`;
          chart.replaceChildren(overlay(stored, rerun, width));
        },
        onDone: (rerun, done) => {
          const {value, compared} = largestDifference(stored, rerun);
          chart.replaceChildren(overlay(stored, rerun, width));
          key.hidden = false;
          result.dataset.maxDifference = String(value);
          result.dataset.ms = String(Math.round(done.ms));
          result.textContent =
            `Largest difference of the relative error over the ${formatInteger(compared)} stored steps: ` +
            `${value === 0 ? "0 (identical floats)" : value.toExponential(2)}; ` +
            `${formatInteger(done.iterations)} steps in ${(done.ms / 1000).toFixed(1)} s (${done.kernels === "wasm" ? "WebAssembly" : "TypeScript"} kernels).`;
          end("Done.");
        },
        onError: (message) => end(`The rerun failed: ${message}`)
      });
    } catch (error) {
      end(`The rerun failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return root;
}

function buttonWithHook(testid: string, text: string): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.dataset.testid = testid;
  element.textContent = text;
  return element;
}

function lastStep(stored: StoredRun): number {
  return stored.steps.length > 0 ? stored.steps[stored.steps.length - 1] : 0;
}

interface RerunHooks {
  onProgress: (rerun: Map<number, number>, step: number) => void;
  onDone: (rerun: Map<number, number>, done: Extract<FitMessage, {type: "done"}>) => void;
  onError: (message: string) => void;
}

/** Fetches the data and the worker, checks the data is the run's, and starts the rerun. */
async function startRerun(stored: StoredRun, options: VerifyRunOptions, hooks: RerunHooks): Promise<Worker> {
  const matrixFile = options.matrices[stored.data];
  if (!matrixFile) throw new Error(`no data file for ${stored.data} on this site`);
  const [bytes, url] = await Promise.all([matrixFile(), FileAttachment("../vendor/fit-worker.js").url()]);
  const matrix = decodeMatrix(bytes);
  if (matrix.hash !== stored.dataHash)
    throw new Error(`the data file holds ${matrix.hash}, the run read ${stored.dataHash}`);
  const {data} = matrix;
  const worker = new Worker(url, {type: "module"});
  const rerun = new Map<number, number>();
  let drawn = 0;
  worker.onmessage = ({data: message}: MessageEvent<FitMessage>) => {
    if (message.type === "progress") {
      message.steps.forEach((step, i) => rerun.set(step, message.relativeError[i]));
      // Redraw at most twice a second.
      if (performance.now() - drawn > 500) ((drawn = performance.now()), hooks.onProgress(rerun, message.step));
    } else if (message.type === "done") hooks.onDone(rerun, message);
    else hooks.onError(message.message);
  };
  worker.onerror = (event) => hooks.onError(event.message || "the worker stopped");
  const request: FitRequest = {
    type: "fit",
    X: {rows: matrix.rows, cols: matrix.cols, data},
    options: stored.options,
    steps: stored.steps
  };
  worker.postMessage(request, [data.buffer]);
  return worker;
}

/** The stored curve (grey) and the rerun's points so far (coloured), relative error on a log scale. */
function overlay(stored: StoredRun, rerun: Map<number, number>, width: number): Element {
  const storedPoints = stored.steps.map((step, i) => ({step, value: stored.relativeError[i]}));
  const rerunPoints = [...rerun].map(([step, value]) => ({step, value}));
  return plotChart({
    width,
    height: 220,
    marginLeft: 60,
    x: {label: "Step", grid: true},
    y: {type: "log", label: "Relative error", grid: true},
    marks: [
      Plot.line(storedPoints, {x: "step", y: "value", stroke: "#999", strokeWidth: 4, strokeOpacity: 0.6}),
      Plot.line(rerunPoints, {x: "step", y: "value", stroke: "#d6336c", strokeWidth: 1.5})
    ],
    ariaLabel: "Relative error of the stored run and of the rerun",
    ariaDescription: `stored run: ${storedPoints.length} steps; rerun so far: ${rerunPoints.length} of them`
  });
}

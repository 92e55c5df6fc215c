/**
 * "Verify this figure": reruns the precomputed runs behind a figure in the reader's browser with the engine itself
 * (in a Web Worker, lab/fitWorker.ts: the build's code, kernels and float64 arithmetic), one after another, draws
 * each rerun's relative error over the stored one as it goes, and ends with the largest difference between the two
 * over the stored steps of every run, and whether each rerun ended where and why its stored run did (an early stop
 * must stop at the same step, by the same rule). Nothing is fetched until the reader presses the button: the data
 * matrix (data/matrices/<spec>.arrow) and the worker come then.
 *
 * Test hooks: the button is `data-testid="verify-run"`; when every rerun is done, the element
 * `data-testid="verify-result"` carries `data-max-difference` (largest absolute difference of the relative
 * error over the stored steps of every run), `data-ms` (the reruns' time in the worker), `data-stored-end` and
 * `data-rerun-end` (each run's last step and stop reason, `3714 plateau`, joined by `;`) and `data-same-end`.
 */
import * as Plot from "@observablehq/plot";
import {plotChart} from "./plot.js";
import {FileAttachment} from "observablehq:stdlib";
import type {FitDone, FitMessage, FitRequest} from "../../lab/fitWorker.js";
import {formatInteger} from "./caption.js";
import {decodeMatrix, matrices as siteMatrices} from "../tables/matrices.js";
import {endKey, endText, largestDifference, type StoredRun} from "./storedRun.js";

export {endText, largestDifference, storedRun, type RunEnd, type StoredRun} from "./storedRun.js";

export interface VerifyRunOptions {
  /** The data matrices by data spec, fetched on demand (default: the site's, src/tables/matrices.ts). */
  matrices?: Record<string, () => Promise<ArrayBuffer>>;
  width?: number;
}

/** One rerun so far: its relative error by step and, once done, the worker's outcome. */
interface Rerun {
  points: Map<number, number>;
  done?: FitDone;
}

export function verifyRun(storedRuns: StoredRun | readonly StoredRun[], options: VerifyRunOptions = {}): HTMLElement {
  const runs = Array.isArray(storedRuns) ? (storedRuns as readonly StoredRun[]) : [storedRuns as StoredRun];
  if (runs.length === 0) throw new RangeError("invalid verifyRun input: no stored run");
  const width = options.width ?? 640;
  const root = document.createElement("div");
  root.className = "verify-run";
  const totalSteps = runs.reduce((sum, run) => sum + run.end.iterations, 0);
  const what = runs.length === 1 ? "this run" : `these ${runs.length} runs`;
  const run = buttonWithHook("verify-run", `Rerun ${what} here (${formatInteger(totalSteps)} steps)`);
  const stop = buttonWithHook("verify-stop", "Stop");
  stop.hidden = true;
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  status.textContent = `Reruns ${runs.length === 1 ? "the stored run" : "the stored runs, one after another,"} in your browser with the engine that built this page, then compares the curves.`;
  const chart = document.createElement("div");
  const key = document.createElement("p");
  key.className = "verify-key";
  key.hidden = true;
  key.textContent = `Wide grey line${runs.length === 1 ? "" : "s"}: stored. Thin red line${runs.length === 1 ? "" : "s"}: this rerun, drawn as it goes.`;
  const result = document.createElement("p");
  result.dataset.testid = "verify-result";
  root.append(run, stop, status, chart, key, result);

  let cancel: (() => void) | undefined;
  const end = (text: string) => {
    cancel?.();
    cancel = undefined;
    run.disabled = false;
    stop.hidden = true;
    status.textContent = text;
  };
  stop.addEventListener("click", () => end("Stopped."));
  run.addEventListener("click", async () => {
    run.disabled = true;
    stop.hidden = false;
    result.textContent = "";
    for (const name of ["maxDifference", "ms", "storedEnd", "rerunEnd", "sameEnd"]) delete result.dataset[name];
    status.textContent = "Fetching the data and the engine...";
    let stopped = false;
    cancel = () => void (stopped = true);
    const reruns: Rerun[] = [];
    const draw = () => {
      key.hidden = false;
      chart.replaceChildren(overlay(runs, reruns, width));
    };
    try {
      const url = await FileAttachment("../vendor/fit-worker.js").url();
      for (const [k, stored] of runs.entries()) {
        if (stopped) return;
        const X = await checkedMatrix(stored, options);
        if (stopped) return;
        const rerun: Rerun = {points: new Map()};
        reruns.push(rerun);
        const of = runs.length === 1 ? "" : ` of ${stored.label ?? `run ${k + 1}`} (${k + 1} of ${runs.length})`;
        const worker = rerunInWorker(url, X, stored, rerun, (step) => {
          status.textContent = `Step ${formatInteger(step)}${of}...`;
          draw();
        });
        cancel = () => ((stopped = true), worker.cancel());
        rerun.done = await worker.done;
      }
      draw();
      showResult(result, runs, reruns);
      end("Done.");
    } catch (error) {
      if (!stopped) end(`The rerun failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return root;
}

/** Fills the result line and its test hooks from finished reruns. */
function showResult(result: HTMLElement, runs: readonly StoredRun[], reruns: Rerun[]): void {
  let value = 0,
    compared = 0,
    ms = 0;
  const lines = runs.map((stored, k) => {
    const {done, points} = reruns[k];
    const difference = largestDifference(stored, points);
    value = Number.isNaN(difference.value) || Number.isNaN(value) ? NaN : Math.max(value, difference.value);
    compared += difference.compared;
    ms += done!.ms;
    const rerunEnd = {iterations: done!.iterations, stopReason: done!.stopReason};
    const same = endKey(rerunEnd) === endKey(stored.end);
    const name = runs.length === 1 ? "" : `${stored.label ?? `run ${k + 1}`}: `;
    const ended = same
      ? `ended ${endText(rerunEnd)}, as the stored run did`
      : `ended ${endText(rerunEnd)}, the stored run ${endText(stored.end)}`;
    const text = name ? `${name}${ended}` : ended.charAt(0).toUpperCase() + ended.slice(1);
    return {text, same, rerunEnd, kernels: done!.kernels};
  });
  result.dataset.maxDifference = String(value);
  result.dataset.ms = String(Math.round(ms));
  result.dataset.storedEnd = runs.map((stored) => endKey(stored.end)).join(";");
  result.dataset.rerunEnd = lines.map((line) => endKey(line.rerunEnd)).join(";");
  result.dataset.sameEnd = String(lines.every((line) => line.same));
  const kernels = lines[0].kernels === "wasm" ? "WebAssembly" : "TypeScript";
  const steps = lines.reduce((sum, line) => sum + line.rerunEnd.iterations, 0);
  result.textContent =
    `Largest difference of the relative error over the ${formatInteger(compared)} stored steps` +
    `${runs.length === 1 ? "" : ` of the ${runs.length} runs`}: ` +
    `${value === 0 ? "0 (identical floats)" : value.toExponential(2)}. ` +
    `${lines.map((line) => line.text).join("; ")}. ` +
    `${formatInteger(steps)} steps in ${(ms / 1000).toFixed(1)} s (${kernels} kernels).`;
}

function buttonWithHook(testid: string, text: string): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.dataset.testid = testid;
  element.textContent = text;
  return element;
}

/** The run's data matrix, checked to be the one it read (same content hash). */
async function checkedMatrix(stored: StoredRun, options: VerifyRunOptions): Promise<ReturnType<typeof decodeMatrix>> {
  const matrixFile = (options.matrices ?? siteMatrices)[stored.data];
  if (!matrixFile) throw new Error(`no data file for ${stored.data} on this site`);
  const matrix = decodeMatrix(await matrixFile());
  if (matrix.hash !== stored.dataHash)
    throw new Error(`the data file holds ${matrix.hash}, the run read ${stored.dataHash}`);
  return matrix;
}

/** Starts one rerun in a new worker; `done` settles when it ends, `cancel` terminates it. */
function rerunInWorker(
  url: string,
  matrix: ReturnType<typeof decodeMatrix>,
  stored: StoredRun,
  rerun: Rerun,
  onProgress: (step: number) => void
): {done: Promise<FitDone>; cancel: () => void} {
  const worker = new Worker(url, {type: "module"});
  let drawn = 0;
  let fail!: (error: Error) => void;
  const done = new Promise<FitDone>((resolve, reject) => {
    fail = reject;
    worker.onmessage = ({data: message}: MessageEvent<FitMessage>) => {
      if (message.type === "progress") {
        message.steps.forEach((step, i) => rerun.points.set(step, message.relativeError[i]));
        // Redraw at most twice a second.
        if (performance.now() - drawn > 500) ((drawn = performance.now()), onProgress(message.step));
      } else if (message.type === "done") resolve(message);
      else reject(new Error(message.message));
    };
    worker.onerror = (event) => reject(new Error(event.message || "the worker stopped"));
  });
  const request: FitRequest = {
    type: "fit",
    X: {rows: matrix.rows, cols: matrix.cols, data: matrix.data},
    options: stored.options,
    steps: stored.steps
  };
  worker.postMessage(request, [matrix.data.buffer]);
  const cancel = () => (worker.terminate(), fail(new Error("stopped")));
  return {done: done.finally(() => worker.terminate()), cancel};
}

/** The stored curves (grey) and the reruns' points so far (coloured), relative error on a log scale. */
function overlay(runs: readonly StoredRun[], reruns: Rerun[], width: number): Element {
  const storedPoints = runs.flatMap((stored, k) =>
    stored.steps.map((step, i) => ({run: k, step, value: stored.relativeError[i]}))
  );
  const rerunPoints = reruns.flatMap(({points}, k) => [...points].map(([step, value]) => ({run: k, step, value})));
  return plotChart({
    width,
    height: 220,
    marginLeft: 60,
    x: {label: "Step", grid: true},
    y: {type: "log", label: "Relative error", grid: true},
    marks: [
      Plot.line(storedPoints, {x: "step", y: "value", z: "run", stroke: "#999", strokeWidth: 4, strokeOpacity: 0.6}),
      Plot.line(rerunPoints, {x: "step", y: "value", z: "run", stroke: "#d6336c", strokeWidth: 1.5})
    ],
    ariaLabel: `Relative error of the stored run${runs.length === 1 ? "" : "s"} and of the rerun`,
    ariaDescription: `stored: ${storedPoints.length} steps; rerun so far: ${rerunPoints.length} of them`
  });
}

/**
 * The engine's `fit` in a Web Worker (bundled by scripts/bundle.ts into src/vendor/fit-worker.js): a page
 * reruns a precomputed run off its main thread, with the same code, kernels and float64 arithmetic as the
 * build, so the rerun's trajectory is the stored one bit for bit. The page stops a run by terminating the
 * worker.
 *
 * Messages in: {type: "fit", X: {rows, cols, data: Float32Array}, options (the run's fit options), steps (the
 * recorded steps to send back, e.g. those the page stores)}. Out: "progress" ({steps, relativeError} of the
 * wanted steps recorded since the last message, and the last step reached), then "done" ({iterations,
 * stopReason, kernels: "wasm" | "ts", ms}) or "error" ({message}).
 */
import {fit, loadWasmKernels, matrix, type FitOptions, type StepRecord} from "../engine/index.js";

export interface FitRequest {
  type: "fit";
  X: {rows: number; cols: number; data: Float32Array};
  options: Omit<FitOptions, "onRecord" | "signal" | "initialFactors">;
  steps: number[];
}

export type FitMessage =
  | {type: "progress"; steps: number[]; relativeError: number[]; step: number}
  | {type: "done"; iterations: number; stopReason: string; kernels: "wasm" | "ts"; ms: number}
  | {type: "error"; message: string};

/** Milliseconds between two progress messages. */
const PROGRESS_MS = 200;

const scope = globalThis as unknown as {
  onmessage: ((event: {data: FitRequest}) => void) | null;
  postMessage(message: FitMessage): void;
};

scope.onmessage = ({data}) => {
  run(data).catch((error: unknown) =>
    scope.postMessage({type: "error", message: error instanceof Error ? error.message : String(error)})
  );
};

async function run({X, options, steps}: FitRequest): Promise<void> {
  const kernels = (await loadWasmKernels()) ? "wasm" : "ts";
  const wanted = new Set(steps);
  let pending: {steps: number[]; relativeError: number[]} = {steps: [], relativeError: []};
  let sent = performance.now();
  const flush = (step: number) => {
    scope.postMessage({type: "progress", ...pending, step});
    pending = {steps: [], relativeError: []};
    sent = performance.now();
  };
  const started = performance.now();
  const result = fit(matrix(X.rows, X.cols, X.data), {
    ...options,
    onRecord: (record: StepRecord) => {
      if (wanted.has(record.step)) (pending.steps.push(record.step), pending.relativeError.push(record.relativeError));
      if (performance.now() - sent >= PROGRESS_MS) flush(record.step);
    }
  });
  flush(result.iterations);
  scope.postMessage({
    type: "done",
    iterations: result.iterations,
    stopReason: result.stopReason,
    kernels,
    ms: performance.now() - started
  });
}

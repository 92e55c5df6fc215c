/**
 * The engine's `fit` in a Web Worker (bundled by scripts/bundle.ts into src/vendor/fit-worker.js): a page runs
 * a factorization off its main thread with the same code, kernels and float64 arithmetic as the build, so a
 * rerun of a stored run gives its trajectory bit for bit. The page stops a run by terminating the worker.
 *
 * In: a FitRequest. Out: "progress" messages at most every PROGRESS_MS (the records wanted since the last one,
 * the last step reached and, in lab mode, the current product about once a second), then "done" (the fit's
 * outcome; in lab mode its factors and product too) or "error".
 *  - curve mode (`steps`): the relative error at those steps, for comparing with a stored curve;
 *  - lab mode (`lab`): every metric at the steps `recordedStep` keeps, as the lab draws them.
 */
import {
  fit,
  loadWasmKernels,
  matrix,
  multiply,
  recordedStep,
  type FitOptions,
  type FitResult,
  type Matrix,
  type StepRecord
} from "../engine/index.js";
import type {LabProduct, LabRecord} from "./types.js";

export interface FitRequest {
  type: "fit";
  X: {rows: number; cols: number; data: Float32Array};
  options: Omit<FitOptions, "onRecord" | "signal">;
  /** Curve mode: the steps whose relative error to send. */
  steps?: number[];
  /** Lab mode: send full records and the product. */
  lab?: boolean;
}

export interface FitDone {
  type: "done";
  iterations: number;
  stopReason: FitResult["stopReason"];
  divergedAt?: number;
  divergence?: FitResult["divergence"];
  kernels: "wasm" | "ts";
  ms: number;
  /** Lab mode: W1 ... Wk, H and the product, in float32. */
  factors?: Matrix[];
  product?: LabProduct;
}

export type FitMessage =
  | {
      type: "progress";
      step: number;
      steps: number[];
      relativeError: number[];
      records: LabRecord[];
      product?: LabProduct;
    }
  | FitDone
  | {type: "error"; message: string};

/** Milliseconds between two progress messages, and between two products sent in lab mode. */
const PROGRESS_MS = 200;
const PRODUCT_MS = 1000;

const scope = globalThis as unknown as {
  onmessage: ((event: {data: FitRequest}) => void) | null;
  postMessage(message: FitMessage): void;
};

scope.onmessage = ({data}) => {
  run(data).catch((error: unknown) =>
    scope.postMessage({type: "error", message: error instanceof Error ? error.message : String(error)})
  );
};

async function run({X, options, steps, lab}: FitRequest): Promise<void> {
  const kernels = (await loadWasmKernels()) ? "wasm" : "ts";
  const wanted = new Set(steps ?? []);
  let pending = {steps: [] as number[], relativeError: [] as number[], records: [] as LabRecord[]};
  let sent = performance.now(),
    productSent = 0;
  const onRecord = (record: StepRecord, factors: () => Matrix[]) => {
    if (wanted.has(record.step)) (pending.steps.push(record.step), pending.relativeError.push(record.relativeError));
    if (lab && (recordedStep(record.step) || record.step === options.iterations))
      pending.records.push(labRecord(record));
    const now = performance.now();
    if (now - sent < PROGRESS_MS) return;
    const product = lab && now - productSent >= PRODUCT_MS ? productOf(factors()) : undefined;
    if (product) productSent = now;
    scope.postMessage({type: "progress", step: record.step, ...pending, ...(product ? {product} : {})});
    pending = {steps: [], relativeError: [], records: []};
    sent = now;
  };
  const started = performance.now();
  const result = fit(matrix(X.rows, X.cols, X.data), {...options, onRecord});
  scope.postMessage({type: "progress", step: result.iterations, ...pending});
  scope.postMessage({
    type: "done",
    iterations: result.iterations,
    stopReason: result.stopReason,
    ...(result.divergedAt === undefined ? {} : {divergedAt: result.divergedAt, divergence: result.divergence}),
    kernels,
    ms: performance.now() - started,
    ...(lab ? {factors: result.factors.map(float32), product: productOf(result.factors)} : {})
  });
}

/** The record as the lab keeps it (no mode alignment: the lab has no singular vectors of X). */
function labRecord({modesLearned, modeAlignment, objective, ...record}: StepRecord): LabRecord {
  return {...record, singularValues: record.singularValues.slice()};
}

/** Wc = W1 ... Wk and H, in float32. */
function productOf(factors: Matrix[]): LabProduct {
  const H = factors[factors.length - 1];
  let Wc = factors[0];
  for (let i = 1; i < factors.length - 1; ++i) Wc = multiply(Wc, factors[i]);
  return {Wc: float32(Wc), H: float32(H)};
}

function float32(a: Matrix): Matrix {
  return matrix(a.rows, a.cols, Float32Array.from(a.data));
}

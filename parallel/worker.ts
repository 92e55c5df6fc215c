import {parentPort, workerData} from "node:worker_threads";
import {ROW_BLOCK, gramOf, tall, type Tall} from "../engine/index.js";
import {BlockProducts} from "./blocks.js";
import {computeMetrics} from "./metricsJob.js";
import {
  DONE,
  GRAM,
  HALS_SWEEP,
  LOAD,
  MULTIPLICATIVE,
  OPERATION,
  RANK,
  READY,
  ROWS,
  SEQUENCE,
  PRODUCT_METRICS,
  STEP_PRODUCTS,
  STOP,
  TIMES_TRANSPOSED,
  TRANSPOSE_TIMES,
  type WorkerInit,
  waitWhile
} from "./protocol.js";
import {RowStepSpace, rowRanges, rowViews} from "./rowSteps.js";

/**
 * A product thread: computes its block of rows of `X Ht` or `X^T W` (or of both for a gradient step,
 * thread 1 adding the two Grams), its range of rows of a solver's row-wise step, or (thread 1) a
 * record's spectrum, each time the main thread posts a job in shared memory, until told to stop. It
 * waits between jobs (protocol.ts `waitWhile`).
 */
const init = workerData as WorkerInit;
const ofX = new BlockProducts(init.rowsOfX, init.module, init.precision),
  ofXt = new BlockProducts(init.rowsOfXt, init.module, init.precision);
const rowSpace = init.module ? new RowStepSpace(init.module) : undefined;
const control = new Int32Array(init.control);
const ofXBuffers = {operand: new Float64Array(init.ofX.operand), output: new Float64Array(init.ofX.output)},
  ofXtBuffers = {operand: new Float64Array(init.ofXt.operand), output: new Float64Array(init.ofXt.output)};
const stepGrams = new Float64Array(init.stepGrams),
  stepTimes = new Float64Array(init.stepTimes);
const boundsOfX = new Int32Array(init.boundsOfX);
const metricsIn = new Float64Array(init.metricsIn),
  metricsOut = new Float64Array(init.metricsOut);
const {F: rowsF, P: rowsP, G: rowsG, changes, grams} = rowViews(init.rows);
parentPort!.postMessage("ready");

/** This thread's rows of a row-wise step. */
function rowStep(operation: number, r: number): void {
  const {start, end} = rowRanges(control[ROWS], init.threads)[init.id];
  if (operation === GRAM) return rowSpace!.blockGrams(r, grams, start / ROW_BLOCK);
  const F = rowsF.subarray(start * r, end * r);
  if (operation === MULTIPLICATIVE || control[LOAD] === 1)
    rowSpace!.load(F, rowsP.subarray(start * r, end * r), rowsG, end - start, r);
  if (operation === HALS_SWEEP) rowSpace!.halsSweep(r, changes, start / ROW_BLOCK);
  else rowSpace!.multiplicative(r, rowsG[r * r]);
  rowSpace!.storeF(F, r);
}

/**
 * Rows from .. to - 1 (default: its block) of `A b`, A = X (operand Ht, n rows) or X^T (operand W, m rows),
 * from and to shared memory; returns the operand b.
 */
function product(
  products: BlockProducts,
  buffers: {operand: Float64Array; output: Float64Array},
  inner: number,
  rows: number,
  r: number,
  from?: number,
  to?: number
): Tall {
  const operand = tall(inner, r, buffers.operand.subarray(0, inner * r));
  products.multiply(operand, tall(rows, r, buffers.output.subarray(0, rows * r)), from, to);
  return operand;
}

/** This thread's rows of `X Ht` in the current job (`boundsOfX`). */
function productOfX(r: number): Tall {
  return product(ofX, ofXBuffers, init.n, init.m, r, boundsOfX[init.id], boundsOfX[init.id + 1]);
}

/** Waits until the calling thread has posted W of job `sequence`. */
function waitForW(sequence: number): void {
  for (let seen = Atomics.load(control, READY); seen !== sequence; seen = Atomics.load(control, READY))
    waitWhile(control, READY, seen);
}

let seen = 0;
for (;;) {
  waitWhile(control, SEQUENCE, seen);
  seen = Atomics.load(control, SEQUENCE);
  const operation = control[OPERATION];
  if (operation === STOP) break;
  const r = control[RANK];
  let done = seen;
  try {
    if (operation === HALS_SWEEP || operation === MULTIPLICATIVE || operation === GRAM) rowStep(operation, r);
    else if (operation === TIMES_TRANSPOSED) productOfX(r);
    else if (operation === TRANSPOSE_TIMES) product(ofXt, ofXtBuffers, init.m, init.n, r);
    else if (operation === PRODUCT_METRICS) {
      if (init.id === 1) computeMetrics(metricsIn, metricsOut, r);
    } else if (operation === STEP_PRODUCTS) {
      const start = performance.now();
      const Ht = productOfX(r);
      if (init.id === 1) gramOf(Ht, stepGrams.subarray(0, r * r));
      waitForW(seen);
      const W = product(ofXt, ofXtBuffers, init.m, init.n, r);
      if (init.id === 1) gramOf(W, stepGrams.subarray(r * r, 2 * r * r));
      stepTimes[init.id] = performance.now() - start;
    }
  } catch (error) {
    // The main thread is blocked waiting: tell it through the done word, and say why on stderr.
    done = -seen;
    console.error(`product thread ${init.id}: ${error instanceof Error ? error.message : String(error)}`);
  }
  Atomics.store(control, DONE + init.id, done);
  Atomics.notify(control, DONE + init.id);
}

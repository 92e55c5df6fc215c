import {parentPort, workerData} from "node:worker_threads";
import {tall} from "../engine/index.js";
import {BlockProducts} from "./blocks.js";
import {DONE, OPERATION, RANK, SEQUENCE, STOP, TIMES_TRANSPOSED, type WorkerInit} from "./protocol.js";

/**
 * A product thread: computes its block of rows of `X Ht` or `X^T W` each time the main thread
 * posts a job in shared memory, until told to stop. It blocks in Atomics.wait between jobs.
 */
const init = workerData as WorkerInit;
const ofX = new BlockProducts(init.rowsOfX, init.module, init.precision),
  ofXt = new BlockProducts(init.rowsOfXt, init.module, init.precision);
const control = new Int32Array(init.control);
const operand = new Float64Array(init.operand),
  output = new Float64Array(init.output);
parentPort!.postMessage("ready");

let seen = 0;
for (;;) {
  Atomics.wait(control, SEQUENCE, seen);
  seen = Atomics.load(control, SEQUENCE);
  const operation = control[OPERATION];
  if (operation === STOP) break;
  const r = control[RANK];
  const products = operation === TIMES_TRANSPOSED ? ofX : ofXt;
  const operandRows = operation === TIMES_TRANSPOSED ? init.n : init.m;
  const start = products.block.start;
  let done = seen;
  try {
    products.multiply(
      tall(operandRows, r, operand.subarray(0, operandRows * r)),
      tall(products.rows, r, output.subarray(start * r, (start + products.rows) * r))
    );
  } catch (error) {
    // The main thread is blocked waiting: tell it through the done word, and say why on stderr.
    done = -seen;
    console.error(`product thread ${init.id}: ${error instanceof Error ? error.message : String(error)}`);
  }
  Atomics.store(control, DONE + init.id, done);
  Atomics.notify(control, DONE + init.id);
}

import type {Precision} from "../engine/index.js";
import type {RowBlock} from "./blocks.js";

/**
 * The shared-memory protocol between the operator (main thread) and its product threads. The
 * control words live in a SharedArrayBuffer: the main thread writes a job (operation, rank) and
 * bumps the sequence number; each thread computes its rows and stores that sequence number in
 * its own `done` word. Waiting is Atomics.wait on those words, so a product stays synchronous.
 */
export const SEQUENCE = 0;
export const OPERATION = 1;
export const RANK = 2;
/** Index of thread t's done word: DONE + t (the job's sequence number, or its negative if the job failed). */
export const DONE = 4;

export const TIMES_TRANSPOSED = 0;
export const TRANSPOSE_TIMES = 1;
export const STOP = 2;

/** What a product thread receives at start (structured-cloned as workerData). */
export interface WorkerInit {
  id: number;
  /** The engine's compiled WebAssembly kernels, or null for the TypeScript loops. */
  module: WebAssembly.Module | null;
  precision: Precision;
  /** Its rows of X (for X Ht) and of X^T (for X^T W). */
  rowsOfX: RowBlock;
  rowsOfXt: RowBlock;
  m: number;
  n: number;
  control: SharedArrayBuffer;
  operand: SharedArrayBuffer;
  output: SharedArrayBuffer;
}

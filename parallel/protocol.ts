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
/** Rows of the factor of a row-wise step. */
export const ROWS = 3;
/** 1 when a HALS sweep is the first of its step: the threads copy their rows of F and P in first. */
export const LOAD = 4;
/** The sequence number of the STEP_PRODUCTS job whose W is in shared memory. */
export const READY = 5;
/** Index of thread t's done word: DONE + t (the job's sequence number, or its negative if the job failed). */
export const DONE = 8;

export const TIMES_TRANSPOSED = 0;
export const TRANSPOSE_TIMES = 1;
export const STOP = 2;
/** One HALS sweep of each thread's rows (parallel/rowSteps.ts). */
export const HALS_SWEEP = 3;
/** The multiplicative update of each thread's rows. */
export const MULTIPLICATIVE = 4;
/** The Gram matrix of each block of each thread's rows of F, after a row-wise step (engine gramOf's blocks). */
export const GRAM = 5;
/** X Ht, then X^T W once the calling thread has posted W (READY), and thread 1 the Grams of Ht and W: a gradient step's. */
export const STEP_PRODUCTS = 6;
/** Thread 1 computes the engine's productMetrics of the Grams in `metricsIn` into `metricsOut`; the others pass. */
export const PRODUCT_METRICS = 7;

/** The shared memory of the row-wise steps (rowSteps.ts): F and P (rows x r), G (r x r, then epsilon), the blocks' changes and Grams. */
export interface RowBuffers {
  F: SharedArrayBuffer;
  P: SharedArrayBuffer;
  G: SharedArrayBuffer;
  changes: SharedArrayBuffer;
  grams: SharedArrayBuffer;
}

/** Shared memory of one product: its right operand (inner x maxRank) and its output rows (rows x maxRank). */
export interface ProductBuffers {
  operand: SharedArrayBuffer;
  output: SharedArrayBuffer;
}

/** What a product thread receives at start (structured-cloned as workerData). */
export interface WorkerInit {
  id: number;
  /** The engine's compiled WebAssembly kernels, or null for the TypeScript loops. */
  module: WebAssembly.Module | null;
  precision: Precision;
  /**
   * Its rows of X (for X Ht: those it may be given, see `boundsOfX`) and of X^T (for X^T W: those it computes).
   */
  rowsOfX: RowBlock;
  rowsOfXt: RowBlock;
  /** The rows of X Ht each thread computes in the current job: thread t, rows b[t] .. b[t + 1] - 1 (Int32). */
  boundsOfX: SharedArrayBuffer;
  m: number;
  n: number;
  threads: number;
  control: SharedArrayBuffer;
  /** The operand and output of each product: `X Ht` (Ht, then its rows) and `X^T W` (W, then its rows). */
  ofX: ProductBuffers;
  ofXt: ProductBuffers;
  /** The Grams of Ht and W of a STEP_PRODUCTS job (r x r each, one after the other). */
  stepGrams: SharedArrayBuffer;
  /** Each thread's time for its part of the last STEP_PRODUCTS job, in milliseconds (parallel/stepSplit.ts). */
  stepTimes: SharedArrayBuffer;
  /** A PRODUCT_METRICS job's topK, WtW and HHt (r x r each), then its result (`metricsLayout`). */
  metricsIn: SharedArrayBuffer;
  metricsOut: SharedArrayBuffer;
  /** The row-wise steps' shared buffers (rowSteps.ts `sharedRowBuffers`). */
  rows: RowBuffers;
}

/**
 * How long a thread polls a control word before it blocks in Atomics.wait, in milliseconds. Measured
 * by the clock, not in polls, so that it means the same on every CPU. A Deep NMF step leaves about
 * 0.5 ms between the jobs it posts; polling through that gap instead of sleeping made
 * deep-mnist2000-r20x10-adam 5% faster here (1.146 -> 1.093 ms a step, median of three benches of seven
 * runs each), at the price of a thread busy while it waits.
 */
const SPIN_MS = 1;

/**
 * Waits while `words[index]` equals `value`: polls it for SPIN_MS, then blocks in Atomics.wait. Waking
 * from Atomics.wait costs tens of microseconds (about 70 us on the bench machine of docs/performance.md), and
 * the jobs of a step follow each other within a fraction of a millisecond (BLAS and OpenMP threads
 * spin before they sleep for the same reason).
 */
export function waitWhile(words: Int32Array, index: number, value: number): void {
  const until = performance.now() + SPIN_MS;
  do {
    for (let poll = 0; poll < 1000; ++poll) if (Atomics.load(words, index) !== value) return;
  } while (performance.now() < until);
  Atomics.wait(words, index, value);
}

/** The calling thread's end of the control words for `threads` threads in all: post a job, wait for a thread to finish it. */
export function jobs(words: Int32Array, threads: number) {
  /** Waits until thread t is done with job `sequence`; returns whether it succeeded. */
  function finished(t: number, sequence: number): boolean {
    let seen = Atomics.load(words, DONE + t);
    for (; seen !== sequence && seen !== -sequence; seen = Atomics.load(words, DONE + t))
      waitWhile(words, DONE + t, seen);
    return seen === sequence;
  }
  return {
    /**
     * Posts a job to the threads; returns its sequence number. A previous job nobody waited for (a
     * record's spectrum whose result was not read) is let finish first: a thread takes one job at a time.
     */
    post(operation: number, r: number, rows = 0, load = 0): number {
      const previous = Atomics.load(words, SEQUENCE);
      for (let t = 1; t < threads; ++t) finished(t, previous);
      words[OPERATION] = operation;
      words[RANK] = r;
      words[ROWS] = rows;
      words[LOAD] = load;
      const sequence = Atomics.add(words, SEQUENCE, 1) + 1;
      Atomics.notify(words, SEQUENCE);
      return sequence;
    },
    /** Tells the threads that W of STEP_PRODUCTS job `sequence` is in shared memory. */
    ready(sequence: number): void {
      Atomics.store(words, READY, sequence);
      Atomics.notify(words, READY);
    },
    /** Waits until thread t has finished job `sequence`; throws if it failed. */
    waitFor(t: number, sequence: number): void {
      if (!finished(t, sequence)) throw new Error(`parallel data operator: product thread ${t} failed`);
    }
  };
}

import {availableParallelism} from "node:os";
import {Worker} from "node:worker_threads";
import {
  InputError,
  dataOperator,
  transposeCsr,
  type DataOperator,
  type Tall,
  wasmKernels,
  toCsr,
  transpose,
  type CsrMatrix,
  type Matrix,
  checkPrecision,
  type Precision,
  stepProducts,
  productMetrics,
  type ProductMetricsThread
} from "../engine/index.js";
import {metricsBuffers} from "./metricsJob.js";
import {ProductJobs, productBuffers} from "./productJobs.js";
import {BlockProducts, balancedBoundaries, sliceCsr, type RowBlock} from "./blocks.js";
import {DONE, OPERATION, SEQUENCE, STOP, TIMES_TRANSPOSED, TRANSPOSE_TIMES, jobs, type WorkerInit} from "./protocol.js";
import {RowStepSpace, rowViews, sharedRowBuffers, threadedRowSteps} from "./rowSteps.js";
import {StepSplit} from "./stepSplit.js";

/** A DataOperator whose products run on several threads; `close()` ends the threads. */
export interface ParallelDataOperator extends DataOperator {
  readonly threads: number;
  /** A record's spectrum on thread 1 (pass it to fit as `productMetricsThread`); absent with one thread. */
  readonly productMetricsThread?: ProductMetricsThread;
  close(): Promise<void>;
}

export interface ParallelOptions {
  /** Threads in all, the calling one included (default: the machine's cores). */
  threads?: number;
  /** Largest rank the shared buffers hold (default 64); products of a larger rank run on the calling thread. */
  maxRank?: number;
  /** Compute precision of the products (default float64; engine/kernels/float32.ts). */
  precision?: Precision;
}

/** Below this density X is kept in CSR, as the engine's own operator does. */
const SPARSE_DENSITY = 0.5;

/**
 * The data operator of engine/kernels/data.ts with its two products split over threads (Node
 * only): each thread computes a block of rows of X (for `X Ht`) and of X^T (for `X^T W`), balanced
 * by non-zeros, and writes its rows of the product into shared memory. In a gradient step's products
 * (`stepProducts`) the calling thread first makes W, so thread 1 takes more rows of `X Ht`, as many as
 * the threads' measured times say (stepSplit.ts): threads 0 and 1 both hold the rows of X of the two
 * (with two threads, each holds all of X, and its block of X^T). Its `rowSteps` run MU's and
 * HALS's updates of a tall factor on the same threads (rowSteps.ts). The calling thread takes
 * the first block and waits for the others with Atomics.wait, so the operator stays synchronous
 * and plugs into `fit(X, options, {dataOperator})`. Every row is computed by the same kernel with
 * the same order of terms as on one thread, so results are identical whatever the thread count.
 *
 * Worth it for a single large fit on an otherwise idle machine; the experiment runner already
 * runs one fit per core, where extra threads would only compete.
 */
export async function parallelDataOperator(X: Matrix, options: ParallelOptions = {}): Promise<ParallelDataOperator> {
  const threads = options.threads ?? availableParallelism();
  if (!(Number.isInteger(threads) && threads >= 1)) throw new InputError("threads", threads, "must be an integer >= 1");
  const maxRank = options.maxRank ?? 64;
  if (!(Number.isInteger(maxRank) && maxRank >= 1)) throw new InputError("maxRank", maxRank, "must be an integer >= 1");
  const precision = checkPrecision(options.precision ?? "float64");
  const single = dataOperator(X, {precision});
  if (threads === 1) return {...single, threads: 1, close: async () => {}};

  const {m, n} = single;
  const csr = single.nnz < SPARSE_DENSITY * m * n ? toCsr(X) : undefined;
  const ofX = rowsOfX(csr ?? X, threads);
  const blocksOfXt = rowBlocks(csr ? transposeCsr(csr) : transpose(X), threads);
  const module = wasmKernels();
  const memory = sharedMemory(m, n, maxRank, threads);
  const words = new Int32Array(memory.control);
  const workers = await startThreads(threads, (t) => ({
    id: t,
    module,
    precision,
    rowsOfX: ofX.blocks[t],
    rowsOfXt: blocksOfXt[t],
    m,
    n,
    threads,
    ...memory
  }));
  for (const worker of workers) worker.unref();
  let closed = false;

  const channel = jobs(words, threads);
  const boundsOfXt = Int32Array.from([...blocksOfXt.map((block) => block.start), n]);
  const products = new ProductJobs(
    threads,
    channel,
    {
      own: new BlockProducts(ofX.blocks[0], module, precision),
      bounds: new Int32Array(memory.boundsOfX),
      views: views(memory.ofX)
    },
    {own: new BlockProducts(blocksOfXt[0], module, precision), bounds: boundsOfXt, views: views(memory.ofXt)},
    ofX,
    views({
      stepGrams: memory.stepGrams,
      stepTimes: memory.stepTimes,
      metricsIn: memory.metricsIn,
      metricsOut: memory.metricsOut
    })
  );

  const rowSteps = module
    ? threadedRowSteps({
        threads,
        maxRank,
        own: new RowStepSpace(module),
        shared: {buffers: memory.rows, views: rowViews(memory.rows)},
        post: channel.post,
        waitFor: channel.waitFor,
        closed: () => closed
      })
    : undefined;

  function check(rows: number, inner: number, operandTall: Tall, out: Tall, name: string): void {
    if (closed) throw new Error("parallel data operator: used after close()");
    if (operandTall.rows !== inner || out.rows !== rows || out.r !== operandTall.r)
      throw new RangeError(
        `${name}: operand ${operandTall.rows} x ${operandTall.r} and output ${out.rows} x ${out.r} do not fit ${rows} x ${inner}`
      );
  }

  return {
    m,
    n,
    nnz: single.nnz,
    precision,
    frobeniusSquared: single.frobeniusSquared,
    threads,
    ...(rowSteps ? {rowSteps} : {}),
    timesTransposed(Ht, out) {
      check(m, n, Ht, out, "X Ht");
      if (Ht.r > maxRank) return single.timesTransposed(Ht, out);
      return products.product(TIMES_TRANSPOSED, Ht, out, products.ofX);
    },
    transposeTimes(W, out) {
      check(n, m, W, out, "X^T W");
      if (W.r > maxRank) return single.transposeTimes(W, out);
      return products.product(TRANSPOSE_TIMES, W, out, products.ofXt);
    },
    productMetricsThread(WtW, HHt, r, topK) {
      if (closed || r > maxRank || WtW.length !== r * r || HHt.length !== r * r) {
        const metrics = productMetrics(WtW, HHt, r, topK);
        return () => metrics;
      }
      return products.startMetrics(WtW, HHt, r, topK);
    },
    stepProducts(p) {
      check(m, n, p.Ht, p.xHt, "X Ht");
      if (p.gramHt.length !== p.Ht.r * p.Ht.r || p.gramW.length !== p.Ht.r * p.Ht.r)
        throw new RangeError(
          `step products: Grams of ${p.gramHt.length} and ${p.gramW.length} entries at rank ${p.Ht.r}`
        );
      if (p.Ht.r <= maxRank) return products.step(p, (W) => check(n, m, W, p.xtW, "X^T W"));
      stepProducts(single, p);
    },
    async close() {
      if (closed) return;
      closed = true;
      words[OPERATION] = STOP;
      Atomics.add(words, SEQUENCE, 1);
      Atomics.notify(words, SEQUENCE);
      await Promise.all(
        workers.map((worker) => new Promise<void>((resolve) => (worker.ref(), worker.once("exit", () => resolve()))))
      );
    }
  };
}

/** The shared memory of the threads (protocol.ts WorkerInit), r up to maxRank. */
function sharedMemory(m: number, n: number, maxRank: number, threads: number) {
  return {
    control: new SharedArrayBuffer(4 * (DONE + threads)),
    ofX: productBuffers(n, m, maxRank),
    ofXt: productBuffers(m, n, maxRank),
    boundsOfX: new SharedArrayBuffer(4 * (threads + 1)),
    stepGrams: new SharedArrayBuffer(8 * 2 * maxRank * maxRank),
    stepTimes: new SharedArrayBuffer(8 * threads),
    ...metricsBuffers(maxRank),
    rows: sharedRowBuffers(Math.max(m, n), maxRank).buffers
  };
}

/** Float64Array views of shared buffers, under the same names. */
function views<K extends string>(buffers: Record<K, SharedArrayBuffer>): Record<K, Float64Array> {
  return Object.fromEntries(
    Object.entries<SharedArrayBuffer>(buffers).map(([key, buffer]) => [key, new Float64Array(buffer)])
  ) as Record<K, Float64Array>;
}

/** Starts threads 1 .. threads - 1 and resolves when each has said it is ready (or rejects, with none left running). */
async function startThreads(threads: number, init: (t: number) => WorkerInit): Promise<Worker[]> {
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({length: threads - 1}, (_, i) => {
        const worker = new Worker(new URL("./worker.mjs", import.meta.url), {workerData: init(i + 1)});
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          worker.once("message", () => resolve());
          worker.once("error", reject);
          worker.once("exit", (code) => reject(new Error(`product thread exited with code ${code}`)));
        });
      })
    );
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
  return workers;
}

/**
 * The rows of X each thread holds for `X Ht`: the rows balanced by non-zeros for each product, except that
 * threads 0 and 1 both hold the rows of the two, which a gradient step splits by their times (stepSplit.ts).
 */
function rowsOfX(X: Matrix | CsrMatrix, threads: number) {
  const weightBefore = weightOf(X);
  const balanced = balancedBoundaries(weightBefore, X.rows, threads);
  return {
    blocks: balanced.slice(0, -1).map((start, t) => rowRange(X, t < 2 ? 0 : start, balanced[t < 2 ? 2 : t + 1])),
    balanced,
    step: new StepSplit(weightBefore, balanced[2], balanced[1])
  };
}

/** `parts` blocks of consecutive rows of A (CSR, or dense), balanced by non-zeros. */
function rowBlocks(A: Matrix | CsrMatrix, parts: number): RowBlock[] {
  const bounds = balancedBoundaries(weightOf(A), A.rows, parts);
  return bounds.slice(0, -1).map((start, p) => rowRange(A, start, bounds[p + 1]));
}

/** The weight of rows 0 .. row - 1 of A: its non-zeros (CSR), or its rows (dense). */
function weightOf(A: Matrix | CsrMatrix): (row: number) => number {
  return "indptr" in A ? (row) => A.indptr[row] : (row) => row;
}

/** Rows start .. end - 1 of A (CSR, or dense), as a block. */
function rowRange(A: Matrix | CsrMatrix, start: number, end: number): RowBlock {
  if ("indptr" in A) return {kind: "sparse", start, csr: sliceCsr(A, start, end)};
  return {kind: "dense", start, rows: end - start, cols: A.cols, data: A.data.slice(start * A.cols, end * A.cols)};
}

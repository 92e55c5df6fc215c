import {availableParallelism} from "node:os";
import {Worker} from "node:worker_threads";
import {
  InputError,
  dataOperator,
  transposeCsr,
  type DataOperator,
  tall,
  type Tall,
  wasmKernels,
  toCsr,
  transpose,
  type CsrMatrix,
  type Matrix,
  checkPrecision,
  type Precision,
  stepProducts,
  type StepProducts
} from "../engine/index.js";
import {BlockProducts, balancedBoundaries, sliceCsr, type RowBlock} from "./blocks.js";
import {
  DONE,
  OPERATION,
  SEQUENCE,
  STEP_PRODUCTS,
  STOP,
  TIMES_TRANSPOSED,
  TRANSPOSE_TIMES,
  jobs,
  type ProductBuffers,
  type WorkerInit
} from "./protocol.js";
import {RowStepSpace, sharedRowBuffers, threadedRowSteps} from "./rowSteps.js";

/** A DataOperator whose products run on several threads; `close()` ends the threads. */
export interface ParallelDataOperator extends DataOperator {
  readonly threads: number;
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
 * only): each thread owns a block of rows of X (for `X Ht`) and of X^T (for `X^T W`), balanced
 * by non-zeros, and writes its rows of the product into shared memory. Its `rowSteps` run MU's and
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
  const sparse = single.nnz < SPARSE_DENSITY * m * n;
  const blocksOfX = rowBlocks(X, sparse, threads),
    blocksOfXt = rowBlocks(transposeOf(X, sparse), sparse, threads);
  const module = wasmKernels();
  const control = new SharedArrayBuffer(4 * (DONE + threads));
  const buffersOfX = productBuffers(n, m, maxRank),
    buffersOfXt = productBuffers(m, n, maxRank);
  const words = new Int32Array(control);
  const stepGrams = new SharedArrayBuffer(8 * 2 * maxRank * maxRank),
    gramsView = new Float64Array(stepGrams);
  const rowBuffers = sharedRowBuffers(Math.max(m, n), maxRank);

  const workers = await startThreads(threads, (t) => ({
    id: t,
    module,
    precision,
    rowsOfX: blocksOfX[t],
    rowsOfXt: blocksOfXt[t],
    m,
    n,
    threads,
    control,
    ofX: buffersOfX.buffers,
    ofXt: buffersOfXt.buffers,
    stepGrams,
    rows: rowBuffers.buffers
  }));
  for (const worker of workers) worker.unref();
  const ofX = new BlockProducts(blocksOfX[0], module, precision),
    ofXt = new BlockProducts(blocksOfXt[0], module, precision);
  let closed = false;

  const {post, ready, waitFor} = jobs(words);
  const ofXSide = {own: ofX, blocks: blocksOfX, views: buffersOfX.views},
    ofXtSide = {own: ofXt, blocks: blocksOfXt, views: buffersOfXt.views};

  /** Posts the job, computes block 0 into `out`, waits for the threads, copies their rows in. */
  function run(operation: number, operandTall: Tall, out: Tall, side: ProductSide): Tall {
    side.views.operand.set(operandTall.data);
    const sequence = post(operation, operandTall.r);
    multiplyOwn(side, operandTall, out);
    for (let t = 1; t < threads; ++t) (waitFor(t, sequence), gather(side, t, out));
    return out;
  }

  /**
   * A gradient step's products and Grams in one job (engine StepProducts): the threads start on X Ht
   * while this thread makes W; once W is in shared memory they go on to X^T W, and thread 1 also computes
   * both Grams. This thread computes its blocks of both products.
   */
  function step(p: StepProducts): void {
    const {Ht, xHt, xtW} = p,
      r = Ht.r;
    ofXSide.views.operand.set(Ht.data);
    const sequence = post(STEP_PRODUCTS, r);
    let W: Tall | undefined, failure: unknown;
    try {
      W = p.makeW();
      check(n, m, W, xtW, "X^T W");
      ofXtSide.views.operand.set(W.data);
    } catch (error) {
      failure = error;
    }
    // Posted even when makeW failed: the threads then finish the job on a stale W, and the error is thrown below.
    ready(sequence);
    if (W && !failure) (multiplyOwn(ofXSide, Ht, xHt), multiplyOwn(ofXtSide, W, xtW));
    for (let t = 1; t < threads; ++t) {
      waitFor(t, sequence);
      if (!failure) (gather(ofXSide, t, xHt), gather(ofXtSide, t, xtW));
    }
    if (failure) throw failure;
    p.gramHt.set(gramsView.subarray(0, r * r));
    p.gramW.set(gramsView.subarray(r * r, 2 * r * r));
  }

  const rowSteps = module
    ? threadedRowSteps({
        threads,
        maxRank,
        own: new RowStepSpace(module),
        shared: rowBuffers,
        post,
        waitFor,
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
      return run(TIMES_TRANSPOSED, Ht, out, ofXSide);
    },
    transposeTimes(W, out) {
      check(n, m, W, out, "X^T W");
      if (W.r > maxRank) return single.transposeTimes(W, out);
      return run(TRANSPOSE_TIMES, W, out, ofXtSide);
    },
    stepProducts(p) {
      check(m, n, p.Ht, p.xHt, "X Ht");
      if (p.gramHt.length !== p.Ht.r * p.Ht.r || p.gramW.length !== p.Ht.r * p.Ht.r)
        throw new RangeError(
          `step products: Grams of ${p.gramHt.length} and ${p.gramW.length} entries at rank ${p.Ht.r}`
        );
      if (p.Ht.r <= maxRank) return step(p);
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

function transposeOf(X: Matrix, sparse: boolean): Matrix | CsrMatrix {
  return sparse ? transposeCsr(toCsr(X)) : transpose(X);
}

function rowsOf(block: RowBlock): number {
  return block.kind === "sparse" ? block.csr.rows : block.rows;
}

/** One product's blocks of rows (this thread's first) and shared memory. */
interface ProductSide {
  own: BlockProducts;
  blocks: RowBlock[];
  views: {operand: Float64Array; output: Float64Array};
}

/** This thread's block of the product's rows, into `out`. */
function multiplyOwn(side: ProductSide, operand: Tall, out: Tall): void {
  side.own.multiply(operand, tall(side.own.rows, operand.r, out.data.subarray(0, side.own.rows * operand.r)));
}

/** Copies thread t's rows of the product from shared memory into `out`. */
function gather(side: ProductSide, t: number, out: Tall): void {
  const start = side.blocks[t].start * out.r,
    end = start + rowsOf(side.blocks[t]) * out.r;
  out.data.set(side.views.output.subarray(start, end), start);
}

/** Shared memory for a product with an `inner` x r operand and `rows` x r output, r up to maxRank. */
function productBuffers(inner: number, rows: number, maxRank: number) {
  const buffers: ProductBuffers = {
    operand: new SharedArrayBuffer(8 * inner * maxRank),
    output: new SharedArrayBuffer(8 * rows * maxRank)
  };
  return {buffers, views: {operand: new Float64Array(buffers.operand), output: new Float64Array(buffers.output)}};
}

/** `parts` blocks of consecutive rows of A (a dense matrix, or a CSR one when `sparse`), balanced by non-zeros. */
function rowBlocks(A: Matrix | CsrMatrix, sparse: boolean, parts: number): RowBlock[] {
  if (sparse) {
    const csr = "indptr" in A ? A : toCsr(A);
    const bounds = balancedBoundaries((row) => csr.indptr[row], csr.rows, parts);
    return bounds.slice(0, -1).map((start, p) => ({kind: "sparse", start, csr: sliceCsr(csr, start, bounds[p + 1])}));
  }
  const dense = A as Matrix;
  const bounds = balancedBoundaries((row) => row, dense.rows, parts);
  return bounds.slice(0, -1).map((start, p) => ({
    kind: "dense",
    start,
    rows: bounds[p + 1] - start,
    cols: dense.cols,
    data: dense.data.slice(start * dense.cols, bounds[p + 1] * dense.cols)
  }));
}

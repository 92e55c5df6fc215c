import type {ProductMetrics, StepProducts, Tall} from "../engine/index.js";
import type {BlockProducts} from "./blocks.js";
import {readMetrics, writeMetricsInput} from "./metricsJob.js";
import {PRODUCT_METRICS, STEP_PRODUCTS, type jobs, type ProductBuffers} from "./protocol.js";
import type {StepSplit} from "./stepSplit.js";

/**
 * One product (X Ht or X^T W): this thread's kernels over its rows, the rows of each thread (thread t
 * computes rows bounds[t] .. bounds[t + 1] - 1; for X Ht the calling thread writes them before each job,
 * in shared memory), and the operand and output in shared memory.
 */
export interface ProductSide {
  own: BlockProducts;
  bounds: Int32Array;
  views: {operand: Float64Array; output: Float64Array};
}

/** Shared memory for a product with an `inner` x r operand and `rows` x r output, r up to maxRank. */
export function productBuffers(inner: number, rows: number, maxRank: number): ProductBuffers {
  return {operand: new SharedArrayBuffer(8 * inner * maxRank), output: new SharedArrayBuffer(8 * rows * maxRank)};
}

/**
 * The calling thread's side of the product jobs (protocol.ts): it writes the operand to shared memory,
 * posts the job, computes its own rows, waits for the other threads and copies their rows in.
 */
export class ProductJobs {
  private metricsSequence = 0;

  constructor(
    private readonly threads: number,
    private readonly channel: ReturnType<typeof jobs>,
    readonly ofX: ProductSide,
    readonly ofXt: ProductSide,
    /** The balanced rows of X Ht (operator.ts), and where a gradient step splits them (stepSplit.ts). */
    private readonly rowsOfX: {balanced: readonly number[]; step: StepSplit},
    /**
     * The Grams of a STEP_PRODUCTS job, each thread's time for it (ms), and a PRODUCT_METRICS job's input and
     * output (metricsJob.ts).
     */
    private readonly shared: {
      stepGrams: Float64Array;
      stepTimes: Float64Array;
      metricsIn: Float64Array;
      metricsOut: Float64Array;
    }
  ) {}

  /** `out = A operand` for the side's A (X or X^T), posted as `operation`. */
  product(operation: number, operand: Tall, out: Tall, side: ProductSide): Tall {
    if (side === this.ofX) this.ofX.bounds.set(this.rowsOfX.balanced);
    side.views.operand.set(operand.data);
    const sequence = this.channel.post(operation, operand.r);
    multiplyOwn(side, operand, out);
    for (let t = 1; t < this.threads; ++t) (this.channel.waitFor(t, sequence), gather(side, t, out));
    return out;
  }

  /**
   * A gradient step's products and Grams in one job (engine StepProducts): the threads start on X Ht
   * while this thread makes W (`checkW` validates it); once W is in shared memory they go on to X^T W,
   * and thread 1 also computes both Grams. This thread computes its rows of both products, and fewer of
   * X Ht than thread 1, by the measured difference (`StepSplit`).
   */
  step(p: StepProducts, checkW: (W: Tall) => void): void {
    const {Ht, xHt, xtW} = p,
      r = Ht.r;
    const {post, ready, waitFor} = this.channel;
    const split = this.rowsOfX.step;
    this.ofX.bounds.set(this.rowsOfX.balanced);
    this.ofX.bounds[1] = split.boundary();
    this.ofX.views.operand.set(Ht.data);
    const start = performance.now();
    const sequence = post(STEP_PRODUCTS, r);
    let W: Tall | undefined, failure: unknown;
    try {
      W = p.makeW();
      checkW(W);
      this.ofXt.views.operand.set(W.data);
    } catch (error) {
      failure = error;
    }
    // Posted even when makeW failed: the threads then finish the job on a stale W, and the error is thrown below.
    ready(sequence);
    let ownXHt = 0;
    if (W && !failure) {
      const before = performance.now();
      multiplyOwn(this.ofX, Ht, xHt);
      ownXHt = performance.now() - before;
      multiplyOwn(this.ofXt, W, xtW);
    }
    const own = performance.now() - start;
    for (let t = 1; t < this.threads; ++t) {
      waitFor(t, sequence);
      if (!failure) (gather(this.ofX, t, xHt), gather(this.ofXt, t, xtW));
    }
    if (failure) throw failure;
    split.measured(own, this.shared.stepTimes[1], ownXHt);
    p.gramHt.set(this.shared.stepGrams.subarray(0, r * r));
    p.gramW.set(this.shared.stepGrams.subarray(r * r, 2 * r * r));
  }

  /** Starts a record's productMetrics on thread 1; the function returned waits for it (engine/fit.ts). */
  startMetrics(WtW: Float64Array, HHt: Float64Array, r: number, topK: number): () => ProductMetrics {
    writeMetricsInput(this.shared.metricsIn, WtW, HHt, topK);
    const sequence = (this.metricsSequence = this.channel.post(PRODUCT_METRICS, r));
    return () => {
      if (sequence !== this.metricsSequence)
        throw new Error("parallel data operator: a later spectrum replaced this one");
      for (let t = 1; t < this.threads; ++t) this.channel.waitFor(t, sequence);
      return readMetrics(this.shared.metricsOut);
    };
  }
}

/** This thread's rows of the product, into `out`. */
function multiplyOwn(side: ProductSide, operand: Tall, out: Tall): void {
  side.own.multiply(operand, out, side.bounds[0], side.bounds[1]);
}

/** Copies thread t's rows of the product from shared memory into `out`. */
function gather(side: ProductSide, t: number, out: Tall): void {
  const start = side.bounds[t] * out.r,
    end = side.bounds[t + 1] * out.r;
  out.data.set(side.views.output.subarray(start, end), start);
}

/**
 * Where a gradient step's `X Ht` rows split between the calling thread and thread 1 (STEP_PRODUCTS,
 * productJobs.ts). The calling thread first makes W (a Deep NMF solver moves its W_i and contracts them),
 * so thread 1 should take more than half of `X Ht`; how much depends on the model and the machine, so it
 * is measured: after each step the split moves by half the difference between the two threads' times
 * for the job, at most 2% of the rows' weight a step, so that a stalled thread moves it little. Both
 * threads hold the rows the split can give either (operator.ts), and every row is computed by the same
 * kernel wherever it runs: the split changes timings, never results.
 */
export class StepSplit {
  /** The calling thread's share of the weight (non-zeros) of rows 0 .. limit - 1. */
  private share: number;

  constructor(
    /** The weight of rows 0 .. row - 1 (CSR: the row pointer). */
    private readonly weightBefore: (row: number) => number,
    /** The rows the two threads share: 0 .. limit - 1. */
    private readonly limit: number,
    /** Where thread 1's rows start before any measurement. */
    start: number
  ) {
    this.share = this.total > 0 ? weightBefore(start) / this.total : 0.5;
  }

  private get total(): number {
    return this.weightBefore(this.limit);
  }

  /** The first row of thread 1: the calling thread takes rows 0 .. boundary - 1. */
  boundary(): number {
    const target = this.share * this.total;
    let low = 0,
      high = this.limit;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.weightBefore(middle) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * One step's times, in milliseconds: each thread's from the job's start to the end of its rows (thread 1's
   * including its wait for W), and the calling thread's time for its rows of `X Ht` alone.
   */
  measured(callingMs: number, otherMs: number, callingXHtMs: number): void {
    if (!(callingXHtMs > 0 && this.share > 0)) return;
    // Time for the whole of rows 0 .. limit - 1 on one thread; moving a share s between the threads
    // changes their difference by 2 s of it.
    const whole = callingXHtMs / this.share;
    const move = Math.max(-MAX_MOVE, Math.min(MAX_MOVE, (otherMs - callingMs) / (4 * whole)));
    this.share = Math.max(MIN_SHARE, Math.min(1 - MIN_SHARE, this.share + move));
  }
}

const MAX_MOVE = 0.02;
const MIN_SHARE = 0.02;

/**
 * Rows per block of the sums that run across the rows of a factor: a HALS sweep's squared change
 * (wasm/hals.ts BLOCK) and a Gram matrix `F^T F` (kernels/tall.ts `gramOf`). Each block's sum starts
 * from 0 and runs in row order, and the blocks' sums are added in order, so threads that take whole
 * blocks (parallel/operator.ts) reach the same bits, and HALS the same stopping sweep, as one thread.
 */
export const ROW_BLOCK = 1024;

export function blockCount(rows: number): number {
  return Math.ceil(rows / ROW_BLOCK);
}

/**
 * The inner loop of HALS (Gillis and Glineur's stopping rule), shared by every way of running a sweep:
 * calls `sweep` (one sweep, returning the blocks' squared changes) until `maxSweeps`, or until a sweep's
 * change is at most `stop` times the first's. Returns the sweeps run.
 */
export function repeatSweeps(maxSweeps: number, stop: number, sweep: () => Float64Array): number {
  let first = 0;
  for (let s = 0; s < maxSweeps; ++s) {
    const changes = sweep();
    let change = 0;
    for (let b = 0; b < changes.length; ++b) change += changes[b];
    if (s === 0) first = change;
    else if (change <= stop * first) return s + 1;
  }
  return maxSweeps;
}

/**
 * Rows of W per block of `X^T W` (copyCsrColumnBlocks): 320 kB at r = 20. Measured on 10,000 MNIST
 * images at r = 20: 5.0 ms in one block (W is 1.6 MB), 3.7 ms in blocks of 2,048 rows, and 4.1 ms
 * for a scatter of X's rows, which reads W once but writes every term to memory. X is kept in the same
 * blocks of its columns (one block for MNIST's 784), so that float32 runs (float32.ts) restart at the
 * same terms in the single- and multi-threaded operators.
 */
export const COLUMN_BLOCK = 2048;

/**
 * Rows per block of a HALS sweep's squared change (wasm/hals.ts BLOCK): each block's change is summed
 * from 0 in row order and the blocks' changes are added in order, so threads that take whole blocks
 * (parallel/operator.ts) reach the same total, and the same stopping sweep, as one thread.
 */
export const HALS_BLOCK = 1024;

export function blockCount(rows: number): number {
  return Math.ceil(rows / HALS_BLOCK);
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

import {InputError} from "../errors.js";
import {COLUMN_BLOCK} from "./rowBlocks.js";

/**
 * The compute precision of the products with X, the bulk of every step.
 *
 * - `float64`: every product and sum in float64 (X's entries are float32, read exactly).
 * - `float32`: the factor is rounded to float32 and each product `x b` and its running sum are float32, in runs
 *   of at most `FLOAT32_RUN` consecutive terms (restarting at each block of `COLUMN_BLOCK` columns of X or X^T);
 *   each run's sum is added to the float64 output. The factors, their Gram matrices, the updates and every
 *   metric stay float64. Twice the SIMD lanes (f32x4), so the products take about half the time.
 *
 * The factor's float32 entries below 2^-100 (about 7.9e-31) in magnitude are set to 0 first, so that no
 * float32 operation of the products meets a subnormal number as long as X's non-zero entries are at least
 * 2^-26 (MNIST's are at least 1/255): WebAssembly keeps subnormals, which x86 CPUs compute about a hundred
 * times slower, and multiplicative updates drive entries of a factor towards 0 for good (measured: 300 MU
 * steps on MNIST took 43 ms a step instead of 7 without any flush, 400 steps 8.4 ms a step with a flush at
 * float32's smallest normal 2^-126 and 7.4 at 2^-100). Such an entry is 0 at float32 precision next to any
 * entry of normal size it is summed with.
 *
 * Both are deterministic: IEEE float32 and float64 arithmetic in a fixed order, no fused multiply-add, so a
 * run gives the same bits on every machine, thread count and runtime (the TypeScript loops below equal the
 * WebAssembly kernels bit for bit).
 */
export type Precision = "float64" | "float32";

export const precisions: readonly Precision[] = ["float64", "float32"];

/** Terms per float32 run (the WebAssembly kernels are generated with it: scripts/generateWasmKernels.ts). */
export const FLOAT32_RUN = 256;

export function checkPrecision(value: unknown, name = "precision"): Precision {
  if (value === "float64" || value === "float32") return value;
  throw new InputError(name, value, `must be one of ${precisions.join(", ")}`);
}

const round = Math.fround;

/** 2^-100: smaller entries of the factor are read as 0 by the float32 products. */
export const FLOAT32_FLUSH = 7.888609052210118e-31;

/** b's entry as the float32 products read it: rounded to float32, 0 below FLOAT32_FLUSH in magnitude. */
function operand(value: number): number {
  const v = round(value);
  return Math.abs(v) < FLOAT32_FLUSH ? 0 : v;
}

/** sums[k] += x b[c + k] for k < r, the product and the sum each in float32. */
function addTerm(sums: Float64Array, x: number, b: Float64Array, c: number, r: number): void {
  for (let k = 0; k < r; ++k) sums[k] = round(sums[k] + round(x * operand(b[c + k])));
}

/** Adds a run's float32 sums to the float64 output row at o. */
function addRun(out: Float64Array, o: number, sums: Float64Array, r: number): void {
  for (let k = 0; k < r; ++k) out[o + k] += sums[k];
}

/**
 * out (rows start .. end - 1, r columns) = A b in float32 runs, A in CSR: the TypeScript form of the
 * WebAssembly `sparseFloat32Chunk` kernels, equal to them bit for bit. Math.fround of a float64 sum or
 * product of two float32 numbers is the float32 operation's result (53 >= 2 x 24 + 2 bits).
 */
export function sparseTimesTallFloat32(
  indptr: Int32Array,
  indices: Int32Array,
  values: Float32Array,
  b: Float64Array,
  r: number,
  out: Float64Array,
  start: number,
  end: number
): void {
  const sums = new Float64Array(r);
  for (let i = start; i < end; ++i) {
    const o = i * r;
    out.fill(0, o, o + r);
    let p = indptr[i];
    const last = indptr[i + 1];
    while (p < last) {
      // A run ends after FLOAT32_RUN terms or at the end of a block of columns.
      const block = Math.floor(indices[p] / COLUMN_BLOCK);
      sums.fill(0);
      for (let count = 0; p < last && count < FLOAT32_RUN && Math.floor(indices[p] / COLUMN_BLOCK) === block; ++p) {
        addTerm(sums, values[p], b, indices[p] * r, r);
        ++count;
      }
      addRun(out, o, sums, r);
    }
  }
}

/** out = A b in float32 runs for the dense float32 matrix A (n columns): the form of `denseFloat32Chunk`. */
export function denseTimesTallFloat32(
  a: Float32Array,
  n: number,
  b: Float64Array,
  r: number,
  out: Float64Array,
  start: number,
  end: number
): void {
  const sums = new Float64Array(r);
  for (let i = start; i < end; ++i) {
    const o = i * r;
    out.fill(0, o, o + r);
    for (let first = 0; first < n; first += FLOAT32_RUN) {
      sums.fill(0);
      for (let j = first, stop = Math.min(first + FLOAT32_RUN, n); j < stop; ++j)
        addTerm(sums, a[i * n + j], b, j * r, r);
      addRun(out, o, sums, r);
    }
  }
}

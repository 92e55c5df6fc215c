import {ROW_BLOCK} from "./rowBlocks.js";
import {tallTimesSmall, transposeTimesTall} from "./rowChunks.js";
import {residentSpace, WASM_MIN_WORK} from "./wasm.js";
import {wasmTimesSmall, wasmTransposeTimes} from "./wasmSteps.js";

/**
 * A "tall" factor: a rows x r matrix in float64, row-major, with r small (the rank).
 *
 * Solvers keep every factor in this orientation: W (m x r) as it is, and H (r x n) as its
 * transpose Ht (n x r). The data products are then symmetric, `X Ht` (m x r) and `X^T W` (n x r),
 * the gradients of W and Ht have the same form, and every inner loop runs over r contiguous values.
 */
export interface Tall {
  readonly rows: number;
  readonly r: number;
  readonly data: Float64Array;
}

export function tall(rows: number, r: number, data: Float64Array = new Float64Array(rows * r)): Tall {
  return {rows, r, data};
}

/**
 * `a^T a` (r x r), float64: one sum per block of ROW_BLOCK rows (kernels/rowBlocks.ts), the blocks' sums
 * added in order, so that threads holding whole blocks of a factor compute it with the same bits.
 * Exactly symmetric: entries (p, q) and (q, p) sum the same products in the same order.
 */
export function gramOf(a: Tall, out: Float64Array = new Float64Array(a.r * a.r)): Float64Array {
  const {rows, r} = a;
  if (rows <= ROW_BLOCK) return transposeTimes(a, a, out);
  const block = new Float64Array(r * r);
  out.fill(0);
  for (let start = 0; start < rows; start += ROW_BLOCK) {
    const part = tall(
      Math.min(ROW_BLOCK, rows - start),
      r,
      a.data.subarray(start * r, Math.min(rows, start + ROW_BLOCK) * r)
    );
    addInto(out, transposeTimes(part, part, block));
  }
  return out;
}

/** out += a, entry by entry. */
export function addInto(out: Float64Array, a: Float64Array): void {
  for (let k = 0; k < out.length; ++k) out[k] += a[k];
}

/** `a b` with a (rows x p) tall and b (p x q) small, into out (rows x q). */
export function timesSmall(a: Tall, b: Float64Array, q: number, out = tall(a.rows, q)): Tall {
  if (b.length !== a.r * q || out.rows !== a.rows || out.r !== q)
    throw new RangeError(`timesSmall: ${a.rows} x ${a.r} times ${b.length} entries into ${out.rows} x ${out.r}`);
  if (a.rows * a.r * q < WASM_MIN_WORK || !wasmTimesSmall(a.data, a.r, b, q, out.data, a.rows))
    tallTimesSmall(a.data, a.r, b, q, out.data, 0, a.rows);
  return out;
}

/**
 * From this length on, `dot` and `subtract` on arrays in one WebAssembly instance's memory run there (in
 * wasm/elementwise.ts, same bits), with nothing to copy: grad Wc's subtraction at 2,000 x 10 took 8 us
 * there against 45 in the loop below.
 */
const RESIDENT_MIN_LENGTH = 256;

/** a <- a - b, entry by entry. */
export function subtract(a: Float64Array, b: Float64Array): void {
  const space = a.length >= RESIDENT_MIN_LENGTH ? residentSpace(a, b) : undefined;
  if (space) return space.subtract(a.byteOffset, b.byteOffset, a.length);
  for (let i = 0; i < a.length; ++i) a[i] -= b[i];
}

/** `a^T b` (a.r x b.r) for two tall matrices with the same number of rows. */
export function transposeTimes(a: Tall, b: Tall, out: Float64Array = new Float64Array(a.r * b.r)): Float64Array {
  if (a.rows !== b.rows || out.length !== a.r * b.r)
    throw new RangeError(`transposeTimes: ${a.rows} x ${a.r} and ${b.rows} x ${b.r} into ${out.length} entries`);
  if (a.rows * a.r * b.r < WASM_MIN_WORK || !wasmTransposeTimes(a.data, a.r, b.data, b.r, out, a.rows))
    transposeTimesTall(a.data, a.r, a.rows, b.data, b.r, out, 0, a.r);
  return out;
}

/**
 * `<a, b>` summed over all entries, in four partial sums (entries k mod 4) added as (s0 + s1) + (s2 + s3):
 * the additions do not wait on each other, four times faster than one running sum (0.5 ms a step at
 * 10,000 x 20, in the error of every recorded step).
 */
export function dot(a: Float64Array, b: Float64Array): number {
  const space = a.length >= RESIDENT_MIN_LENGTH ? residentSpace(a, b) : undefined;
  if (space) return space.dot(a.byteOffset, b.byteOffset, a.length);
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    k = 0;
  for (const n = a.length - 3; k < n; k += 4) {
    s0 += a[k] * b[k];
    s1 += a[k + 1] * b[k + 1];
    s2 += a[k + 2] * b[k + 2];
    s3 += a[k + 3] * b[k + 3];
  }
  for (; k < a.length; ++k) s0 += a[k] * b[k];
  return s0 + s1 + (s2 + s3);
}

/** Small dense product `a b` with a (p x k) and b (k x q), row-major float64, into out (p x q). */
export function smallProduct(
  a: Float64Array,
  b: Float64Array,
  p: number,
  k: number,
  q: number,
  out: Float64Array = new Float64Array(p * q)
): Float64Array {
  out.fill(0, 0, p * q);
  for (let i = 0; i < p; ++i)
    for (let l = 0; l < k; ++l) {
      const v = a[i * k + l];
      if (v === 0) continue;
      for (let j = 0; j < q; ++j) out[i * q + j] += v * b[l * q + j];
    }
  return out;
}

/** Transpose of a small p x q row-major matrix, into out (q x p). */
export function smallTranspose(
  a: Float64Array,
  p: number,
  q: number,
  out: Float64Array = new Float64Array(p * q)
): Float64Array {
  for (let i = 0; i < p; ++i) for (let j = 0; j < q; ++j) out[j * p + i] = a[i * q + j];
  return out;
}

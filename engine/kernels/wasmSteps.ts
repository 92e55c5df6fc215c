import {chunkWidths} from "./rowChunks.js";
import {blockCount, repeatSweeps} from "./rowBlocks.js";
import {residentSpace, scratch, wasmKernels, type WasmSpace} from "./wasm.js";

/**
 * The solvers' inner steps in WebAssembly SIMD, through the shared scratch instance: operands are
 * copied in and results copied out, unless they all live in one instance's memory already (views of
 * `WasmSpace.f64`, as a Deep NMF solver's buffers do: engine/solvers/optimizer.ts), where the kernels
 * then run without copies. Each returns false (or -1) when WebAssembly is unavailable, and the caller
 * runs its TypeScript loop; the results are the same bit for bit.
 */

/** Whether the first `a` entries at x and the first `b` entries at y share memory. */
function overlap(x: Float64Array, a: number, y: Float64Array, b: number): boolean {
  return x.byteOffset < y.byteOffset + 8 * b && y.byteOffset < x.byteOffset + 8 * a;
}

/** out (rows x q) = a (rows x p) b (p x q), all float64 row-major; false when WebAssembly is unavailable. */
export function wasmTimesSmall(
  a: Float64Array,
  p: number,
  b: Float64Array,
  q: number,
  out: Float64Array,
  rows: number
): boolean {
  const module = wasmKernels();
  if (!module) return false;
  const resident = residentSpace(a, b, out);
  if (resident && !overlap(out, rows * q, a, rows * p) && !overlap(out, rows * q, b, p * q)) {
    smallChunks(resident, a.byteOffset, p, b.byteOffset, q, out.byteOffset, rows);
    return true;
  }
  const {space, address} = scratch(module, 8 * (rows * p + p * q + rows * q) + 32);
  const pa = address,
    pb = pa + Math.ceil((rows * p * 8) / 16) * 16,
    po = pb + Math.ceil((p * q * 8) / 16) * 16;
  space.f64(pa, rows * p).set(a.subarray(0, rows * p));
  space.f64(pb, p * q).set(b.subarray(0, p * q));
  smallChunks(space, pa, p, pb, q, po, rows);
  out.set(space.f64(po, rows * q));
  return true;
}

/** out (rows x q) at po = a (rows x p) at pa times b (p x q) at pb, by the row kernels. */
function smallChunks(space: WasmSpace, pa: number, p: number, pb: number, q: number, po: number, rows: number): void {
  const widths = chunkWidths(q);
  for (let c = 0, k = 0; c < widths.length; k += widths[c++]) space.small[widths[c]](pa, p, pb, q, po, 0, rows, k);
}

/** Rows of a and b per pass of `wasmTransposeTimes` (20 kB of each at r = 20: within the L1 cache). */
const TRANSPOSE_BLOCK = 128;

/** out (p x q) = a^T b for a (rows x p) and b (rows x q) float64 row-major; false when WebAssembly is unavailable. */
export function wasmTransposeTimes(
  a: Float64Array,
  p: number,
  b: Float64Array,
  q: number,
  out: Float64Array,
  rows: number
): boolean {
  const module = wasmKernels();
  if (!module) return false;
  const resident = residentSpace(a, b, out);
  if (resident && !overlap(out, p * q, a, rows * p) && !overlap(out, p * q, b, rows * q)) {
    transposeTimesInSpace(resident, a.byteOffset, p, b.byteOffset, q, out.byteOffset, rows);
    return true;
  }
  const same = a === b && p === q;
  const {space, address} = scratch(module, 8 * ((same ? 1 : 2) * rows * Math.max(p, q) + p * q) + 32);
  const pa = address,
    pb = same ? pa : pa + Math.ceil((rows * p * 8) / 16) * 16,
    po = pb + Math.ceil((rows * q * 8) / 16) * 16;
  space.f64(pa, rows * p).set(a.subarray(0, rows * p));
  if (!same) space.f64(pb, rows * q).set(b.subarray(0, rows * q));
  transposeTimesInSpace(space, pa, p, pb, q, po, rows);
  out.set(space.f64(po, p * q));
  return true;
}

/**
 * `a^T b` (p x q) into po for a (rows x p) at pa and b (rows x q) at pb, all in the space's memory; a
 * Gram matrix when pa = pb and p = q. The kernels continue the sums in out: blocks of rows of a and b
 * stay in cache while every output entry takes their terms, instead of p passes over the whole of a
 * and b. A Gram matrix needs, in the chunk of columns k .. k + w - 1, only the rows above k + w: the
 * entries below are the mirror images of entries computed in a later chunk, which sum the same
 * products in the same order (25% less work at r = 20).
 */
export function transposeTimesInSpace(
  space: WasmSpace,
  pa: number,
  p: number,
  pb: number,
  q: number,
  po: number,
  rows: number
): void {
  const same = pa === pb && p === q;
  const result = space.f64(po, p * q);
  result.fill(0);
  const widths = chunkWidths(q);
  for (let start = 0; start < rows; start += TRANSPOSE_BLOCK) {
    const count = Math.min(TRANSPOSE_BLOCK, rows - start);
    for (let c = 0, k = 0; c < widths.length; k += widths[c++])
      space.transposed[widths[c]](
        pa + 8 * start * p,
        p,
        count,
        pb + 8 * start * q,
        q,
        po,
        0,
        same ? k + widths[c] : p,
        k
      );
  }
  if (same)
    for (let c = 0, k = 0; c < widths.length; k += widths[c++])
      for (let i = k + widths[c]; i < p; ++i)
        for (let j = k; j < k + widths[c]; ++j) result[i * q + j] = result[j * q + i];
}

/**
 * HALS sweeps (engine/solvers/hals.ts `halsSweeps`) in WebAssembly on F (rows x r, updated in
 * place), P (rows x r) and G (r x r); returns the sweeps run, or -1 when WebAssembly is unavailable.
 */
export function wasmHalsSweeps(
  F: Float64Array,
  P: Float64Array,
  G: Float64Array,
  rows: number,
  r: number,
  maxSweeps: number,
  stop: number
): number {
  const module = wasmKernels();
  if (!module) return -1;
  const size = Math.ceil((rows * r * 8) / 16) * 16,
    blocks = blockCount(rows);
  // After F, P and G: the sweeps' lane-wise copy of 32 rows and their changes, 32 (r + 1) f64, then the blocks' changes.
  const {space, address} = scratch(module, 2 * size + 8 * r * r + 256 * (r + 1) + 8 * blocks + 32);
  const pf = address,
    pp = pf + size,
    pg = pp + size,
    pt = pg + Math.ceil((r * r * 8) / 16) * 16,
    pc = pt + 256 * (r + 1);
  space.f64(pf, rows * r).set(F.subarray(0, rows * r));
  space.f64(pp, rows * r).set(P.subarray(0, rows * r));
  space.f64(pg, r * r).set(G.subarray(0, r * r));
  const sweeps = repeatSweeps(maxSweeps, stop, () => {
    space.halsSweep(pf, pp, pg, pt, rows, r, pc);
    return space.f64(pc, blocks);
  });
  F.set(space.f64(pf, rows * r));
  return sweeps;
}

/**
 * The multiplicative update F <- F * P / (F G + epsilon) (engine/solvers/multiplicative.ts) in
 * WebAssembly: F G by the row kernels, then the elementwise update, F copied back once. Returns
 * false when WebAssembly is unavailable.
 */
export function wasmMultiplicativeStep(
  F: Float64Array,
  P: Float64Array,
  G: Float64Array,
  rows: number,
  r: number,
  epsilon: number
): boolean {
  const module = wasmKernels();
  if (!module) return false;
  const size = Math.ceil((rows * r * 8) / 16) * 16;
  const {space, address} = scratch(module, 3 * size + 8 * r * r);
  const pf = address,
    pp = pf + size,
    pq = pp + size,
    pg = pq + size;
  space.f64(pf, rows * r).set(F.subarray(0, rows * r));
  space.f64(pp, rows * r).set(P.subarray(0, rows * r));
  space.f64(pg, r * r).set(G.subarray(0, r * r));
  multiplicativeInSpace(space, pf, pp, pg, pq, rows, r, epsilon);
  F.set(space.f64(pf, rows * r));
  return true;
}

/**
 * F <- F * P / (F G + epsilon) on F, P (rows x r) at pf, pp and G (r x r) at pg, all in the space's memory,
 * with F G written to pq on the way: the row kernels, then the elementwise update.
 */
export function multiplicativeInSpace(
  space: WasmSpace,
  pf: number,
  pp: number,
  pg: number,
  pq: number,
  rows: number,
  r: number,
  epsilon: number
): void {
  const widths = chunkWidths(r);
  for (let c = 0, k = 0; c < widths.length; k += widths[c++]) space.small[widths[c]](pf, r, pg, r, pq, 0, rows, k);
  space.multiplicativeUpdate(pf, pp, pq, rows * r, epsilon);
}

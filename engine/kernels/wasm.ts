import type {CsrMatrix, Matrix} from "../matrix.js";
import {chunkWidths} from "./rowChunks.js";
import type {Tall} from "./tall.js";
import {wasmKernelsBase64} from "./wasmModule.js";

/**
 * The data products in WebAssembly SIMD (wasm/rowChunks.ts, built by scripts/generateWasmKernels.ts):
 * 5x faster than the TypeScript kernels on MNIST and equal to them bit for bit. Each operator gets
 * its own instance and linear memory holding its copy of X, so the memory goes with the operator.
 * Where WebAssembly SIMD is missing, or a browser refuses to compile synchronously, `wasmKernels()`
 * returns null and the TypeScript kernels run instead.
 */

type ChunkKernel = (...args: number[]) => void;

interface KernelExports {
  memory: WebAssembly.Memory;
  [name: string]: unknown;
}

let compiled: WebAssembly.Module | null | undefined;
let enabled = true;

/** Turns the WebAssembly kernels off (or back on) for operators created afterwards: for benchmarks and tests. */
export function useWasmKernels(on: boolean): void {
  enabled = on;
}

/** The compiled module, or null when this runtime cannot run it (or it was turned off). */
export function wasmKernels(): WebAssembly.Module | null {
  if (!enabled) return null;
  if (compiled === undefined) {
    compiled = null;
    try {
      const bytes = decodeBase64(wasmKernelsBase64);
      if (typeof WebAssembly === "object" && WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    } catch {
      // No WebAssembly, no SIMD, or a main-thread size limit on synchronous compilation.
    }
  }
  return compiled;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const PAGE = 65536;

/** A WebAssembly instance with its memory, and a bump allocator over that memory. */
export class WasmSpace {
  readonly sparse: ChunkKernel[] = [];
  readonly dense: ChunkKernel[] = [];
  readonly scatter: ChunkKernel[] = [];
  readonly small: ChunkKernel[] = [];
  readonly transposed: ChunkKernel[] = [];
  readonly halsSweeps: (f: number, p: number, g: number, rows: number, r: number, max: number, stop: number) => number;
  readonly allFinite: (g: number, length: number) => number;
  readonly adamStep: (...args: number[]) => void;
  readonly multiplicativeUpdate: (f: number, p: number, q: number, length: number, epsilon: number) => void;
  private readonly memory: WebAssembly.Memory;
  private top = 16;

  constructor(module: WebAssembly.Module) {
    const exports = new WebAssembly.Instance(module, {}).exports as KernelExports;
    this.memory = exports.memory;
    this.halsSweeps = exports.halsSweeps as WasmSpace["halsSweeps"];
    this.allFinite = exports.allFinite as WasmSpace["allFinite"];
    this.adamStep = exports.adamStep as WasmSpace["adamStep"];
    this.multiplicativeUpdate = exports.multiplicativeUpdate as WasmSpace["multiplicativeUpdate"];
    for (let w = 1; w <= 20; ++w) this.scatter[w] = exports[`scatterChunk${w}`] as ChunkKernel;
    for (let w = 1; w <= 10; ++w) {
      this.sparse[w] = exports[`sparseChunk${w}`] as ChunkKernel;
      this.dense[w] = exports[`denseChunk${w}`] as ChunkKernel;
      this.small[w] = exports[`smallChunk${w}`] as ChunkKernel;
      this.transposed[w] = exports[`transposedChunk${w}`] as ChunkKernel;
    }
  }

  /** Reserves `bytes` (16-byte aligned), growing the memory if needed; returns the address. */
  allocate(bytes: number): number {
    const address = this.top;
    this.top += Math.ceil(bytes / 16) * 16;
    const needed = Math.ceil(this.top / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (needed > 0) this.memory.grow(needed);
    return address;
  }

  /** Views on the memory; take them after the last `allocate`, which may move the buffer. */
  f64(address: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, address, length);
  }

  f32(address: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, address, length);
  }

  i32(address: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, address, length);
  }

  get buffer(): ArrayBuffer {
    return this.memory.buffer;
  }
}

/** A CSR matrix copied into WebAssembly memory. */
export interface WasmCsr {
  rows: number;
  indptr: number;
  indices: number;
  values: number;
}

export function copyCsr(space: WasmSpace, a: CsrMatrix): WasmCsr {
  const nnz = a.indptr[a.rows];
  const indptr = space.allocate(4 * (a.rows + 1)),
    indices = space.allocate(4 * nnz),
    values = space.allocate(4 * nnz);
  space.i32(indptr, a.rows + 1).set(a.indptr);
  space.i32(indices, nnz).set(a.indices.subarray(0, nnz));
  space.f32(values, nnz).set(a.values.subarray(0, nnz));
  return {rows: a.rows, indptr, indices, values};
}

/**
 * `out = A b` for A held in the space (CSR or dense), b (A.cols x r) and out (A.rows x r) in
 * JavaScript memory: b is copied in, out copied back. Operand and output buffers are reused
 * across calls and grow with r.
 */
export class WasmProducts {
  private operand = 0;
  private output = 0;
  private capacity = 0;

  constructor(
    private readonly space: WasmSpace,
    private readonly largest: number
  ) {}

  private reserve(r: number): void {
    if (r <= this.capacity) return;
    this.operand = this.space.allocate(8 * this.largest * r);
    this.output = this.space.allocate(8 * this.largest * r);
    this.capacity = r;
  }

  sparse(a: WasmCsr, b: Tall, out: Tall): void {
    const {r} = b;
    this.reserve(r);
    this.space.f64(this.operand, b.data.length).set(b.data);
    const widths = chunkWidths(r);
    for (let c = 0, k = 0; c < widths.length; k += widths[c++])
      this.space.sparse[widths[c]](a.indptr, a.indices, a.values, this.operand, r, this.output, 0, a.rows, k);
    out.data.set(this.space.f64(this.output, a.rows * r));
  }

  /** out = A^T b by scattering A's rows (equal bit for bit to `sparse` on A^T's rows). */
  sparseTransposed(a: WasmCsr, cols: number, b: Tall, out: Tall): void {
    const {r} = b;
    this.reserve(r);
    this.space.f64(this.operand, b.data.length).set(b.data);
    const result = this.space.f64(this.output, cols * r);
    result.fill(0);
    const widths = chunkWidths(r, 20);
    for (let c = 0, k = 0; c < widths.length; k += widths[c++])
      this.space.scatter[widths[c]](a.indptr, a.indices, a.values, this.operand, r, this.output, 0, a.rows, k);
    out.data.set(result);
  }

  dense(address: number, rows: number, cols: number, b: Tall, out: Tall): void {
    const {r} = b;
    this.reserve(r);
    this.space.f64(this.operand, b.data.length).set(b.data);
    const widths = chunkWidths(r);
    for (let c = 0, k = 0; c < widths.length; k += widths[c++])
      this.space.dense[widths[c]](address, cols, this.operand, r, this.output, 0, rows, k);
    out.data.set(this.space.f64(this.output, rows * r));
  }
}

/**
 * Above this size of W (bytes), `X^T W` scatters the rows of X instead of gathering over the rows
 * of X^T: the gather reads W's rows in random order, which stops paying once W outgrows the cache
 * (measured on MNIST: W of 160 kB, gather 0.31 ms and scatter 0.47 ms; W of 1.6 MB, gather 4.9 ms
 * and scatter 4.3 ms).
 */
const SCATTER_MIN_BYTES = 512 * 1024;

/** X and X^T (CSR) in WebAssembly memory, with their two products. */
export function wasmSparseProducts(module: WebAssembly.Module, rows: CsrMatrix, columns: CsrMatrix) {
  const space = new WasmSpace(module);
  const X = copyCsr(space, rows),
    Xt = copyCsr(space, columns);
  const products = new WasmProducts(space, Math.max(rows.rows, columns.rows));
  return {
    timesTransposed: (Ht: Tall, out: Tall) => products.sparse(X, Ht, out),
    transposeTimes: (W: Tall, out: Tall) =>
      8 * W.data.length > SCATTER_MIN_BYTES
        ? products.sparseTransposed(X, rows.cols, W, out)
        : products.sparse(Xt, W, out)
  };
}

/** X and X^T dense (float32) in WebAssembly memory, with their two products. */
export function wasmDenseProducts(module: WebAssembly.Module, X: Matrix, Xt: Matrix) {
  const space = new WasmSpace(module);
  const x = space.allocate(4 * X.data.length),
    xt = space.allocate(4 * Xt.data.length);
  space.f32(x, X.data.length).set(X.data);
  space.f32(xt, Xt.data.length).set(Xt.data);
  const products = new WasmProducts(space, Math.max(X.rows, X.cols));
  return {
    timesTransposed: (Ht: Tall, out: Tall) => products.dense(x, X.rows, X.cols, Ht, out),
    transposeTimes: (W: Tall, out: Tall) => products.dense(xt, Xt.rows, Xt.cols, W, out)
  };
}

/**
 * The solvers' small-matrix products (`a b` and `a^T b` with a tall) in WebAssembly, through one
 * shared instance whose scratch region grows to the largest call: operands are copied in and the
 * result copied out, which pays off above a few thousand multiply-adds (WASM_MIN_WORK).
 */
export const WASM_MIN_WORK = 20_000;

let shared: {space: WasmSpace; scratch: number; capacity: number} | undefined;

function scratch(module: WebAssembly.Module, bytes: number): {space: WasmSpace; address: number} {
  shared ??= {space: new WasmSpace(module), scratch: 0, capacity: 0};
  if (bytes > shared.capacity) {
    shared.capacity = Math.max(bytes, 2 * shared.capacity);
    shared.scratch = shared.space.allocate(shared.capacity);
  }
  return {space: shared.space, address: shared.scratch};
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
  const {space, address} = scratch(module, 8 * (rows * p + p * q + rows * q) + 32);
  const pa = address,
    pb = pa + Math.ceil((rows * p * 8) / 16) * 16,
    po = pb + Math.ceil((p * q * 8) / 16) * 16;
  space.f64(pa, rows * p).set(a.subarray(0, rows * p));
  space.f64(pb, p * q).set(b.subarray(0, p * q));
  const widths = chunkWidths(q);
  for (let c = 0, k = 0; c < widths.length; k += widths[c++]) space.small[widths[c]](pa, p, pb, q, po, 0, rows, k);
  out.set(space.f64(po, rows * q));
  return true;
}

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
  const same = a === b && p === q;
  const {space, address} = scratch(module, 8 * ((same ? 1 : 2) * rows * Math.max(p, q) + p * q) + 32);
  const pa = address,
    pb = same ? pa : pa + Math.ceil((rows * p * 8) / 16) * 16,
    po = pb + Math.ceil((rows * q * 8) / 16) * 16;
  space.f64(pa, rows * p).set(a.subarray(0, rows * p));
  if (!same) space.f64(pb, rows * q).set(b.subarray(0, rows * q));
  const widths = chunkWidths(q);
  for (let c = 0, k = 0; c < widths.length; k += widths[c++])
    space.transposed[widths[c]](pa, p, rows, pb, q, po, 0, p, k);
  out.set(space.f64(po, p * q));
  return true;
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
  const size = Math.ceil((rows * r * 8) / 16) * 16;
  const {space, address} = scratch(module, 2 * size + 8 * r * r);
  const pf = address,
    pp = pf + size,
    pg = pp + size;
  space.f64(pf, rows * r).set(F.subarray(0, rows * r));
  space.f64(pp, rows * r).set(P.subarray(0, rows * r));
  space.f64(pg, r * r).set(G.subarray(0, r * r));
  const sweeps = space.halsSweeps(pf, pp, pg, rows, r, maxSweeps, stop);
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
  const widths = chunkWidths(r);
  for (let c = 0, k = 0; c < widths.length; k += widths[c++]) space.small[widths[c]](pf, r, pg, r, pq, 0, rows, k);
  space.multiplicativeUpdate(pf, pp, pq, rows * r, epsilon);
  F.set(space.f64(pf, rows * r));
  return true;
}

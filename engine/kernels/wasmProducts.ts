import type {CsrMatrix, Matrix} from "../matrix.js";
import {chunkWidths} from "./rowChunks.js";
import type {Tall} from "./tall.js";
import {WasmSpace} from "./wasm.js";

/**
 * The products with X in WebAssembly SIMD (data.ts uses them where the runtime has WebAssembly).
 * Each operator gets its own instance and linear memory holding its copy of X, so the memory goes
 * with the operator; the right operand is copied in and the product copied out on each call.
 */

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

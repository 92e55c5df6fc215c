import type {CsrMatrix, Matrix} from "../matrix.js";
import {chunkWidths} from "./rowChunks.js";
import type {Tall} from "./tall.js";
import type {Precision} from "./float32.js";
import {COLUMN_BLOCK} from "./rowBlocks.js";
import {F32_VECTORS, WasmSpace} from "./wasm.js";

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

/**
 * A copied into WebAssembly memory as CSR matrices of its columns 0 .. width - 1, width .. 2 width - 1,
 * and so on (column indices stay global), so that a product `A b` reads b in blocks of `width` rows
 * that stay in cache: `X^T W` on 10,000 MNIST images reads W (1.6 MB at r = 20) in blocks of 2,048
 * rows (320 kB).
 */
export function copyCsrColumnBlocks(space: WasmSpace, a: CsrMatrix, width: number): WasmCsr[] {
  return columnBlocks(a, width).map((block) => copyCsr(space, block));
}

/** The entries of A in columns 0 .. width - 1, width .. 2 width - 1, ..., each a CSR matrix with A's shape. */
function columnBlocks(a: CsrMatrix, width: number): CsrMatrix[] {
  if (width >= a.cols) return [a];
  const {rows, indptr, indices, values} = a;
  const count = Math.ceil(a.cols / width);
  const pointers = Array.from({length: count}, () => new Int32Array(rows + 1));
  for (let i = 0; i < rows; ++i) {
    for (const pointer of pointers) pointer[i + 1] = pointer[i];
    for (let p = indptr[i]; p < indptr[i + 1]; ++p) ++pointers[Math.floor(indices[p] / width)][i + 1];
  }
  const blocks = pointers.map((pointer) => ({
    rows,
    cols: a.cols,
    indptr: pointer,
    indices: new Int32Array(pointer[rows]),
    values: new Float32Array(pointer[rows])
  }));
  const next = new Int32Array(count);
  for (let i = 0; i < rows; ++i)
    for (let p = indptr[i]; p < indptr[i + 1]; ++p) {
      const block = Math.floor(indices[p] / width),
        q = next[block]++;
      blocks[block].indices[q] = indices[p];
      blocks[block].values[q] = values[p];
    }
  return blocks;
}

function copyCsr(space: WasmSpace, a: CsrMatrix): WasmCsr {
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
 * JavaScript memory: b is copied in (rounded to float32 in that precision), out copied back. Operand
 * and output buffers are reused across calls and grow with r.
 */
export class WasmProducts {
  private operand = 0;
  private output = 0;
  private capacity = 0;

  constructor(
    private readonly space: WasmSpace,
    private readonly largest: number,
    readonly precision: Precision = "float64"
  ) {}

  /** Columns of the operand and output in WebAssembly memory: r, or r padded to whole f32x4 vectors in float32. */
  private stride(r: number): number {
    return this.precision === "float32" ? 4 * Math.ceil(r / 4) : r;
  }

  private reserve(r: number): void {
    if (r <= this.capacity) return;
    const width = this.stride(r);
    this.operand = this.space.allocate(8 * this.largest * width);
    this.output = this.space.allocate(8 * this.largest * width);
    this.capacity = r;
  }

  /**
   * Copies b in (float64; or float32, flushed, rows spread to the stride with zeros in between) and clears
   * the output's rows start .. end - 1.
   */
  private load(b: Tall, start: number, end: number): void {
    const {r} = b;
    this.reserve(r);
    const width = this.stride(r);
    this.space.f64(this.operand, b.rows * r).set(b.data.subarray(0, b.rows * r));
    if (this.precision === "float32") {
      // Rounded and flushed in one WebAssembly pass (W at 10,000 x 20: 178 us with the copy, against 235 for
      // a Float32Array's set from float64 values and a separate flush).
      this.space.demoteTiny(this.operand, b.rows * r);
      if (width !== r) this.space.spreadRows(this.operand, b.rows, r, width);
    }
    this.space.f64(this.output + 8 * start * width, (end - start) * width).fill(0);
  }

  /** Copies rows start .. end - 1 of the output into the same rows of `out`. */
  private store(out: Tall, start: number, end: number): void {
    const {r} = out;
    const width = this.stride(r);
    const from = this.output + 8 * start * width;
    if (width !== r) this.space.packRows(from, end - start, width, r);
    out.data.set(this.space.f64(from, (end - start) * r), start * r);
  }

  /** Calls `kernel(width, k)` for each chunk of columns from k: width in columns (float64) or in f32x4 vectors (float32). */
  private chunks(r: number, kernel: (index: number, k: number) => void): void {
    const float32 = this.precision === "float32";
    const widths = float32 ? chunkWidths(this.stride(r) / 4, F32_VECTORS) : chunkWidths(r);
    for (let c = 0, k = 0; c < widths.length; k += widths[c++] * (float32 ? 4 : 1)) kernel(widths[c], k);
  }

  /**
   * Rows start .. end - 1 (default: all) of out = A b, for A in CSR blocks of its columns (see
   * `copyCsrColumnBlocks`); out's other rows are left as they are.
   */
  sparse(a: WasmCsr[], b: Tall, out: Tall, start = 0, end = a[0].rows): void {
    this.load(b, start, end);
    const r = this.stride(b.r);
    const kernels = this.precision === "float32" ? this.space.sparseFloat32 : this.space.sparse;
    // Block after block, each row's sums continue where the previous block left them: the terms
    // are added in ascending column order, as in one pass, while b's rows come from one block at a time.
    for (const block of a)
      this.chunks(b.r, (width, k) =>
        kernels[width](block.indptr, block.indices, block.values, this.operand, r, this.output, start, end, k)
      );
    this.store(out, start, end);
  }

  /** Rows start .. end - 1 (default: all) of out = A b for the dense A (rows x cols) at address. */
  dense(address: number, rows: number, cols: number, b: Tall, out: Tall, start = 0, end = rows): void {
    this.load(b, start, end);
    const r = this.stride(b.r);
    const kernels = this.precision === "float32" ? this.space.denseFloat32 : this.space.dense;
    this.chunks(b.r, (width, k) => kernels[width](address, cols, this.operand, r, this.output, start, end, k));
    this.store(out, start, end);
  }
}

/** X and X^T (CSR) in WebAssembly memory, with their two products. */
export function wasmSparseProducts(
  module: WebAssembly.Module,
  rows: CsrMatrix,
  columns: CsrMatrix,
  precision: Precision
) {
  const space = new WasmSpace(module);
  const X = copyCsrColumnBlocks(space, rows, COLUMN_BLOCK),
    Xt = copyCsrColumnBlocks(space, columns, COLUMN_BLOCK);
  const products = new WasmProducts(space, Math.max(rows.rows, columns.rows), precision);
  return {
    timesTransposed: (Ht: Tall, out: Tall) => products.sparse(X, Ht, out),
    transposeTimes: (W: Tall, out: Tall) => products.sparse(Xt, W, out)
  };
}

/** X and X^T dense (float32) in WebAssembly memory, with their two products. */
export function wasmDenseProducts(module: WebAssembly.Module, X: Matrix, Xt: Matrix, precision: Precision) {
  const space = new WasmSpace(module);
  const x = space.allocate(4 * X.data.length),
    xt = space.allocate(4 * Xt.data.length);
  space.f32(x, X.data.length).set(X.data);
  space.f32(xt, Xt.data.length).set(Xt.data);
  const products = new WasmProducts(space, Math.max(X.rows, X.cols), precision);
  return {
    timesTransposed: (Ht: Tall, out: Tall) => products.dense(x, X.rows, X.cols, Ht, out),
    transposeTimes: (W: Tall, out: Tall) => products.dense(xt, Xt.rows, Xt.cols, W, out)
  };
}

import {
  tall,
  sparseTimesTall,
  denseTimesTall,
  type Tall,
  WasmSpace,
  COLUMN_BLOCK,
  WasmProducts,
  copyCsrColumnBlocks,
  type WasmCsr,
  type CsrMatrix,
  sparseTimesTallFloat32,
  denseTimesTallFloat32,
  type Precision
} from "../engine/index.js";

/**
 * A block of consecutive rows of X or X^T, the unit of work of one thread: `rows` rows starting at
 * `start`, sparse (a CSR slice with its own row pointers) or dense (float32, `cols` columns).
 */
export type RowBlock =
  | {kind: "sparse"; start: number; csr: CsrMatrix}
  | {kind: "dense"; start: number; rows: number; cols: number; data: Float32Array};

/** Boundaries b_0 = 0 < ... < b_parts = rows splitting the rows into `parts` blocks of about equal weight. */
export function balancedBoundaries(weightBefore: (row: number) => number, rows: number, parts: number): number[] {
  const total = weightBefore(rows);
  const bounds = [0];
  let row = 0;
  for (let p = 1; p < parts; ++p) {
    const target = (total * p) / parts;
    while (row < rows && weightBefore(row) < target) ++row;
    // The boundary nearer the target: one row before may be closer than the first one past it.
    const cut = row > 0 && target - weightBefore(row - 1) < weightBefore(row) - target ? row - 1 : row;
    bounds.push(Math.max(bounds[p - 1], cut));
  }
  bounds.push(rows);
  return bounds;
}

/** Rows start .. end - 1 of a CSR matrix, with row pointers rebased to 0 (the arrays are copies). */
export function sliceCsr(a: CsrMatrix, start: number, end: number): CsrMatrix {
  const from = a.indptr[start],
    to = a.indptr[end];
  const indptr = new Int32Array(end - start + 1);
  for (let i = start; i <= end; ++i) indptr[i - start] = a.indptr[i] - from;
  return {
    rows: end - start,
    cols: a.cols,
    indptr,
    indices: a.indices.slice(from, to),
    values: a.values.slice(from, to)
  };
}

/**
 * Computes its block's rows of `A b` (A the block's source matrix, b its right operand) with the
 * engine's kernels: WebAssembly when a module is given, else the TypeScript loops. Output rows
 * equal the single-threaded operator's bit for bit (same kernels, same order of terms).
 */
export class BlockProducts {
  private readonly wasm?: {products: WasmProducts; csr?: WasmCsr[]; dense?: number};

  constructor(
    readonly block: RowBlock,
    module: WebAssembly.Module | null,
    readonly precision: Precision = "float64"
  ) {
    if (!module) return;
    const space = new WasmSpace(module);
    const cols = block.kind === "sparse" ? block.csr.cols : block.cols;
    const rows = block.kind === "sparse" ? block.csr.rows : block.rows;
    if (block.kind === "sparse") {
      const csr = copyCsrColumnBlocks(space, block.csr, COLUMN_BLOCK);
      this.wasm = {products: new WasmProducts(space, Math.max(rows, cols), precision), csr};
    } else {
      const address = space.allocate(4 * block.data.length);
      space.f32(address, block.data.length).set(block.data);
      this.wasm = {products: new WasmProducts(space, Math.max(rows, cols), precision), dense: address};
    }
  }

  get rows(): number {
    return this.block.kind === "sparse" ? this.block.csr.rows : this.block.rows;
  }

  /**
   * Rows from .. to - 1 of `A b` (A's row numbers, within the block; default the whole block) into the same
   * rows of `out` (A's rows x r), with b (cols x r).
   */
  multiply(b: Tall, out: Tall, from = this.block.start, to = this.block.start + this.rows): void {
    const {block, wasm} = this;
    const r = b.r;
    const rows = tall(this.rows, r, out.data.subarray(block.start * r, (block.start + this.rows) * r));
    const start = from - block.start,
      end = to - block.start;
    const float32 = this.precision === "float32";
    if (block.kind === "sparse") {
      const product = float32 ? sparseTimesTallFloat32 : sparseTimesTall;
      if (wasm?.csr) wasm.products.sparse(wasm.csr, b, rows, start, end);
      else product(block.csr.indptr, block.csr.indices, block.csr.values, b.data, r, rows.data, start, end);
    } else if (wasm?.dense !== undefined) wasm.products.dense(wasm.dense, block.rows, block.cols, b, rows, start, end);
    else (float32 ? denseTimesTallFloat32 : denseTimesTall)(block.data, block.cols, b.data, r, rows.data, start, end);
  }
}

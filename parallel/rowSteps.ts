import {ROW_BLOCK, WasmSpace, blockCount, chunkWidths, transposeTimesInSpace} from "../engine/index.js";

/** One thread's share of the rows of a factor: rows start .. end - 1. */
export interface RowRange {
  start: number;
  end: number;
}

/**
 * Splits `rows` rows into `threads` ranges of whole ROW_BLOCK blocks (the last block may be short), as
 * equal as blocks allow; thread 0 (the calling thread) comes first. Every thread computes the same split.
 */
export function rowRanges(rows: number, threads: number): RowRange[] {
  const blocks = blockCount(rows);
  return Array.from({length: threads}, (_, t) => ({
    start: Math.min(rows, Math.floor((t * blocks) / threads) * ROW_BLOCK),
    end: Math.min(rows, Math.floor(((t + 1) * blocks) / threads) * ROW_BLOCK)
  }));
}

/**
 * A range of rows of a factor F and of its right-hand side P, with the Gram G, in one thread's
 * WebAssembly memory, where the engine's kernels run the row-wise steps of HALS (wasm/hals.ts) and of
 * the multiplicative updates (wasm/multiplicative.ts) on them: the same arithmetic as the engine's
 * single-threaded steps (engine/kernels/wasmSteps.ts), row for row.
 */
export class RowStepSpace {
  private readonly space: WasmSpace;
  private capacity = 0;
  private f = 0;
  private p = 0;
  private q = 0;
  private g = 0;
  private t = 0;
  private changes = 0;
  private gram = 0;
  private rows = 0;
  private r = 0;

  constructor(module: WebAssembly.Module) {
    this.space = new WasmSpace(module);
  }

  /** Copies rows of F and P (rows x r each, row-major) and G (r x r) in. */
  load(F: Float64Array, P: Float64Array, G: Float64Array, rows: number, r: number): void {
    const size = Math.ceil((rows * r * 8) / 16) * 16;
    if (size > this.capacity || r > this.r) {
      // Regions for F, P, F G, then G, the sweeps' lane-wise scratch (32 (r + 1) f64) and the blocks' changes.
      const capacity = Math.max(size, this.capacity);
      this.f = this.space.allocate(capacity);
      this.p = this.space.allocate(capacity);
      this.q = this.space.allocate(capacity);
      this.g = this.space.allocate(8 * r * r);
      this.t = this.space.allocate(256 * (r + 1));
      this.changes = this.space.allocate(8 * blockCount(capacity / 8));
      this.gram = this.space.allocate(8 * r * r);
      this.capacity = capacity;
    }
    this.rows = rows;
    this.r = Math.max(this.r, r);
    this.space.f64(this.f, rows * r).set(F.subarray(0, rows * r));
    this.space.f64(this.p, rows * r).set(P.subarray(0, rows * r));
    this.space.f64(this.g, r * r).set(G.subarray(0, r * r));
  }

  /** One HALS sweep of the loaded rows; their blocks' squared changes go to changes[at ..]. */
  halsSweep(r: number, changes: Float64Array, at: number): void {
    this.space.halsSweep(this.f, this.p, this.g, this.t, this.rows, r, this.changes);
    changes.set(this.space.f64(this.changes, blockCount(this.rows)), at);
  }

  /** F <- F * P / (F G + epsilon) on the loaded rows. */
  multiplicative(r: number, epsilon: number): void {
    const widths = chunkWidths(r);
    for (let c = 0, k = 0; c < widths.length; k += widths[c++])
      this.space.small[widths[c]](this.f, r, this.g, r, this.q, 0, this.rows, k);
    this.space.multiplicativeUpdate(this.f, this.p, this.q, this.rows * r, epsilon);
  }

  /**
   * The Gram matrix of each block of ROW_BLOCK loaded rows of F, as engine/kernels/tall.ts `gramOf` computes
   * it (the same kernels on the same rows), to grams[(at + b) r^2 ..].
   */
  blockGrams(r: number, grams: Float64Array, at: number): void {
    for (let start = 0, b = at; start < this.rows; start += ROW_BLOCK, ++b) {
      const address = this.f + 8 * start * r;
      transposeTimesInSpace(this.space, address, r, address, r, this.gram, Math.min(ROW_BLOCK, this.rows - start));
      grams.set(this.space.f64(this.gram, r * r), b * r * r);
    }
  }

  /** Copies the loaded rows of F out. */
  storeF(into: Float64Array, r: number): void {
    into.set(this.space.f64(this.f, this.rows * r));
  }
}

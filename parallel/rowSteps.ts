import {
  ROW_BLOCK,
  WasmSpace,
  addInto,
  blockCount,
  multiplicativeInSpace,
  repeatSweeps,
  transposeTimesInSpace,
  type RowSteps,
  type Tall
} from "../engine/index.js";
import {GRAM, HALS_SWEEP, MULTIPLICATIVE, type RowBuffers} from "./protocol.js";

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
    multiplicativeInSpace(this.space, this.f, this.p, this.g, this.q, this.rows, r, epsilon);
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

/** Buffers for factors of up to `rows` rows and rank `maxRank`, with their views. */
export function sharedRowBuffers(rows: number, maxRank: number) {
  const blocks = blockCount(rows);
  const buffers: RowBuffers = {
    F: new SharedArrayBuffer(8 * rows * maxRank),
    P: new SharedArrayBuffer(8 * rows * maxRank),
    G: new SharedArrayBuffer(8 * (maxRank * maxRank + 1)),
    changes: new SharedArrayBuffer(8 * blocks),
    grams: new SharedArrayBuffer(8 * blocks * maxRank * maxRank)
  };
  return {buffers, views: rowViews(buffers)};
}

export function rowViews(buffers: RowBuffers) {
  return {
    F: new Float64Array(buffers.F),
    P: new Float64Array(buffers.P),
    G: new Float64Array(buffers.G),
    changes: new Float64Array(buffers.changes),
    grams: new Float64Array(buffers.grams)
  };
}

/** What the calling thread's side of the row-wise steps needs from the operator (operator.ts). */
export interface RowStepChannel {
  threads: number;
  maxRank: number;
  /** The calling thread's own space. */
  own: RowStepSpace;
  shared: ReturnType<typeof sharedRowBuffers>;
  /** Posts a job (operation, rank, rows, load flag) to the other threads; returns its sequence number. */
  post(operation: number, r: number, rows: number, load?: number): number;
  /** Waits for thread t to finish job `sequence`. */
  waitFor(t: number, sequence: number): void;
  closed(): boolean;
}

/**
 * The calling thread's side of the row-wise steps: it copies the other threads' rows of F and P to
 * shared memory, takes the first range itself, and gathers F back. Declines (the solver then runs its own
 * loop) past maxRank or with fewer blocks of rows than threads.
 */
export function threadedRowSteps(channel: RowStepChannel): RowSteps {
  const {threads, maxRank, own, post, waitFor} = channel;
  const views = channel.shared.views;

  function split(F: Tall): RowRange[] | undefined {
    if (channel.closed() || F.r > maxRank || blockCount(F.rows) < threads) return undefined;
    return rowRanges(F.rows, threads);
  }

  function share(F: Tall, P: Tall, G: Float64Array, parts: RowRange[], epsilon = 0): void {
    const r = F.r;
    for (let t = 1; t < threads; ++t) {
      const {start, end} = parts[t];
      views.F.set(F.data.subarray(start * r, end * r), start * r);
      views.P.set(P.data.subarray(start * r, end * r), start * r);
    }
    views.G.set(G.subarray(0, r * r));
    views.G[r * r] = epsilon;
    own.load(F.data, P.data, G, parts[0].end, r);
  }

  function gather(F: Tall, parts: RowRange[]): void {
    const r = F.r;
    own.storeF(F.data.subarray(0, parts[0].end * r), r);
    for (let t = 1; t < threads; ++t) {
      const {start, end} = parts[t];
      F.data.set(views.F.subarray(start * r, end * r), start * r);
    }
  }

  /** Every thread's blocks' Grams of its rows of F, added in block order into `gram` (gramOf's bits). */
  function blockGrams(F: Tall, gram: Float64Array): void {
    const {rows, r} = F;
    const sequence = post(GRAM, r, rows);
    own.blockGrams(r, views.grams, 0);
    for (let t = 1; t < threads; ++t) waitFor(t, sequence);
    gram.fill(0);
    for (let b = 0; b < blockCount(rows); ++b) addInto(gram, views.grams.subarray(b * r * r, (b + 1) * r * r));
  }

  return {
    halsSweeps(F, P, G, maxSweeps, stop, gram) {
      const parts = split(F);
      if (!parts) return -1;
      const {rows, r} = F;
      share(F, P, G, parts);
      let load = 1;
      const sweeps = repeatSweeps(maxSweeps, stop, () => {
        const sequence = post(HALS_SWEEP, r, rows, load);
        load = 0;
        own.halsSweep(r, views.changes, 0);
        for (let t = 1; t < threads; ++t) waitFor(t, sequence);
        return views.changes.subarray(0, blockCount(rows));
      });
      if (gram) blockGrams(F, gram);
      gather(F, parts);
      return sweeps;
    },
    multiplicativeStep(F, P, G, epsilon, gram) {
      const parts = split(F);
      if (!parts) return false;
      share(F, P, G, parts, epsilon);
      const sequence = post(MULTIPLICATIVE, F.r, F.rows);
      own.multiplicative(F.r, epsilon);
      for (let t = 1; t < threads; ++t) waitFor(t, sequence);
      if (gram) blockGrams(F, gram);
      gather(F, parts);
      return true;
    }
  };
}

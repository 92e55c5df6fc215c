import {wasmKernelsBase64} from "./wasmModule.js";

/** Widest float32 chunk in f32x4 vectors (the kernels are generated with it: scripts/generateWasmKernels.ts). */
export const F32_VECTORS = 6;

/**
 * The engine's WebAssembly SIMD module (wasm/*.ts, built by scripts/generateWasmKernels.ts and
 * embedded in wasmModule.ts): loading, instances with their memory, and a shared scratch instance.
 * Its users: wasmProducts.ts (the products with X, 5x faster than the TypeScript kernels on MNIST)
 * and wasmSteps.ts (the solvers' small products, HALS sweeps, MU and Adam steps). Every kernel
 * equals its TypeScript counterpart bit for bit. Where WebAssembly SIMD is missing, or a browser
 * refuses to compile synchronously, `wasmKernels()` returns null and the TypeScript loops run.
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

/**
 * Compiles the module asynchronously, for browsers that refuse a synchronous compilation of this
 * size on the main thread: a page awaits this once before its first fit to get the WebAssembly
 * kernels there too. Resolves to whether they are available.
 */
export async function loadWasmKernels(): Promise<boolean> {
  if (compiled === undefined || compiled === null) {
    try {
      const bytes = decodeBase64(wasmKernelsBase64);
      if (typeof WebAssembly === "object" && WebAssembly.validate(bytes)) compiled = await WebAssembly.compile(bytes);
    } catch {
      compiled = null;
    }
  }
  return enabled && compiled !== null && compiled !== undefined;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const PAGE = 65536;

/** Each instance's current memory buffer, for `residentSpace`. */
const spaces = new WeakMap<ArrayBuffer, WasmSpace>();

/**
 * The instance whose memory holds every one of `arrays` (views taken with `WasmSpace.f64`), or undefined:
 * a kernel then runs on them where they are, without copying them in and out.
 */
export function residentSpace(...arrays: Float64Array[]): WasmSpace | undefined {
  const space = spaces.get(arrays[0].buffer as ArrayBuffer);
  return space && arrays.every((a) => a.buffer === arrays[0].buffer) ? space : undefined;
}

/** A WebAssembly instance with its memory, and a bump allocator over that memory. */
export class WasmSpace {
  readonly sparse: ChunkKernel[] = [];
  readonly dense: ChunkKernel[] = [];
  readonly small: ChunkKernel[] = [];
  readonly transposed: ChunkKernel[] = [];
  /** The float32 products, indexed by width in f32x4 vectors (1 .. F32_VECTORS). */
  readonly sparseFloat32: ChunkKernel[] = [];
  readonly denseFloat32: ChunkKernel[] = [];
  readonly halsSweep: (
    f: number,
    p: number,
    g: number,
    scratch: number,
    rows: number,
    r: number,
    changes: number
  ) => void;
  readonly allFinite: (g: number, length: number, scale: number) => number;
  readonly adamStep: (...args: number[]) => void;
  readonly multiplicativeUpdate: (f: number, p: number, q: number, length: number, epsilon: number) => void;
  readonly demoteTiny: (address: number, count: number) => void;
  readonly subtract: (a: number, b: number, length: number) => void;
  readonly dot: (a: number, b: number, length: number) => number;
  readonly spreadRows: (address: number, rows: number, from: number, to: number) => void;
  readonly packRows: (address: number, rows: number, from: number, to: number) => void;
  private readonly memory: WebAssembly.Memory;
  private top = 16;

  constructor(module: WebAssembly.Module) {
    const exports = new WebAssembly.Instance(module, {}).exports as KernelExports;
    this.memory = exports.memory;
    spaces.set(this.memory.buffer, this);
    this.halsSweep = exports.halsSweep as WasmSpace["halsSweep"];
    this.allFinite = exports.allFinite as WasmSpace["allFinite"];
    this.adamStep = exports.adamStep as WasmSpace["adamStep"];
    this.multiplicativeUpdate = exports.multiplicativeUpdate as WasmSpace["multiplicativeUpdate"];
    this.demoteTiny = exports.demoteTiny as WasmSpace["demoteTiny"];
    this.subtract = exports.subtract as WasmSpace["subtract"];
    this.dot = exports.dot as WasmSpace["dot"];
    this.spreadRows = exports.spreadRows as WasmSpace["spreadRows"];
    this.packRows = exports.packRows as WasmSpace["packRows"];
    for (let w = 1; w <= 10; ++w) {
      this.sparse[w] = exports[`sparseChunk${w}`] as ChunkKernel;
      this.dense[w] = exports[`denseChunk${w}`] as ChunkKernel;
      this.small[w] = exports[`smallChunk${w}`] as ChunkKernel;
      this.transposed[w] = exports[`transposedChunk${w}`] as ChunkKernel;
    }
    for (let v = 1; v <= F32_VECTORS; ++v) {
      this.sparseFloat32[v] = exports[`sparseFloat32Chunk${v}`] as ChunkKernel;
      this.denseFloat32[v] = exports[`denseFloat32Chunk${v}`] as ChunkKernel;
    }
  }

  /** Reserves `bytes` (16-byte aligned), growing the memory if needed; returns the address. */
  allocate(bytes: number): number {
    const address = this.top;
    this.top += Math.ceil(bytes / 16) * 16;
    const needed = Math.ceil(this.top / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (needed > 0) {
      spaces.delete(this.memory.buffer);
      this.memory.grow(needed);
      spaces.set(this.memory.buffer, this);
    }
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
}

/**
 * Below this many multiply-adds (or entries) a call stays in TypeScript: copying the operands into
 * WebAssembly memory and the result out costs more than the loop itself.
 */
export const WASM_MIN_WORK = 20_000;

let shared: {space: WasmSpace; scratch: number; capacity: number} | undefined;

/**
 * A region of at least `bytes` in one instance shared by the solvers' steps (wasmSteps.ts), grown
 * to the largest call; its content is only valid until the next call.
 */
export function scratch(module: WebAssembly.Module, bytes: number): {space: WasmSpace; address: number} {
  shared ??= {space: new WasmSpace(module), scratch: 0, capacity: 0};
  if (bytes > shared.capacity) {
    shared.capacity = Math.max(bytes, 2 * shared.capacity);
    shared.scratch = shared.space.allocate(shared.capacity);
  }
  return {space: shared.space, address: shared.scratch};
}

import {readFileSync} from "node:fs";
import {afterEach, describe, expect, it} from "vitest";
import {dataOperator} from "../../engine/kernels/data.js";
import {tallTimesSmall, transposeTimesTall} from "../../engine/kernels/rowChunks.js";
import {gramOf, tall} from "../../engine/kernels/tall.js";
import {WasmSpace, loadWasmKernels, useWasmKernels, wasmKernels} from "../../engine/kernels/wasm.js";
import {wasmTimesSmall, wasmTransposeTimes} from "../../engine/kernels/wasmSteps.js";
import {halsSweeps} from "../../engine/solvers/hals.js";
import {multiplicativeStep} from "../../engine/solvers/multiplicative.js";
import {ADAM_EPSILON, adamStep, createOptimizer} from "../../engine/solvers/optimizer.js";
import {SMALLEST_NORMAL} from "../../engine/kernels/subnormal.js";
import {matrix} from "../../engine/matrix.js";
import {
  compileWasm,
  generateWasmModule,
  generateWasmSource,
  wasmModulePath,
  wasmSourcePath
} from "../../scripts/generateWasmKernels.js";
import {FLOAT32_TOLERANCE, randomEntries, referenceProduct, referenceTranspose, relativeError} from "./reference.js";

afterEach(() => useWasmKernels(true));

describe("WebAssembly SIMD data products", () => {
  it("load in this runtime, synchronously and asynchronously", async () => {
    expect(wasmKernels()).not.toBeNull();
    expect(await loadWasmKernels()).toBe(true);
    useWasmKernels(false);
    expect(wasmKernels()).toBeNull();
    expect(await loadWasmKernels()).toBe(false);
  });

  for (const density of [0.2, 1])
    for (const r of [1, 2, 3, 5, 9, 10, 11, 16, 20, 23])
      it(`equal the TypeScript kernels bit for bit and the reference (density ${density}, rank ${r})`, () => {
        const m = 53,
          n = 31;
        const X = matrix(m, n, Float32Array.from(randomEntries(m * n, 5 + r, density)));
        const x = Float64Array.from(X.data);
        const Ht = tall(n, r, randomEntries(n * r, 6));
        const W = tall(m, r, randomEntries(m * r, 7));
        const wasm = dataOperator(X);
        useWasmKernels(false);
        const plain = dataOperator(X);
        const a = wasm.timesTransposed(Ht, tall(m, r)).data,
          b = plain.timesTransposed(Ht, tall(m, r)).data;
        expect(Array.from(a)).toEqual(Array.from(b));
        expect(relativeError(a, referenceProduct(x, Ht.data, m, n, r))).toBeLessThan(FLOAT32_TOLERANCE);
        const c = wasm.transposeTimes(W, tall(n, r)).data,
          d = plain.transposeTimes(W, tall(n, r)).data;
        expect(Array.from(c)).toEqual(Array.from(d));
        expect(relativeError(c, referenceProduct(referenceTranspose(x, m, n), W.data, n, m, r))).toBeLessThan(
          FLOAT32_TOLERANCE
        );
      });

  for (const r of [3, 13, 20, 23])
    it(`X^T W over W in several row blocks equals the TypeScript gather (rank ${r})`, () => {
      const m = Math.ceil((512 * 1024) / (8 * r)) + 5,
        n = 17;
      const X = matrix(m, n, Float32Array.from(randomEntries(m * n, r, 0.2)));
      const W = tall(m, r, randomEntries(m * r, r + 1));
      const viaWasm = dataOperator(X).transposeTimes(W, tall(n, r)).data;
      useWasmKernels(false);
      const plain = dataOperator(X).transposeTimes(W, tall(n, r)).data;
      expect(Array.from(viaWasm)).toEqual(Array.from(plain));
      const x = Float64Array.from(X.data);
      expect(relativeError(viaWasm, referenceProduct(referenceTranspose(x, m, n), W.data, n, m, r))).toBeLessThan(
        FLOAT32_TOLERANCE
      );
    });

  it("reuse and grow their buffers across ranks", () => {
    const X = matrix(40, 30, Float32Array.from(randomEntries(1200, 9, 0.3)));
    const op = dataOperator(X);
    for (const r of [3, 12, 2, 25]) {
      const Ht = tall(30, r, randomEntries(30 * r, r));
      const expected = referenceProduct(Float64Array.from(X.data), Ht.data, 40, 30, r);
      expect(relativeError(op.timesTransposed(Ht, tall(40, r)).data, expected)).toBeLessThan(FLOAT32_TOLERANCE);
    }
  });
});

describe("WebAssembly SIMD small-matrix products and HALS sweeps", () => {
  for (const [rows, p, q] of [
    [500, 20, 20],
    [301, 7, 13],
    [64, 3, 1]
  ])
    it(`equal the TypeScript loops bit for bit (${rows} x ${p}, ${q} columns)`, () => {
      const a = randomEntries(rows * p, rows, 0.8),
        b = randomEntries(p * q, q),
        c = randomEntries(rows * q, p + q);
      const viaWasm = new Float64Array(rows * q),
        plain = new Float64Array(rows * q);
      expect(wasmTimesSmall(a, p, b, q, viaWasm, rows)).toBe(true);
      tallTimesSmall(a, p, b, q, plain, 0, rows);
      expect(Array.from(viaWasm)).toEqual(Array.from(plain));
      expect(relativeError(viaWasm, referenceProduct(a, b, rows, p, q))).toBeLessThan(1e-14);
      const atb = new Float64Array(p * q),
        atbPlain = new Float64Array(p * q);
      expect(wasmTransposeTimes(a, p, c, q, atb, rows)).toBe(true);
      transposeTimesTall(a, p, rows, c, q, atbPlain, 0, p);
      expect(Array.from(atb)).toEqual(Array.from(atbPlain));
      const gram = new Float64Array(p * p),
        gramPlain = new Float64Array(p * p);
      expect(wasmTransposeTimes(a, p, a, p, gram, rows)).toBe(true);
      transposeTimesTall(a, p, rows, a, p, gramPlain, 0, p);
      expect(Array.from(gram)).toEqual(Array.from(gramPlain));
    });

  for (const [rows, r, sweeps] of [
    [203, 10, 3],
    [501, 7, 20],
    [400, 20, 1]
  ])
    it(`HALS sweeps equal the TypeScript sweeps bit for bit (${rows} rows, rank ${r}, up to ${sweeps} sweeps)`, () => {
      const F = tall(rows, r, randomEntries(rows * r, 31 + r, 0.9));
      const P = tall(
        rows,
        r,
        randomEntries(rows * r, 32 + r).map((v) => 3 * v)
      );
      const G = gramOf(tall(2 * r, r, randomEntries(2 * r * r, 33 + r, 0.7)));
      G[0] = 0; // a vanished component: its column is skipped
      const viaWasm = tall(rows, r, F.data.slice());
      halsSweeps(viaWasm, P, G, sweeps);
      useWasmKernels(false);
      const plain = tall(rows, r, F.data.slice());
      halsSweeps(plain, P, G, sweeps);
      expect(Array.from(viaWasm.data)).toEqual(Array.from(plain.data));
      expect(viaWasm.data).not.toEqual(F.data);
    });
});

describe("WebAssembly SIMD multiplicative update", () => {
  for (const [rows, r] of [
    [250, 10],
    [1001, 7]
  ])
    it(`equals the TypeScript update bit for bit (${rows} rows, rank ${r})`, () => {
      const F = tall(rows, r, randomEntries(rows * r, 80 + r, 0.9));
      const P = tall(rows, r, randomEntries(rows * r, 81 + r));
      const G = gramOf(tall(3 * r, r, randomEntries(3 * r * r, 82 + r)));
      const viaWasm = tall(rows, r, F.data.slice());
      multiplicativeStep(viaWasm, P, G);
      useWasmKernels(false);
      const plain = tall(rows, r, F.data.slice());
      multiplicativeStep(plain, P, G);
      expect(Array.from(viaWasm.data)).toEqual(Array.from(plain.data));
      expect(viaWasm.data).not.toEqual(F.data);
    });
});

describe("subnormal results of the multiplicative update", () => {
  it("become 0, in WebAssembly as in TypeScript", () => {
    // G = I: F G + eps = F + 1e-10, so an entry 1e-300 with P = 1e-20 comes out at 1e-310 (subnormal).
    const rows = 1000,
      r = 5;
    const G = Float64Array.from({length: r * r}, (_, k) => (k % (r + 1) === 0 ? 1 : 0));
    const start = randomEntries(rows * r, 90, 0.9).map((v, k) => (k % 3 === 0 ? 1e-300 : v + 0.1));
    const P = tall(
      rows,
      r,
      start.map((v, k) => (k % 3 === 0 ? 1e-20 : v))
    );
    const results = [true, false].map((wasm) => {
      useWasmKernels(wasm);
      const F = tall(rows, r, start.slice());
      multiplicativeStep(F, P, G);
      return F.data;
    });
    expect(Array.from(results[0])).toEqual(Array.from(results[1]));
    for (let k = 0; k < rows * r; ++k) {
      if (k % 3 === 0) expect(results[0][k]).toBe(0);
      else expect(results[0][k]).toBe(start[k] * (P.data[k] / (start[k] + 1e-10)));
    }
  });
});

describe("WebAssembly SIMD Adam", () => {
  const shapes: [number, number][] = [
    [1001, 20],
    [20, 10],
    [33, 3]
  ];
  const options = {kind: "adam" as const, lr: 1e-2, beta1: 0.9, beta2: 0.999};

  it("equals the TypeScript Adam bit for bit over several steps, with the gradients scaled", () => {
    const start = shapes.map(([rows, r], i) => tall(rows, r, randomEntries(rows * r, 40 + i, 0.8)));
    const fast = createOptimizer(start, options);
    useWasmKernels(false);
    const slow = createOptimizer(
      start.map((p) => tall(p.rows, p.r, p.data.slice())),
      options
    );
    // The WebAssembly optimizer keeps copies in its memory; the TypeScript one steps the factors it was given.
    expect(fast.params[0].data.buffer).not.toBe(start[0].data.buffer);
    for (let step = 0; step < 5; ++step) {
      const scale = step % 2 === 0 ? 1 : 2;
      for (const optimizer of [fast, slow]) {
        optimizer.gradients.forEach((g, i) => g.set(randomEntries(g.length, 50 + 10 * step + i).map((v) => v - 0.4)));
        expect(optimizer.step(scale)).toBe(true);
      }
    }
    for (let q = 0; q < start.length; ++q) {
      expect(Array.from(fast.params[q].data)).toEqual(Array.from(slow.params[q].data));
      expect(fast.params[q].data).not.toEqual(start[q].data);
    }
  });

  it("sets moments below the smallest normal float64 to 0, in WebAssembly as in TypeScript", () => {
    // With a zero gradient, 0.9 times the smallest subnormal rounds back to it: without the floor, that
    // first moment would stay subnormal (and slow) for ever.
    const m0 = [5e-324, -5e-324, 1e-310, 1e-300, 0.5],
      s0 = [1e-310, 4e-308, 0, 1e-300, 0.25];
    const n = m0.length;
    const x = new Float64Array(n).fill(1),
      g = Float64Array.from([0, 0, 0, 0, 0.3]),
      m = Float64Array.from(m0),
      s = Float64Array.from(s0);
    adamStep(x, g, m, s, 0.9, 0.999, 1e-2, 1, 2);
    expect(Array.from(m.slice(0, 3))).toEqual([0, 0, 0]);
    expect(m[3]).toBe(0.9 * 1e-300 + 0.1 * 0);
    expect(s[0]).toBe(0);
    expect(s[1]).toBe(0.999 * 4e-308 + 0.001 * 0 * 0);
    expect(s[1]).toBeGreaterThanOrEqual(SMALLEST_NORMAL);

    const space = new WasmSpace(wasmKernels()!);
    const [px, pg, pm, ps] = [0, 1, 2, 3].map(() => space.allocate(8 * n));
    space.f64(px, n).fill(1);
    space.f64(pg, n).set(g);
    space.f64(pm, n).set(m0);
    space.f64(ps, n).set(s0);
    space.adamStep(px, pg, pm, ps, n, 0.9, 0.999, 1e-2, 1, ADAM_EPSILON, 2);
    expect(Array.from(space.f64(pm, n))).toEqual(Array.from(m));
    expect(Array.from(space.f64(ps, n))).toEqual(Array.from(s));
    expect(Array.from(space.f64(px, n))).toEqual(Array.from(x));
  });

  it("refuses a gradient that is not finite once scaled, changing nothing", () => {
    for (const wasm of [true, false]) {
      useWasmKernels(wasm);
      const start = shapes.map(([rows, r], i) => tall(rows, r, randomEntries(rows * r, 60 + i)));
      const optimizer = createOptimizer(start, options);
      const before = optimizer.params.map((p) => p.data.slice());
      optimizer.gradients.forEach((g, i) => g.set(randomEntries(g.length, 70 + i)));
      optimizer.gradients[2][5] = NaN;
      expect(optimizer.step()).toBe(false);
      optimizer.gradients[2][5] = 0;
      optimizer.gradients[0][7] = -Infinity;
      expect(optimizer.step()).toBe(false);
      optimizer.gradients[0][7] = 1e308;
      expect(optimizer.step(1)).toBe(true);
      const after = optimizer.params.map((p) => p.data.slice());
      expect(optimizer.step(2)).toBe(false);
      optimizer.params.forEach((p, q) => expect(p.data).toEqual(after[q]));
      expect(after).not.toEqual(before);
    }
  });
});

describe("scripts/generateWasmKernels.ts", () => {
  it("produced the committed wasm/rowChunks.ts and engine/kernels/wasmModule.ts", async () => {
    const source = await generateWasmSource();
    expect(readFileSync(wasmSourcePath, "utf8")).toBe(source);
    expect(readFileSync(wasmModulePath, "utf8")).toBe(await generateWasmModule(await compileWasm(source)));
  }, 60_000);
});

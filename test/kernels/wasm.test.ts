import {readFileSync} from "node:fs";
import {afterEach, describe, expect, it} from "vitest";
import {dataOperator} from "../../engine/kernels/data.js";
import {tall} from "../../engine/kernels/tall.js";
import {useWasmKernels, wasmKernels} from "../../engine/kernels/wasm.js";
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
  it("load in this runtime", () => {
    expect(wasmKernels()).not.toBeNull();
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

describe("scripts/generateWasmKernels.ts", () => {
  it("produced the committed wasm/rowChunks.ts and engine/kernels/wasmModule.ts", async () => {
    const source = await generateWasmSource();
    expect(readFileSync(wasmSourcePath, "utf8")).toBe(source);
    expect(readFileSync(wasmModulePath, "utf8")).toBe(await generateWasmModule(await compileWasm(source)));
  }, 60_000);
});

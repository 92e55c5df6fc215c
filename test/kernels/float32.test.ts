import {afterEach, describe, expect, it} from "vitest";
import {fit} from "../../engine/fit.js";
import {dataOperator} from "../../engine/kernels/data.js";
import {FLOAT32_FLUSH} from "../../engine/kernels/float32.js";
import {tall} from "../../engine/kernels/tall.js";
import {useWasmKernels} from "../../engine/kernels/wasm.js";
import {matrix, type Matrix} from "../../engine/matrix.js";
import {randomEntries, referenceProduct, referenceTranspose, relativeError} from "./reference.js";

afterEach(() => useWasmKernels(true));

/** float32 products in runs of at most 256 float32 sums: a few units of float32 round-off, relative to the largest entry. */
const RUN_TOLERANCE = 2e-6;

function data(m: number, n: number, density: number, seed: number): Matrix {
  return matrix(m, n, Float32Array.from(randomEntries(m * n, seed, density)));
}

/** Both products of the float32 operator in WebAssembly and in TypeScript. */
function bothKernels(X: Matrix, Ht: Float64Array, W: Float64Array, r: number) {
  const run = () => {
    const op = dataOperator(X, {precision: "float32"});
    return {
      xHt: op.timesTransposed(tall(X.cols, r, Ht), tall(X.rows, r)).data,
      xtW: op.transposeTimes(tall(X.rows, r, W), tall(X.cols, r)).data
    };
  };
  const wasm = run();
  useWasmKernels(false);
  const plain = run();
  useWasmKernels(true);
  return {wasm, plain};
}

describe("float32 products", () => {
  for (const density of [0.2, 1])
    for (const r of [1, 3, 4, 5, 10, 20, 23, 24, 25, 30])
      it(`equal the TypeScript loops bit for bit and float64 within float32 round-off (density ${density}, rank ${r})`, () => {
        const m = 61,
          n = 37;
        const X = data(m, n, density, 11 + r);
        const Ht = randomEntries(n * r, 12 + r),
          W = randomEntries(m * r, 13 + r);
        const {wasm, plain} = bothKernels(X, Ht, W, r);
        expect(Array.from(wasm.xHt)).toEqual(Array.from(plain.xHt));
        expect(Array.from(wasm.xtW)).toEqual(Array.from(plain.xtW));
        const x = Float64Array.from(X.data);
        const exactXHt = referenceProduct(x, Ht, m, n, r),
          exactXtW = referenceProduct(referenceTranspose(x, m, n), W, n, m, r);
        expect(relativeError(wasm.xHt, exactXHt)).toBeLessThan(RUN_TOLERANCE);
        expect(relativeError(wasm.xtW, exactXtW)).toBeLessThan(RUN_TOLERANCE);
        // Not float64 in disguise: the float32 rounding shows.
        expect(Array.from(wasm.xHt)).not.toEqual(
          Array.from(dataOperator(X).timesTransposed(tall(n, r, Ht), tall(m, r)).data)
        );
      });

  it("sum rows of thousands of terms in float32 runs added in float64 (X^T over 5,000 rows, several column blocks)", () => {
    const m = 5000,
      n = 9,
      r = 8;
    const X = data(m, n, 0.6, 5);
    const W = randomEntries(m * r, 6);
    const {wasm, plain} = bothKernels(X, randomEntries(n * r, 7), W, r);
    expect(Array.from(wasm.xtW)).toEqual(Array.from(plain.xtW));
    const exact = referenceProduct(referenceTranspose(Float64Array.from(X.data), m, n), W, n, m, r);
    expect(relativeError(wasm.xtW, exact)).toBeLessThan(RUN_TOLERANCE);
  });

  it("read the factor's entries below 2^-100 as 0 and keep NaN", () => {
    const m = 20,
      n = 12,
      r = 4;
    const X = data(m, n, 1, 8);
    const Ht = randomEntries(n * r, 9);
    const tiny = Ht.slice();
    for (let k = 0; k < tiny.length; k += 3) tiny[k] = [1e-40, -3e-39, 7e-31, 2e-35][k % 4]; // below 2^-100 = 7.9e-31
    const zeroed = tiny.map((v) => (Math.abs(v) < FLOAT32_FLUSH ? 0 : v));
    expect(zeroed.filter((v) => v === 0).length).toBeGreaterThan(tiny.filter((v) => v === 0).length);
    for (const wasm of [true, false]) {
      useWasmKernels(wasm);
      const op = dataOperator(X, {precision: "float32"});
      const got = Array.from(op.timesTransposed(tall(n, r, tiny), tall(m, r)).data);
      expect(got).toEqual(Array.from(op.timesTransposed(tall(n, r, zeroed), tall(m, r)).data));
      const withNaN = Ht.slice();
      withNaN[0] = NaN;
      const out = op.timesTransposed(tall(n, r, withNaN), tall(m, r)).data;
      expect(out.some(Number.isNaN)).toBe(true);
    }
  });
});

describe("fit in float32", () => {
  const X = data(120, 40, 0.3, 21);

  for (const model of ["mu", "hals", "adam"] as const)
    it(`${model}: states its precision, repeats itself bit for bit, and follows float64 closely`, () => {
      const options = {model, ranks: [6], iterations: 60, seed: 3, init: "nndsvda" as const};
      const single = fit(X, {...options, precision: "float32"});
      expect(single.options.precision).toBe("float32");
      const again = fit(X, {...options, precision: "float32"});
      expect(Array.from(again.trajectory.relativeError)).toEqual(Array.from(single.trajectory.relativeError));
      useWasmKernels(false);
      const plain = fit(X, {...options, precision: "float32"});
      useWasmKernels(true);
      expect(Array.from(plain.trajectory.relativeError)).toEqual(Array.from(single.trajectory.relativeError));
      const double = fit(X, options);
      expect(double.options.precision).toBe("float64");
      const last = single.trajectory.relativeError.length - 1;
      expect(Math.abs(single.trajectory.relativeError[last] - double.trajectory.relativeError[last])).toBeLessThan(
        1e-5 * double.trajectory.relativeError[last]
      );
      expect(Math.abs(single.trajectory.effectiveRank[last] - double.trajectory.effectiveRank[last])).toBeLessThan(
        1e-3
      );
    });

  it("refuses an unknown precision, float32 on a dense loss, and an operator of the other precision", () => {
    const options = {model: "mu" as const, ranks: [3], iterations: 2};
    expect(() => fit(X, {...options, precision: "float16" as never})).toThrow(/invalid precision: "float16"/);
    expect(() => fit(X, {...options, precision: "float32", betaLoss: "kullback-leibler"})).toThrow(
      /invalid precision: "float32" \(float32 is for the Frobenius loss/
    );
    expect(() => fit(X, {...options, precision: "float32"}, {dataOperator: dataOperator(X)})).toThrow(
      /dataOperator computes in float64, the options ask for float32/
    );
  });
});

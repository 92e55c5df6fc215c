import {describe, expect, it} from "vitest";
import {FLOAT32_FLUSH} from "../../engine/kernels/float32.js";
import {dot, subtract, tall, timesSmall, transposeTimes} from "../../engine/kernels/tall.js";
import {WasmSpace, residentSpace, wasmKernels} from "../../engine/kernels/wasm.js";
import {randomEntries} from "./reference.js";

/** Arrays of the given lengths in one new instance's memory, filled with `values(length, i)`. */
function inSpace(lengths: number[], values: (length: number, i: number) => Float64Array) {
  const space = new WasmSpace(wasmKernels()!);
  const addresses = lengths.map((length) => space.allocate(8 * length));
  const arrays = addresses.map((address, i) => space.f64(address, lengths[i]));
  arrays.forEach((array, i) => array.set(values(array.length, i)));
  return {space, arrays};
}

/** Entries of mixed signs and magnitudes, so that the order of the additions shows in the last bits. */
function mixed(length: number, seed: number): Float64Array {
  const base = randomEntries(length, seed);
  return base.map((v, k) => (k % 3 === 0 ? -v : v) * 10 ** ((k % 7) - 3));
}

/** tall.ts `dot` as plain TypeScript (the loop the WebAssembly kernel must equal). */
function plainDot(a: Float64Array, b: Float64Array): number {
  return dot(Float64Array.from(a), Float64Array.from(b));
}

describe("kernels on arrays that live in WebAssembly memory", () => {
  it("finds the instance holding every array, and none for JavaScript arrays, two instances or a grown memory", () => {
    const {space, arrays} = inSpace([300, 300], (length, i) => mixed(length, i + 1));
    expect(residentSpace(arrays[0], arrays[1])).toBe(space);
    expect(residentSpace(arrays[0], new Float64Array(300))).toBeUndefined();
    const other = inSpace([300], (length) => mixed(length, 3)).arrays[0];
    expect(residentSpace(arrays[0], other)).toBeUndefined();
    space.allocate(1 << 20); // grows the memory: the views above are detached
    expect(residentSpace(arrays[0], arrays[1])).toBeUndefined();
  });

  for (const length of [256, 257, 258, 259, 1001, 20000])
    it(`dot and subtract equal the TypeScript loops bit for bit (${length} entries)`, () => {
      const {arrays} = inSpace([length, length], (n, i) => mixed(n, 10 + i));
      const [a, b] = arrays;
      expect(dot(a, b)).toBe(plainDot(a, b));
      const expected = Float64Array.from(a, (v, k) => v - b[k]);
      subtract(a, b);
      expect(Array.from(a)).toEqual(Array.from(expected));
    });

  it("timesSmall and transposeTimes equal the copying route bit for bit, and copy when the output overlaps", () => {
    const rows = 1500,
      p = 20,
      q = 10;
    const {arrays} = inSpace([rows * p, p * q, rows * q, rows * q, q * q], (n, i) => mixed(n, 20 + i));
    const [a, b, out, c, small] = arrays;
    const copied = timesSmall(tall(rows, p, Float64Array.from(a)), Float64Array.from(b), q).data;
    expect(Array.from(timesSmall(tall(rows, p, a), b, q, tall(rows, q, out)).data)).toEqual(Array.from(copied));
    const gram = transposeTimes(tall(rows, q, Float64Array.from(c)), tall(rows, q, Float64Array.from(c)));
    expect(Array.from(transposeTimes(tall(rows, q, c), tall(rows, q, c), small))).toEqual(Array.from(gram));
    // The output is the operand's own storage: the kernels must not read what they already wrote.
    const square = tall(rows, q, c.subarray(0, rows * q));
    const expected = timesSmall(tall(rows, q, Float64Array.from(c)), Float64Array.from(b.subarray(0, q * q)), q).data;
    expect(Array.from(timesSmall(square, b.subarray(0, q * q), q, square).data)).toEqual(Array.from(expected));
  });
});

describe("WebAssembly demoteTiny", () => {
  for (const count of [1, 3, 4, 7, 64, 1001])
    it(`rounds float64 to float32 in place and flushes below 2^-100 like engine/kernels/float32.ts (${count} entries)`, () => {
      const special = [1e-40, -3e-39, 7.8886090522e-31, FLOAT32_FLUSH, -0, NaN, Infinity, 1e39, -1e39, 0.1, 1 / 3];
      const values = Float64Array.from({length: count}, (_, k) =>
        k % 2 === 0 ? special[(k / 2) % special.length] : mixed(count, 40)[k]
      );
      const space = new WasmSpace(wasmKernels()!);
      const address = space.allocate(8 * count);
      space.f64(address, count).set(values);
      space.demoteTiny(address, count);
      const expected = Float32Array.from(values).map((v) => (Math.abs(v) < FLOAT32_FLUSH ? 0 : v));
      const got = space.f32(address, count);
      expect(Array.from(got, (v) => (Object.is(v, -0) ? "-0" : v))).toEqual(
        Array.from(expected, (v) => (Object.is(v, -0) ? "-0" : v))
      );
    });
});

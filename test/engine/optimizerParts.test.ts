import {afterEach, describe, expect, it} from "vitest";
import {dataOperator, type DataOperator} from "../../engine/kernels/data.js";
import {tall, type Tall} from "../../engine/kernels/tall.js";
import {useWasmKernels} from "../../engine/kernels/wasm.js";
import {matrix} from "../../engine/matrix.js";
import {deepGlobal} from "../../engine/solvers/deepGlobal.js";
import {createOptimizer, type OptimizerOptions} from "../../engine/solvers/optimizer.js";
import {randomEntries} from "../kernels/reference.js";

afterEach(() => useWasmKernels(true));

const shapes: [number, number][] = [
  [1001, 20],
  [20, 10],
  [33, 3]
];

function factors(seed: number): Tall[] {
  return shapes.map(([rows, r], i) => tall(rows, r, randomEntries(rows * r, seed + i, 0.8)));
}

function setGradients(gradients: Float64Array[], seed: number): void {
  gradients.forEach((g, i) => g.set(randomEntries(g.length, seed + i).map((v) => v - 0.4)));
}

const cases: [string, OptimizerOptions, boolean][] = [
  ["Adam, WebAssembly", {kind: "adam", lr: 1e-2, beta1: 0.9, beta2: 0.999}, true],
  ["Adam, TypeScript", {kind: "adam", lr: 1e-2, beta1: 0.9, beta2: 0.999}, false],
  ["gd", {kind: "gd", lr: 1e-3, beta1: 0.9, beta2: 0.999}, true]
];

describe("an optimizer's step in parts", () => {
  for (const [name, options, wasm] of cases) {
    it(`finite, begin and update in any order of parameters equal step bit for bit (${name})`, () => {
      useWasmKernels(wasm);
      const whole = createOptimizer(factors(1), options),
        parts = createOptimizer(factors(1), options);
      for (let step = 0; step < 4; ++step) {
        setGradients(whole.gradients, 10 * step);
        setGradients(parts.gradients, 10 * step);
        expect(whole.step(2)).toBe(true);
        expect(parts.finite(2, 2, 3)).toBe(true);
        parts.begin(2);
        parts.update(2, 3);
        expect(parts.finite(2, 0, 2)).toBe(true);
        parts.update(0, 2);
      }
      whole.params.forEach((p, q) => expect(Array.from(parts.params[q].data)).toEqual(Array.from(p.data)));
    });

    it(`save puts parameters and moments back, and the next step is the one abandoned (${name})`, () => {
      useWasmKernels(wasm);
      const clean = createOptimizer(factors(2), options),
        abandoned = createOptimizer(factors(2), options);
      for (const optimizer of [clean, abandoned]) (setGradients(optimizer.gradients, 50), optimizer.step(1));
      const before = abandoned.params.map((p) => p.data.slice());
      // A step begun on the last parameter, abandoned: a NaN gradient among the others.
      setGradients(abandoned.gradients, 60);
      const restore = abandoned.save(2, 3);
      abandoned.begin(1);
      abandoned.update(2, 3);
      expect(Array.from(abandoned.params[2].data)).not.toEqual(Array.from(before[2]));
      abandoned.gradients[0][7] = NaN;
      expect(abandoned.finite(1, 0, 2)).toBe(false);
      restore();
      abandoned.params.forEach((p, q) => expect(Array.from(p.data)).toEqual(Array.from(before[q])));
      // The same two steps from there give the same parameters as without the abandoned one.
      for (const step of [70, 80])
        for (const optimizer of [clean, abandoned]) (setGradients(optimizer.gradients, step), optimizer.step(1));
      clean.params.forEach((p, q) => expect(Array.from(abandoned.params[q].data)).toEqual(Array.from(p.data)));
    });
  }
});

describe("a Deep NMF step whose W gradient is not finite", () => {
  it("returns false and leaves every factor as it was, though H moved first", () => {
    const m = 1200,
      n = 30;
    const X = matrix(m, n, Float32Array.from(randomEntries(m * n, 90, 0.3)));
    const exact = dataOperator(X);
    // X Ht infinite: grad Wc = Wc H H^T - X Ht is not finite, grad Ht = Ht Wc^T Wc - X^T Wc is.
    const broken: DataOperator = {
      ...exact,
      stepProducts: undefined,
      timesTransposed: (Ht, out) => (exact.timesTransposed(Ht, out).data.fill(Infinity), out)
    };
    const Ws = [tall(m, 6, randomEntries(m * 6, 91)), tall(6, 3, randomEntries(18, 92))],
      Ht = tall(n, 3, randomEntries(n * 3, 93));
    const solver = deepGlobal(broken, Ws, Ht, {kind: "adam", lr: 1e-2, beta1: 0.9, beta2: 0.999, l1: 0, cos: 0});
    solver.evaluate();
    const before = solver.factors.map((f) => Array.from(f.data));
    expect(solver.step()).toBe(false);
    expect(solver.factors.map((f) => Array.from(f.data))).toEqual(before);
  });
});

import {describe, expect, it} from "vitest";
import {fit} from "../../engine/fit.js";
import {matrix, multiply, type Matrix} from "../../engine/matrix.js";
import {createRandom} from "../../engine/random.js";
import type {FitOptions} from "../../engine/types.js";
import {randomData} from "./fixtures.js";

// One projected GD step is x1 = max(0, x0 - lr grad f(x0)) exactly, so the engine's analytic gradients
// can be read off a step and compared with central finite differences of the objective in float64.

const X = randomData(12, 9, 21, 0.5);

function offsetFactors(shapes: [number, number][], seed: number): Matrix[] {
  const random = createRandom(seed);
  return shapes.map(([r, c]) =>
    matrix(
      r,
      c,
      Array.from({length: r * c}, () => 0.5 + 0.5 * random())
    )
  );
}

function toF64(a: Matrix) {
  return {rows: a.rows, cols: a.cols, data: Float64Array.from(a.data)};
}
type M64 = ReturnType<typeof toF64>;
function mul(a: M64, b: M64): M64 {
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; ++i)
    for (let l = 0; l < a.cols; ++l)
      for (let j = 0; j < b.cols; ++j) out[i * b.cols + j] += a.data[i * a.cols + l] * b.data[l * b.cols + j];
  return {rows: a.rows, cols: b.cols, data: out};
}
function sqDist(a: M64, b: M64): number {
  let s = 0;
  for (let k = 0; k < a.data.length; ++k) s += (a.data[k] - b.data[k]) ** 2;
  return s;
}
function cosineOverlap(H: M64): number {
  const norms = Array.from({length: H.rows}, (_, i) => Math.hypot(...H.data.subarray(i * H.cols, (i + 1) * H.cols)));
  let s = 0;
  for (let p = 0; p < H.rows; ++p)
    for (let q = 0; q < H.rows; ++q) {
      if (p === q) continue;
      let d = 0;
      for (let j = 0; j < H.cols; ++j) d += H.data[p * H.cols + j] * H.data[q * H.cols + j];
      s += (d / (norms[p] * norms[q])) ** 2;
    }
  return s;
}

function objective(factors: M64[], options: FitOptions, hidden: M64[]): number {
  const k = factors.length - 1;
  const x = toF64(X);
  let f = 0;
  if (options.loss === "layerwise") {
    const Hs = [...hidden, factors[k]];
    let target = x;
    for (let i = 0; i < k; ++i) ((f += sqDist(target, mul(factors[i], Hs[i]))), (target = Hs[i]));
  } else f = sqDist(x, factors.reduce(mul));
  if (options.l1) f += options.l1 * factors[0].data.reduce((a, v) => a + Math.abs(v), 0);
  if (options.cos) f += options.cos * cosineOverlap(factors[k]);
  return f;
}

const cases: [string, FitOptions][] = [
  ["gd, flat", {model: "gd", ranks: [3], iterations: 1}],
  ["deep global, 2 layers", {model: "deep", optimizer: "gd", ranks: [4, 3], iterations: 1}],
  [
    "deep global, 3 layers, l1 and cos",
    {model: "deep", optimizer: "gd", ranks: [5, 4, 2], iterations: 1, l1: 0.3, cos: 0.5}
  ],
  ["deep layer-wise, 2 layers", {model: "deep", optimizer: "gd", loss: "layerwise", ranks: [4, 3], iterations: 1}],
  [
    "deep layer-wise, 3 layers, cos",
    {model: "deep", optimizer: "gd", loss: "layerwise", ranks: [5, 3, 2], iterations: 1, cos: 0.2}
  ]
];

describe("gradients of the gradient models", () => {
  for (const [name, options] of cases)
    it(`match finite differences: ${name}`, () => {
      const ranks = options.ranks;
      const shapes: [number, number][] = ranks.map((r, i) => [i === 0 ? X.rows : ranks[i - 1], r]);
      shapes.push([ranks[ranks.length - 1], X.cols]);
      const start = offsetFactors(shapes, 4);
      // Hidden layers of the layer-wise loss start at W_{i+1} ... W_k H, as the engine does.
      const hidden: M64[] = [];
      for (let i = ranks.length - 1, below = start[ranks.length]; i >= 1; --i)
        hidden.unshift(toF64((below = multiply(start[i], below))));
      const lr = 1e-4;
      const result = fit(X, {...options, lr, initialFactors: start, recordEvery: 1});
      const x0 = start.map(toF64);
      const h = 1e-6;
      let checked = 0;
      for (let q = 0; q < x0.length; ++q)
        for (let e = 0; e < x0[q].data.length; e += 3) {
          const after = result.factors[q].data[e];
          if (after <= 0) continue;
          const analytic = (x0[q].data[e] - after) / lr;
          const saved = x0[q].data[e];
          x0[q].data[e] = saved + h;
          const up = objective(x0, options, hidden);
          x0[q].data[e] = saved - h;
          const down = objective(x0, options, hidden);
          x0[q].data[e] = saved;
          const numeric = (up - down) / (2 * h);
          expect(Math.abs(analytic - numeric)).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric)));
          ++checked;
        }
      expect(checked).toBeGreaterThan(20);
    });
});

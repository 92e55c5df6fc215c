import {describe, expect, it} from "vitest";
import {fit} from "../../engine/fit.js";
import {multiply, type Matrix} from "../../engine/matrix.js";
import type {FitOptions} from "../../engine/types.js";
import {randomData} from "./fixtures.js";

const X = randomData(30, 24, 5, 0.5);

function frobeniusDistance(A: Matrix, B: Matrix): number {
  let sum = 0;
  for (let k = 0; k < A.data.length; ++k) sum += (A.data[k] - B.data[k]) ** 2;
  return sum;
}

/** ||G - I||_F^2 with G the Gram matrix of H's rows normalized to unit length. */
function cosineOverlap(H: Matrix): number {
  const norms = Array.from({length: H.rows}, (_, i) => Math.hypot(...H.data.subarray(i * H.cols, (i + 1) * H.cols)));
  let total = 0;
  for (let a = 0; a < H.rows; ++a)
    for (let b = 0; b < H.rows; ++b) {
      if (a === b || norms[a] === 0 || norms[b] === 0) continue;
      let dot = 0;
      for (let j = 0; j < H.cols; ++j) dot += H.data[a * H.cols + j] * H.data[b * H.cols + j];
      total += (dot / (norms[a] * norms[b])) ** 2;
    }
  return total;
}

describe("the recorded objective", () => {
  it("is the error for MU and HALS", () => {
    for (const model of ["mu", "hals"] as const) {
      const t = fit(X, {model, ranks: [4], iterations: 20, seed: 1}).trajectory;
      expect(Array.from(t.objective)).toEqual(Array.from(t.error));
    }
  });

  it("is the error plus the penalties for the global loss (brute force on the final factors)", () => {
    const options: FitOptions = {model: "deep", ranks: [6, 4], iterations: 30, l1: 0.05, cos: 0.3, seed: 2};
    const result = fit(X, options);
    const [W1, W2, H] = result.factors;
    const expected =
      frobeniusDistance(X, multiply(multiply(W1, W2), H)) +
      0.05 * W1.data.reduce((s, v) => s + v, 0) +
      0.3 * cosineOverlap(H);
    const t = result.trajectory;
    // The factors come back as float32: agreement to float32 precision.
    expect(t.objective[t.objective.length - 1]).toBeCloseTo(expected, 3);
    expect(t.objective[t.objective.length - 1]).toBeGreaterThan(t.error[t.error.length - 1]);
  });

  it("never increases under small gradient steps, for the global and the layer-wise loss", () => {
    for (const loss of ["global", "layerwise"] as const) {
      const t = fit(X, {
        model: "deep",
        ranks: [6, 4],
        loss,
        optimizer: "gd",
        lr: 2e-4,
        iterations: 300,
        seed: 3
      }).trajectory;
      for (let i = 1; i < t.objective.length; ++i)
        expect(t.objective[i], `${loss} step ${i}`).toBeLessThanOrEqual(t.objective[i - 1] * (1 + 1e-12));
    }
  });

  it("of the layer-wise loss differs from the end-to-end error, which it does not minimize", () => {
    const t = fit(X, {model: "deep", ranks: [6, 4], loss: "layerwise", iterations: 50, seed: 4}).trajectory;
    const last = t.objective.length - 1;
    expect(Math.abs(t.objective[last] - t.error[last])).toBeGreaterThan(1e-6 * t.error[last]);
  });
});

import {Matrix as MlMatrix, SingularValueDecomposition} from "ml-matrix";
import {describe, expect, it} from "vitest";
import {fit} from "../../engine/fit.js";
import {dataOperator} from "../../engine/kernels/data.js";
import {tall} from "../../engine/kernels/tall.js";
import {deepGlobal} from "../../engine/solvers/deepGlobal.js";
import {hals} from "../../engine/solvers/hals.js";
import {multiplicativeUpdates} from "../../engine/solvers/multiplicative.js";
import {productMetrics} from "../../engine/metrics/productMetrics.js";
import {matrix, multiply, type Matrix} from "../../engine/matrix.js";
import type {FitOptions, Init, Model} from "../../engine/types.js";
import {plantedLowRank, randomData} from "./fixtures.js";

const X = randomData(30, 24, 1, 0.4);

/** The reconstruction W1 ... Wk H formed explicitly. */
function reconstruction(factors: Matrix[]): Matrix {
  return factors.reduce((a, b) => multiply(a, b));
}

function bruteSingularValues(M: Matrix): number[] {
  const rows = Array.from({length: M.rows}, (_, i) => Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols)));
  return new SingularValueDecomposition(new MlMatrix(rows), {autoTranspose: true}).diagonal;
}

const configurations: FitOptions[] = [
  {model: "mu", ranks: [4], iterations: 40},
  {model: "hals", ranks: [4], iterations: 40},
  {model: "adam", ranks: [4], iterations: 40},
  {model: "gd", ranks: [4], iterations: 40, lr: 1e-3},
  {model: "deep", ranks: [6, 4], iterations: 40},
  {model: "deep", ranks: [6, 4, 3], iterations: 40, optimizer: "gd", lr: 1e-3},
  {model: "deep", ranks: [6, 4], iterations: 40, loss: "layerwise"},
  {model: "deep", ranks: [6, 4], iterations: 40, l1: 0.03, cos: 1e-2}
];
const initsFor = (model: Model): Init[] =>
  model === "mu" ? ["random", "eye", "nndsvda", "nndsvdar"] : ["random", "eye", "nndsvd", "nndsvda", "nndsvdar"];

describe("fit", () => {
  for (const options of configurations)
    for (const init of initsFor(options.model)) {
      const name = `${options.model} ${options.ranks.join(",")} ${options.loss ?? ""} init ${init}`;
      it(`keeps factors non-negative and records exact metrics: ${name}`, () => {
        const result = fit(X, {...options, init, initScale: init === "random" ? 0.5 : 1, seed: 3});
        for (const f of result.factors) expect(f.data.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
        const t = result.trajectory;
        const last = t.step.length - 1;
        expect(t.step[last]).toBe(result.iterations);
        // Every metric at the last step against a full SVD of the formed product.
        const M = reconstruction(result.factors);
        const s = bruteSingularValues(M);
        let err = 0;
        for (let k = 0; k < M.data.length; ++k) err += (X.data[k] - M.data[k]) ** 2;
        expect(t.error[last]).toBeCloseTo(err, 3);
        const sum = s.reduce((a, b) => a + b, 0);
        const p = s.filter((v) => v > 1e-12).map((v) => v / sum);
        const erank = Math.exp(-p.reduce((a, v) => a + v * Math.log(v), 0));
        expect(Math.abs(t.effectiveRank[last] - erank) / erank).toBeLessThan(1e-4);
        expect(Math.abs(t.nuclearRatio[last] - sum / s[0]) / (sum / s[0])).toBeLessThan(1e-4);
        const stable = s.reduce((a, v) => a + v * v, 0) / s[0] ** 2;
        expect(Math.abs(t.stableRank[last] - stable) / stable).toBeLessThan(1e-4);
        for (let k = 0; k < 3; ++k)
          expect(Math.abs(t.singularValues[last * t.topK + k] - s[k])).toBeLessThan(1e-4 * s[0]);
        // The ordering chain at every recorded step.
        const r = options.ranks[options.ranks.length - 1];
        for (let i = 0; i < t.step.length; ++i) {
          if (t.effectiveRank[i] === 0) continue;
          expect(t.stableRank[i]).toBeLessThanOrEqual(t.nuclearRatio[i] * (1 + 1e-9));
          expect(t.nuclearRatio[i]).toBeLessThanOrEqual(t.effectiveRank[i] * (1 + 1e-9));
          expect(t.effectiveRank[i]).toBeLessThanOrEqual(r * (1 + 1e-9));
          expect(t.stableRank[i]).toBeGreaterThanOrEqual(1 - 1e-9);
        }
        // Modes learned: the alignments of at least half, 0 ... topK, at every recorded step.
        for (let i = 0; i < t.step.length; ++i) {
          const a = t.modeAlignment.subarray(i * t.topK, (i + 1) * t.topK);
          expect(a.every(Number.isFinite)).toBe(true);
          expect(t.modesLearned[i]).toBe(a.filter((v) => Math.abs(v) >= 0.5).length);
        }
      });
    }

  for (const model of ["mu", "hals"] as const)
    for (const init of initsFor(model))
      it(`${model} never increases the loss (init ${init})`, () => {
        const {trajectory} = fit(X, {model, ranks: [5], iterations: 60, init, seed: 7});
        for (let i = 1; i < trajectory.error.length; ++i)
          expect(trajectory.error[i]).toBeLessThanOrEqual(trajectory.error[i - 1] * (1 + 1e-9) + 1e-12);
      });

  for (const model of ["mu", "hals", "adam"] as const)
    it(`${model} recovers a planted non-negative rank-3 product`, () => {
      const P = plantedLowRank(40, 30, 3, 11);
      const iterations = model === "adam" ? 4000 : 2000;
      // MU keeps the near-zeros of NNDSVD for long (scikit-learn warns about it): it starts from random factors.
      const init = model === "mu" ? "random" : "nndsvda";
      const result = fit(P, {model, ranks: [3], iterations, init, seed: 1, recordEvery: 100, lr: 1e-2});
      expect(result.trajectory.relativeError.at(-1)!).toBeLessThan(1e-6);
    });

  it("gives identical trajectories and factors for the same seed, different ones for another", () => {
    const options: FitOptions = {model: "deep", ranks: [5, 3], iterations: 30, seed: 5};
    const a = fit(X, options),
      b = fit(X, options),
      c = fit(X, {...options, seed: 6});
    expect(Buffer.from(a.factors[0].data.buffer)).toEqual(Buffer.from(b.factors[0].data.buffer));
    expect(a.trajectory.effectiveRank).toEqual(b.trajectory.effectiveRank);
    expect(a.trajectory.error).not.toEqual(c.trajectory.error);
  });

  it("gives the same run when a metrics thread computes the spectra while the solver prepares its next step", () => {
    // The calling thread standing in for the other one: the fit loop takes the same path (Solver.prepare).
    const sameThread = (WtW: Float64Array, HHt: Float64Array, r: number, topK: number) => {
      const metrics = productMetrics(WtW, HHt, r, topK);
      return () => metrics;
    };
    const missing = new Uint8Array(X.data.length).map((_, i) => (i % 7 === 0 ? 1 : 0));
    for (const options of [
      ...configurations,
      {model: "deep", ranks: [6, 4], iterations: 40, recordEvery: 3},
      {model: "deep", ranks: [6, 4], iterations: 40, missing},
      {model: "gd", ranks: [3], iterations: 200, lr: 10, seed: 1},
      {model: "deep", ranks: [6, 4], iterations: 5000, tol: 1e-4}
    ] as FitOptions[]) {
      const a = fit(X, options),
        b = fit(X, options, {productMetricsThread: sameThread});
      expect(b.stopReason).toBe(a.stopReason);
      expect(b.trajectory.error).toEqual(a.trajectory.error);
      expect(b.trajectory.singularValues).toEqual(a.trajectory.singularValues);
      for (let f = 0; f < a.factors.length; ++f) expect(b.factors[f].data).toEqual(a.factors[f].data);
    }
  });

  it("hands a gradient or flat solver's final Grams to onGrams before the error, once per evaluation", () => {
    const operator = dataOperator(X);
    const tallOf = (rows: number, r: number, seed: number) =>
      tall(
        rows,
        r,
        Float64Array.from({length: rows * r}, (_, i) => ((i * 7 + seed) % 11) / 11 + 0.05)
      );
    const solvers = [
      multiplicativeUpdates(operator, tallOf(30, 4, 1), tallOf(24, 4, 2)),
      hals(operator, tallOf(30, 4, 1), tallOf(24, 4, 2), {H: 3, W: 3}),
      deepGlobal(operator, [tallOf(30, 5, 3), tallOf(5, 4, 4)], tallOf(24, 4, 5), {
        kind: "adam",
        lr: 1e-2,
        beta1: 0.9,
        beta2: 0.999,
        l1: 0,
        cos: 0
      })
    ];
    for (const solver of solvers) {
      solver.step();
      const seen: number[][] = [];
      const state = solver.evaluate((WtW, HHt, r) => seen.push([...WtW, ...HHt, r]));
      expect(seen).toEqual([[...state.WtW, ...state.HHt, state.r]]);
    }
  });

  it("records every recordEvery steps plus the last one", () => {
    const {trajectory} = fit(X, {model: "mu", ranks: [3], iterations: 25, recordEvery: 10});
    expect(Array.from(trajectory.step)).toEqual([0, 10, 20, 25]);
  });

  it("stops on a diverging run and says at which step, keeping finite factors", () => {
    const result = fit(X, {model: "gd", ranks: [3], iterations: 200, lr: 10, seed: 1});
    expect(result.stopReason).toBe("diverged");
    expect(result.divergedAt).toBeGreaterThan(0);
    for (const f of result.factors) expect(f.data.every(Number.isFinite)).toBe(true);
    expect(result.trajectory.error.every(Number.isFinite)).toBe(true);
  });

  it("stops at the deadline and on an aborted signal", () => {
    const controller = new AbortController();
    controller.abort();
    expect(fit(X, {model: "mu", ranks: [3], iterations: 100, signal: controller.signal}).stopReason).toBe("aborted");
    expect(fit(X, {model: "mu", ranks: [3], iterations: 1e7, deadlineMs: 50}).stopReason).toBe("deadline");
  });

  it("stops on the tolerance", () => {
    const result = fit(X, {model: "hals", ranks: [3], iterations: 5000, tol: 1e-6});
    expect(result.stopReason).toBe("tolerance");
    expect(result.iterations).toBeLessThan(5000);
  });
});

describe("fit rejects bad input naming the parameter and value", () => {
  const cases: [string, Matrix, Partial<FitOptions>, RegExp][] = [
    ["negative data", matrix(2, 2, [1, -1, 0, 1]), {}, /invalid data: -1 \(row 0, column 1/],
    ["NaN data", matrix(2, 2, [1, NaN, 0, 1]), {}, /invalid data: NaN/],
    ["infinite data", matrix(2, 2, [1, Infinity, 0, 1]), {}, /invalid data: Infinity/],
    ["all-zero data", matrix(2, 2), {}, /all zeros/],
    ["empty data", matrix(0, 3), {}, /invalid data: "0 x 3"/],
    ["rank 0", X, {ranks: [0]}, /invalid rank: 0/],
    ["negative rank", X, {ranks: [-2]}, /invalid rank: -2/],
    ["non-integer rank", X, {ranks: [2.5]}, /invalid rank: 2.5/],
    ["rank above min(m, n)", X, {ranks: [25]}, /invalid rank: 25 \(must be <= min\(m, n\) = 24\)/],
    ["increasing deep ranks", X, {model: "deep", ranks: [3, 5]}, /invalid ranks: \[3, 5\]/],
    ["unknown model", X, {model: "svd" as Model}, /invalid model: "svd"/],
    ["unknown init", X, {init: "zeros" as Init}, /invalid init: "zeros"/],
    ["unknown loss", X, {model: "deep", loss: "local" as "global"}, /invalid loss: "local"/],
    ["lr 0", X, {lr: 0}, /invalid lr: 0/],
    ["lr NaN", X, {lr: NaN}, /invalid lr: NaN/],
    ["iterations 0", X, {iterations: 0}, /invalid iterations: 0/],
    ["penalty on mu", X, {model: "mu", l1: 0.1}, /invalid l1: 0.1/]
  ];
  for (const [name, data, options, message] of cases)
    it(name, () => {
      expect(() => fit(data, {model: "adam", ranks: [2], iterations: 5, ...options})).toThrow(message);
    });
});

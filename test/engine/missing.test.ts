import {describe, expect, it} from "vitest";
import {fit, lastRecord, matrix, type FitOptions} from "../../engine/index.js";
import {plantedLowRank, randomData} from "./fixtures.js";
import {randomMask, relativeErrorOn, withMissing} from "./masks.js";

// A planted non-negative rank-3 matrix with a quarter of its entries missing (NaN).
const X = plantedLowRank(40, 30, 3, 1);
const mask = randomMask(X.data.length, 0.25, 2);
const Xmissing = withMissing(X, mask);

const completions: FitOptions[] = [
  {model: "mu", ranks: [3], iterations: 3000},
  {model: "hals", ranks: [3], iterations: 500},
  {model: "adam", ranks: [3], iterations: 5000},
  {model: "gd", ranks: [3], iterations: 5000, lr: 3e-3},
  {model: "deep", ranks: [3, 3], iterations: 5000},
  {model: "deep", ranks: [3, 3], iterations: 5000, loss: "layerwise"}
];

describe("missing values", () => {
  it("masks about a quarter of the entries", () => {
    const count = mask.reduce((a, b) => a + b, 0);
    expect(count / mask.length).toBeGreaterThan(0.2);
    expect(count / mask.length).toBeLessThan(0.3);
  });

  for (const options of completions)
    it(`${options.model} ${options.loss ?? ""} completes a planted rank-3 matrix: observed and held-out errors near 0`, () => {
      const result = fit(Xmissing, {...options, init: "nndsvda", missing: true, recordEvery: 100, topK: 3});
      expect(result.stopReason).toBe("iterations");
      const observed = relativeErrorOn(result.factors, X, (k) => mask[k] === 0);
      const heldOut = relativeErrorOn(result.factors, X, (k) => mask[k] === 1);
      expect(observed).toBeLessThan(1e-3);
      expect(heldOut).toBeLessThan(1e-3);
      // The recorded error is the error on the observed entries (float32 factors aside).
      expect(lastRecord(result.trajectory).relativeError).toBeCloseTo(observed, 6);
      expect(result.errorMeasure).toMatchObject({betaLoss: "frobenius", weighted: "missing"});
      expect(result.errorMeasure!.missingEntries).toBe(mask.reduce((a, b) => a + b, 0));
    });

  it("without missing, NaN is refused as before", () => {
    expect(() => fit(Xmissing, {model: "mu", ranks: [3], iterations: 5})).toThrow(
      /invalid data: NaN \(row \d+, column \d+: entries must be finite and non-negative\)/
    );
  });

  it("weight 0 is missing: the values held there are never read", () => {
    // The observed entries of X, 1e3 in the masked ones, weights 0 there: the same runs as with NaN there.
    const filled = matrix(
      X.rows,
      X.cols,
      X.data.map((v, k) => (mask[k] ? 1e3 : v))
    );
    const weights = matrix(
      X.rows,
      X.cols,
      Float32Array.from(mask, (m) => 1 - m)
    );
    const initialFactors = [randomData(40, 3, 7), randomData(3, 30, 8)];
    for (const model of ["mu", "hals", "adam"] as const) {
      const options: FitOptions = {model, ranks: [3], iterations: 30, initialFactors};
      const a = fit(Xmissing, {...options, missing: true});
      const b = fit(filled, {...options, weights});
      expect(b.trajectory.error).toEqual(a.trajectory.error);
      expect(b.trajectory.relativeError).toEqual(a.trajectory.relativeError);
      expect(b.errorMeasure?.weighted).toBe("weights");
    }
  });
});

describe("weights", () => {
  const data = randomData(24, 20, 5, 0.6);
  const ones = matrix(data.rows, data.cols, new Float32Array(data.data.length).fill(1));
  const models: FitOptions[] = [
    {model: "mu", ranks: [4], iterations: 60},
    {model: "hals", ranks: [4], iterations: 60, innerSweeps: 1},
    {model: "adam", ranks: [4], iterations: 60},
    {model: "gd", ranks: [4], iterations: 60, lr: 1e-3},
    {model: "deep", ranks: [5, 4], iterations: 60},
    {model: "deep", ranks: [5, 4], iterations: 60, loss: "layerwise"}
  ];
  for (const options of models)
    it(`weights of ones give the unweighted ${options.model} ${options.loss ?? ""} run`, () => {
      const plain = fit(data, {...options, seed: 3});
      const weighted = fit(data, {...options, seed: 3, weights: ones});
      expect(weighted.iterations).toBe(plain.iterations);
      for (let s = 0; s < plain.trajectory.step.length; ++s) {
        const a = plain.trajectory.error[s],
          b = weighted.trajectory.error[s];
        expect(Math.abs(a - b)).toBeLessThan(1e-7 * a);
        expect(weighted.trajectory.effectiveRank[s]).toBeCloseTo(plain.trajectory.effectiveRank[s], 6);
      }
      expect(weighted.errorMeasure?.weighted).toBe("weights");
      expect(plain.errorMeasure).toBeUndefined();
    });

  it("a larger weight pulls the fit toward its entries", () => {
    const heavy = matrix(data.rows, data.cols, new Float32Array(data.data.length).fill(1));
    for (let j = 0; j < data.cols; ++j) heavy.data[j] = 100; // the first row counts 100 times
    const rowError = (factors: ReturnType<typeof fit>["factors"]) =>
      relativeErrorOn(factors, data, (k) => k < data.cols);
    const plain = fit(data, {model: "hals", ranks: [2], iterations: 200, seed: 1});
    const weighted = fit(data, {model: "hals", ranks: [2], iterations: 200, seed: 1, weights: heavy});
    expect(rowError(weighted.factors)).toBeLessThan(rowError(plain.factors) / 2);
  });

  it("refuses bad weights, naming the parameter and the value", () => {
    const run = (weights: ReturnType<typeof matrix>) => () =>
      fit(data, {model: "mu", ranks: [2], iterations: 2, weights});
    const bad = (k: number, v: number) => {
      const w = matrix(data.rows, data.cols, new Float32Array(data.data.length).fill(1));
      w.data[k] = v;
      return w;
    };
    expect(run(bad(21, -1))).toThrow("invalid weights: -1 (row 1, column 1: weights must be finite and non-negative)");
    expect(run(bad(0, NaN))).toThrow("invalid weights: NaN (row 0, column 0: weights must be finite and non-negative)");
    expect(run(bad(3, Infinity))).toThrow("invalid weights: Infinity");
    expect(run(matrix(3, 4))).toThrow('invalid weights: "3 x 4" (must have the shape of the data, 24 x 20)');
    expect(run(matrix(data.rows, data.cols))).toThrow(/invalid data: "no positive observed entry"/);
  });
});

import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {matrix, multiply, transform, type BetaLoss, type Matrix} from "../../engine/index.js";
import {randomData} from "./fixtures.js";
import {randomMask, withMissing} from "./masks.js";
import {exactNnls} from "./nnls.js";

const toMatrix = (rows: number[][]): Matrix => matrix(rows.length, rows[0].length, rows.flat());
const rowsOf = (a: Matrix) =>
  Array.from({length: a.rows}, (_, i) => Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));

describe("transform", () => {
  const H = randomData(4, 15, 1);
  const X = randomData(12, 15, 2); // not in H's cone: some coefficients are clipped at 0
  const Hrows = rowsOf(H);

  it("solves each row's non-negative least squares (against an exact active-set enumeration)", () => {
    const result = transform(X, H, {tol: 1e-10});
    expect(result).toMatchObject({converged: true, stopRule: "projected-gradient", betaLoss: "frobenius"});
    let zeros = 0;
    for (let i = 0; i < X.rows; ++i) {
      const exact = exactNnls(X.data.subarray(i * X.cols, (i + 1) * X.cols), Hrows);
      for (let k = 0; k < 4; ++k) {
        expect(result.W.data[i * 4 + k]).toBeCloseTo(exact[k], 6);
        if (exact[k] === 0) ++zeros;
      }
    }
    expect(zeros).toBeGreaterThan(0);
  });

  it("stops at the stated tolerance with the optimum's loss to 1e-6", () => {
    const loose = transform(X, H); // tol 1e-4
    const tight = transform(X, H, {tol: 1e-12, maxIter: 10000});
    expect(loose.converged).toBe(true);
    expect(loose.stopValue).toBeLessThanOrEqual(1e-4);
    expect(loose.iterations).toBeLessThan(tight.iterations);
    expect(Math.abs(loose.error - tight.error) / tight.error).toBeLessThan(1e-6);
    const capped = transform(X, H, {tol: 1e-12, maxIter: 3});
    expect([capped.iterations, capped.converged]).toEqual([3, false]);
  });

  it("recovers the coefficients of rows in H's cone", () => {
    const Wtrue = randomData(12, 4, 3);
    const result = transform(multiply(Wtrue, H), H, {tol: 1e-10});
    for (let k = 0; k < Wtrue.data.length; ++k) expect(result.W.data[k]).toBeCloseTo(Wtrue.data[k], 5);
    expect(result.relativeError).toBeLessThan(1e-12);
  });

  it("leaves missing entries out: each row's NNLS on its observed columns", () => {
    const mask = randomMask(X.data.length, 0.25, 9);
    const result = transform(withMissing(X, mask), H, {missing: true, tol: 1e-10});
    expect(result.converged).toBe(true);
    for (let i = 0; i < X.rows; ++i) {
      const exact = exactNnls(X.data.subarray(i * X.cols, (i + 1) * X.cols), Hrows, (j) => !mask[i * X.cols + j]);
      for (let k = 0; k < 4; ++k) expect(result.W.data[i * 4 + k]).toBeCloseTo(exact[k], 6);
    }
  });

  const fixture = JSON.parse(
    readFileSync(new URL("../fixtures/sklearn-beta/mu.json", import.meta.url), "utf8")
  ).transform;
  for (const loss of ["kullback-leibler", "itakura-saito"] as BetaLoss[])
    it(`${loss}: scikit-learn's transform (its MU with H fixed, tol 1e-4), iteration for iteration`, () => {
      const expected = fixture[loss];
      const result = transform(toMatrix(fixture.X), toMatrix(expected.H), {betaLoss: loss, maxIter: 200});
      expect(result).toMatchObject({stopRule: "relative-decrease", converged: true, iterations: expected.iterations});
      const W = expected.W.flat() as number[];
      for (let k = 0; k < W.length; ++k) expect(Math.abs(result.W.data[k] - W[k])).toBeLessThan(1e-5 * (1 + W[k]));
      expect(Math.abs(result.error - expected.divergence) / expected.divergence).toBeLessThan(1e-6);
    });

  it("frobenius: at least as good as scikit-learn's MU transform, which stops earlier", () => {
    const expected = fixture.frobenius;
    const result = transform(toMatrix(fixture.X), toMatrix(expected.H));
    expect(result.error / 2).toBeLessThanOrEqual(expected.divergence * (1 + 1e-9));
  });

  it("refuses components that do not fit, naming them", () => {
    expect(() => transform(X, randomData(4, 14, 1))).toThrow(
      'invalid components: "4 x 14" (need one column per column of the data (15))'
    );
    const negative = matrix(
      4,
      15,
      H.data.map((v, k) => (k === 3 ? -1 : v))
    );
    expect(() => transform(X, negative)).toThrow('invalid components: "a negative or non-finite entry"');
    expect(() => transform(X, H, {tol: -1})).toThrow("invalid tol: -1");
    expect(() => transform(X, H, {maxIter: 0})).toThrow("invalid maxIter: 0");
  });
});

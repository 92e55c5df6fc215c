import {describe, expect, it} from "vitest";
import {Matrix as MlMatrix, SingularValueDecomposition} from "ml-matrix";
import {dataReference, eckartYoung} from "../../engine/metrics/reference.js";
import {effectiveRank, nuclearRatio, stableRank} from "../../engine/metrics/spectralMetrics.js";
import {matrix} from "../../engine/matrix.js";
import {createRandom} from "../../engine/random.js";

describe("dataReference", () => {
  // MNIST-like: non-negative, about 19% non-zero, values in [0, 1].
  const random = createRandom(51);
  const m = 300,
    n = 120;
  const X = matrix(
    m,
    n,
    Float32Array.from({length: m * n}, () => (random() < 0.19 ? random() : 0))
  );
  const ml = new SingularValueDecomposition(MlMatrix.from1DArray(m, n, Array.from(X.data)), {autoTranspose: true});
  const reference = dataReference(X);

  it("equals ml-matrix's SVD within 1e-6 relative for the leading values", () => {
    expect(reference.singularValues.length).toBe(n);
    for (let i = 0; i < 40; ++i) {
      expect(Math.abs(reference.singularValues[i] - ml.diagonal[i]) / ml.diagonal[i]).toBeLessThan(1e-6);
    }
    let frobeniusSquared = 0;
    for (const v of X.data) frobeniusSquared += v * v;
    expect(reference.frobeniusSquared).toBe(frobeniusSquared);
    expect(reference.effectiveRank).toBeCloseTo(effectiveRank(ml.diagonal), 9);
    expect(reference.stableRank).toBeCloseTo(stableRank(ml.diagonal), 9);
    expect(reference.nuclearRatio).toBeCloseTo(nuclearRatio(ml.diagonal), 9);
  });

  it("gives the Eckart-Young bound of the truncated SVD, also from a trimmed reference", () => {
    const trimmed = dataReference(X, {count: 10});
    expect(trimmed.singularValues.length).toBe(10);
    expect(trimmed.effectiveRank).toBe(reference.effectiveRank);
    for (const k of [1, 5, 10]) {
      let tail = 0;
      for (let i = k; i < ml.diagonal.length; ++i) tail += ml.diagonal[i] ** 2;
      expect(eckartYoung(reference, k)).toBeCloseTo(tail / reference.frobeniusSquared, 9);
      expect(eckartYoung(trimmed, k)).toBeCloseTo(tail / reference.frobeniusSquared, 9);
    }
    expect(eckartYoung(reference, n)).toBeCloseTo(0, 9);
    expect(() => eckartYoung(trimmed, 11)).toThrow(/holds 10 singular values/);
  });

  it("keeps the leading singular vector pairs it was asked for, at most min(m, n)", () => {
    expect(reference.singularVectors).toBeUndefined();
    const withVectors = dataReference(X, {vectors: 5});
    expect(withVectors.singularValues.length).toBe(n);
    const {count, U, V} = withVectors.singularVectors!;
    expect([count, U.length, V.length]).toEqual([5, m * 5, n * 5]);
    // X v_i = s_i u_i for each pair kept.
    for (let i = 0; i < 5; ++i)
      for (let row = 0; row < m; row += 37) {
        let Xv = 0;
        for (let col = 0; col < n; ++col) Xv += X.data[row * n + col] * V[col * 5 + i];
        expect(Xv).toBeCloseTo(withVectors.singularValues[i] * U[row * 5 + i], 9);
      }
    expect(dataReference(X, {vectors: 1000}).singularVectors!.count).toBe(n);
    expect(() => dataReference(X, {vectors: -1})).toThrow(/invalid singular vector count: -1/);
  });

  it("works on wide data (the X X^T route) and on a zero matrix", () => {
    const wide = matrix(3, 5, [1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3]);
    const r = dataReference(wide);
    expect(Array.from(r.singularValues)).toEqual([3, 2, 1]);
    expect(r.frobeniusSquared).toBe(14);
    const zero = dataReference(matrix(4, 3));
    expect(zero.effectiveRank).toBe(0);
    expect(eckartYoung(zero, 1)).toBe(0);
  });
});

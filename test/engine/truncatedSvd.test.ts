import {describe, expect, it} from "vitest";
import {Matrix as MlMatrix, SingularValueDecomposition} from "ml-matrix";
import {gram, gramRows} from "../../engine/linalg/gram.js";
import {leadingSvd, singularValuesOf, truncatedSvd} from "../../engine/linalg/truncatedSvd.js";
import {matrix, type Matrix} from "../../engine/matrix.js";
import {createRandom, type Random} from "../../engine/random.js";

/** A non-negative matrix with the given share of non-zeros, like MNIST's 19%. */
function sparseMatrix(m: number, n: number, density: number, random: Random): Matrix {
  return matrix(
    m,
    n,
    Float32Array.from({length: m * n}, () => (random() < density ? random() : 0))
  );
}

function mlSingularValues(X: Matrix): number[] {
  const svd = new SingularValueDecomposition(MlMatrix.from1DArray(X.rows, X.cols, Array.from(X.data)), {
    autoTranspose: true
  });
  return svd.diagonal;
}

describe("gram and gramRows", () => {
  const random = createRandom(21);
  // Shapes that exercise the dense blocks (and their remainders) and the sparse paths.
  for (const [m, n, density] of [
    [9, 5, 1],
    [7, 6, 0.2],
    [5, 11, 0.1],
    [6, 3, 0.6],
    [1, 4, 1],
    [4, 1, 1],
    // More columns than one 256-column pass of the dense A A^T kernel.
    [9, 600, 1],
    [5, 700, 0.5]
  ] as const) {
    it(`equals the triple loop for ${m} x ${n}, density ${density}`, () => {
      const A = sparseMatrix(m, n, density, random);
      const G = gram(A),
        R = gramRows(A);
      for (let p = 0; p < n; ++p) {
        for (let q = 0; q < n; ++q) {
          let s = 0;
          for (let i = 0; i < m; ++i) s += A.data[i * n + p] * A.data[i * n + q];
          expect(G[p * n + q]).toBeCloseTo(s, 12);
        }
      }
      for (let p = 0; p < m; ++p) {
        for (let q = 0; q < m; ++q) {
          let s = 0;
          for (let j = 0; j < n; ++j) s += A.data[p * n + j] * A.data[q * n + j];
          expect(R[p * m + q]).toBeCloseTo(s, 12);
        }
      }
    });
  }

  it("takes float64 matrices too", () => {
    const A = {rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4])};
    expect(Array.from(gram(A))).toEqual([10, 14, 14, 20]);
    expect(Array.from(gramRows(A))).toEqual([5, 11, 11, 25]);
  });
});

describe("truncatedSvd", () => {
  const random = createRandom(22);
  for (const [m, n, density] of [
    [120, 70, 0.19],
    [60, 90, 0.19],
    [50, 50, 1],
    [80, 30, 0.5]
  ] as const) {
    it(`matches ml-matrix on a ${m} x ${n} matrix of density ${density}`, () => {
      const X = sparseMatrix(m, n, density, random);
      const k = 8;
      const {U, s, V} = truncatedSvd(X, k);
      const reference = mlSingularValues(X);
      for (let i = 0; i < k; ++i) expect(Math.abs(s[i] - reference[i]) / reference[i]).toBeLessThan(1e-12);
      // Orthonormal columns, X v_i = s_i u_i, and the svd_flip sign rule.
      for (let i = 0; i < k; ++i) {
        for (let j = 0; j < k; ++j) {
          let uu = 0,
            vv = 0;
          for (let r = 0; r < m; ++r) uu += U[r * k + i] * U[r * k + j];
          for (let c = 0; c < n; ++c) vv += V[c * k + i] * V[c * k + j];
          expect(Math.abs(uu - (i === j ? 1 : 0))).toBeLessThan(1e-10);
          expect(Math.abs(vv - (i === j ? 1 : 0))).toBeLessThan(1e-10);
        }
        let largest = 0;
        for (let r = 0; r < m; ++r) {
          let xv = 0;
          for (let c = 0; c < n; ++c) xv += X.data[r * n + c] * V[c * k + i];
          expect(Math.abs(xv - s[i] * U[r * k + i])).toBeLessThan(1e-10 * s[0]);
          if (Math.abs(U[r * k + i]) > Math.abs(largest)) largest = U[r * k + i];
        }
        expect(largest).toBeGreaterThan(0);
      }
    });
  }

  it("handles a rank-deficient matrix: the leading pairs rebuild it, an exactly zero value gets a zero column", () => {
    // Rank 2: every row is a combination of (1, 0, 2, 0) and (0, 1, 0, 3).
    const X = matrix(6, 4, [1, 0, 2, 0, 0, 1, 0, 3, 1, 1, 2, 3, 2, 0, 4, 0, 0, 2, 0, 6, 1, 2, 2, 6]);
    const {U, s, V} = truncatedSvd(X, 4);
    expect(s[2]).toBeLessThan(1e-7 * s[0]);
    expect(s[3]).toBeLessThan(1e-7 * s[0]);
    for (let r = 0; r < 6; ++r) {
      for (let c = 0; c < 4; ++c) {
        const rebuilt = s[0] * U[r * 4] * V[c * 4] + s[1] * U[r * 4 + 1] * V[c * 4 + 1];
        expect(Math.abs(rebuilt - X.data[r * 4 + c])).toBeLessThan(1e-6);
      }
    }
    for (const v of [...U, ...V]) expect(Number.isFinite(v)).toBe(true);
    // A zero column of X gives an exactly zero row and column in X^T X, so an exact 0 singular value.
    const Z = matrix(3, 2, [1, 0, 2, 0, 3, 0]);
    const z = truncatedSvd(Z, 2);
    expect(z.s[0]).toBeCloseTo(Math.sqrt(14), 12);
    expect(z.s[1]).toBe(0);
    expect([z.U[1], z.U[3], z.U[5]]).toEqual([0, 0, 0]);
  });

  it("rejects a k out of range with the parameter's name", () => {
    const X = matrix(3, 2, [1, 2, 3, 4, 5, 6]);
    expect(() => truncatedSvd(X, 3)).toThrow(
      "invalid k: 3 (the number of singular triplets must be an integer in 1 .. min(m, n) = 2)"
    );
    expect(() => truncatedSvd(X, 0)).toThrow(/invalid k: 0/);
  });
});

describe("singularValuesOf", () => {
  it("matches ml-matrix for the leading values, tall and wide, with tiny negatives clamped to 0", () => {
    const random = createRandom(23);
    for (const [m, n] of [
      [90, 40],
      [40, 90]
    ]) {
      const X = sparseMatrix(m, n, 0.19, random);
      const s = singularValuesOf(X);
      const reference = mlSingularValues(X);
      expect(s.length).toBe(Math.min(m, n));
      for (let i = 0; i < s.length; ++i) {
        expect(s[i]).toBeGreaterThanOrEqual(0);
        if (reference[i] > 1e-6 * reference[0]) expect(Math.abs(s[i] - reference[i]) / reference[i]).toBeLessThan(1e-9);
      }
    }
    const rankOne = matrix(3, 3, [1, 2, 3, 2, 4, 6, 3, 6, 9]);
    const s = singularValuesOf(rankOne);
    expect(s[0]).toBeCloseTo(14, 12);
    expect(s[1]).toBeLessThan(1e-6);
    expect(s[2]).toBeGreaterThanOrEqual(0);
  });
});

describe("leadingSvd", () => {
  it("gives every singular value and the leading pairs from one decomposition, tall and wide", () => {
    const random = createRandom(29);
    for (const [m, n] of [
      [60, 35],
      [35, 60]
    ]) {
      const X = sparseMatrix(m, n, 0.3, random);
      const {singularValues, vectors} = leadingSvd(X, 6);
      const alone = singularValuesOf(X);
      expect(singularValues.length).toBe(Math.min(m, n));
      for (let i = 0; i < alone.length; ++i)
        if (alone[i] > 1e-6 * alone[0]) expect(Math.abs(singularValues[i] - alone[i]) / alone[i]).toBeLessThan(1e-12);
      const svd = truncatedSvd(X, 6);
      expect(vectors.count).toBe(6);
      expect(vectors.U).toEqual(svd.U);
      expect(vectors.V).toEqual(svd.V);
      expect(leadingSvd(X, 0).vectors.count).toBe(0);
    }
    expect(() => leadingSvd(matrix(3, 2, [1, 0, 0, 1, 1, 1]), 3)).toThrow(/invalid count: 3/);
  });
});

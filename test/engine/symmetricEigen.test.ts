import {describe, expect, it} from "vitest";
import {EigenvalueDecomposition, Matrix as MlMatrix} from "ml-matrix";
import {jacobiEigen} from "../../engine/linalg/jacobi.js";
import {symmetricEigen, symmetricEigenvalues} from "../../engine/linalg/symmetricEigen.js";
import {createRandom, type Random} from "../../engine/random.js";

function randomSymmetric(n: number, random: Random): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; ++i) for (let j = i; j < n; ++j) a[i * n + j] = a[j * n + i] = random() - 0.5;
  return a;
}

/** B^T B for a random non-negative k x n B: positive semi-definite, rank min(k, n), one dominant eigenvalue. */
function randomGram(n: number, k: number, random: Random): Float64Array {
  const b = Float64Array.from({length: k * n}, () => random());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; ++i) {
    for (let j = 0; j < n; ++j) {
      let s = 0;
      for (let r = 0; r < k; ++r) s += b[r * n + i] * b[r * n + j];
      a[i * n + j] = s;
    }
  }
  return a;
}

function mlEigenvalues(a: Float64Array, n: number): number[] {
  const evd = new EigenvalueDecomposition(MlMatrix.from1DArray(n, n, Array.from(a)), {assumeSymmetric: true});
  return evd.realEigenvalues.slice().sort((x, y) => y - x);
}

/** max_i ||A v_i - lambda_i v_i|| and max |V^T V - I|, relative to the largest |eigenvalue|. */
function residuals(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array) {
  const scale = Math.max(1e-300, ...Array.from(values, Math.abs));
  let residual = 0,
    orthogonality = 0;
  for (let i = 0; i < n; ++i) {
    for (let r = 0; r < n; ++r) {
      let s = 0;
      for (let k = 0; k < n; ++k) s += a[r * n + k] * vectors[k * n + i];
      residual = Math.max(residual, Math.abs(s - values[i] * vectors[r * n + i]) / scale);
    }
    for (let j = 0; j < n; ++j) {
      let s = 0;
      for (let k = 0; k < n; ++k) s += vectors[k * n + i] * vectors[k * n + j];
      orthogonality = Math.max(orthogonality, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return {residual, orthogonality};
}

describe("symmetricEigen", () => {
  const random = createRandom(11);
  // Sizes on both sides of the Jacobi / QL switch.
  for (const n of [1, 2, 3, 7, 20, 32, 33, 64, 150]) {
    for (const kind of ["indefinite", "gram"] as const) {
      it(`matches ml-matrix on a ${kind} ${n} x ${n} matrix`, () => {
        const a = kind === "indefinite" ? randomSymmetric(n, random) : randomGram(n, Math.max(1, n >> 1), random);
        const {values, vectors} = symmetricEigen(a, n);
        const reference = mlEigenvalues(a, n);
        const scale = Math.max(...reference.map(Math.abs));
        for (let i = 0; i < n; ++i) expect(Math.abs(values[i] - reference[i])).toBeLessThan(1e-13 * scale);
        for (let i = 1; i < n; ++i) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
        const {residual, orthogonality} = residuals(a, n, values, vectors);
        expect(residual).toBeLessThan(1e-13);
        expect(orthogonality).toBeLessThan(1e-13);
        const alone = symmetricEigenvalues(a, n);
        for (let i = 0; i < n; ++i) expect(Math.abs(alone[i] - values[i])).toBeLessThan(1e-13 * scale);
      });
    }
  }

  it("handles the empty matrix, zero matrices and repeated eigenvalues", () => {
    expect(symmetricEigen(new Float64Array(0), 0).values.length).toBe(0);
    for (const n of [5, 80]) {
      expect(Array.from(symmetricEigen(new Float64Array(n * n), n).values)).toEqual(new Array(n).fill(0));
      const identity = new Float64Array(n * n);
      for (let i = 0; i < n; ++i) identity[i * n + i] = 2;
      const {values, vectors} = symmetricEigen(identity, n);
      for (const v of values) expect(v).toBeCloseTo(2, 14);
      expect(residuals(identity, n, values, vectors).orthogonality).toBeLessThan(1e-14);
    }
  });

  it("gives NaN for NaN input instead of iterating", () => {
    for (const n of [4, 70]) {
      const a = randomSymmetric(n, random);
      a[1] = a[n] = NaN;
      expect(Number.isNaN(symmetricEigen(a, n).values[0])).toBe(true);
      expect(Number.isNaN(symmetricEigenvalues(a, n)[0])).toBe(true);
    }
  });

  it("rejects a wrong size", () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(/needs 4 entries/);
    expect(() => symmetricEigen(new Float64Array(4), -2)).toThrow(/invalid matrix size/);
  });

  it("Jacobi keeps the small eigenvalues of a graded positive definite matrix to relative accuracy", () => {
    // A = D M D with M = [[2, 1, 0], [1, 2, 1], [0, 1, 2]] and D = diag(1, 1e-6, 1e-12):
    // det(A) = det(M) det(D)^2 = 4e-36 exactly, and the product of the eigenvalues must match.
    const d = [1, 1e-6, 1e-12];
    const m = [2, 1, 0, 1, 2, 1, 0, 1, 2];
    const a = Float64Array.from(m, (v, k) => d[Math.floor(k / 3)] * v * d[k % 3]);
    const values = new Float64Array(3);
    jacobiEigen(a, 3, values);
    expect((values[0] * values[1] * values[2]) / 4e-36).toBeCloseTo(1, 12);
  });
});

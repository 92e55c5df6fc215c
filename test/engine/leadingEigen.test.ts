import {describe, expect, it} from "vitest";
import {leadingEigen} from "../../engine/linalg/leadingEigen.js";
import {symmetricEigen, symmetricEigenvalues} from "../../engine/linalg/symmetricEigen.js";
import {createRandom, type Random} from "../../engine/random.js";

/** B^T B for a random non-negative k x n B with a share of zeros (a data Gram matrix: one dominant eigenvalue). */
function randomGram(n: number, k: number, density: number, random: Random): Float64Array {
  const b = Float64Array.from({length: k * n}, () => (random() < density ? random() : 0));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; ++i)
    for (let j = 0; j < n; ++j) {
      let s = 0;
      for (let r = 0; r < k; ++r) s += b[r * n + i] * b[r * n + j];
      a[i * n + j] = s;
    }
  return a;
}

/** max_i ||A x_i - lambda_i x_i|| / lambda_1 and max |X^T X - I| over the count vectors (n x count). */
function check(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array, count: number) {
  let residual = 0,
    orthogonality = 0;
  for (let i = 0; i < count; ++i) {
    for (let r = 0; r < n; ++r) {
      let s = 0;
      for (let c = 0; c < n; ++c) s += a[r * n + c] * vectors[c * count + i];
      residual = Math.max(residual, Math.abs(s - values[i] * vectors[r * count + i]) / Math.abs(values[0]));
    }
    for (let j = 0; j < count; ++j) {
      let dot = 0;
      for (let r = 0; r < n; ++r) dot += vectors[r * count + i] * vectors[r * count + j];
      orthogonality = Math.max(orthogonality, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return {residual, orthogonality};
}

describe("leadingEigen", () => {
  const random = createRandom(31);
  for (const [n, k, density, count] of [
    [40, 60, 0.3, 10],
    [120, 300, 0.19, 20],
    [200, 80, 0.5, 64],
    [60, 20, 1, 25]
  ] as const) {
    it(`gives the values of the values-only path bit for bit and the leading vectors of QL: n ${n}, rank ${Math.min(n, k)}, ${count} vectors`, () => {
      const a = randomGram(n, k, density, random);
      const {values, vectors} = leadingEigen(a, n, count);
      expect(values).toEqual(symmetricEigenvalues(a, n));
      const {residual, orthogonality} = check(a, n, values, vectors, count);
      expect(residual).toBeLessThan(1e-13);
      expect(orthogonality).toBeLessThan(1e-12);
      // The same directions as QL's accumulated vectors, where the eigenvalue is well separated.
      const full = symmetricEigen(a, n);
      for (let i = 0; i < count; ++i) {
        const gap = Math.min(
          i > 0 ? values[i - 1] - values[i] : Infinity,
          i + 1 < n ? values[i] - values[i + 1] : Infinity
        );
        if (gap < 1e-6 * values[0]) continue;
        let dot = 0;
        for (let r = 0; r < n; ++r) dot += vectors[r * count + i] * full.vectors[r * n + i];
        expect(1 - Math.abs(dot)).toBeLessThan(1e-10);
      }
    });
  }

  it("returns an orthonormal basis of a repeated eigenvalue's space", () => {
    // Two equal blocks (each eigenvalue twice) and the identity's n-fold eigenvalue 1.
    const n = 50;
    const block = randomGram(25, 40, 0.5, random);
    const a = new Float64Array(n * n);
    for (let i = 0; i < 25; ++i)
      for (let j = 0; j < 25; ++j) a[i * n + j] = a[(i + 25) * n + (j + 25)] = block[i * 25 + j];
    const doubled = leadingEigen(a, n, 8);
    expect(doubled.values[0]).toBeCloseTo(doubled.values[1], 9);
    const first = check(a, n, doubled.values, doubled.vectors, 8);
    expect(first.residual).toBeLessThan(1e-13);
    expect(first.orthogonality).toBeLessThan(1e-12);
    const identity = Float64Array.from({length: n * n}, (_, p) => (p % (n + 1) === 0 ? 1 : 0));
    const flat = leadingEigen(identity, n, 12);
    expect(Array.from(flat.values)).toEqual(Array(n).fill(1));
    const second = check(identity, n, flat.values, flat.vectors, 12);
    expect(second.residual).toBeLessThan(1e-14);
    expect(second.orthogonality).toBeLessThan(1e-12);
  });

  it("handles a zero row and column (a zero eigenvalue) and gives NaN for a non-finite entry", () => {
    const n = 40;
    const a = randomGram(n, 50, 0.4, random);
    for (let i = 0; i < n; ++i) a[i * n + 7] = a[7 * n + i] = 0;
    const {values, vectors} = leadingEigen(a, n, n);
    expect(Math.abs(values[n - 1])).toBeLessThan(1e-14 * values[0]);
    const {residual, orthogonality} = check(a, n, values, vectors, n);
    expect(residual).toBeLessThan(1e-13);
    expect(orthogonality).toBeLessThan(1e-12);
    a[3] = NaN;
    const bad = leadingEigen(a, n, 2);
    expect(bad.values.every(Number.isNaN) && bad.vectors.every(Number.isNaN)).toBe(true);
    expect(() => leadingEigen(a, n, n + 1)).toThrow(/invalid eigenvector count/);
  });
});

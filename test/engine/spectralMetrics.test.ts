import {describe, expect, it} from "vitest";
import {Matrix as MlMatrix, SingularValueDecomposition} from "ml-matrix";
import {gram, gramRows} from "../../engine/linalg/gram.js";
import {productSingularValues} from "../../engine/metrics/spectrum.js";
import {
  cosineSeparation,
  eckartYoungBound,
  effectiveRank,
  nuclearRatio,
  stableRank
} from "../../engine/metrics/spectralMetrics.js";
import {createRandom} from "../../engine/random.js";

describe("effective rank, nuclear ratio, stable rank", () => {
  it("take their textbook values on small spectra", () => {
    // p = (3/4, 1/4): exp(-(3/4 ln 3/4 + 1/4 ln 1/4)) = (3/4)^(-3/4) (1/4)^(-1/4).
    expect(effectiveRank([3, 1])).toBeCloseTo(1.7547653506033234, 14);
    expect(nuclearRatio([3, 1])).toBeCloseTo(4 / 3, 15);
    expect(stableRank([3, 1])).toBeCloseTo(10 / 9, 15);
    // Flat non-zero spectrum: all three equal the rank.
    for (const f of [effectiveRank, nuclearRatio, stableRank]) expect(f([2, 2, 2, 0])).toBeCloseTo(3, 14);
    // Rank one.
    for (const f of [effectiveRank, nuclearRatio, stableRank]) expect(f([5, 0, 0])).toBeCloseTo(1, 15);
  });

  it("leave out values at or below the study's absolute threshold 1e-12 from the effective rank", () => {
    expect(effectiveRank([1, 1e-13, 1e-12])).toBe(1);
    expect(effectiveRank([1e-13, 1e-13])).toBe(0);
    expect(effectiveRank([1e-13, 1e-13], 1e-14)).toBeCloseTo(2, 14);
  });

  it("are 0 for an all-zero or empty spectrum and NaN for a NaN one", () => {
    for (const f of [effectiveRank, nuclearRatio, stableRank]) {
      expect(f([0, 0, 0])).toBe(0);
      expect(f([])).toBe(0);
      expect(f([1, NaN])).toBeNaN();
    }
  });

  it("keep the chain 1 <= stable <= nuclear <= effective <= rank on random spectra and products", () => {
    const random = createRandom(41);
    const check = (s: ArrayLike<number>) => {
      const rank = Array.from(s).filter((v) => v > 1e-12).length;
      const stable = stableRank(s),
        nuclear = nuclearRatio(s),
        erank = effectiveRank(s);
      const slack = 1e-12 * rank;
      expect(1).toBeLessThanOrEqual(stable + slack);
      expect(stable).toBeLessThanOrEqual(nuclear + slack);
      expect(nuclear).toBeLessThanOrEqual(erank + slack);
      expect(erank).toBeLessThanOrEqual(rank + slack);
    };
    for (let trial = 0; trial < 200; ++trial) {
      const q = 1 + Math.floor(random() * 30);
      const power = 1 + 4 * random();
      check(
        Float64Array.from({length: q}, () => random() ** power)
          .sort()
          .reverse()
      );
    }
    for (let trial = 0; trial < 20; ++trial) {
      const r = 2 + Math.floor(random() * 10);
      const W = {rows: 30, cols: r, data: Float64Array.from({length: 30 * r}, () => random())};
      const H = {rows: r, cols: 25, data: Float64Array.from({length: r * 25}, () => random())};
      check(productSingularValues(gram(W), gramRows(H), r));
    }
  });
});

describe("eckartYoungBound", () => {
  it("is the relative tail energy, from all or only the leading values", () => {
    expect(eckartYoungBound([3, 2, 1], 1, 14)).toBeCloseTo(5 / 14, 15);
    expect(eckartYoungBound([3], 1, 14)).toBeCloseTo(5 / 14, 15);
    expect(eckartYoungBound([3, 2, 1], 0, 14)).toBe(1);
    expect(eckartYoungBound([3, 2, 1], 3, 14)).toBeCloseTo(0, 15);
    expect(eckartYoungBound([0, 0], 1, 0)).toBe(0);
    expect(() => eckartYoungBound([1], -1, 1)).toThrow(/invalid rank k/);
  });

  it("equals the error of the truncated SVD (brute force with ml-matrix)", () => {
    const random = createRandom(42);
    const m = 30,
      n = 20;
    const X = MlMatrix.from1DArray(
      m,
      n,
      Array.from({length: m * n}, () => random())
    );
    const svd = new SingularValueDecomposition(X);
    const s = svd.diagonal;
    const frobeniusSquared = X.to1DArray().reduce((sum, v) => sum + v * v, 0);
    for (const k of [1, 3, 7]) {
      const U = svd.leftSingularVectors.subMatrix(0, m - 1, 0, k - 1);
      const V = svd.rightSingularVectors.subMatrix(0, n - 1, 0, k - 1);
      const Xk = U.mmul(MlMatrix.diag(s.slice(0, k))).mmul(V.transpose());
      const error = X.clone()
        .sub(Xk)
        .to1DArray()
        .reduce((sum, v) => sum + v * v, 0);
      expect(eckartYoungBound(s, k, frobeniusSquared)).toBeCloseTo(error / frobeniusSquared, 12);
    }
  });
});

describe("cosineSeparation", () => {
  /** Brute force: normalize the rows of H, form G, sum (G - I)^2. */
  function bruteForce(H: number[][]): number {
    const rows = H.map((h) => {
      const norm = Math.hypot(...h);
      return norm > 0 ? h.map((v) => v / norm) : h.map(() => 0);
    });
    let sum = 0;
    for (let i = 0; i < rows.length; ++i) {
      for (let j = 0; j < rows.length; ++j) {
        const g = rows[i].reduce((s, v, k) => s + v * rows[j][k], 0);
        sum += (g - (i === j ? 1 : 0)) ** 2;
      }
    }
    return -sum;
  }
  function hht(H: number[][]): Float64Array {
    const r = H.length;
    const out = new Float64Array(r * r);
    for (let i = 0; i < r; ++i)
      for (let j = 0; j < r; ++j) out[i * r + j] = H[i].reduce((s, v, k) => s + v * H[j][k], 0);
    return out;
  }

  it("is 0 for orthogonal rows, -2 for two parallel rows, and counts a zero row as 1", () => {
    expect(
      cosineSeparation(
        hht([
          [3, 0],
          [0, 2]
        ]),
        2
      )
    ).toBeCloseTo(0, 15);
    expect(
      cosineSeparation(
        hht([
          [1, 2],
          [2, 4]
        ]),
        2
      )
    ).toBeCloseTo(-2, 14);
    expect(
      cosineSeparation(
        hht([
          [1, 0],
          [0, 0]
        ]),
        2
      )
    ).toBeCloseTo(-1, 15);
  });

  it("matches the brute force on random non-negative H", () => {
    const random = createRandom(43);
    for (let trial = 0; trial < 10; ++trial) {
      const r = 1 + Math.floor(random() * 8);
      const H = Array.from({length: r}, () => Array.from({length: 12}, () => random()));
      if (trial % 3 === 0) H[0] = H[0].map(() => 0);
      expect(cosineSeparation(hht(H), r)).toBeCloseTo(bruteForce(H), 12);
    }
  });
});

import {describe, expect, it} from "vitest";
import {Matrix as MlMatrix, SingularValueDecomposition} from "ml-matrix";
import {gram, gramRows} from "../../engine/linalg/gram.js";
import {productSingularValues} from "../../engine/metrics/spectrum.js";
import {createRandom, type Random} from "../../engine/random.js";

interface Dense {
  rows: number;
  cols: number;
  data: Float64Array;
}

function randomDense(rows: number, cols: number, random: Random, entry = () => random()): Dense {
  return {rows, cols, data: Float64Array.from({length: rows * cols}, entry)};
}

/** Brute force: ml-matrix's SVD of the formed product W H. */
function formedProductSingularValues(W: Dense, H: Dense): number[] {
  const P = MlMatrix.from1DArray(W.rows, W.cols, Array.from(W.data)).mmul(
    MlMatrix.from1DArray(H.rows, H.cols, Array.from(H.data))
  );
  return new SingularValueDecomposition(P, {autoTranspose: true}).diagonal;
}

describe("productSingularValues", () => {
  const random = createRandom(31);
  for (const [m, n, r] of [
    [40, 30, 1],
    [40, 30, 5],
    [25, 60, 10],
    [80, 20, 12],
    [30, 30, 30]
  ]) {
    it(`matches the SVD of the formed product for m=${m}, n=${n}, r=${r}`, () => {
      for (const signs of [false, true]) {
        const entry = signs ? () => random() - 0.5 : () => random();
        const W = randomDense(m, r, random, entry),
          H = randomDense(r, n, random, entry);
        const s = productSingularValues(gram(W), gramRows(H), r);
        const reference = formedProductSingularValues(W, H);
        expect(s.length).toBe(r);
        for (let i = 0; i < Math.min(r, m, n); ++i) {
          expect(Math.abs(s[i] - reference[i]) / reference[i]).toBeLessThan(1e-6);
        }
        for (let i = 1; i < r; ++i) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
      }
    });
  }

  it("is robust to a rank-deficient W (a zero column, two equal columns)", () => {
    const m = 20,
      n = 15,
      r = 4;
    const W = randomDense(m, r, random),
      H = randomDense(r, n, random);
    for (let i = 0; i < m; ++i) ((W.data[i * r + 1] = 0), (W.data[i * r + 3] = W.data[i * r + 2]));
    const s = productSingularValues(gram(W), gramRows(H), r);
    const reference = formedProductSingularValues(W, H);
    expect(Math.abs(s[0] - reference[0]) / reference[0]).toBeLessThan(1e-12);
    expect(Math.abs(s[1] - reference[1]) / reference[1]).toBeLessThan(1e-12);
    expect(s[2]).toBeLessThan(1e-7 * s[0]);
    expect(s[3]).toBeLessThan(1e-7 * s[0]);
  });

  it("gives zeros for zero factors and NaN for NaN factors", () => {
    expect(Array.from(productSingularValues(new Float64Array(9), new Float64Array(9), 3))).toEqual([0, 0, 0]);
    const nan = new Float64Array(4).fill(NaN);
    expect(Number.isNaN(productSingularValues(nan, Float64Array.from([1, 0, 0, 1]), 2)[0])).toBe(true);
    expect(productSingularValues(new Float64Array(0), new Float64Array(0), 0).length).toBe(0);
  });

  it("keeps tiny singular values of graded factors to relative accuracy", () => {
    // Column j of W and row i of H scaled by 1e-3^j: the product's singular values span 8.4 .. 2e-30.
    // Reference values: mpmath.svd_r of the same float64 W H at 60 digits (mpmath 1.3.0), printed to 17 digits.
    const m = 30,
      n = 25,
      r = 6;
    const random = createRandom(5);
    const W = {rows: m, cols: r, data: new Float64Array(m * r)},
      H = {rows: r, cols: n, data: new Float64Array(r * n)};
    for (let i = 0; i < m; ++i) for (let j = 0; j < r; ++j) W.data[i * r + j] = random() * 0.001 ** j;
    for (let i = 0; i < r; ++i) for (let j = 0; j < n; ++j) H.data[i * n + j] = random() * 0.001 ** i;
    const exact = [
      8.4015145346788973, 3.6254934838221861e-6, 2.6114920263912182e-12, 2.3547855732044914e-18, 2.6979157809362639e-24,
      2.0031665187426327e-30
    ];
    const s = productSingularValues(gram(W), gramRows(H), r);
    for (let i = 0; i < r; ++i) expect(Math.abs(s[i] - exact[i]) / exact[i]).toBeLessThan(1e-13);
  });

  it("rejects Gram matrices of the wrong size", () => {
    expect(() => productSingularValues(new Float64Array(4), new Float64Array(9), 2)).toThrow(/need 4 entries/);
  });
});

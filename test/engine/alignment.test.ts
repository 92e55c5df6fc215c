import {Matrix as MlMatrix, SingularValueDecomposition} from "ml-matrix";
import {describe, expect, it} from "vitest";
import {loadData} from "../../datasets/index.js";
import {fit} from "../../engine/fit.js";
import {tall} from "../../engine/kernels/tall.js";
import {leadingSvd, truncatedSvd} from "../../engine/linalg/index.js";
import {matrix, multiply, type Matrix} from "../../engine/matrix.js";
import {alignmentMeter, dataReference, modeAlignment, modesLearned} from "../../engine/metrics/index.js";
import {createRandom} from "../../engine/random.js";
import type {FitOptions} from "../../engine/types.js";
import {randomData} from "./fixtures.js";

/** ml-matrix's full SVD of X: U (m x q), s, V (n x q) as plain arrays. */
function mlSvd(X: Matrix): {U: number[][]; s: number[]; V: number[][]} {
  const rows = Array.from({length: X.rows}, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  const svd = new SingularValueDecomposition(new MlMatrix(rows), {autoTranspose: true});
  return {U: svd.leftSingularVectors.to2DArray(), s: svd.diagonal, V: svd.rightSingularVectors.to2DArray()};
}

/** Brute force: form M, then u_i^T M v_i / s_i with ml-matrix's singular pairs (their own signs). */
function bruteAlignment(factors: Matrix[], svd: ReturnType<typeof mlSvd>, k: number): number[] {
  const M = factors.reduce((a, b) => multiply(a, b));
  return Array.from({length: k}, (_, i) => {
    let sum = 0;
    for (let row = 0; row < M.rows; ++row) {
      let Mv = 0;
      for (let col = 0; col < M.cols; ++col) Mv += M.data[row * M.cols + col] * svd.V[col][i];
      sum += svd.U[row][i] * Mv;
    }
    return sum / svd.s[i];
  });
}

/** The old rule: #{i : s_i(M) >= s_i(X) / 2}, index by index over the sorted spectra. */
function sortedSpectraCount(sM: ArrayLike<number>, sX: ArrayLike<number>, k: number): number {
  let count = 0;
  for (let i = 0; i < k; ++i) if (sM[i] >= sX[i] / 2) ++count;
  return count;
}

describe("modeAlignment and modesLearned", () => {
  it("take the column-wise dot products over s_i and count |a_i| >= 1/2", () => {
    // r = 2, k = 3: WcU and HV row-major r x k.
    const WcU = Float64Array.from([1, 2, 0, 3, -1, 4]);
    const HV = Float64Array.from([2, 1, 5, 1, 1, 0.5]);
    const a = modeAlignment(WcU, HV, 2, 3, [10, 2, 4]);
    expect(Array.from(a)).toEqual([(1 * 2 + 3 * 1) / 10, (2 * 1 - 1 * 1) / 2, (0 * 5 + 4 * 0.5) / 4]);
    expect(modesLearned(a)).toBe(3);
    expect(modesLearned([0.49, -0.5, 7, 0])).toBe(2);
    expect(modesLearned([1, NaN])).toBeNaN();
  });

  it("read 0 along a pair with s_i = 0 or below the resolved 1e-8 s_1", () => {
    const a = modeAlignment(Float64Array.from([1, 1, 1]), Float64Array.from([1, 1, 1]), 1, 3, [2, 1e-9, 0]);
    expect(Array.from(a)).toEqual([0.5, 0, 0]);
  });
});

describe("the alignment recorded by fit", () => {
  // Tall (X^T X route) and wide (X X^T route) data, flat and deep models, both deep losses.
  const data: [string, Matrix][] = [
    ["tall 30 x 24", randomData(30, 24, 1, 0.4)],
    ["wide 18 x 32", randomData(18, 32, 2, 0.5)]
  ];
  const configurations: FitOptions[] = [
    {model: "mu", ranks: [4], iterations: 30},
    {model: "hals", ranks: [5], iterations: 20},
    {model: "adam", ranks: [4], iterations: 30, lr: 1e-2},
    {model: "deep", ranks: [6, 4], iterations: 30},
    {model: "deep", ranks: [7, 5, 3], iterations: 30, optimizer: "gd", lr: 1e-3},
    {model: "deep", ranks: [6, 4], iterations: 30, loss: "layerwise"}
  ];
  for (const [label, X] of data) {
    const svd = mlSvd(X);
    for (const options of configurations) {
      const name = [options.model, options.ranks.join(","), options.loss, "on", label].filter(Boolean).join(" ");
      it(`equals u_i^T M v_i / s_i of the formed product at every recorded step: ${name}`, () => {
        const topK = 10;
        const expected: number[][] = [];
        const result = fit(X, {
          ...options,
          seed: 4,
          initScale: 0.5,
          recordEvery: 10,
          topK,
          onRecord: (_, factors) => void expected.push(bruteAlignment(factors(), svd, topK))
        });
        const t = result.trajectory;
        expect(expected.length).toBe(t.step.length);
        for (let row = 0; row < t.step.length; ++row) {
          const a = t.modeAlignment.subarray(row * topK, (row + 1) * topK);
          // The factors handed out are float32 copies: a few 1e-7 of |M| relative to s_i.
          for (let i = 0; i < topK; ++i)
            expect(Math.abs(a[i] - expected[row][i])).toBeLessThan(1e-5 * (1 + Math.abs(a[i])));
          expect(t.modesLearned[row]).toBe(expected[row].filter((v) => Math.abs(v) >= 0.5).length);
        }
      });
    }
  }

  it("is the same with X's singular pairs from a data reference as computed inside the fit", () => {
    const X = randomData(40, 28, 3, 0.3);
    const reference = dataReference(X, {vectors: 64});
    expect(reference.singularVectors!.count).toBe(28);
    const options: FitOptions = {model: "deep", ranks: [8, 5], iterations: 20, seed: 2, topK: 6};
    const inside = fit(X, options).trajectory;
    const given = fit(X, options, {
      dataSingularValues: reference.singularValues,
      dataSingularVectors: reference.singularVectors
    }).trajectory;
    expect(given.modeAlignment).toEqual(inside.modeAlignment);
    expect(given.modesLearned).toEqual(inside.modesLearned);
  });

  it("does not depend on the signs of X's singular pairs (flipped together)", () => {
    const X = randomData(25, 20, 5, 0.5);
    const {singularValues, vectors} = leadingSvd(X, 5);
    const flipped = {
      count: 5,
      U: vectors.U.map((v, j) => (j % 5 === 1 || j % 5 === 3 ? -v : v)),
      V: vectors.V.map((v, j) => (j % 5 === 1 || j % 5 === 3 ? -v : v))
    };
    const random = createRandom(9);
    const Wc = tall(
      25,
      3,
      Float64Array.from({length: 75}, () => random())
    );
    const Ht = tall(
      20,
      3,
      Float64Array.from({length: 60}, () => random())
    );
    const a = alignmentMeter(vectors, singularValues, 5, 25, 20, 3)(Wc, Ht);
    const b = alignmentMeter(flipped, singularValues, 5, 25, 20, 3)(Wc, Ht);
    for (let i = 0; i < 5; ++i) expect(b[i]).toBeCloseTo(a[i], 13);
  });

  it("counts k for X's best rank-k approximation and for a planted non-negative product along X's top-k pairs", () => {
    // X's best rank-k approximation U_k diag(s_k) V_k^T: a_i = 1 for i <= k, 0 beyond.
    const X = randomData(36, 30, 6, 0.6);
    const {U, s, V} = truncatedSvd(X, 10);
    for (const k of [1, 4, 7]) {
      const Wc = tall(36, k),
        Ht = tall(30, k);
      for (let row = 0; row < 36; ++row) for (let i = 0; i < k; ++i) Wc.data[row * k + i] = U[row * 10 + i] * s[i];
      for (let col = 0; col < 30; ++col) for (let i = 0; i < k; ++i) Ht.data[col * k + i] = V[col * 10 + i];
      const a = alignmentMeter({count: 10, U, V}, s, 10, 36, 30, k)(Wc, Ht);
      for (let i = 0; i < 10; ++i) expect(a[i]).toBeCloseTo(i < k ? 1 : 0, 10);
      expect(modesLearned(a)).toBe(k);
    }

    // Through fit: X with k non-negative singular pairs on disjoint blocks (row block i x column block i,
    // value c_i) and a weaker random remainder; the planted start W H = sum_{i<=k} s_i u_i v_i^T.
    const k = 3,
      block = 4,
      m = 30,
      n = 26;
    const levels = [3, 2, 1.5];
    const planted = matrix(m, n);
    const random = createRandom(12);
    for (let i = k * block; i < m; ++i) for (let j = k * block; j < n; ++j) planted.data[i * n + j] = 0.08 * random();
    for (let b = 0; b < k; ++b)
      for (let i = b * block; i < (b + 1) * block; ++i)
        for (let j = b * block; j < (b + 1) * block; ++j) planted.data[i * n + j] = levels[b];
    const W = matrix(m, k),
      H = matrix(k, n);
    for (let b = 0; b < k; ++b)
      for (let t = 0; t < block; ++t) {
        W.data[(b * block + t) * k + b] = levels[b];
        H.data[b * n + b * block + t] = 1;
      }
    const sX = leadingSvd(planted, 0).singularValues;
    // The blocks' singular values block * c_i come first, then the remainder's.
    expect(sX[k - 1]).toBeCloseTo(block * levels[k - 1], 5);
    expect(sX[k]).toBeLessThan(block * levels[k - 1]);
    const flat = fit(planted, {model: "adam", ranks: [k], iterations: 1, initialFactors: [W, H]}).trajectory;
    expect(flat.modesLearned[0]).toBe(k);
    for (let i = 0; i < 10; ++i) expect(flat.modeAlignment[i]).toBeCloseTo(i < k ? 1 : 0, 6);
    // Deep: W1 = [W, 0] (m x (k + 2)), W2 = [I_k; 0] ((k + 2) x k), the same product.
    const W1 = matrix(m, k + 2),
      W2 = matrix(k + 2, k);
    for (let i = 0; i < m; ++i) for (let c = 0; c < k; ++c) W1.data[i * (k + 2) + c] = W.data[i * k + c];
    for (let c = 0; c < k; ++c) W2.data[c * k + c] = 1;
    const deep = fit(planted, {model: "deep", ranks: [k + 2, k], iterations: 1, initialFactors: [W1, W2, H]});
    expect(deep.trajectory.modesLearned[0]).toBe(k);
    for (let i = 0; i < 10; ++i) expect(deep.trajectory.modeAlignment[i]).toBeCloseTo(i < k ? 1 : 0, 6);
  });
});

describe("modes learned at the study's init (mnist:2000, Deep NMF (20, 10), uniform [0, 1), seed 112)", () => {
  it("is no longer 10 at step 0: the formed product's alignment agrees, where the sorted spectra count 10", async () => {
    const {X} = await loadData("mnist:2000");
    let initial: Matrix[] = [];
    const result = fit(X, {
      model: "deep",
      ranks: [20, 10],
      iterations: 1,
      lr: 1e-2,
      init: "random",
      initScale: 1,
      seed: 112,
      onRecord: (record, factors) => void (record.step === 0 && (initial = factors()))
    });
    const t = result.trajectory;
    const {singularValues: sX, vectors} = leadingSvd(X, 10);
    // s_1(M0) is about 119 s_1(X): every sorted value of M0 is above half of X's.
    expect(t.singularValues[0] / sX[0]).toBeGreaterThan(100);
    expect(sortedSpectraCount(t.singularValues.subarray(0, 10), sX, 10)).toBe(10);
    // The alignment of the formed M0 = W1 W2 H with X's pairs, by the engine's own SVD of X.
    const M = initial.reduce((a, b) => multiply(a, b));
    const brute = Array.from({length: 10}, (_, i) => {
      let sum = 0;
      for (let row = 0; row < M.rows; ++row) {
        let Mv = 0;
        for (let col = 0; col < M.cols; ++col) Mv += M.data[row * M.cols + col] * vectors.V[col * 10 + i];
        sum += vectors.U[row * 10 + i] * Mv;
      }
      return sum / sX[i];
    });
    for (let i = 0; i < 10; ++i)
      expect(Math.abs(t.modeAlignment[i] - brute[i])).toBeLessThan(1e-4 * (1 + Math.abs(brute[i])));
    expect(t.modesLearned[0]).toBe(brute.filter((a) => Math.abs(a) >= 0.5).length);
    expect(t.modesLearned[0]).toBeLessThan(10);
  }, 60_000);
});

import {describe, expect, it} from "vitest";
import {nndsvd} from "../../engine/init/nndsvd.js";
import {matrix} from "../../engine/matrix.js";
import {createRandom} from "../../engine/random.js";

// A 6 x 5 non-negative matrix with zeros (singular values 12.477, 7.486, 5.733, 5.685, 0.312).
const X = matrix(6, 5, [5, 0, 1, 2, 0, 4, 1, 0, 3, 1, 0, 6, 2, 0, 3, 1, 5, 3, 0, 2, 2, 0, 7, 1, 0, 0, 1, 4, 6, 5]);

/*
 * Expected factors produced with scikit-learn 1.2.1 (Debian's python3-sklearn, numpy 1.24.2):
 *   from sklearn.decomposition._nmf import _initialize_nmf
 *   W, H = _initialize_nmf(X.astype(np.float64), 3, init="nndsvd", random_state=0)
 * On a matrix this small randomized_svd is exact up to round-off (10 oversamples cover all of X's
 * columns), so scikit-learn and the exact SVD used here must agree to about 1e-14.
 */
const sklearnW3 = [
  0.8026826904263837, 0, 0, 0.9141324696592001, 0, 0, 1.4413276677565565, 1.671459238409706, 0, 1.4499748975263071,
  1.1272115246634615, 0, 1.4918565175908192, 0, 0, 2.1428292034867353, 0, 1.7009496816497565
];
const sklearnH3 = [
  0.9700643073335824, 1.5191620295446466, 2.1679301703585345, 1.4984675776898093, 1.510939724136934, 0,
  1.9439505559142016, 0, 0, 0.5342640200875832, 0, 0, 0, 1.2597692794229933, 1.1428959629495938
];
// The same call with n_components=5.
const sklearnW5 = [
  0.8026826904263828, 0, 0, 0, 0.38236628476240236, 0.9141324696591989, 0, 0, 0, 0, 1.4413276677565567,
  1.6714592384097062, 0, 0, 0.12764007224725438, 1.4499748975263071, 1.1272115246634622, 0, 0, 0, 1.4918565175908183, 0,
  0, 1.8227956792767852, 0, 2.142829203486735, 0, 1.7009496816497625, 0, 0.06946681355282881
];
const sklearnH5 = [
  0.9700643073335812, 1.519162029544649, 2.167930170358535, 1.4984675776898104, 1.5109397241369336, 0,
  1.9439505559142027, 0, 0, 0.5342640200875812, 0, 0, 0, 1.2597692794229978, 1.142895962949598, 0, 0,
  1.8227956792767852, 0, 0, 0.13640362918117546, 0, 0, 0, 0.385636683807019
];

/** float32 storage: compare within float32 round-off of the expected value. */
function expectClose(actual: Float32Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; ++k) expect(Math.abs(actual[k] - expected[k])).toBeLessThan(1e-6);
}

describe("nndsvd", () => {
  it("reproduces scikit-learn's nndsvd at rank 3 and rank 5", () => {
    const three = nndsvd(X, 3, "nndsvd", createRandom(1));
    expect([three.W.rows, three.W.cols, three.H.rows, three.H.cols]).toEqual([6, 3, 3, 5]);
    expectClose(three.W.data, sklearnW3);
    expectClose(three.H.data, sklearnH3);
    const five = nndsvd(X, 5, "nndsvd", createRandom(1));
    expectClose(five.W.data, sklearnW5);
    expectClose(five.H.data, sklearnH5);
  });

  it("first pair by hand: |W[:, 0]|^2 = |H[0, :]|^2 = s1, the leading singular value of X", () => {
    // W[:, 0] = sqrt(s1) |u1| and H[0, :] = sqrt(s1) |v1| with unit u1, v1, so both squared norms are s1;
    // s1 = 12.47714319 from numpy.linalg.svd(X).
    const {W, H} = nndsvd(X, 1, "nndsvd", createRandom(1));
    const norm2 = (a: Float32Array) => a.reduce((sum, v) => sum + v * v, 0);
    expect(norm2(W.data)).toBeCloseTo(12.47714319, 5);
    expect(norm2(H.data)).toBeCloseTo(12.47714319, 5);
  });

  it("nndsvda fills the zeros with the mean of X (scikit-learn: 2.1666666666666665)", () => {
    const {W, H} = nndsvd(X, 3, "nndsvda", createRandom(1));
    const mean = 65 / 30;
    expectClose(
      W.data,
      sklearnW3.map((v) => (v === 0 ? mean : v))
    );
    expectClose(
      H.data,
      sklearnH3.map((v) => (v === 0 ? mean : v))
    );
  });

  it("nndsvdar fills the zeros with small seeded draws |mean N(0, 1)| / 100", () => {
    const a = nndsvd(X, 3, "nndsvdar", createRandom(7));
    const b = nndsvd(X, 3, "nndsvdar", createRandom(7));
    const c = nndsvd(X, 3, "nndsvdar", createRandom(8));
    expect(a.W.data).toEqual(b.W.data);
    expect(a.H.data).toEqual(b.H.data);
    expect(a.W.data).not.toEqual(c.W.data);
    const mean = 65 / 30;
    for (const [actual, expected] of [
      [a.W.data, sklearnW3],
      [a.H.data, sklearnH3]
    ] as const) {
      for (let k = 0; k < expected.length; ++k) {
        if (expected[k] !== 0) expect(Math.abs(actual[k] - expected[k])).toBeLessThan(1e-6);
        // |N(0, 1)| stays below 6 with overwhelming probability.
        else expect(actual[k] > 0 && actual[k] < (6 * mean) / 100).toBe(true);
      }
    }
  });

  it("rejects a rank above min(m, n) and negative data with one-line messages", () => {
    expect(() => nndsvd(X, 6, "nndsvd", createRandom(1))).toThrow(
      "invalid rank: 6 (nndsvd needs rank <= min(m, n) = 5)"
    );
    expect(() => nndsvd(X, 0, "nndsvd", createRandom(1))).toThrow("invalid rank: 0 (must be an integer >= 1)");
    expect(() => nndsvd(matrix(2, 2, [1, -1, 0, 1]), 1, "nndsvd", createRandom(1))).toThrow(/invalid data: -1/);
  });
});

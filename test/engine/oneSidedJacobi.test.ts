import {describe, expect, it} from "vitest";
import {Matrix as MlMatrix, SingularValueDecomposition} from "ml-matrix";
import {jacobiSingularValues, orthogonalizeColumns} from "../../engine/linalg/oneSidedJacobi.js";
import {createRandom} from "../../engine/random.js";

/** ml-matrix's SVD of the rows x cols matrix stored by columns. */
function referenceValues(columns: Float64Array, rows: number, cols: number): number[] {
  const A = MlMatrix.zeros(rows, cols);
  for (let j = 0; j < cols; ++j) for (let i = 0; i < rows; ++i) A.set(i, j, columns[j * rows + i]);
  const s = new SingularValueDecomposition(A, {autoTranspose: true}).diagonal;
  return [...s, ...new Array(Math.max(0, cols - s.length)).fill(0)];
}

describe("jacobiSingularValues", () => {
  const random = createRandom(3);
  const cases: [string, number, number, (a: Float64Array) => void][] = [
    ["square", 10, 10, () => {}],
    ["tall", 12, 7, () => {}],
    ["wide (rank 6 with 9 columns)", 6, 9, () => {}],
    ["a zero row (a zero eigenvalue of a factor's Gram)", 10, 10, (a) => zeroRow(a, 10, 10, 2)],
    ["two zero rows and a zero column", 8, 8, (a) => (zeroRow(a, 8, 8, 0), zeroRow(a, 8, 8, 5), a.fill(0, 24, 32))]
  ];
  for (const [name, rows, cols, edit] of cases) {
    it(`matches an SVD: ${name}`, () => {
      const a = Float64Array.from({length: rows * cols}, () => random() - 0.5);
      edit(a);
      const reference = referenceValues(a, rows, cols);
      const s = jacobiSingularValues(a.slice(), rows, cols);
      expect(s.length).toBe(cols);
      for (let i = 0; i < cols; ++i) expect(Math.abs(s[i] - reference[i])).toBeLessThan(1e-13 * reference[0]);
    });
  }

  it("leaves a column that shrinks to zero once its length is negligible, instead of rotating it into underflow", () => {
    // Nine columns in six dimensions: rotations must drive three of them to zero. Without a floor their
    // squared lengths underflow to 0 while their products with other columns do not, and every sweep rotates again.
    const rows = 6,
      cols = 9;
    const a = Float64Array.from({length: rows * cols}, () => random() - 0.5);
    expect(orthogonalizeColumns(a, rows, cols)).toBeLessThanOrEqual(20);
  });

  it("rotates a matrix without zero rows in place, the same as before", () => {
    const a = Float64Array.from({length: 100}, () => random());
    const b = a.slice();
    const s = jacobiSingularValues(a, 10, 10);
    const sweeps = orthogonalizeColumns(b, 10, 10);
    expect(sweeps).toBeLessThanOrEqual(12);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(s[0]).toBeGreaterThan(0);
  });

  it("gives NaN for a non-finite entry and zeros for a zero matrix", () => {
    expect(Number.isNaN(jacobiSingularValues(Float64Array.from([1, NaN, 0, 1]), 2, 2)[0])).toBe(true);
    expect(Array.from(jacobiSingularValues(new Float64Array(6), 2, 3))).toEqual([0, 0, 0]);
  });
});

function zeroRow(a: Float64Array, rows: number, cols: number, i: number): boolean {
  for (let j = 0; j < cols; ++j) a[j * rows + i] = 0;
  return true;
}

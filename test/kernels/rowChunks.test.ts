import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {dataOperator, transposeCsr} from "../../engine/kernels/data.js";
import {
  chunkWidths,
  denseTimesTall,
  sparseTimesTall,
  tallTimesSmall,
  transposeTimesTall
} from "../../engine/kernels/rowChunks.js";
import {gramOf, smallProduct, tall, timesSmall, transposeTimes} from "../../engine/kernels/tall.js";
import {matrix, toCsr, transpose} from "../../engine/matrix.js";
import {generateKernels, generatedPath} from "../../scripts/generateKernels.js";
import {FLOAT32_TOLERANCE, randomEntries, referenceProduct, referenceTranspose, relativeError} from "./reference.js";

// Every rank from 1 to 25 crosses every chunk width (1 .. 10) and the splits into two and three chunks.
const ranks = Array.from({length: 25}, (_, i) => i + 1);

describe("chunkWidths", () => {
  it("splits r into chunks of at most 10 that add up to r, widest first", () => {
    for (const r of [...ranks, 37, 60, 100]) {
      const widths = Array.from(chunkWidths(r));
      expect(widths.reduce((a, b) => a + b, 0)).toBe(r);
      expect(widths.length).toBe(Math.ceil(r / 10));
      expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(1);
      expect(widths).toEqual([...widths].sort((a, b) => b - a));
    }
  });
});

describe("row-chunk kernels match the plain triple loop", () => {
  const m = 37,
    n = 29;
  const x = randomEntries(m * n, 1, 0.3);
  const X = matrix(m, n, Float32Array.from(x));
  const x32 = Float64Array.from(X.data); // the float32 entries, as the kernels see them
  const csr = toCsr(X);

  for (const r of ranks)
    it(`rank ${r}`, () => {
      const b = randomEntries(n * r, 100 + r);
      const expected = referenceProduct(x32, b, m, n, r);
      const sparse = new Float64Array(m * r);
      sparseTimesTall(csr.indptr, csr.indices, csr.values, b, r, sparse, 0, m);
      expect(relativeError(sparse, expected)).toBeLessThan(FLOAT32_TOLERANCE);
      const dense = new Float64Array(m * r);
      denseTimesTall(X.data, n, b, r, dense, 0, m);
      expect(relativeError(dense, expected)).toBeLessThan(FLOAT32_TOLERANCE);
      const small = new Float64Array(m * r);
      tallTimesSmall(x32, n, b, r, small, 0, m);
      expect(relativeError(small, expected)).toBeLessThan(FLOAT32_TOLERANCE);
      // a^T b with a = X (m x n) and b (m x r): n x r.
      const c = randomEntries(m * r, 200 + r);
      const transposed = new Float64Array(n * r);
      transposeTimesTall(x32, n, m, c, r, transposed, 0, n);
      expect(relativeError(transposed, referenceProduct(referenceTranspose(x32, m, n), c, n, m, r))).toBeLessThan(
        FLOAT32_TOLERANCE
      );
    });

  it("writes only the rows of the range asked for", () => {
    const r = 7;
    const b = randomEntries(n * r, 3);
    const out = new Float64Array(m * r).fill(-1);
    sparseTimesTall(csr.indptr, csr.indices, csr.values, b, r, out, 10, 20);
    const expected = referenceProduct(x32, b, m, n, r);
    for (let i = 0; i < m; ++i)
      for (let k = 0; k < r; ++k) {
        const v = out[i * r + k];
        if (i >= 10 && i < 20) expect(Math.abs(v - expected[i * r + k])).toBeLessThan(1e-12);
        else expect(v).toBe(-1);
      }
  });

  it("gives an empty row a zero output row", () => {
    const Y = matrix(3, 4, [1, 2, 0, 3, 0, 0, 0, 0, 4, 0, 5, 0]);
    const c = toCsr(Y);
    const out = new Float64Array(3 * 2).fill(9);
    sparseTimesTall(c.indptr, c.indices, c.values, new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]), 2, out, 0, 3);
    expect(Array.from(out)).toEqual([1 + 6 + 21, 2 + 8 + 24, 0, 0, 4 + 25, 8 + 30]);
  });
});

describe("the data operator", () => {
  for (const density of [0.2, 1])
    for (const r of [1, 4, 10, 13, 20])
      it(`computes X Ht and X^T W (density ${density}, rank ${r})`, () => {
        const m = 41,
          n = 23;
        const X = matrix(m, n, Float32Array.from(randomEntries(m * n, 7, density)));
        const x = Float64Array.from(X.data);
        const op = dataOperator(X);
        const Ht = tall(n, r, randomEntries(n * r, 8));
        const W = tall(m, r, randomEntries(m * r, 9));
        const xHt = op.timesTransposed(Ht, tall(m, r));
        expect(relativeError(xHt.data, referenceProduct(x, Ht.data, m, n, r))).toBeLessThan(FLOAT32_TOLERANCE);
        const xtW = op.transposeTimes(W, tall(n, r));
        expect(relativeError(xtW.data, referenceProduct(referenceTranspose(x, m, n), W.data, n, m, r))).toBeLessThan(
          FLOAT32_TOLERANCE
        );
        let fro = 0;
        for (const v of x) fro += v * v;
        expect(op.frobeniusSquared).toBeCloseTo(fro, 10);
        expect(op.nnz).toBe(x.filter((v) => v !== 0).length);
      });

  it("rejects operands of the wrong shape", () => {
    const op = dataOperator(matrix(3, 2, [1, 0, 0, 2, 3, 0]));
    expect(() => op.timesTransposed(tall(3, 2), tall(3, 2))).toThrow(/X Ht/);
    expect(() => op.transposeTimes(tall(3, 2), tall(2, 3))).toThrow(/X\^T W/);
  });

  it("transposes a CSR matrix into the CSR of the transpose", () => {
    const X = matrix(6, 5, Float32Array.from(randomEntries(30, 11, 0.4)));
    expect(transposeCsr(toCsr(X))).toEqual(toCsr(transpose(X)));
  });
});

describe("tall-matrix helpers", () => {
  it("timesSmall, transposeTimes, gramOf and smallProduct match the reference", () => {
    const a = tall(50, 12, randomEntries(600, 21, 0.7));
    const b = randomEntries(12 * 7, 22);
    expect(relativeError(timesSmall(a, b, 7).data, referenceProduct(a.data, b, 50, 12, 7))).toBeLessThan(1e-14);
    const c = tall(50, 7, randomEntries(350, 23));
    const at = referenceTranspose(a.data, 50, 12);
    expect(relativeError(transposeTimes(a, c), referenceProduct(at, c.data, 12, 50, 7))).toBeLessThan(1e-14);
    const G = gramOf(a);
    expect(relativeError(G, referenceProduct(at, a.data, 12, 50, 12))).toBeLessThan(1e-14);
    for (let p = 0; p < 12; ++p) for (let q = 0; q < 12; ++q) expect(G[p * 12 + q]).toBe(G[q * 12 + p]);
    expect(relativeError(smallProduct(b, at.subarray(0, 7 * 5), 12, 7, 5), referenceProduct(b, at, 12, 7, 5))).toBe(0);
  });

  it("timesSmall rejects mismatched shapes", () => {
    expect(() => timesSmall(tall(4, 3), new Float64Array(5), 2)).toThrow(/timesSmall/);
  });
});

describe("scripts/generateKernels.ts", () => {
  it("produced the committed engine/kernels/rowChunks.ts", async () => {
    expect(readFileSync(generatedPath, "utf8")).toBe(await generateKernels());
  });
});

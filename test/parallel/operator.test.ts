import {afterAll, describe, expect, it} from "vitest";
import {fit} from "../../engine/fit.js";
import {productMetrics} from "../../engine/metrics/productMetrics.js";
import {dataOperator, stepProducts} from "../../engine/kernels/data.js";
import type {RowSteps} from "../../engine/kernels/data.js";
import type {Precision} from "../../engine/kernels/float32.js";
import {gramOf, tall, type Tall} from "../../engine/kernels/tall.js";
import {useWasmKernels} from "../../engine/kernels/wasm.js";
import {matrix, type Matrix} from "../../engine/matrix.js";
import {balancedBoundaries} from "../../parallel/blocks.js";
import {parallelDataOperator, type ParallelDataOperator} from "../../parallel/operator.js";
import {randomEntries} from "../kernels/reference.js";

const opened: ParallelDataOperator[] = [];
afterAll(async () => {
  await Promise.all(opened.map((op) => op.close()));
  useWasmKernels(true);
});

async function open(
  X: Matrix,
  threads: number,
  maxRank?: number,
  precision: Precision = "float64"
): Promise<ParallelDataOperator> {
  const op = await parallelDataOperator(X, {threads, maxRank, precision});
  opened.push(op);
  return op;
}

function data(m: number, n: number, density: number, seed: number): Matrix {
  return matrix(m, n, Float32Array.from(randomEntries(m * n, seed, density)));
}

describe("balancedBoundaries", () => {
  it("splits rows into blocks of about equal weight, covering every row once", () => {
    const prefix = [0, 10, 10, 10, 40, 41, 42, 80, 90, 100];
    expect(balancedBoundaries((row) => prefix[row], 9, 2)).toEqual([0, 6, 9]);
    expect(balancedBoundaries((row) => prefix[row], 9, 3)).toEqual([0, 4, 7, 9]);
    expect(balancedBoundaries((row) => row, 2, 4)).toEqual([0, 1, 1, 2, 2]);
  });
});

describe("parallelDataOperator", () => {
  for (const [density, threads, wasm, precision] of [
    [0.2, 2, true, "float64"],
    [0.2, 3, true, "float64"],
    [1, 2, true, "float64"],
    [0.2, 2, false, "float64"],
    [0.2, 3, true, "float32"],
    [1, 2, true, "float32"],
    [0.2, 2, false, "float32"]
  ] as const)
    it(`equals the single-threaded operator bit for bit (density ${density}, ${threads} threads, ${wasm ? "WebAssembly" : "TypeScript"}, ${precision})`, async () => {
      useWasmKernels(wasm);
      const X = data(203, 57, density, 3);
      const op = await open(X, threads, undefined, precision);
      const single = dataOperator(X, {precision});
      expect(op.precision).toBe(precision);
      useWasmKernels(true);
      expect(op.threads).toBe(threads);
      for (const r of [1, 7, 20, 23]) {
        const Ht = tall(57, r, randomEntries(57 * r, r));
        const W = tall(203, r, randomEntries(203 * r, r + 1));
        expect(Array.from(op.timesTransposed(Ht, tall(203, r)).data)).toEqual(
          Array.from(single.timesTransposed(Ht, tall(203, r)).data)
        );
        expect(Array.from(op.transposeTimes(W, tall(57, r)).data)).toEqual(
          Array.from(single.transposeTimes(W, tall(57, r)).data)
        );
        // A gradient step's products and Grams in one job, W made while the threads compute X Ht.
        const step = {
          Ht,
          xHt: tall(203, r),
          xtW: tall(57, r),
          gramHt: new Float64Array(r * r),
          gramW: new Float64Array(r * r)
        };
        const expected = {
          ...step,
          xHt: tall(203, r),
          xtW: tall(57, r),
          gramHt: new Float64Array(r * r),
          gramW: new Float64Array(r * r)
        };
        let made = 0;
        op.stepProducts!({...step, makeW: () => (++made, W)});
        stepProducts(single, {...expected, makeW: () => W});
        expect(made).toBe(1);
        for (const key of ["xHt", "xtW"] as const)
          expect(Array.from(step[key].data)).toEqual(Array.from(expected[key].data));
        expect(Array.from(step.gramHt)).toEqual(Array.from(gramOf(Ht)));
        expect(Array.from(step.gramW)).toEqual(Array.from(gramOf(W)));
      }
      expect(op.frobeniusSquared).toBe(single.frobeniusSquared);
      expect(op.nnz).toBe(single.nnz);
    });

  for (const threads of [2, 3])
    it(`splits a gradient step's X Ht anew each step, with the same results (${threads} threads, slow makeW)`, async () => {
      const X = data(300, 40, 0.3, 10);
      const op = await open(X, threads);
      const single = dataOperator(X);
      const r = 5;
      for (let step = 0; step < 40; ++step) {
        const Ht = tall(40, r, randomEntries(40 * r, 20 + step)),
          W = tall(300, r, randomEntries(300 * r, 60 + step));
        const slowW = () => {
          // Busy for 0.3 ms, as a Deep NMF solver moving and contracting its factors: the threads take more rows of X Ht.
          for (const until = performance.now() + 0.3; performance.now() < until;);
          return W;
        };
        const got = {
          Ht,
          makeW: slowW,
          xHt: tall(300, r),
          xtW: tall(40, r),
          gramHt: new Float64Array(r * r),
          gramW: new Float64Array(r * r)
        };
        op.stepProducts!(got);
        expect(Array.from(got.xHt.data)).toEqual(Array.from(single.timesTransposed(Ht, tall(300, r)).data));
        expect(Array.from(got.xtW.data)).toEqual(Array.from(single.transposeTimes(W, tall(40, r)).data));
        // A plain product between steps takes the balanced rows again.
        expect(Array.from(op.timesTransposed(Ht, tall(300, r)).data)).toEqual(Array.from(got.xHt.data));
      }
    });

  it("passes on an error of the step products' makeW and stays usable", async () => {
    const X = data(60, 40, 0.3, 6);
    const op = await open(X, 2);
    const Ht = tall(40, 3, randomEntries(120, 7)),
      W = tall(60, 3, randomEntries(180, 8));
    const step = (makeW: () => Tall) => ({
      Ht,
      makeW,
      xHt: tall(60, 3),
      xtW: tall(40, 3),
      gramHt: new Float64Array(9),
      gramW: new Float64Array(9)
    });
    const fail = () => {
      throw new Error("no W");
    };
    expect(() => op.stepProducts!(step(fail))).toThrow("no W");
    expect(() => op.stepProducts!(step(() => tall(60, 2)))).toThrow(/X\^T W/);
    expect(() => op.stepProducts!({...step(() => W), gramW: new Float64Array(4)})).toThrow(/Grams/);
    const ok = step(() => W);
    op.stepProducts!(ok);
    expect(Array.from(ok.xtW.data)).toEqual(Array.from(dataOperator(X).transposeTimes(W, tall(40, 3)).data));
    expect(Array.from(ok.gramW)).toEqual(Array.from(gramOf(W)));
  });

  it("computes a record's spectrum on a thread as productMetrics does, one at a time", async () => {
    const X = data(30, 20, 0.5, 9);
    const op = await open(X, 2, 4);
    const gramOfSize = (r: number, seed: number) => gramOf(tall(30, r, randomEntries(30 * r, seed)));
    for (const [r, topK] of [
      [3, 10],
      [4, 2],
      [6, 10]
    ]) {
      const WtW = gramOfSize(r, r),
        HHt = gramOfSize(r, r + 1);
      expect(op.productMetricsThread!(WtW, HHt, r, topK)()).toEqual(productMetrics(WtW, HHt, r, topK));
    }
    const first = op.productMetricsThread!(gramOfSize(2, 1), gramOfSize(2, 2), 2, 2);
    const second = op.productMetricsThread!(gramOfSize(2, 3), gramOfSize(2, 4), 2, 2);
    expect(() => first()).toThrow(/a later spectrum replaced this one/);
    expect(second().singularValues.length).toBe(2);
    // A job left unread is let finish before the next one.
    op.productMetricsThread!(gramOfSize(2, 5), gramOfSize(2, 6), 2, 2);
    expect(op.timesTransposed(tall(20, 2, randomEntries(40, 7)), tall(30, 2)).rows).toBe(30);
  });

  it("runs ranks above maxRank on the calling thread", async () => {
    const X = data(60, 40, 0.3, 4);
    const op = await open(X, 2, 4);
    const Ht = tall(40, 6, randomEntries(240, 5));
    expect(Array.from(op.timesTransposed(Ht, tall(60, 6)).data)).toEqual(
      Array.from(dataOperator(X).timesTransposed(Ht, tall(60, 6)).data)
    );
  });

  it("gives fit the same trajectory and factors as the engine's own operator, its spectra on a thread", async () => {
    const X = data(120, 50, 0.25, 6);
    const op = await open(X, 3);
    const options = {model: "deep" as const, ranks: [8, 4], iterations: 30, seed: 2};
    const a = fit(X, options),
      b = fit(X, options, {dataOperator: op, productMetricsThread: op.productMetricsThread});
    for (const key of ["error", "effectiveRank", "nuclearRatio", "stableRank", "cosineSeparation"] as const)
      expect(Array.from(b.trajectory[key])).toEqual(Array.from(a.trajectory[key]));
    expect(b.trajectory.singularValues).toEqual(a.trajectory.singularValues);
    expect(b.trajectory.modeAlignment).toEqual(a.trajectory.modeAlignment);
    for (let f = 0; f < a.factors.length; ++f)
      expect(Array.from(b.factors[f].data)).toEqual(Array.from(a.factors[f].data));
    expect(() => fit(data(10, 50, 0.3, 1), options, {dataOperator: op})).toThrow(/dataOperator is 120 x 50/);
  });

  for (const [threads, precision] of [
    [2, "float64"],
    [3, "float32"]
  ] as const)
    it(`runs the HALS sweeps and multiplicative updates on its ${threads} threads with the engine's results (${precision})`, async () => {
      // 5,000 rows: five blocks of ROW_BLOCK rows, so every thread takes a share of the row-wise steps.
      const X = data(5000, 30, 0.3, 8);
      const op = await open(X, threads, undefined, precision);
      expect(op.rowSteps).toBeDefined();
      let calls = 0;
      const counted = {
        ...op,
        rowSteps: {
          halsSweeps: (...args: Parameters<RowSteps["halsSweeps"]>) => {
            const sweeps = op.rowSteps!.halsSweeps(...args);
            if (sweeps >= 0) ++calls;
            return sweeps;
          },
          multiplicativeStep: (...args: Parameters<RowSteps["multiplicativeStep"]>) => {
            const taken = op.rowSteps!.multiplicativeStep(...args);
            if (taken) ++calls;
            return taken;
          }
        }
      };
      for (const model of ["hals", "mu"] as const) {
        const options = {model, ranks: [7], iterations: 12, seed: 4, init: "nndsvda" as const, precision};
        const a = fit(X, options),
          b = fit(X, options, {dataOperator: counted});
        expect(Array.from(b.trajectory.error)).toEqual(Array.from(a.trajectory.error));
        expect(Array.from(b.factors[0].data)).toEqual(Array.from(a.factors[0].data));
        expect(Array.from(b.factors[1].data)).toEqual(Array.from(a.factors[1].data));
      }
      // W's steps (5,000 rows) ran on the threads; H's (30 rows, one block) on the calling thread.
      expect(calls).toBe(2 * 12);
    });

  it("rejects a bad thread count and use after close", async () => {
    const X = data(30, 20, 0.3, 7);
    await expect(parallelDataOperator(X, {threads: 0})).rejects.toThrow(/invalid threads: 0/);
    const op = await parallelDataOperator(X, {threads: 2});
    await op.close();
    expect(() => op.timesTransposed(tall(20, 2), tall(30, 2))).toThrow(/after close/);
  });
});

// The lab's tfjs models against the engine: same starting factors, same trajectory (float32 tolerance).
import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {loadData} from "../../datasets/index.js";
import {isInputError} from "../../engine/errors.js";
import {fit} from "../../engine/fit.js";
import {initialFactors} from "../../engine/init/index.js";
import {sliceRows, type Matrix} from "../../engine/matrix.js";
import type {FitOptions} from "../../engine/types.js";
import {train, type LabConfig, type LabUpdate} from "../../lab/index.js";

let X: Matrix;

beforeAll(async () => {
  await tf.setBackend("cpu");
  // 60 real digits: sparse rows and all-zero pixel columns, as the lab's data has.
  X = sliceRows((await loadData("mnist:1000")).X, 0, 60);
});

/** Runs both with the same starting factors; returns their recorded relative errors and effective ranks. */
async function both(config: LabConfig & {initScale: number}) {
  const hidden = config.model === "deep" && config.loss === "layerwise";
  const start = initialFactors(X, config.ranks, {init: "random", initScale: config.initScale, seed: 7, hidden: false});
  const initial = [...start.Ws, start.H];
  const engine = fit(X, {...(config as FitOptions), initialFactors: initial});
  const lab = await train(tf, X, {...config, initialFactors: initial}, {chunkSteps: 7});
  expect(hidden ? lab.factors.length : initial.length).toBe(config.ranks.length + 1);
  return {engine, lab};
}

const cases: [string, LabConfig & {initScale: number}][] = [
  ["mu", {model: "mu", ranks: [4], iterations: 20, initScale: 0.5}],
  ["adam", {model: "adam", ranks: [4], iterations: 20, initScale: 0.1, lr: 0.02}],
  ["gd", {model: "gd", ranks: [4], iterations: 20, initScale: 0.1, lr: 2e-4}],
  ["hals", {model: "hals", ranks: [4], iterations: 20, initScale: 0.5}],
  ["deep global, 2 layers", {model: "deep", ranks: [6, 3], iterations: 20, initScale: 0.3, lr: 0.02}],
  // Given factors start the hidden layer on the chain (H_1 = W_2 H), so the second layer's residual is
  // round-off: Adam would turn its sign into full steps, different in float32 and float64. GD does not;
  // the seeded test below runs Adam on the layer-wise loss from a random hidden layer.
  [
    "deep layer-wise, 2 layers",
    {model: "deep", ranks: [6, 3], iterations: 20, initScale: 0.3, lr: 1e-3, loss: "layerwise", optimizer: "gd"}
  ],
  [
    "deep global by gd, 3 layers",
    {model: "deep", ranks: [6, 4, 3], iterations: 20, initScale: 0.3, lr: 1e-3, optimizer: "gd"}
  ]
];

describe("the lab's tfjs models follow the engine's trajectory (cpu backend, float32)", () => {
  for (const [name, config] of cases) {
    it(name, async () => {
      const {engine, lab} = await both(config);
      const t = engine.trajectory;
      expect(lab.records.map((record) => record.step)).toEqual(Array.from(t.step));
      expect(lab.stopReason).toBe("iterations");
      // The runs move: the error changes by far more than the tolerance.
      expect(Math.abs(t.relativeError[0] - t.relativeError[t.step.length - 1])).toBeGreaterThan(1e-2);
      lab.records.forEach((record, i) => {
        expect(record.relativeError, `${name}, step ${record.step}: relative error`).toBeCloseTo(t.relativeError[i], 4);
        expect(Math.abs(record.relativeError - t.relativeError[i]) / t.relativeError[i]).toBeLessThan(2e-4);
        expect(Math.abs(record.effectiveRank - t.effectiveRank[i]), `step ${record.step}: effective rank`).toBeLessThan(
          2e-3
        );
        // Both ways: a leading singular value too small in the lab must fail as well as one too large.
        expect(
          Math.abs(record.singularValues[0] / t.singularValues[i * t.topK] - 1),
          `step ${record.step}: s1`
        ).toBeLessThan(2e-4);
      });
      // The final factors agree too.
      lab.factors.forEach((factor, i) => {
        const reference = engine.factors[i];
        expect([factor.rows, factor.cols]).toEqual([reference.rows, reference.cols]);
        let difference = 0,
          size = 0;
        for (let k = 0; k < factor.data.length; ++k) {
          difference = Math.max(difference, Math.abs(factor.data[k] - reference.data[k]));
          size = Math.max(size, Math.abs(reference.data[k]));
        }
        expect(difference / size, `${name}: factor ${i}`).toBeLessThan(1e-3);
      });
    });
  }

  it("starts from the engine's seeded initialization when no factors are given", async () => {
    const config: FitOptions & LabConfig = {
      model: "deep",
      ranks: [6, 3],
      iterations: 12,
      initScale: 0.3,
      lr: 0.02,
      seed: 3,
      loss: "layerwise"
    };
    const engine = fit(X, config);
    const lab = await train(tf, X, config);
    lab.records.forEach((record, i) => {
      expect(record.relativeError).toBeCloseTo(engine.trajectory.relativeError[i], 4);
      expect(Math.abs(record.effectiveRank - engine.trajectory.effectiveRank[i])).toBeLessThan(2e-3);
    });
  });

  it("stops early at the step the engine stops, with that step's factors", async () => {
    const config: LabConfig = {
      model: "mu",
      ranks: [3],
      iterations: 400,
      initScale: 1,
      seed: 1,
      earlyStop: {patience: 30}
    };
    const engine = fit(X, config as FitOptions);
    expect(engine.stopReason).toBe("plateau");
    const lab = await train(tf, X, config, {chunkSteps: 64});
    expect(lab.stopReason).toBe("plateau");
    expect(lab.iterations).toBe(engine.iterations);
    expect(lab.records[lab.records.length - 1].step).toBe(engine.iterations);
    expect(lab.factors[1].data[5]).toBeCloseTo(engine.factors[1].data[5], 3);
  });

  it("fails a run by the engine's divergence rules, at the step the engine does", async () => {
    const configs: LabConfig[] = [
      // The error grows a million-fold (engine/stopRules.ts DIVERGENCE_FACTOR).
      {model: "gd", ranks: [4], iterations: 50, initScale: 1, lr: 1},
      // The first steps clip the product to exactly zero and it stays there (COLLAPSE_STEPS).
      {model: "gd", ranks: [4], iterations: 800, initScale: 0.1, lr: 0.5}
    ];
    const divergences = [];
    for (const config of configs) {
      const engine = fit(X, config as FitOptions);
      const lab = await train(tf, X, config, {chunkSteps: 64});
      expect([lab.stopReason, lab.divergence, lab.divergedAt]).toEqual([
        engine.stopReason,
        engine.divergence,
        engine.divergedAt
      ]);
      divergences.push(lab.divergence);
    }
    expect(divergences).toEqual(["growth", "collapse"]);
  });
});

describe("the lab's runner", () => {
  const config: LabConfig = {model: "adam", ranks: [4], iterations: 40, initScale: 0.1, lr: 0.02};

  it("leaves no tensor behind, whatever the model", async () => {
    for (const [, c] of cases) {
      const before = tf.memory().numTensors;
      await train(tf, X, {...c, iterations: 5});
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it("reports every record once, in order, in chunks, and yields between them", async () => {
    const updates: LabUpdate[] = [];
    let yields = 0;
    // chunkMs: Infinity, so chunks end by step count alone, whatever the machine's load.
    const result = await train(tf, X, config, {
      chunkSteps: 6,
      chunkMs: Infinity,
      onUpdate: async (update) => {
        updates.push(update);
        const {Wc, H} = await update.readProduct();
        expect([Wc.rows, Wc.cols, H.rows, H.cols]).toEqual([X.rows, 4, 4, X.cols]);
      },
      yieldControl: async () => void ++yields
    });
    expect(updates.flatMap((update) => update.records)).toEqual(result.records);
    expect(updates.map((update) => update.step)).toEqual([0, 6, 12, 18, 24, 30, 36, 40]);
    expect(yields).toBe(6);
  });

  it("stops when aborted and records where it stopped", async () => {
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const result = await train(
      tf,
      X,
      {...config, iterations: 1000},
      {
        chunkSteps: 5,
        chunkMs: Infinity,
        recordAt: (step) => step % 3 === 0,
        signal: controller.signal,
        onUpdate: (update) => {
          if (update.step >= 10) controller.abort();
        }
      }
    );
    expect(result.stopReason).toBe("aborted");
    expect(result.iterations).toBe(10);
    expect(result.records.map((record) => record.step)).toEqual([0, 3, 6, 9, 10]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("stops on a divergence with the last finite iterate", async () => {
    // gd with a huge step overflows float32 within a few iterations.
    const result = await train(tf, X, {model: "gd", ranks: [4], iterations: 50, initScale: 1, lr: 1});
    expect(result.stopReason).toBe("diverged");
    expect(result.divergedAt).toBeGreaterThan(0);
    expect(result.records.every((record) => Number.isFinite(record.relativeError))).toBe(true);
    expect(result.iterations).toBe(result.records[result.records.length - 1].step);
    expect(result.factors.every((factor) => factor.data.every(Number.isFinite))).toBe(true);
  });

  it("refuses out-of-range inputs with a message naming the input, before touching the backend", async () => {
    const before = tf.memory().numTensors;
    const bad: [Partial<LabConfig>, RegExp][] = [
      [{iterations: 0}, /invalid iterations: 0 \(must be an integer from 1 to 20000\)/],
      [{iterations: 1e6}, /invalid iterations/],
      [{ranks: [0]}, /invalid rank: 0/],
      [{ranks: [500]}, /invalid rank: 500/],
      [{model: "deep", ranks: [4, 8]}, /deep ranks must not increase/],
      [{model: "deep", ranks: [8, 6, 4, 2]}, /invalid ranks: \[8, 6, 4, 2\] \(give 1 to 3 ranks\)/],
      [{lr: 5}, /invalid lr: 5/],
      [{initScale: 0}, /invalid initScale: 0/],
      [{seed: 1.5}, /invalid seed: 1.5/],
      [{model: "nmf" as never}, /invalid model: "nmf"/],
      [{earlyStop: {patience: -1}}, /invalid patience: -1/]
    ];
    for (const [change, message] of bad) {
      const error = await train(tf, X, {...config, ...change}).catch((e: unknown) => e);
      expect(isInputError(error), JSON.stringify(change)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

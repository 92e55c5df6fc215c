import {describe, expect, it} from "vitest";
import {loadData} from "../../datasets/index.js";
import {fit} from "../../engine/fit.js";
import type {FitOptions} from "../../engine/types.js";

describe("failed runs that stay finite", () => {
  it("fails a run that ends with a product of exactly zero, from the step the zeros began", async () => {
    const {X} = await loadData("mnist:300");
    // lr 1e6 from the default init: the first projected step clips every factor to 0.
    const result = fit(X, {model: "gd", ranks: [5], lr: 1e6, iterations: 50});
    expect([result.stopReason, result.divergence, result.divergedAt]).toEqual(["diverged", "collapse", 1]);
    expect(result.iterations).toBe(50);
    for (const factor of result.factors.slice(0, 1)) expect(factor.data.every((v) => v === 0)).toBe(true);
  });

  it("stops a run whose product stays zero for 500 steps", async () => {
    const {X} = await loadData("mnist:300");
    const result = fit(X, {model: "adam", ranks: [5], lr: 0.5, iterations: 5000, recordEvery: 7});
    expect([result.stopReason, result.divergence]).toEqual(["diverged", "collapse"]);
    // Recorded every 7 steps: the zeros are first seen at step 7, the run stops 500 steps later.
    expect(result.divergedAt).toBe(7);
    expect(result.iterations).toBe(511);
  });

  it("stops a run whose loss grows a million-fold without becoming infinite", async () => {
    const {X} = await loadData("mnist:300");
    const result = fit(X, {model: "gd", ranks: [5], lr: 1e6, initScale: 1e-3, iterations: 50});
    expect([result.stopReason, result.divergence, result.divergedAt]).toEqual(["diverged", "growth", 1]);
    expect(result.trajectory.step.length).toBe(1);
  });

  it("never fires on healthy runs of every model, nor on runs that come back from a zero product", async () => {
    const {X} = await loadData("mnist:300");
    for (const options of [
      {model: "mu", ranks: [20], iterations: 200},
      {model: "hals", ranks: [20], iterations: 100},
      {model: "adam", ranks: [20], iterations: 300},
      {model: "gd", ranks: [10], iterations: 300, lr: 1e-3, initScale: 1e-2},
      {model: "deep", ranks: [20, 10], iterations: 1000},
      {model: "deep", ranks: [20, 10], iterations: 500, initScale: 1e-3, lr: 2e-2},
      {model: "deep", ranks: [20, 10], iterations: 300, loss: "layerwise"},
      // The product is exactly zero at steps 5-35 and 62, and then the fits recover.
      {model: "adam", ranks: [20], iterations: 200, lr: 0.3, initScale: 0.1},
      {model: "gd", ranks: [20], iterations: 1000, lr: 0.01, initScale: 0.1}
    ] as FitOptions[]) {
      const result = fit(X, options);
      expect(result.stopReason, JSON.stringify(options)).toBe("iterations");
      const error = result.trajectory.relativeError;
      expect(error.at(-1), JSON.stringify(options)).toBeLessThan(Math.min(error[0], 1.1));
    }
  });
});

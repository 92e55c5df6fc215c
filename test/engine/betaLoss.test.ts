import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {
  betaLosses,
  denseLoss,
  entryDerivative,
  entryDivergence,
  fit,
  matrix,
  type BetaLoss,
  type FitOptions,
  type Matrix
} from "../../engine/index.js";

/**
 * scikit-learn's MU for each beta_loss from its NNDSVDa start, written by bench/sklearnBeta.py: the
 * divergence `_beta_divergence` at the start and after 1, 10, 50 and 200 iterations.
 */
interface Case {
  X: number[][];
  W0: number[][];
  H0: number[][];
  results: Partial<Record<BetaLoss, {initial: number; divergence: Record<string, number>}>>;
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/sklearn-beta/mu.json", import.meta.url), "utf8")) as {
  sklearn: string;
  positive: Case;
  zeros: Case;
};
const toMatrix = (rows: number[][]): Matrix => matrix(rows.length, rows[0].length, rows.flat());
// scikit-learn's frobenius divergence is half the squared norm; the engine's error is the squared norm.
const sklearnScale = (loss: BetaLoss) => (loss === "frobenius" ? 2 : 1);
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("beta-divergences", () => {
  it("differentiates each entry's divergence (central differences)", () => {
    for (const beta of [0, 1, 2] as const)
      for (const [x, m] of [
        [0.7, 0.3],
        [2, 5],
        [0, 0.4],
        [1e-9, 0.2]
      ]) {
        const h = 1e-6 * m;
        const numeric = (entryDivergence(beta, x, m + h) - entryDivergence(beta, x, m - h)) / (2 * h);
        expect(entryDerivative(beta, x, m)).toBeCloseTo(numeric, 5);
      }
  });

  for (const name of ["positive", "zeros"] as const)
    for (const [loss, expected] of Object.entries(fixture[name].results) as [
      BetaLoss,
      Case["results"]["frobenius"]
    ][]) {
      const c = fixture[name];
      const X = toMatrix(c.X);
      const steps = [1, 10, 50, 200];

      it(`${loss} on ${name} data: the divergence of scikit-learn's NNDSVDa start`, () => {
        const dense = denseLoss(X.rows, X.cols, Float64Array.from(X.data), undefined, loss);
        const M = new Float64Array(X.rows * X.cols);
        for (let i = 0; i < X.rows; ++i)
          for (let j = 0; j < X.cols; ++j)
            for (let k = 0; k < c.W0[0].length; ++k) M[i * X.cols + j] += c.W0[i][k] * c.H0[k][j];
        expect(relative(dense.divergence(M) / sklearnScale(loss), expected!.initial)).toBeLessThan(1e-9);
      });

      it(`${loss} on ${name} data: MU from the same NNDSVDa start as scikit-learn's MU`, () => {
        const run = (start: Partial<FitOptions>) =>
          fit(X, {model: "mu", ranks: [4], iterations: 200, betaLoss: loss, topK: 1, ...start});
        const fromFixture = run({initialFactors: [toMatrix(c.W0), toMatrix(c.H0)]});
        const fromEngine = run({init: "nndsvda"});
        for (const s of steps) {
          const want = expected!.divergence[String(s)];
          const got = fromFixture.trajectory.error[s] / sklearnScale(loss);
          // KL and IS follow scikit-learn's updates step for step (the factors start rounded to float32);
          // the Frobenius MU updates H before W, scikit-learn W before H.
          if (loss !== "frobenius") expect(relative(got, want)).toBeLessThan(1e-6);
        }
        const final = expected!.divergence["200"];
        expect(relative(fromFixture.trajectory.error[200] / sklearnScale(loss), final)).toBeLessThan(0.01);
        expect(relative(fromEngine.trajectory.error[200] / sklearnScale(loss), final)).toBeLessThan(0.01);
        expect(fromEngine.errorMeasure?.betaLoss ?? "frobenius").toBe(loss);
      });
    }

  it("gradient models minimize the KL divergence down to MU's minimum", () => {
    const X = toMatrix(fixture.positive.X);
    const common = {
      iterations: 2000,
      betaLoss: "kullback-leibler",
      init: "nndsvda",
      topK: 1,
      recordEvery: 100
    } as const;
    const mu = fit(X, {...common, model: "mu", ranks: [4]}).trajectory.error.at(-1)!;
    const cases: [FitOptions, number][] = [
      [{...common, model: "adam", ranks: [4]}, 1.02],
      [{...common, model: "gd", ranks: [4], lr: 1e-3}, 1.15],
      [{...common, model: "deep", ranks: [6, 4]}, 1.02]
    ];
    for (const [options, factor] of cases) {
      const result = fit(X, options);
      expect(result.stopReason).toBe("iterations");
      expect(result.trajectory.error.at(-1)!).toBeLessThan(factor * mu);
      expect(result.trajectory.error.at(-1)!).toBeLessThan(result.trajectory.error[0] / 2);
    }
    // The layer-wise loss: its first layer's term is the KL divergence, and its objective falls.
    const layerwise = fit(X, {...common, model: "deep", ranks: [6, 4], loss: "layerwise"});
    expect(layerwise.trajectory.objective.at(-1)!).toBeLessThan(layerwise.trajectory.objective[0] / 2);
  });

  it("records the divergence relative to that of the best constant reconstruction", () => {
    const X = toMatrix(fixture.positive.X);
    const result = fit(X, {model: "mu", ranks: [4], iterations: 5, betaLoss: "kullback-leibler"});
    const mean = X.data.reduce((a, b) => a + b, 0) / X.data.length;
    let reference = 0;
    for (const x of X.data) reference += entryDivergence(1, x, mean);
    expect(result.errorMeasure).toMatchObject({betaLoss: "kullback-leibler", weighted: "none", missingEntries: 0});
    expect(relative(result.errorMeasure!.reference, reference)).toBeLessThan(1e-12);
    expect(result.trajectory.relativeError[5]).toBeCloseTo(result.trajectory.error[5] / reference, 12);
  });

  it("refuses what it cannot do, naming the parameter", () => {
    const zeros = toMatrix(fixture.zeros.X);
    expect(() => fit(zeros, {model: "mu", ranks: [2], iterations: 2, betaLoss: "itakura-saito"})).toThrow(
      /^invalid betaLoss: "itakura-saito" \(the data has an observed zero at row \d+, column \d+/
    );
    expect(() => fit(zeros, {model: "hals", ranks: [2], iterations: 2, betaLoss: "kullback-leibler"})).toThrow(
      'invalid betaLoss: "kullback-leibler" (hals minimizes the Frobenius loss; use mu or a gradient model)'
    );
    expect(() => fit(zeros, {model: "mu", ranks: [2], iterations: 2, betaLoss: "kl" as BetaLoss})).toThrow(
      `invalid betaLoss: "kl" (expected one of ${betaLosses.join(", ")})`
    );
  });
});

import type {Table} from "apache-arrow";
import {beforeAll, describe, expect, it} from "vitest";
import {loadData} from "../../datasets/index.js";
import {fit} from "../../engine/fit.js";
import {matrix} from "../../engine/matrix.js";
import {effectiveRank} from "../../engine/metrics/index.js";
import {singularValuesOf} from "../../engine/linalg/index.js";
import type {Plateau, Trajectory} from "../../engine/types.js";
import {judge, type Claim} from "../../experiments/claims/claim.js";
import {mnistReplicate, replicates} from "../../experiments/claims/replicates.js";
import {denoisingClaims, type DenoisingInput, type StopMeasure} from "../../experiments/claims/theory/denoising.js";
import {depthClaims, shareOfSteps, type DepthInput} from "../../experiments/claims/theory/depth.js";
import {initScaleClaims, intermediatePlateaus, type InitScaleInput} from "../../experiments/claims/theory/initScale.js";
import {modeTimingClaims, type ModeMeasure, type ModeTimingInput} from "../../experiments/claims/theory/modeTiming.js";
import {optimizerClaims, type TimeMeasure} from "../../experiments/claims/theory/optimizers.js";
import {plateauHeightsClaims, type PlateauMeasure} from "../../experiments/claims/theory/plateauHeights.js";
import {
  balancedAccuracy,
  spectralGapClaims,
  visibilityCounts,
  type SeparationMeasure
} from "../../experiments/claims/theory/spectralGaps.js";
import {EXPERIMENT_METADATA_KEY, runExperiment, type ExperimentResult} from "../../experiments/index.js";
import {
  coefficientOfVariation,
  firstCrossing,
  linearFit,
  logLogSlope,
  median,
  modeTimes,
  spearman,
  spreadRatio
} from "../../experiments/measures.js";
import {summaryRows} from "../../experiments/theory/depthScaling.js";
import {theoryExperiments} from "../../experiments/theory/index.js";
import {scalingRows} from "../../experiments/theory/initScale.js";
import {modeTimingExperiment, modeTimingRun} from "../../experiments/theory/modeTiming.js";
import {
  initialModes,
  LN81,
  saxeHalfTimeSteps,
  saxeRiseWidthSteps,
  separationIndex,
  visibleGapThreshold
} from "../../experiments/theory/predictions.js";
import {nominalS1, nominalTopSingularValue, theoryScales} from "../../experiments/theory/scales.js";
import {gdLearningRate, stabilityProduct} from "../../experiments/theory/stepSize.js";
import {applyTransform} from "../../experiments/transforms.js";
import {tempDir} from "../datasets/tempDir.js";
import {describeRealData, realDataDir} from "../helpers/realData.js";
import {tableSchemas} from "./schemas.js";
import {theoryTableSchemas} from "./theorySchemas.js";

/** The verdict words of some claims on one input (judged as MNIST's, at the default profile). */
function words<I>(claims: readonly Claim<I>[], input: I): string[] {
  return claims.map((claim) => judge(claim, claim.measure(input), mnistReplicate, "default").verdict);
}

const converged = [{run: "a", converged: true}];
const unconverged = [{run: "a", converged: false}];

/**
 * A trajectory whose i-th singular value follows a logistic curve s_i / (1 + e^(-rate_i (t - half_i))),
 * and whose alignment with X's i-th pair follows the same curve over s_i, `lag` steps later (a
 * spectrum that grows before M points along X's pairs).
 */
function logisticTrajectory(s: number[], halfTimes: number[], rate: number[], steps: number, lag = 0): Trajectory {
  const n = steps + 1;
  const k = s.length;
  const values = new Float64Array(n * k);
  const alignment = new Float64Array(n * k);
  for (let t = 0; t < n; ++t)
    for (let i = 0; i < k; ++i) {
      values[t * k + i] = s[i] / (1 + Math.exp(-rate[i] * (t - halfTimes[i])));
      alignment[t * k + i] = 1 / (1 + Math.exp(-rate[i] * (t - halfTimes[i] - lag)));
    }
  const zeros = () => new Float64Array(n);
  return {
    step: Int32Array.from({length: n}, (_, t) => t),
    timeMs: zeros(),
    relativeError: zeros(),
    error: zeros(),
    objective: zeros(),
    effectiveRank: zeros(),
    nuclearRatio: zeros(),
    stableRank: zeros(),
    modesLearned: new Int32Array(n),
    cosineSeparation: zeros(),
    topK: k,
    singularValues: values,
    modeAlignment: alignment
  };
}

describe("measures", () => {
  it("finds crossings, half-times and rise widths of logistic modes", () => {
    expect(firstCrossing([0, 10, 20], (i) => [0, 1, 3][i], 2)).toBe(15);
    expect(firstCrossing([0, 10], (i) => [0, 1][i], 2)).toBeNaN();
    // rate r: 10 % -> 90 % of the final value takes ln(81) / r steps.
    const t = logisticTrajectory([10, 4], [100, 300], [0.1, 0.05], 1000);
    const [a, b] = modeTimes(t, [10, 4], 2);
    expect(a.halfTime).toBeCloseTo(100, 1);
    expect(b.halfTime).toBeCloseTo(300, 1);
    expect(a.width).toBeCloseTo(LN81 / 0.1, 0);
    expect(b.width).toBeCloseTo(LN81 / 0.05, 0);
    // Half-times read the alignment; the sorted spectrum's are beside them.
    const [late] = modeTimes(logisticTrajectory([10], [100], [0.1], 1000, 50), [10], 1);
    expect([late.halfTime, late.spectrumHalfTime]).toEqual([expect.closeTo(150, 1), expect.closeTo(100, 1)]);
  });

  it("fits lines and power laws, ranks and spreads", () => {
    const fitted = linearFit([1, 2, 3, 4], [3, 5, 7, 9]);
    expect([fitted.slope, fitted.intercept, fitted.r2]).toEqual([2, 1, 1]);
    expect(logLogSlope([1, 10, 100], [2, 200, 20000])).toBeCloseTo(2, 12);
    expect(spearman([1, 2, 3, 4], [10, 9, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(median([3, 1, NaN, 2])).toBe(2);
    expect(spreadRatio([2, 4, 8])).toBe(4);
    expect(coefficientOfVariation([1, 2, 3])).toBeCloseTo(0.5, 12);
  });
});

describe("the derivations, on problems where they are exact", () => {
  it("GD on the study's loss is stable below eta * lambda_max = 2 and unstable above (depths 2 and 3)", () => {
    const s = 7;
    const X = matrix(1, 1, Float32Array.of(s));
    for (const depth of [2, 3]) {
      const w = Math.pow(s, 1 / depth);
      const start = Array.from({length: depth}, (_, i) =>
        matrix(1, 1, Float32Array.of(w * (i === 0 ? 1.02 : i === depth - 1 ? 0.99 : 1)))
      );
      const run = (c: number) => {
        const lr = gdLearningRate(s, depth, c);
        expect(stabilityProduct(lr, s, depth)).toBeCloseTo(c, 12);
        const result = fit(X, {
          ...(depth === 2
            ? {model: "gd" as const, ranks: [1]}
            : {model: "deep" as const, optimizer: "gd" as const, ranks: Array(depth - 1).fill(1)}),
          lr,
          iterations: 200,
          initialFactors: start
        });
        return {first: result.trajectory.error[0], last: result.trajectory.error.at(-1)!, stop: result.stopReason};
      };
      const stable = run(1.8);
      expect(stable.last).toBeLessThan(1e-6 * stable.first);
      const unstable = run(2.2);
      expect(unstable.stop === "diverged" || unstable.last > unstable.first).toBe(true);
    }
  });

  it("a balanced aligned mode rises on Saxe's logistic curve: half-time ln(s/a0 - 1)/(4 lr s), width ln 81/(4 lr s)", () => {
    // X = s u v^T with u = v = 1/sqrt(n) (a constant matrix), and the `eye` init, which for one
    // column tiles alpha over every entry: W0 = alpha sqrt(n) u, H0 = alpha sqrt(n) v^T, a balanced
    // aligned start with a0 = n alpha^2.
    const [n, s, alpha] = [16, 5, 1e-3];
    const X = matrix(n, n, new Float32Array(n * n).fill(s / n));
    const spec = {
      id: "aligned",
      data: {spec: "synthetic", dataSeed: 0},
      fit: {
        model: "gd" as const,
        ranks: [1],
        init: "eye" as const,
        initScale: alpha,
        iterations: 3000,
        lr: 0.01 / (4 * s)
      }
    };
    const {a0} = initialModes(X, spec, 1);
    expect(a0[0] / (n * alpha * alpha)).toBeCloseTo(1, 5);
    const result = fit(X, spec.fit);
    const [mode] = modeTimes(result.trajectory, [s], 1);
    const lr = spec.fit.lr;
    expect(mode.halfTime / saxeHalfTimeSteps(s, a0[0], lr)).toBeCloseTo(1, 2);
    expect(mode.width / saxeRiseWidthSteps(s, lr)).toBeCloseTo(1, 2);
  });

  it("writes the separation index and its threshold consistently", () => {
    const L = 20;
    expect(separationIndex(visibleGapThreshold(L), L)).toBeCloseTo(1, 12);
    expect(separationIndex(1, L)).toBe(0);
    expect(separationIndex(0.3, L)).toBeGreaterThan(separationIndex(0.9, L));
  });
});

describe("Poisson shot noise", () => {
  it("is unbiased, has variance x / peak, keeps zeros, and is seeded", () => {
    const n = 20000;
    const X = matrix(2, n / 2);
    for (let k = 0; k < n; ++k) X.data[k] = k % 2 === 0 ? 0.5 : 0;
    const dataset = {
      X,
      provenance: {source: "test", m: 2, n: n / 2, valueRange: [0, 0.5] as [number, number], density: 0.5, hash: "x"}
    };
    const peak = 4;
    const noisy = applyTransform(dataset, {kind: "poisson", peak, seed: 3});
    const lit = Array.from(noisy.X.data).filter((_, k) => k % 2 === 0);
    const mean = lit.reduce((a, b) => a + b, 0) / lit.length;
    const variance = lit.reduce((a, b) => a + (b - mean) ** 2, 0) / lit.length;
    expect(mean).toBeCloseTo(0.5, 1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(variance / (0.5 / peak)).toBeGreaterThan(0.9);
    expect(variance / (0.5 / peak)).toBeLessThan(1.1);
    expect(Array.from(noisy.X.data).every((v, k) => k % 2 === 0 || v === 0)).toBe(true);
    const again = applyTransform(dataset, {kind: "poisson", peak, seed: 3});
    expect(Buffer.from(again.X.data.buffer).equals(Buffer.from(noisy.X.data.buffer))).toBe(true);
    expect(noisy.provenance.hash).not.toBe(applyTransform(dataset, {kind: "poisson", peak, seed: 4}).provenance.hash);
    expect(noisy.provenance.source).toBe("test + Poisson noise (peak 4, seed 3)");
  });
});

describe("the theory claims on synthetic measurements", () => {
  it("mode timing: a line at the predicted times agrees, scattered times disagree, an unconverged run is not judged", () => {
    const s = [100, 50, 40, 30, 25];
    const good: ModeMeasure[] = s.map((v, i) => ({
      mode: i + 1,
      dataValue: v,
      halfTime: 1000 / v,
      spectrumHalfTime: 900 / v,
      predictedHalfTime: 1000 / v,
      width: 20 / v,
      predictedWidth: 21 / v
    }));
    expect(words(modeTimingClaims, {modes: good, runs: converged})).toEqual(["agrees", "agrees", "agrees"]);
    const partly = good.map((m) => ({...m, halfTime: m.predictedHalfTime * 1.6, width: m.predictedWidth * 1.6}));
    expect(words(modeTimingClaims, {modes: partly, runs: converged}).slice(1)).toEqual(["partly", "partly"]);
    const bad = good.map((m, i) => ({...m, halfTime: [900, 10, 700, 5, 600][i], width: m.predictedWidth * 5}));
    expect(words(modeTimingClaims, {modes: bad, runs: converged})).toEqual(["disagrees", "disagrees", "disagrees"]);
    expect(words(modeTimingClaims, {modes: good, runs: unconverged})).toEqual(["untested", "untested", "untested"]);
    const late: ModeTimingInput = {modes: good.map((m, i) => (i < 2 ? m : {...m, halfTime: NaN})), runs: converged};
    expect(modeTimingClaims[0].measure(late).missing).toMatch(/only 2 modes/);
  });

  it("init scale: predicted slopes, a collapse and a flat large init agree; any plateau of the large init disagrees", () => {
    const lr = 1e-3,
      s = [100, 50, 30];
    const scales = [1e-2, 1e-4, 1e-6];
    const rows = scales.flatMap((alpha) =>
      s.map((v, i) => ({
        run: `a${alpha}`,
        initScale: alpha,
        mode: i + 1,
        dataValue: v,
        halfTime: Math.log(1 / alpha) / (2 * lr * v),
        spectrumHalfTime: Math.log(1 / alpha) / (2 * lr * v)
      }))
    );
    const scaling = scalingRows(rows, lr);
    expect(scaling.map((r) => r.slope / r.predictedSlope)).toEqual(s.map(() => expect.closeTo(1, 9)));
    expect(scaling.map((r) => r.rescaledSpread)).toEqual(s.map(() => expect.closeTo(1, 9)));
    const rankOne: Plateau = {start: 50, end: 500, level: 1.01};
    const top: Plateau = {start: 1000, end: 3000, level: 7.4};
    const input = (large: Plateau[], table = scaling): InitScaleInput => ({
      scaling: table,
      spectrumScaling: scaling,
      smallRuns: scales.map((a) => ({run: `a${a}`, converged: true})),
      scaleRange: [1e-6, 1e-2],
      smallPlateaus: scales.map(() => [rankOne, top]),
      large: {status: {run: "large", converged: true}, plateaus: large, finalErank: 7.5}
    });
    expect(words(initScaleClaims, input([top]))).toEqual(["agrees", "agrees", "agrees"]);
    expect(intermediatePlateaus([rankOne, top], 7.5)).toEqual([rankOne]);
    // One intermediate plateau that is not at rank one still disagrees: no partial credit fitted to an outcome.
    expect(words(initScaleClaims, input([{start: 20, end: 60, level: 2.3}, top]))[2]).toBe("disagrees");
    const partly = scaling.map((r) => ({...r, slope: r.predictedSlope * 1.6, rescaledSpread: 1.6}));
    expect(words(initScaleClaims, input([top], partly)).slice(0, 2)).toEqual(["partly", "partly"]);
    // Half-times that do not depend on the scale: their rescaled spread is ln(1e6)/ln(1e2) = 3.
    const flat = scalingRows(
      rows.map((r) => ({...r, halfTime: 1 / (2 * lr * r.dataValue)})),
      lr
    );
    expect(flat[0].rescaledSpread).toBeCloseTo(3, 9);
    expect(words(initScaleClaims, input([rankOne, top], flat))).toEqual(["disagrees", "disagrees", "disagrees"]);
    expect(initScaleClaims[1].measure(input([top], flat)).others![1].value).toBeCloseTo(3, 9);
  });

  it("depth: sharper, more spread and α^-(N-2) jumps agree; the reverse disagrees; unreached jumps are untested", () => {
    const jumps = [2, 3, 4].flatMap((depth) =>
      [1, 2, 3].map((seed) => {
        const t2 = 100 * depth ** 3 * (1 + (depth - 1) * 0.05 * (seed - 2));
        return {run: `d${depth}-${seed}`, depth, seed, initScale: 0.1, t1: 1, t2, w2: t2 / depth ** 2, spectrumT2: t2};
      })
    );
    const scaling = [2, 3, 4].flatMap((depth) =>
      [0.1, 0.01].map((initScale) => {
        const t1 = depth === 2 ? 10 : initScale ** -(depth - 2);
        return {run: "", depth, initScale, t1, spectrumT1: t1};
      })
    );
    const summary = summaryRows(jumps, scaling, [2, 3, 4]);
    expect(summary.map((s) => s.slope)).toEqual([0, expect.closeTo(1, 9), expect.closeTo(2, 9)]);
    const input = (rows: DepthInput["summary"]): DepthInput => ({
      summary: rows,
      seedRuns: converged,
      scalingRuns: converged
    });
    expect(words(depthClaims, input(summary))).toEqual(["agrees", "agrees", "agrees"]);
    const reversed = summary.map((s, i) => ({
      ...summary[2 - i],
      depth: s.depth,
      predictedSlope: s.predictedSlope,
      slope: s.depth >= 3 ? 5 * s.predictedSlope : 0
    }));
    expect(words(depthClaims, input(reversed))).toEqual(["disagrees", "disagrees", "disagrees"]);
    expect(shareOfSteps([1, 3, 2], "increasing")).toBe(0.5);
    const oneStep = summary.map((s, i) => ({
      ...s,
      spread: [0.1, 0.3, 0.2][i],
      slope: s.depth >= 3 ? 1.6 * s.predictedSlope : 0
    }));
    expect(words(depthClaims, input(oneStep)).slice(1)).toEqual(["partly", "partly"]);
    const censored = summary.map((s) => (s.depth === 4 ? {...s, reached: 2, spread: NaN} : s));
    const row = judge(depthClaims[1], depthClaims[1].measure(input(censored)), mnistReplicate, "default");
    expect(row.verdict).toBe("untested");
    expect(row.sentence).toContain("1 of 3 seeds at depth 4");
  });

  it("optimizers: Adam timed by lr, fast MU/HALS and a β1-free t2 agree; GD-like Adam disagrees; t1 is only shown", () => {
    const row = (
      optimizer: string,
      lr: number,
      beta1: number,
      initScale: number,
      t1: number,
      t2: number,
      erank90 = 500
    ): TimeMeasure => ({
      run: `${optimizer}-${lr}-${beta1}-${initScale}`,
      optimizer,
      lr,
      beta1,
      initScale,
      t1,
      t2,
      erank90,
      converged: true
    });
    const gd = [row("gd", 1e-4, NaN, 1e-4, 170, 670), row("gd", 1e-4, NaN, 1e-6, 260, 940)];
    const exact = [row("mu", NaN, NaN, 1e-4, 0, 1, 3), row("hals", NaN, NaN, 1e-4, 0, 1, 2)];
    const adam = (t: (lr: number, alpha: number) => number, t1 = 10) =>
      [1e-3, 1e-2].flatMap((lr) => [1e-4, 1e-6].map((alpha) => row("adam", lr, 0.9, alpha, t1, t(lr, alpha))));
    const initScales: [number, number] = [1e-4, 1e-6];
    const good = [...gd, ...exact, ...adam((lr) => 1 / lr), row("adam", 1e-2, 0, 1e-4, 10, 110)];
    expect(words(optimizerClaims, {rows: good, initScales})).toEqual(["agrees", "agrees", "agrees", "agrees"]);
    // t2 moving 5x with beta1 disagrees even when t1 does not move at all.
    const beta = [...gd, ...exact, ...adam((lr) => 1 / lr), row("adam", 1e-2, 0, 1e-4, 10, 500)];
    expect(words(optimizerClaims, {rows: beta, initScales})[3]).toBe("disagrees");
    expect(optimizerClaims[3].measure({rows: beta, initScales}).others![0].value).toBe(1);
    const gdLike = adam((lr, alpha) => (670 * Math.log(1 / alpha)) / 9.2);
    const bad = [...gd, row("mu", NaN, NaN, 1e-4, 0, 1, 300), exact[1], ...gdLike, row("adam", 1e-2, 0, 1e-4, 50, 50)];
    expect(words(optimizerClaims, {rows: bad, initScales})).toEqual([
      "disagrees",
      "disagrees",
      "disagrees",
      "disagrees"
    ]);
    // Only the runs a claim reads count: an unconverged MU run leaves the Adam claims judged.
    const slowMu = good.map((r) => (r.optimizer === "mu" ? {...r, converged: false} : r));
    expect(words(optimizerClaims, {rows: slowMu, initScales})).toEqual(["agrees", "agrees", "untested", "agrees"]);
  });

  it("plateau heights: levels at erank(X_k) with losses at the bound agree; far ones disagree; rank one is never judged", () => {
    const p = (level: number, erankTruncated: number, relativeError: number, modes = 3): PlateauMeasure => ({
      level,
      modes,
      erankTruncated,
      erankNmf: erankTruncated * 0.95,
      relativeError,
      eckartYoung: 0.4,
      nmfError: 0.42
    });
    expect(words(plateauHeightsClaims, {plateaus: [p(2.5, 2.55, 0.41), p(4, 4.1, 0.405)], runs: converged})).toEqual([
      "agrees",
      "agrees"
    ]);
    expect(words(plateauHeightsClaims, {plateaus: [p(1.2, 2.55, 0.6), p(2, 4.1, 0.7)], runs: converged})).toEqual([
      "disagrees",
      "disagrees"
    ]);
    const rankOne = {...p(1, 1, 0.4, 1)};
    expect(
      plateauHeightsClaims[0].measure({plateaus: [rankOne, p(2.5, 2.55, 0.41)], runs: converged}).value
    ).toBeCloseTo(0.05 / 2.55, 12);
    expect(words(plateauHeightsClaims, {plateaus: [rankOne], runs: converged})).toEqual(["untested", "untested"]);
  });

  it("denoising: judged at the plateau rule's stop, never at an oracle's", () => {
    const stop = (kind: string, modes: number, clean: number, held: number, step = 100): StopMeasure => ({
      kind,
      step,
      modes,
      cleanDistance: clean,
      projectedDistance: clean,
      heldOutError: held
    });
    const truncation = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => ({k, cleanDistance: 0.5 + 0.01 * (k - 5) ** 2}));
    const input = (stops: StopMeasure[]): DenoisingInput => ({
      stops,
      truncation,
      runs: converged,
      rule: "patience 1000"
    });
    const final = stop("final", 20, 0.7, 0.35, 3000);
    const good = [stop("plateau-1", 1, 0.9, 0.6), stop("rule", 5, 0.5, 0.3), final];
    expect(words(denoisingClaims, input(good))).toEqual(["agrees", "agrees", "agrees"]);
    // An oracle (the plateau stop closest to the clean images) as good as can be does not rescue a bad rule stop.
    const bad = [stop("plateau-2", 5, 0.4, 0.2), stop("rule", 1, 0.9, 0.6), final];
    expect(words(denoisingClaims, input(bad))).toEqual(["disagrees", "disagrees", "disagrees"]);
    const others = denoisingClaims[0].measure(input(bad)).others!;
    expect(others.find((o) => o.label.startsWith("oracle: the plateau stop"))!.value).toBeCloseTo(0.4 / 0.7, 12);
    const never = judge(denoisingClaims[0], denoisingClaims[0].measure(input([final])), mnistReplicate, "default");
    expect([never.verdict, never.sentence]).toEqual([
      "untested",
      'Untested: the rule "patience 1000" never fired within the budget.'
    ]);
  });

  it("spectral gaps: the visibility rule is a balanced accuracy, which a constant prediction cannot pass", () => {
    const rhos = [0.3, 0.6, 0.85, 0.95, 0.7, 0.9, 0.8, 0.97, 0.92];
    const rows = (q: (rho: number) => number, threshold = 0.5): SeparationMeasure[] =>
      rhos.map((rho, i) => ({index: i + 1, rho, q: q(rho), threshold}));
    const input = (separations: SeparationMeasure[]) => ({data: "A", separations, runs: converged});
    const good = rows((rho) => separationIndex(rho, 20), visibleGapThreshold(20));
    expect(balancedAccuracy(visibilityCounts(good))).toBe(1);
    expect(words(spectralGapClaims, input(good))).toEqual(["agrees", "agrees"]);
    // "Never visible" where one pair of nine is visible: 8 of 9 pairs right, yet a balanced accuracy of 0.5.
    const never = rows((rho) => separationIndex(rho, 8), 0);
    const share = spectralGapClaims[1].measure(input(never)).others!.find((o) => o.label.startsWith("share"))!.value;
    expect(share).toBeCloseTo(8 / 9, 12);
    expect(balancedAccuracy(visibilityCounts(never))).toBe(0.5);
    expect(words(spectralGapClaims, input(never))[1]).toBe("disagrees");
    expect(words(spectralGapClaims, input(rows((rho) => 3 * rho)))).toEqual(["disagrees", "disagrees"]);
    expect(spectralGapClaims[1].measure(input(rows(() => 0.5))).missing).toMatch(/no pair is a visible plateau/);
  });
});

describe("the replications of the theory experiments", () => {
  it("run the same configuration on each replicate's images, the GD step from that data's own s_1", () => {
    const runs = modeTimingExperiment.plan("quick").runs;
    const c = theoryScales.quick.modeTiming;
    expect(runs.map((r) => [r.id, r.data.spec, r.data.dataSeed])).toEqual([
      [modeTimingRun("quick").id, "mnist:500", 112],
      [`mnist-data-113/${modeTimingRun("quick").id}`, "mnist:500", 113],
      [`fashion/${modeTimingRun("quick").id}`, "fashion:500", 112]
    ]);
    for (const run of runs) {
      expect(run.fit.lr).toBe(gdLearningRate(nominalS1(run.data), 2, c.stepFactor));
      expect({...run.fit, lr: 0}).toEqual({...runs[0].fit, lr: 0});
    }
    expect(() => nominalS1({spec: "mnist:500", dataSeed: 7})).toThrow(/no nominal s_1 for data mnist:500#7/);
  });

  it("list only known replications, at every profile", () => {
    const known = new Set(replicates.map((r) => r.id));
    for (const profile of ["quick", "default", "full"] as const)
      for (const [name, scales] of Object.entries(theoryScales[profile]))
        if (typeof scales === "object" && "replications" in scales)
          for (const id of scales.replications) expect(known.has(id), `${profile} ${name}: ${id}`).toBe(true);
  });
});

/** Every theory experiment at the quick profile, once, from a fresh run cache. */
let theoryCache: string;
const results = new Map<string, ExperimentResult>();
const flowersDir = realDataDir("Flowers102");
const flowersPresent = flowersDir !== undefined;
const names = theoryExperiments.map((e) => e.name);
const rows = (t: Table) => t.toArray().map((row) => row.toJSON() as Record<string, any>);
const table = (experiment: string, name: string) => rows(results.get(experiment)!.tables[name]);
const meta = (t: Table) => JSON.parse(t.schema.metadata.get(EXPERIMENT_METADATA_KEY)!);
/** The measured values of an experiment's verdicts on one replicate, in claim order. */
const measured = (experiment: string, replicate = mnistReplicate.id) =>
  table(experiment, "verdicts")
    .filter((v) => v.replicate === replicate)
    .map((v) => v.measured as number);
/** The rows of a table on one replicate. */
const on = (experiment: string, name: string, replicate = mnistReplicate.id) =>
  table(experiment, name).filter((r) => r.replicate === replicate);
/** Equal numbers, NaN equal to NaN. */
const same = (a: readonly number[], b: readonly number[]) =>
  expect(a.map((v) => (Number.isNaN(v) ? "NaN" : v))).toEqual(b.map((v) => (Number.isNaN(v) ? "NaN" : v)));
/** Each theory experiment's entry in theoryScales. */
const scalesOf = {
  "mode-timing": "modeTiming",
  "init-scale": "initScale",
  "depth-scaling": "depth",
  optimizers: "optimizers",
  "plateau-heights": "plateauHeights",
  denoising: "denoising",
  "spectral-gaps": "spectralGaps"
} as const satisfies Record<string, keyof typeof theoryScales.quick>;
/** The measured values of some claims on an input rebuilt from the published tables. */
const remeasured = <I>(claims: readonly Claim<I>[], input: I) => claims.map((c) => c.measure(input).value);

describe("the theory experiments at the quick profile", () => {
  beforeAll(async () => {
    const cacheDir = (theoryCache = await tempDir("nmf-theory-"));
    const saved = process.env.NMF_FLOWERS102_DIR;
    if (flowersDir && !saved) process.env.NMF_FLOWERS102_DIR = flowersDir;
    try {
      for (const name of names)
        results.set(name, await runExperiment(name, {profile: "quick", cacheDir, progress: () => {}}));
    } finally {
      if (saved === undefined) delete process.env.NMF_FLOWERS102_DIR;
    }
  }, 600_000);

  it("writes every table it declares, in the documented schemas, with the experiment's metadata", () => {
    const schemas = {...tableSchemas, ...theoryTableSchemas};
    for (const experiment of theoryExperiments) {
      const result = results.get(experiment.name)!;
      expect(Object.keys(result.tables)).toEqual([...experiment.tables]);
      // The trajectories' lists hold the largest topK of the runs (denoising records all `rank` pairs).
      const topK = Math.max(1, ...experiment.plan("quick").runs.map((run) => run.fit.topK ?? 10));
      for (const [name, t] of Object.entries(result.tables)) {
        const where = `${experiment.name}-${name}`;
        expect(schemas[name], `${where}: undocumented table`).toBeDefined();
        const expected =
          name === "trajectories"
            ? schemas[name].map(([column, type]) => [column, type.replace("[10]", `[${topK}]`)])
            : schemas[name];
        expect(
          t.schema.fields.map((f) => [f.name, String(f.type)]),
          where
        ).toEqual(expected);
        // Only the replications' runs may be absent (the quick profile replicates few experiments).
        if (name !== "replications") expect(t.numRows, `${where} is empty`).toBeGreaterThan(0);
        const m = meta(t);
        expect([m.experiment, m.table, m.profile]).toEqual([experiment.name, name, "quick"]);
      }
    }
  });

  it("writes a verdict for every claim on every replicate, judged only on converged runs", () => {
    for (const experiment of theoryExperiments) {
      const verdicts = table(experiment.name, "verdicts");
      const ran = theoryScales.quick[scalesOf[experiment.name as keyof typeof scalesOf]].replications;
      const claims = new Set(verdicts.map((v) => v.claim));
      expect(verdicts.length).toBe(claims.size * replicates.length);
      for (const v of verdicts) {
        expect(["agrees", "partly", "disagrees", "untested"]).toContain(v.verdict);
        expect(["abs", "recall", "derived"]).toContain(v.tag);
        const isRun = v.replicate === mnistReplicate.id || ran.includes(v.replicate);
        if (!isRun) expect(v.sentence).toMatch(/not run on .* at the quick profile/);
        if (v.verdict !== "untested") expect(v.runsConverged).toBe(v.runsUsed);
        if (v.runsConverged < v.runsUsed) expect(v.verdict).toBe("untested");
      }
    }
  });

  it("runs every GD step below the stability limit, from a nominal s_1 within 1 % of the data's", () => {
    for (const name of names) {
      const reference = table(name, "reference");
      for (const run of table(name, "runs").filter(
        (r) => r.model === "gd" || (r.model === "deep" && r.optimizer === "gd")
      )) {
        const s1 = reference.find((r) => r.data === run.data && r.index === 1)!.singularValue;
        expect(stabilityProduct(run.lr, s1, run.depth + 1), `${name} ${run.run}`).toBeLessThan(2);
      }
    }
    const mnist = table("mode-timing", "reference").find((r) => r.index === 1)!.singularValue;
    expect(mnist / nominalTopSingularValue[theoryScales.quick.mnist]).toBeCloseTo(1, 2);
  });

  /** The data matrix of a key of nominalTopSingularValue (`spec`, `spec@size`, `spec#seed`), loaded as the experiments do. */
  const nominalCheck = async (key: string, nominal: number) => {
    const [, spec, size, seed] = /^([^@#]+)(?:@(\d+))?(?:#(\d+))?$/.exec(key)!;
    const saved = process.env.NMF_FLOWERS102_DIR;
    if (flowersDir && !saved) process.env.NMF_FLOWERS102_DIR = flowersDir;
    try {
      const {X} = await loadData(spec, {
        dataSeed: seed ? Number(seed) : 112,
        ...(size ? {size: Number(size)} : {}),
        onWarning: () => {}
      });
      expect(singularValuesOf(X)[0] / nominal, key).toBeCloseTo(1, 2);
    } finally {
      if (saved === undefined) delete process.env.NMF_FLOWERS102_DIR;
    }
  };
  const nominalKeys = (...prefixes: string[]) =>
    Object.entries(nominalTopSingularValue).filter(([key]) => prefixes.some((prefix) => key.startsWith(prefix)));

  it("has a nominal s_1 within 0.5 % of each MNIST and (embedded) Fashion-MNIST matrix's own", async () => {
    const keys = nominalKeys("mnist:", "fashion:");
    expect(keys.length).toBe(Object.keys(nominalTopSingularValue).length - nominalKeys("flowers102").length);
    for (const [key, nominal] of keys) await nominalCheck(key, nominal);
  });

  describeRealData("Flowers102", "nominal s_1 of the theory experiments", () => {
    it("is within 0.5 % of each Flowers102 matrix's own", async () => {
      for (const [key, nominal] of nominalKeys("flowers102")) await nominalCheck(key, nominal);
    });
  });

  it("mode timing: the modes table is the run's own half-times and Saxe's predictions; the verdicts are computed from it", async () => {
    const modes = on("mode-timing", "modes") as unknown as (ModeMeasure & {a0: number; t10: number; t90: number})[];
    const run = table("mode-timing", "runs")[0];
    const reference = table("mode-timing", "reference");
    for (const m of modes) {
      expect(m.dataValue).toBe(reference[m.mode - 1].singularValue);
      expect(m.predictedHalfTime).toBe(saxeHalfTimeSteps(m.dataValue, m.a0, run.lr));
      expect(m.predictedWidth).toBe(saxeRiseWidthSteps(m.dataValue, run.lr));
    }
    // The same run, fitted here: the same half-times and rise times.
    const spec = modeTimingRun("quick");
    const {X} = await loadData(spec.data.spec, {dataSeed: spec.data.dataSeed});
    const fresh = modeTimes(fit(X, spec.fit).trajectory, singularValuesOf(X), modes.length);
    same(
      fresh.flatMap((m) => [m.halfTime, m.t10, m.t90]),
      modes.flatMap((m) => [m.halfTime, m.t10, m.t90])
    );
    for (const replicate of replicates)
      same(
        measured("mode-timing", replicate.id),
        remeasured(modeTimingClaims, {modes: on("mode-timing", "modes", replicate.id) as any, runs: converged})
      );
  });

  it("init scale, depth, optimizers, plateau heights, denoising and gaps: each measured value is recomputed from the published tables", () => {
    // init-scale: slopes from the half-times table, the large init's plateaus from the plateaus table.
    const c = theoryScales.quick.initScale;
    const runs = table("init-scale", "runs");
    const halfTimes = on("init-scale", "halfTimes") as any[];
    const slopes = scalingRows(halfTimes, runs[0].lr);
    const spectrumSlopes = scalingRows(
      halfTimes.map((h) => ({...h, halfTime: h.spectrumHalfTime})),
      runs[0].lr
    );
    same(
      slopes.flatMap((r) => [r.slope, r.predictedSlope, r.rawSpread, r.rescaledSpread]),
      on("init-scale", "slopes").flatMap((r) => [r.slope, r.predictedSlope, r.rawSpread, r.rescaledSpread])
    );
    const plateaus = table("init-scale", "plateaus") as any[];
    const large = runs.find((r) => r.initScale === c.largeScale)!;
    const of = (id: string) => plateaus.filter((p) => p.run === id) as Plateau[];
    const small = runs.filter((r) => r.initScale !== c.largeScale);
    same(
      measured("init-scale"),
      remeasured(initScaleClaims, {
        scaling: slopes,
        spectrumScaling: spectrumSlopes,
        smallRuns: converged,
        scaleRange: [Math.min(...c.initScales), Math.max(...c.initScales)],
        smallPlateaus: small.map((r) => of(r.run)),
        large: {status: converged[0], plateaus: of(large.run), finalErank: large.effectiveRank}
      })
    );

    // depth-scaling: the summary from the jump and scaling tables, the verdicts from the summary.
    const summary = summaryRows(
      on("depth-scaling", "jumpTimes") as any,
      on("depth-scaling", "scaling") as any,
      [2, 3, 4]
    );
    same(
      summary.flatMap((s) => [s.spread, s.relativeWidth, s.slope]),
      on("depth-scaling", "summary").flatMap((s) => [s.spread, s.relativeWidth, s.slope])
    );
    same(measured("depth-scaling"), remeasured(depthClaims, {summary, seedRuns: converged, scalingRuns: converged}));

    const times = on("optimizers", "times").map((r) => ({...r, converged: true})) as TimeMeasure[];
    same(
      measured("optimizers"),
      remeasured(optimizerClaims, {rows: times, initScales: theoryScales.quick.optimizers.initScales})
    );

    // plateau-heights: every level row's references come from the data's own spectrum.
    const levels = on("plateau-heights", "levels") as any[];
    const reference = table("plateau-heights", "reference");
    for (const level of levels) {
      const data = table("plateau-heights", "runs").find((r) => r.run === level.run)!.data;
      const s = reference.filter((r) => r.data === data).map((r) => r.singularValue);
      expect(level.erankTruncated).toBeCloseTo(effectiveRank(s.slice(0, level.modes)), 12);
      expect(level.eckartYoung).toBe(reference.find((r) => r.data === data && r.index === level.modes)!.eckartYoung);
    }
    same(measured("plateau-heights"), remeasured(plateauHeightsClaims, {plateaus: levels, runs: converged}));

    const stops = on("denoising", "stops") as any[];
    same(
      measured("denoising"),
      remeasured(denoisingClaims, {stops, truncation: on("denoising", "truncation") as any, runs: converged, rule: ""})
    );

    // spectral-gaps: uncentered gaps are ratios of the reference table's singular values; each
    // replicate's verdicts read its own dataset's pairs.
    const gaps = table("spectral-gaps", "gaps") as any[];
    const mnistGaps = gaps.filter((g) => g.data === "MNIST" && g.centering === "uncentered");
    const s = table("spectral-gaps", "reference")
      .filter((r) => r.data === theoryScales.quick.mnist)
      .map((r) => r.singularValue);
    expect(mnistGaps.map((g) => g.rho)).toEqual(mnistGaps.map((g) => s[g.index] / s[g.index - 1]));
    for (const replicate of replicates) {
      const separations = table("spectral-gaps", "separations").filter((r) => r.data === replicate.label) as any[];
      expect(separations.length, replicate.id).toBe(theoryScales.quick.spectralGaps.gaps);
      same(
        measured("spectral-gaps", replicate.id),
        remeasured(spectralGapClaims, {data: replicate.label, separations, runs: converged})
      );
    }
  });

  it("leaves Flowers102 out of the gap experiment when it is absent, and says why", async () => {
    const saved = {flowers: process.env.NMF_FLOWERS102_DIR, data: process.env.NMF_DATA_DIR};
    delete process.env.NMF_FLOWERS102_DIR;
    process.env.NMF_DATA_DIR = await tempDir("nmf-theory-nodata-");
    try {
      const result = await runExperiment("spectral-gaps", {
        profile: "quick",
        cacheDir: theoryCache,
        progress: () => {}
      });
      const skipped: string[] = meta(result.tables.verdicts).configuration.skipped;
      expect(skipped.some((reason) => /^Flowers102 was not found/.test(reason))).toBe(true);
      expect(rows(result.tables.gaps).some((g) => g.data === "Flowers102")).toBe(false);
      // The verdicts never read Flowers102: the same with or without it.
      same(
        rows(result.tables.verdicts).map((v) => v.measured),
        table("spectral-gaps", "verdicts").map((v) => v.measured)
      );
    } finally {
      if (saved.flowers === undefined) delete process.env.NMF_FLOWERS102_DIR;
      else process.env.NMF_FLOWERS102_DIR = saved.flowers;
      if (saved.data === undefined) delete process.env.NMF_DATA_DIR;
      else process.env.NMF_DATA_DIR = saved.data;
    }
  });

  it("draws every replicate and Flowers102 (when found) in the gap experiment", () => {
    const datasets = new Set(table("spectral-gaps", "gaps").map((g) => g.data));
    expect([...datasets].filter((d) => d !== "Flowers102")).toEqual(replicates.map((r) => r.label));
    expect(datasets.has("Flowers102")).toBe(flowersPresent);
  });
});

import type {Table} from "apache-arrow";
import {beforeAll, describe, expect, it} from "vitest";
import {loadData} from "../../datasets/index.js";
import {fit} from "../../engine/fit.js";
import {matrix} from "../../engine/matrix.js";
import {effectiveRank} from "../../engine/metrics/index.js";
import {singularValuesOf} from "../../engine/linalg/index.js";
import type {Plateau, Trajectory} from "../../engine/types.js";
import {EXPERIMENT_METADATA_KEY, runExperiment, type ExperimentResult} from "../../experiments/index.js";
import {denoisingVerdicts, type StopMeasure} from "../../experiments/theory/denoising.js";
import {depthVerdicts, monotoneWord, summaryRows, type DepthSummary} from "../../experiments/theory/depthScaling.js";
import {theoryExperiments} from "../../experiments/theory/index.js";
import {
  initScaleVerdicts,
  intermediatePlateaus,
  largeInitWord,
  scalingRows
} from "../../experiments/theory/initScale.js";
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
import {
  halfTimeLineR2,
  medianRatio,
  modeTimingRun,
  modeTimingVerdicts,
  type ModeMeasure
} from "../../experiments/theory/modeTiming.js";
import {optimizerVerdicts, type TimeRow} from "../../experiments/theory/optimizers.js";
import {plateauVerdicts, type PlateauMeasure} from "../../experiments/theory/plateauHeights.js";
import {
  initialModes,
  LN81,
  saxeHalfTimeSteps,
  saxeRiseWidthSteps,
  separationIndex,
  visibleGapThreshold
} from "../../experiments/theory/predictions.js";
import {nominalTopSingularValue, theoryScales} from "../../experiments/theory/scales.js";
import {gapVerdicts, visibilityAgreement, type SeparationMeasure} from "../../experiments/theory/spectralGaps.js";
import {gdLearningRate, stabilityProduct} from "../../experiments/theory/stepSize.js";
import {applyTransform} from "../../experiments/theory/transforms.js";
import {atLeast, atMost, formatValue, withinFactor, type Verdict} from "../../experiments/theory/verdicts.js";
import {tempDir} from "../datasets/tempDir.js";
import {describeRealData, realDataDir} from "../helpers/realData.js";
import {tableSchemas} from "./schemas.js";
import {theoryTableSchemas} from "./theorySchemas.js";

const words = (verdicts: readonly Verdict[]) => verdicts.map((v) => v.verdict);

/** A trajectory whose i-th singular value follows a logistic curve s_i / (1 + K_i e^(-2 s_i lr' t)). */
function logisticTrajectory(s: number[], halfTimes: number[], rate: number[], steps: number): Trajectory {
  const n = steps + 1;
  const k = s.length;
  const values = new Float64Array(n * k);
  for (let t = 0; t < n; ++t)
    for (let i = 0; i < k; ++i) values[t * k + i] = s[i] / (1 + Math.exp(-rate[i] * (t - halfTimes[i])));
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
    modeAlignment: new Float64Array(n * k)
  };
}

describe("verdict rules", () => {
  it("bands numbers into agrees, partly and disagrees, NaN disagreeing", () => {
    expect([0.95, 0.8, 0.5, NaN].map((v) => atLeast(v, 0.9, 0.7))).toEqual([
      "agrees",
      "partly",
      "disagrees",
      "disagrees"
    ]);
    expect([0.05, 0.2, 0.3, NaN].map((v) => atMost(v, 0.1, 0.25))).toEqual([
      "agrees",
      "partly",
      "disagrees",
      "disagrees"
    ]);
    expect([1.2, 1 / 1.2, 1.9, 0.4, -1, NaN].map((v) => withinFactor(v, 1.25, 2))).toEqual([
      "agrees",
      "agrees",
      "partly",
      "disagrees",
      "disagrees",
      "disagrees"
    ]);
    expect(() => atLeast(1, 0.5, 0.9)).toThrow(RangeError);
    expect([0.123456, -2.5, 1e-5, 123456, 0, NaN].map(formatValue)).toEqual([
      "0.123",
      "−2.5",
      "1.00×10^-5",
      "1.23×10^5",
      "0",
      "n/a"
    ]);
  });
});

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

describe("verdict functions on synthetic measurements", () => {
  it("mode timing: a line at the predicted times agrees; scattered times disagree", () => {
    const s = [100, 50, 40, 30, 25];
    const good: ModeMeasure[] = s.map((v) => ({
      dataValue: v,
      halfTime: 1000 / v,
      predictedHalfTime: 1000 / v,
      width: 20 / v,
      predictedWidth: 21 / v
    }));
    expect(words(modeTimingVerdicts(good, 0.1))).toEqual(["agrees", "agrees", "agrees"]);
    const bad = good.map((m, i) => ({...m, halfTime: [900, 10, 700, 5, 600][i], width: m.predictedWidth * 5}));
    expect(words(modeTimingVerdicts(bad, 0.1))).toEqual(["disagrees", "disagrees", "disagrees"]);
  });

  it("init scale: predicted slopes and a flat large init agree; a rank-one large init disagrees", () => {
    const lr = 1e-3,
      s = [100, 50, 30];
    const rows = [1e-2, 1e-4, 1e-6].flatMap((alpha) =>
      s.map((v, i) => ({
        run: `a${alpha}`,
        initScale: alpha,
        mode: i + 1,
        dataValue: v,
        halfTime: Math.log(1 / alpha) / (2 * lr * v)
      }))
    );
    const scaling = scalingRows(rows, lr);
    expect(scaling.map((r) => r.slope / r.predictedSlope)).toEqual(s.map(() => expect.closeTo(1, 9)));
    const rankOne: Plateau = {start: 50, end: 500, level: 1.01};
    const top: Plateau = {start: 1000, end: 3000, level: 7.4};
    expect(words(initScaleVerdicts(scaling, [[rankOne, top]], [top], 7.5))).toEqual(["agrees", "agrees", "agrees"]);
    expect(largeInitWord([[rankOne, top]], [{start: 20, end: 60, level: 2.3}, top], 7.5)).toBe("partly");
    expect(largeInitWord([[rankOne, top]], [rankOne, top], 7.5)).toBe("disagrees");
    expect(intermediatePlateaus([rankOne, top], 7.5)).toEqual([rankOne]);
    const flat = scaling.map((r) => ({...r, slope: r.predictedSlope * 5, rescaledSpread: r.rawSpread * 1.1}));
    expect(words(initScaleVerdicts(flat, [[rankOne, top]], [rankOne, top], 7.5))).toEqual([
      "disagrees",
      "disagrees",
      "disagrees"
    ]);
  });

  it("depth: sharper, more spread and alpha^-(N-2) jumps agree; the reverse disagrees", () => {
    const jumps = [2, 3, 4].flatMap((depth) =>
      [1, 2, 3].map((seed) => {
        const t2 = 100 * depth ** 3 * (1 + (depth - 1) * 0.05 * (seed - 2));
        return {run: `d${depth}-${seed}`, depth, seed, initScale: 0.1, t1: 1, t2, w2: t2 / depth ** 2};
      })
    );
    const scaling = [2, 3, 4].flatMap((depth) =>
      [0.1, 0.01].map((initScale) => ({run: "", depth, initScale, t1: depth === 2 ? 10 : initScale ** -(depth - 2)}))
    );
    const summary = summaryRows(jumps, scaling, [2, 3, 4]);
    expect(summary.map((s) => s.slope)).toEqual([0, expect.closeTo(1, 9), expect.closeTo(2, 9)]);
    expect(words(depthVerdicts(summary))).toEqual(["agrees", "agrees", "agrees"]);
    const reversed: DepthSummary[] = summary.map((s, i) => ({
      ...summary[2 - i],
      depth: s.depth,
      predictedSlope: s.predictedSlope,
      slope: s.depth >= 3 ? 5 * s.predictedSlope : 0
    }));
    expect(words(depthVerdicts(reversed))).toEqual(["disagrees", "disagrees", "disagrees"]);
    expect(monotoneWord([1, 3, 2], "increasing")).toBe("partly");
  });

  it("optimizers: Adam timed by lr, fast MU/HALS and a beta1-free first jump agree; GD-like Adam disagrees", () => {
    const row = (
      optimizer: string,
      lr: number,
      beta1: number,
      initScale: number,
      t1: number,
      t2: number,
      erank90 = 500
    ) => ({run: "", optimizer, lr, beta1, initScale, t1, t2, erank90, finalErank: 7}) as TimeRow;
    const gd = [row("gd", 1e-4, NaN, 1e-4, 170, 670), row("gd", 1e-4, NaN, 1e-6, 260, 940)];
    const exact = [row("mu", NaN, NaN, 1e-4, 0, 1, 3), row("hals", NaN, NaN, 1e-4, 0, 1, 2)];
    const adam = (t: (lr: number, alpha: number) => number, t1 = 10) =>
      [1e-3, 1e-2].flatMap((lr) => [1e-4, 1e-6].map((alpha) => row("adam", lr, 0.9, alpha, t1, t(lr, alpha))));
    const good = [...gd, ...exact, ...adam((lr) => 1 / lr), row("adam", 1e-2, 0, 1e-4, 10, 50)];
    expect(words(optimizerVerdicts(good, [1e-4, 1e-6]))).toEqual(["agrees", "agrees", "agrees", "agrees"]);
    const gdLike = adam((lr, alpha) => (670 * Math.log(1 / alpha)) / 9.2);
    const bad = [...gd, row("mu", NaN, NaN, 1e-4, 0, 1, 300), exact[1], ...gdLike, row("adam", 1e-2, 0, 1e-4, 50, 50)];
    expect(words(optimizerVerdicts(bad, [1e-4, 1e-6]))).toEqual(["disagrees", "disagrees", "disagrees", "disagrees"]);
  });

  it("plateau heights: levels at erank(X_k) with losses at the bound agree; far ones disagree", () => {
    const p = (level: number, erankTruncated: number, relativeError: number): PlateauMeasure => ({
      level,
      modes: 3,
      erankTruncated,
      erankNmf: erankTruncated * 0.95,
      relativeError,
      eckartYoung: 0.4,
      nmfError: 0.42
    });
    expect(words(plateauVerdicts([p(2.5, 2.55, 0.41), p(4, 4.1, 0.405)]))).toEqual(["agrees", "agrees"]);
    expect(words(plateauVerdicts([p(1.2, 2.55, 0.6), p(2, 4.1, 0.7)]))).toEqual(["disagrees", "disagrees"]);
    // Rank-one plateaus are left out: they agree by construction.
    expect(
      plateauVerdicts([{...p(1, 1, 0.5), modes: 1, eckartYoung: 0.5}, p(2.5, 2.55, 0.41)])[0].measured
    ).toBeCloseTo(0.05 / 2.55, 12);
  });

  it("denoising: an early stop closer to the clean images at the right rank agrees; overfitting the other way disagrees", () => {
    const stop = (kind: string, modes: number, clean: number, held: number): StopMeasure => ({
      kind,
      modes,
      cleanDistance: clean,
      projectedDistance: clean,
      heldOutError: held
    });
    const truncation = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => ({k, cleanDistance: 0.5 + 0.01 * (k - 5) ** 2}));
    const good = [stop("snapshot", 2, 0.55, 0.5), stop("plateau-1", 5, 0.5, 0.3), stop("final", 20, 0.7, 0.35)];
    expect(words(denoisingVerdicts(good, truncation))).toEqual(["agrees", "agrees", "agrees"]);
    const bad = [stop("plateau-1", 1, 0.9, 0.6), stop("final", 20, 0.6, 0.3)];
    expect(words(denoisingVerdicts(bad, truncation))).toEqual(["disagrees", "disagrees", "disagrees"]);
  });

  it("spectral gaps: sharp jumps at wide gaps agree; the reverse disagrees", () => {
    const rhos = [0.3, 0.6, 0.85, 0.95, 0.7, 0.9];
    const rows = (q: (rho: number) => number): SeparationMeasure[] =>
      rhos.map((rho, i) => ({data: i < 3 ? "A" : "B", index: (i % 3) + 1, rho, q: q(rho), threshold: 0.8}));
    const gaps = [{data: "MNIST", centering: "centered" as const, index: 1, rho: 0.83}];
    const good = rows((rho) => separationIndex(rho, 20));
    expect(visibilityAgreement(good)).toBe(1);
    expect(words(gapVerdicts(good, gaps, []))).toEqual(["agrees", "agrees"]);
    expect(
      words(
        gapVerdicts(
          rows((rho) => 3 * rho),
          gaps,
          []
        )
      )
    ).toEqual(["disagrees", "disagrees"]);
  });
});

/** Every theory experiment at the quick profile, once, from a fresh run cache. */
let theoryCache: string;
const results = new Map<string, ExperimentResult>();
const flowersDir = realDataDir("Flowers102");
const flowersPresent = flowersDir !== undefined;
const fashionPresent = realDataDir("Fashion-MNIST") !== undefined;
const names = theoryExperiments.map((e) => e.name);
const rows = (t: Table) => t.toArray().map((row) => row.toJSON() as Record<string, any>);
const table = (experiment: string, name: string) => rows(results.get(experiment)!.tables[name]);
const meta = (t: Table) => JSON.parse(t.schema.metadata.get(EXPERIMENT_METADATA_KEY)!);
const measured = (experiment: string) => table(experiment, "verdicts").map((v) => v.measured as number);
/** Equal numbers, NaN equal to NaN. */
const same = (a: readonly number[], b: readonly number[]) =>
  expect(a.map((v) => (Number.isNaN(v) ? "NaN" : v))).toEqual(b.map((v) => (Number.isNaN(v) ? "NaN" : v)));

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
        expect(t.numRows, `${where} is empty`).toBeGreaterThan(0);
        const m = meta(t);
        expect([m.experiment, m.table, m.profile]).toEqual([experiment.name, name, "quick"]);
      }
      const verdicts = table(experiment.name, "verdicts");
      for (const v of verdicts) {
        expect(["agrees", "partly", "disagrees", "untested"]).toContain(v.verdict);
        expect(["abs", "recall", "derived"]).toContain(v.tag);
        if (v.verdict !== "untested") expect(v.sentence).toContain(formatValue(v.measured));
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

  /** The data matrix of a key of nominalTopSingularValue (`spec` or `spec@size`), loaded as the experiments do. */
  const nominalCheck = async (key: string, nominal: number) => {
    const [spec, size] = key.split("@");
    const saved = process.env.NMF_FLOWERS102_DIR;
    if (flowersDir && !saved) process.env.NMF_FLOWERS102_DIR = flowersDir;
    try {
      const {X} = await loadData(spec, {dataSeed: 112, ...(size ? {size: Number(size)} : {}), onWarning: () => {}});
      expect(singularValuesOf(X)[0] / nominal, key).toBeCloseTo(1, 2);
    } finally {
      if (saved === undefined) delete process.env.NMF_FLOWERS102_DIR;
    }
  };
  const nominalKeys = (prefix: string) =>
    Object.entries(nominalTopSingularValue).filter(([key]) => key.startsWith(prefix));

  it("has a nominal s_1 within 0.5 % of each MNIST matrix's own", async () => {
    for (const [key, nominal] of nominalKeys("mnist:")) await nominalCheck(key, nominal);
  });

  describeRealData("Fashion-MNIST", "nominal s_1 of the theory experiments", () => {
    it("is within 0.5 % of each Fashion-MNIST matrix's own", async () => {
      for (const [key, nominal] of nominalKeys("fashion-mnist")) await nominalCheck(key, nominal);
    });
  });

  describeRealData("Flowers102", "nominal s_1 of the theory experiments", () => {
    it("is within 0.5 % of each Flowers102 matrix's own", async () => {
      for (const [key, nominal] of nominalKeys("flowers102")) await nominalCheck(key, nominal);
    });
  });

  it("mode timing: the modes table is the run's own half-times and Saxe's predictions; the verdicts are computed from it", async () => {
    const modes = table("mode-timing", "modes") as unknown as (ModeMeasure & {
      mode: number;
      a0: number;
      t10: number;
      t90: number;
    })[];
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
    same(measured("mode-timing"), [
      halfTimeLineR2(modes),
      medianRatio(modes, "halfTime", "predictedHalfTime"),
      medianRatio(modes, "width", "predictedWidth")
    ]);
  });

  it("init scale, depth, optimizers, plateau heights, denoising and gaps: each verdict is recomputed from the published tables", () => {
    // init-scale: slopes from the half-times table, the large init's plateaus from the plateaus table.
    const c = theoryScales.quick.initScale;
    const runs = table("init-scale", "runs");
    const lr = runs[0].lr;
    const halfTimes = table("init-scale", "halfTimes") as any[];
    const slopes = scalingRows(halfTimes, lr);
    same(
      slopes.flatMap((r) => [r.slope, r.predictedSlope, r.rawSpread, r.rescaledSpread]),
      table("init-scale", "slopes").flatMap((r) => [r.slope, r.predictedSlope, r.rawSpread, r.rescaledSpread])
    );
    const plateaus = table("init-scale", "plateaus") as any[];
    const large = runs.find((r) => r.initScale === c.largeScale)!;
    const smallRuns = runs.filter((r) => r.initScale !== c.largeScale);
    const of = (id: string) => plateaus.filter((p) => p.run === id) as Plateau[];
    same(
      measured("init-scale"),
      initScaleVerdicts(
        slopes,
        smallRuns.map((r) => of(r.run)),
        of(large.run),
        large.effectiveRank
      ).map((v) => v.measured)
    );

    // depth-scaling: the summary from the jump and scaling tables, the verdicts from the summary.
    const summary = summaryRows(
      table("depth-scaling", "jumpTimes") as any,
      table("depth-scaling", "scaling") as any,
      [2, 3, 4]
    );
    same(
      summary.flatMap((s) => [s.spread, s.relativeWidth, s.slope]),
      table("depth-scaling", "summary").flatMap((s) => [s.spread, s.relativeWidth, s.slope])
    );
    same(
      measured("depth-scaling"),
      depthVerdicts(summary).map((v) => v.measured)
    );

    same(
      measured("optimizers"),
      optimizerVerdicts(table("optimizers", "times") as any, theoryScales.quick.optimizers.initScales).map(
        (v) => v.measured
      )
    );

    // plateau-heights: every level row's references come from the data's own spectrum.
    const levels = table("plateau-heights", "levels") as any[];
    const reference = table("plateau-heights", "reference");
    for (const level of levels) {
      const data = table("plateau-heights", "runs").find((r) => r.run === level.run)!.data;
      const s = reference.filter((r) => r.data === data).map((r) => r.singularValue);
      expect(level.erankTruncated).toBeCloseTo(effectiveRank(s.slice(0, level.modes)), 12);
      expect(level.eckartYoung).toBe(reference.find((r) => r.data === data && r.index === level.modes)!.eckartYoung);
    }
    same(
      measured("plateau-heights"),
      plateauVerdicts(levels).map((v) => v.measured)
    );

    same(
      measured("denoising"),
      denoisingVerdicts(table("denoising", "stops") as any, table("denoising", "truncation") as any).map(
        (v) => v.measured
      )
    );

    // spectral-gaps: uncentered gaps are ratios of the reference table's singular values.
    const gaps = table("spectral-gaps", "gaps") as any[];
    const mnistGaps = gaps.filter((g) => g.data === "MNIST" && g.centering === "uncentered");
    const s = table("spectral-gaps", "reference")
      .filter((r) => r.data === theoryScales.quick.mnist)
      .map((r) => r.singularValue);
    expect(mnistGaps.map((g) => g.rho)).toEqual(mnistGaps.map((g) => s[g.index] / s[g.index - 1]));
    const skipped = meta(results.get("spectral-gaps")!.tables.verdicts).configuration.skipped ?? [];
    same(
      measured("spectral-gaps"),
      gapVerdicts(table("spectral-gaps", "separations") as any, gaps, skipped).map((v) => v.measured)
    );
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
      expect(rows(result.tables.verdicts)[0].sentence).toMatch(/dataset\(s\) missing: (.*; )?Flowers102 was not found/);
    } finally {
      if (saved.flowers === undefined) delete process.env.NMF_FLOWERS102_DIR;
      else process.env.NMF_FLOWERS102_DIR = saved.flowers;
      if (saved.data === undefined) delete process.env.NMF_DATA_DIR;
      else process.env.NMF_DATA_DIR = saved.data;
    }
  });

  it("uses Fashion-MNIST and Flowers102 in the gap experiment when they are found", () => {
    const datasets = new Set(table("spectral-gaps", "gaps").map((g) => g.data));
    expect(datasets.has("MNIST")).toBe(true);
    expect(datasets.has("Flowers102")).toBe(flowersPresent);
    expect(datasets.has("Fashion-MNIST")).toBe(fashionPresent);
    const skipped: string[] = meta(results.get("spectral-gaps")!.tables.runs).configuration.skipped ?? [];
    expect(skipped.length).toBe(3 - datasets.size);
  });
});

// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {denoisingDistances, stopsOf} from "../../src/sections/theory/denoising.js";
import {depthSlopeLines} from "../../src/sections/theory/depth.js";
import {slopeLines} from "../../src/sections/theory/initScale.js";
import {modeHalfTimes} from "../../src/sections/theory/modeTiming.js";
import {optimizerLabel, predictedPairs} from "../../src/sections/theory/optimizers.js";
import {rankOnePlateaus, runFamily} from "../../src/sections/theory/plateauHeights.js";
import {separationIndex, skippedNotice, typicalSeparation} from "../../src/sections/theory/spectralGaps.js";
import {summaryTable, verdictSummary} from "../../src/sections/theory/summary.js";
import {table} from "./tables.js";

const verdict = (experiment: string, replicate: string, label: string, verdict: string) => ({
  experiment,
  claim: `${experiment}-claim`,
  replicate,
  replicateLabel: label,
  verdict,
  statement: `the ${experiment} claim`,
  source: "a paper",
  measured: 0.5
});

describe("the summary", () => {
  const verdictTables = (profile: string) => [
    table(
      [
        verdict("mode-timing", "mnist", "MNIST", "agrees"),
        verdict("mode-timing", "fashion", "Fashion-MNIST", "disagrees")
      ],
      {profile}
    ),
    table(
      [verdict("denoising", "mnist", "MNIST", "partly"), verdict("denoising", "fashion", "Fashion-MNIST", "untested")],
      {profile}
    )
  ];

  it("counts the verdicts on MNIST and on each replication, and says when the profile is the quick one", () => {
    expect(verdictSummary(verdictTables("default"))).toBe(
      "Of the 2 predictions tested here, on MNIST 1 agree, 1 agree in part, 0 disagree and 0 are not judged; " +
        "on Fashion-MNIST, 0 agree, 0 agree in part, 1 disagree and 1 are not judged (profile default)."
    );
    expect(verdictSummary(verdictTables("quick"))).toMatch(/\(profile quick: fewer images .*intended scale\)\.$/);
  });

  it("links each claim of the table to its section", () => {
    const links = Array.from(summaryTable(verdictTables("default")).querySelectorAll("tbody a"));
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["#mode-timing", "#denoising"]);
  });
});

describe("section 1: mode timing", () => {
  it("draws three measured and two predicted quantities per MNIST mode", () => {
    const modes = [1, 2, 3].flatMap((i) =>
      ["mnist", "fashion"].map((replicate) => ({
        replicate,
        mode: i,
        dataValue: 10 / i,
        halfTime: 100 * i,
        spectrumHalfTime: 90 * i,
        width: 20 * i,
        predictedHalfTime: 95 * i,
        predictedWidth: 22 * i
      }))
    );
    const meta = {experiment: "mode-timing", configuration: {rank: 3, initScale: 0.001, lr: 0.0123456, stepFactor: 1}};
    const figure = modeHalfTimes({modes: table(modes), trajectories: table([]), verdicts: table([], meta)});
    expect(figure.querySelectorAll("g.measured circle").length).toBe(9);
    expect(figure.textContent).toContain("mode i = 1 … 3");
    expect(figure.textContent).toContain("Experiment mode-timing (profile default), data mnist:500 (500 × 784).");
  });
});

describe("section 2: init scale", () => {
  it("draws each mode's predicted slope through the mean of its finite half-times, over their range", () => {
    const slopes = [{mode: 1, predictedSlope: 10}];
    const halfTimes = [
      {mode: 1, lnInverseScale: 2, halfTime: 30},
      {mode: 1, lnInverseScale: 4, halfTime: 50},
      {mode: 1, lnInverseScale: 6, halfTime: NaN},
      {mode: 2, lnInverseScale: 4, halfTime: 1000}
    ];
    expect(slopeLines(slopes, halfTimes)).toEqual([
      {x: 2, y: 30, series: "mode 1"},
      {x: 4, y: 50, series: "mode 1"}
    ]);
    expect(slopeLines([{mode: 3, predictedSlope: 1}], halfTimes)).toEqual([]);
  });
});

describe("section 3: depth", () => {
  it("draws slope N − 2 on log-log axes through the log-mean of each depth's points, not for depth 2", () => {
    const scaling = [
      {depth: 2, initScale: 0.1, t1: 10},
      {depth: 2, initScale: 0.01, t1: 20},
      {depth: 3, initScale: 0.1, t1: 100},
      {depth: 3, initScale: 0.01, t1: 1000},
      {depth: 4, initScale: 0.1, t1: 100}
    ];
    const lines = depthSlopeLines(scaling);
    // Depth 4 has one point: no line. Depth 3: slope 1, and the measured points lie on it.
    expect(lines.map((p) => p.series)).toEqual(["depth 3", "depth 3"]);
    expect(lines[0].x).toBeCloseTo(10);
    expect(lines[0].y).toBeCloseTo(100);
    expect(lines[1].x).toBeCloseTo(100);
    expect(lines[1].y).toBeCloseTo(1000);
  });
});

describe("section 4: optimizers", () => {
  const times = [
    {optimizer: "gd", lr: 0.5, initScale: 0.01, t2: 100, run: "gd-a"},
    {optimizer: "gd", lr: 0.5, initScale: 0.0001, t2: 110, run: "gd-b"},
    {optimizer: "adam", lr: 0.01, beta1: 0.9, initScale: 0.01, t2: 300, run: "adam-a"},
    {optimizer: "adam", lr: 0.01, beta1: 0.9, initScale: 0.0001, t2: 900, run: "adam-b"},
    {optimizer: "adam", lr: 0.01, beta1: 0, initScale: 0.01, t2: 300, run: "adam0"},
    {optimizer: "mu", initScale: 0.01, t2: 2, run: "mu"}
  ];

  it("names each configuration", () => {
    expect(times.map(optimizerLabel)).toEqual([
      "GD, lr 0.5",
      "GD, lr 0.5",
      "Adam, lr 0.01, β1 0.9",
      "Adam, lr 0.01, β1 0.9",
      "Adam, lr 0.01, β1 0",
      "MU"
    ]);
  });

  it("predicts GD's t2 to grow by ln(α0/α)/(2 lr s2) and Adam's to stay, for the configurations run at both scales", () => {
    const s2 = 2;
    const points = predictedPairs(times, [0.01, 0.0001], s2);
    expect(points.map((p) => p.series)).toEqual([
      "GD, lr 0.5",
      "GD, lr 0.5",
      "Adam, lr 0.01, β1 0.9",
      "Adam, lr 0.01, β1 0.9"
    ]);
    expect(points[0]).toEqual({x: 0.01, y: 100, series: "GD, lr 0.5"});
    expect(points[1].y).toBeCloseTo(100 + Math.log(100) / (2 * 0.5 * s2));
    expect(points[3]).toEqual({x: 0.0001, y: 300, series: "Adam, lr 0.01, β1 0.9"});
  });
});

describe("section 5: plateau heights", () => {
  it("counts the rank-one plateaus on MNIST only", () => {
    const levels = (modes: number[]) =>
      table(modes.map((m, i) => ({modes: m, replicate: i % 2 ? "fashion" : "mnist"})));
    const tables = (modes: number[]) => ({levels: levels(modes), references: table([]), verdicts: table([])});
    expect(rankOnePlateaus(tables([1, 1, 2, 1]))).toBe("1 such plateau");
    expect(rankOnePlateaus(tables([1, 1, 1, 1, 1]))).toBe("3 such plateaus");
    expect(rankOnePlateaus(tables([2, 1]))).toBe("0 such plateaus");
  });

  it("names the run family from the experiments' run ids", () => {
    expect(runFamily("gd-a0.0001-c0.1-s112")).toBe("W H, α 0.0001");
    expect(runFamily("d3-a0.01-c1-s113")).toBe("depth 3, α 0.01");
    expect(runFamily("gd-a1e-7-c1-s112")).toBe("W H, α 1e-7");
  });
});

describe("section 6: denoising", () => {
  const stops = [
    {kind: "snapshot", modes: 1, step: 10, projectedDistance: 0.5, cleanDistance: 0.5, heldOutError: 0.6},
    {kind: "plateau-1", modes: 2, step: 100, projectedDistance: 0.3, cleanDistance: 0.31, heldOutError: 0.4},
    {kind: "rule", modes: 2, step: 120, projectedDistance: 0.3, cleanDistance: 0.32, heldOutError: 0.4},
    {kind: "final", modes: 5, step: 1000, projectedDistance: 0.4, cleanDistance: 0.45, heldOutError: 0.5},
    {kind: "oracle-step", modes: 3, step: 300, projectedDistance: 0.2, cleanDistance: 0.2, heldOutError: 0.3}
  ].map((s) => ({...s, replicate: "mnist"}));
  const config = {
    rule: "patience 1,000",
    noise: "Poisson noise",
    rank: 10,
    initScale: 0.001,
    stepFactor: 1,
    iterations: 1000,
    heldOut: 500,
    train: 500,
    clean: "clean"
  };
  const tables = {
    stops: table(stops),
    truncation: table([{k: 1, cleanDistance: 0.4, replicate: "mnist"}]),
    verdicts: table([], {experiment: "denoising", configuration: config})
  };

  it("sorts the stops: kept snapshots, plateau ends with the converged run, and the rule's stop", () => {
    const {snapshots, plateauStops, ruleStop} = stopsOf(tables);
    expect(snapshots.map((s) => s.step)).toEqual([10]);
    expect(plateauStops.map((s) => s.kind)).toEqual(["plateau-1", "final"]);
    expect(ruleStop?.step).toBe(120);
  });

  it("draws the judged stop beside the plateau stops, with the configuration in the caption", () => {
    const figure = denoisingDistances(tables);
    expect(figure.querySelector(".figure-legend")!.textContent).toContain("where the plateau rule stops");
    expect(figure.textContent).toContain("Poisson noise; rank 10, uniform [0, 0.001) init");
  });
});

describe("section 7: spectral gaps", () => {
  it("takes ρ* as the median threshold and the L for which the predicted q is 1 at ρ*", () => {
    const {rhoStar, typicalL} = typicalSeparation([{threshold: 0.9}, {threshold: 0.5}, {threshold: 0.7}]);
    expect(rhoStar).toBe(0.7);
    expect(separationIndex(rhoStar, typicalL)).toBeCloseTo(1, 12);
    expect(separationIndex(0.5, typicalL)).toBeGreaterThan(1);
    expect(typicalSeparation([]).rhoStar).toBeNaN();
  });

  it("names the datasets it could not draw, and shows nothing when all were drawn", () => {
    const tables = (skipped?: string[]) => ({
      gaps: table([]),
      separations: table([]),
      verdicts: table([], {configuration: skipped ? {skipped} : {}})
    });
    expect(skippedNotice(tables())).toBeNull();
    expect(skippedNotice(tables(["flowers102: not found"]))!.textContent).toBe(
      "Not drawn on this machine: flowers102: not found."
    );
  });
});

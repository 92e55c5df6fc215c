import {describe, expect, it} from "vitest";
import {detectPlateaus, toleranceAt, defaultPlateauSettings} from "../../engine/plateaus.js";
import {curveOf, truePlateaus, type Layout} from "../../experiments/plateauDetector/curve.js";
import {plateauFamilies, syntheticTrajectory} from "../../experiments/plateauDetector/generators.js";
import {suiteGrid, suiteTarget} from "../../experiments/plateauDetector/scales.js";
import {precisionRecall, scorePlateaus} from "../../experiments/plateauDetector/score.js";
import {runSuite, scoresByFamily} from "../../experiments/plateauDetector/suite.js";

describe("the synthetic plateau suite", () => {
  it(`reaches precision and recall >= ${suiteTarget} overall and in every family (quick grid: 2 seeds per cell)`, () => {
    const cases = runSuite(suiteGrid("quick"));
    expect(cases.length).toBe(plateauFamilies.length * 4 * 4 * 2);
    const rows = scoresByFamily(cases);
    expect(rows.map((r) => r.family)).toEqual([...plateauFamilies, "all"]);
    for (const {family, score} of rows) {
      const {precision, recall} = precisionRecall(score);
      expect(precision, `${family} precision (${JSON.stringify(score)})`).toBeGreaterThanOrEqual(suiteTarget);
      expect(recall, `${family} recall (${JSON.stringify(score)})`).toBeGreaterThanOrEqual(suiteTarget);
      if (family !== "ramps") expect(score.truth, family).toBeGreaterThan(0);
    }
  });

  it("draws the same trajectory from the same seed, and its true plateaus from its layout", () => {
    const a = syntheticTrajectory("sags", 42, 0.03, {every: 10, last: 50000});
    const b = syntheticTrajectory("sags", 42, 0.03, {every: 10, last: 50000});
    expect(b).toEqual(a);
    expect(syntheticTrajectory("sags", 43, 0.03, {every: 10, last: 50000}).erank).not.toEqual(a.erank);
    // Recorded every 10 steps: the first point after the transient is step 10, the last 50,000.
    expect(a.steps[1]).toBe(10);
    expect(a.steps.at(-1)).toBe(50000);
    for (const t of a.truth) {
      expect(t.startU).toBeGreaterThanOrEqual(Math.log(11) - 1e-12);
      expect(t.endU).toBeLessThanOrEqual(Math.log(50001) + 1e-12);
      expect(t.endU - t.startU).toBeGreaterThanOrEqual(0.1);
    }
  });

  it("extends a true plateau into an eased shoulder while the curve stays within half the tolerance", () => {
    // Flat at 2 on [3, 5], a cosine ease up by 1 over [5, 7], flat at 3 on [7, 9].
    const layout: Layout = {
      start: 3,
      level: 2,
      segments: [
        {shape: "flat", length: 2, change: 0},
        {shape: "smooth", length: 2, change: 1},
        {shape: "flat", length: 2, change: 0}
      ]
    };
    const [low, high] = truePlateaus(layout, 3, 9);
    const halfBand = toleranceAt(defaultPlateauSettings, 2) / 2;
    // (1 - cos(pi s)) / 2 = 0.075 at s = acos(0.85) / pi.
    const s = Math.acos(1 - 2 * halfBand) / Math.PI;
    expect(low.endU).toBeCloseTo(5 + 2 * s, 3);
    expect(high.startU).toBeCloseTo(
      7 - 2 * (Math.acos(1 - 2 * (toleranceAt(defaultPlateauSettings, 3) / 2)) / Math.PI),
      3
    );
    expect(curveOf(layout).value(6)).toBeCloseTo(2.5, 12);
  });
});

describe("scorePlateaus", () => {
  const truth = [
    {startU: Math.log(11), endU: Math.log(1001), level: 2},
    {startU: Math.log(1201), endU: Math.log(20001), level: 4}
  ];

  it("counts a detection right when its level is within the tolerance and the spans overlap over half of each", () => {
    expect(scorePlateaus(truth, [{start: 10, end: 1000, level: 2.1}])).toEqual({detected: 1, truth: 2, matched: 1});
    // Level off by more than the tolerance (0.15).
    expect(scorePlateaus(truth, [{start: 10, end: 1000, level: 2.2}]).matched).toBe(0);
    // Covers over half of the first true plateau but runs on far beyond it: under half of its own span overlaps.
    expect(scorePlateaus(truth, [{start: 100, end: 20000, level: 2}]).matched).toBe(0);
    // Covers under half of the true plateau's span in log-time.
    expect(scorePlateaus(truth, [{start: 500, end: 1000, level: 2}]).matched).toBe(0);
  });

  it("matches one to one: a true plateau detected twice counts one detection wrong", () => {
    const two = [
      {start: 10, end: 900, level: 2},
      {start: 10, end: 1000, level: 2}
    ];
    expect(scorePlateaus(truth, two)).toEqual({detected: 2, truth: 2, matched: 1});
    expect(precisionRecall(scorePlateaus(truth, two))).toEqual({precision: 0.5, recall: 0.5});
    expect(precisionRecall({detected: 0, truth: 0, matched: 0})).toEqual({precision: 1, recall: 1});
  });

  it("scores the detector's own output on a staircase as perfect", () => {
    const t = syntheticTrajectory("steps", 5, 0, {every: 1, last: 20000});
    expect(scorePlateaus(t.truth, detectPlateaus(t.steps, t.erank)).matched).toBe(t.truth.length);
  });
});

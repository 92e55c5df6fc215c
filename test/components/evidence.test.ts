import {describe, expect, it} from "vitest";
import {
  cosine,
  halfTimes,
  inOrder,
  largestJumps,
  linearFit,
  neighbourCorrelation,
  riseSagClimb,
  signatureChanges,
  stepToReach
} from "../../src/components/evidence.js";
import {dataSpectrum, trajectory} from "./fixtures.js";

describe("halfTimes and inOrder", () => {
  it("finds when each singular value reaches half of X's, in the fixture's rise order", () => {
    const times = halfTimes(trajectory(), dataSpectrum, 6);
    expect(times.every((t) => t !== undefined)).toBe(true);
    expect(inOrder(times)).toEqual({ordered: true, reached: 6});
    // Mode 3 rises at step 2,500 in the fixture: its half-time is within the grid spacing of it.
    expect(Math.abs(times[2]! - 2500) / 2500).toBeLessThan(0.1);
  });

  it("calls out of order a later mode learned first, or a gap in the learned modes", () => {
    expect(inOrder([10, 5, 20]).ordered).toBe(false);
    expect(inOrder([10, undefined, 20]).ordered).toBe(false);
    expect(inOrder([10, 20, undefined])).toEqual({ordered: true, reached: 2});
  });
});

describe("riseSagClimb", () => {
  it("measures the early peak, the sag after it and the final value", () => {
    const rows = [0, 1, 2, 3, 10, 20, 30, 100].map((step, k) => ({
      step,
      effectiveRank: [1, 3, 2.8, 2.5, 2, 2.2, 4, 7][k]
    }));
    expect(riseSagClimb(rows)).toEqual({peak: 3, peakStep: 1, sag: 2, sagStep: 10, final: 7, finalStep: 100});
  });
});

describe("largestJumps", () => {
  it("keeps the largest rises, in step order", () => {
    const jumps = [
      {step: 10, from: 1, to: 1.2},
      {step: 50, from: 2, to: 4},
      {step: 30, from: 1.2, to: 2}
    ];
    expect(largestJumps(jumps, 2)).toEqual([
      {step: 30, from: 1.2, to: 2},
      {step: 50, from: 2, to: 4}
    ]);
  });
});

describe("signatureChanges", () => {
  it("puts the signature whose shape changed first; scaling a signature is no change", () => {
    const before = [
      [1, 0, 0],
      [0, 1, 0]
    ];
    const after = [
      [2, 0, 0],
      [0, 0, 1]
    ];
    expect(signatureChanges(before, after)).toEqual([
      {component: 1, similarity: 0},
      {component: 0, similarity: 1}
    ]);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });
});

describe("linearFit and stepToReach", () => {
  it("fits an exact line with R² 1", () => {
    const fit = linearFit([1, 2, 3], [3, 5, 7]);
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(1, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
  });

  it("finds the first step at a fraction of the final value", () => {
    const rows = [0, 10, 20, 30].map((step, k) => ({step, effectiveRank: [1, 5, 9, 10][k]}));
    expect(stepToReach(rows, 0.9)).toBe(20);
  });
});

describe("neighbourCorrelation", () => {
  it("is near 0 for seeded noise and near 1 for a smooth ramp", async () => {
    const {images} = await import("./fixtures.js");
    const noise = images(1, [28, 28, 1], 3)[0];
    const ramp = Array.from({length: 28 * 28}, (_, p) => (p % 28) + Math.floor(p / 28));
    expect(Math.abs(neighbourCorrelation(noise, [28, 28, 1]))).toBeLessThan(0.1);
    expect(neighbourCorrelation(ramp, [28, 28, 1])).toBeGreaterThan(0.95);
  });
});

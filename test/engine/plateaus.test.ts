import {describe, expect, it} from "vitest";
import {createPlateauMonitor, detectPlateaus, plateauJumps} from "../../engine/plateaus.js";
import {createRandom, randomNormal} from "../../engine/random.js";
import type {Plateau} from "../../engine/types.js";

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** erank(t) = 1 + one smooth unit step in log-time at each jump (width in ln t), plus seeded noise. */
function staircase(steps: number[], jumps: number[], width: number, noise = 0, seed = 1) {
  const normal = randomNormal(createRandom(seed));
  const erank = steps.map((t) => {
    let v = 1;
    for (const j of jumps) v += sigmoid((Math.log(t + 1) - Math.log(j)) / width);
    return v + noise * normal();
  });
  return erank;
}

const range = (from: number, to: number, every = 1) => {
  const out: number[] = [];
  for (let t = from; t <= to; t += every) out.push(t);
  return out;
};

/** Checks plateau k sits between jump k - 1 and jump k, within `slack` in ln t of each. */
function expectBetweenJumps(plateaus: Plateau[], jumps: number[], first: number, last: number, slack: number) {
  expect(plateaus.length).toBe(jumps.length + 1);
  const edges = [first, ...jumps, last];
  plateaus.forEach((p, k) => {
    expect(p.level).toBeCloseTo(k + 1, 1);
    expect(p.start).toBeGreaterThanOrEqual(edges[k]);
    expect(p.end).toBeLessThanOrEqual(edges[k + 1]);
    expect(Math.log((p.start + 1) / (edges[k] + 1))).toBeLessThan(slack);
    expect(Math.log((edges[k + 1] + 1) / (p.end + 1))).toBeLessThan(slack);
  });
}

describe("detectPlateaus", () => {
  const steps = range(0, 20000);
  const jumps = [100, 1000, 5000];

  it("finds the four plateaus of a clean staircase, with edges close to the jumps", () => {
    const plateaus = detectPlateaus(steps, staircase(steps, jumps, 0.02));
    // The transient ends at step 10; each jump's transition is +-0.05 in ln t wide.
    expectBetweenJumps(plateaus, jumps, 10, 20000, 0.1);
    expect(plateaus[0].start).toBe(10);
    expect(plateaus[3].end).toBe(20000);
    for (const p of plateaus) expect(Math.abs(p.level - Math.round(p.level))).toBeLessThan(0.01);
  });

  it("finds the same plateaus under seeded noise (sd 0.03, a fifth of the tolerance)", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const plateaus = detectPlateaus(steps, staircase(steps, jumps, 0.02, 0.03, seed));
      expectBetweenJumps(plateaus, jumps, 10, 20000, 0.25);
      for (const p of plateaus) expect(Math.abs(p.level - Math.round(p.level))).toBeLessThan(0.02);
    }
  });

  it("resolves two jumps 0.154 apart in ln t, like the study's near 12,000 and 14,000 epochs", () => {
    const long = range(0, 100000);
    const plateaus = detectPlateaus(long, staircase(long, [100, 1000, 5000, 12000, 14000], 0.005));
    expect(plateaus.map((p) => Math.round(p.level))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(plateaus[4].start).toBeGreaterThan(12000);
    expect(plateaus[4].end).toBeLessThan(14000);
  });

  it("finds one plateau on a constant trajectory, from the end of the transient to the last step", () => {
    expect(detectPlateaus(steps, new Array(steps.length).fill(3.2))).toEqual([{start: 10, end: 20000, level: 3.2}]);
    const [noisy, ...rest] = detectPlateaus(
      steps,
      staircase(steps, [], 1, 0.03, 9).map((v) => v + 2.2)
    );
    expect(rest).toEqual([]);
    expect([noisy.start, noisy.end]).toEqual([10, 20000]);
    expect(noisy.level).toBeCloseTo(3.2, 2);
  });

  it("finds none on a log-linear ramp steeper than the slope tolerance", () => {
    // erank = 1 + 1.5 ln(1 + t / 10): d erank / d ln t tends to 1.5, above the default tolerance
    // (0.5 up to level 5, 3% of the level / 0.3 = 1.2 at level 12).
    const erank = steps.map((t) => 1 + 1.5 * Math.log(1 + t / 10));
    expect(detectPlateaus(steps, erank)).toEqual([]);
  });

  it("works on 20 log-spaced points and on sparse recording every 500 steps", () => {
    const sparse = Array.from({length: 20}, (_, k) => Math.round(10 ** (1 + (4 * k) / 19)));
    const two = detectPlateaus(
      sparse,
      sparse.map((t) => (t < 1000 ? 1 : 2))
    );
    expect(two).toEqual([
      {start: 10, end: 785, level: 1},
      {start: 1274, end: 100000, level: 2}
    ]);
    // Recorded every 500 steps, jumps at 300, 3000 and 20000: the level-1 plateau ends before the
    // first recorded step after the transient, each edge is within one recording interval of its jump.
    const every500 = range(0, 100000, 500);
    const plateaus = detectPlateaus(every500, staircase(every500, [300, 3000, 20000], 0.02));
    expect(plateaus.map((p) => Math.round(p.level))).toEqual([2, 3, 4]);
    expect(plateaus[0].start).toBe(500);
    expect(plateaus[0].end).toBeGreaterThanOrEqual(2000);
    expect(plateaus[0].end).toBeLessThan(3000);
    expect(plateaus[1].start).toBeGreaterThan(3000);
    expect(plateaus[1].start).toBeLessThanOrEqual(4000);
    expect(plateaus[1].end).toBeGreaterThanOrEqual(18000);
    expect(plateaus[1].end).toBeLessThan(20000);
    expect(plateaus[2].start).toBeGreaterThan(20000);
    expect(plateaus[2].start).toBeLessThanOrEqual(22000);
    expect(plateaus[2].end).toBe(100000);
  });

  it("keeps plateaus out of the transient and does not run them across a NaN", () => {
    const short = range(0, 3000);
    const erank: number[] = short.map((t) => (t < 10 ? 5 : 2));
    expect(detectPlateaus(short, erank)[0].start).toBe(10);
    erank[1500] = NaN;
    const split = detectPlateaus(short, erank);
    expect(split.map((p) => [p.start, p.end])).toEqual([
      [10, 1499],
      [1501, 3000]
    ]);
  });

  it("handles 100,000 points", () => {
    const long = range(0, 99999);
    const plateaus = detectPlateaus(long, staircase(long, [100, 1000, 5000], 0.02, 0.02, 3));
    expect(plateaus.map((p) => Math.round(p.level))).toEqual([1, 2, 3, 4]);
  });

  it("rejects mismatched or non-increasing input", () => {
    expect(() => detectPlateaus([1, 2], [1])).toThrow(/differ in length/);
    expect(() => detectPlateaus([1, 1], [1, 1])).toThrow(/steps must increase/);
    expect(() => detectPlateaus([1], [1], {window: -1})).toThrow("invalid window: -1");
  });
});

describe("plateauJumps", () => {
  it("lists the jumps at the log-time midpoints of the gaps", () => {
    const plateaus = [
      {start: 10, end: 90, level: 1},
      {start: 110, end: 900, level: 2},
      {start: 1100, end: 5000, level: 1.5}
    ];
    expect(plateauJumps(plateaus)).toEqual([
      {step: Math.round(Math.sqrt(91 * 111) - 1), start: 90, end: 110, from: 1, to: 2},
      {step: Math.round(Math.sqrt(901 * 1101) - 1), start: 900, end: 1100, from: 2, to: 1.5}
    ]);
    expect(plateauJumps([])).toEqual([]);
  });
});

describe("createPlateauMonitor", () => {
  const steps = range(0, 20000);
  const jumps = [100, 1000, 5000];

  it("reports, point by point, the plateaus the offline detector finds", () => {
    const erank = staircase(steps, jumps, 0.02, 0.03, 2);
    const monitor = createPlateauMonitor();
    const seen: Plateau[] = [];
    for (let i = 0; i < steps.length; ++i) {
      const status = monitor.push(steps[i], erank[i]);
      if (status.plateau) {
        // A merged plateau replaces the last one reported.
        if (seen.length > 0 && seen[seen.length - 1].start === status.plateau.start) seen.pop();
        seen.push(status.plateau);
      }
    }
    const all = monitor.finish();
    expect(all).toEqual(detectPlateaus(steps, erank));
    // Every plateau but the last one (still open at the end) was reported while running.
    expect(seen).toEqual(all.slice(0, -1));
  });

  it("stops once a plateau has lasted `patience` steps with a stalled loss", () => {
    const erank = staircase(steps, jumps, 0.02);
    // The loss falls at each jump and is flat on the plateaus.
    const loss = erank.map((e) => 1 - 0.2 * e);
    const monitor = createPlateauMonitor({patience: 200});
    let stop: {step: number; since?: number; level?: number; reason?: string} | undefined;
    for (let i = 0; i < steps.length && !stop; ++i) {
      const status = monitor.push(steps[i], erank[i], loss[i]);
      if (status.stop)
        stop = {step: steps[i], since: status.inPlateauSince, level: status.level, reason: status.reason};
    }
    // Plateau 1 (10 .. 94) is shorter than 200 steps; plateau 2 starts near 104, where the erank (and
    // so the loss) is still finishing its jump: the loss 200 steps back has stalled from about step
    // 113 on, so the last decided point reaches 313 at the push of step 313 e^0.05 = 329 (points are
    // decided half a window, 0.05 in ln t, after they are recorded).
    expect(stop?.reason).toBe("patience");
    expect(stop!.since).toBeGreaterThanOrEqual(100);
    expect(stop!.since).toBeLessThanOrEqual(110);
    expect(stop!.step).toBeGreaterThanOrEqual(stop!.since! + 200);
    expect(stop!.step).toBeLessThanOrEqual(335);
    expect(stop!.level).toBeCloseTo(2, 2);
  });

  it("does not stop on a plateau while the loss still falls faster than lossTolerance", () => {
    const erank = staircase(steps, jumps, 0.02);
    // 1% per 200 steps, ten times the default tolerance of 1e-3.
    const loss = steps.map((t) => Math.exp(-t / 20000));
    const monitor = createPlateauMonitor({patience: 200});
    for (let i = 0; i < steps.length; ++i) expect(monitor.push(steps[i], erank[i], loss[i]).stop).toBe(false);
    // The same run with a looser tolerance stops.
    const loose = createPlateauMonitor({patience: 200, lossTolerance: 0.05});
    let stopped = false;
    for (let i = 0; i < steps.length && !stopped; ++i) stopped = loose.push(steps[i], erank[i], loss[i]).stop;
    expect(stopped).toBe(true);
  });

  it("stops at the end of the k-th plateau when asked to", () => {
    const erank = staircase(steps, jumps, 0.02);
    const monitor = createPlateauMonitor({plateau: 2});
    for (let i = 0; i < steps.length; ++i) {
      const status = monitor.push(steps[i], erank[i]);
      if (!status.stop) continue;
      expect(status.reason).toBe("plateau");
      expect(status.completed).toBe(2);
      expect(status.plateau!.level).toBeCloseTo(2, 2);
      // Closed once the jump at 1000 is half a window under way.
      expect(steps[i]).toBeGreaterThan(status.plateau!.end);
      expect(steps[i]).toBeLessThan(1200);
      return;
    }
    throw new Error("the monitor never stopped");
  });

  it("rejects bad settings with the parameter's name", () => {
    expect(() => createPlateauMonitor({patience: -1})).toThrow("invalid patience: -1 (must be a number of steps >= 0)");
    expect(() => createPlateauMonitor({plateau: 0})).toThrow(/invalid plateau: 0/);
    expect(() => createPlateauMonitor({lossTolerance: NaN})).toThrow(/invalid lossTolerance: NaN/);
  });
});

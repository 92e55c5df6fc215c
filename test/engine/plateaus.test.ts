import {describe, expect, it} from "vitest";
import {createPlateauMonitor, detectPlateaus, plateauJumps, toleranceAt} from "../../engine/plateaus.js";
import {LineCost} from "../../engine/plateaus/lineCost.js";
import {LogBins, type LogBin} from "../../engine/plateaus/logBins.js";
import {linearPieces, LivePieces, noiseFloor} from "../../engine/plateaus/pieces.js";
import {noiseLevel, pointNoise, PointNoiseTracker} from "../../engine/plateaus/noise.js";
import {pelt} from "../../engine/plateaus/pelt.js";
import {defaultPlateauSettings} from "../../engine/plateaus/settings.js";
import {createRandom, randomNormal} from "../../engine/random.js";
import type {Plateau} from "../../engine/types.js";
import {syntheticTrajectory, type PlateauFamily} from "../../experiments/plateauDetector/generators.js";
import {scorePlateaus} from "../../experiments/plateauDetector/score.js";

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** erank(t) = 1 + one smooth unit step in log-time at each jump (width in ln t), plus seeded noise. */
function staircase(steps: number[], jumps: number[], width: number, noise = 0, seed = 1) {
  const normal = randomNormal(createRandom(seed));
  return steps.map((t) => {
    let v = 1;
    for (const j of jumps) v += sigmoid((Math.log(t + 1) - Math.log(j)) / width);
    return v + noise * normal();
  });
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

/** No two consecutive plateaus share a step, and consecutive ones less than 0.1 apart in ln t differ by more than the tolerance. */
function expectWellSeparated(plateaus: Plateau[]) {
  for (let k = 1; k < plateaus.length; ++k) {
    const before = plateaus[k - 1],
      after = plateaus[k];
    expect(before.end).toBeLessThan(after.start);
    if (Math.log((after.start + 1) / (before.end + 1)) < defaultPlateauSettings.minLogLength)
      expect(Math.abs(after.level - before.level)).toBeGreaterThan(
        toleranceAt(defaultPlateauSettings, Math.max(before.level, after.level))
      );
  }
}

describe("detectPlateaus", () => {
  const steps = range(0, 20000);
  const jumps = [100, 1000, 5000];

  it("finds the four plateaus of a clean staircase, with edges close to the jumps", () => {
    const plateaus = detectPlateaus(steps, staircase(steps, jumps, 0.02));
    // The transient ends at step 10; each jump's transition is about +-0.05 in ln t wide.
    expectBetweenJumps(plateaus, jumps, 10, 20000, 0.1);
    expect(plateaus[0].start).toBe(10);
    expect(plateaus[3].end).toBe(20000);
    for (const p of plateaus) expect(Math.abs(p.level - Math.round(p.level))).toBeLessThan(0.01);
  });

  it("finds the same plateaus under seeded noise (sd 0.03, a fifth of the tolerance)", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const plateaus = detectPlateaus(steps, staircase(steps, jumps, 0.02, 0.03, seed));
      expectBetweenJumps(plateaus, jumps, 10, 20000, 0.15);
      for (const p of plateaus) expect(Math.abs(p.level - Math.round(p.level))).toBeLessThan(0.02);
    }
  });

  it("resolves two jumps 0.154 apart in ln t, like the study's near 12,000 and 14,000 epochs", () => {
    const long = range(0, 100000);
    const plateaus = detectPlateaus(long, staircase(long, [100, 1000, 5000, 12000, 14000], 0.005));
    expect(plateaus.map((p) => Math.round(p.level))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(plateaus[4].start).toBeGreaterThan(12000);
    expect(plateaus[4].end).toBeLessThan(14000);
    expect(Math.log((plateaus[4].end + 1) / (plateaus[4].start + 1))).toBeGreaterThanOrEqual(0.1);
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

  it("never cuts a log-linear ramp into plateaus, however slow (and with noise)", () => {
    // erank = 1 + a ln(1 + t / 10): from step 10 to 20,000 it changes by a x 6.9, from 0.35 (a = 0.05,
    // slower than the old detector's slope tolerance of 0.5 by ten) to 10.4.
    for (const a of [0.05, 0.1, 0.2, 0.3, 0.5, 1, 1.5]) {
      const clean = steps.map((t) => 1 + a * Math.log(1 + t / 10));
      expect(detectPlateaus(steps, clean), `slope ${a}`).toEqual([]);
      const normal = randomNormal(createRandom(a * 1000));
      expect(
        detectPlateaus(
          steps,
          clean.map((v) => v + 0.03 * normal())
        ),
        `slope ${a}, noise 0.03`
      ).toEqual([]);
    }
  });

  it("finds the flat bottom of a sag (falling, flat, rising) and nothing in a V", () => {
    const u = (t: number) => Math.log(t + 1);
    // 3 until ln t = 5, falls to 2.2 by 6, flat to 7.5, rises to 5 by 7.7, flat to the end.
    const piecewise = (t: number, bottom: boolean) => {
      const x = u(t);
      if (x <= 5) return 3;
      if (!bottom) return x <= 6.5 ? 3 - 0.8 * (x - 5) : Math.min(5, 1.8 + 2 * (x - 6.5));
      if (x <= 6) return 3 - 0.8 * (x - 5);
      if (x <= 7.5) return 2.2;
      return Math.min(5, 2.2 + 14 * (x - 7.5));
    };
    const sag = detectPlateaus(
      steps,
      steps.map((t) => piecewise(t, true))
    );
    expect(sag.map((p) => p.level)).toEqual([3, 2.2, 5]);
    expect(Math.log((sag[1].start + 1) / Math.exp(6))).toBeLessThan(0.1);
    expect(Math.log(Math.exp(7.5) / (sag[1].end + 1))).toBeLessThan(0.1);
    const v = detectPlateaus(
      steps,
      steps.map((t) => piecewise(t, false))
    );
    expect(v.map((p) => p.level)).toEqual([3, 5]);
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
    // first recorded step after the transient, each edge is within a few recording intervals of its jump.
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
    expect(detectPlateaus(short, erank)).toEqual([{start: 10, end: 3000, level: 2}]);
    erank[1500] = NaN;
    expect(detectPlateaus(short, erank).map((p) => [p.start, p.end])).toEqual([
      [10, 1499],
      [1501, 3000]
    ]);
  });

  it("handles 100,000 points", () => {
    const long = range(0, 99999);
    const plateaus = detectPlateaus(long, staircase(long, [100, 1000, 5000], 0.02, 0.02, 3));
    expect(plateaus.map((p) => Math.round(p.level))).toEqual([1, 2, 3, 4]);
  });

  it("rejects mismatched or non-increasing input and bad settings, naming them", () => {
    expect(() => detectPlateaus([1, 2], [1])).toThrow(/differ in length/);
    expect(() => detectPlateaus([1, 1], [1, 1])).toThrow(/steps must increase/);
    expect(() => detectPlateaus([1], [1], {binWidth: -1})).toThrow("invalid binWidth: -1");
    expect(() => detectPlateaus([1], [1], {penalty: NaN})).toThrow("invalid penalty: NaN");
    expect(() => detectPlateaus([1], [1], {minPieceBins: 1.5})).toThrow("invalid minPieceBins: 1.5");
  });
});

describe("detectPlateaus on each family of the synthetic suite", () => {
  // Four seeds per family, noise sd 0.03, recorded every step to 20,000: every true plateau found,
  // nothing else, and the invariants of the definition hold.
  const families: PlateauFamily[] = ["flat", "steps", "close-jumps", "ramps", "drifts", "sags"];
  for (const family of families) {
    it(`${family}: finds each true plateau once and nothing else`, () => {
      for (const seed of [1, 2, 3, 4]) {
        const t = syntheticTrajectory(family, 1000 + seed, 0.03, {every: 1, last: 20000});
        const found = detectPlateaus(t.steps, t.erank);
        const score = scorePlateaus(t.truth, found);
        expect(score, `${family} ${t.variant}, seed ${t.seed}`).toEqual({
          detected: t.truth.length,
          truth: t.truth.length,
          matched: t.truth.length
        });
        expectWellSeparated(found);
      }
    });
  }

  it("ramps alone have no plateau at all", () => {
    let rampsOnly = 0;
    for (let seed = 0; seed < 40 && rampsOnly < 5; ++seed) {
      const t = syntheticTrajectory("ramps", seed, 0.03, {every: 1, last: 20000});
      if (t.variant !== "ramp only") continue;
      ++rampsOnly;
      expect(t.truth).toEqual([]);
      expect(detectPlateaus(t.steps, t.erank), `seed ${seed}`).toEqual([]);
    }
    expect(rampsOnly).toBe(5);
  });
});

describe("the parts of the detector", () => {
  it("PELT finds the exact optimum of optimal partitioning (brute force on small series)", () => {
    const random = createRandom(5);
    for (let trial = 0; trial < 40; ++trial) {
      const n = 3 + Math.floor(random() * 9);
      const x = Array.from({length: n}, (_, k) => k + random() * 0.5);
      const y = x.map((v) => (v > n / 2 ? 3 : 1) + random());
      const cost = new LineCost(x, y, new Array(n).fill(1));
      const c = (a: number, b: number) => cost.cost(a, b);
      for (const minSize of [1, 2, 3]) {
        const penalty = 0.05 + random();
        const starts = pelt(n, cost, penalty, minSize);
        expect(total(starts, n, c, penalty)).toBeCloseTo(bruteForce(n, c, penalty, minSize), 10);
        expect(starts[0]).toBe(0);
        const ends = [...starts.slice(1), n];
        if (n >= minSize) starts.forEach((s, k) => expect(ends[k] - s).toBeGreaterThanOrEqual(minSize));
      }
    }
  });

  it("LivePieces, extended a bin at a time, gives exactly the segmentation of the bins so far", () => {
    // Noisy enough (sd 0.05 per point, above the noise floor) that the noise level moves and the
    // segmentation restarts now and then; sparse recording, so most bins hold one point.
    for (const family of ["steps", "drifts"] as const) {
      const t = syntheticTrajectory(family, 3, 0.05, {every: 10, last: 50000});
      const bins = new LogBins(defaultPlateauSettings.binWidth);
      const live = new LivePieces(defaultPlateauSettings);
      const strip = (pieces: ReturnType<typeof linearPieces>) => pieces.map(({line, ...rest}) => rest);
      const levels = new Set<number>();
      let checked = 0;
      t.steps.forEach((step, i) => {
        if (step < defaultPlateauSettings.minStep || !bins.add(i, Math.log(step + 1), t.erank[i])) return;
        const closed: LogBin[] = bins.closed;
        expect(strip(live.update(closed)), `${family}, ${closed.length} bins`).toEqual(
          strip(linearPieces(closed, defaultPlateauSettings))
        );
        levels.add(noiseLevel(pointNoise(closed), noiseFloor(defaultPlateauSettings)));
        ++checked;
      });
      expect(checked).toBeGreaterThan(250);
      // The noise level moved (so the segmentation restarted) at least once.
      expect(levels.size).toBeGreaterThan(1);
    }
  });

  it("LineCost gives the weighted residual sum of squares of the least-squares line", () => {
    const x = [0.1, 0.5, 0.9, 1.7, 2.0, 2.2];
    const y = [1, 1.4, 1.2, 2.5, 2.4, 2.9];
    const w = [1, 2, 1, 0.5, 3, 1];
    const cost = new LineCost(x, y, w);
    for (const [a, b] of [
      [0, 5],
      [1, 3],
      [2, 4],
      [3, 3]
    ]) {
      const {slope, at} = cost.line(a, b);
      let rss = 0;
      for (let k = a; k <= b; ++k) rss += w[k] * (y[k] - at(x[k])) ** 2;
      expect(cost.cost(a, b)).toBeCloseTo(rss, 12);
      // The normal equations: the weighted residuals sum to 0 and are orthogonal to x.
      let r0 = 0,
        r1 = 0;
      for (let k = a; k <= b; ++k) ((r0 += w[k] * (y[k] - at(x[k]))), (r1 += w[k] * x[k] * (y[k] - at(x[k]))));
      expect(Math.abs(r0) + Math.abs(r1)).toBeLessThan(1e-12);
      if (a === b) expect(slope).toBe(0);
    }
  });

  it("bins points by cells of equal width in log-time, each bin the median of its points", () => {
    const bins = new LogBins(0.5);
    const points = [
      [9, 1],
      [10, 5],
      [11, 2],
      [20, 3],
      [21, 7],
      [22, 4]
    ];
    const closed = points.map(([step, value], i) => bins.add(i, Math.log(step + 1), value));
    // ln(10), ln(11), ln(12) = 2.30-2.48 share the cell [2, 2.5); ln(21..23) = 3.04-3.14 share [3, 3.5).
    expect(closed).toEqual([false, false, false, true, false, false]);
    bins.close();
    expect(bins.closed.map((b) => [b.first, b.last, b.count, b.value])).toEqual([
      [0, 2, 3, 2],
      [3, 5, 3, 4]
    ]);
    expect(bins.closed[0].x).toBeCloseTo((Math.log(10) + Math.log(11) + Math.log(12)) / 3, 12);
  });

  it("estimates the noise of one point from the binned series, whatever the trend", () => {
    const normal = randomNormal(createRandom(3));
    for (const sd of [0.01, 0.05, 0.2]) {
      const bins = new LogBins(0.02);
      // Sparse recording (one point per bin) on a curved trend with two jumps.
      for (let k = 0; k < 400; ++k) {
        const u = 2 + k * 0.02 + 0.01;
        bins.add(k, u, Math.sin(u) + (u > 4 ? 1 : 0) + (u > 7 ? 2 : 0) + sd * normal());
      }
      bins.close();
      // The tracker, updated bin by bin, gives the same value.
      const tracker = new PointNoiseTracker();
      for (let k = 1; k <= bins.closed.length; ++k) tracker.update(bins.closed.slice(0, k));
      expect(tracker.value).toBe(pointNoise(bins.closed));
      expect(pointNoise(bins.closed) / sd).toBeGreaterThan(0.85);
      expect(pointNoise(bins.closed) / sd).toBeLessThan(1.15);
    }
  });
});

/** sum of costs of the pieces starting at `starts` plus a penalty each. */
function total(starts: number[], n: number, cost: (a: number, b: number) => number, penalty: number) {
  return starts.reduce((sum, s, k) => sum + cost(s, (k + 1 < starts.length ? starts[k + 1] : n) - 1) + penalty, 0);
}

/** The optimum over every partition into pieces of at least minSize points (one piece if n < minSize). */
function bruteForce(n: number, cost: (a: number, b: number) => number, penalty: number, minSize: number): number {
  if (n < 2 * minSize) return cost(0, n - 1) + penalty;
  let best = Infinity;
  for (let mask = 0; mask < 1 << (n - 1); ++mask) {
    const starts = [0];
    for (let k = 1; k < n; ++k) if (mask & (1 << (k - 1))) starts.push(k);
    const ends = [...starts.slice(1), n];
    if (starts.some((s, k) => ends[k] - s < minSize)) continue;
    best = Math.min(best, total(starts, n, cost, penalty));
  }
  return best;
}

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

  it("never reports a zero-width jump: start < end on every family of the suite", () => {
    for (const family of ["steps", "close-jumps", "drifts", "sags"] as const)
      for (const noise of [0, 0.05])
        for (const seed of [21, 22, 23]) {
          const t = syntheticTrajectory(family, seed, noise, {every: 1, last: 20000});
          for (const jump of plateauJumps(detectPlateaus(t.steps, t.erank))) expect(jump.start).toBeLessThan(jump.end);
        }
  });
});

describe("createPlateauMonitor", () => {
  const steps = range(0, 20000);
  const jumps = [100, 1000, 5000];

  it("fed every point then finished, returns what the offline detector finds (every family)", () => {
    const cases = [
      {steps, erank: staircase(steps, jumps, 0.02, 0.03, 2)},
      ...(["flat", "steps", "close-jumps", "ramps", "drifts", "sags"] as const).map((family) =>
        syntheticTrajectory(family, 77, 0.03, {every: 10, last: 50000})
      )
    ];
    for (const {steps: s, erank} of cases) {
      const monitor = createPlateauMonitor();
      for (let i = 0; i < s.length; ++i) monitor.push(s[i], erank[i]);
      expect(monitor.finish()).toEqual(detectPlateaus(s, erank));
    }
  });

  it("decides at step t from the points up to t only", () => {
    // Two trajectories equal up to step 3000 and different after: every status up to 3000 is the same.
    const a = staircase(steps, jumps, 0.02, 0.03, 4);
    const b = a.map((v, i) => (steps[i] > 3000 ? v + 2 : v));
    const ma = createPlateauMonitor({plateau: 2}),
      mb = createPlateauMonitor({plateau: 2});
    for (let i = 0; steps[i] <= 3000; ++i) expect(mb.push(steps[i], b[i])).toEqual(ma.push(steps[i], a[i]));
  });

  it("reports each plateau as it closes, and the one in progress", () => {
    const erank = staircase(steps, jumps, 0.02);
    const monitor = createPlateauMonitor();
    const seen: Plateau[] = [];
    let since: number | undefined;
    for (let i = 0; i < steps.length; ++i) {
      const status = monitor.push(steps[i], erank[i]);
      if (status.plateau) seen.push(status.plateau);
      since = status.inPlateauSince;
      expect(status.completed).toBe(monitor.plateaus.length);
    }
    const all = monitor.finish();
    expect(seen.map((p) => Math.round(p.level))).toEqual([1, 2, 3]);
    // The last plateau is still in progress at the end.
    expect(since).toBe(all[3].start);
  });

  it("moves through its states: outside the transient, searching, in a plateau, finished", () => {
    const erank = staircase(steps, jumps, 0.005);
    const monitor = createPlateauMonitor();
    const visited: string[] = [];
    for (let i = 0; i < steps.length; ++i) {
      monitor.push(steps[i], erank[i]);
      if (visited.at(-1) !== monitor.state) visited.push(monitor.state);
    }
    monitor.finish();
    visited.push(monitor.state);
    // Outside until the first bin after the transient closes; then each of the four plateaus is in
    // progress until the bins of the next jump close it.
    expect(visited[0]).toBe("outside");
    expect(visited.at(-1)).toBe("finished");
    expect(visited.filter((s) => s === "inPlateau").length).toBe(4);
    expect(visited.slice(1, -1).every((s) => s === "searching" || s === "inPlateau")).toBe(true);
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
    // Plateau 1 (10 .. 94) is shorter than 200 steps; plateau 2 starts near 104, and the monitor sees
    // it once a bin closes (bins are 2% of the step wide): it has lasted 200 steps with a stalled loss
    // at a step in 304 .. 330.
    expect(stop?.reason).toBe("patience");
    expect(stop!.since).toBeGreaterThanOrEqual(100);
    expect(stop!.since).toBeLessThanOrEqual(110);
    expect(stop!.step).toBeGreaterThanOrEqual(stop!.since! + 200);
    expect(stop!.step).toBeLessThanOrEqual(330);
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
      // Closed once the jump at 1000 is under way (a bin or two after the plateau's end).
      expect(steps[i]).toBeGreaterThan(status.plateau!.end);
      expect(steps[i]).toBeLessThan(1200);
      return;
    }
    throw new Error("the monitor never stopped");
  });

  it("rejects bad settings with the parameter's name, and points after finish", () => {
    expect(() => createPlateauMonitor({patience: -1})).toThrow("invalid patience: -1 (must be a number of steps >= 0)");
    expect(() => createPlateauMonitor({plateau: 0})).toThrow(/invalid plateau: 0/);
    expect(() => createPlateauMonitor({lossTolerance: NaN})).toThrow(/invalid lossTolerance: NaN/);
    expect(() => createPlateauMonitor({tolerance: 0})).toThrow(/invalid tolerance: 0/);
    const monitor = createPlateauMonitor();
    monitor.push(10, 1);
    monitor.finish();
    expect(() => monitor.push(11, 1)).toThrow(/finished/);
  });
});

describe("where a jump happens", () => {
  it("is where the effective rank crosses halfway between the levels, not the middle of the gap", () => {
    // A plateau at 3, a sag to 2, a climb to 7 near step 8,000, a plateau at 7.
    const steps = Array.from({length: 20001}, (_, t) => t);
    const erank = steps.map((t) =>
      t <= 2000 ? 3 : t < 6000 ? 3 - (t - 2000) / 4000 : t < 8000 ? 2 : t < 8200 ? 2 + (5 * (t - 8000)) / 200 : 7
    );
    const plateaus = [
      {start: 1000, end: 2000, level: 3},
      {start: 8200, end: 20000, level: 7}
    ];
    const [jump] = plateauJumps(plateaus, {step: steps, effectiveRank: erank});
    // Halfway between 3 and 7 is 5, crossed at step 8,120; the gap's log-time middle would be about 4,050.
    expect(jump.step).toBe(8120);
    expect(plateauJumps(plateaus)[0].step).toBe(Math.round(Math.sqrt(2001 * 8201) - 1));
  });
});

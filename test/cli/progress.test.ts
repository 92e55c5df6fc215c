import {describe, expect, it} from "vitest";
import {createProgress, formatDuration, formatProgress} from "../../cli/progress.js";
import type {StepRecord} from "../../engine/types.js";

const record = (step: number): StepRecord => ({
  step,
  timeMs: step,
  relativeError: 0.5,
  error: 10,
  objective: 10,
  effectiveRank: 3.14159,
  nuclearRatio: 2,
  stableRank: 1.5,
  modesLearned: 2,
  cosineSeparation: 0,
  singularValues: new Float64Array([3, 2]),
  modeAlignment: new Float64Array([0.9, 0.6])
});

/** Runs a fake fit of `steps` steps, one per `msPerStep`, and returns what reached the stream. */
function run(isTTY: boolean, steps: number, msPerStep: number): string {
  let clock = 0;
  let output = "";
  const progress = createProgress({stream: {isTTY, write: (s) => (output += s)}, totalSteps: steps, now: () => clock});
  for (let step = 0; step <= steps; ++step, clock += msPerStep) progress.update(record(step));
  progress.finish();
  return output;
}

describe("createProgress", () => {
  it("stays quiet for runs shorter than a second", () => {
    expect(run(true, 90, 10)).toBe("");
    expect(run(false, 90, 10)).toBe("");
  });

  it("prints a line every five seconds when the stream is not a terminal", () => {
    const lines = run(false, 1200, 10).split("\n").filter(Boolean);
    // 12 s: lines at 1 s, 6 s and 11 s.
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("step 100/1200  100 steps/s  ETA 11.0s  rel. error 0.5000  eff. rank 3.14");
  });

  it("rewrites one line in place on a terminal and erases it at the end", () => {
    const output = run(true, 300, 10);
    expect(output.startsWith("\rstep 100/300")).toBe(true);
    expect(output.split("\r").filter(Boolean)).toHaveLength(11 + 1); // 1 s to 3 s every 200 ms, then the erase
    expect(output.endsWith("\r\x1b[K")).toBe(true);
    expect(output).not.toContain("\n");
  });
});

describe("formatProgress and formatDuration", () => {
  it("gives rate, ETA, error and effective rank", () => {
    expect(formatProgress(record(50), 100, 0.025)).toBe(
      "step 50/100  25 steps/s  ETA 2.0s  rel. error 0.5000  eff. rank 3.14"
    );
    expect(formatProgress(record(0), 100, 0)).toContain("ETA ?");
  });

  it("formats durations from milliseconds to hours", () => {
    expect([formatDuration(250), formatDuration(1500), formatDuration(119_900), formatDuration(7_380_000)]).toEqual([
      "250ms",
      "1.5s",
      "1m59s",
      "2h03m"
    ]);
  });
});

describe("progress with sparse recording", () => {
  it("shows progress between recorded steps (--record-every 600), with the last recorded metrics", async () => {
    const [{fit}, {loadData}] = await Promise.all([import("../../engine/fit.js"), import("../../datasets/index.js")]);
    const {X} = await loadData("mnist:50");
    let clock = 0;
    let output = "";
    const progress = createProgress({
      stream: {isTTY: false, write: (s) => (output += s)},
      totalSteps: 1200,
      now: () => (clock += 10) // 10 ms per step
    });
    const onRecord = progress.update;
    fit(X, {model: "mu", ranks: [2], iterations: 1200, recordEvery: 600, onRecord, onStep: progress.step});
    progress.finish();
    // 12 s of fake time: lines at 1 s, 6 s and 11 s, the first two between the records at 0, 600 and 1200.
    const lines = output.split("\n").filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^step 99\/1200  100 steps\/s  ETA 11\.0s  rel\. error \d\.\d{4}  eff\. rank \d\.\d\d \(at step 0\)$/
    );
    expect(lines[1]).toMatch(/^step 599\/1200 .* \(at step 0\)$/);
    expect(lines[2]).toMatch(/^step 109\d\/1200  \d+ steps\/s .* \(at step 600\)$/);
  });
});

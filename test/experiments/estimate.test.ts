// What an experiment would cost, from short timed fits: the numbers behind docs/experiments.md's full-profile table.
import {describe, expect, it} from "vitest";
import {estimateExperiment, machinesFor, type ExperimentEstimate} from "../../experiments/estimate.js";
import {nmf} from "../helpers/cli.js";

const estimate = (runSeconds: number[]): ExperimentEstimate => ({
  experiment: "x",
  profile: "full",
  runs: runSeconds.length,
  steps: 0,
  cpuSeconds: runSeconds.reduce((a, b) => a + b, 0),
  longestSeconds: Math.max(...runSeconds),
  runSeconds,
  runKeys: runSeconds.map((_, i) => String(i)),
  configurations: 1,
  cpu: "test"
});

describe("experiment estimates", () => {
  it("count the machines whose cores, dealt the runs longest first, all finish within the hour", () => {
    expect(machinesFor(estimate([1000, 1000]), 1, 2)).toBe(1);
    // Five runs of 40 minutes: two per core cannot fit an hour, so five cores, three 2-core machines.
    expect(machinesFor(estimate([2400, 2400, 2400, 2400, 2400]), 1, 2)).toBe(3);
    expect(machinesFor(estimate([3000, 1000, 1000, 1000]), 1, 2)).toBe(1);
    expect(machinesFor(estimate([3000, 3000, 1000]), 1, 2)).toBe(2);
    expect(machinesFor(estimate([4000, 10]), 1, 2)).toBeUndefined();
  });

  it("time each configuration once and scale it by every run's steps", {timeout: 120_000}, async () => {
    const e = await estimateExperiment("lab-presets", {profile: "quick", steps: 5});
    expect(e.runs).toBe(e.runSeconds.length);
    expect(e.configurations).toBeGreaterThan(0);
    expect(e.configurations).toBeLessThanOrEqual(e.runs);
    expect(e.runSeconds.every((s) => s > 0 && Number.isFinite(s))).toBe(true);
    expect(e.cpuSeconds).toBeCloseTo(
      e.runSeconds.reduce((a, b) => a + b, 0),
      9
    );
    expect(e.longestSeconds).toBe(Math.max(...e.runSeconds));
  });

  it("print one line per experiment, and refuse --out beside --estimate", {timeout: 120_000}, async () => {
    const ok = await nmf("experiment", "lab-presets", "--estimate", "--profile", "quick");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^lab-presets \(quick\): \d+ runs, [\d,]+ steps, \d+ configurations timed; .+ on one core, longest run .+; under an hour on 1 machine of \d+ cores \(.+\)\n$/
    );
    const bad = await nmf("experiment", "lab-presets", "--estimate", "--out", "somewhere");
    expect([bad.code, bad.stdout]).toEqual([2, ""]);
    expect(bad.stderr).toMatch(/^nmf: --estimate runs nothing and writes nothing: drop --out and --shard\n$/);
  });
});

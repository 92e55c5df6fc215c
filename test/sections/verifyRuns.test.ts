// The stored runs that "Verify this figure" reruns, read from the tables (src/components/storedRun.ts,
// src/sections/lowRankBias/verifyStop.ts, src/sections/solvers/verify.ts).
import {describe, expect, it} from "vitest";
import {endText, largestDifference, storedRun} from "../../src/components/storedRun.js";
import {firstStopRun, storedStop} from "../../src/sections/lowRankBias/verifyStop.js";
import {solverRuns} from "../../src/sections/solvers/verify.js";
import {experimentTable} from "./sectionFixtures.js";

const fit = (seed: number) => ({model: "deep", ranks: [20, 10], iterations: 1000, seed, recordEvery: 1});
const rules = [{patience: 200}, {patience: 100, lossTolerance: 0.03}];

/** The early-stopping tables: the full run of seed 112 on mnist:500 and two rules, the second fired at step 400. */
function earlyStoppingTables() {
  const row = {data: "mnist:500", dataHash: "abc", dataSeed: 112, seed: 112};
  const runs = experimentTable(
    [
      {...row, run: "full", steps: 1000, stopReason: "iterations"},
      {...row, run: "stop-1", steps: 1000, stopReason: "iterations"},
      {...row, run: "stop-2", steps: 400, stopReason: "plateau"}
    ],
    {
      meta: {
        experiment: "early-stopping",
        runs: [
          // Another seed, and the same seed on other images, come first: the stop must pick seed 112 on mnist:500.
          {id: "seed-113", data: {spec: "mnist:500", dataSeed: 112}, fit: fit(113), capture: {earlyStops: rules}},
          {id: "seed-112", data: {spec: "fashion:500", dataSeed: 112}, fit: fit(112), capture: {earlyStops: []}},
          {id: "seed-112", data: {spec: "mnist:500", dataSeed: 112}, fit: fit(112), capture: {earlyStops: rules}}
        ]
      }
    }
  );
  const steps = [0, 100, 200, 300, 400, 500, 1000];
  const trajectories = experimentTable(steps.map((step) => ({run: "full", step, relativeError: 1 / (1 + step)})));
  return {runs, trajectories};
}

describe("the early stop's stored run", () => {
  it("is the full run's fit with the rule as earlyStop, its curve up to the stop, ending on a plateau", () => {
    const stop = storedStop(earlyStoppingTables(), "stop-2");
    expect(stop.options).toEqual({...fit(112), earlyStop: rules[1]});
    expect(stop).toMatchObject({data: "mnist:500", dataHash: "abc", end: {iterations: 400, stopReason: "plateau"}});
    expect(stop.steps).toEqual([0, 100, 200, 300, 400]);
    expect(stop.relativeError).toEqual(stop.steps.map((step) => 1 / (1 + step)));
    expect(endText(stop.end)).toBe("at step 400, stopped by the plateau rule");
  });

  it("is the first rule to fire, or none when none fires", () => {
    const tables = earlyStoppingTables();
    expect(firstStopRun(tables, {first: {run: "stop-2"} as never})?.end.iterations).toBe(400);
    expect(firstStopRun(tables, {})).toBeUndefined();
  });

  it("refuses a stop the tables do not hold, naming it", () => {
    expect(() => storedStop(earlyStoppingTables(), "stop-3")).toThrow(/invalid stop: stop-3/);
    expect(() => storedStop(earlyStoppingTables(), "full")).toThrow(/invalid stop: full/);
  });
});

describe("the solvers' stored runs at one rank", () => {
  const ids = ["mu-5", "hals-5", "adam-5", "mu-10", "hals-10", "adam-10"];
  const runs = experimentTable(
    ids.map((run) => ({
      run,
      model: run.split("-")[0],
      r1: Number(run.split("-")[1]),
      data: "mnist:500",
      dataHash: "abc",
      steps: 30,
      stopReason: "iterations"
    })),
    {meta: {runs: ids.map((id) => ({id, fit: {model: id.split("-")[0], iterations: 30}}))}}
  );
  const trajectories = experimentTable(ids.flatMap((run) => [0, 30].map((step) => ({run, step, relativeError: 0.5}))));

  it("are the three solvers' runs at that rank, each named by its solver", () => {
    const stored = solverRuns({runs, trajectories}, 10);
    expect(stored.map((run) => run.label)).toEqual(["MU", "HALS", "Adam"]);
    expect(stored.map((run) => run.options.model)).toEqual(["mu", "hals", "adam"]);
    expect(stored.every((run) => run.steps.join() === "0,30")).toBe(true);
    expect(stored[0].end).toEqual({iterations: 30, stopReason: "iterations"});
  });

  it("compare with a rerun at the stored steps only, NaN when the rerun gave NaN", () => {
    const stored = storedRun(runs, trajectories, "mu-5");
    expect(largestDifference(stored, new Map([[30, 0.5 + 2 ** -20]]))).toEqual({value: 2 ** -20, compared: 1});
    expect(largestDifference(stored, new Map([[7, 1]]))).toEqual({value: 0, compared: 0});
    expect(largestDifference(stored, new Map([[0, NaN]])).value).toBeNaN();
  });
});

// @vitest-environment jsdom
import {describe, expect, it, vi} from "vitest";
import {arrowFileBytes, makeArrowTable} from "../../io/arrow.js";
import {
  digitSample,
  headlineCurves,
  headlineMoments,
  headlineRun,
  studyVerdictTable
} from "../../src/sections/home/index.js";
import {experimentTable, rendered} from "./sectionFixtures.js";

// The browser runs the engine's bundle (src/vendor/engine.js, built by `npm run build`); tests run its source.
vi.mock("../../src/components/browserEngine.js", async () => ({engine: await import("../../engine/index.js")}));

const runs = experimentTable([
  {run: "other", seed: 7, data: "mnist:500"},
  {run: "study", seed: 112, data: "mnist:500"}
]);

/** Plateaus of `study` (lengths 10, 100, 60, 150, 40 steps) and one of another run. */
const plateaus = experimentTable([
  {run: "study", start: 10, end: 20, level: 0.5},
  {run: "study", start: 30, end: 130, level: 1},
  {run: "study", start: 200, end: 260, level: 2},
  {run: "study", start: 300, end: 450, level: 3},
  {run: "study", start: 520, end: 560, level: 4},
  {run: "other", start: 0, end: 5000, level: 9}
]);

const snapshot = (run: string, step: number) => ({
  run,
  step,
  kind: "regular",
  component: 0,
  scale: 1,
  pixels: new Uint8Array(4)
});
const snapshots = experimentTable(
  [...[0, 50, 120, 250, 400, 500, 1000].map((step) => snapshot("study", step)), snapshot("other", 125)],
  {shape: [2, 2, 1]}
);
const trajectories = experimentTable(
  [0, 500, 900, 1000].map((step, k) => ({run: "study", step, effectiveRank: [1, 4.1, 4.5, 4.56][k]}))
);
const tables = {runs, plateaus, snapshots, trajectories};

describe("the home page's headline", () => {
  it("is the run with the study's seed 112, else the first run", () => {
    expect(headlineRun(runs).run).toBe("study");
    expect(headlineRun(experimentTable([{run: "a", seed: 1}])).run).toBe("a");
    expect(() => headlineRun(experimentTable([]))).toThrow(/no run/);
  });

  it("shows the four longest plateaus in time order at their last snapshot, then the end of training", () => {
    expect(headlineMoments(tables, headlineRun(runs))).toEqual([
      {step: 120, label: "erank 1.00 · step 120"},
      {step: 250, label: "erank 2.00 · step 250"},
      {step: 400, label: "erank 3.00 · step 400"},
      // No snapshot inside [520, 560]: the last one before its end.
      {step: 500, label: "erank 4.00 · step 500"},
      {step: 1000, label: "erank 4.56 · step 1,000"}
    ]);
  });

  it("does not repeat the end of training when the last plateau ends there", () => {
    const last = experimentTable([{run: "study", start: 900, end: 1000, level: 4.5}]);
    expect(headlineMoments({...tables, plateaus: last}, headlineRun(runs))).toEqual([
      {step: 1000, label: "erank 4.50 · step 1,000"}
    ]);
  });

  it("counts the run's plateaus in the caption of its curve", () => {
    const run = headlineRun(runs);
    const text = rendered(headlineCurves(tables, run, headlineMoments(tables, run)));
    expect(text).toContain("plateaus found by the detector (5)");
    expect(text).toContain("Seed 112");
  });
});

describe("the home page's digits", () => {
  /** Three 2 x 2 digits: two strokes on the first pixel, one on the second. */
  const bytes = arrowFileBytes(
    makeArrowTable(
      {
        index: Int32Array.from([0, 1, 2]),
        label: Int32Array.from([1, 1, 7]),
        pixels: {listSize: 4, values: Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0])}
      },
      {
        shape: "[2, 2, 1]",
        provenance: JSON.stringify({spec: "mnist:2000", subset: 2000, dataSeed: 112, hash: "abc"})
      }
    )
  );

  it("computes the mean image, its cosine with X's first right singular vector, and each digit's intensity", () => {
    const sample = digitSample(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    );
    expect(Array.from(sample.mean)).toEqual([2 / 3, 1 / 3, 0, 0].map((v) => expect.closeTo(v, 12)));
    // XᵀX = diag(2, 1, 0, 0): the first right singular vector is the first pixel, cos = (2/3) / ‖mean‖ = 2/√5.
    expect(sample.meanCosine).toBeCloseTo(2 / Math.sqrt(5), 6);
    expect(sample.frobeniusSquared).toBeCloseTo(3, 6);
    expect(sample.intensities).toEqual([
      {label: 1, intensity: 0.25},
      {label: 1, intensity: 0.25},
      {label: 7, intensity: 0.25}
    ]);
    expect(sample.configuration).toBe(
      "mnist:2000 (2000 of the embedded MNIST's 10,000 digits picked by data seed 112; content hash abc)"
    );
  });
});

describe("the home page's verdicts", () => {
  it("lists the claims of every experiment, each linked to the section that shows it", () => {
    const verdict = (experiment: string, claim: string) => ({
      experiment,
      claim,
      replicate: "mnist",
      replicateLabel: "MNIST",
      statement: `${claim} holds`,
      verdict: "agrees",
      sentence: "agrees: measured 1",
      measured: 1,
      source: "the study"
    });
    const table = studyVerdictTable({
      losses: experimentTable([verdict("losses", "layerwise-fast")]),
      inits: experimentTable([verdict("inits", "small-steps")])
    });
    const links = Array.from(table.querySelectorAll("a"), (a) => a.getAttribute("href"));
    expect(links).toEqual(["./deep-nmf#losses", "./solvers#initializations"]);
    expect(table.textContent).toContain("layerwise-fast holds");
  });
});

// @vitest-environment jsdom
import {beforeAll, describe, expect, it} from "vitest";
import {dataReference} from "../../src/components/experimentTables.js";
import {
  deepVerdictTable,
  depthCurves,
  lossGrid,
  lossName,
  pairCurves,
  pairInput,
  pairKeys,
  pairTable
} from "../../src/sections/deepNmf/index.js";
import {installCanvasRecorder} from "../components/dom.js";
import {experimentTable, referenceTable, rendered} from "./sectionFixtures.js";

beforeAll(installCanvasRecorder);

const run = (r1: number, r2: number, loss: string) => ({
  run: `${loss}-${r1}-${r2}`,
  model: "deep",
  r1,
  r2,
  ranks: `${r1},${r2}`,
  loss,
  iterations: 400,
  seed: 112,
  effectiveRank: 3,
  relativeError: 0.3,
  gap: 0.01
});
const pairsOf = (list: [number, number][]) => list.flatMap(([a, b]) => [run(a, b, "global"), run(a, b, "layerwise")]);

/** The losses experiment's tables with the given (r1, r2) pairs. */
function losses(list: [number, number][]) {
  const runs = pairsOf(list);
  return {
    runs: experimentTable(runs),
    trajectories: experimentTable(
      runs.flatMap((r) =>
        [0, 10, 100].map((step) => ({
          run: r.run,
          step,
          relativeError: 1 / (step + 1),
          effectiveRank: 1,
          nuclearRatio: 1
        }))
      )
    ),
    plateaus: experimentTable([{run: "global-40-20", start: 10, end: 100, level: 1}]),
    pairs: experimentTable([
      {
        replicate: "mnist",
        r1: 40,
        r2: 20,
        globalEffectiveRank: 2.345,
        layerwiseEffectiveRank: 5.5,
        globalRelativeError: 0.123456,
        layerwiseRelativeError: 0.2,
        globalConverged: true,
        layerwiseConverged: false
      },
      {
        replicate: "fashion",
        r1: 40,
        r2: 20,
        globalEffectiveRank: 9,
        layerwiseEffectiveRank: 9,
        globalRelativeError: 0.9,
        layerwiseRelativeError: 0.9,
        globalConverged: true,
        layerwiseConverged: true
      }
    ]),
    verdicts: experimentTable([])
  };
}

describe("the Deep NMF page's losses", () => {
  it("names the layer-wise loss with a hyphen and keeps the others", () => {
    expect(lossName({loss: "layerwise"})).toBe("layer-wise");
    expect(lossName({loss: "global"})).toBe("global");
  });

  it("shows the study's example pair (40, 20) first when it ran, else the last pair", () => {
    const both = losses([
      [20, 10],
      [40, 20],
      [60, 30]
    ]);
    expect(pairKeys(both)).toEqual(["20,10", "40,20", "60,30"]);
    expect(pairInput(both).value).toBe("40,20");
    expect(
      pairInput(
        losses([
          [20, 10],
          [60, 30]
        ])
      ).value
    ).toBe("60,30");
  });

  it("draws the two losses of one pair against the bound at rank r2", () => {
    const tables = losses([
      [20, 10],
      [40, 20]
    ]);
    const reference = dataReference(
      referenceTable(
        "mnist:500",
        Array.from({length: 30}, (_, i) => 30 - i)
      )
    );
    const text = rendered(pairCurves(tables, "40,20", reference));
    expect(text).toContain("Deep NMF (40, 20) with the two losses");
    expect(text).toContain("Eckart–Young bound, rank 20");
    expect(text).toContain("global");
    expect(text).toContain("layer-wise");
    expect(text).not.toContain("(20, 10)");
  });

  it("tabulates the MNIST pairs only, with both losses side by side", () => {
    const text = pairTable(losses([[40, 20]])).textContent ?? "";
    expect(text).toContain("(40, 20)");
    expect(text).toContain("2.35");
    expect(text).toContain("0.123");
    expect(text).toContain("yes, no");
    expect(text).not.toContain("9.00");
  });

  it("states the epochs of the grid's runs in its caption", () => {
    expect(rendered(lossGrid(losses([[40, 20]]), "effectiveRank"))).toContain("one run after 400 epochs");
  });

  it("links the verdicts of losses and depth to their sections", () => {
    const verdict = (experiment: string) => ({
      experiment,
      claim: `${experiment}-claim`,
      replicate: "mnist",
      replicateLabel: "MNIST",
      statement: "a claim",
      verdict: "untested",
      sentence: "not judged",
      source: "the study"
    });
    const table = deepVerdictTable(
      {verdicts: experimentTable([verdict("losses")])},
      {verdicts: experimentTable([verdict("depth")])}
    );
    expect(Array.from(table.querySelectorAll("a"), (a) => a.getAttribute("href"))).toEqual(["#losses", "#depth"]);
  });
});

describe("the Deep NMF page's depth", () => {
  it("names each run by its depth and init family, against the bound at rank 10", () => {
    const runs = [1, 2].map((depth) => ({run: `d${depth}`, depth, group: "matched", model: "deep", seed: 112}));
    const tables = {
      runs: experimentTable(runs),
      trajectories: experimentTable(
        runs.flatMap((r) => [1, 10].map((step) => ({run: r.run, step, relativeError: 0.5, effectiveRank: 2})))
      )
    };
    const reference = dataReference(
      referenceTable(
        "mnist:500",
        Array.from({length: 12}, (_, i) => 12 - i)
      )
    );
    const text = rendered(depthCurves(tables, reference));
    expect(text).toContain("depth 1, matched init");
    expect(text).toContain("depth 2, matched init");
    expect(text).toContain("Eckart–Young bound, rank 10");
  });
});

import {describe, expect, it} from "vitest";
import {depthRows} from "../../src/sections/deepNmf/depthTable.js";
import {experimentTable} from "./sectionFixtures.js";

const run = (group: string, depth: number, relativeError: number, effectiveRank: number) => ({
  run: `${group}-depth-${depth}`,
  group,
  depth,
  relativeError,
  effectiveRank
});

describe("the depth sweep's final numbers", () => {
  it("gives one row per depth with each init family's error and effective rank, the lowest error marked", () => {
    const runs = experimentTable([
      run("study", 2, 5.572, 2.737),
      run("study", 1, 0.6228, 4.9447),
      run("study", 3, 1470.2, 1.24),
      run("matched", 1, 0.337, 7.48),
      run("matched", 2, 0.3361, 7.53)
    ]);
    expect(depthRows({runs})).toEqual([
      {
        depth: 1,
        "study init: error": "0.623 (lowest)",
        "study init: effective rank": "4.94",
        "matched init: error": "0.337",
        "matched init: effective rank": "7.48"
      },
      {
        depth: 2,
        "study init: error": "5.57",
        "study init: effective rank": "2.74",
        "matched init: error": "0.336 (lowest)",
        "matched init: effective rank": "7.53"
      },
      {
        depth: 3,
        "study init: error": "1.47e+3",
        "study init: effective rank": "1.24",
        "matched init: error": "n/a",
        "matched init: effective rank": "n/a"
      }
    ]);
  });

  it("has no row without runs", () => {
    expect(depthRows({runs: experimentTable([])})).toEqual([]);
  });
});

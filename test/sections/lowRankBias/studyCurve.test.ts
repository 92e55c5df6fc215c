// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {medianCell, studyCurve, studyCurveTable} from "../../../src/sections/lowRankBias/studyCurve.js";

const summary = [
  {replicate: "mnist", quantity: "peak", label: "early peak", median: 3.49, min: 3.23, max: 3.59, count: 4, seeds: 4},
  {
    replicate: "mnist",
    quantity: "jump1Step",
    label: "earlier jump",
    median: 12000,
    min: 11500,
    max: 12500,
    count: 2,
    seeds: 4
  },
  {
    replicate: "mnist",
    quantity: "jump2Step",
    label: "later jump",
    median: null,
    min: null,
    max: null,
    count: 0,
    seeds: 4
  },
  {
    replicate: "fashion",
    quantity: "final",
    label: "final effective rank",
    median: 2.58,
    min: 2.5,
    max: 2.6,
    count: 2,
    seeds: 2
  }
];
const verdicts = [
  {replicate: "mnist", claim: "rise-sag", verdict: "agrees"},
  {replicate: "fashion", claim: "final-level", verdict: "disagrees"},
  {replicate: "mnist", claim: "late-jumps", verdict: "untested"}
];
const headline = {
  reference: {effectiveRank: 95.123} as never,
  endRank: 10,
  truncatedEffectiveRank: 6.789
};

describe("the study's curve beside ours", () => {
  it("prints a median over the seeds as the seed summary does, and says when no seed has it", () => {
    expect(medianCell(summary[0], "peak")).toBe("3.49 [3.23 – 3.59]");
    expect(medianCell(summary[1], "jump1Step")).toBe("12,000 [11,500 – 12,500] (2 of 4 seeds)");
    expect(medianCell(summary[2], "jump2Step")).toBe("none of 4 seeds");
    expect(medianCell(undefined, "peak")).toBe("n/a");
  });

  it("gives one row per statement of the study with MNIST's median and verdict, then X's effective ranks", () => {
    const table = studyCurveTable(summary, verdicts, headline);
    const rows = Array.from(table.tBodies[0].rows, (tr) => Array.from(tr.cells, (cell) => cell.textContent));
    expect(rows).toHaveLength(studyCurve.length + 2);
    expect(rows[0]).toEqual(["rises fast to about 3: early peak", "3.49 [3.23 – 3.59]", "agrees"]);
    expect(rows[1]).toEqual(["sags to about 2", "n/a", "agrees"]);
    expect(rows[3]).toEqual([
      "a jump near 12,000 epochs: earlier jump",
      "12,000 [11,500 – 12,500] (2 of 4 seeds)",
      "untested"
    ]);
    // Fashion-MNIST's rows are not MNIST's: no final level and no verdict for it here.
    expect(rows[5]).toEqual(["ends at about 7.5, below the bound of 10", "n/a", "—"]);
    expect(rows.at(-2)).toEqual(["effective rank of X (the study's X: 284.12)", "95.12", "—"]);
    expect(rows.at(-1)).toEqual(["effective rank of X's best rank-10 approximation", "6.79", "—"]);
    expect(table.querySelectorAll(".verdict-agrees")).toHaveLength(2);
  });
});

// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {referenceRows, referenceTable} from "../../src/sections/flowers/reference.js";

const reference = {effectiveRank: 152.345, stableRank: 1.4321, eckartYoung: Float64Array.of(0.5, 0.4, 0.31234)};

describe("the flowers matrix's numbers", () => {
  it("gives both ranks and the Eckart–Young bound at the solvers' rank, n/a beyond the spectrum", () => {
    expect(referenceRows(reference, 3)).toEqual([
      {quantity: "effective rank of the flowers", value: "152.3"},
      {quantity: "stable rank of the flowers", value: "1.43"},
      {quantity: "lowest relative error of a rank-3 matrix (Eckart–Young)", value: "0.3123"}
    ]);
    expect(referenceRows(reference, 10)[2].value).toBe("n/a");
  });

  it("draws them as a table the keyboard can reach", () => {
    const table = referenceTable(reference, 3);
    expect(table.tabIndex).toBe(0);
    expect(table.textContent).toContain("0.3123");
  });
});

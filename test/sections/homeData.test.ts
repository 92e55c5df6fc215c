import {describe, expect, it} from "vitest";
import {dataRows} from "../../src/sections/home/dataNumbers.js";

const reference = {
  data: "mnist:500",
  effectiveRank: 95.1234,
  stableRank: 1.0578,
  eckartYoung: Float64Array.from({length: 20}, (_, k) => 0.5 - k * 0.01)
};

describe("the home page's numbers about the data", () => {
  it("gives the size, the provenance, both ranks and the Eckart–Young bounds at ranks 10 and 20", () => {
    const data = {spec: "mnist:500", source: "MNIST training set", m: 500, n: 784, dataSeed: 112, hash: "x"};
    expect(dataRows(data, reference)).toEqual([
      {quantity: "digits (rows, m)", value: "500"},
      {quantity: "pixels (columns, n)", value: "784"},
      {quantity: "source", value: "mnist:500: MNIST training set, data seed 112"},
      {quantity: "effective rank", value: "95.1"},
      {quantity: "stable rank", value: "1.06"},
      {quantity: "lowest relative error of a rank-10 matrix (Eckart–Young)", value: "0.410"},
      {quantity: "lowest relative error of a rank-20 matrix (Eckart–Young)", value: "0.310"}
    ]);
  });

  it("says n/a for what the metadata or the spectrum lacks", () => {
    const rows = dataRows(undefined, {...reference, eckartYoung: Float64Array.of(0.5)});
    expect(rows.map((r) => r.value)).toEqual(["n/a", "n/a", "mnist:500", "95.1", "1.06", "n/a", "n/a"]);
  });
});

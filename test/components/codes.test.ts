import {describe, expect, it} from "vitest";
import {nonNegativeCodes} from "../../src/components/codes.js";

describe("nonNegativeCodes", () => {
  it("recovers the non-negative coefficients of images built from the signatures", () => {
    const H = {rows: 2, cols: 3, data: [1, 0, 1, 0, 1, 1]};
    const W = [2, 0.5, 0, 3];
    const X = {rows: 2, cols: 3, data: [2, 0.5, 2.5, 0, 3, 3]}; // X = W H
    const codes = Array.from(nonNegativeCodes(X, H));
    codes.forEach((v, k) => expect(v).toBeCloseTo(W[k], 10));
  });

  it("keeps coefficients at zero where least squares would make them negative", () => {
    const H = {rows: 2, cols: 2, data: [1, 0, 1, 1]};
    const codes = nonNegativeCodes({rows: 1, cols: 2, data: [0, 1]}, H);
    expect(codes[0]).toBe(0);
    expect(codes[1]).toBeCloseTo(0.5, 10);
  });
});

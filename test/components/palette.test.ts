import {describe, expect, it} from "vitest";
import {greyPalette, parseColor, schemePalette} from "../../src/components/palette.js";

describe("palettes", () => {
  it("parses #rrggbb, #rgb and rgb() colours and names a bad one", () => {
    expect(parseColor("#440154")).toEqual([68, 1, 84]);
    expect(parseColor("#fff")).toEqual([255, 255, 255]);
    expect(parseColor("rgb(12, 34, 56)")).toEqual([12, 34, 56]);
    expect(() => parseColor("red")).toThrow('invalid colour: "red"');
  });

  it("samples Plot's inferno from black-purple to pale yellow, and grey ramps both ways", () => {
    const inferno = schemePalette("inferno");
    expect(Array.from(inferno.subarray(0, 3))).toEqual([0, 0, 4]);
    expect(Array.from(inferno.subarray(765, 768))).toEqual([252, 255, 164]);
    expect(Array.from(greyPalette().subarray(765, 768))).toEqual([255, 255, 255]);
    expect(Array.from(greyPalette(true).subarray(765, 768))).toEqual([0, 0, 0]);
  });
});

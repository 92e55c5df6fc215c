// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {plateauExamples} from "../../src/components/plateauExamples.js";

const rows = ["steps", "ramps"].flatMap((family) =>
  [1, 10, 100, 1000, 10000].map((step) => ({
    family,
    variant: family === "steps" ? "single step" : "ramp only",
    step,
    erank: step < 500 ? 1 : 2
  }))
);
const plateaus = [
  {family: "steps", kind: "true", start: 10, end: 400, level: 1},
  {family: "steps", kind: "true", start: 600, end: 10000, level: 2},
  {family: "steps", kind: "detected", start: 12, end: 390, level: 1},
  {family: "steps", kind: "detected", start: 620, end: 10000, level: 2}
];

describe("plateauExamples", () => {
  it("draws one panel per family with its true plateaus as segments and the detected ones as bands", () => {
    const figure = plateauExamples(rows, plateaus, {width: 500, caption: "Fixture."});
    const panels = figure.querySelectorAll("svg[aria-label]");
    expect(Array.from(panels, (p) => p.getAttribute("aria-label"))).toEqual([
      "Synthetic trajectory of the steps family (single step)",
      "Synthetic trajectory of the ramps family (ramp only)"
    ]);
    expect(panels[0].querySelectorAll("g.plateau rect").length).toBe(2);
    expect(panels[0].querySelectorAll("g.true-plateau line").length).toBe(2);
    expect(panels[1].querySelectorAll("g.plateau rect").length).toBe(0);
    expect(figure.querySelector("figcaption")!.textContent).toBe("Fixture.");
    expect(() => plateauExamples(rows, plateaus, {width: 0})).toThrow("invalid width: 0");
  });
});

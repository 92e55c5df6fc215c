// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {predictionPlot} from "../../src/components/predictionPlot.js";
import {experimentNote} from "../../src/components/experimentTables.js";

describe("predictionPlot", () => {
  it("draws measured dots, dashed predictions per series and dotted rules, with a legend and a key", () => {
    const figure = predictionPlot({
      width: 500,
      x: {label: "1 / s_i(X)"},
      y: {label: "Steps"},
      measured: [1, 2, 3].flatMap((x) => [
        {x, y: 10 * x + 1, series: "half-time"},
        {x, y: 2 * x, series: "width"}
      ]),
      predicted: [1, 3].flatMap((x) => [
        {x, y: 10 * x, series: "half-time"},
        {x, y: 2 * x, series: "width"}
      ]),
      rules: [{y: 25, label: "a threshold"}],
      ariaLabel: "test plot"
    });
    expect(figure.getAttribute("aria-label")).toBe("test plot");
    expect(figure.querySelectorAll("g.measured circle").length).toBe(6);
    expect(figure.querySelectorAll("g.prediction path").length).toBe(2);
    expect(figure.querySelectorAll("g.rule line").length).toBe(1);
    expect(figure.querySelector(".figure-legend")!.textContent).toContain("half-time");
    expect(figure.querySelector(".figure-key")!.textContent).toContain("prediction");
  });

  it("leaves out points a log axis cannot show, and joins the points of each group", () => {
    const figure = predictionPlot({
      x: {label: "x", type: "log"},
      y: {label: "y"},
      measured: [
        {x: 0, y: 1, series: "a", group: "run 1"},
        {x: 1, y: 2, series: "a", group: "run 1"},
        {x: 10, y: 3, series: "a", group: "run 1"},
        {x: 1, y: 1, series: "a", group: "run 2"},
        {x: 10, y: NaN, series: "a", group: "run 2"}
      ],
      connect: true,
      ariaLabel: "log plot"
    });
    expect(figure.querySelectorAll("g.measured circle").length).toBe(3);
    expect(figure.querySelectorAll("g.measured-line path").length).toBe(2);
    // One series: no legend.
    expect(figure.querySelector(".figure-legend")).toBeNull();
  });
});

describe("experimentNote", () => {
  it("names the experiment, profile and data in captions, with a data seed other than the study's", () => {
    expect(
      experimentNote({experiment: "mode-timing", profile: "quick", data: [{spec: "mnist:500", m: 500, n: 784}]})
    ).toBe("Experiment mode-timing (profile quick), data mnist:500 (500 × 784).");
    expect(
      experimentNote({
        experiment: "mode-timing",
        profile: "default",
        data: [
          {spec: "mnist:2000", m: 2000, n: 784, dataSeed: 112},
          {spec: "mnist:2000", m: 2000, n: 784, dataSeed: 113}
        ]
      })
    ).toBe(
      "Experiment mode-timing (profile default), data mnist:2000 (2,000 × 784), mnist:2000 with data seed 113 (2,000 × 784)."
    );
  });
});

// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {predictionPlot} from "../../src/components/predictionPlot.js";
import {experimentNote, verdictCounts, verdictSentences, verdictSummary} from "../../src/components/theoryVerdicts.js";

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

describe("theory verdicts", () => {
  const rows = [
    {
      experiment: "mode-timing",
      statement: "Half-times lie on a line.",
      source: "Saxe et al. 2014",
      tag: "derived",
      quantity: "R²",
      measured: 0.98,
      expected: "a line (R² ≥ 0.9 agrees)",
      rule: "agrees if R² ≥ 0.9",
      verdict: "agrees",
      sentence: "Agrees: ten modes (R² = 0.98; predicted a line (R² ≥ 0.9 agrees))."
    },
    {
      experiment: "denoising",
      statement: "Early stopping denoises.",
      source: "Jiang et al. 2022",
      tag: "derived",
      quantity: "ratio",
      measured: 1.46,
      expected: "below 1",
      rule: "agrees if ≤ 1",
      verdict: "disagrees",
      sentence: "Disagrees: converged is closer (ratio = 1.46; predicted below 1)."
    }
  ];

  it("summarizes every prediction with its section link, coloured verdict and measured value", () => {
    const table = verdictSummary(rows, {
      "mode-timing": {title: "1. Timing", anchor: "mode-timing"},
      denoising: {title: "6. Early stopping", anchor: "denoising"}
    });
    const cells = Array.from(table.tBodies[0].rows, (r) => Array.from(r.cells, (c) => c.textContent));
    expect(cells).toEqual([
      ["1. Timing", "Half-times lie on a line.", "derived", "agrees", "R²: 0.98 (predicted a line (R² ≥ 0.9 agrees))"],
      ["6. Early stopping", "Early stopping denoises.", "derived", "disagrees", "ratio: 1.46 (predicted below 1)"]
    ]);
    expect(table.querySelector("a")!.getAttribute("href")).toBe("#mode-timing");
    expect((table.querySelector(".theory-verdict-disagrees") as HTMLElement).style.color).not.toBe("");
    expect(verdictCounts(rows)).toEqual({agrees: 1, partly: 0, disagrees: 1, untested: 0});
  });

  it("writes each sentence under its statement, the verdict words coloured", () => {
    const box = verdictSentences(rows);
    const paragraphs = box.querySelectorAll("p");
    expect(paragraphs.length).toBe(2);
    expect(paragraphs[0].querySelector(".theory-verdict")!.textContent).toBe("Agrees");
    expect(paragraphs[1].textContent).toContain("Disagrees: converged is closer (ratio = 1.46; predicted below 1).");
    expect(paragraphs[1].textContent).toContain("Source: Jiang et al. 2022.");
  });

  it("names the experiment, profile and data in captions", () => {
    expect(
      experimentNote({experiment: "mode-timing", profile: "quick", data: [{spec: "mnist:500", m: 500, n: 784}]})
    ).toBe("Experiment mode-timing (profile quick), data mnist:500 (500 × 784).");
  });
});

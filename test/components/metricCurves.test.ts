// @vitest-environment jsdom
import {beforeAll, describe, expect, it} from "vitest";
import {metricCurves} from "../../src/components/metricCurves.js";
import {logTickFormat} from "../../src/components/metricAxes.js";
import {installCanvasRecorder, serialize} from "./dom.js";
import {jumps, plateaus, trajectory} from "./fixtures.js";

beforeAll(installCanvasRecorder);

const snapshot = (name: string) => `./__snapshots__/${name}.html`;

/** The x1 attribute of the marker line in each panel. */
const markerPositions = (figure: Element) =>
  Array.from(figure.querySelectorAll("g.marker line"), (line) => Number(line.getAttribute("x1")));

describe("metricCurves", () => {
  it("draws error, effective rank and stable rank as small multiples with plateaus, jumps, references and a marker", async () => {
    const figure = metricCurves(trajectory(), {
      width: 640,
      metrics: [
        "relativeError",
        {
          key: "effectiveRank",
          references: [
            {value: 4.2, label: "erank(X_6)"},
            {value: 284.12, label: "erank(X)"}
          ]
        },
        "stableRank"
      ],
      xType: "log",
      plateaus,
      jumps,
      marker: 5000,
      caption: "Fixture trajectory."
    });
    await expect(serialize(figure)).toMatchFileSnapshot(snapshot("metricCurves-log"));
    expect(figure.querySelectorAll("svg[aria-label]").length).toBe(3);
    // The marker is on every panel, at the same place on the shared axis.
    const positions = markerPositions(figure);
    expect(positions.length).toBe(3);
    expect(new Set(positions).size).toBe(1);
    // erank(X) = 284 is far above the curves: written as a note, not drawn as a rule.
    expect(figure.querySelector(".figure-key")?.textContent).toContain("erank(X) = 284, off the effective rank axis");
    // Levels are written on the bands at least 30 px wide: the last two plateaus are about 20 px on this log axis.
    const levels = Array.from(figure.querySelectorAll("g.plateau-level text"), (t) => t.textContent);
    expect(levels).toEqual(["1.05", "1.63"]);
  });

  it("moves the marker when the step changes", () => {
    const rows = trajectory();
    const at = (marker: number) => markerPositions(metricCurves(rows, {marker}))[0];
    expect(at(12000)).toBeGreaterThan(at(2000));
  });

  it("colours one line per series with a legend, on a linear wall-time axis", async () => {
    const rows = [...trajectory("global"), ...trajectory("layerwise", {delay: 0.4})];
    const figure = metricCurves(rows, {
      metrics: ["effectiveRank"],
      x: "timeMs",
      series: "run",
      seriesLabel: "loss",
      width: 480
    });
    await expect(serialize(figure)).toMatchFileSnapshot(snapshot("metricCurves-series"));
    const strokes = Array.from(figure.querySelectorAll("g.curve path"), (p) => p.getAttribute("stroke"));
    expect(new Set(strokes).size).toBe(2);
    expect(figure.querySelector(".figure-legend")?.textContent).toBe("loss:globallayerwise");
    expect(figure.querySelector("svg[aria-label]")?.textContent).toContain("Wall time (s)");
  });

  it("drops step 0 on a log axis and says so", () => {
    const figure = metricCurves(trajectory(), {metrics: ["effectiveRank"], xType: "log"});
    expect(figure.textContent).toContain("log scale (step 0 not shown)");
  });

  it("rejects an empty list of metrics and a bad width", () => {
    expect(() => metricCurves([], {metrics: []})).toThrow("invalid metrics: none");
    expect(() => metricCurves([], {width: -1})).toThrow("invalid width: -1");
  });
});

describe("logTickFormat", () => {
  it("labels only powers of ten over several decades, in plain numbers up to 1,000 and with exponents beyond", () => {
    const format = logTickFormat(1e-5, 2e4);
    expect([1e-5, 2e-4, 0.01, 1, 30, 1000, 1e4].map(format)).toEqual(["10⁻⁵", "", "0.01", "1", "", "1,000", "10⁴"]);
  });

  it("labels every tick within one decade", () => {
    expect([0.3, 0.45].map(logTickFormat(0.25, 0.6))).toEqual(["0.3", "0.45"]);
  });
});

describe("logTickFormat within less than two decades", () => {
  it("labels 1, 2 and 5 of each decade", () => {
    const format = logTickFormat(15, 250);
    expect([20, 30, 50, 100, 200].map(format)).toEqual(["20", "", "50", "100", "200"]);
  });
});

describe("logAxis over many decades", () => {
  it("labels at most about six powers of ten", async () => {
    const {logAxis} = await import("../../src/components/metricAxes.js");
    const {ticks, tickFormat} = logAxis(1, 2e9);
    expect(ticks.map(tickFormat)).toEqual(["1", "100", "10⁴", "10⁶", "10⁸"]);
  });
});

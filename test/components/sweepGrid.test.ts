// @vitest-environment jsdom
import {beforeAll, describe, expect, it} from "vitest";
import {sweepGrid} from "../../src/components/sweepGrid.js";
import {installCanvasRecorder, serialize} from "./dom.js";
import {sweep} from "./fixtures.js";

beforeAll(installCanvasRecorder);

describe("sweepGrid", () => {
  it("colours the (r1, r2) grid by final effective rank, one panel per loss, values written in the cells", async () => {
    const figure = sweepGrid(sweep(), {facet: "loss", facetLabel: "loss", width: 640, caption: "Fixture sweep."});
    await expect(serialize(figure)).toMatchFileSnapshot("./__snapshots__/sweepGrid-erank.html");
    // 9 configurations with r2 <= r1 per loss.
    expect(figure.querySelectorAll("g.cells rect").length).toBe(18);
    const texts = Array.from(figure.querySelectorAll("g.values text"), (t) => t.textContent);
    expect(texts).toContain("19"); // layerwise, min(r1, r2) = 30: 0.6 * 30 + 1
  });

  it("uses a log colour scale for errors", async () => {
    const figure = sweepGrid(sweep(), {fill: "relativeError", facet: "loss", width: 640});
    await expect(serialize(figure)).toMatchFileSnapshot("./__snapshots__/sweepGrid-error.html");
    expect(figure.textContent).toContain("Relative error");
  });

  it("writes black text on light cells and white text on dark ones", () => {
    const figure = sweepGrid(sweep(), {width: 640});
    const fills = new Set(Array.from(figure.querySelectorAll("g.values text"), (t) => t.getAttribute("fill")));
    expect(fills).toEqual(new Set(["black", "white"]));
  });
});

describe("sweepGrid with categories", () => {
  it("keeps categorical axes in order of appearance", () => {
    const rows = ["random", "eye", "nndsvd"].flatMap((init) =>
      ["mu", "hals"].map((model, k) => ({init, model, relativeError: 0.3 + k * 0.01 + init.length / 100}))
    );
    const figure = sweepGrid(rows, {
      x: "init",
      y: "model",
      fill: "relativeError",
      xLabel: "Initialization",
      yLabel: "Solver"
    });
    const ticks = (axis: string) =>
      Array.from(figure.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`), (t) => t.textContent);
    expect(ticks("x")).toEqual(["random", "eye", "nndsvd"]);
    expect(ticks("y")).toEqual(["mu", "hals"]);
  });
});

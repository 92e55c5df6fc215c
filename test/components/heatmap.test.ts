// @vitest-environment jsdom
import {beforeAll, describe, expect, it} from "vitest";
import {matrixHeatmap} from "../../src/components/heatmap.js";
import {createRandom} from "../../engine/random.js";
import {installCanvasRecorder, serialize} from "./dom.js";

beforeAll(installCanvasRecorder);

describe("matrixHeatmap", () => {
  it("draws one cell per entry of a 12 x 5 W with a colour legend", async () => {
    const random = createRandom(3);
    const W = {rows: 12, cols: 5, data: Float32Array.from({length: 60}, () => random() * 2)};
    const figure = matrixHeatmap(W, {
      width: 400,
      valueLabel: "Coefficient W_ik (no unit)",
      caption: "W of the fixture."
    });
    await expect(serialize(figure)).toMatchFileSnapshot("./__snapshots__/matrixHeatmap.html");
    expect(figure.querySelectorAll("g.cells rect").length).toBe(60);
    expect(figure.textContent).toContain("Coefficient W_ik (no unit)");
  });

  it("labels only some columns of a wide matrix (H: components x 784 pixels)", () => {
    const H = {rows: 3, cols: 784, data: new Float32Array(3 * 784).fill(1)};
    const figure = matrixHeatmap(H, {width: 640, rowLabel: "Component k", colLabel: "Pixel (row-major)"});
    const ticks = figure.querySelectorAll('g[aria-label="x-axis tick label"] text').length;
    expect(ticks).toBeGreaterThan(3);
    expect(ticks).toBeLessThan(40);
  });

  it("refuses more cells than maxCells and a matrix whose data does not match its shape", () => {
    expect(() => matrixHeatmap({rows: 200, cols: 200, data: new Float32Array(40000)})).toThrow(
      /more than maxCells 20000/
    );
    expect(() => matrixHeatmap({rows: 2, cols: 2, data: [1, 2, 3]})).toThrow("invalid matrix: 2 x 2 with 3 values");
  });
});

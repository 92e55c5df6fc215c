// @vitest-environment jsdom
import {beforeAll, describe, expect, it} from "vitest";
import {spectrumOverTime, spectrumPoints, spectrumProfile} from "../../src/components/spectrum.js";
import {installCanvasRecorder, serialize} from "./dom.js";
import {dataSpectrum, trajectory} from "./fixtures.js";

beforeAll(installCanvasRecorder);

describe("spectrumPoints", () => {
  it("turns a list column into long rows with 1-based indices", () => {
    const points = spectrumPoints([{step: 5, singularValues: new Float64Array([3, 2, 1])}], {count: 2});
    expect(points).toEqual([
      {step: 5, index: 1, value: 3},
      {step: 5, index: 2, value: 2}
    ]);
  });

  it("reads sv1, sv2, ... columns when there is no list", () => {
    expect(spectrumPoints([{step: 1, sv1: 4, sv2: 3}])).toEqual([
      {step: 1, index: 1, value: 4},
      {step: 1, index: 2, value: 3}
    ]);
  });
});

describe("spectrumOverTime", () => {
  it("draws the six leading singular values of M over log time against X's, with a marker", async () => {
    const figure = spectrumOverTime(spectrumPoints(trajectory()), {reference: dataSpectrum, marker: 3000, width: 600});
    await expect(serialize(figure)).toMatchFileSnapshot("./__snapshots__/spectrumOverTime.html");
    expect(figure.querySelectorAll("g.curve path").length).toBe(6);
    expect(figure.querySelectorAll("g.reference line").length).toBe(6);
    // The text alternative says in which order the values are learned (the fixture's rise times).
    const description = figure.querySelector("svg[aria-description]")!.getAttribute("aria-description")!;
    const steps = [...description.matchAll(/at step ([\d,]+)/g)].map((m) => Number(m[1].replace(/,/g, "")));
    expect(steps.length).toBe(6);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });
});

describe("spectrumProfile", () => {
  it("draws M's spectrum at three steps against X's by index", async () => {
    const rows = trajectory();
    const at = (step: number) =>
      rows.reduce((best, row) => (Math.abs(row.step - step) < Math.abs(best.step - step) ? row : best));
    const profiles = [1000, 5000, 20000].map((step) => ({label: `step ${step}`, values: at(step).singularValues}));
    const figure = spectrumProfile(profiles, {reference: dataSpectrum, count: 8, width: 500});
    await expect(serialize(figure)).toMatchFileSnapshot("./__snapshots__/spectrumProfile.html");
    expect(figure.querySelectorAll("g.curve path").length).toBe(3);
    expect(figure.querySelector(".figure-legend")?.textContent).toContain("step 20000");
  });
});

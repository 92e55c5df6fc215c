// @vitest-environment jsdom
import {beforeAll, describe, expect, it} from "vitest";
import {triptych} from "../../src/components/triptych.js";
import {schemePalette} from "../../src/components/palette.js";
import {installCanvasRecorder, recordingOf, savePngs, serialize} from "./dom.js";
import {images, reconstructions} from "./fixtures.js";

beforeAll(installCanvasRecorder);

describe("triptych", () => {
  it("draws originals, reconstructions and |error| maps with an inferno legend", async () => {
    const xs = images(4, [8, 8, 1], 21);
    const figure = triptych(xs, reconstructions(xs), {
      shape: [8, 8, 1],
      width: 420,
      titles: ["#0", "#1", "#2", "#3"],
      caption: "Fixture reconstructions."
    });
    await expect(serialize(figure)).toMatchFileSnapshot("./__snapshots__/triptych-grey.html");
    savePngs(figure, "triptych-grey");
    expect(figure.textContent).toContain("|X − M| per pixel (grey levels, 0 to 255)");
    expect(recordingOf(figure.querySelector("canvas")!).texts.slice(0, 3)).toEqual([
      "original",
      "reconstruction",
      "|error|"
    ]);
  });

  it("maps the largest error to the top of the colour scale and zero error to its bottom", () => {
    const x = Uint8Array.from([0, 100, 200, 255]);
    const m = Uint8Array.from([0, 100, 200, 155]); // errors 0, 0, 0, 100
    const figure = triptych([x], [m], {shape: [2, 2], width: 96 + 20, gap: 0});
    const {width, pixels} = recordingOf(figure.querySelector("canvas")!);
    const at = (px: number, py: number) =>
      Array.from(pixels.subarray((py * width + px) * 4, (py * width + px) * 4 + 3));
    const inferno = schemePalette("inferno");
    // The error row starts at y = 2 tiles of 20 px; pixel (0, 0) has error 0, pixel (1, 1) the maximum.
    expect(at(96 + 2, 40 + 2)).toEqual(Array.from(inferno.subarray(0, 3)));
    expect(at(96 + 15, 40 + 15)).toEqual(Array.from(inferno.subarray(255 * 3, 256 * 3)));
  });

  it("averages the error over the channels of RGB images", async () => {
    const xs = images(2, [4, 4, 3], 5);
    const figure = triptych(xs, reconstructions(xs, 6), {shape: [4, 4, 3], width: 300});
    await expect(serialize(figure)).toMatchFileSnapshot("./__snapshots__/triptych-rgb.html");
    savePngs(figure, "triptych-rgb");
  });

  it("rejects a different number of reconstructions", () => {
    expect(() => triptych([[1, 2, 3, 4]], [], {shape: [2, 2]})).toThrow(
      "invalid reconstructions: 0 images for 1 originals"
    );
  });
});

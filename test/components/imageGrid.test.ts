// @vitest-environment jsdom
import {beforeAll, describe, expect, it} from "vitest";
import {imageGrid} from "../../src/components/imageGrid.js";
import {paintTiles} from "../../src/components/tiles.js";
import {greyPalette} from "../../src/components/palette.js";
import {installCanvasRecorder, recordingOf, savePngs, serialize} from "./dom.js";
import {images} from "./fixtures.js";

beforeAll(installCanvasRecorder);

const pixel = (figure: Element, x: number, y: number) => {
  const {width, pixels} = recordingOf(figure.querySelector("canvas")!);
  return Array.from(pixels.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));
};

describe("imageGrid", () => {
  it("draws grey signatures with titles and row labels", async () => {
    const list = images(8, [8, 8, 1]);
    const figure = imageGrid(list, {
      shape: [8, 8, 1],
      width: 300,
      columns: 4,
      titles: list.map((_, i) => `k=${i + 1}`),
      rowLabels: ["step 100", "step 2,000"],
      caption: "Fixture signatures."
    });
    await expect(serialize(figure)).toMatchFileSnapshot("./__snapshots__/imageGrid-grey.html");
    savePngs(figure, "imageGrid-grey");
    expect(figure.querySelector("canvas")!.getAttribute("aria-label")).toBe("8 images of 8 x 8 pixels");
  });

  it("draws RGB images in height x width x channels order", async () => {
    const list = images(3, [4, 4, 3], 11);
    const figure = imageGrid(list, {shape: [4, 4, 3], width: 200, columns: 3, gap: 0});
    await expect(serialize(figure)).toMatchFileSnapshot("./__snapshots__/imageGrid-rgb.html");
    savePngs(figure, "imageGrid-rgb");
    // Tile side: floor(200 / 3) = 66 px for 4 pixels; pixel (row 1, col 2) of image 0 covers x 33..49, y 16..32.
    const k = (1 * 4 + 2) * 3;
    expect(pixel(figure, 40, 20)).toEqual([list[0][k], list[0][k + 1], list[0][k + 2], 255]);
  });

  it("inverts grey images (ink on paper) and rescales each image to its own maximum", () => {
    const figure = imageGrid(
      [
        [0, 1],
        [0, 4]
      ],
      {shape: [1, 2], width: 40, columns: 2, gap: 0, invert: true, scale: "each"}
    );
    expect(pixel(figure, 5, 5)).toEqual([255, 255, 255, 255]);
    expect(pixel(figure, 15, 5)).toEqual([0, 0, 0, 255]);
    expect(pixel(figure, 35, 5)).toEqual([0, 0, 0, 255]);
  });

  it("colours grey images with a Plot scheme", () => {
    const figure = imageGrid([[0, 1]], {shape: [1, 2], width: 20, gap: 0, scheme: "viridis", domain: [0, 1]});
    expect(pixel(figure, 2, 2)).toEqual([68, 1, 84, 255]); // viridis(0) = #440154
  });

  it("rejects images that do not match the shape", () => {
    expect(() => imageGrid([[1, 2, 3]], {shape: [2, 2]})).toThrow(
      "invalid images: image 0 has 3 values, shape needs 4"
    );
    expect(() => imageGrid([[1, 2]], {shape: [1, 2, 2]})).toThrow(/invalid shape: \[1, 2, 2\]/);
  });
});

describe("paintTiles", () => {
  it("scales an image up by nearest neighbour at the device pixel ratio, leaving NaN pixels transparent", () => {
    const out = {width: 4, height: 2, data: new Uint8ClampedArray(4 * 2 * 4)};
    paintTiles(
      out,
      [
        {
          image: [0, NaN],
          height: 1,
          width: 2,
          channels: 1,
          x: 0,
          y: 0,
          w: 2,
          h: 1,
          domain: [0, 1],
          palette: greyPalette()
        }
      ],
      2
    );
    expect(Array.from(out.data.subarray(0, 16))).toEqual([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

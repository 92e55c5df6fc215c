/**
 * Reconstruction triptychs: for a few images, the original, its reconstruction M = W H (row i), and
 * the error |X - M| per pixel on a perceptual colour map (inferno by default) with a legend. Three
 * rows (original, reconstruction, |error|), one column per image, so that it reads on a phone too.
 * For colour images the error map is the mean over the channels of |X - M|.
 */
import * as Plot from "@observablehq/plot";
import {recordData, sourcesOf} from "./figureData.js";
import {figureElement} from "./figure.js";
import {toImageList, type ImageList, type ImageShape} from "./imageGrid.js";
import {shortNumber} from "./metricAxes.js";
import {greyPalette, schemePalette} from "./palette.js";
import {imageDimensions, tileCanvas, type Label, type Tile} from "./tiles.js";

export interface TriptychOptions {
  shape?: ImageShape;
  width?: number;
  /** Values of a pixel's full range: [0, 255] for bytes (default), [0, 1] for intensities. */
  domain?: [number, number];
  /** Plot scheme of the error map (default inferno). */
  errorScheme?: Plot.ColorScheme;
  /** Upper end of the error scale in the same units as the pixels (default: the largest error shown). */
  errorMax?: number;
  /**
   * Precomputed |X - M| maps (one grey image per pair, in pixel units, e.g. the experiments'
   * `error` rows); default: computed from the originals and reconstructions given.
   */
  errors?: ImageList;
  /** A text above each column (image index, label). */
  titles?: ArrayLike<string | number>;
  gap?: number;
  /** Largest tile side in CSS pixels (default 112). */
  maxTile?: number;
  caption?: string | Node;
  ariaLabel?: string;
}

const rowNames = ["original", "reconstruction", "|error|"];
const gutter = 96;
const titleHeight = 14;

export function triptych(originals: ImageList, reconstructions: ImageList, options: TriptychOptions = {}): HTMLElement {
  const xs = toImageList(originals),
    ms = toImageList(reconstructions);
  if (xs.length !== ms.length)
    throw new RangeError(`invalid reconstructions: ${ms.length} images for ${xs.length} originals`);
  if (xs.length === 0) throw new RangeError("invalid originals: no image");
  const [height, width, channels] = imageDimensions(options.shape, xs[0].length);
  const size = height * width * channels;
  for (let i = 0; i < xs.length; ++i)
    if (xs[i].length !== size || ms[i].length !== size)
      throw new RangeError(
        `invalid images: pair ${i} has ${xs[i].length} and ${ms[i].length} values, shape needs ${size}`
      );
  const {width: figureWidth = 640, gap = 4, maxTile = 112, errorScheme = "inferno"} = options;
  const domain = options.domain ?? (isBytes(originals) ? [0, 255] : [0, 1]);
  const range = domain[1] - domain[0];

  // |X - M| per pixel, channel-averaged, in pixel units.
  const given = options.errors === undefined ? undefined : toImageList(options.errors);
  if (given && given.length !== xs.length)
    throw new RangeError(`invalid errors: ${given.length} maps for ${xs.length} originals`);
  if (given && given.some((e) => e.length !== height * width))
    throw new RangeError(`invalid errors: maps must have ${height * width} values (one per pixel)`);
  const errors: ArrayLike<number>[] =
    given ??
    xs.map((x, i) => {
      const m = ms[i];
      const out = new Float32Array(height * width);
      for (let p = 0; p < height * width; ++p) {
        let sum = 0;
        for (let c = 0; c < channels; ++c) sum += Math.abs(Number(x[p * channels + c]) - Number(m[p * channels + c]));
        out[p] = sum / channels;
      }
      return out;
    });
  const largest = errors.reduce((hi, e) => Math.max(hi, maxOf(e)), 0);
  const errorMax = options.errorMax ?? (largest > 0 ? largest : range);

  const count = xs.length;
  const tile = Math.max(8, Math.min(maxTile, Math.floor((figureWidth - gutter - gap * (count - 1)) / count)));
  const tileHeight = Math.round((tile * height) / width);
  const titled = options.titles !== undefined;
  const top = titled ? titleHeight : 0;
  const cssWidth = gutter + count * tile + (count - 1) * gap;
  const cssHeight = top + 3 * tileHeight + 2 * gap;
  const grey = greyPalette();
  const heat = schemePalette(errorScheme);
  const tiles: Tile[] = [];
  const labels: Label[] = rowNames.map((text, row) => ({
    text,
    x: gutter - 8,
    y: top + row * (tileHeight + gap) + tileHeight / 2 - 6,
    maxWidth: gutter - 8,
    align: "right" as const
  }));
  for (let i = 0; i < count; ++i) {
    const x = gutter + i * (tile + gap);
    const base = {height, width, x, w: tile, h: tileHeight};
    tiles.push({...base, image: xs[i], channels, y: top, domain, palette: grey});
    tiles.push({...base, image: ms[i], channels, y: top + tileHeight + gap, domain, palette: grey});
    tiles.push({
      ...base,
      image: errors[i],
      channels: 1,
      y: top + 2 * (tileHeight + gap),
      domain: [0, errorMax],
      palette: heat
    });
    if (titled && i < options.titles!.length)
      labels.push({text: String(options.titles![i]), x: x + tile / 2, y: 0, maxWidth: tile});
  }
  const meanErrors = errors.map((e) => sumOf(e) / e.length);
  const canvas = tileCanvas(cssWidth, cssHeight, tiles, {
    labels,
    className: "triptych",
    ariaLabel: `${count} images: original, reconstruction and |error| map; mean |error| per pixel ${meanErrors
      .map((e) => shortNumber(e / range))
      .join(", ")} of the pixel range`
  });
  const unit =
    range === 255
      ? channels === 1
        ? "grey levels, 0 to 255"
        : "levels 0 to 255, mean over the channels"
      : `intensity, ${shortNumber(domain[0])} to ${shortNumber(domain[1])}`;
  const legend = Plot.legend({
    color: {type: "linear", scheme: errorScheme, domain: [0, errorMax]},
    label: `|X − M| per pixel (${unit})`,
    width: Math.min(320, figureWidth),
    marginLeft: 0
  });
  // What the figure offers as CSV: each image's original, reconstruction and error map.
  recordData(canvas, {
    rows: xs.map((x, i) => ({image: i + 1, original: x, reconstruction: ms[i], error: errors[i]})),
    sources: sourcesOf([...xs, ...ms])
  });
  return figureElement([canvas, legend], {
    className: "triptych",
    caption: options.caption,
    ariaLabel:
      options.ariaLabel ??
      `Reconstructions of ${count} images with their error maps, error scale 0 to ${shortNumber(errorMax)}`
  });
}

function isBytes(images: ImageList): boolean {
  const data = "data" in images ? images.data : (images as ArrayLike<ArrayLike<number>>)[0];
  return data instanceof Uint8Array || data instanceof Uint8ClampedArray;
}

function maxOf(values: ArrayLike<number>): number {
  let hi = 0;
  for (let k = 0; k < values.length; ++k) if (values[k] > hi) hi = values[k];
  return hi;
}

function sumOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < values.length; ++k) sum += values[k];
  return sum;
}

/**
 * A grid of small images drawn on one canvas: MNIST digits, NMF signatures (rows of H), RGB flowers.
 *
 * `images` is either a list of flat images or a matrix with one flat image per row (the engine's
 * Matrix, or `{rows, cols, data}` decoded from Arrow). Pixels are row-major; colour images are
 * height x width x channels (HWC), the layout of `DataProvenance.imageShape`.
 */
import type {ColorScheme} from "@observablehq/plot";
import {appendDataLine, mergeSources, sourcesInCaption, sourcesOf} from "./figureData.js";
import {greyPalette, interpolatorPalette, schemePalette} from "./palette.js";
import {imageDimensions, tileCanvas, type Label, type Tile} from "./tiles.js";

/** [height, width] or [height, width, channels] with channels 1 (grey), 3 (RGB) or 4 (RGBA). */
export type ImageShape = readonly number[];

export type ImageList = ArrayLike<ArrayLike<number>> | {rows: number; cols: number; data: ArrayLike<number>};

export interface ImageGridOptions {
  /** Shape of one image; default a square grey image when the length is a perfect square. */
  shape?: ImageShape;
  /** Width of the figure in CSS pixels (default 640). */
  width?: number;
  /** Tiles per row (default: as many as fit at about twice the native size, at most the image count). */
  columns?: number;
  /** Space between tiles in CSS pixels (default 2). */
  gap?: number;
  /** Largest tile side in CSS pixels (default: no limit; tiles fill the width). */
  maxTile?: number;
  /**
   * Values mapped to the ends of the colour scale, clamped outside. Default [0, 255] for Uint8Array or
   * Uint8ClampedArray data, else [min(0, smallest value), largest value] over all images.
   */
  domain?: [number, number];
  /** `each` rescales every image to its own [0, max]: signatures whose scales differ (default `shared`). */
  scale?: "shared" | "each";
  /** Grey images: dark ink on white paper (default false: white on black, as MNIST is usually shown). */
  invert?: boolean;
  /** Grey images: a Plot colour scheme name ("viridis", "inferno"...) instead of grey. */
  scheme?: ColorScheme;
  /** Grey images: a colour for t in [0, 1] (`#rrggbb` or `rgb()` strings, as d3's interpolators give). */
  interpolate?: (t: number) => string;
  /** A short text under each tile (labels, indices). */
  titles?: ArrayLike<string | number>;
  /** A label left of each row of tiles (e.g. the training step of a row of signatures). */
  rowLabels?: ArrayLike<string | number>;
  /** Width of the row labels' gutter in CSS pixels (default 64 when there are row labels). */
  rowLabelWidth?: number;
  /** The figure's caption: the configuration (dataset, subset, seed) at least. */
  caption?: string | Node;
  /** An accessible description of the canvas (default: "N images of H x W pixels"). */
  ariaLabel?: string;
  /** What computes the images when the page does (no experiment's table holds them). */
  computed?: string;
}

const titleHeight = 14;

export function imageGrid(images: ImageList, options: ImageGridOptions = {}): HTMLElement {
  const list = toImageList(images);
  const count = list.length;
  const length = count > 0 ? list[0].length : 0;
  const [height, width, channels] = imageDimensions(options.shape, length);
  for (let i = 0; i < count; ++i) {
    if (list[i].length !== height * width * channels)
      throw new RangeError(
        `invalid images: image ${i} has ${list[i].length} values, shape needs ${height * width * channels}`
      );
  }
  const figureWidth = positive("width", options.width ?? 640);
  const gap = nonNegative("gap", options.gap ?? 2);
  const gutter = options.rowLabels ? nonNegative("rowLabelWidth", options.rowLabelWidth ?? 64) : 0;
  const room = figureWidth - gutter;
  const columns = Math.max(1, Math.min(count, options.columns ?? Math.floor((room + gap) / (2 * width + gap))));
  if (!(Number.isInteger(columns) && columns >= 1)) throw new RangeError(`invalid columns: ${options.columns}`);
  const fit = Math.floor((room - gap * (columns - 1)) / columns);
  const tile = Math.max(1, options.maxTile !== undefined ? Math.min(positive("maxTile", options.maxTile), fit) : fit);
  const tileHeight = Math.max(1, Math.round((tile * height) / width));
  const titled = options.titles !== undefined;
  const rowHeight = tileHeight + (titled ? titleHeight : 0);
  const rows = Math.ceil(count / columns);
  const cssWidth = gutter + columns * tile + (columns - 1) * gap;
  const cssHeight = Math.max(1, rows * rowHeight + (rows - 1) * gap);

  const shared = options.scale !== "each";
  const domain = options.domain ?? defaultDomain(images, list);
  const palette =
    channels !== 1
      ? undefined
      : options.interpolate
        ? interpolatorPalette(options.interpolate)
        : options.scheme
          ? schemePalette(options.scheme)
          : greyPalette(options.invert);
  const tiles: Tile[] = [];
  const labels: Label[] = [];
  for (let i = 0; i < count; ++i) {
    const x = gutter + (i % columns) * (tile + gap);
    const y = Math.floor(i / columns) * (rowHeight + gap);
    const tileDomain: [number, number] = shared ? domain : [0, maximum(list[i]) || 1];
    tiles.push({image: list[i], height, width, channels, x, y, w: tile, h: tileHeight, domain: tileDomain, palette});
    if (titled && i < options.titles!.length)
      labels.push({text: String(options.titles![i]), x: x + tile / 2, y: y + tileHeight + 2, maxWidth: tile});
  }
  if (options.rowLabels) {
    for (let row = 0; row < Math.min(rows, options.rowLabels.length); ++row)
      labels.push({
        text: String(options.rowLabels[row]),
        x: gutter - 6,
        y: row * (rowHeight + gap) + tileHeight / 2 - 6,
        maxWidth: gutter - 6,
        align: "right"
      });
  }
  const canvas = tileCanvas(cssWidth, cssHeight, tiles, {
    labels,
    className: "image-grid",
    ariaLabel: options.ariaLabel ?? `${count} images of ${height} x ${width} pixels`
  });

  const figure = document.createElement("figure");
  figure.className = "image-grid";
  figure.append(canvas);
  if (options.caption !== undefined) {
    const caption = document.createElement("figcaption");
    caption.append(options.caption);
    figure.append(caption);
  }
  const imageRows = list.map((pixels, i) => ({
    image: i + 1,
    ...(options.titles !== undefined && i < options.titles.length ? {title: options.titles[i]} : {}),
    pixels
  }));
  const name = options.ariaLabel ?? `${count} images`;
  appendDataLine(
    figure,
    {
      rows: imageRows,
      sources: mergeSources(sourcesOf(list), sourcesInCaption(options.caption)),
      ...(options.computed ? {computed: options.computed} : {})
    },
    name
  );
  return figure;
}

/** The images of a list or of a matrix's rows (subarrays, no copy, for typed arrays). */
export function toImageList(images: ImageList): ArrayLike<number>[] {
  if (images && "rows" in images && "cols" in images && "data" in images) {
    const {rows, cols, data} = images;
    if (data.length !== rows * cols)
      throw new RangeError(`invalid images: ${data.length} values for ${rows} x ${cols}`);
    const list: ArrayLike<number>[] = [];
    const typed = ArrayBuffer.isView(data);
    for (let i = 0; i < rows; ++i)
      list.push(
        typed
          ? (data as unknown as Float32Array).subarray(i * cols, (i + 1) * cols)
          : Array.prototype.slice.call(data, i * cols, (i + 1) * cols)
      );
    return list;
  }
  if (images == null || typeof (images as ArrayLike<unknown>).length !== "number")
    throw new TypeError(`invalid images: ${images}`);
  return Array.from(images as ArrayLike<ArrayLike<number>>);
}

function positive(name: string, value: number): number {
  if (!(value > 0 && Number.isFinite(value))) throw new RangeError(`invalid ${name}: ${value}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0 && Number.isFinite(value))) throw new RangeError(`invalid ${name}: ${value}`);
  return value;
}

/** [0, 255] for bytes, else [min(0, smallest), largest] over all images. */
export function defaultDomain(images: ImageList, list: ArrayLike<number>[]): [number, number] {
  const data = "data" in images ? images.data : list[0];
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return [0, 255];
  let lo = 0;
  let hi = -Infinity;
  for (const image of list) {
    for (let k = 0; k < image.length; ++k) {
      const v = image[k];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return [lo, hi > lo ? hi : lo + 1];
}

function maximum(image: ArrayLike<number>): number {
  let hi = 0;
  for (let k = 0; k < image.length; ++k) if (image[k] > hi) hi = image[k];
  return hi;
}

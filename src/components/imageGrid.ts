/**
 * A grid of small images drawn on one canvas: MNIST digits, NMF signatures (rows of H), RGB flowers.
 *
 * `images` is either a list of flat images or a matrix with one flat image per row (the engine's
 * Matrix, or `{rows, cols, data}` decoded from Arrow). Pixels are row-major; colour images are
 * height x width x channels (HWC), the layout of `DataProvenance.imageShape`.
 */

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
  /**
   * Values mapped to the ends of the colour scale, clamped outside. Default [0, 255] for Uint8Array or
   * Uint8ClampedArray data, else [min(0, smallest value), largest value] over all images.
   */
  domain?: [number, number];
  /** `each` rescales every image to its own [0, max]: signatures whose scales differ (default `shared`). */
  scale?: "shared" | "each";
  /** Grey images: dark ink on white paper (default false: white on black, as MNIST is usually shown). */
  invert?: boolean;
  /** Grey images: a colour for t in [0, 1] (any CSS colour string, e.g. d3.interpolateViridis), instead of grey. */
  interpolate?: (t: number) => string;
  /** A short text under each tile (labels, indices). */
  titles?: ArrayLike<string | number>;
  /** The figure's caption: the configuration (dataset, subset, seed) at least. */
  caption?: string | Node;
  /** An accessible description of the canvas (default: "N images of H x W pixels"). */
  ariaLabel?: string;
}

const titleHeight = 14;

export function imageGrid(images: ImageList, options: ImageGridOptions = {}): HTMLElement {
  const list = toImageList(images);
  const count = list.length;
  const length = count > 0 ? list[0].length : 0;
  const [height, width, channels] = normalizeShape(options.shape, length);
  for (let i = 0; i < count; ++i) {
    if (list[i].length !== height * width * channels)
      throw new RangeError(
        `invalid images: image ${i} has ${list[i].length} values, shape needs ${height * width * channels}`
      );
  }
  const figureWidth = positive("width", options.width ?? 640);
  const gap = nonNegative("gap", options.gap ?? 2);
  const columns = Math.max(1, Math.min(count, options.columns ?? Math.floor((figureWidth + gap) / (2 * width + gap))));
  if (!(Number.isInteger(columns) && columns >= 1)) throw new RangeError(`invalid columns: ${options.columns}`);
  const tile = Math.max(1, Math.floor((figureWidth - gap * (columns - 1)) / columns));
  const tileHeight = Math.round((tile * height) / width);
  const titled = options.titles !== undefined;
  const rowHeight = tileHeight + (titled ? titleHeight : 0);
  const rows = Math.ceil(count / columns);
  const cssWidth = columns * tile + (columns - 1) * gap;
  const cssHeight = Math.max(1, rows * rowHeight + (rows - 1) * gap);

  const ratio = typeof devicePixelRatio === "number" ? devicePixelRatio : 1;
  const canvas = document.createElement("canvas");
  canvas.className = "image-grid";
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", options.ariaLabel ?? `${count} images of ${height} x ${width} pixels`);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("imageGrid: no 2d canvas context");
  context.scale(ratio, ratio);
  context.imageSmoothingEnabled = false;

  // Each image is written at native size into a scratch canvas, then scaled up without smoothing.
  const scratch = document.createElement("canvas");
  scratch.width = width;
  scratch.height = height;
  const scratchContext = scratch.getContext("2d")!;
  const pixels = scratchContext.createImageData(width, height);
  const shared = options.scale !== "each";
  const domain = options.domain ?? defaultDomain(images, list);
  const palette = channels === 1 ? greyPalette(options) : null;
  context.font = "11px sans-serif";
  context.fillStyle = textColor();
  context.textAlign = "center";
  context.textBaseline = "top";

  for (let i = 0; i < count; ++i) {
    const [lo, hi] = shared ? domain : [0, maximum(list[i])];
    writePixels(pixels.data, list[i], channels, lo, hi, palette);
    scratchContext.putImageData(pixels, 0, 0);
    const x = (i % columns) * (tile + gap);
    const y = Math.floor(i / columns) * (rowHeight + gap);
    context.drawImage(scratch, x, y, tile, tileHeight);
    if (titled && i < options.titles!.length) {
      context.fillText(String(options.titles![i]), x + tile / 2, y + tileHeight + 2, tile);
    }
  }

  const figure = document.createElement("figure");
  figure.className = "image-grid";
  figure.append(canvas);
  if (options.caption !== undefined) {
    const caption = document.createElement("figcaption");
    caption.append(options.caption);
    figure.append(caption);
  }
  return figure;
}

function toImageList(images: ImageList): ArrayLike<number>[] {
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

function normalizeShape(shape: ImageShape | undefined, length: number): [number, number, number] {
  if (shape === undefined) {
    const side = Math.round(Math.sqrt(length));
    if (side * side !== length)
      throw new RangeError(`invalid shape: undefined (images of ${length} values are not square)`);
    return [side, side, 1];
  }
  const [height, width, channels = 1] = shape;
  const ok = (v: number) => Number.isInteger(v) && v >= 1;
  if (!(shape.length >= 2 && shape.length <= 3 && ok(height) && ok(width) && [1, 3, 4].includes(channels)))
    throw new RangeError(`invalid shape: [${shape.join(", ")}] (expected [height, width] or [height, width, 1|3|4])`);
  return [height, width, channels];
}

function positive(name: string, value: number): number {
  if (!(value > 0 && Number.isFinite(value))) throw new RangeError(`invalid ${name}: ${value}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0 && Number.isFinite(value))) throw new RangeError(`invalid ${name}: ${value}`);
  return value;
}

function defaultDomain(images: ImageList, list: ArrayLike<number>[]): [number, number] {
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

/** 256 RGB triplets for grey images: grey ramp, inverted ramp, or the given interpolator. */
function greyPalette({invert = false, interpolate}: ImageGridOptions): Uint8ClampedArray {
  const palette = new Uint8ClampedArray(256 * 3);
  if (interpolate) {
    // Let the browser parse any CSS colour: paint each one and read the pixel back.
    const probe = document.createElement("canvas");
    probe.width = probe.height = 1;
    const context = probe.getContext("2d", {willReadFrequently: true})!;
    for (let k = 0; k < 256; ++k) {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = interpolate(k / 255);
      context.fillRect(0, 0, 1, 1);
      palette.set(context.getImageData(0, 0, 1, 1).data.subarray(0, 3), k * 3);
    }
  } else {
    for (let k = 0; k < 256; ++k) palette.fill(invert ? 255 - k : k, k * 3, k * 3 + 3);
  }
  return palette;
}

/** Writes one image into RGBA bytes; NaN pixels stay transparent. */
function writePixels(
  out: Uint8ClampedArray,
  image: ArrayLike<number>,
  channels: number,
  lo: number,
  hi: number,
  palette: Uint8ClampedArray | null
): void {
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const count = out.length / 4;
  for (let p = 0; p < count; ++p) {
    if (palette) {
      const v = image[p];
      if (v !== v) {
        out[p * 4 + 3] = 0;
        continue;
      }
      const k = Math.max(0, Math.min(255, Math.round((v - lo) * scale))) * 3;
      out[p * 4] = palette[k];
      out[p * 4 + 1] = palette[k + 1];
      out[p * 4 + 2] = palette[k + 2];
      out[p * 4 + 3] = 255;
    } else {
      for (let c = 0; c < 3; ++c) out[p * 4 + c] = (image[p * channels + c] - lo) * scale;
      out[p * 4 + 3] = channels === 4 ? (image[p * channels + 3] - lo) * scale : 255;
    }
  }
}

/** The page's text colour, so that titles follow light and dark themes. */
function textColor(): string {
  return (document.body && getComputedStyle(document.body).color) || "#333";
}

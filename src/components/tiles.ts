/**
 * Painting small images into one canvas, pixel by pixel: each tile is an image scaled up by
 * nearest neighbour into a rectangle of the canvas, at the screen's device pixel ratio. The pixel
 * work is a pure function (`paintTiles`) so that tests can check the bytes without a browser.
 *
 * Images are flat and row-major; colour images are height x width x channels (HWC), the layout of
 * `DataProvenance.imageShape` and of the site's Arrow snapshots.
 */
import type {Palette} from "./palette.js";

export interface Tile {
  /** One flat image: height * width * channels values. */
  image: ArrayLike<number>;
  height: number;
  width: number;
  /** 1 (grey, coloured through `palette`), 3 (RGB) or 4 (RGBA). */
  channels: number;
  /** The rectangle in CSS pixels. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Values mapped to the ends of the colour ramp; clamped outside. */
  domain: readonly [number, number];
  /** Colours of grey images (256 RGB triplets). */
  palette?: Palette;
}

export interface Label {
  text: string;
  /** Anchor in CSS pixels: the horizontal centre (or right end for `align: "right"`) and the top. */
  x: number;
  y: number;
  maxWidth?: number;
  align?: "center" | "right" | "left";
}

/** An RGBA pixel buffer (the shape of ImageData). */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Writes every tile into `out` (device pixels = CSS pixels x ratio). NaN pixels are left as they are. */
export function paintTiles(out: Pixels, tiles: readonly Tile[], ratio = 1): void {
  for (const tile of tiles) paintTile(out, tile, ratio);
}

function paintTile(out: Pixels, tile: Tile, ratio: number): void {
  const {image, height, width, channels, palette} = tile;
  if (image.length !== height * width * channels)
    throw new RangeError(`invalid tile: ${image.length} values for ${height} x ${width} x ${channels}`);
  if (channels === 1 && !palette) throw new RangeError("invalid tile: a grey image needs a palette");
  const [lo, hi] = tile.domain;
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const x0 = Math.max(0, Math.round(tile.x * ratio)),
    x1 = Math.min(out.width, Math.round((tile.x + tile.w) * ratio));
  const y0 = Math.max(0, Math.round(tile.y * ratio)),
    y1 = Math.min(out.height, Math.round((tile.y + tile.h) * ratio));
  // Source column of each device column of the tile (nearest neighbour, no smoothing).
  const deviceW = Math.round((tile.x + tile.w) * ratio) - Math.round(tile.x * ratio);
  const deviceH = Math.round((tile.y + tile.h) * ratio) - Math.round(tile.y * ratio);
  const columns = new Int32Array(Math.max(0, x1 - x0));
  for (let px = x0; px < x1; ++px)
    columns[px - x0] = Math.min(width - 1, Math.floor(((px - Math.round(tile.x * ratio)) * width) / deviceW));
  const byte = (v: number) => Math.max(0, Math.min(255, Math.round((v - lo) * scale)));
  const data = out.data;
  for (let py = y0; py < y1; ++py) {
    const row = Math.min(height - 1, Math.floor(((py - Math.round(tile.y * ratio)) * height) / deviceH));
    for (let px = x0; px < x1; ++px) {
      const source = (row * width + columns[px - x0]) * channels;
      const target = (py * out.width + px) * 4;
      if (channels === 1) {
        const v = image[source];
        if (v !== v) continue;
        const k = byte(v) * 3;
        data[target] = palette![k];
        data[target + 1] = palette![k + 1];
        data[target + 2] = palette![k + 2];
        data[target + 3] = 255;
      } else {
        const r = image[source];
        if (r !== r) continue;
        data[target] = byte(r);
        data[target + 1] = byte(image[source + 1]);
        data[target + 2] = byte(image[source + 2]);
        data[target + 3] = channels === 4 ? byte(image[source + 3]) : 255;
      }
    }
  }
}

/**
 * A canvas of `cssWidth` x `cssHeight` CSS pixels holding the tiles and text labels (11 px sans-serif
 * in the page's text colour), with role `img` and the given accessible label.
 */
export function tileCanvas(
  cssWidth: number,
  cssHeight: number,
  tiles: readonly Tile[],
  {labels = [], ariaLabel, className}: {labels?: readonly Label[]; ariaLabel: string; className?: string}
): HTMLCanvasElement {
  const ratio = typeof devicePixelRatio === "number" && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const canvas = document.createElement("canvas");
  if (className) canvas.className = className;
  canvas.width = Math.max(1, Math.round(cssWidth * ratio));
  canvas.height = Math.max(1, Math.round(cssHeight * ratio));
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  canvas.style.maxWidth = "100%";
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", ariaLabel);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2d canvas context");
  const pixels = context.createImageData(canvas.width, canvas.height);
  paintTiles(pixels, tiles, ratio);
  context.putImageData(pixels, 0, 0);
  if (labels.length > 0) {
    context.scale(ratio, ratio);
    context.font = "11px sans-serif";
    context.fillStyle = textColor();
    context.textBaseline = "top";
    for (const label of labels) {
      context.textAlign = label.align ?? "center";
      context.fillText(label.text, label.x, label.y, label.maxWidth);
    }
  }
  return canvas;
}

/** The page's text colour, so that labels follow light and dark themes. */
function textColor(): string {
  return (document.body && getComputedStyle(document.body).color) || "#333";
}

/** [height, width, channels] of an image shape ([height, width] means grey); checked. */
export function imageDimensions(shape: readonly number[] | undefined, length: number): [number, number, number] {
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

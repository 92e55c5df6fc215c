import sharp, {type Metadata} from "sharp";
import {InputError} from "../engine/index.js";

/**
 * Decoding PNG/JPEG files into matrix rows with sharp (libvips).
 *
 * Layout: each image becomes one row of height * width * channels values in [0, 1] (byte / 255),
 * flattened HWC: pixel (y, x, channel c) at (y * width + x) * channels + c, channels R, G, B (or one
 * grey channel). The image components of the site read rows the same way.
 *
 * Resize modes: `fill` (default) scales to exactly width x height ignoring the aspect ratio, like
 * torchvision's `Resize((64, 64))` that the study used; `crop` scales the short side to fit and
 * center-crops the rest (torchvision `Resize(64)` then `CenterCrop(64)`). sharp's default Lanczos-3
 * kernel is used, so values differ slightly from PIL's bilinear filter. EXIF orientation is not
 * applied (torchvision does not either). Transparent pixels are flattened onto black.
 */
export type ResizeMode = "fill" | "crop";
export const resizeModes: readonly ResizeMode[] = ["fill", "crop"];

export interface DecodeOptions {
  width: number;
  height: number;
  /** 3 for RGB, 1 for grey. */
  channels: 1 | 3;
  resize?: ResizeMode;
  /** Images decoded at once (sharp is asynchronous; libvips uses its own threads too). */
  concurrency?: number;
}

export interface ImageInfo {
  width: number;
  height: number;
  /** Colour channels without alpha: 1 (grey) or 3. */
  channels: number;
}

/** Width, height and colour channels of each file, from its header only. */
export async function readImageInfo(files: readonly string[], concurrency = 8): Promise<ImageInfo[]> {
  return mapPool(files, concurrency, async (file) => {
    let meta: Metadata;
    try {
      meta = await sharp(file).metadata();
    } catch (error) {
      throw new InputError("image", file, `cannot read: ${oneLine(error)}`);
    }
    if (!meta.width || !meta.height) throw new InputError("image", file, "has no width or height");
    const channels = (meta.channels ?? 3) - (meta.hasAlpha ? 1 : 0);
    return {width: meta.width, height: meta.height, channels};
  });
}

/** Decode, resize and flatten the files into one Float32Array of files.length rows (HWC, see above). */
export async function decodeImages(files: readonly string[], options: DecodeOptions): Promise<Float32Array> {
  const {width, height, channels} = options;
  const rowLength = width * height * channels;
  const out = new Float32Array(files.length * rowLength);
  const fit = options.resize === "crop" ? "cover" : "fill";
  await mapPool(
    files.map((file, row) => ({file, row})),
    options.concurrency ?? 4,
    async ({file, row}) => {
      let pixels: Buffer;
      try {
        let image = sharp(file).flatten({background: "#000000"}).resize(width, height, {fit, position: "centre"});
        image = channels === 1 ? image.toColourspace("b-w") : image.toColourspace("srgb");
        pixels = await image.raw().toBuffer();
      } catch (error) {
        throw new InputError("image", file, `cannot decode: ${oneLine(error)}`);
      }
      if (pixels.length !== rowLength)
        throw new InputError(
          "image",
          file,
          `decoded to ${pixels.length} bytes, expected ${width} x ${height} x ${channels}`
        );
      for (let k = 0, o = row * rowLength; k < rowLength; ++k) out[o + k] = pixels[k] / 255;
    }
  );
  return out;
}

/** Run `fn` over `items` with at most `limit` calls in flight; results in input order; the first error wins. */
export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const k = next++;
      try {
        results[k] = await fn(items[k]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker));
  return results;
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

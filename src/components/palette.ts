/**
 * Colour tables for canvas images: 256 RGB triplets indexed by a value scaled to 0..255. Grey
 * ramps for pixels, and Plot's perceptual schemes (viridis, inferno, magma...) for maps such as
 * |error|, so that a canvas image and its Plot legend use the very same colours.
 */
import * as Plot from "@observablehq/plot";

/** 256 x 3 bytes: entry k is the colour of t = k / 255. */
export type Palette = Uint8ClampedArray;

/** Grey ramp: 0 black to 1 white, or ink on paper (0 white to 1 black) when inverted. */
export function greyPalette(invert = false): Palette {
  const palette = new Uint8ClampedArray(256 * 3);
  for (let k = 0; k < 256; ++k) palette.fill(invert ? 255 - k : k, k * 3, k * 3 + 3);
  return palette;
}

/** A sequential Plot colour scheme ("inferno", "viridis", "magma", "turbo"...) sampled at 256 points. */
export function schemePalette(scheme: Plot.ColorScheme): Palette {
  const scale = Plot.scale({color: {type: "linear", scheme, domain: [0, 1]}});
  return interpolatorPalette((t) => String(scale.apply(t)));
}

/** Any interpolator returning `#rrggbb`, `#rgb` or `rgb(r, g, b)` strings (d3's and Plot's do). */
export function interpolatorPalette(interpolate: (t: number) => string): Palette {
  const palette = new Uint8ClampedArray(256 * 3);
  for (let k = 0; k < 256; ++k) palette.set(parseColor(interpolate(k / 255)), k * 3);
  return palette;
}

/** [r, g, b] bytes of a `#rrggbb`, `#rgb` or `rgb()`/`rgba()` colour; throws on anything else. */
export function parseColor(color: string): [number, number, number] {
  const text = color.trim();
  let match = /^#([0-9a-f]{6})$/i.exec(text);
  if (match) {
    const v = parseInt(match[1], 16);
    return [v >> 16, (v >> 8) & 255, v & 255];
  }
  match = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(text);
  if (match) return [1, 2, 3].map((i) => parseInt(match![i] + match![i], 16)) as [number, number, number];
  match = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/i.exec(text);
  if (match) return [1, 2, 3].map((i) => Math.round(Number(match![i]))) as [number, number, number];
  throw new RangeError(`invalid colour: ${JSON.stringify(color)} (expected #rrggbb, #rgb or rgb(r, g, b))`);
}

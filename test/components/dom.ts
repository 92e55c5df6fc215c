/**
 * Rendering the site's figure components in Node for snapshot tests: jsdom gives the DOM (the test
 * files say `// @vitest-environment jsdom`, as Plot's own tests render in jsdom), and a recording 2D
 * canvas context stands in for the canvas jsdom lacks: it keeps the pixels that components write
 * with putImageData, the text they draw, and the colours of Plot's legend ramps, so that snapshots
 * hold a hash of every canvas's pixels and the PNG of each can be looked at in test/output/components/.
 */
import {mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {deflateSync} from "node:zlib";

export interface Recording {
  width: number;
  height: number;
  /** The canvas's pixels (RGBA) after every putImageData and fillRect. */
  pixels: Uint8ClampedArray;
  texts: string[];
}

const recordings = new WeakMap<HTMLCanvasElement, Recording>();

/** The recording of a canvas (its pixels and text), once a component has drawn it. */
export function recordingOf(canvas: HTMLCanvasElement): Recording {
  const recording = recordings.get(canvas);
  if (!recording) throw new Error("this canvas was never drawn");
  return recording;
}

/** Replaces jsdom's missing canvas context with a recording one (idempotent). */
export function installCanvasRecorder(): void {
  const prototype = HTMLCanvasElement.prototype as any;
  if (prototype.__recording) return;
  prototype.__recording = true;
  prototype.getContext = function (this: HTMLCanvasElement, type: string) {
    if (type !== "2d") return null;
    return recordingContext(this);
  };
  prototype.toDataURL = function (this: HTMLCanvasElement) {
    const recording = recordings.get(this);
    return `data:image/x-recorded;hash=${recording ? pixelHash(recording.pixels) : "blank"}`;
  };
}

function recordingContext(canvas: HTMLCanvasElement) {
  const fresh = () => ({
    width: canvas.width,
    height: canvas.height,
    pixels: new Uint8ClampedArray(canvas.width * canvas.height * 4),
    texts: [] as string[]
  });
  let recording = recordings.get(canvas);
  if (!recording || recording.width !== canvas.width || recording.height !== canvas.height) {
    recording = fresh();
    recordings.set(canvas, recording);
  }
  const r = recording;
  let scale = 1;
  return {
    canvas,
    fillStyle: "#000",
    font: "10px sans-serif",
    textAlign: "start",
    textBaseline: "alphabetic",
    imageSmoothingEnabled: true,
    scale(x: number) {
      scale *= x;
    },
    createImageData(width: number, height: number) {
      return {width, height, data: new Uint8ClampedArray(width * height * 4)};
    },
    putImageData(image: {width: number; height: number; data: Uint8ClampedArray}, x: number, y: number) {
      for (let row = 0; row < image.height; ++row)
        for (let col = 0; col < image.width; ++col) {
          const tx = x + col,
            ty = y + row;
          if (tx < 0 || ty < 0 || tx >= r.width || ty >= r.height) continue;
          r.pixels.set(
            image.data.subarray((row * image.width + col) * 4, (row * image.width + col) * 4 + 4),
            (ty * r.width + tx) * 4
          );
        }
    },
    getImageData(x: number, y: number, width: number, height: number) {
      const data = new Uint8ClampedArray(width * height * 4);
      for (let row = 0; row < height; ++row)
        data.set(
          r.pixels.subarray(((y + row) * r.width + x) * 4, ((y + row) * r.width + x + width) * 4),
          row * width * 4
        );
      return {width, height, data};
    },
    fillRect(this: {fillStyle: string}, x: number, y: number, width: number, height: number) {
      const rgb = parseRgb(this.fillStyle);
      for (let py = Math.round(y * scale); py < Math.round((y + height) * scale); ++py)
        for (let px = Math.round(x * scale); px < Math.round((x + width) * scale); ++px)
          if (px >= 0 && py >= 0 && px < r.width && py < r.height) r.pixels.set([...rgb, 255], (py * r.width + px) * 4);
    },
    clearRect() {},
    fillText(text: string) {
      r.texts.push(text);
    },
    drawImage() {
      throw new Error("drawImage is not recorded: components paint pixels with putImageData");
    }
  };
}

function parseRgb(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) {
    const v = parseInt(hex[1], 16);
    return [v >> 16, (v >> 8) & 255, v & 255];
  }
  const rgb = /^rgba?\((\d+)[,\s]+(\d+)[,\s]+(\d+)/i.exec(color);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`the recording canvas cannot parse the colour ${color}`);
}

/** FNV-1a 32 of the bytes, hex: the pixels' fingerprint in snapshots. */
export function pixelHash(bytes: Uint8Array | Uint8ClampedArray): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; ++i) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/**
 * The element as indented HTML for a file snapshot: numbers rounded to 2 decimals, Plot's clip-path
 * ids numbered from 1 in order of appearance, Plot's constant <style> elided, and each canvas
 * given its pixel hash, size and drawn texts as attributes.
 */
export function serialize(element: Element): string {
  const lines: string[] = [];
  const clipIds = new Map<string, string>();
  const clip = (text: string) =>
    text.replace(/plot-clip-\d+/g, (id) => {
      if (!clipIds.has(id)) clipIds.set(id, `plot-clip-${clipIds.size + 1}`);
      return clipIds.get(id)!;
    });
  const round = (text: string) =>
    clip(text).replace(/-?\d+\.\d+(e-?\d+)?/g, (n) => {
      const v = Number(Number(n).toFixed(2));
      return String(Object.is(v, -0) ? 0 : v);
    });
  const walk = (node: Node, depth: number) => {
    const indent = "  ".repeat(depth);
    if (node.nodeType === 3) {
      const text = node.textContent!.replace(/\s+/g, " ").trim();
      if (text) lines.push(indent + round(text));
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const tag = el.tagName.toLowerCase();
    const attributes = Array.from(el.attributes).map((a) => ` ${a.name}="${round(a.value)}"`);
    if (tag === "canvas") {
      const recording = recordings.get(el as HTMLCanvasElement);
      attributes.push(
        recording
          ? ` data-recorded="${recording.width}x${recording.height} pixels ${pixelHash(recording.pixels)}${recording.texts.length ? `; texts: ${recording.texts.join(" | ")}` : ""}"`
          : ` data-recorded="blank"`
      );
    }
    if (tag === "style") {
      lines.push(`${indent}<style>…</style>`);
      return;
    }
    const children = Array.from(el.childNodes).filter((c) => c.nodeType === 1 || c.textContent!.trim());
    if (children.length === 0) {
      lines.push(`${indent}<${tag}${attributes.join("")}></${tag}>`);
      return;
    }
    lines.push(`${indent}<${tag}${attributes.join("")}>`);
    for (const child of children) walk(child, depth + 1);
    lines.push(`${indent}</${tag}>`);
  };
  walk(element, 0);
  return lines.join("\n") + "\n";
}

const pngFolder = join(import.meta.dirname, "..", "output", "components");

/** Writes every recorded canvas inside `element` as test/output/components/<name>[-k].png, to look at. */
export function savePngs(element: Element, name: string): void {
  const canvases = Array.from(element.querySelectorAll("canvas")).filter((c) => recordings.has(c));
  mkdirSync(pngFolder, {recursive: true});
  canvases.forEach((canvas, k) => {
    const {width, height, pixels} = recordingOf(canvas);
    writeFileSync(
      join(pngFolder, `${name}${canvases.length > 1 ? `-${k + 1}` : ""}.png`),
      encodePng(width, height, pixels)
    );
  });
}

/** A minimal RGBA PNG encoder (filter 0 on every row, zlib from Node). */
export function encodePng(width: number, height: number, rgba: Uint8ClampedArray | Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; ++y) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method, no interlace
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0))
  ]);
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (let i = 0; i < bytes.length; ++i) {
    c ^= bytes[i];
    for (let k = 0; k < 8; ++k) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

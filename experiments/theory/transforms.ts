import {makeProvenance} from "../../datasets/provenance.js";
import {InputError, matrix, createRandom, type Random, type Dataset} from "../../engine/index.js";

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

export type DataTransform = PoissonNoise;

export function applyTransform(dataset: Dataset, transform: DataTransform): Dataset {
  if (transform.kind !== "poisson")
    throw new InputError("transform", (transform as {kind: unknown}).kind, "expected poisson");
  const {peak, seed} = transform;
  if (!(Number.isFinite(peak) && peak > 0)) throw new InputError("peak", peak, "must be a finite number > 0");
  const random = createRandom(seed);
  const {rows, cols, data} = dataset.X;
  const noisy = new Float32Array(data.length);
  for (let k = 0; k < data.length; ++k) if (data[k] > 0) noisy[k] = poisson(peak * data[k], random) / peak;
  const X = matrix(rows, cols, noisy);
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

/** "Poisson noise (peak 0.5, seed 7)". */
export function transformLabel(transform: DataTransform): string {
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

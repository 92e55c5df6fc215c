import {InputError, takeRows, type Matrix, createRandom, permutation} from "../engine/index.js";

/** The study's data seed: numpy `default_rng(112).permutation` picked its 2,000 images. */
export const defaultDataSeed = 112;

/** Parse the `N` of a `name:N` spec: a positive integer written in decimal digits. */
export function parseCount(text: string, spec: string): number {
  const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1))
    throw new InputError("data", spec, `subset size ${JSON.stringify(text)} must be a positive integer`);
  return n;
}

/**
 * The first `count` indices of a seeded permutation of 0 .. total - 1 (Fisher-Yates with
 * createRandom(seed)). The same seed and total give the same indices on every machine; the numbers
 * differ from numpy's generator, so the rows are not the study's exact 2,000.
 */
export function seededIndex(total: number, count: number, seed: number, spec: string): Int32Array {
  if (count > total) throw new InputError("data", spec, `asks for ${count} rows but the dataset has ${total}`);
  if (!Number.isFinite(seed)) throw new InputError("data-seed", seed, "must be a finite number");
  return permutation(total, createRandom(seed)).slice(0, count);
}

/** The rows of a seeded subset (see seededIndex), with their labels. */
export function seededSubset(
  X: Matrix,
  labels: Int32Array | undefined,
  count: number,
  seed: number,
  spec: string
): {X: Matrix; labels?: Int32Array; index: Int32Array} {
  const index = seededIndex(X.rows, count, seed, spec);
  const out: {X: Matrix; labels?: Int32Array; index: Int32Array} = {X: takeRows(X, index), index};
  if (labels) out.labels = Int32Array.from(index, (i) => labels[i]);
  return out;
}

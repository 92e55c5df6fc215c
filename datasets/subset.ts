import {InputError} from "../engine/errors.js";
import {takeRows, type Matrix} from "../engine/matrix.js";
import {createRandom, permutation} from "../engine/random.js";

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
 * The first `count` rows of a seeded permutation of all rows (Fisher-Yates with createRandom(seed)),
 * with their labels. The same seed and data give the same subset on every machine; the numbers
 * differ from numpy's generator, so the rows are not the study's exact 2,000.
 */
export function seededSubset(
  X: Matrix,
  labels: Int32Array | undefined,
  count: number,
  seed: number,
  spec: string
): {X: Matrix; labels?: Int32Array; index: Int32Array} {
  if (count > X.rows) throw new InputError("data", spec, `asks for ${count} rows but the dataset has ${X.rows}`);
  if (!Number.isFinite(seed)) throw new InputError("data-seed", seed, "must be a finite number");
  const index = permutation(X.rows, createRandom(seed)).slice(0, count);
  const out: {X: Matrix; labels?: Int32Array; index: Int32Array} = {X: takeRows(X, index), index};
  if (labels) out.labels = Int32Array.from(index, (i) => labels[i]);
  return out;
}

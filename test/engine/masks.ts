import {createRandom, matrix, multiply, type Matrix} from "../../engine/index.js";

/** A seeded mask of an m x n matrix's entries, each masked with probability `fraction` (1: masked). */
export function randomMask(size: number, fraction: number, seed: number): Uint8Array {
  const random = createRandom(seed);
  const mask = new Uint8Array(size);
  for (let k = 0; k < size; ++k) if (random() < fraction) mask[k] = 1;
  return mask;
}

/** X with the masked entries set to NaN (missing). */
export function withMissing(X: Matrix, mask: Uint8Array): Matrix {
  const data = X.data.slice();
  for (let k = 0; k < data.length; ++k) if (mask[k]) data[k] = NaN;
  return matrix(X.rows, X.cols, data);
}

/** `sum (M - X)^2 / sum X^2` over the entries k where `where(k)`, with M = W1 ... Wk H. */
export function relativeErrorOn(factors: Matrix[], X: Matrix, where: (k: number) => boolean): number {
  const M = factors.reduce((a, b) => multiply(a, b)).data;
  let num = 0,
    den = 0;
  for (let k = 0; k < X.data.length; ++k) if (where(k)) ((num += (M[k] - X.data[k]) ** 2), (den += X.data[k] ** 2));
  return num / den;
}

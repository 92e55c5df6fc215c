import {matrix, multiply, type Matrix} from "../../engine/matrix.js";
import {createRandom} from "../../engine/random.js";

/** A seeded random non-negative matrix with a share of exact zeros (sparse like MNIST when density < 1). */
export function randomData(rows: number, cols: number, seed: number, density = 1): Matrix {
  const random = createRandom(seed);
  const out = matrix(rows, cols);
  for (let k = 0; k < out.data.length; ++k) out.data[k] = random() < density ? random() : 0;
  return out;
}

/** An exact non-negative rank-r product W H with seeded factors. */
export function plantedLowRank(rows: number, cols: number, r: number, seed: number): Matrix {
  return multiply(randomData(rows, r, seed), randomData(r, cols, seed + 1));
}

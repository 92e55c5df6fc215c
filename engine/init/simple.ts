import {matrix, type Matrix} from "../matrix.js";
import type {Random} from "../random.js";

/** Uniform [0, scale) entries, drawn row by row from the seeded source. */
export function randomUniform(rows: number, cols: number, scale: number, random: Random): Matrix {
  const out = matrix(rows, cols);
  for (let k = 0; k < out.data.length; ++k) out.data[k] = scale * random();
  return out;
}

/**
 * Identity blocks tiled down the longer side, times scale: entry (i, j) is `scale` when
 * `i mod min(rows, cols) === j mod min(rows, cols)` along the tiled side. Every row and column
 * gets one non-zero, unlike a truncated identity that would leave most samples without coefficients.
 */
export function identityBlocks(rows: number, cols: number, scale: number): Matrix {
  const out = matrix(rows, cols);
  if (rows >= cols) for (let i = 0; i < rows; ++i) out.data[i * cols + (i % cols)] = scale;
  else for (let j = 0; j < cols; ++j) out.data[(j % rows) * cols + j] = scale;
  return out;
}

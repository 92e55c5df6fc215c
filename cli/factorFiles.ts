import {readdir} from "node:fs/promises";
import {join} from "node:path";
import {InputError, matrix, type Matrix} from "../engine/index.js";
import {formatNpy, readNpy} from "../io/npy.js";

/**
 * The files of a factors folder: `W.npy`, `H.npy` for one layer (the flat models, and a deep model
 * with one rank), `W1.npy`, ..., `Wk.npy`, `H.npy` for k >= 2 layers. The same names serve
 * `--save-factors`, `--save-init` and `--init-from`.
 */
export function factorNames(layers: number): string[] {
  const Ws = layers === 1 ? ["W"] : Array.from({length: layers}, (_, i) => `W${i + 1}`);
  return [...Ws, "H"].map((name) => `${name}.npy`);
}

/** A file name that any factors folder could hold: W.npy, W<k>.npy or H.npy. */
export function isFactorFileName(name: string): boolean {
  return /^(?:W\d*|H)\.npy$/.test(name);
}

/** The shape each factor must have: W1 m x r1, Wi r(i-1) x ri, H rk x n; with a label for messages. */
export function factorShapes(m: number, n: number, ranks: readonly number[]): {rows: number; cols: number}[] {
  const k = ranks.length;
  return [...ranks.map((r, i) => ({rows: i === 0 ? m : ranks[i - 1], cols: r})), {rows: ranks[k - 1], cols: n}];
}

function shapeLabel(i: number, k: number): string {
  if (i === k) return k === 1 ? "r x n" : `r${k} x n`;
  if (k === 1) return "m x r";
  return i === 0 ? "m x r1" : `r${i} x r${i + 1}`;
}

/**
 * The .npy bytes of factors as float64 (`--save-init`). The engine's factors are float32 numbers,
 * so float64 holds them exactly: a run started from these files starts from the same values.
 */
export function factorFilesFloat64(factors: readonly Matrix[]): {name: string; data: Uint8Array}[] {
  const names = factorNames(factors.length - 1);
  return factors.map((f, i) => ({name: names[i], data: formatNpy(Float64Array.from(f.data), [f.rows, f.cols])}));
}

/** The .npy bytes of factors as float32 (`--save-factors`). */
export function factorFilesFloat32(factors: readonly Matrix[]): {name: string; data: Uint8Array}[] {
  const names = factorNames(factors.length - 1);
  return factors.map((f, i) => ({name: names[i], data: formatNpy(f.data, [f.rows, f.cols])}));
}

/**
 * Reads starting factors for a model with these ranks from a folder written by `--save-init` (or
 * `--save-factors`, or numpy): every expected file present, no factor file of another layout beside
 * them, shapes as the data and the ranks require, values finite and non-negative. Every problem is an
 * InputError naming `flag`, the file and what was expected. `onWarning` hears about float64 values
 * that had to be rounded to float32 (the engine's storage).
 */
export async function readInitialFactors(
  flag: string,
  dir: string,
  {m, n, ranks}: {m: number; n: number; ranks: readonly number[]},
  onWarning: (message: string) => void
): Promise<Matrix[]> {
  const k = ranks.length;
  const names = factorNames(k);
  let present: string[];
  try {
    present = (await readdir(dir)).filter(isFactorFileName).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such folder" : code === "ENOTDIR" ? "is a file, not a folder" : code;
    throw new InputError(flag, dir, reason ?? String(error));
  }
  const layout = `this ${k === 1 ? "model needs W.npy and H.npy" : `${k}-layer model needs ${names.join(", ")}`}`;
  const missing = names.filter((name) => !present.includes(name));
  if (missing.length > 0) {
    const holds = present.length ? `it holds ${present.join(", ")}` : "it holds no factor files";
    throw new InputError(flag, dir, `no ${missing.join(", ")} in it: ${layout}; ${holds}`);
  }
  const stray = present.filter((name) => !names.includes(name));
  if (stray.length > 0)
    throw new InputError(flag, dir, `holds ${stray.join(", ")} besides ${names.join(", ")}: ${layout}`);

  const shapes = factorShapes(m, n, ranks);
  const factors: Matrix[] = [];
  for (let i = 0; i <= k; ++i) {
    const path = join(dir, names[i]);
    const npy = await readNpy(path);
    const {rows, cols} = shapes[i];
    const shape = npy.shape.join(" x ");
    if (npy.shape.length !== 2 || npy.shape[0] !== rows || npy.shape[1] !== cols)
      throw new InputError(flag, dir, `${path} is ${shape}, expected ${rows} x ${cols} (${shapeLabel(i, k)})`);
    const data = Float32Array.from(npy.data);
    let rounded = 0;
    for (let j = 0; j < data.length; ++j) {
      const v = npy.data[j];
      if (!(v >= 0 && data[j] < Infinity)) {
        const where = `row ${Math.floor(j / cols) + 1}, column ${(j % cols) + 1}`;
        const what = v >= 0 ? `${v} overflows float32` : `${v} is ${v < 0 ? "negative" : "not a number"}`;
        throw new InputError(flag, dir, `${path} at ${where}: ${what} (factors must be finite and non-negative)`);
      }
      if (data[j] !== v) ++rounded;
    }
    if (rounded > 0)
      onWarning(
        `${path}: ${rounded} value(s) rounded to float32, the engine's storage (files from --save-init need none)`
      );
    factors.push(matrix(rows, cols, data));
  }
  return factors;
}

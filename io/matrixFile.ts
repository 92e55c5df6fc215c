import {extname} from "node:path";
import type {Matrix} from "../engine/index.js";
import {formatCsv, parseCsv} from "./csv.js";
import {writeFileAtomic} from "./atomicWrite.js";
import {fileError, readInputFile} from "./inputFile.js";
import {formatNpy, parseNpy, type NpyDtype} from "./npy.js";

/** The matrix file formats, chosen by the file's extension. */
export type MatrixFormat = "npy" | "csv";

export function matrixFormat(path: string): MatrixFormat {
  const extension = extname(path).toLowerCase();
  if (extension === ".npy") return "npy";
  if (extension === ".csv") return "csv";
  throw fileError(path, `unknown extension ${JSON.stringify(extension)} (expected .npy or .csv)`);
}

/**
 * Reads a 2-D matrix from a .npy (float32, float64 or uint8, C order) or .csv file (see io/csv.ts)
 * as a float32 Matrix. Values are taken as they are (uint8 stays 0..255). Rejects an empty matrix
 * and any value that is not finite in float32 (NaN, infinities, float64 values beyond 3.4e38), and
 * with `nonNegative` any negative value; rows and columns in messages count from 1, as in the file.
 * With `missing`, NaN is a missing entry and kept (in .csv: `NaN` or an empty cell).
 */
export async function readMatrixFile(
  path: string,
  {nonNegative = false, missing = false}: {nonNegative?: boolean; missing?: boolean} = {}
): Promise<Matrix> {
  const format = matrixFormat(path);
  const bytes = await readInputFile(path);
  let rows: number, cols: number, values: ArrayLike<number>;
  if (format === "npy") {
    const npy = parseNpy(bytes, path);
    if (npy.shape.length !== 2) {
      throw fileError(path, `not 2-D: shape (${npy.shape.join(", ")}) (a matrix needs 2 dimensions)`);
    }
    [rows, cols] = npy.shape;
    values = npy.data;
  } else {
    const csv = parseCsv(new TextDecoder("utf-8").decode(bytes), path, {nonNegative, missing});
    ((rows = csv.rows), (cols = csv.cols), (values = csv.data));
  }
  if (rows === 0 || cols === 0) throw fileError(path, `no data: the matrix is ${rows} x ${cols}`);
  const data = values instanceof Float32Array ? values : Float32Array.from(values);
  for (let k = 0; k < data.length; ++k) {
    if (missing && Number.isNaN(values[k])) continue;
    if (!Number.isFinite(data[k])) {
      const row = Math.floor(k / cols) + 1;
      const col = (k % cols) + 1;
      const what = Number.isFinite(values[k]) ? `${values[k]} overflows float32` : `${values[k]} is not finite`;
      throw fileError(path, `bad value at row ${row}, column ${col}: ${what}`);
    }
    if (nonNegative && data[k] < 0) {
      const where = `row ${Math.floor(k / cols) + 1}, column ${(k % cols) + 1}`;
      throw fileError(path, `negative value ${values[k]} at ${where}: NMF needs non-negative data`);
    }
  }
  return {rows, cols, data};
}

/**
 * Writes a matrix to .npy or .csv (by extension), atomically. `dtype` (default float32) is the
 * element type stored; uint8 accepts only integers 0..255 and throws on anything else.
 */
export async function writeMatrixFile(path: string, matrix: Matrix, dtype: NpyDtype = "float32"): Promise<void> {
  await writeFileAtomic(path, formatMatrixFile(path, matrix, dtype));
}

/** The bytes (or text) `writeMatrixFile` would write. */
export function formatMatrixFile(path: string, matrix: Matrix, dtype: NpyDtype = "float32"): Uint8Array | string {
  if (matrixFormat(path) === "csv") return formatCsv(matrix, {dtype});
  return formatNpy(convert(matrix, dtype), [matrix.rows, matrix.cols]);
}

function convert(matrix: Matrix, dtype: NpyDtype): Float32Array | Float64Array | Uint8Array {
  if (dtype === "float32") return matrix.data;
  if (dtype === "float64") return Float64Array.from(matrix.data);
  if (dtype === "uint8") {
    const out = new Uint8Array(matrix.data.length);
    for (let k = 0; k < out.length; ++k) {
      const v = matrix.data[k];
      if (!(Number.isInteger(v) && v >= 0 && v <= 255)) {
        const row = Math.floor(k / matrix.cols) + 1;
        throw new RangeError(`cannot store ${v} at row ${row}, column ${(k % matrix.cols) + 1} as uint8`);
      }
      out[k] = v;
    }
    return out;
  }
  throw new RangeError(`invalid dtype: ${JSON.stringify(dtype)}`);
}

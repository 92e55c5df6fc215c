import {writeFileAtomic} from "./atomicWrite.js";
import {fileError, readInputFile} from "./inputFile.js";

/**
 * Numeric CSV: one matrix row per line, cells separated by commas.
 *
 * The rules, in order:
 * - Lines end in `\n` or `\r\n`; a leading byte-order mark is ignored; blank lines are skipped.
 * - If no cell of the first line could be a number (not a number, not NaN or Infinity, not all
 *   empty) and one is text, that line is a header (its cells are returned as column names). A first
 *   line mixing numbers and text, or of NaN, Infinity or empty cells, is a data row, so it is an error.
 * - After that, every cell must be a finite decimal number (`3`, `-0.5`, `1e-3`, spaces around it
 *   allowed): an empty cell, text, `NaN` or `Infinity` is an error naming the row and column. With
 *   `missing`, an empty cell or `NaN` (any case) is a missing entry, read as NaN.
 * - Every row must have as many cells as the first line, or it is an error naming the row.
 * - Cells may be wrapped in double quotes (`"a,b"`, `""` for a quote), but not span lines.
 *
 * Rows are counted from 1 among data rows (the header is not a row); messages also give the line
 * number in the file when it differs.
 */
export interface CsvData {
  rows: number;
  cols: number;
  /** Row-major values, parsed as float64. */
  data: Float64Array;
  /** Column names, when the first line was a header. */
  header?: string[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Cells that mean a number that is not finite: never a column name. */
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

export interface ParseCsvOptions {
  /** Refuse a negative value, naming its row and column (NMF data). */
  nonNegative?: boolean;
  /** Read an empty cell or `NaN` as a missing entry (NaN) instead of refusing it. */
  missing?: boolean;
}

/** Parses numeric CSV text by the rules above; `source` names the file in error messages. */
export function parseCsv(text: string, source = "(text)", options: ParseCsvOptions = {}): CsvData {
  const fail = (reason: string) => fileError(source, reason);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split("\n");
  let header: string[] | undefined;
  let cols = -1;
  let rows = 0;
  let values = new Float64Array(1024);
  for (let l = 0; l < lines.length; ++l) {
    let line = lines[l];
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim() === "") continue;
    const cells = splitCells(line, () => fail(`unterminated quote on line ${l + 1}`));
    if (cols < 0) {
      cols = cells.length;
      const trimmed = cells.map((cell) => cell.trim());
      if (trimmed.every((c) => !NUMBER.test(c) && !NON_FINITE.test(c)) && trimmed.some((c) => c !== "")) {
        header = cells.map((cell) => cell.trim());
        continue;
      }
    }
    const row = rows + 1;
    const where = (column?: number) =>
      `row ${row}${column === undefined ? "" : `, column ${column}`}${row === l + 1 ? "" : ` (line ${l + 1})`}`;
    if (cells.length !== cols) throw fail(`ragged rows: ${where()} has ${cells.length} cells, expected ${cols}`);
    if (values.length < (rows + 1) * cols) {
      const grown = new Float64Array(Math.max(2 * values.length, (rows + 1) * cols));
      grown.set(values);
      values = grown;
    }
    for (let j = 0; j < cols; ++j) {
      const cell = cells[j].trim();
      const value = NUMBER.test(cell) ? Number(cell) : NaN;
      if (options.missing && (cell === "" || /^nan$/i.test(cell))) {
        values[rows * cols + j] = NaN;
        continue;
      }
      if (!Number.isFinite(value)) {
        const shown = cell === "" ? "empty cell" : `${JSON.stringify(cell)} is not a finite number`;
        throw fail(`non-numeric cell at ${where(j + 1)}: ${shown}`);
      }
      if (options.nonNegative && value < 0)
        throw fail(`negative value ${cell} at ${where(j + 1)}: NMF needs non-negative data`);
      values[rows * cols + j] = value;
    }
    ++rows;
  }
  if (cols < 0) throw fail("empty file");
  if (cols === 0) throw fail("no columns");
  return {rows, cols, data: values.slice(0, rows * cols), header};
}

/** Splits one line into cells, honoring double quotes. */
function splitCells(line: string, unterminated: () => Error): string[] {
  if (!line.includes('"')) return line.split(",");
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = "";
    while (line[i] === " " || line[i] === "\t") ++i;
    if (line[i] === '"') {
      for (++i; ; ++i) {
        if (i >= line.length) throw unterminated();
        if (line[i] === '"') {
          if (line[i + 1] === '"') ((cell += '"'), ++i);
          else break;
        } else cell += line[i];
      }
      ++i;
      // Anything between the closing quote and the comma (normally spaces) is kept, so that
      // `"1"x` is reported as the non-number it is.
      const comma = line.indexOf(",", i);
      cell += line.slice(i, comma < 0 ? line.length : comma).trim();
      i = comma < 0 ? line.length : comma;
    } else {
      const comma = line.indexOf(",", i);
      cell = line.slice(i, comma < 0 ? line.length : comma);
      i = comma < 0 ? line.length : comma;
    }
    cells.push(cell);
    if (i >= line.length) return cells;
    ++i; // the comma
  }
}

export interface FormatCsvOptions {
  /** Column names for a header line (quoted when needed); a name that looks like a number is an error. */
  header?: readonly string[];
  /**
   * How values are written. `float32` (default): the shortest decimal that reads back as the same
   * float32; `float64`: JavaScript's shortest round-trip decimal; `uint8`: integers 0..255 only.
   */
  dtype?: "float32" | "float64" | "uint8";
}

/** CSV text for a row-major `rows` x `cols` matrix, one line per row, ending in a newline. */
export function formatCsv(
  matrix: {rows: number; cols: number; data: ArrayLike<number>},
  {header, dtype = "float32"}: FormatCsvOptions = {}
): string {
  const {rows, cols, data} = matrix;
  if (data.length !== rows * cols) throw new RangeError(`data length ${data.length} does not match ${rows} x ${cols}`);
  if (header && header.length !== cols) throw new RangeError(`header has ${header.length} names for ${cols} columns`);
  const format = dtype === "float32" ? shortestFloat32 : String;
  const lines: string[] = [];
  if (header) lines.push(header.map(quoteName).join(","));
  const cells = new Array<string>(cols);
  for (let i = 0; i < rows; ++i) {
    for (let j = 0; j < cols; ++j) {
      const v = data[i * cols + j];
      if (!Number.isFinite(v)) throw new RangeError(`cannot write ${v} at row ${i + 1}, column ${j + 1} to CSV`);
      if (dtype === "uint8" && !(Number.isInteger(v) && v >= 0 && v <= 255)) {
        throw new RangeError(`cannot write ${v} at row ${i + 1}, column ${j + 1} as uint8`);
      }
      cells[j] = format(v);
    }
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}

/** The shortest decimal string that parses back to the float32 nearest `v` (at most 9 significant digits). */
export function shortestFloat32(v: number): string {
  v = Math.fround(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return String(v);
  for (let digits = 1; digits < 9; ++digits) {
    const s = v.toPrecision(digits);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(Number(v.toPrecision(9)));
}

function quoteName(name: string): string {
  // parseCsv tells a header from data by its cells' content, quoted or not.
  if (NUMBER.test(name.trim())) throw new RangeError(`header name ${JSON.stringify(name)} would read back as a number`);
  if (/[\n\r]/.test(name)) throw new RangeError(`header name ${JSON.stringify(name)} has a line break`);
  const needsQuotes = name.includes(",") || name.includes('"') || name.trim() !== name;
  return needsQuotes ? `"${name.replaceAll('"', '""')}"` : name;
}

export async function readCsv(path: string, options: ParseCsvOptions = {}): Promise<CsvData> {
  const bytes = await readInputFile(path);
  return parseCsv(new TextDecoder("utf-8").decode(bytes), path, options);
}

/** Writes a CSV file atomically. */
export async function writeCsv(
  path: string,
  matrix: {rows: number; cols: number; data: ArrayLike<number>},
  options?: FormatCsvOptions
): Promise<void> {
  await writeFileAtomic(path, formatCsv(matrix, options));
}
